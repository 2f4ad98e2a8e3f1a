//! The indexing thread: takes [`SearchDocument`]s as they come, from any thread and in any order,
//! and feeds them to Pagefind in the order announced while the caller goes on with its work.
//!
//! Pagefind adds pages one at a time (its `add_html_file` takes the index mutably), so indexing is
//! one thread's work however many cores render; running it beside the renderers rather than after
//! them is what keeps it from adding its whole length to a build. Order is what makes the output
//! byte-identical: [`Indexer::start`] is told every URL to expect, in order (the build announces its
//! reading order, the order the renderers work through, so documents rarely wait), and a document
//! that arrives early waits until those before it have been added. Documents that never arrive (a
//! page that failed to render) are skipped when the senders are done; unannounced ones are added
//! last, in URL order.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{BUNDLE_DIR, EXCLUDED, IndexOptions, SearchDocument, cache, failure, is_needed};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// A running index build; see the module documentation.
pub struct Indexer {
    feed: Feed,
    worker: JoinHandle<Result<Vec<OutputFile>, String>>,
}

/// Where [`Indexer::add`] sends a document: whole to Pagefind's thread, or read on the caller's
/// thread first for our writer's merging thread.
enum Feed {
    Library(Sender<SearchDocument>),
    Ours {
        sender: Sender<super::writer::stream::ReadPage>,
        language: String,
    },
}

impl Indexer {
    /// Starts the indexing thread; `urls` are the URLs of the documents to come, in the order
    /// Pagefind gets them (a URL listed twice counts once, at its first place).
    pub fn start(urls: Vec<String>, options: &IndexOptions) -> Indexer {
        Indexer::start_with(urls, options, None)
    }

    /// [`Indexer::start`], with Pagefind's bundle kept in the cache folder `cache` between builds
    /// (see [`super::cache`]): the index files come back as copies of the cached files.
    pub fn start_cached(urls: Vec<String>, options: &IndexOptions, cache: PathBuf) -> Indexer {
        Indexer::start_with(urls, options, Some(cache))
    }

    /// [`Indexer::start`], with our own writer of Pagefind's format ([`super::writer`]) doing the
    /// work: each page is read on the thread that adds it, merged in order as its turn comes,
    /// and the same index results.
    pub fn start_ours(mut urls: Vec<String>, options: &IndexOptions) -> Indexer {
        let mut seen = HashSet::new();
        urls.retain(|url| seen.insert(url.clone()));
        let (sender, receiver) = channel();
        let language = options.language.to_string();
        let feed = Feed::Ours {
            sender,
            language: language.clone(),
        };
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || super::writer::stream::run(&urls, &receiver, &language));
        let worker = match worker {
            Ok(worker) => worker,
            Err(error) => {
                let message = format!("cannot start the indexing thread: {error}");
                std::thread::spawn(move || Err(message))
            }
        };
        Indexer { feed, worker }
    }

    fn start_with(
        mut urls: Vec<String>,
        options: &IndexOptions,
        cache: Option<PathBuf>,
    ) -> Indexer {
        let mut seen = HashSet::new();
        urls.retain(|url| seen.insert(url.clone()));
        let (sender, receiver) = channel();
        let language = options.language.to_string();
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || run(&urls, &receiver, &language, cache));
        let worker = match worker {
            Ok(worker) => worker,
            // No thread to be had: fail at `finish`, like any other indexing failure.
            Err(error) => {
                let message = format!("cannot start the indexing thread: {error}");
                std::thread::spawn(move || Err(message))
            }
        };
        Indexer {
            feed: Feed::Library(sender),
            worker,
        }
    }

    /// Hands one page's document to the indexing thread; callable from any thread (our writer
    /// reads the page on the calling thread first).
    pub fn add(&self, document: SearchDocument) {
        // A send fails only when the thread has stopped, which `finish` reports.
        match &self.feed {
            Feed::Library(sender) => {
                let _ = sender.send(document);
            }
            Feed::Ours { sender, language } => {
                let _ = sender.send(super::writer::stream::read(document, language));
            }
        }
    }

    /// Waits for the index: its files under `pagefind/`, sorted by path, or `X001`.
    pub fn finish(self) -> Result<Vec<OutputFile>, Diagnostic> {
        drop(self.feed);
        match self.worker.join() {
            Ok(result) => result.map_err(failure),
            Err(panic) => Err(failure(format!(
                "the indexer stopped: {}",
                panic_message(panic.as_ref())
            ))),
        }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic inside Pagefind")
}

/// The indexing thread's body: documents in, index files out.
fn run(
    urls: &[String],
    receiver: &Receiver<SearchDocument>,
    language: &str,
    cache: Option<PathBuf>,
) -> Result<Vec<OutputFile>, String> {
    let runtime = runtime()?;
    // The cache only saves work: a folder that cannot be made ready means indexing in memory.
    let bundle = cache
        .as_deref()
        .and_then(|cache| cache::prepare(cache).ok());
    let files = runtime
        .block_on(build(urls, receiver, language, bundle.clone()))
        .map_err(|error| format!("{error:#}"))?;
    output_files(files, bundle.as_deref())
}

