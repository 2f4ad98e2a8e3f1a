//! Tests: `infrabook serve` against a fake site builder, over real sockets on 127.0.0.1: files and
//! content types, the base-path prefix and redirects, the 404 page, refused traversal, live reload
//! over Server-Sent Events, failed builds, the file watcher, a taken port, shutdown, a load test
//! with rebuilds in flight, builds that send only what changed, `--open`, and compression.

pub mod client;
mod compress;
mod delta;
mod load;
mod open;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use infrabook::serve::{
    self, ServeError, ServeEvent, ServeOptions, ServerHandle, SiteBuilder, SiteFiles,
};

use crate::serve_support::DevServe;
use client::{EventStream, get, request};

/// How long a test waits for a build event before failing.
const EVENT_TIMEOUT: Duration = Duration::from_secs(20);
const LIVE_TAG: &str = r#"<script src="/handbook/__infrabook/live.js" defer></script>"#;

fn page(title: &str) -> Vec<u8> {
    format!("<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{LIVE_TAG}</body></html>")
        .into_bytes()
}

fn handbook_files(version: &str) -> SiteFiles {
    vec![
        ("index.html".into(), page(&format!("Home {version}"))),
        ("dns/index.html".into(), page("DNS")),
        ("dns/records/index.html".into(), page("Records")),
        ("404.html".into(), page("Not here")),
        ("css/site.css".into(), b"body { color: black }".to_vec()),
        ("js/search.js".into(), b"export {}".to_vec()),
        (
            "img/stack.svg".into(),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
        ),
        ("fonts/inter.woff2".into(), vec![0, 1, 2, 3]),
        ("sitemap.xml".into(), b"<urlset/>".to_vec()),
        ("pagefind/index/en_1.pf_index".into(), vec![9, 9]),
    ]
}

/// A builder whose next outcome the test sets.
struct FakeBuilder {
    outcome: Mutex<Result<SiteFiles, String>>,
    builds: AtomicUsize,
}

impl FakeBuilder {
    fn new(outcome: Result<SiteFiles, String>) -> Arc<FakeBuilder> {
        Arc::new(FakeBuilder {
            outcome: Mutex::new(outcome),
            builds: AtomicUsize::new(0),
        })
    }

    fn set(&self, outcome: Result<SiteFiles, String>) {
        *self.outcome.lock().expect("outcome lock") = outcome;
    }
}

impl SiteBuilder for FakeBuilder {
    fn build(&self) -> Result<SiteFiles, String> {
        self.builds.fetch_add(1, Ordering::SeqCst);
        self.outcome.lock().expect("outcome lock").clone()
    }
}

struct TestServer {
    handle: ServerHandle,
    events: Receiver<ServeEvent>,
}

impl TestServer {
    fn start(builder: Arc<dyn SiteBuilder>, options: ServeOptions) -> TestServer {
        let (sender, events) = channel();
        let handle = serve::start(options, builder, move |event| {
            let _ = sender.send(event);
        })
        .expect("server starts");
        TestServer { handle, events }
    }

    /// Serves `/handbook/` without watching.
    fn handbook(builder: Arc<dyn SiteBuilder>) -> TestServer {
        TestServer::start(builder, options())
    }

    fn addr(&self) -> SocketAddr {
        self.handle.local_addr()
    }

    fn next_event(&self) -> ServeEvent {
        self.events
            .recv_timeout(EVENT_TIMEOUT)
            .expect("a build event in time")
    }
}

fn options() -> ServeOptions {
    ServeOptions {
        port: 0,
        base_path: "https://example.github.io/handbook/".into(),
        watch: false,
        ..ServeOptions::default()
    }
}

