//! Authoring features on the `sites/authoring` fixture: includes (whole files, line ranges, named
//! regions, Markdown, and the errors a user can make with them), and `serve` rendering a page again
//! when a file it includes changes.

use std::path::PathBuf;

use infrabook::build::{BuildOptions, ServeBuild};
use predicates::prelude::*;

use crate::site::{SiteTest, output};

const PAGE: &str = "lb/includes/index.html";

/// The page's `<main>` element (the built-in theme gives it attributes).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>");
    &html[start..end]
}

#[test]
fn includes_put_in_whole_files_ranges_regions_and_markdown() {
    let site = SiteTest::new("sites/authoring");
    let result = site.build();
    let html = output(&result, PAGE);
    let main = main_of(&html);
    // Three code blocks: the whole file (markers left out), the backend region, line 2.
    assert_eq!(main.matches("maxconn 4096").count(), 2, "{main}");
    assert_eq!(main.matches("balance roundrobin").count(), 2, "{main}");
    assert!(
        !main.contains("ANCHOR"),
        "marker lines are left out: {main}"
    );
    // Included Markdown is rendered as part of the page.
    assert!(
        main.contains("<strong>shared</strong>") && main.contains("admonition note"),
        "{main}"
    );
    // An escaped directive is written as is.
    assert!(main.contains("{{#include nothing.cfg}}"), "{main}");
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
}

/// Runs `check` on the fixture with `page` written at `content/lb/bad.md`; returns stderr.
fn check_with(page: &str) -> String {
    let site = SiteTest::new("sites/authoring");
    site.write("content/lb/bad.md", page);
    let assert = site.command().arg("check").assert().code(1);
    String::from_utf8(assert.get_output().stderr.clone()).expect("utf-8")
}

#[test]
fn a_missing_file_anchor_or_range_is_a_located_error() {
    let cases = [
        (
            "{{#include nope.cfg}}\n",
            "error[N001]: cannot read included file `content/lb/nope.cfg`",
            "content/lb/bad.md:5:12",
        ),
        (
            "{{#include haproxy.cfg:frontend}}\n",
            "error[N002]: no `ANCHOR: frontend` in the included file",
            "content/lb/bad.md:5:12",
        ),
        (
            "```\n{{#include haproxy.cfg:7:3}}\n```\n",
            "error[N002]: bad line range `7:3`",
            "content/lb/bad.md:6:12",
        ),
        (
            "{{#include haproxy.cfg:3:99}}\n",
            "the file has 9 lines",
            "content/lb/bad.md:5:12",
        ),
        (
            "{{#include ../../../outside.md}}\n",
            "error[N001]: include `../../../outside.md` leaves the site",
            "content/lb/bad.md:5:12",
        ),
    ];
    for (body, message, place) in cases {
        let stderr = check_with(&format!("+++\ntitle = \"Bad\"\n+++\n\n{body}"));
        assert!(stderr.contains(message), "{body}: {stderr}");
        assert!(stderr.contains(place), "{body}: {stderr}");
        // The snippet shows the offending text with a caret under it.
        assert!(
            stderr.contains(body.lines().find(|l| l.contains("{{#")).unwrap()),
            "{stderr}"
        );
        assert!(stderr.contains('^'), "{stderr}");
    }
}

#[test]
fn an_include_cycle_is_an_error_showing_the_chain() {
    let site = SiteTest::new("sites/authoring");
    site.write("includes/a.md", "A\n\n{{#include b.md}}\n");
    site.write("includes/b.md", "B\n\n{{#include a.md}}\n");
    site.write(
        "content/lb/cycle.md",
        "+++\ntitle = \"Cycle\"\n+++\n\n{{#include ../../includes/a.md}}\n",
    );
    site.command()
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error[N003]: include cycle: includes/a.md -> includes/b.md -> includes/a.md",
        ))
        .stderr(predicate::str::contains("includes/b.md:3:12"));
}

#[test]
fn serve_renders_a_page_again_when_a_file_it_includes_changes() {
    let site = SiteTest::new("sites/authoring");
    let mut build = ServeBuild::new(
        BuildOptions {
            live_reload: true,
            ..site.options()
        },
        false,
    );
    assert!(build.update(&[]).delta.is_some());
    for (file, from, to) in [
        ("content/lb/haproxy.cfg", "roundrobin", "leastconn"),
        ("includes/notice.md", "shared", "reused"),
    ] {
        let text = site.read(file);
        site.write(file, &text.replace(from, to));
        let outcome = build.update(&[PathBuf::from(file)]);
        assert!(!outcome.full, "{file}: a partial rebuild");
        let delta = outcome.delta.expect("builds");
        let page = delta
            .written
            .iter()
            .find(|(path, _)| path == PAGE)
            .unwrap_or_else(|| panic!("{file}: the including page is written again"));
        let html = String::from_utf8(page.1.to_vec()).expect("utf-8");
        assert!(html.contains(to) && !html.contains(from), "{file}: {html}");
    }
}