/// The indexing runtime: one thread, which Pagefind's blocking tasks share.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    // Pagefind reads the working directory when it starts and panics if there is none.
    std::env::current_dir()
        .map_err(|error| format!("Pagefind needs a working directory: {error}"))?;
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the indexing runtime: {error}"))
}

/// A new, empty Pagefind index with the site's options.
pub(super) fn new_index(language: &str) -> anyhow::Result<PagefindIndex> {
    let config = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(EXCLUDED.iter().map(ToString::to_string).collect())
        .build();
    PagefindIndex::new(Some(config))
}

/// Builds `index` and returns its files: in memory, or (with `bundle`) written there first.
pub(super) async fn index_files(
    index: &mut PagefindIndex,
    bundle: Option<&Path>,
) -> anyhow::Result<Vec<pagefind::api::SyntheticFile>> {
    match bundle {
        // Pagefind skips the hashed files already in the folder: only new contents are gzipped.
        Some(bundle) => {
            index
                .write_files(Some(bundle.to_string_lossy().into_owned()))
                .await?;
            Ok(Vec::new())
        }
        None => index.get_files().await,
    }
}

/// The files of the site's index under [`BUNDLE_DIR`], sorted by path: the cached bundle's, or
/// those Pagefind returned in memory.
pub(super) fn output_files(
    files: Vec<pagefind::api::SyntheticFile>,
    bundle: Option<&Path>,
) -> Result<Vec<OutputFile>, String> {
    if let Some(bundle) = bundle {
        return cache::collect(bundle);
    }
    let mut files: Vec<OutputFile> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            is_needed(&name)
                .then(|| OutputFile::bytes(format!("{BUNDLE_DIR}/{name}"), file.contents))
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

async fn build(
    urls: &[String],
    receiver: &Receiver<SearchDocument>,
    language: &str,
    bundle: Option<PathBuf>,
) -> anyhow::Result<Vec<pagefind::api::SyntheticFile>> {
    let mut index = new_index(language)?;
    let mut waiting: BTreeMap<String, String> = BTreeMap::new();
    let mut next = 0;
    // Blocking on the channel is fine here: the runtime has no other task to run meanwhile.
    for document in receiver {
        waiting.insert(document.url, document.html);
        while let Some(html) = urls.get(next).and_then(|url| waiting.remove(url)) {
            index
                .add_html_file(None, Some(urls[next].clone()), html)
                .await?;
            next += 1;
        }
    }
    for url in &urls[next.min(urls.len())..] {
        if let Some(html) = waiting.remove(url) {
            index.add_html_file(None, Some(url.clone()), html).await?;
        }
    }
    for (url, html) in waiting {
        index.add_html_file(None, Some(url), html).await?;
    }
    index_files(&mut index, bundle.as_deref()).await
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A one-word page as the build hands it to the indexer; the live index's tests use it too.
    pub(in crate::search) fn document(url: &str, word: &str) -> SearchDocument {
        SearchDocument {
            url: url.to_string(),
            html: format!(
                "<html lang=\"en\"><head><title>{word}</title></head><body>\
                 <main data-pagefind-body><h1>{word}</h1><p>{word} text</p></main></body></html>"
            ),
        }
    }

    fn index_in_arrival_order(arrivals: &[(&str, &str)]) -> Vec<OutputFile> {
        let announced = ["/a/", "/c/", "/b/"].map(String::from).to_vec();
        let indexer = Indexer::start(announced, &IndexOptions { language: "en" });
        for (url, word) in arrivals {
            indexer.add(document(url, word));
        }
        indexer.finish().expect("indexes")
    }

    #[test]
    fn the_index_follows_the_announced_order_not_the_arrival_order() {
        let in_order =
            index_in_arrival_order(&[("/a/", "alpha"), ("/c/", "gamma"), ("/b/", "beta")]);
        let reversed =
            index_in_arrival_order(&[("/b/", "beta"), ("/c/", "gamma"), ("/a/", "alpha")]);
        assert!(in_order == reversed, "arrival order leaves no trace");
        let shuffled_announcement = {
            let urls = ["/b/", "/a/", "/c/"].map(String::from).to_vec();
            let indexer = Indexer::start(urls, &IndexOptions { language: "en" });
            for (url, word) in [("/a/", "alpha"), ("/c/", "gamma"), ("/b/", "beta")] {
                indexer.add(document(url, word));
            }
            indexer.finish().expect("indexes")
        };
        let meta = |files: &[OutputFile]| {
            files
                .iter()
                .find(|f| f.path.ends_with(".pf_meta"))
                .map(|f| f.path.clone())
        };
        assert_ne!(
            meta(&in_order),
            meta(&shuffled_announcement),
            "the announced order is the page order of the index"
        );
    }

    #[test]
    fn a_panic_on_the_indexing_thread_is_a_diagnostic() {
        let (sender, _) = channel();
        let worker = std::thread::spawn(|| -> Result<Vec<OutputFile>, String> {
            panic!("boom inside the indexer")
        });
        let error = Indexer {
            feed: Feed::Library(sender),
            worker,
        }
        .finish()
        .expect_err("a panic is a failure");
        assert_eq!(error.code, "X001");
        assert!(
            error.message.contains("boom inside the indexer"),
            "{}",
            error.message
        );
    }
}
