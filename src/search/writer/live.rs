//! Our writer's index kept alive between builds (`serve`): each page's packed postings and gzipped
//! fragment are kept by URL, so after an edit only the pages whose search documents changed are
//! read again; the merge and chunking run again over the kept pages (cheap: postings are packed),
//! and only the word chunks whose contents changed are gzipped again. The files are those a fresh
//! [`super::write`] of the same documents gives, byte for byte (tested).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::page::{self, Page};
use super::{Gzipped, index_files, with_entry_and_assets, words};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::search::{IndexOptions, SearchDocument};

/// The pages of the last update, by URL, with a hash of the document each was read from.
#[derive(Default)]
pub struct LivePages {
    language: String,
    pages: HashMap<String, (u64, Page)>,
    gzipped: Gzipped,
}

impl LivePages {
    /// Brings the index up to `documents` (one per URL, in reading order; a repeated URL counts at
    /// its first place) and returns its files and how many documents were read.
    pub fn update(
        &mut self,
        documents: Vec<SearchDocument>,
        options: &IndexOptions,
    ) -> Result<(Vec<OutputFile>, usize), Diagnostic> {
        let language = options.language;
        if self.language != language {
            *self = LivePages {
                language: language.to_string(),
                ..LivePages::default()
            };
        }
        let mut seen = HashSet::new();
        let documents: Vec<SearchDocument> = documents
            .into_iter()
            .filter(|d| seen.insert(d.url.clone()))
            .collect();
        let changed: Vec<(&SearchDocument, u64)> = documents
            .iter()
            .map(|d| (d, digest_of(&d.html)))
            .filter(|(d, hash)| self.pages.get(&d.url).map(|(h, _)| h) != Some(hash))
            .collect();
        let read = changed.len();
        let fresh: Vec<(String, u64, Page)> = changed
            .into_par_iter()
            .map_init(
                || words::stemmer(language),
                |stemmer, (document, hash)| {
                    let page = page::of_document(document, language, stemmer.as_ref());
                    (document.url.clone(), hash, page)
                },
            )
            .collect();
        for (url, hash, page) in fresh {
            self.pages.insert(url, (hash, page));
        }
        self.pages.retain(|url, _| seen.contains(url));
        let ordered = documents
            .iter()
            .filter_map(|d| self.pages.get(&d.url).map(|(_, page)| page));
        let mut files = index_files(ordered, language, Some(&self.gzipped));
        self.gzipped = std::mem::take(&mut files.gzipped);
        Ok((with_entry_and_assets(files, language)?, read))
    }
}

fn digest_of(html: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    html.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A page with a marked body: its URL as the heading, then `words`.
    pub(crate) fn document(url: &str, words: &str) -> SearchDocument {
        SearchDocument {
            url: url.into(),
            html: format!(
                "<html lang=\"en\"><body><main data-pagefind-body><h1>{url}</h1><p>{words}</p>\
                 </main></body></html>"
            ),
        }
    }

    #[test]
    fn an_edit_reads_one_page_and_gives_the_fresh_index() {
        let options = IndexOptions { language: "en" };
        let mut live = LivePages::default();
        let before = vec![
            document("/a/", "alpha words"),
            document("/b/", "beta words"),
            document("/c/", "gamma words"),
        ];
        let (_, read) = live.update(before, &options).expect("indexes");
        assert_eq!(read, 3);
        let after = vec![
            document("/a/", "alpha words"),
            document("/b/", "beta edited"),
            document("/c/", "gamma words"),
        ];
        let (files, read) = live.update(after.clone(), &options).expect("indexes");
        assert_eq!(read, 1, "only the edited page is read again");
        assert!(files == super::super::write(after, &options).expect("indexes"));
        let removed = vec![document("/c/", "gamma words"), document("/a/", "alpha")];
        let (files, read) = live.update(removed.clone(), &options).expect("indexes");
        assert_eq!(read, 1);
        assert!(files == super::super::write(removed, &options).expect("indexes"));
    }
}
