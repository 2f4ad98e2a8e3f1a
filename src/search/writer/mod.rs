//! Our own writer of Pagefind 1.6's index format: the files the unchanged Pagefind browser
//! script reads (`pagefind-entry.json`, `pagefind.<hash>.pf_meta`, `index/*.pf_index`,
//! `fragment/*.pf_fragment`, `filter/*.pf_filter`), made in parallel.
//!
//! Data flow: each page is read ([`page::read`]: Pagefind's reading of the HTML in [`extract`],
//! its word splitting and stemming in [`words`], positions packed by [`postings`]) into its
//! packed postings and its gzipped fragment, on the thread that rendered it during a build
//! ([`stream`]) or on rayon workers ([`write`]); pages are merged one at a time in page order
//! ([`merge`]) into each word's postings, kept as CBOR, and dropped; the sorted words are cut
//! into chunks ([`chunks`]), each encoded and gzipped ([`gzip`]) in parallel; files are named
//! after the SHA-1 of their contents ([`naming`]). The same documents in the same order give the
//! same bytes.
//!
//! The result is meant to be what Pagefind writes for the same documents, file for file once
//! inflated (tests/it/search_writer.rs checks it against the library), except for the gzip level
//! ([`gzip::LEVEL`]) and what [`extract`] and [`words`] say they leave out.

pub mod assets;
pub mod cbor;
pub mod chunks;
pub mod extract;
pub mod gzip;
pub mod live;
pub mod merge;
pub mod naming;
pub mod page;
pub mod postings;
pub mod quick;
pub mod stream;
pub mod words;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::{BUNDLE_DIR, IndexOptions, SearchDocument};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use cbor::{FilterChunk, FilterValue, Meta, MetaFilter};
use page::Page;

/// The Pagefind version whose format this is (and whose browser script is shipped).
pub const FORMAT_VERSION: &str = "1.6.0";

/// The index of `documents` (one per URL; a later document with the same URL replaces the earlier
/// in its place), as files under [`BUNDLE_DIR`] sorted by path.
pub fn write(
    documents: Vec<SearchDocument>,
    options: &IndexOptions,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let language = options.language;
    let documents = deduplicated(documents);
    let pages: Vec<Page> = documents
        .par_iter()
        .map_init(
            || (words::stemmer(language), words::WordCache::default()),
            |(stemmer, cache), document| {
                page::of_document_cached(document, language, stemmer.as_ref(), cache)
            },
        )
        .collect();
    drop(documents);
    with_entry_and_assets(index_files(pages, language, None), language)
}

/// The files of `index` with the entry file and the browser's assets, sorted by path.
pub fn with_entry_and_assets(
    mut files: IndexFiles,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut entry_languages = BTreeMap::new();
    let assets = assets::assets(language)?;
    let wasm = format!("{BUNDLE_DIR}/wasm.{language}.pagefind");
    let has_wasm = assets.iter().any(|(path, _)| *path == wasm);
    let meta_hash = files.meta_hash.clone();
    entry_languages.insert(
        language.to_string(),
        EntryLanguage {
            hash: meta_hash,
            wasm: has_wasm.then(|| language.to_string()),
            page_count: files.page_count,
        },
    );
    let entry = Entry {
        version: FORMAT_VERSION,
        languages: entry_languages,
        include_characters: words::WORD_SYMBOLS.to_vec(),
    };
    files.files.push(OutputFile::bytes(
        format!("{BUNDLE_DIR}/pagefind-entry.json"),
        serde_json::to_vec(&entry).unwrap_or_default(),
    ));
    files.files.extend(
        assets
            .into_iter()
            .map(|(path, bytes)| OutputFile::bytes(path, bytes)),
    );
    files.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files.files)
}

#[derive(Serialize)]
struct Entry {
    version: &'static str,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

#[derive(Serialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// One document per URL, at the place of its first, with the contents of its last.
fn deduplicated(documents: Vec<SearchDocument>) -> Vec<SearchDocument> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<SearchDocument> = Vec::with_capacity(documents.len());
    for document in documents {
        match at.get(&document.url) {
            Some(&i) => kept[i] = document,
            None => {
                at.insert(document.url.clone(), kept.len());
                kept.push(document);
            }
        }
    }
    kept
}

/// The language's index files (all but the entry file and the assets).
pub struct IndexFiles {
    pub files: Vec<OutputFile>,
    /// `en_<hash>` of the metadata file, which the entry file names.
    pub meta_hash: String,
    pub page_count: usize,
    /// Each word chunk's gzipped file by its long name, when a previous set was given.
    pub gzipped: Gzipped,
}

/// Gzipped word chunks by the long name of their contents: what a live index keeps so that only
/// the chunks an edit changed are compressed again.
pub type Gzipped = HashMap<String, Vec<u8>>;

/// Merges the pages (in page order, [`merge`]) and writes the fragments, word chunks, filters
/// and metadata. With `previous`, chunks found there are not gzipped again, and the result's
/// [`IndexFiles::gzipped`] holds this index's chunks.
pub fn index_files(
    pages: impl IntoIterator<Item = Page>,
    language: &str,
    previous: Option<&Gzipped>,
) -> IndexFiles {
    let mut merger = merge::Merger::new(language);
    for page in pages {
        merger.add(page);
    }
    files_of(merger.finish(previous), language)
}

/// The filter files and the metadata of a merged index, with its fragments and word chunks.
pub fn files_of(merged: merge::Merged, language: &str) -> IndexFiles {
    let mut files = merged.files;
    let (filter_files, meta_filters) = filter_chunks(merged.filters, language);
    files.extend(filter_files);
    let page_count = merged.pages.len();
    let meta = Meta {
        version: FORMAT_VERSION.into(),
        pages: merged.pages,
        chunks: merged.chunks,
        filters: meta_filters,
        sorts: Vec::new(),
        meta_fields: merged.meta_fields,
    };
    let meta_bytes = cbor::encode(&meta);
    let meta_hash = naming::meta_name(language, &meta_bytes);
    files.push(OutputFile::bytes(
        format!("{BUNDLE_DIR}/pagefind.{meta_hash}.pf_meta"),
        gzip::framed(&meta_bytes),
    ));
    IndexFiles {
        files,
        meta_hash,
        page_count,
        gzipped: merged.gzipped,
    }
}

fn filter_chunks(
    filters: BTreeMap<String, BTreeMap<String, Vec<u64>>>,
    language: &str,
) -> (Vec<OutputFile>, Vec<MetaFilter>) {
    let encoded: Vec<(String, String, Vec<u8>)> = filters
        .into_par_iter()
        .map(|(filter, values)| {
            let chunk = FilterChunk {
                filter: filter.clone(),
                values: values
                    .into_iter()
                    .map(|(value, pages)| FilterValue { value, pages })
                    .collect(),
            };
            let bytes = cbor::encode(&chunk);
            (
                filter,
                naming::long_name(language, &bytes),
                gzip::framed(&bytes),
            )
        })
        .collect();
    let mut names = naming::ChunkNames::default();
    let mut files = Vec::new();
    let mut meta = Vec::new();
    for (filter, long, gz) in encoded {
        let name = names.name(language, &long);
        files.push(OutputFile::bytes(
            format!("{BUNDLE_DIR}/filter/{name}.pf_filter"),
            gz,
        ));
        meta.push(MetaFilter { filter, hash: name });
    }
    (files, meta)
}
