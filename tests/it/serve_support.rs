//! A real `infrabook serve` on 127.0.0.1 for the tests: started on a fixture copy, the lines it
//! prints waited for, and the search index it serves read back the way the browser reads it (entry
//! file, metadata, word chunks, fragments).

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

use infrabook::dev_server::{self, DevServerOptions};
use infrabook::search::writer::{cbor, gzip};
use infrabook::serve::ServerHandle;

use crate::serve::client;
use crate::site::SiteTest;

/// How long a test waits for a build or an index job before it fails.
pub const JOB_TIMEOUT: Duration = Duration::from_secs(120);

/// The dev server on a fixture copy, and the lines it printed that no wait has read yet.
pub struct DevServe {
    pub server: ServerHandle,
    pub addr: SocketAddr,
    pub lines: Receiver<String>,
}

/// Serve's options for `site` on a free port of 127.0.0.1 (`base_url` overrides site.toml's).
pub fn options(site: &SiteTest, base_url: Option<&str>) -> DevServerOptions {
    DevServerOptions {
        root: site.path(""),
        bind: "127.0.0.1".parse().expect("address"),
        port: 0,
        base_url: base_url.map(String::from),
        include_drafts: false,
        color: false,
        warn_links: false,
    }
}

impl DevServe {
    pub fn start(site: &SiteTest, base_url: Option<&str>) -> DevServe {
        let (sender, lines) = channel();
        let report = move |line: String| {
            let _ = sender.send(line);
        };
        let server = dev_server::start(&options(site, base_url), report).expect("server starts");
        let addr = server.local_addr();
        DevServe {
            server,
            addr,
            lines,
        }
    }

    /// Waits until each of `wanted` has been part of a printed line (see [`wait_for_lines`]).
    pub fn wait_for(&self, wanted: &[&str]) -> Vec<String> {
        wait_for_lines(&self.lines, wanted, JOB_TIMEOUT)
    }

    pub fn wait_for_index(&self) {
        self.wait_for(&["search index updated in "]);
    }

    /// The served index (under `prefix`, e.g. `/docs/`) once `ready` holds for it; panics with
    /// the last one read when it does not within [`JOB_TIMEOUT`] (an edit can take more than one
    /// index job: a rename is a removal and an addition).
    pub fn index_when(&self, prefix: &str, ready: impl Fn(&ServedIndex) -> bool) -> ServedIndex {
        let deadline = Instant::now() + JOB_TIMEOUT;
        loop {
            let index = served_index(self.addr, prefix);
            if index.as_ref().is_some_and(&ready) {
                return index.expect("checked");
            }
            if Instant::now() > deadline {
                panic!("the served index never got there: {index:#?}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn shutdown(self) {
        self.server.shutdown();
    }
}

/// Reads the dev server's printed lines until each of `wanted` has been part of one (the lines
/// read, in order); panics with what was seen when a line does not come within `timeout`.
pub fn wait_for_lines(lines: &Receiver<String>, wanted: &[&str], timeout: Duration) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    while !wanted
        .iter()
        .all(|w| seen.iter().any(|line| line.contains(w)))
    {
        match lines.recv_timeout(timeout) {
            Ok(line) => seen.push(line),
            Err(_) => panic!("missing {wanted:?} in {seen:#?}"),
        }
    }
    seen
}

/// What a browser finds through the served index files.
#[derive(Debug)]
pub struct ServedIndex {
    /// Each page's fragment (its JSON text), in page order.
    pub fragments: Vec<String>,
    /// Each word (as indexed: stemmed) and the URLs of the pages the word chunks put it on.
    pub words: BTreeMap<String, BTreeSet<String>>,
}

impl ServedIndex {
    /// The URLs of the pages holding a word that starts with `stem`.
    pub fn pages_of(&self, stem: &str) -> BTreeSet<String> {
        self.words
            .range(stem.to_string()..)
            .take_while(|(word, _)| word.starts_with(stem))
            .flat_map(|(_, urls)| urls.iter().cloned())
            .collect()
    }
}

/// The index served under `prefix`, decoded; `None` while a file of it is missing (not built yet).
pub fn served_index(addr: SocketAddr, prefix: &str) -> Option<ServedIndex> {
    let file = |path: &str| {
        let reply = client::get(addr, &format!("{prefix}pagefind/{path}"));
        (reply.status == 200).then_some(reply.body)
    };
    let inflated = |path: &str| gzip::unframed(&file(path)?);
    let entry: serde_json::Value = serde_json::from_slice(&file("pagefind-entry.json")?).ok()?;
    let hash = entry["languages"]["en"]["hash"].as_str()?.to_string();
    let meta: cbor::Meta = cbor::decode(&inflated(&format!("pagefind.{hash}.pf_meta"))?)?;
    let mut fragments = Vec::new();
    let mut urls = Vec::new();
    for page in &meta.pages {
        let bytes = inflated(&format!("fragment/{}.pf_fragment", page.hash))?;
        let text = String::from_utf8(bytes).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        urls.push(json["url"].as_str()?.to_string());
        fragments.push(text);
    }
    let mut words: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for range in &meta.chunks {
        let chunk: cbor::WordChunk =
            cbor::decode(&inflated(&format!("index/{}.pf_index", range.hash))?)?;
        for word in chunk.words {
            let mut page = 0;
            for posting in &word.pages {
                page += posting.page as usize;
                let url = urls.get(page)?.clone();
                words.entry(word.word.clone()).or_default().insert(url);
            }
        }
    }
    Some(ServedIndex { fragments, words })
}
