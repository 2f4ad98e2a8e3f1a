//! Whole-site builds of fixture sites through the [`SiteTest`] harness: copy a fixture from
//! `tests/fixtures/` into a temporary folder, build it (through the library or the binary), read the
//! outputs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use infrabook::{BuildOptions, BuildResult, build_site};

/// A fixture site copied into a temporary folder.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("fixture readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>` (e.g. `sites/features`, `invalid/broken_link`).
    pub fn new(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_tree(&fixtures().join(name), &root);
        SiteTest { _dir: dir, root }
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        }
    }

    /// Builds in memory through the library.
    pub fn build(&self) -> BuildResult {
        build_site(&self.options())
    }

    pub fn build_with(&self, change: impl FnOnce(&mut BuildOptions)) -> BuildResult {
        let mut options = self.options();
        change(&mut options);
        build_site(&options)
    }

    /// The binary, run in the site folder with colours off.
    pub fn command(&self) -> assert_cmd::Command {
        let mut command = assert_cmd::Command::cargo_bin("infrabook").expect("binary built");
        command.current_dir(&self.root).env("NO_COLOR", "1");
        command
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create dir");
        std::fs::write(path, text).expect("write");
    }
}

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// One output file of an in-memory build, as text.
pub fn output(result: &BuildResult, path: &str) -> String {
    let site = result
        .site
        .as_ref()
        .unwrap_or_else(|| panic!("build failed: {:#?}", result.diagnostics));
    let file = site
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no output {path}"));
    String::from_utf8(file.read().expect("readable")).expect("utf-8")
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main>").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn every_markdown_feature_renders_as_the_theme_expects() {
    let site = SiteTest::new("sites/features");
    let result = site.build();
    assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
    insta::assert_snapshot!(
        "features_main",
        main_of(&output(&result, "guide/features/index.html"))
    );
}

#[test]
fn page_context_gives_nav_breadcrumbs_toc_and_neighbours() {
    let site = SiteTest::new("sites/features");
    let html = output(&site.build(), "guide/features/index.html");
    let before_main = &html[..html.find("<main>").expect("main")];
    let after_main = &html[html.find("</main>").expect("main")..];
    insta::assert_snapshot!(
        "features_page_frame",
        format!("{before_main}...{after_main}")
    );
}

#[test]
fn edit_url_links_every_page_to_its_source() {
    // The default theme (the features fixture has its own templates).
    let site = SiteTest::new("sites/search");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("edit_url = \"https://git.example.org/docs/edit/main/\"\n{config}"),
    );
    let result = site.build();
    let link = |source: &str| {
        format!("<a href=\"https://git.example.org/docs/edit/main/{source}\">Edit this page</a>")
    };
    let page = output(&result, "networks/routing/index.html");
    assert!(
        page.contains(&link("content/networks/routing.md")),
        "{page}"
    );
    let section = output(&result, "networks/index.html");
    assert!(section.contains(&link("content/networks/_index.md")));
    let home = output(&result, "index.html");
    assert!(home.contains(&link("content/_index.md")));

    // A home section the site does not write has no source to edit.
    std::fs::remove_file(site.path("content/_index.md")).expect("home removed");
    let made_up = site.build();
    assert!(!output(&made_up, "index.html").contains("Edit this page"));
    assert!(output(&made_up, "networks/index.html").contains("Edit this page"));

    // Without `edit_url`, no link.
    site.write("site.toml", &config);
    let plain = site.build();
    assert!(!output(&plain, "networks/routing/index.html").contains("Edit this page"));
}

#[test]
fn sections_list_pages_and_subsections_in_order() {
    let site = SiteTest::new("sites/features");
    let result = site.build();
    insta::assert_snapshot!(
        "features_home_main",
        main_of(&output(&result, "index.html"))
    );
    let guide = output(&result, "guide/index.html");
    let pages = guide.find("Every feature").expect("first page listed");
    let other = guide.find("Other notes").expect("second page listed");
    assert!(pages < other, "weight 1 before weight 2");
    assert!(guide.contains("<a href=\"/guide/other/\">Other notes</a>: Anchors to link to"));
}

