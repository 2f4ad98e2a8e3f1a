//! The incremental serve build: after each edit of a sequence (page body, page title, diagram,
//! template, static file, a page added and removed, an edit that breaks the build and the one that
//! fixes it), the site served so far with the update applied is byte-identical to a fresh
//! `build_site` of the same sources, and a page edit goes through one template. Titles,
//! descriptions, dates and weights are edited at every depth of a nested site, with the built-in
//! templates and with a theme printing everything the context takes from other pages; an edit deep
//! in the tree goes through the templates of the pages around it only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use infrabook::build::{BuildOptions, Delta, ServeBuild, ServeOutcome, build_site, search_index};

/// A temporary copy of a site.
struct SiteCopy {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl SiteCopy {
    /// Copies `parts` (files and folders) of the site at `from`.
    fn new(from: &Path, parts: &[&str]) -> SiteCopy {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        for part in parts {
            for entry in walkdir::WalkDir::new(from.join(part)).into_iter().flatten() {
                let relative = entry.path().strip_prefix(from).expect("inside the site");
                let target = root.join(relative);
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&target).expect("mkdir");
                } else {
                    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                    std::fs::copy(entry.path(), &target).expect("copy");
                }
            }
        }
        SiteCopy { _dir: dir, root }
    }

    fn fixture(name: &str) -> SiteCopy {
        let from = crate::site::fixtures().join(name);
        SiteCopy::new(
            &from,
            &["content", "diagrams", "templates", "static", "site.toml"],
        )
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("readable")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

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
    site: SiteCopy,
    build: ServeBuild,
    served: Served,
}

impl Session {
    fn new(fixture: &str) -> Session {
        Session::of(SiteCopy::fixture(fixture))
    }

