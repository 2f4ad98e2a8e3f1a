//! One page through the front matter parser and the Markdown renderer (links rewritten and checked
//! against a small site, fences highlighted, `infra` fences drawn). Every span must lie in the text.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use infrabook::config::MarkdownConfig;
use infrabook::content::{DocKind, SourceDoc, SourceId};
use infrabook::markdown::{DocInput, RenderContext, render};
use infrabook::site::LinkIndex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = "content/guide/page.md";
    let source = SourceDoc {
        id: SourceId(1),
        path: path.into(),
        kind: DocKind::Page,
        text: Arc::from(text),
    };
    let (parsed, error) = infrabook::frontmatter::parse_doc(source);
    if let Some(error) = &error {
        if let Some(location) = &error.location {
            assert!(location.span.end <= text.len() && location.span.start <= location.span.end);
        }
    }
    let mut links = LinkIndex::new("/", &[]);
    links.add_doc(SourceId(0), "content/_index.md", Some("/"));
    links.add_doc(SourceId(1), path, Some("/guide/page/"));
    links.add_doc(SourceId(2), "content/guide/other.md", Some("/guide/other/"));
    let config = MarkdownConfig::default();
    let context = RenderContext {
        config: &config,
        links: &links,
        root: Path::new("/nonexistent-fuzz-root"),
    };
    let input = DocInput {
        id: SourceId(1),
        path,
        dir: "content/guide",
        text,
        body: parsed.body.clone(),
        wants_title: parsed.front.title.is_none(),
    };
    let rendered = render(&input, &context);
    for diagnostic in &rendered.diagnostics {
        let Some(location) = &diagnostic.location else {
            continue;
        };
        if location.path == path {
            assert!(location.span.start <= location.span.end, "{diagnostic:?}");
            assert!(location.span.end <= text.len(), "{diagnostic:?}");
            assert!(text.is_char_boundary(location.span.start), "{diagnostic:?}");
        }
    }
});
