//! Our own writer of Pagefind 1.6's index format: the files the unchanged Pagefind browser
//! script reads (`pagefind-entry.json`, `pagefind.<hash>.pf_meta`, `index/*.pf_index`,
//! `fragment/*.pf_fragment`, `filter/*.pf_filter`), made in parallel.
//!
//! Data flow: each page is read on a rayon worker ([`page::read`]: Pagefind's reading of the
//! HTML in [`extract`], its word splitting and stemming in [`words`], positions packed by
//! [`postings`]) into its packed postings and its gzipped fragment, and nothing else of it is
//! kept; the pages' postings are merged, in page order, into one posting list per word; the sorted
//! words are cut into chunks ([`chunks`]), each encoded ([`cbor`]) and gzipped ([`gzip`]) in
//! parallel; files are named after the SHA-1 of their contents ([`naming`]). The same documents
//! in the same order give the same bytes.
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
pub mod naming;
pub mod page;
pub mod postings;
pub mod stream;
pub mod words;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::{BUNDLE_DIR, EXCLUDED, IndexOptions, SearchDocument};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use cbor::{
    FilterChunk, FilterValue, Meta, MetaFilter, MetaPage, Posting, Variant, Word, WordChunk,
};
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
            || words::stemmer(language),
            |stemmer, document| {
                page::read(
                    &document.url,
                    &document.html,
                    language,
                    stemmer.as_ref(),
                    EXCLUDED,
                )
            },
        )
        .collect();
    drop(documents);
    finish(pages, language)
}

/// The whole index of `pages` (in page order): Pagefind's page selection, the index files, the
/// entry file and the browser's assets.
pub fn finish(pages: Vec<Page>, language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let pages = selected(pages);
    let files = index_files(pages, language, None);
    with_entry_and_assets(files, language)
}

/// The pages Pagefind indexes: those with words, and when any page marks its body, only those.
pub fn selected(pages: Vec<Page>) -> Vec<Page> {
    let any_body = pages.iter().any(|p| p.has_body);
    pages
        .into_iter()
        .filter(|p| (p.has_body || !any_body) && !p.words.is_empty())
        .collect()
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

/// Merges the pages (in page order) and writes the fragments, word chunks, filters and metadata.
/// With `previous`, chunks found there are not gzipped again, and the result's
/// [`IndexFiles::gzipped`] holds this index's chunks.
pub fn index_files(pages: Vec<Page>, language: &str, previous: Option<&Gzipped>) -> IndexFiles {
    let meta_fields: Vec<String> = pages
        .iter()
        .flat_map(|p| p.meta_fields.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let field_number: HashMap<&str, u16> = meta_fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i as u16))
        .collect();
    let mut words: BTreeMap<String, Word> = BTreeMap::new();
    let mut filters: BTreeMap<String, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    let mut files = Vec::new();
    let mut meta_pages = Vec::with_capacity(pages.len());
    let mut fragment_names = naming::FragmentNames::default();
    let page_count = pages.len();
    for (number, page) in pages.into_iter().enumerate() {
        let number = number as u64;
        let renumber: Vec<u16> = page
            .meta_fields
            .iter()
            .map(|f| field_number[f.as_str()])
            .collect();
        let global = |hits: Vec<(u16, u32)>| -> Vec<(u16, u32)> {
            hits.into_iter()
                .map(|(field, position)| (renumber[usize::from(field)], position))
                .collect()
        };
        for (text, posting) in page.words {
            let word = words.entry(text.clone()).or_insert_with(|| Word {
                word: text,
                pages: Vec::new(),
                variants: Vec::new(),
            });
            let meta = global(posting.meta);
            if posting.locs.is_some() || !meta.is_empty() {
                word.pages.push(Posting {
                    page: number,
                    locs: posting.locs.unwrap_or_default(),
                    meta_locs: postings::meta_locs(meta),
                });
            }
            for (form, (locs, meta)) in posting.variants {
                let posting = Posting {
                    page: number,
                    locs: locs.unwrap_or_default(),
                    meta_locs: postings::meta_locs(global(meta)),
                };
                match word.variants.iter_mut().find(|v| v.form == form) {
                    Some(variant) => variant.pages.push(posting),
                    None => word.variants.push(Variant {
                        form,
                        pages: vec![posting],
                    }),
                }
            }
        }
        for (filter, values) in page.filters {
            let filter = filters.entry(filter).or_default();
            for value in values {
                filter.entry(value).or_default().push(number);
            }
        }
        let name = fragment_names.name(language, &page.fragment_hash);
        files.push(OutputFile::bytes(
            format!("{BUNDLE_DIR}/fragment/{name}.pf_fragment"),
            page.fragment,
        ));
        meta_pages.push(MetaPage {
            hash: name,
            word_count: page.word_count as u32,
            group: String::new(),
        });
    }
    let words: Vec<Word> = words.into_values().collect();
    let (chunk_files, chunks, gzipped) = word_chunks(words, language, previous);
    files.extend(chunk_files);
    let (filter_files, meta_filters) = filter_chunks(filters, language);
    files.extend(filter_files);
    let meta = Meta {
        version: FORMAT_VERSION.into(),
        pages: meta_pages,
        chunks,
        filters: meta_filters,
        sorts: Vec::new(),
        meta_fields,
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
        gzipped,
    }
}

/// The word chunk files and their entries in the metadata.
fn word_chunks(
    words: Vec<Word>,
    language: &str,
    previous: Option<&Gzipped>,
) -> (Vec<OutputFile>, Vec<cbor::MetaChunk>, Gzipped) {
    let lengths = chunks::chunk_lengths(words.iter(), chunks::CHUNK_SIZE);
    let mut groups: Vec<Vec<Word>> = Vec::with_capacity(lengths.len());
    let mut rest = words.into_iter();
    for length in lengths {
        groups.push(rest.by_ref().take(length).collect());
    }
    let bounds: Vec<(&str, &str)> = groups
        .iter()
        .map(|g| {
            (
                g.first().map_or("", |w| w.word.as_str()),
                g.last().map_or("", |w| w.word.as_str()),
            )
        })
        .collect();
    let mut ranges = chunks::ranges(&bounds);
    let encoded: Vec<(String, Vec<u8>)> = groups
        .into_par_iter()
        .map(|mut group| {
            for word in &mut group {
                delta_pages(&mut word.pages);
                for variant in &mut word.variants {
                    delta_pages(&mut variant.pages);
                }
            }
            let bytes = cbor::encode(&WordChunk { words: group });
            let long = naming::long_name(language, &bytes);
            let gz = match previous.and_then(|p| p.get(&long)) {
                Some(gz) => gz.clone(),
                None => gzip::framed(&bytes),
            };
            (long, gz)
        })
        .collect();
    let mut names = naming::ChunkNames::default();
    let mut files = Vec::with_capacity(encoded.len());
    let mut gzipped = Gzipped::new();
    for (range, (long, gz)) in ranges.iter_mut().zip(encoded) {
        let name = names.name(language, &long);
        if previous.is_some() {
            gzipped.insert(long, gz.clone());
        }
        files.push(OutputFile::bytes(
            format!("{BUNDLE_DIR}/index/{name}.pf_index"),
            gz,
        ));
        range.hash = name;
    }
    (files, ranges, gzipped)
}

/// Page numbers as gaps from the previous one, as the chunks store them.
fn delta_pages(pages: &mut [Posting]) {
    let mut last = 0;
    for posting in pages {
        let page = posting.page;
        posting.page = page - last;
        last = page;
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
