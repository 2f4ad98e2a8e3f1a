//! Our writer of Pagefind's format (`infrabook::search::writer`) against Pagefind itself: the
//! same documents given to both must give the same index, file for file once inflated (the names
//! are hashes of the contents, so the same names mean the same words, postings, fragments and
//! metadata); only the gzip level differs. Queries through Pagefind's own browser script are
//! `tests/e2e/search_writer.test.mjs`.

use std::collections::BTreeMap;
use std::path::Path;

use infrabook::output::{Contents, OutputFile};
use infrabook::search::writer::{cbor, gzip};
use infrabook::search::{self, IndexOptions, SearchDocument};

/// The search documents of the site at `root`, in path order (what `serve` would index).
fn documents(root: &Path) -> Vec<SearchDocument> {
    let result = infrabook::build_site(&infrabook::BuildOptions {
        root: root.to_path_buf(),
        ..infrabook::BuildOptions::default()
    });
    let site = result
        .site
        .unwrap_or_else(|| panic!("build failed: {:#?}", result.diagnostics));
    site.files
        .iter()
        .filter_map(|file| {
            let Contents::Bytes(bytes) = &file.contents else {
                return None;
            };
            let html = std::str::from_utf8(bytes).ok()?;
            if html.contains("http-equiv=\"refresh\"") {
                return None;
            }
            SearchDocument::of_page(&file.path, html)
        })
        .collect()
}

/// Every file by path, `pf_*` files inflated and without their signature.
fn inflated(files: &[OutputFile]) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|file| {
            let bytes = file.read().expect("in memory");
            let name = &file.path;
            let pf = name.ends_with(".pf_meta")
                || name.ends_with(".pf_index")
                || name.ends_with(".pf_fragment")
                || name.ends_with(".pf_filter");
            let contents = if pf {
                gzip::unframed(&bytes).unwrap_or_else(|| panic!("{name}: not a framed file"))
            } else {
                bytes
            };
            (name.clone(), contents)
        })
        .collect()
}

fn words_of(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, cbor::Word> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".pf_index"))
        .flat_map(|(_, bytes)| {
            cbor::decode::<cbor::WordChunk>(bytes)
                .expect("a word chunk")
                .words
        })
        .map(|word| (word.word.clone(), word))
        .collect()
}

fn fragments_of(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".pf_fragment"))
        .map(|(_, bytes)| {
            let json = String::from_utf8(bytes.clone()).expect("utf-8");
            let url = serde_json::from_str::<serde_json::Value>(&json).expect("json")["url"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            (url, json)
        })
        .collect()
}

/// Fails with the first difference that explains a mismatch: a fragment, then a word.
fn assert_same_index(ours: &[OutputFile], theirs: &[OutputFile], what: &str) {
    let (ours, theirs) = (inflated(ours), inflated(theirs));
    if ours == theirs {
        return;
    }
    let (our_fragments, their_fragments) = (fragments_of(&ours), fragments_of(&theirs));
    for (url, json) in &their_fragments {
        assert_eq!(
            our_fragments.get(url),
            Some(json),
            "{what}: fragment of {url}"
        );
    }
    assert_eq!(
        our_fragments.keys().collect::<Vec<_>>(),
        their_fragments.keys().collect::<Vec<_>>(),
        "{what}: pages"
    );
    let (our_words, their_words) = (words_of(&ours), words_of(&theirs));
    for (word, entry) in &their_words {
        assert_eq!(our_words.get(word), Some(entry), "{what}: word {word:?}");
    }
    assert_eq!(
        our_words.keys().collect::<Vec<_>>(),
        their_words.keys().collect::<Vec<_>>(),
        "{what}: words"
    );
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "{what}: file names"
    );
    for (path, bytes) in &theirs {
        assert!(ours.get(path) == Some(bytes), "{what}: contents of {path}");
    }
}

fn assert_writers_agree(root: &Path) {
    let documents = documents(root);
    assert!(!documents.is_empty(), "{}: pages", root.display());
    let options = IndexOptions { language: "en" };
    let theirs = search::index(documents.clone(), &options).expect("Pagefind indexes");
    let ours = search::writer::write(documents, &options).expect("ours indexes");
    assert_same_index(&ours, &theirs, &root.display().to_string());
}

#[test]
fn our_index_is_pagefinds_for_the_search_fixture() {
    assert_writers_agree(&crate::site::fixtures().join("sites/search"));
}

#[test]
fn our_index_is_pagefinds_for_the_feature_fixtures() {
    for site in ["features", "sitefeatures", "authoring"] {
        assert_writers_agree(&crate::site::fixtures().join("sites").join(site));
    }
}

