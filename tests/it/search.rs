//! The search index: built from the `sites/search` fixture (default theme, each page with a word no
//! other page has) and read back. Pagefind's page fragments are gzipped JSON, so these tests can see
//! exactly what each page contributes: its URL, title, text and heading anchors. Running real queries
//! against the index (its word index is only read by Pagefind's WebAssembly) is `tests/e2e/search.mjs`.

use std::io::Read;
use std::path::Path;

use infrabook::BuildResult;
use infrabook::output::{Contents, OutputFile};
use infrabook::search::{self, SearchDocument};
use proptest::prelude::*;

use crate::site::{SiteTest, output};

fn files(result: &BuildResult) -> &[OutputFile] {
    &result
        .site
        .as_ref()
        .unwrap_or_else(|| panic!("build failed: {:#?}", result.diagnostics))
        .files
}

fn index_files(result: &BuildResult) -> Vec<&OutputFile> {
    files(result)
        .iter()
        .filter(|f| f.path.starts_with("pagefind/"))
        .collect()
}

/// A page as the index holds it.
#[derive(Debug)]
struct Fragment {
    url: String,
    title: String,
    content: String,
    /// (element, id, text) of every anchor, in page order.
    anchors: Vec<(String, String, String)>,
}

/// Pagefind marks its decompressed files with this signature before the JSON.
const SIGNATURE: &[u8] = b"pagefind_dcd";

fn fragments(result: &BuildResult) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = index_files(result)
        .into_iter()
        .filter(|f| f.path.ends_with(".pf_fragment"))
        .map(|file| {
            let mut json = Vec::new();
            flate2::read::GzDecoder::new(&file.read().expect("in memory")[..])
                .read_to_end(&mut json)
                .expect("gzip");
            let json = json.strip_prefix(SIGNATURE).expect("signature");
            let value: serde_json::Value = serde_json::from_slice(json).expect("json");
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            Fragment {
                url: text(&value["url"]),
                title: text(&value["meta"]["title"]),
                content: text(&value["content"]),
                anchors: value["anchors"]
                    .as_array()
                    .expect("anchors")
                    .iter()
                    .map(|a| (text(&a["element"]), text(&a["id"]), text(&a["text"])))
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.url.cmp(&b.url));
    out
}

fn with_word<'f>(fragments: &'f [Fragment], word: &str) -> Vec<&'f str> {
    fragments
        .iter()
        .filter(|f| f.content.to_lowercase().contains(word))
        .map(|f| f.url.as_str())
        .collect()
}

#[test]
fn a_build_writes_the_search_api_and_a_chunked_index() {
    let site = SiteTest::new("sites/search");
    let result = site.build();
    assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
    let paths: Vec<&str> = index_files(&result)
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(paths.contains(&needed), "{needed} missing from {paths:#?}");
    }
    let count = |suffix: &str| paths.iter().filter(|p| p.ends_with(suffix)).count();
    assert_eq!(count(".pf_meta"), 1, "{paths:#?}");
    assert!(count(".pf_index") >= 1, "{paths:#?}");
    assert_eq!(
        count(".pf_fragment"),
        5,
        "one fragment per page and section, none for 404"
    );
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("-ui.") || p.contains("playground")),
        "Pagefind's own UIs are left out: {paths:#?}"
    );
    let entry: serde_json::Value =
        serde_json::from_str(&output(&result, "pagefind/pagefind-entry.json")).expect("json");
    assert_eq!(entry["languages"]["en"]["page_count"], 5, "{entry}");
}

#[test]
fn a_word_on_one_page_is_indexed_for_that_page_only_with_its_heading() {
    let site = SiteTest::new("sites/search");
    let fragments = fragments(&site.build());
    let urls: Vec<&str> = fragments.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/",
            "/networks/",
            "/networks/routing/",
            "/networks/switching/",
            "/xylograph/"
        ],
        "site-relative URLs; the browser adds the base path"
    );
    assert_eq!(with_word(&fragments, "zephyrine"), ["/networks/routing/"]);
    let routing = &fragments[2];
    assert_eq!(routing.title, "Routing");
    let headings: Vec<(&str, &str)> = routing
        .anchors
        .iter()
        .filter(|(element, _, _)| element.starts_with('h'))
        .map(|(_, id, text)| (id.as_str(), text.as_str()))
        .collect();
    assert_eq!(
        headings,
        [
            ("static-routes", "Static routes"),
            ("border-gateway", "Border gateway")
        ],
        "heading anchors without the `#` link text"
    );
}

