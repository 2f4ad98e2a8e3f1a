//! The incremental serve build: after each edit of a sequence (page body, page title, diagram,
//! template, static file, a page added and removed, an edit that breaks the build and the one that
//! fixes it), the site served so far with the update applied is byte-identical to a fresh
//! `build_site` of the same sources, and a page edit goes through one template.

use std::collections::BTreeMap;
use std::path::PathBuf;

use infrabook::build::{BuildOptions, Delta, ServeBuild, ServeOutcome, build_site, search_index};

use crate::site::SiteTest;

/// The served site as the dev server keeps it: path -> bytes.
#[derive(Default)]
struct Served {
    files: BTreeMap<String, Vec<u8>>,
}

impl Served {
    fn apply(&mut self, delta: &Delta) {
        if delta.whole {
            self.files.clear();
        }
        for folder in &delta.removed_folders {
            self.files
                .retain(|path, _| !path.starts_with(folder.as_str()));
        }
        for path in &delta.removed {
            self.files.remove(path);
        }
        for (path, bytes) in &delta.written {
            self.files.insert(path.clone(), bytes.to_vec());
        }
    }
}

struct Session {
    site: SiteTest,
    build: ServeBuild,
    served: Served,
}

impl Session {
    fn new(fixture: &str) -> Session {
        let site = SiteTest::new(fixture);
        let build = ServeBuild::new(options(&site), false);
        Session {
            site,
            build,
            served: Served::default(),
        }
    }

    /// Applies an update the way serve does (the search index made at once instead of later).
    fn update(&mut self, changed: &[&str]) -> ServeOutcome {
        let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let outcome = self.build.update(&changed);
        if let Some(delta) = &outcome.delta {
            self.served.apply(delta);
            if outcome.search {
                let (pages, language) = self.build.search_pages().expect("a built site");
                let index = search_index(&pages, &language).expect("indexes");
                self.served.apply(&Delta {
                    written: index,
                    removed_folders: vec!["pagefind/".into()],
                    ..Delta::default()
                });
            }
        }
        outcome
    }

    /// Every path and every byte of the served site equals a fresh build's.
    fn assert_same_as_fresh_build(&self, step: &str) {
        let fresh = build_site(&options(&self.site));
        let site = fresh
            .site
            .unwrap_or_else(|| panic!("{step}: the fresh build fails"));
        let expected: BTreeMap<String, Vec<u8>> = site
            .files
            .iter()
            .map(|f| (f.path.clone(), f.read().expect("readable")))
            .collect();
        let paths = |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&self.served.files), paths(&expected), "{step}: paths");
        for (path, bytes) in &expected {
            assert!(
                self.served.files[path] == *bytes,
                "{step}: `{path}` differs from a fresh build"
            );
        }
    }

    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.site.read(path);
        assert!(text.contains(from), "{path} holds {from:?}");
        self.site.write(path, &text.replacen(from, to, 1));
    }
}

fn options(site: &SiteTest) -> BuildOptions {
    BuildOptions {
        live_reload: true,
        ..site.options()
    }
}