#[test]
fn tab_sets_show_every_panel_under_its_label_in_the_html() {
    let site = SiteTest::new("sites/authoring");
    let result = site.build();
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    let html = output(&result, "lb/tabs/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<div class=\"tabs\" data-tab-group=\"nginx|haproxy\">"),
        "{main}"
    );
    assert!(main.contains("<div class=\"tabs\" data-tab-group=\"linux|freebsd\">"));
    // Each label carries pymdownx.tabbed's default id, `__tabbed_<set>_<tab>`.
    for (label, id) in [
        ("nginx", "__tabbed_1_1"),
        ("HAProxy", "__tabbed_1_2"),
        ("Linux", "__tabbed_2_1"),
        ("FreeBSD", "__tabbed_2_2"),
    ] {
        assert!(
            main.contains(&format!(
                "<div class=\"tab-panel\" data-tab-label=\"{label}\">\n<p class=\"tab-label\" id=\"{id}\">{label}</p>"
            )),
            "{label}: {main}"
        );
    }
    // The bodies are Markdown: highlighted code, and inline code from the dedented MkDocs text.
    assert!(
        main.contains("<code>systemctl reload nginx</code>"),
        "{main}"
    );
    assert!(
        !main.contains("tab=\""),
        "the attribute leaves the fence: {main}"
    );
    assert!(!main.contains("=== "), "{main}");
    assert!(main.contains("<p>Text after the tabs.</p>"), "{main}");
    // An include inside a MkDocs tab: every line of the file stays in the tab's code block.
    let included = main
        .split("data-tab-label=\"Included\"")
        .nth(1)
        .and_then(|rest| rest.split("data-tab-label=\"Inline\"").next())
        .expect("the Included panel");
    assert!(
        included.contains("\n    server web2") && included.matches("<pre").count() == 1,
        "{included}"
    );
}

#[test]
fn a_broken_link_inside_a_tab_points_at_its_place_in_the_page() {
    let site = SiteTest::new("sites/authoring");
    site.write(
        "content/lb/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n\n=== \"One\"\n\n    See [gone](gone.md).\n",
    );
    site.command()
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[L001]"))
        .stderr(predicate::str::contains("content/lb/bad.md:7:9"));
}

#[test]
fn math_is_written_out_as_mathml_at_build_time() {
    let site = SiteTest::new("sites/authoring");
    let result = site.build();
    let html = output(&result, "lb/math/index.html");
    let main = main_of(&html);
    assert_eq!(main.matches("<math").count(), 3, "{main}");
    assert!(main.contains("<math display=\"block\">"), "{main}");
    assert!(
        main.contains("<msup>"),
        "(1 - a)^n has a superscript: {main}"
    );
    assert!(
        main.contains("costs $5 a month and $10 a year"),
        "dollars in prose stay: {main}"
    );
    assert!(
        !html.contains("<script src=\"http"),
        "no script from elsewhere"
    );
}

#[test]
fn math_off_leaves_dollar_signs_as_text() {
    let site = SiteTest::new("sites/authoring");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[markdown]\nmath = false\n"),
    );
    let html = output(&site.build(), "lb/math/index.html");
    assert!(!html.contains("<math"), "{html}");
    assert!(html.contains("$$P = (1 - a)^n$$"), "{html}");
}

#[test]
fn a_bad_formula_is_an_error_at_its_place() {
    let stderr = check_with("+++\ntitle = \"Bad\"\n+++\n\nLoad is $x + \\nosuch{y}$ here.\n");
    assert!(
        stderr.contains("error[E001]: cannot read the formula"),
        "{stderr}"
    );
    assert!(stderr.contains("content/lb/bad.md:5:14"), "{stderr}");
    assert!(stderr.contains("^^^^^^^"), "{stderr}");
}

/// The body of a GET over a fresh connection (empty on any failure).
fn get(addr: std::net::SocketAddr, target: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return String::new();
    };
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let mut reply = Vec::new();
    let _ = stream.write_all(request.as_bytes());
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

/// The real server: saving a file a page includes shows the new text on that page.
#[test]
fn the_dev_server_rebuilds_a_page_when_its_included_file_is_saved() {
    let site = SiteTest::new("sites/authoring");
    let options = infrabook::dev_server::DevServerOptions {
        root: site.path(""),
        bind: "127.0.0.1".parse().expect("address"),
        port: 0,
        base_url: Some("https://example.github.io/handbook/".into()),
        include_drafts: false,
        color: false,
        warn_links: false,
    };
    let server = infrabook::dev_server::start(&options, |_line: String| {}).expect("starts");
    let addr = server.local_addr();
    assert!(get(addr, "/handbook/lb/includes/").contains("roundrobin"));
    let config = site.read("content/lb/haproxy.cfg");
    site.write(
        "content/lb/haproxy.cfg",
        &config.replace("roundrobin", "leastconn"),
    );
    let rebuilt = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let page = get(addr, "/handbook/lb/includes/");
        page.contains("leastconn") && !page.contains("roundrobin")
    });
    assert!(
        rebuilt,
        "the including page was rebuilt and served within 10 s"
    );
    server.shutdown();
}
