//! Property tests over arbitrary UTF-8 (the core's `site::never_panics` covers Markdown token soup;
//! these feed any text, inside TOML and YAML front matter and as a body, through the page pipeline
//! and the whole build): nothing panics and every span lies inside its file, on character
//! boundaries, so line:col can always be shown.

use infrabook::config::MarkdownConfig;
use infrabook::content::{DocKind, SourceDoc, SourceId};
use infrabook::diagnostics::Diagnostic;
use infrabook::frontmatter::parse_doc;
use infrabook::markdown::{DocInput, RenderContext, render};
use infrabook::site::LinkIndex;
use proptest::prelude::*;

fn assert_inside(text: &str, diagnostic: &Diagnostic) -> Result<(), TestCaseError> {
    let places = diagnostic
        .location
        .iter()
        .chain(diagnostic.notes.iter().map(|(l, _)| l));
    for location in places.filter(|l| l.path == "content/p.md") {
        let span = &location.span;
        prop_assert!(
            span.start <= span.end && span.end <= text.len(),
            "{diagnostic:?}"
        );
        prop_assert!(text.is_char_boundary(span.start), "{diagnostic:?}");
    }
    Ok(())
}

/// A page: front matter in one of the two fences (or none) around arbitrary text, then a body.
fn page() -> impl Strategy<Value = String> {
    let fence = prop::sample::select(vec!["+++", "---", ""]);
    (fence, any::<String>(), "\\PC{0,40}", any::<String>()).prop_map(
        |(fence, front, line, body)| {
            if fence.is_empty() {
                format!("{front}{body}")
            } else {
                format!("{fence}\ntitle = \"{line}\"\n{front}\n{fence}\n{body}")
            }
        },
    )
}

fn render_page(text: &str) -> Result<(), TestCaseError> {
    let source = SourceDoc {
        id: SourceId(0),
        path: "content/p.md".into(),
        kind: DocKind::Page,
        text: text.into(),
    };
    let (doc, error) = parse_doc(source);
    if let Some(error) = &error {
        assert_inside(text, error)?;
    }
    let mut links = LinkIndex::new("/", &[]);
    links.add_doc(SourceId(0), "content/p.md", Some("/p/"));
    let config = MarkdownConfig::default();
    let root = std::env::temp_dir();
    let context = RenderContext {
        config: &config,
        links: &links,
        root: &root,
    };
    let input = DocInput {
        id: SourceId(0),
        path: "content/p.md",
        dir: "content",
        text,
        body: doc.body.clone(),
        wants_title: doc.front.title.is_none(),
    };
    for diagnostic in &render(&input, &context).diagnostics {
        assert_inside(text, diagnostic)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_utf8_page_renders_with_spans_inside_the_file(text in page()) {
        render_page(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The whole build, in memory: every diagnostic of any file can be placed at a line and column.
    #[test]
    fn any_utf8_page_builds_or_fails_with_placed_diagnostics(text in page()) {
        let (_dir, root) = super::scratch_site();
        std::fs::write(root.join("content/p.md"), &text).expect("page");
        let result = infrabook::build_site(&infrabook::BuildOptions { root, ..Default::default() });
        for diagnostic in &result.diagnostics {
            assert_inside(&text, diagnostic)?;
            if let Some(location) = &diagnostic.location {
                prop_assert!(result.sources.line_col(location).is_some(), "{diagnostic:?}");
            }
        }
    }
}

/// Regression seeds: inputs that once mattered, kept as plain tests.
#[test]
fn front_matter_with_only_a_fence_and_control_characters() {
    for text in [
        "+++",
        "+++\n\u{0}\n+++",
        "---\n\u{feff}---\n",
        "+++\r\n+++\r\n\u{85}",
        "\u{feff}+++\ntitle=1\n+++",
    ] {
        render_page(text).expect("spans inside");
    }
}