#[test]
fn every_incremental_step_equals_a_fresh_build() {
    let mut session = Session::new("sites/search");
    let first = session.update(&[]);
    assert!(first.full && first.delta.as_ref().is_some_and(|d| d.whole));
    session.assert_same_as_fresh_build("first build");

    let page = "content/networks/switching.md";
    session.edit(page, "MAC addresses.", "MAC addresses. Freshly edited.");
    let body = session.update(&[page]);
    assert!(!body.full, "a body edit is incremental");
    assert_eq!(body.pages, 1, "one page went through its template");
    let delta = body.delta.as_ref().expect("builds");
    let written: Vec<&str> = delta.written.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(written, ["networks/switching/index.html"]);
    session.assert_same_as_fresh_build("page body");

    session.edit(
        page,
        "title = \"Switching\"",
        "title = \"Switching frames\"",
    );
    let title = session.update(&[page]);
    assert!(title.full, "a title shows on other pages: full build");
    session.assert_same_as_fresh_build("page title");

    let diagram = "diagrams/switched.infra";
    session.edit(diagram, "Laptop browser", "Desktop browser");
    let redrawn = session.update(&[diagram]);
    assert!(!redrawn.full);
    assert_eq!(redrawn.pages, 1, "only the page that embeds the diagram");
    session.assert_same_as_fresh_build("diagram");

    session.edit(
        "content/xylograph.md",
        "wooden blocks",
        "wooden blocks, see [routing](networks/routing.md#no-such-heading)",
    );
    let broken = session.update(&["content/xylograph.md"]);
    assert!(broken.delta.is_none(), "a broken anchor fails the build");
    assert!(broken.report.contains("L002"), "{}", broken.report);
    session.edit(
        "content/xylograph.md",
        "routing.md#no-such-heading",
        "routing.md",
    );
    let fixed = session.update(&["content/xylograph.md"]);
    assert!(fixed.delta.is_some(), "{}", fixed.report);
    session.assert_same_as_fresh_build("broken then fixed");

    session.site.write(
        "content/networks/bridging.md",
        "+++\ntitle = \"Bridging\"\n+++\n\nA bridge joins two segments.\n",
    );
    assert!(session.update(&["content/networks/bridging.md"]).full);
    session.assert_same_as_fresh_build("page added");

    std::fs::remove_file(session.site.path("content/networks/bridging.md")).expect("rm");
    let removed = session.update(&["content/networks/bridging.md"]);
    assert!(removed.full);
    let delta = removed.delta.as_ref().expect("builds");
    assert!(
        delta
            .removed
            .contains(&"networks/bridging/index.html".to_string())
    );
    session.assert_same_as_fresh_build("page removed");

    session.site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<article>{{ page.content | safe }}</article>{% endblock main %}",
    );
    let template = session.update(&["templates/page.html"]);
    assert!(template.full);
    session.assert_same_as_fresh_build("template");

    session
        .site
        .write("static/extra.css", "body { margin: 0 }\n");
    session.update(&["static/extra.css"]);
    session.assert_same_as_fresh_build("static file");

    session.site.write(
        "site.toml",
        &format!(
            "{}\n[search]\nenabled = false\n",
            session.site.read("site.toml")
        ),
    );
    let off = session.update(&["site.toml"]);
    assert!(!off.search);
    session.assert_same_as_fresh_build("search turned off");
}

#[test]
fn a_broken_then_fixed_template_keeps_the_last_good_site_and_recovers() {
    let mut session = Session::new("sites/search");
    session.update(&[]);
    let good = session.served.files.clone();
    session
        .site
        .write("templates/page.html", "{% block oops %}{{ page.title }");
    let broken = session.update(&["templates/page.html"]);
    assert!(broken.delta.is_none());
    assert!(!broken.report.is_empty());
    assert!(good == session.served.files, "nothing served changed");

    // While the templates are broken, page edits still build (in full) and fail.
    let page = "content/networks/routing.md";
    let text = session.site.read(page);
    session
        .site
        .write(page, &format!("{text}\nOne more line.\n"));
    assert!(session.update(&[page]).delta.is_none());

    std::fs::remove_file(session.site.path("templates/page.html")).expect("rm");
    let fixed = session.update(&["templates/page.html"]);
    assert!(fixed.delta.is_some(), "{}", fixed.report);
    session.assert_same_as_fresh_build("template fixed");
}

#[test]
fn an_unchanged_save_and_a_vanished_temporary_file_render_nothing() {
    let mut session = Session::new("sites/search");
    session.update(&[]);
    let outcome = session.update(&[
        "content/xylograph.md",
        "content/.xylograph.md.swp",
        "content/x.md.tmp",
    ]);
    assert!(!outcome.full);
    assert_eq!(outcome.pages, 0);
    assert!(outcome.delta.expect("builds").written.is_empty());
}