#[test]
fn our_index_is_pagefinds_for_the_handbook() {
    assert_writers_agree(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn our_index_is_byte_identical_across_builds() {
    let documents = documents(&crate::site::fixtures().join("sites/search"));
    let options = IndexOptions { language: "en" };
    let first = search::writer::write(documents.clone(), &options).expect("indexes");
    let second = search::writer::write(documents, &options).expect("indexes");
    assert!(first == second, "the same bytes");
}

#[test]
fn hand_written_pages_index_like_pagefind() {
    let page = |url: &str, body: &str| SearchDocument {
        url: url.into(),
        html: format!(
            "<html lang=\"en\"><head><title>T {url}</title></head><body><nav>menu</nav>\
             <main data-pagefind-body>{body}</main><footer>foot</footer></body></html>"
        ),
    };
    let documents = vec![
        page(
            "/a/",
            "<h1 id=\"top\">Load-balancers <a class=\"anchor\" href=\"#top\">#</a></h1>\
             <p>Café &amp; <em>camelCase</em> std.io.Read_all, x<br>y</p>\
             <h2 id=\"more\" data-pagefind-title=\"More!\">More</h2><ul><li>one</li><li>two</li></ul>\
             <div data-pagefind-weight=\"3\">heavy words</div><p data-pagefind-ignore>hidden</p>",
        ),
        page(
            "/b/",
            "<h1>Routing tables</h1><p data-pagefind-filter=\"topic\">networks</p>\
             <p data-pagefind-meta=\"author:Jane Doe\">load balancers route</p>\
             <img src=\"/x.png\" alt=\"An image\"><table><tr><td>cell one</td><td>cell two</td></tr></table>",
        ),
        page(
            "/c/",
            "<p>café naïve résumé</p><p data-pagefind-filter=\"topic:dns\">x</p>",
        ),
    ];
    let options = IndexOptions { language: "en" };
    let theirs = search::index(documents.clone(), &options).expect("Pagefind indexes");
    let ours = search::writer::write(documents, &options).expect("ours indexes");
    assert_same_index(&ours, &theirs, "hand-written pages");
}

/// The index files a `build` wrote into `public/pagefind`.
fn built_index(site: &crate::site::SiteTest) -> Vec<OutputFile> {
    crate::site::tree(&site.path("public/pagefind"))
        .into_iter()
        .map(|(path, bytes)| OutputFile::bytes(format!("pagefind/{path}"), bytes))
        .collect()
}

#[test]
fn the_build_writes_the_same_index_with_either_writer() {
    let site = crate::site::SiteTest::new("sites/search");
    let config = site.read("site.toml");
    site.command().arg("build").assert().success();
    let ours = built_index(&site);
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nwriter = \"pagefind\"\n"),
    );
    site.command().arg("build").assert().success();
    let theirs = built_index(&site);
    assert!(
        ours.iter().any(|f| f.path.ends_with(".pf_meta")),
        "an index"
    );
    assert_same_index(&ours, &theirs, "built with the default writer");
}

#[test]
fn an_unknown_writer_is_an_error() {
    let site = crate::site::SiteTest::new("sites/search");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nwriter = \"lunr\"\n"),
    );
    site.command()
        .arg("build")
        .assert()
        .failure()
        .stderr(predicates::str::contains("site.toml"));
}

#[test]
fn serve_with_the_default_writer_updates_the_index_after_an_edit() {
    let site = crate::site::SiteTest::new("sites/search");
    let serve = crate::serve_support::DevServe::start(&site, None);
    serve.wait_for_index();
    let served = |wait: bool| {
        if wait {
            serve.wait_for_index();
        }
        crate::serve_support::served_index(serve.addr, "/docs/")
            .expect("the index is served")
            .fragments
    };
    let before = served(false);
    assert!(!before.is_empty(), "pages indexed");
    assert!(!before.iter().any(|f| f.contains("quasarfluke")));
    let page = site.read("content/xylograph.md");
    site.write(
        "content/xylograph.md",
        &format!("{page}\n\nA quasarfluke appears.\n"),
    );
    let after = served(true);
    assert_eq!(after.len(), before.len(), "the same pages");
    assert_eq!(
        after.iter().filter(|f| f.contains("quasarfluke")).count(),
        1,
        "the edited page's fragment has the new word"
    );
    serve.shutdown();
}

/// The index reads our own pages with a small tokenizer ([`search::writer::quick`]) where it can
/// and with lol_html elsewhere: on every rendered page of these sites the small one must follow
/// the page (or the speed is lost) and read it exactly as lol_html does, including pages whose
/// Markdown carries `data-pagefind-*` attributes of its own.
#[test]
fn the_quick_reader_follows_our_pages_and_reads_them_as_lol_html_does() {
    use search::writer::{extract, quick};
    let fixtures = crate::site::fixtures().join("sites");
    let roots = ["search", "features", "sitefeatures", "authoring"]
        .map(|site| fixtures.join(site))
        .into_iter()
        .chain([Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()]);
    let mut followed = 0;
    for root in roots {
        for document in documents(&root) {
            let parsed = extract::digest_parsed(&document.html, search::EXCLUDED);
            let quick = quick::digest(&document.html, search::EXCLUDED);
            assert!(quick.is_some(), "{}: not followed", document.url);
            assert!(quick == Some(parsed), "{}: read differently", document.url);
            followed += 1;
        }
    }
    assert!(followed > 40, "{followed} pages");
}
