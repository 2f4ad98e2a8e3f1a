//! The build's way in: each page is read on the thread that rendered it ([`read`], called by
//! [`crate::search::Indexer::add`]), so reading keeps pace with rendering however many cores
//! render and no page's HTML waits in a queue; [`run`] merges the read pages in the announced
//! order as soon as each page's turn comes ([`super::merge`]), so only the few pages that arrive
//! ahead of their turn are held whole. The same bytes whatever order pages arrive in.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc::Receiver;

use super::merge::Merger;
use super::page::{self, Page};
use super::words::{self, WordCache};
use super::{files_of, with_entry_and_assets};
use crate::output::OutputFile;
use crate::search::SearchDocument;

/// A page read for the index, with its URL.
pub type ReadPage = (String, Page);

thread_local! {
    /// The words each rendering thread has split and stemmed so far, with their language.
    static WORDS: RefCell<(String, WordCache)> = RefCell::new((String::new(), WordCache::default()));
}

/// Reads one page's document (on the caller's thread); the document is dropped.
pub fn read(document: SearchDocument, language: &str) -> ReadPage {
    let stemmer = words::stemmer(language);
    let page = WORDS.with_borrow_mut(|(cached, cache)| {
        if cached != language {
            *cache = WordCache::default();
            language.clone_into(cached);
        }
        page::of_document_cached(&document, language, stemmer.as_ref(), cache)
    });
    (document.url, page)
}

/// Merges every page `receiver` delivers until its senders are gone, then writes the index:
/// pages in the order of `urls` (each listed once; a page that never comes is skipped), then
/// those not announced, in URL order. A page sent twice before its turn counts with its last.
pub fn run(
    urls: &[String],
    receiver: &Receiver<ReadPage>,
    language: &str,
) -> Result<Vec<OutputFile>, String> {
    let turn: HashMap<&str, usize> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| (url.as_str(), i))
        .collect();
    let mut merger = Merger::new(language);
    let mut early: BTreeMap<usize, Page> = BTreeMap::new();
    let mut unannounced: BTreeMap<String, Page> = BTreeMap::new();
    let mut next = 0;
    for (url, page) in receiver {
        match turn.get(url.as_str()) {
            Some(&at) if at >= next => {
                early.insert(at, page);
            }
            Some(_) => {}
            None => {
                unannounced.insert(url, page);
            }
        }
        while let Some(page) = early.remove(&next) {
            merger.add(page);
            next += 1;
        }
    }
    for page in early.into_values().chain(unannounced.into_values()) {
        merger.add(page);
    }
    let files = files_of(merger.finish(None), language);
    with_entry_and_assets(files, language).map_err(|diagnostic| diagnostic.message)
}

#[cfg(test)]
mod tests {
    use super::super::live::tests::document;
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn pages_arriving_out_of_order_give_the_index_of_the_announced_order() {
        let documents = vec![
            document("/a/", "alpha shared words"),
            document("/b/", "beta shared café"),
            document("/c/", "gamma shared cafe"),
        ];
        let urls: Vec<String> = documents.iter().map(|d| d.url.clone()).collect();
        let (sender, receiver) = channel();
        for at in [2, 0, 1] {
            sender
                .send(read(documents[at].clone(), "en"))
                .expect("sends");
        }
        drop(sender);
        let streamed = run(&urls, &receiver, "en").expect("indexes");
        let options = crate::search::IndexOptions { language: "en" };
        assert!(streamed == super::super::write(documents, &options).expect("indexes"));
    }
}