#[test]
fn output_has_every_file_a_published_site_needs() {
    let site = SiteTest::new("sites/features");
    let result = site.build();
    let paths: Vec<&str> = result
        .site
        .as_ref()
        .expect("built")
        .files
        .iter()
        .map(|f| f.path.as_str())
        // The search index's files are named by content hashes; tests/it/search.rs checks them.
        .filter(|p| !p.starts_with("pagefind/"))
        .collect();
    insta::assert_snapshot!("features_output_files", paths.join("\n"));
    let sitemap = output(&result, "sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://docs.example.org/guide/features/</loc>\n    <lastmod>2024-05-01</lastmod>"
    ));
    assert!(
        output(&result, "robots.txt").contains("Sitemap: https://docs.example.org/sitemap.xml")
    );
    let alias = output(&result, "old/features/index.html");
    assert!(
        alias.contains("http-equiv=\"refresh\" content=\"0; url=/guide/features/\""),
        "{alias}"
    );
    assert!(output(&result, "css/highlight.css").contains("[data-theme=\"dark\"] .hl-"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::new("sites/features");
    let without = site.build();
    let has_draft = |r: &BuildResult| {
        r.site
            .as_ref()
            .expect("built")
            .files
            .iter()
            .any(|f| f.path == "draft/index.html")
    };
    assert!(!has_draft(&without));
    let with = site.build_with(|o| o.include_drafts = true);
    assert!(has_draft(&with));
}

#[test]
fn a_link_to_a_draft_is_broken_in_a_normal_build() {
    let site = SiteTest::new("sites/features");
    site.write(
        "content/linker.md",
        "+++\ntitle = \"Linker\"\n+++\n\nSee [wip](draft.md).\n",
    );
    let result = site.build();
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["L001"]);
    assert!(
        result.diagnostics[0].label.contains("draft"),
        "{:?}",
        result.diagnostics[0]
    );
    assert!(
        site.build_with(|o| o.include_drafts = true)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn unknown_code_language_warns_and_deny_warnings_fails() {
    let site = SiteTest::new("sites/features");
    site.write(
        "content/lang.md",
        "+++\ntitle = \"Lang\"\n+++\n\n```klingon\nqapla'\n```\n",
    );
    let result = site.build();
    assert!(result.site.is_some(), "a warning does not fail the build");
    assert_eq!(result.diagnostics.len(), 1);
    assert_eq!(result.diagnostics[0].code, "H001");
    assert!(
        output(&result, "lang/index.html")
            .contains("<code class=\"language-klingon\">qapla&#39;\n</code>")
    );
    let denied = site.build_with(|o| o.deny_warnings = true);
    assert!(denied.site.is_none() && denied.has_errors());
}

#[test]
fn yaml_and_toml_front_matter_and_heading_titles() {
    let site = SiteTest::new("sites/features");
    let result = site.build();
    assert!(output(&result, "guide/index.html").contains("<h1>Guide</h1>"));
    let bundle = output(&result, "the-bundle/index.html");
    assert!(
        bundle.contains("<dd>Bundle page</dd>"),
        "title from the first # heading"
    );
    assert!(
        !main_of(&bundle).contains("<h1"),
        "the heading used as title leaves the content"
    );
    assert!(
        main_of(&bundle).contains("<img src=\"/the-bundle/pic.png\""),
        "bundle file next to its page"
    );
}

#[test]
fn a_diagram_error_points_into_the_markdown_fence_or_the_infra_file() {
    let site = SiteTest::new("invalid/diagram_error");
    let result = site.build();
    assert!(result.site.is_none(), "a diagram error fails the build");
    let places: Vec<(String, Option<(usize, usize)>)> = result
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.location.as_ref())
        .map(|l| (l.path.clone(), result.sources.line_col(l)))
        .collect();
    // Line 8 is the first line inside the fence; the `.infra` file's own lines are used as they are.
    let expected = [
        ("content/page.md".to_string(), Some((8, 1))),
        ("diagrams/broken.infra".to_string(), Some((1, 1))),
    ];
    assert_eq!(places, expected);
}

#[test]
fn diagram_warnings_and_link_resolver_use_the_link_index() {
    use infrabook::diagram::LinkResolver;
    use infrabook::site::{DiagramLinks, LinkIndex};
    let mut index = LinkIndex::new("/h/", &[]);
    index.add_doc(
        infrabook::content::SourceId(0),
        "content/dns/records.md",
        Some("dns/records/"),
    );
    let links = DiagramLinks {
        index: &index,
        from_dir: "diagrams",
    };
    assert_eq!(
        links.resolve("../content/dns/records.md").as_deref(),
        Ok("/h/dns/records/")
    );
    assert_eq!(
        links.resolve("@/dns/records.md#a").as_deref(),
        Ok("/h/dns/records/#a")
    );
    let broken = links.resolve("@/dns/record.md").unwrap_err();
    assert!(
        broken.contains("did you mean `@/dns/records.md`"),
        "{broken}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::new("sites/features");
    site.command()
        .args(["build", "--output", "out-a"])
        .assert()
        .success();
    site.command()
        .args(["build", "--output", "out-b"])
        .assert()
        .success();
    let (a, b) = (tree(&site.path("out-a")), tree(&site.path("out-b")));
    assert!(a.len() > 10, "a real site was built");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

/// Every root-relative URL in `text` (href, src, action, url()) that lacks `prefix`.
fn unprefixed_urls(text: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    for opener in [
        "href=\"/",
        "src=\"/",
        "action=\"/",
        "url(/",
        "url(\"/",
        "url('/",
        "content=\"0; url=/",
    ] {
        let mut rest = text;
        while let Some(at) = rest.find(opener) {
            let url_start = at + opener.len() - 1;
            let url: String = rest[url_start..]
                .chars()
                .take_while(|c| !"\"') ".contains(*c))
                .collect();
            if !url.starts_with("//") && !url.starts_with(prefix) {
                found.push(url);
            }
            rest = &rest[url_start..];
        }
    }
    found
}

#[test]
fn a_sub_path_base_url_prefixes_every_root_relative_url() {
    let site = SiteTest::new("sites/features");
    site.command()
        .args(["build", "--base-url", "https://example.github.io/handbook/"])
        .assert()
        .success();
    let files = tree(&site.path("public"));
    let mut offenders = Vec::new();
    for (path, bytes) in &files {
        if [".html", ".css", ".xml"]
            .iter()
            .any(|ext| path.ends_with(ext))
        {
            let text = String::from_utf8_lossy(bytes);
            offenders.extend(
                unprefixed_urls(&text, "/handbook/")
                    .into_iter()
                    .map(|u| format!("{path}: {u}")),
            );
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
    let page = String::from_utf8_lossy(&files["guide/features/index.html"]).into_owned();
    assert!(page.contains("href=\"/handbook/guide/other/#second-part\""));
    assert!(
        unprefixed_urls("<a href=\"/x/\">", "/handbook/") == ["/x/"],
        "the checker itself finds a bad URL"
    );
}

#[test]
fn a_site_without_a_home_file_gets_one_titled_after_the_site() {
    let site = SiteTest::new("sites/features");
    std::fs::remove_file(site.path("content/_index.md")).expect("remove home");
    let result = site.build();
    assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
    assert!(main_of(&output(&result, "index.html")).contains("<h1>Feature Fixture</h1>"));
}

#[test]
fn a_content_file_that_is_not_utf8_is_an_input_error() {
    let site = SiteTest::new("sites/features");
    std::fs::write(
        site.path("content/latin1.md"),
        b"+++\ntitle = \"Caf\xe9\"\n+++\n",
    )
    .expect("write");
    let result = site.build();
    assert!(result.site.is_none());
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["P003"]);
    assert!(result.diagnostics[0].message.contains("content/latin1.md"));
}

#[test]
fn an_unknown_highlight_theme_is_reported_at_its_key() {
    let site = SiteTest::new("sites/features");
    site.write(
        "site.toml",
        "title = \"T\"\n[highlight]\ndark_theme = \"Midnight\"\n",
    );
    let result = site.build();
    let error = &result.diagnostics[0];
    assert_eq!(error.code, "C004");
    assert_eq!(
        result
            .sources
            .line_col(error.location.as_ref().expect("located")),
        Some((3, 1))
    );
}

mod never_panics {
    use infrabook::config::MarkdownConfig;
    use infrabook::content::{DocKind, SourceDoc, SourceId};
    use infrabook::frontmatter::parse_doc;
    use infrabook::markdown::{DocInput, RenderContext, render};
    use infrabook::site::LinkIndex;
    use proptest::prelude::*;

    fn markdownish() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "+++\n",
            "---\n",
            "title = \"x\"\n",
            "# H\n",
            "## H {#id}\n",
            "[a](b.md#c)",
            "[a](@/x.md)",
            "![d](d.infra)",
            "```infra\nx\n```\n",
            "```rust\nfn\n",
            "> [!NOTE]\n> n\n",
            "| a |\n|---|\n",
            "[^1]",
            "\n",
            " ",
            "é",
            "\r\n",
            "*",
            "`",
            "<b>",
            "../",
            "#",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn parsing_and_rendering_keep_spans_inside_the_file(text in markdownish()) {
            let source = SourceDoc {
                id: SourceId(0),
                path: "content/p.md".into(),
                kind: DocKind::Page,
                text: text.as_str().into(),
            };
            let (doc, error) = parse_doc(source);
            for diagnostic in error.iter() {
                let span = diagnostic.location.as_ref().map(|l| l.span.clone()).unwrap_or(0..0);
                prop_assert!(span.start <= span.end && span.end <= text.len());
            }
            let mut links = LinkIndex::new("/", &[]);
            links.add_doc(SourceId(0), "content/p.md", Some("p/"));
            let config = MarkdownConfig::default();
            let root = std::env::temp_dir();
            let context = RenderContext { config: &config, links: &links, root: &root };
            let input = DocInput {
                id: SourceId(0),
                path: "content/p.md",
                dir: "content",
                text: &text,
                body: doc.body.clone(),
                wants_title: doc.front.title.is_none(),
            };
            let rendered = render(&input, &context);
            for diagnostic in &rendered.diagnostics {
                let span = diagnostic.location.as_ref().map(|l| l.span.clone()).unwrap_or(0..0);
                prop_assert!(span.start <= span.end && span.end <= text.len(), "{diagnostic:?}");
            }
        }
    }
}

#[test]
fn an_alias_that_is_another_pages_url_is_an_error() {
    let site = SiteTest::new("sites/features");
    site.write(
        "content/moved.md",
        "+++\ntitle = \"Moved\"\naliases = [\"/guide/other/\"]\n+++\n\nText.\n",
    );
    let result = site.build();
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["P004"]);
    let location = result.diagnostics[0].location.as_ref().expect("located");
    assert_eq!(
        (location.path.as_str(), result.sources.line_col(location)),
        ("content/moved.md", Some((3, 1)))
    );
}

#[test]
fn smart_punctuation_can_be_turned_off() {
    let site = SiteTest::new("sites/features");
    let config = site
        .read("site.toml")
        .replace("smart_punctuation = true", "smart_punctuation = false");
    site.write("site.toml", &config);
    let page = output(&site.build(), "guide/features/index.html");
    assert!(
        main_of(&page).contains("Intro with \"smart quotes\", an en--dash"),
        "{page}"
    );
}

#[test]
fn a_static_file_hidden_by_a_page_is_a_warning() {
    let site = SiteTest::new("sites/features");
    site.write("static/guide/index.html", "old export\n");
    let result = site.build();
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["S001"]);
    assert!(
        output(&result, "guide/index.html").contains("<h1>Guide</h1>"),
        "the page wins"
    );
}

#[test]
fn a_diagram_image_is_drawn_in_place_with_its_alt_text_as_the_caption() {
    let site = SiteTest::new("sites/features");
    site.write(
        "diagrams/pair.infra",
        "title: Title from the file\nweb: Web { kind: web-server }\ndb: DB { kind: database }\nweb -> db\n",
    );
    site.write(
        "content/guide/drawn.md",
        "+++\ntitle = \"Drawn\"\n+++\n\nBefore.\n\n![Two boxes *joined*](../../diagrams/pair.infra)\n\nAfter.\n",
    );
    site.write(
        "content/guide/fenced.md",
        "+++\ntitle = \"Fenced\"\n+++\n\n```infra\ntitle: The fence's own title\na: A { kind: generic }\n```\n",
    );
    let result = site.build();
    let drawn = output(&result, "guide/drawn/index.html");
    let figure = &drawn[drawn.find("<figure").expect("a figure")..];
    let figure = &figure[..figure.find("</figure>").expect("closed")];
    assert!(figure.contains(r#"data-id="web""#), "{figure}");
    assert!(
        figure
            .trim_end()
            .ends_with("<figcaption>Two boxes joined</figcaption>"),
        "alt text is the caption, last in the figure: {figure}"
    );
    assert!(!figure.contains("Title from the file</figcaption>"));
    let fenced = output(&result, "guide/fenced/index.html");
    assert!(
        fenced.contains("<figcaption>The fence&#39;s own title</figcaption>"),
        "a fence has no alt text, so its title is the caption"
    );
}