#[test]
fn only_the_main_content_is_indexed() {
    let site = SiteTest::new("sites/search");
    let fragments = fragments(&site.build());
    assert_eq!(
        with_word(&fragments, "xylograph"),
        ["/xylograph/"],
        "the sidebar lists the page everywhere, but the sidebar is not indexed"
    );
    assert!(
        with_word(&fragments, "min read").is_empty(),
        "article meta is marked data-pagefind-ignore"
    );
    assert!(
        with_word(&fragments, "search fixture").is_empty(),
        "the header's site title is outside <main>"
    );
    assert!(
        with_word(&fragments, "quokkabridge").is_empty(),
        "a diagram's labels (SVG text and text alternative) are not indexed"
    );
    assert_eq!(
        with_word(&fragments, "a laptop reaching a web server"),
        ["/networks/switching/"],
        "a diagram's caption (the image alt text) is indexed"
    );
    let networks = fragments
        .iter()
        .find(|f| f.url == "/networks/")
        .expect("section");
    assert!(
        !networks.content.contains("Tables and protocols"),
        "the section's cards of child pages are not indexed: {}",
        networks.content
    );
    assert!(
        networks.content.contains("Packets travel between networks"),
        "{}",
        networks.content
    );
}

#[test]
fn the_theme_shows_the_box_under_the_base_path_only_when_search_is_on() {
    let site = SiteTest::new("sites/search");
    let page = output(&site.build(), "networks/routing/index.html");
    assert!(page.contains("<div class=\"search\" data-search data-base-path=\"/docs/\" hidden>"));
    assert!(page.contains("<script src=\"/docs/js/search.js\" defer></script>"));
    assert!(
        page.contains(
            "<main id=\"main-content\" class=\"main\" tabindex=\"-1\" data-pagefind-body>"
        )
    );

    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nenabled = false\n"),
    );
    let result = site.build();
    assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
    assert!(index_files(&result).is_empty(), "search disabled: no index");
    let page = output(&result, "networks/routing/index.html");
    assert!(!page.contains("data-search"), "no box without an index");
    assert!(!page.contains("search.js"));
}

#[test]
fn the_index_is_byte_identical_across_builds() {
    let site = SiteTest::new("sites/search");
    let first = site.build();
    let second = site.build();
    let contents = |result: &BuildResult| -> Vec<(String, Vec<u8>)> {
        index_files(result)
            .into_iter()
            .map(|f| (f.path.clone(), f.read().expect("in memory")))
            .collect()
    };
    assert_eq!(contents(&first), contents(&second));
}

#[test]
fn an_unknown_search_key_is_an_error_at_its_line() {
    let site = SiteTest::new("sites/search");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nenabeld = false\n"),
    );
    let result = site.build();
    assert!(result.site.is_none());
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["C002"]);
    assert!(result.diagnostics[0].message.contains("enabeld"));
}

#[test]
fn the_built_folder_holds_the_index_under_the_output() {
    let site = SiteTest::new("sites/search");
    site.command()
        .args(["build", "--base-url", "https://example.org/sub/"])
        .assert()
        .success();
    let folder = site.path("public/pagefind");
    assert!(folder.join("pagefind.js").is_file());
    assert!(folder.join("pagefind-entry.json").is_file());
    assert!(
        std::fs::read_dir(folder.join("fragment"))
            .expect("fragments")
            .count()
            == 5
    );
}

/// Whether `file` is a page the templates rendered (not a copied file, not an alias's redirect).
fn rendered_page(file: &OutputFile) -> Option<String> {
    let Contents::Bytes(bytes) = &file.contents else {
        return None;
    };
    let html = String::from_utf8(bytes.clone()).ok()?;
    (!html.contains("http-equiv=\"refresh\"")).then_some(html)
}

/// The index of the site's rendered pages (path order), each given to Pagefind as `document`
/// makes it.
fn index_of_pages(
    result: &BuildResult,
    document: impl Fn(&str, String) -> SearchDocument,
) -> Vec<OutputFile> {
    let documents = files(result)
        .iter()
        .filter_map(|file| {
            let html = rendered_page(file)?;
            search::page_url(&file.path)?;
            Some(document(&file.path, html))
        })
        .collect();
    search::index(documents, &search::IndexOptions { language: "en" }).expect("indexes")
}

fn fragment_files(files: &[OutputFile]) -> Vec<&OutputFile> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".pf_fragment"))
        .collect()
}

