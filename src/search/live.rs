//! A search index kept alive between builds (`serve`): after an edit only the pages whose search
//! documents changed are read by Pagefind again; the index is then rebuilt from what it holds.
//!
//! Pagefind's `add_html_file` replaces the entry of a URL it already has, in its place, so a page
//! edited keeps its page number, and the index of the updated set is the one a fresh index of the
//! same documents in the same order would give, byte for byte. Pagefind has no way to drop a page,
//! and puts a new page last, so when a page went away or the order of the pages changed (a page
//! added anywhere but at the end, a weight changed) the index is started afresh. What it costs to
//! keep: Pagefind's copy of every page's words (several hundred KB a page), for as long as the
//! server runs.

use std::collections::HashMap;
use std::path::Path;

use pagefind::api::PagefindIndex;

use super::indexer::{index_files, new_index, output_files, runtime};
use super::{IndexOptions, SearchDocument, cache, failure};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// Pagefind's index with the documents it was given, in order.
pub struct LiveIndex {
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
    language: String,
    urls: Vec<String>,
    documents: HashMap<String, String>,
}

/// How an update went, for the caller's report and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveUpdate {
    /// Documents Pagefind read this time.
    pub read: usize,
    /// Whether the index was started afresh.
    pub fresh: bool,
}

/// Brings the index in `slot` up to `documents` (one per URL, in reading order) and returns its
/// files, like [`super::index`] (with `cache`, like [`super::index_cached`]). An empty slot, or one
/// that cannot be updated in place, gets a new index; after a failure the slot is left empty.
pub fn update(
    slot: &mut Option<LiveIndex>,
    documents: Vec<SearchDocument>,
    options: &IndexOptions,
    cache: Option<&Path>,
) -> Result<(Vec<OutputFile>, LiveUpdate), Diagnostic> {
    let mut documents = documents;
    let mut seen = std::collections::HashSet::new();
    documents.retain(|d| seen.insert(d.url.clone()));
    let live = slot.take();
    let result = run(live, documents, options, cache);
    match result {
        Ok((live, files, update)) => {
            *slot = Some(live);
            Ok((files, update))
        }
        Err(message) => Err(failure(message)),
    }
}

fn run(
    live: Option<LiveIndex>,
    documents: Vec<SearchDocument>,
    options: &IndexOptions,
    cache: Option<&Path>,
) -> Result<(LiveIndex, Vec<OutputFile>, LiveUpdate), String> {
    let urls: Vec<String> = documents.iter().map(|d| d.url.clone()).collect();
    let in_place = live.filter(|live| {
        live.language == options.language
            && live.urls.len() <= urls.len()
            && live.urls[..] == urls[..live.urls.len()]
    });
    let fresh = in_place.is_none();
    let mut live = match in_place {
        Some(live) => live,
        None => LiveIndex {
            runtime: runtime()?,
            index: new_index(options.language).map_err(|e| format!("{e:#}"))?,
            language: options.language.to_string(),
            urls: Vec::new(),
            documents: HashMap::new(),
        },
    };
    let bundle = cache.and_then(|cache| cache::prepare(cache).ok());
    let mut read = 0;
    let LiveIndex {
        runtime,
        index,
        documents: held,
        ..
    } = &mut live;
    let files = runtime
        .block_on(async {
            for document in documents {
                if held.get(&document.url) == Some(&document.html) {
                    continue;
                }
                index
                    .add_html_file(None, Some(document.url.clone()), document.html.clone())
                    .await?;
                held.insert(document.url, document.html);
                read += 1;
            }
            index_files(index, bundle.as_deref()).await
        })
        .map_err(|error| format!("{error:#}"))?;
    live.urls = urls;
    let files = output_files(files, bundle.as_deref())?;
    Ok((live, files, LiveUpdate { read, fresh }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::indexer::tests::document;

    fn bytes(files: &[OutputFile]) -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.read().expect("in memory")))
            .collect()
    }

    const EN: IndexOptions = IndexOptions { language: "en" };

    #[test]
    fn an_edit_reads_one_page_and_gives_the_bytes_of_a_fresh_index() {
        let mut slot = None;
        let first = vec![document("/a/", "alpha"), document("/b/", "beta")];
        let (_, how) = update(&mut slot, first, &EN, None).expect("indexes");
        assert_eq!(
            how,
            LiveUpdate {
                read: 2,
                fresh: true
            }
        );

        let edited = vec![document("/a/", "alpha"), document("/b/", "gamma")];
        let (files, how) = update(&mut slot, edited.clone(), &EN, None).expect("indexes");
        assert_eq!(
            how,
            LiveUpdate {
                read: 1,
                fresh: false
            },
            "only the edit is read"
        );
        let fresh = super::super::index(edited, &EN).expect("indexes");
        assert!(
            bytes(&files) == bytes(&fresh),
            "the same bytes as a fresh index"
        );

        let appended = vec![
            document("/a/", "alpha"),
            document("/b/", "gamma"),
            document("/c/", "delta"),
        ];
        let (files, how) = update(&mut slot, appended.clone(), &EN, None).expect("indexes");
        assert_eq!(
            how,
            LiveUpdate {
                read: 1,
                fresh: false
            },
            "a page added last"
        );
        assert!(bytes(&files) == bytes(&super::super::index(appended, &EN).expect("indexes")));

        let removed = vec![document("/a/", "alpha"), document("/c/", "delta")];
        let (files, how) = update(&mut slot, removed.clone(), &EN, None).expect("indexes");
        assert_eq!(
            how,
            LiveUpdate {
                read: 2,
                fresh: true
            },
            "a removal starts afresh"
        );
        assert!(bytes(&files) == bytes(&super::super::index(removed, &EN).expect("indexes")));
    }
}
