//! `infrabook serve --open`: the flag, the browser being handed the URL once the site is served
//! (`$BROWSER` stands in for one), and a browser that cannot start leaving the server running.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use clap::Parser;
use infrabook::cli::{Cli, Command as CliCommand};

use super::client::get;
use crate::site::SiteTest;

#[test]
fn open_is_off_unless_asked_for() {
    let parse = |args: &[&str]| match Cli::try_parse_from(args).expect("parses").command {
        CliCommand::Serve(serve) => serve.open,
        other => panic!("not serve: {other:?}"),
    };
    assert!(!parse(&["infrabook", "serve"]));
    assert!(parse(&["infrabook", "serve", "--open", "--port", "0"]));
}

/// `infrabook serve --open` on a copy of a fixture, with `browser` as `$BROWSER`; its stderr
/// lines arrive on the receiver.
struct OpenServer {
    child: Child,
    lines: Receiver<String>,
    _site: SiteTest,
}

impl OpenServer {
    fn start(browser: &str) -> OpenServer {
        let site = SiteTest::new("sites/features");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("infrabook"))
            .args(["serve", "--open", "--port", "0"])
            .current_dir(site.path(""))
            .env("BROWSER", browser)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("serve starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        OpenServer {
            child,
            lines,
            _site: site,
        }
    }

    /// Waits for a line containing `text`.
    fn line_with(&self, text: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("no line with {text:?}"));
            if line.contains(text) {
                return line;
            }
        }
    }

    /// The address from `Serving at http://127.0.0.1:PORT/ (Ctrl-C to stop)`, and the URL.
    fn serving(&self) -> (std::net::SocketAddr, String) {
        let line = self.line_with("Serving at ");
        let url = line.split_whitespace().nth(2).expect("a URL").to_string();
        let host = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .expect("host");
        (host.parse().expect("an address"), url)
    }
}

impl Drop for OpenServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_browser_is_given_the_served_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", record.display()),
    )
    .expect("write script");
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    let server = OpenServer::start(browser.to_str().expect("utf8 path"));
    let (addr, url) = server.serving();
    let opened = (0..100).find_map(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::fs::read_to_string(&record)
            .ok()
            .filter(|s| !s.is_empty())
    });
    assert_eq!(opened.as_deref(), Some(url.as_str()));
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn a_browser_that_cannot_start_is_a_note_and_serving_goes_on() {
    let server = OpenServer::start("/nonexistent/browser");
    let (addr, _) = server.serving();
    let note = server.line_with("could not open a browser");
    assert!(note.starts_with("note: "), "{note}");
    assert_eq!(get(addr, "/").status, 200);
}