fn assert_documents_index_like_whole_pages(root: &Path) {
    let result = infrabook::build_site(&infrabook::BuildOptions {
        root: root.to_path_buf(),
        ..infrabook::BuildOptions::default()
    });
    let whole = index_of_pages(&result, |path, html| SearchDocument {
        url: search::page_url(path).expect("a page"),
        html,
    });
    let cut = index_of_pages(&result, |path, html| {
        SearchDocument::of_page(path, &html).expect("a page")
    });
    let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&cut), paths(&whole), "{}", root.display());
    assert!(cut == whole, "{}: the same bytes", root.display());
    // The build adds pages in reading order, so its word index differs, but each page's entry
    // (text, title, anchors: the fragments, named by content hash) is the same once inflated
    // (the build's default writer gzips at its own level).
    let built: Vec<OutputFile> = index_files(&result).into_iter().cloned().collect();
    let inflated = |files: &[OutputFile]| -> Vec<(String, Vec<u8>)> {
        fragment_files(files)
            .into_iter()
            .map(|f| {
                let bytes = f.read().expect("in memory");
                let json = search::writer::gzip::unframed(&bytes).expect("framed");
                (f.path.clone(), json)
            })
            .collect()
    };
    assert!(
        inflated(&built) == inflated(&whole),
        "{}: the build's fragments",
        root.display()
    );
    // And the documents really are cut down where the theme marks the body (every page of the
    // default theme); a theme without the mark has its pages indexed whole.
    for file in files(&result) {
        let Some(html) = rendered_page(file) else {
            continue;
        };
        if let Some(document) = SearchDocument::of_page(&file.path, &html) {
            let cut = document.html.len() < html.len();
            let marked = html.contains("data-pagefind-body");
            assert_eq!(cut, marked, "{}: cut down or whole", file.path);
        }
    }
}

#[test]
fn search_documents_give_the_index_whole_pages_give() {
    let fixtures = crate::site::fixtures().join("sites");
    assert_documents_index_like_whole_pages(&fixtures.join("search"));
    assert_documents_index_like_whole_pages(&fixtures.join("features"));
    // The handbook: diagrams, code, admonitions, tables, sections with cards.
    assert_documents_index_like_whole_pages(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn check_skips_the_index_that_build_makes() {
    let site = SiteTest::new("sites/search");
    let checked = infrabook::build::check_site(&site.options());
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    assert!(index_files(&checked).is_empty(), "check builds no index");
    let pages = |result: &BuildResult| -> Vec<String> {
        files(result)
            .iter()
            .filter(|f| !f.path.starts_with("pagefind/"))
            .map(|f| f.path.clone())
            .collect()
    };
    let built = site.build();
    assert_eq!(pages(&checked), pages(&built), "the same site otherwise");
    assert!(!index_files(&built).is_empty());
    site.command().arg("check").assert().success();
    assert!(!site.path("public").exists(), "check writes nothing");
}

/// Pins the Pagefind library as the site's writer (tests of the library's own behaviour).
fn with_the_library(site: &SiteTest) {
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nwriter = \"pagefind\"\n"),
    );
}

#[test]
fn the_default_writer_is_ours_and_byte_identical_across_builds() {
    let site = SiteTest::new("sites/search");
    let first = built_index(&site);
    assert!(first.keys().any(|n| n.ends_with(".pf_meta")), "an index");
    assert!(
        !site.path(".infrabook-cache/pagefind").exists(),
        "the library's bundle cache is not used: our writer built it"
    );
    assert!(
        built_index(&site) == first,
        "a second build gives the same bytes"
    );
}

#[test]
fn a_pagefind_failure_is_x001_and_no_site() {
    // Pagefind reads the working directory when it starts; run the build from a deleted one.
    let site = SiteTest::new("sites/search");
    with_the_library(&site);
    let gone = site.path("gone");
    let binary = assert_cmd::cargo::cargo_bin("infrabook");
    let script = format!(
        "mkdir '{gone}' && cd '{gone}' && rmdir '{gone}' && exec '{binary}' build --root '{root}'",
        gone = gone.display(),
        binary = binary.display(),
        root = site.path("").display(),
    );
    let output = std::process::Command::new("sh")
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("X001") && stderr.contains("working directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !site.path("public").exists(),
        "a failed build publishes nothing"
    );
}

/// Pieces of HTML that matter to the search document: nesting, things Pagefind reads outside the
/// body (titles, images, meta), raw text that looks like tags, and text. The `risky` ones make a
/// page keep its whole HTML when they are outside the body; they are rarer, so that most pages are
/// cut down and the property says something.
fn html_piece() -> impl Strategy<Value = String> {
    let safe = prop::sample::select(vec![
        "<div class=\"x\">",
        "</div>",
        "<section id=\"s\">",
        "</section>",
        "<nav><a href=\"/\">Home nav</a></nav>",
        "<h2 id=\"part\">Part <a class=\"anchor\" href=\"#part\">#</a></h2>",
        "<p>A sentence of words</p>",
        "<!-- </main> <main data-pagefind-body> -->",
        "<script>var s = \"</div><main>\";</script>",
        "<svg><title>drawing</title><path d=\"M0 0\"/></svg>",
        "<footer>foot</footer>",
        "\n",
        " ",
    ]);
    let risky = prop::sample::select(vec![
        "<h1>Heading one</h1>",
        "<p>",
        "</p>",
        "<img src=\"/a.png\" alt=\"picture\">",
        "<br>",
        "<span data-pagefind-meta=\"author:Ann\">Ann</span>",
        "<div/>",
        "<div data-pagefind-ignore>ignored words</div>",
        "words here",
        "<",
        "é",
    ]);
    prop_oneof![
        12 => safe.prop_map(String::from),
        1 => risky.prop_map(String::from),
        1 => "[a-z ]{0,12}",
    ]
}