    fn of(site: SiteCopy) -> Session {
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

fn options(site: &SiteCopy) -> BuildOptions {
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
    // The page and its Markdown for LLM readers (`index.md`, written with the generated files).
    assert_eq!(
        written,
        [
            "networks/switching/index.html",
            "networks/switching/index.md"
        ]
    );
    session.assert_same_as_fresh_build("page body");

    session.edit(
        page,
        "title = \"Switching\"",
        "title = \"Switching frames\"",
    );
    let title = session.update(&[page]);
    assert!(!title.full, "a title keeps every page's Markdown");
    assert!(
        title.pages > 1,
        "but other pages show it: every page is templated again"
    );
    session.assert_same_as_fresh_build("page title");

    session.edit(page, "weight = 2", "weight = -5");
    assert!(!session.update(&[page]).full);
    session.assert_same_as_fresh_build("page weight (the order changes)");

    let routing = "content/networks/routing.md";
    let text = session.site.read(routing);
    let untitled = text.replacen("title = \"Routing\"", "", 1);
    session
        .site
        .write(routing, &format!("{untitled}\n# Routing tables\n"));
    let heading = session.update(&[routing]);
    assert!(!heading.full, "{}", heading.report);
    session.assert_same_as_fresh_build("title from the first heading");
    session.site.write(routing, &text);
    session.update(&[routing]);
    session.assert_same_as_fresh_build("title back in front matter");

    session.edit(page, "weight = -5", "weight = -5\nslug = \"switches\"");
    assert!(session.update(&[page]).full, "a slug changes the plan");
    session.assert_same_as_fresh_build("slug");

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

#[test]
fn the_handbook_rebuilds_a_diagram_a_page_and_a_title_like_a_fresh_build() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let parts = ["content", "diagrams", "templates", "static", "site.toml"];
    let mut session = Session::of(SiteCopy::new(repo, &parts));
    let first = session.update(&[]);
    session.assert_same_as_fresh_build("first build");

    let diagram = "diagrams/arch-one-server.infra";
    let text = session.site.read(diagram);
    assert!(
        text.contains("browser: Browser "),
        "the diagram has its browser node"
    );
    session.site.write(
        diagram,
        &text.replacen("browser: Browser ", "browser: Web browser ", 1),
    );
    let redrawn = session.update(&[diagram]);
    assert!(!redrawn.full && redrawn.pages >= 1, "{}", redrawn.report);
    session.assert_same_as_fresh_build("diagram");

    let page = "content/architectures/one-server.md";
    let text = session.site.read(page);
    session
        .site
        .write(page, &format!("{text}\nOne more sentence.\n"));
    let edited = session.update(&[page]);
    assert_eq!((edited.full, edited.pages), (false, 1));
    session.assert_same_as_fresh_build("page");

    session.edit(
        page,
        "title = \"One-server web stack\"",
        "title = \"A one-server stack\"",
    );
    let retitled = session.update(&[page]);
    assert!(!retitled.full, "{}", retitled.report);
    // Its chapter: the section and its pages (five today, its neighbours among them).
    assert!(
        retitled.pages < 10 && retitled.pages * 4 < first.pages,
        "{}",
        retitled.pages
    );
    session.assert_same_as_fresh_build("page title");
}

#[test]
fn edited_copies_beside_pages_and_in_static_are_copied_again() {
    let mut session = Session::new("sites/features");
    session.update(&[]);
    for file in ["content/bundle/pic.png", "static/img/logo.svg"] {
        let mut bytes = std::fs::read(session.site.path(file)).expect("readable");
        bytes.extend_from_slice(b"\n<!-- edited -->\n");
        std::fs::write(session.site.path(file), bytes).expect("write");
        let outcome = session.update(&[file]);
        assert!(!outcome.full, "{file}: {}", outcome.report);
        assert_eq!(outcome.delta.expect("builds").written.len(), 1, "{file}");
        session.assert_same_as_fresh_build(file);
    }
}

#[test]
fn writing_the_home_section_of_a_site_without_one_is_a_full_build() {
    let site = SiteCopy::fixture("sites/search");
    std::fs::remove_file(site.path("content/_index.md")).expect("rm");
    let mut session = Session::of(site);
    session.update(&[]);
    let title = session.site.read("site.toml");
    let title = title
        .lines()
        .next()
        .expect("title line")
        .trim_start_matches("title = ");
    session
        .site
        .write("content/_index.md", &format!("+++\ntitle = {title}\n+++\n"));
    assert!(session.update(&["content/_index.md"]).full);
    session.assert_same_as_fresh_build("home written");
}

/// A site three sections deep under `guide/`, beside a top-level page and a `reference/` section,
/// pages ordered by weight (and by title where weights tie).
fn nested_site(templates: &[(&str, &str)]) -> SiteCopy {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = SiteCopy {
        root: dir.path().join("site"),
        _dir: dir,
    };
    site.write(
        "site.toml",
        "title = \"Nested\"\nbase_url = \"https://example.com/docs/\"\n[search]\nenabled = false\n",
    );
    let page = |title: &str, weight: i64| {
        format!(
            "+++\ntitle = \"{title}\"\nweight = {weight}\ndescription = \"About {title}\"\n+++\n\nText of {title}.\n"
        )
    };
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n",
    );
    site.write("content/intro.md", &page("Introduction", 1));
    site.write("content/guide/_index.md", &page("Guide", 2));
    site.write("content/guide/basics.md", &page("Basics", 1));
    site.write("content/guide/advanced/_index.md", &page("Advanced", 2));
    site.write("content/guide/advanced/tuning.md", &page("Tuning", 1));
    site.write("content/guide/advanced/caching.md", &page("Caching", 2));
    site.write("content/guide/advanced/deep/_index.md", &page("Deep", 3));
    site.write(
        "content/guide/advanced/deep/one.md",
        "+++\nweight = 1\ndate = 2026-01-02\n+++\n\n# First deep page\n\nText.\n",
    );
    site.write(
        "content/guide/advanced/deep/two.md",
        &page("Second deep page", 2),
    );
    site.write("content/guide/more/_index.md", &page("More", 3));
    site.write("content/guide/more/extra.md", &page("Extra", 1));
    site.write("content/reference/_index.md", &page("Reference", 3));
    for (n, name) in ["api", "cli", "config", "errors", "glossary", "limits"]
        .iter()
        .enumerate()
    {
        site.write(
            &format!("content/reference/{name}.md"),
            &page(name, n as i64),
        );
    }
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    site
}

/// Templates that print everything a page's context takes from other documents, as data.
const CONTEXT_TEMPLATES: [(&str, &str); 2] = [
    (
        "page.html",
        "{{ page.title }}|{{ nav | json_encode }}|{{ breadcrumbs | json_encode }}|{{ prev | json_encode }}|{{ next | json_encode }}",
    ),
    (
        "section.html",
        "{{ section.title }}|{{ nav | json_encode }}|{{ breadcrumbs | json_encode }}|{{ prev | json_encode }}|{{ next | json_encode }}|{{ section.pages | json_encode }}|{{ section.subsections | json_encode }}",
    ),
];

/// Edits titles, descriptions, dates and weights at every depth; after each, the served site is a
/// fresh build's, and an edit deep in the tree renders only the pages around it.
fn title_edits_render_only_the_pages_that_show_them(templates: &[(&str, &str)]) {
    let mut session = Session::of(nested_site(templates));
    let first = session.update(&[]);
    assert!(first.delta.is_some(), "{}", first.report);
    let all = first.pages;
    session.assert_same_as_fresh_build("first build");

    let step = |session: &mut Session, name: &str, path: &str, from: &str, to: &str| {
        session.edit(path, from, to);
        let outcome = session.update(&[path]);
        assert!(
            !outcome.full && outcome.delta.is_some(),
            "{name}: {}",
            outcome.report
        );
        session.assert_same_as_fresh_build(name);
        outcome
    };
    let written = |outcome: &ServeOutcome| -> Vec<String> {
        let delta = outcome.delta.as_ref().expect("builds");
        delta.written.iter().map(|(p, _)| p.clone()).collect()
    };

    let deep = "content/guide/advanced/tuning.md";
    let outcome = step(
        &mut session,
        "deep page title",
        deep,
        "\"Tuning\"",
        "\"Tuning knobs\"",
    );
    // advanced/ and its subtree (4 pages besides tuning), and the page before it (advanced/ too).
    assert_eq!(outcome.pages, 6, "deep page title: {:?}", written(&outcome));
    assert!(outcome.pages * 2 < all, "{} of {all}", outcome.pages);
    let paths = written(&outcome);
    assert!(paths.contains(&"guide/advanced/deep/two/index.html".to_string()));
    assert!(
        !paths.iter().any(|p| p.starts_with("reference/")),
        "{paths:?}"
    );

    let last = "content/guide/advanced/deep/two.md";
    let outcome = step(
        &mut session,
        "title of a section's last page",
        last,
        "\"Second deep page\"",
        "\"Last deep page\"",
    );
    let next = "guide/more/index.html".to_string();
    assert!(
        written(&outcome).contains(&next),
        "the next page, in another section, shows it"
    );

    let outcome = step(
        &mut session,
        "top-level page title",
        "content/intro.md",
        "\"Introduction\"",
        "\"Start here\"",
    );
    assert_eq!(outcome.pages, all, "a top-level title is on every sidebar");

    let section = "content/guide/advanced/_index.md";
    let outcome = step(
        &mut session,
        "section title",
        section,
        "\"Advanced\"",
        "\"Advanced topics\"",
    );
    assert!(outcome.pages < all, "{} of {all}", outcome.pages);

    let heading = "content/guide/advanced/deep/one.md";
    let outcome = step(
        &mut session,
        "title from the first heading",
        heading,
        "# First deep page",
        "# The first deep page",
    );
    assert!(outcome.pages < all, "{} of {all}", outcome.pages);

    step(
        &mut session,
        "description",
        "content/guide/advanced/caching.md",
        "About Caching",
        "All about caching",
    );
    let outcome = step(
        &mut session,
        "date",
        heading,
        "date = 2026-01-02",
        "date = 2026-02-03",
    );
    assert_eq!(outcome.pages, 1, "a date shows on its own page");
    assert!(written(&outcome).contains(&"sitemap.xml".to_string()));

    step(
        &mut session,
        "page weight (order within a section)",
        "content/guide/advanced/caching.md",
        "weight = 2",
        "weight = 0",
    );
    step(
        &mut session,
        "section weight (a subtree moves)",
        "content/guide/advanced/deep/_index.md",
        "weight = 3",
        "weight = -1",
    );
    step(
        &mut session,
        "title that reorders its section",
        "content/reference/api.md",
        "\"api\"",
        "\"zz api\"",
    );
    step(
        &mut session,
        "top-level section weight",
        "content/reference/_index.md",
        "weight = 3",
        "weight = 0",
    );
    let caching = "content/guide/advanced/caching.md";
    session.edit(
        caching,
        "weight = 0",
        "weight = 0\ntemplate = \"missing.html\"",
    );
    // The page falls back to the default template, with one warning that goes when the field does.
    let missing = session.update(&[caching]);
    assert!(
        missing.delta.is_some() && missing.report.contains("W001"),
        "{}",
        missing.report
    );
    session.assert_same_as_fresh_build("a missing template named");
    session.edit(caching, "\ntemplate = \"missing.html\"", "");
    let named_no_more = session.update(&[caching]);
    assert!(
        named_no_more.delta.is_some() && !named_no_more.report.contains("W001"),
        "{}",
        named_no_more.report
    );
    session.assert_same_as_fresh_build("a missing template named, then not");
    step(
        &mut session,
        "home title",
        "content/_index.md",
        "\"Home\"",
        "\"Welcome home\"",
    );
}

#[test]
fn title_weight_and_description_edits_render_only_the_pages_showing_them() {
    title_edits_render_only_the_pages_that_show_them(&[]);
}

#[test]
fn a_theme_reading_every_shared_field_gets_the_same_pages_as_a_fresh_build() {
    title_edits_render_only_the_pages_that_show_them(&CONTEXT_TEMPLATES);
}
