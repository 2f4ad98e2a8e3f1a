//! Whole-site builds of `tests/fixtures/sites/sitefeatures`: what a site ships besides its pages
//! (fonts, minified styles) and the handbook's first build being free of warnings.

use crate::site::{SiteTest, output};

fn built() -> (SiteTest, infrabook::BuildResult) {
    let site = SiteTest::new("sites/sitefeatures");
    let result = site.build();
    assert!(
        !result.has_errors(),
        "build failed: {:#?}",
        result.diagnostics
    );
    (site, result)
}

fn paths(result: &infrabook::BuildResult) -> Vec<String> {
    let site = result.site.as_ref().expect("built");
    site.files.iter().map(|f| f.path.clone()).collect()
}

#[test]
fn the_theme_ships_small_woff2_fonts_and_no_otf_copies() {
    let (_site, result) = built();
    let files = paths(&result);
    assert!(!files.iter().any(|p| p.ends_with(".otf")), "{files:?}");
    let site = result.site.as_ref().expect("built");
    for face in ["fonts/Inter-Regular.woff2", "fonts/Inter-SemiBold.woff2"] {
        let file = site.files.iter().find(|f| f.path == face).expect(face);
        let size = file.read().expect("readable").len();
        assert!(size < 30_000, "{face} is {size} bytes: not the subset");
    }
}

#[test]
fn the_main_font_is_preloaded_and_has_a_metric_matched_fallback() {
    let (_site, result) = built();
    let html = output(&result, "dns/records/index.html");
    assert!(html.contains(
        r#"<link rel="preload" href="/handbook/fonts/Inter-Regular.woff2" as="font" type="font/woff2" crossorigin>"#
    ));
    let css = output(&result, "css/site.css");
    assert!(
        css.contains("font-display:swap"),
        "swap, so text shows at once"
    );
    assert!(css.contains("\"Inter Fallback\""));
    assert!(css.contains("size-adjust:107.51%"));
    assert!(css.contains("ascent-override:"));
}