fn pieces(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(html_piece(), 0..max).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A page's search document never changes what Pagefind indexes: whatever the HTML around
    /// and inside the body, cut-down documents and whole pages give byte-identical indexes.
    #[test]
    fn search_documents_never_change_the_index(
        pages in prop::collection::vec((pieces(6), pieces(8), pieces(6), prop::bool::weighted(0.8)), 1..4)
    ) {
        let mut whole = Vec::new();
        let mut cut = Vec::new();
        for (at, (before, inside, after, marked)) in pages.iter().enumerate() {
            let mark = if *marked { " data-pagefind-body" } else { "" };
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Page {at}</title></head>\n\
                 <body>\n{before}<main class=\"m\"{mark}>{inside}</main>{after}\n</body>\n</html>\n"
            );
            let path = format!("p{at}/index.html");
            let document = SearchDocument::of_page(&path, &html).expect("a page");
            prop_assert!(document.html.len() <= html.len());
            cut.push(document);
            whole.push(SearchDocument { url: format!("/p{at}/"), html });
        }
        let options = search::IndexOptions { language: "en" };
        let whole = search::index(whole, &options).expect("indexes");
        let cut = search::index(cut, &options).expect("indexes");
        prop_assert!(whole == cut);
    }

    /// Any text at all: no panic, and the document is the page or shorter.
    #[test]
    fn any_text_has_a_document(text in any::<String>(), soup in pieces(30)) {
        for html in [text, soup] {
            let document = SearchDocument::of_page("a/index.html", &html).expect("a page");
            prop_assert!(document.html.len() <= html.len() + 64);
        }
    }
}

/// The index a `build` wrote to `public/pagefind`, by path under it.
fn built_index(site: &SiteTest) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.command().arg("build").assert().success();
    crate::site::tree(&site.path("public/pagefind"))
}

#[test]
fn the_built_index_is_byte_identical_with_and_without_its_cache() {
    let site = SiteTest::new("sites/search");
    with_the_library(&site);
    let cold = built_index(&site);
    assert!(
        site.path(".infrabook-cache/pagefind/fragment").is_dir(),
        "the cache sits beside public/"
    );
    let warm = built_index(&site);
    assert!(cold == warm, "a build from the cache gives the same bytes");
    let in_memory: std::collections::BTreeMap<String, Vec<u8>> = index_files(&site.build())
        .into_iter()
        .map(|f| {
            let name = f.path.strip_prefix("pagefind/").expect("under pagefind/");
            (name.to_string(), f.read().expect("in memory"))
        })
        .collect();
    assert!(
        in_memory == cold,
        "the cached path writes what Pagefind returns in memory"
    );

    // An edit changes the index; undoing it brings back the first bytes, with no stale file left.
    let page = std::fs::read_dir(site.path("content"))
        .expect("content")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .expect("a page");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, format!("{text}\nA sentence about zanzibarite.\n")).expect("edit");
    let edited = built_index(&site);
    assert!(edited != cold, "the edit reaches the index");
    std::fs::write(&page, &text).expect("undo");
    assert!(built_index(&site) == cold);
    let cached = crate::site::tree(&site.path(".infrabook-cache/pagefind"));
    for (name, bytes) in &cold {
        assert_eq!(cached.get(name), Some(bytes), "{name} is cached");
    }
    let hashed = |tree: &std::collections::BTreeMap<String, Vec<u8>>| {
        tree.keys()
            .filter(|n| n.contains('/') || n.ends_with(".pf_meta"))
            .count()
    };
    assert_eq!(hashed(&cached), hashed(&cold), "stale files are removed");

    // A cache a killed build left (no marker, a file cut short) is not trusted.
    let fragment = cold
        .keys()
        .find(|n| n.starts_with("fragment/"))
        .expect("a fragment");
    std::fs::write(
        site.path(&format!(".infrabook-cache/pagefind/{fragment}")),
        b"cut",
    )
    .unwrap();
    std::fs::remove_file(site.path(".infrabook-cache/pagefind.complete")).expect("marker");
    assert!(built_index(&site) == cold, "the cache is made again");
}