#[test]
fn serves_files_with_their_content_types() {
    let server = TestServer::handbook(FakeBuilder::new(Ok(handbook_files("v1"))));
    assert!(matches!(
        server.next_event(),
        ServeEvent::Built { files: 10, .. }
    ));
    let addr = server.addr();
    assert_eq!(server.handle.url(), format!("http://{addr}/handbook/"));

    let home = get(addr, "/handbook/");
    assert_eq!(home.status, 200);
    assert_eq!(home.body, page("Home v1"));
    for (target, content_type) in [
        ("/handbook/", "text/html; charset=utf-8"),
        ("/handbook/dns/records/", "text/html; charset=utf-8"),
        ("/handbook/css/site.css", "text/css; charset=utf-8"),
        ("/handbook/js/search.js", "text/javascript; charset=utf-8"),
        ("/handbook/img/stack.svg", "image/svg+xml"),
        ("/handbook/fonts/inter.woff2", "font/woff2"),
        ("/handbook/sitemap.xml", "application/xml"),
        (
            "/handbook/pagefind/index/en_1.pf_index",
            "application/octet-stream",
        ),
    ] {
        let reply = get(addr, target);
        assert_eq!(
            (reply.status, reply.header("content-type")),
            (200, Some(content_type)),
            "{target}"
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
    }
    assert_eq!(get(addr, "/handbook/fonts/inter.woff2").body, [0, 1, 2, 3]);
    assert_eq!(
        get(addr, "/handbook/dns/records/?utm=x").body,
        page("Records")
    );
}

#[test]
fn head_gets_headers_only_and_other_methods_are_refused() {
    let server = TestServer::handbook(FakeBuilder::new(Ok(handbook_files("v1"))));
    let head = request(server.addr(), "HEAD", "/handbook/css/site.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("21"));
    assert!(head.body.is_empty());
    let post = request(server.addr(), "POST", "/handbook/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn the_prefix_is_enforced_and_folders_redirect_to_their_slash_form() {
    let server = TestServer::handbook(FakeBuilder::new(Ok(handbook_files("v1"))));
    let addr = server.addr();
    for (target, status, location) in [
        ("/", 302, "/handbook/"),
        ("/handbook", 302, "/handbook/"),
        ("/handbook?x=1", 302, "/handbook/?x=1"),
        ("/handbook/dns", 301, "/handbook/dns/"),
        (
            "/handbook/dns/records?x=1",
            301,
            "/handbook/dns/records/?x=1",
        ),
    ] {
        let reply = get(addr, target);
        assert_eq!(
            (reply.status, reply.header("location")),
            (status, Some(location)),
            "{target}"
        );
    }
    // Files of the site exist only under the prefix.
    let outside = get(addr, "/css/site.css");
    assert_eq!(outside.status, 404);
    assert_eq!(outside.body, page("Not here"));
}

#[test]
fn the_site_root_serves_without_prefix_when_base_url_has_none() {
    let options = ServeOptions {
        base_path: "https://example.com".into(),
        ..options()
    };
    // A custom template that forgot the live-reload script: serve adds it for this prefix.
    let files = vec![
        (
            "index.html".to_string(),
            b"<html><body>Home</body></html>".to_vec(),
        ),
        (
            "dns/index.html".to_string(),
            b"<html><body>DNS</body></html>".to_vec(),
        ),
    ];
    let server = TestServer::start(FakeBuilder::new(Ok(files)), options);
    let home = get(server.addr(), "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.text(),
        r#"<html><body>Home<script src="/__infrabook/live.js" defer></script></body></html>"#
    );
    assert_eq!(get(server.addr(), "/dns").header("location"), Some("/dns/"));
    assert_eq!(get(server.addr(), "/__infrabook/live.js").status, 200);
}

#[test]
fn a_missing_file_gets_the_sites_404_page() {
    let server = TestServer::handbook(FakeBuilder::new(Ok(handbook_files("v1"))));
    for target in [
        "/handbook/no/such/page/",
        "/handbook/nope.css",
        "/elsewhere/",
    ] {
        let reply = get(server.addr(), target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(reply.body, page("Not here"), "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }
}

#[test]
fn a_site_without_404_page_still_answers_404() {
    let files = vec![("index.html".to_string(), page("Home"))];
    let server = TestServer::handbook(FakeBuilder::new(Ok(files)));
    let reply = get(server.addr(), "/handbook/missing/");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text(), "Not found.\n");
}

#[test]
fn traversal_attempts_are_refused() {
    // A real file beside the site: no spelling of a path may reach it.
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("site.toml"), "secret = \"S3CRET\"\n").expect("write");
    let options = ServeOptions {
        root: root.path().to_path_buf(),
        ..options()
    };
    let server = TestServer::start(FakeBuilder::new(Ok(handbook_files("v1"))), options);
    for target in [
        "/../etc/passwd",
        "/handbook/../site.toml",
        "/handbook/../../../../etc/passwd",
        "/%2e%2e/",
        "/%2e%2e%2fetc/passwd",
        "/handbook/%2e%2e/%2e%2e/etc/passwd",
        "/handbook/%2E%2E%2Fsite.toml",
        "/handbook/dns/%2e%2e/index.html",
        "//etc/passwd",
        "/handbook//etc/passwd",
        "/handbook/..\\..\\etc\\passwd",
        "/handbook/%5c..%5c..%5csite.toml",
        "/handbook/index.html%00.css",
        "/handbook/%c0%ae%c0%ae/site.toml",
        "http://127.0.0.1/etc/passwd",
        "/etc/passwd",
    ] {
        let reply = get(server.addr(), target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target} answered {}",
            reply.status
        );
        let body = reply.text();
        assert!(
            !body.contains("root:") && !body.contains("S3CRET"),
            "{target} leaked a file"
        );
    }
    // Spellings that a lenient server would normalise into a real page are refused, not served.
    assert_eq!(
        get(server.addr(), "/handbook/dns/%2e%2e/index.html").status,
        400
    );
    assert_eq!(get(server.addr(), "/handbook/./index.html").status, 400);
}

#[test]
fn the_live_script_is_served_under_the_prefix() {
    let server = TestServer::handbook(FakeBuilder::new(Ok(handbook_files("v1"))));
    let script = get(server.addr(), "/handbook/__infrabook/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains(r#""/handbook/__infrabook/events""#));
    assert_eq!(get(server.addr(), "/__infrabook/live.js").status, 404);
}

#[test]
fn a_rebuild_reloads_open_tabs_with_the_new_site() {
    let builder = FakeBuilder::new(Ok(handbook_files("v1")));
    let server = TestServer::handbook(builder.clone());
    server.next_event();
    let mut stream =
        EventStream::open(server.addr(), "/handbook/__infrabook/events").expect("stream");
    assert_eq!(stream.status, 200);
    let content_type = stream
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"));
    assert_eq!(
        content_type.map(|(_, v)| v.as_str()),
        Some("text/event-stream; charset=utf-8")
    );
    let hello = stream.wait_for("hello");

    builder.set(Ok(handbook_files("v2")));
    server.handle.rebuild();
    let reload = stream.wait_for("reload");
    assert_ne!(reload.data, hello.data, "a new build id");
    assert!(matches!(server.next_event(), ServeEvent::Built { .. }));
    assert_eq!(get(server.addr(), "/handbook/").body, page("Home v2"));
}

#[test]
fn a_failed_build_keeps_the_old_site_and_shows_the_error() {
    let builder = FakeBuilder::new(Ok(handbook_files("v1")));
    let server = TestServer::handbook(builder.clone());
    server.next_event();
    let mut stream =
        EventStream::open(server.addr(), "/handbook/__infrabook/events").expect("stream");
    stream.wait_for("hello");

    let diagnostics = "content/a.md:3:1: error[L001]: broken link `<b>`";
    builder.set(Err(diagnostics.into()));
    server.handle.rebuild();
    let failed = stream.wait_for("failed");
    let data: serde_json::Value = serde_json::from_str(&failed.data).expect("json");
    assert_eq!(data["diagnostics"], diagnostics);
    match server.next_event() {
        ServeEvent::BuildFailed {
            diagnostics: reported,
            ..
        } => assert_eq!(reported, diagnostics),
        other => panic!("expected a failed build, got {other:?}"),
    }
    assert_eq!(get(server.addr(), "/handbook/").body, page("Home v1"));

    // A tab that connects now is told about the failure straight away.
    let mut late =
        EventStream::open(server.addr(), "/handbook/__infrabook/events").expect("stream");
    late.wait_for("hello");
    late.wait_for("failed");

    builder.set(Ok(handbook_files("v3")));
    server.handle.rebuild();
    stream.wait_for("reload");
    assert_eq!(get(server.addr(), "/handbook/").body, page("Home v3"));
}

#[test]
fn a_first_build_that_fails_shows_the_diagnostics_until_fixed() {
    let builder = FakeBuilder::new(Err("site.toml:1:1: error: <script>alert(1)</script>".into()));
    let server = TestServer::handbook(builder.clone());
    assert!(matches!(
        server.next_event(),
        ServeEvent::BuildFailed { .. }
    ));
    let reply = get(server.addr(), "/handbook/dns/");
    assert_eq!(reply.status, 500);
    let body = reply.text();
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(!body.contains("<script>alert"));
    assert!(body.contains(LIVE_TAG), "the error page reloads by itself");

    builder.set(Ok(handbook_files("v1")));
    server.handle.rebuild();
    assert!(matches!(server.next_event(), ServeEvent::Built { .. }));
    assert_eq!(get(server.addr(), "/handbook/").status, 200);
}

#[test]
fn a_panicking_build_is_reported_and_the_server_keeps_going() {
    let calls = AtomicUsize::new(0);
    let builder = move || -> Result<SiteFiles, String> {
        if calls.fetch_add(1, Ordering::SeqCst) == 1 {
            panic!("boom");
        }
        Ok(handbook_files("v1"))
    };
    let server = TestServer::handbook(Arc::new(builder));
    server.next_event();
    server.handle.rebuild();
    match server.next_event() {
        ServeEvent::BuildFailed { diagnostics, .. } => assert!(diagnostics.contains("boom")),
        other => panic!("expected a failed build, got {other:?}"),
    }
    server.handle.rebuild();
    assert!(matches!(server.next_event(), ServeEvent::Built { .. }));
}

/// Reads every source the way a real build does, then returns the handbook.
fn reading_builder(root: PathBuf) -> impl Fn() -> Result<SiteFiles, String> + Send + Sync {
    move || {
        for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
            if entry.file_type().is_file() {
                std::fs::read(entry.path()).map_err(|error| error.to_string())?;
            }
        }
        Ok(handbook_files("v1"))
    }
}

#[test]
fn editing_a_watched_file_rebuilds_and_reports_the_change() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(root.path().join("content")).expect("mkdir");
    std::fs::write(root.path().join("content/_index.md"), "# Home\n").expect("write");
    std::fs::write(root.path().join("site.toml"), "title = \"x\"\n").expect("write");
    let options = ServeOptions {
        root: root.path().to_path_buf(),
        watch: true,
        ..options()
    };
    let builder = reading_builder(root.path().to_path_buf());
    let server = TestServer::start(Arc::new(builder), options);
    server.next_event();

    std::fs::write(root.path().join("content/page.md"), "# Page\n").expect("write");
    expect_change(&server, "content/page.md");
    std::fs::write(root.path().join("site.toml"), "title = \"y\"\n").expect("write");
    expect_change(&server, "site.toml");
    // A watched folder created after start is watched from then on.
    std::fs::create_dir(root.path().join("diagrams")).expect("mkdir");
    expect_change(&server, "diagrams");
    std::fs::write(root.path().join("diagrams/stack.infra"), "a -> b\n").expect("write");
    expect_change(&server, "diagrams/stack.infra");
    // ... and again after being deleted and made anew (a branch switch does that).
    std::fs::remove_dir_all(root.path().join("diagrams")).expect("rm");
    expect_change(&server, "diagrams");
    std::fs::create_dir(root.path().join("diagrams")).expect("mkdir");
    expect_change(&server, "diagrams");
    std::fs::write(root.path().join("diagrams/db.infra"), "a -> b\n").expect("write");
    expect_change(&server, "diagrams/db.infra");
    // Files outside the watched set change nothing.
    std::fs::create_dir(root.path().join("public")).expect("mkdir");
    std::fs::write(root.path().join("public/index.html"), "x").expect("write");

    // The builds read every source; reads must not count as changes (that would rebuild forever).
    let quiet = Duration::from_millis(600);
    let extra = server.events.recv_timeout(quiet);
    assert!(extra.is_err(), "a build nobody asked for: {extra:?}");
}

/// Waits for a build whose changes include `path`.
fn expect_change(server: &TestServer, path: &str) {
    loop {
        match server.next_event() {
            ServeEvent::Built { changed, .. } if changed.contains(&PathBuf::from(path)) => return,
            ServeEvent::Built { .. } => {}
            other => panic!("expected a rebuild for {path}, got {other:?}"),
        }
    }
}

#[test]
fn a_taken_port_is_named_and_a_free_one_suggested() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let options = ServeOptions { port, ..options() };
    let error = match serve::start(options, FakeBuilder::new(Ok(Vec::new())), |_| {}) {
        Err(error) => error,
        Ok(_) => panic!("started on a taken port"),
    };
    let ServeError::PortInUse {
        free_port: Some(free),
        ..
    } = &error
    else {
        panic!("expected PortInUse with a suggestion, got {error:?}");
    };
    assert_ne!(*free, port);
    let message = error.to_string();
    assert!(
        message.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{message}"
    );
    assert!(message.contains(&format!("--port {free}")), "{message}");
}

#[test]
fn shutdown_closes_streams_and_the_port() {
    let server = TestServer::handbook(FakeBuilder::new(Ok(handbook_files("v1"))));
    let addr = server.addr();
    let mut stream = EventStream::open(addr, "/handbook/__infrabook/events").expect("stream");
    stream.wait_for("hello");
    let stop = server.handle.shutdown_handle();
    let stopper = thread::spawn(move || stop.shutdown());
    server.handle.wait();
    stopper.join().expect("stopper");
    stream.wait_for("bye");
    // The listener closes on the accept thread just after shutdown returns.
    let closed = (0..100).any(|_| {
        let refused = TcpStream::connect(addr).is_err();
        if !refused {
            thread::sleep(Duration::from_millis(20));
        }
        refused
    });
    assert!(closed, "nothing listens any more");
}

/// The real pipeline behind the server: the fixture site served under its base path, and an edit to
/// a page showing up without a restart.
#[test]
fn dev_server_serves_the_built_site_and_rebuilds_an_edited_page() {
    let site = crate::site::SiteTest::new("sites/features");
    let serve = DevServe::start(&site, Some("https://example.github.io/handbook/"));
    let addr = serve.addr;

    let home = client::get(addr, "/handbook/");
    assert_eq!(home.status, 200);
    assert!(
        home.text().contains("/handbook/__infrabook/live.js"),
        "live reload injected"
    );
    assert_eq!(
        client::get(addr, "/").status,
        302,
        "the root redirects to the prefix"
    );

    let page = "content/guide/_index.md";
    let original = site.read(page);
    site.write(page, &format!("{original}\n\nFreshly edited sentence.\n"));
    let edited = (0..100).any(|_| {
        thread::sleep(Duration::from_millis(100));
        client::get(addr, "/handbook/guide/")
            .text()
            .contains("Freshly edited sentence.")
    });
    assert!(edited, "the edit was rebuilt and served within 10 s");
    // One page went through its template, and the search index followed in the background.
    serve.wait_for(&[
        "changed content/guide/_index.md: rebuilt 1 page in ",
        "search index updated in ",
    ]);
    serve.shutdown();
}

/// With search on, the site is served before its index exists: the index is made in the
/// background and appears under `pagefind/` later, without a rebuild.
#[test]
fn dev_server_serves_pages_before_the_search_index_is_built() {
    let site = crate::site::SiteTest::new("sites/search");
    // Enough pages that indexing them takes longer than one request.
    let words = "servers answer requests behind a load balancer with replicas ".repeat(40);
    for n in 0..600 {
        site.write(
            &format!("content/bulk/page-{n}.md"),
            &format!("+++\ntitle = \"Bulk {n}\"\n+++\n\n## Part {n}\n\n{words}\n"),
        );
    }
    site.write("content/bulk/_index.md", "+++\ntitle = \"Bulk\"\n+++\n");
    let serve = DevServe::start(&site, None);
    let addr = serve.addr;
    let entry = "/docs/pagefind/pagefind-entry.json";

    assert_eq!(client::get(addr, "/docs/bulk/page-7/").status, 200);
    assert_eq!(
        client::get(addr, entry).status,
        404,
        "the page is served while the index is still being made"
    );
    serve.wait_for_index();
    let index = client::get(addr, entry);
    assert_eq!(index.status, 200, "the index appears once it is made");
    assert!(index.text().contains("\"page_count\":"), "{}", index.text());
    serve.shutdown();
}