#[test]
fn stylesheets_and_scripts_are_minified() {
    let (_site, result) = built();
    for path in ["css/site.css", "css/diagrams.css", "css/highlight.css"] {
        let css = output(&result, path);
        assert!(!css.contains("/*"), "{path} keeps comments");
        assert!(!css.contains("\n  "), "{path} keeps indentation");
    }
    let js = output(&result, "js/site.js");
    assert!(
        !js.lines()
            .any(|l| l.starts_with(' ') || l.trim_start().starts_with("//"))
    );
    let theme = include_str!("../../static/js/site.js");
    assert!(
        js.len() < theme.len() * 9 / 10,
        "{} of {}",
        js.len(),
        theme.len()
    );
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_handbook_builds_without_warnings_and_check_still_lists_its_teaching_findings() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = out.path().join("public");
    let built = assert_cmd::Command::cargo_bin("infrabook")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["build", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&output)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    // The only line is the summary ("... 0 warnings ...").
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("warning["), "{stderr}");
    assert!(stderr.contains(" 0 warnings"), "{stderr}");

    let checked = assert_cmd::Command::cargo_bin("infrabook")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["check", "--format", "short", "--root"])
        .arg(repo())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&checked.get_output().stderr).into_owned();
    assert!(
        stderr.contains("diagrams/arch-three-server.infra:")
            && stderr.contains("note[single-writer]"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning["), "{stderr}");
}

#[test]
fn build_verbose_lists_expected_findings_with_their_reason() {
    let site = SiteTest::new("sites/sitefeatures");
    site.write(
        "content/teaching.md",
        "+++\ntitle = \"Teaching\"\n+++\n\n```infra\nexpect: [unmonitored-host] \"the page is about monitoring\"\n\
         web: Web { kind: host\n  app: App { kind: app-server }\n}\n```\n",
    );
    let quiet = site.command().args(["build"]).assert().success();
    let quiet = String::from_utf8_lossy(&quiet.get_output().stderr).into_owned();
    assert!(!quiet.contains("unmonitored-host"), "{quiet}");
    let verbose = site
        .command()
        .args(["build", "--verbose"])
        .assert()
        .success();
    let verbose = String::from_utf8_lossy(&verbose.get_output().stderr).into_owned();
    assert!(verbose.contains("note[unmonitored-host]"), "{verbose}");
    assert!(
        verbose.contains("expected in this diagram: the page is about monitoring"),
        "{verbose}"
    );
    assert!(verbose.contains(" 0 warnings"), "{verbose}");
    // `--deny-warnings` does not turn an expected finding into an error.
    site.command()
        .args(["build", "--deny-warnings"])
        .assert()
        .success();
}

#[test]
fn expect_without_a_reason_is_a_located_error() {
    let source = "expect: [single-writer]\na: A { kind: client }\n";
    let (_, errors) = infrabook::diagram::syntax::parse(source);
    let error = errors
        .iter()
        .find(|e| e.message.contains("`expect` needs a reason"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(error.span.start, source.find('\n').expect("newline"));
}

#[test]
fn every_tag_has_a_page_and_the_index_lists_them_all() {
    let (_site, result) = built();
    let index = output(&result, "tags/index.html");
    assert!(
        index.contains(
            r#"<a href="/handbook/tags/basics/">basics</a> <span class="tag-count">(1)</span>"#
        ),
        "{index}"
    );
    assert!(
        index.contains(
            r#"<a href="/handbook/tags/dns/">dns</a> <span class="tag-count">(2)</span>"#
        )
    );
    let dns = output(&result, "tags/dns/index.html");
    assert!(dns.contains("<h1>Tagged “dns”</h1>"));
    assert!(
        dns.contains(r#"href="/handbook/dns/records/""#)
            && dns.contains(r#"href="/handbook/dns/ttl/""#)
    );
    let basics = output(&result, "tags/basics/index.html");
    assert!(
        !basics.contains(r#"href="/handbook/dns/ttl/""#),
        "ttl is not tagged basics"
    );
    let page = output(&result, "dns/records/index.html");
    assert!(
        page.contains(r#"<li><a href="/handbook/tags/dns/" rel="tag">dns</a></li>"#),
        "{page}"
    );
    assert!(page.contains(
        r#"<link rel="alternate" type="application/atom+xml" href="/handbook/atom.xml""#
    ));
}

#[test]
fn the_atom_feed_is_valid_and_lists_dated_pages_newest_first() {
    let (_site, result) = built();
    let xml = output(&result, "atom.xml");
    let feed: atom_syndication::Feed = xml.parse().unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(feed.title().as_str(), "Site Features");
    assert_eq!(feed.id(), "https://docs.example.org/handbook/");
    assert_eq!(feed.updated().to_rfc3339(), "2024-05-20T00:00:00+00:00");
    assert_eq!(feed.authors()[0].name(), "Site Features");
    let links: Vec<(&str, &str)> = feed.links().iter().map(|l| (l.rel(), l.href())).collect();
    assert!(
        links.contains(&("self", "https://docs.example.org/handbook/atom.xml")),
        "{links:?}"
    );
    assert!(links.contains(&("alternate", "https://docs.example.org/handbook/")));
    // RFC 4287: every entry has an id, a title, an updated date and a link; undated pages are left out.
    let entries: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(entries, ["DNS records", "Time to live"]);
    let records = &feed.entries()[0];
    assert_eq!(
        records.id(),
        "https://docs.example.org/handbook/dns/records/"
    );
    assert_eq!(
        records.links()[0].href(),
        "https://docs.example.org/handbook/dns/records/"
    );
    assert_eq!(
        records.published().map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-01T00:00:00+00:00")
    );
    assert_eq!(records.updated().to_rfc3339(), "2024-05-20T00:00:00+00:00");
    let terms: Vec<&str> = records.categories().iter().map(|c| c.term()).collect();
    assert_eq!(terms, ["dns", "basics"]);
    assert_eq!(
        records.summary().map(|s| s.as_str()),
        Some("A, AAAA and CNAME records, and when to use each.")
    );
}

fn git(root: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_AUTHOR_DATE", "2023-02-03T12:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2023-02-03T12:00:00+00:00")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn last_updated_comes_from_git_and_the_front_matter_wins() {
    let site = SiteTest::new("sites/sitefeatures");
    git(&site.root, &["init", "-q"]);
    git(&site.root, &["add", "."]);
    git(&site.root, &["commit", "-q", "-m", "first"]);
    site.command().args(["build"]).assert().success();
    let ttl = site.read("public/dns/ttl/index.html");
    assert!(
        ttl.contains(r#"Updated <time datetime="2023-02-03">2023-02-03</time>"#),
        "{ttl}"
    );
    let records = site.read("public/dns/records/index.html");
    assert!(
        records.contains(r#"<time datetime="2024-05-20">"#),
        "front matter `updated` wins"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://docs.example.org/handbook/about/</loc>\n    <lastmod>2023-02-03</lastmod>"
        ),
        "{sitemap}"
    );
}

#[test]
fn without_git_there_is_no_last_updated_date() {
    let site = SiteTest::new("sites/sitefeatures");
    site.command().args(["build"]).assert().success();
    let about = site.read("public/about/index.html");
    assert!(!about.contains("Updated"), "{about}");
    assert!(
        !site
            .read("public/sitemap.xml")
            .contains("about/</loc>\n    <lastmod>")
    );
}

#[test]
fn llms_txt_lists_the_section_tree_and_pages_have_markdown_with_diagrams_in_words() {
    let (_site, result) = built();
    let llms = output(&result, "llms.txt");
    assert!(
        llms.starts_with("# Site Features\n\n> A fixture for tags"),
        "{llms}"
    );
    assert!(llms.contains("## DNS\n\n- [DNS](https://docs.example.org/handbook/dns/index.md): Names to addresses.\n"), "{llms}");
    assert!(llms.contains("- [Time to live](https://docs.example.org/handbook/dns/ttl/index.md): How long resolvers keep an answer.\n"));
    let md = output(&result, "dns/records/index.md");
    assert!(
        md.starts_with("# DNS records\n\nA, AAAA and CNAME records"),
        "{md}"
    );
    assert!(md.contains("An **A record** maps a name to an IPv4 address."));
    assert!(
        md.contains("> Diagram: Name lookup. Browser connects over DNS to Resolver."),
        "{md}"
    );
    assert!(!md.contains("```infra") && !md.contains("+++"), "{md}");
}

#[test]
fn every_page_has_open_graph_and_twitter_meta_with_an_absolute_url() {
    let (_site, result) = built();
    let page = output(&result, "dns/records/index.html");
    for meta in [
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:site_name" content="Site Features">"#,
        r#"<meta property="og:title" content="DNS records">"#,
        r#"<meta property="og:description" content="A, AAAA and CNAME records, and when to use each.">"#,
        r#"<meta property="og:url" content="https://docs.example.org/handbook/dns/records/">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
    ] {
        assert!(page.contains(meta), "{meta}");
    }
    let home = output(&result, "index.html");
    assert!(home.contains(r#"<meta property="og:type" content="website">"#));
    assert!(
        home.contains(r#"<meta property="og:url" content="https://docs.example.org/handbook/">"#)
    );
    let about = output(&result, "about/index.html");
    assert!(
        about.contains(r#"<meta property="og:title" content="About &amp; contact">"#),
        "escaped"
    );
}

#[test]
fn page_markdown_links_point_at_the_markdown_of_pages_and_keep_anchors() {
    let (_site, result) = built();
    let md = output(&result, "dns/lookup/index.md");
    for link in [
        "[DNS records](/handbook/dns/records/index.md)",
        "[TTL rules](/handbook/dns/ttl/index.md#how-long-an-answer-lives)",
        "[about]: /handbook/about/index.md",
        "[the home page](/handbook/index.md)",
        // An included file's links are read from the page, as the HTML reads them.
        "[how long](/handbook/dns/ttl/index.md)",
    ] {
        assert!(md.contains(link), "{link} in\n{md}");
    }
    for kept in [
        "[RFC 1035](https://www.rfc-editor.org/rfc/rfc1035)",
        "[steps](#steps)",
    ] {
        assert!(md.contains(kept), "{kept} in\n{md}");
    }
    assert!(
        !md.contains("](records.md)") && !md.contains("]: ../about.md"),
        "no source paths left: {md}"
    );
    assert!(!md.contains("{{#include"), "includes are expanded: {md}");
    // Every Markdown URL the page names is a file the build wrote.
    let written = paths(&result);
    for url in [
        "dns/records/index.md",
        "dns/ttl/index.md",
        "about/index.md",
        "index.md",
    ] {
        assert!(written.iter().any(|p| p == url), "{url} written");
    }
}

#[test]
fn page_markdown_gives_mermaid_sequence_and_diagram_files_in_words() {
    let (_site, result) = built();
    let md = output(&result, "dns/lookup/index.md");
    assert!(
        md.contains("\n> Diagram. Browser connects to Resolver."),
        "mermaid flowchart in words: {md}"
    );
    assert!(
        md.contains(
            "\n> Sequence diagram: 2 messages between Browser and Resolver: \
             Browser → Resolver: A www.example.org?; Resolver → Browser: 192.0.2.10 (reply).\n"
        ),
        "sequence in words: {md}"
    );
    assert!(
        md.contains(
            "\n> Diagram: Lookup through a cache. Browser connects over DNS to Caching resolver."
        ),
        "the .infra file an image names, in words: {md}"
    );
    for source in ["```mermaid", "```sequence", "flowchart LR", ".infra)"] {
        assert!(!md.contains(source), "{source} left in {md}");
    }
}
