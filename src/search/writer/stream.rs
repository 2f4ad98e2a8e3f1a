//! The build's way in: pages are read as the renderers hand them over, each on a rayon worker
//! (so reading keeps pace with rendering, however many cores render), and only each page's
//! packed postings and gzipped fragment wait for the end, when they are merged in the announced
//! order (the same bytes whatever order pages arrive in).

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc::{Receiver, channel};

use super::page::{self, Page};
use super::{finish, words};
use crate::output::OutputFile;
use crate::search::{EXCLUDED, SearchDocument};

/// Reads every document `receiver` delivers until its senders are gone, then writes the index:
/// pages in the order of `urls` (each listed once), then those not announced, in URL order.
pub fn run(
    urls: &[String],
    receiver: &Receiver<SearchDocument>,
    language: &str,
) -> Result<Vec<OutputFile>, String> {
    let (done, pages) = channel::<(String, Page)>();
    for document in receiver {
        let done = done.clone();
        let language = language.to_string();
        rayon::spawn(move || {
            let stemmer = words::stemmer(&language);
            let page = page::read(
                &document.url,
                &document.html,
                &language,
                stemmer.as_ref(),
                EXCLUDED,
            );
            // The receiver lives until every sender is dropped.
            let _ = done.send((document.url, page));
        });
    }
    drop(done);
    let mut read: HashMap<String, Page> = pages.into_iter().collect();
    let mut ordered = Vec::with_capacity(read.len());
    for url in urls {
        if let Some(page) = read.remove(url) {
            ordered.push(page);
        }
    }
    let rest: BTreeMap<String, Page> = read.into_iter().collect();
    ordered.extend(rest.into_values());
    finish(ordered, language).map_err(|diagnostic| diagnostic.message)
}
