//! `serve`'s live search index, end to end: a real dev server on the search fixture, pages deleted,
//! added and renamed while it runs, and the words found through the index files it then serves
//! (fragment URLs are the pages' paths without the site's prefix: the browser adds it).

use std::collections::BTreeSet;

use crate::serve_support::{DevServe, ServedIndex};
use crate::site::SiteTest;

const PREFIX: &str = "/docs/";

fn urls(index: &ServedIndex) -> BTreeSet<String> {
    index
        .fragments
        .iter()
        .map(|text| {
            let json: serde_json::Value = serde_json::from_str(text).expect("json");
            json["url"].as_str().expect("url").to_string()
        })
        .collect()
}

fn set(urls: &[&str]) -> BTreeSet<String> {
    urls.iter().map(|u| u.to_string()).collect()
}

/// The fixture served, its first index read (the routing page alone holds "zephyrine").
fn served() -> (SiteTest, DevServe, ServedIndex) {
    let site = SiteTest::new("sites/search");
    let serve = DevServe::start(&site, None);
    serve.wait_for_index();
    let first = serve.index_when(PREFIX, |_| true);
    assert_eq!(first.pages_of("zephyrin"), set(&["/networks/routing/"]));
    assert!(urls(&first).len() >= 4, "{:?}", urls(&first));
    (site, serve, first)
}

#[test]
fn a_page_deleted_while_serving_leaves_the_served_index() {
    let (site, serve, first) = served();
    std::fs::remove_file(site.path("content/networks/routing.md")).expect("deletes");
    let index = serve.index_when(PREFIX, |i| i.pages_of("zephyrin").is_empty());
    let mut expected = urls(&first);
    expected.remove("/networks/routing/");
    assert_eq!(urls(&index), expected, "the other pages stay");
    assert!(
        index.pages_of("switch").contains("/networks/switching/"),
        "the other pages' words stay"
    );
    assert!(
        !index
            .words
            .values()
            .flatten()
            .any(|u| u.contains("routing")),
        "no word points at the deleted page"
    );
    serve.shutdown();
}

#[test]
fn a_page_added_while_serving_is_found() {
    let (site, serve, first) = served();
    site.write(
        "content/networks/firewalls.md",
        "+++\ntitle = \"Firewalls\"\n+++\n\nA firewall drops a quasarfluke packet.\n",
    );
    let index = serve.index_when(PREFIX, |i| !i.pages_of("quasarfluk").is_empty());
    assert_eq!(index.pages_of("quasarfluk"), set(&["/networks/firewalls/"]));
    assert_eq!(urls(&index).len(), urls(&first).len() + 1);
    assert!(index.pages_of("firewal").contains("/networks/firewalls/"));
    assert_eq!(
        index.pages_of("zephyrin"),
        set(&["/networks/routing/"]),
        "the other pages' words stay"
    );
    serve.shutdown();
}

#[test]
fn a_page_renamed_while_serving_is_found_under_its_new_url() {
    let (site, serve, first) = served();
    std::fs::rename(
        site.path("content/networks/routing.md"),
        site.path("content/networks/paths.md"),
    )
    .expect("renames");
    let moved = set(&["/networks/paths/"]);
    let index = serve.index_when(PREFIX, |i| i.pages_of("zephyrin") == moved);
    let mut expected = urls(&first);
    expected.remove("/networks/routing/");
    expected.insert("/networks/paths/".into());
    assert_eq!(
        urls(&index),
        expected,
        "the old URL is gone, the new one there"
    );
    serve.shutdown();
}
