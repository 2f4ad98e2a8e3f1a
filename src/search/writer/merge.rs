//! Merging pages, one at a time and in page order, into the site's postings, kept as the CBOR
//! bytes the word chunks will hold: a page's words can be merged as soon as it is read and the
//! page dropped, so a build holds its postings at about the size of the inflated word index
//! rather than every page's maps until the end.
//!
//! Two things are only known once every page is in, and are settled by [`Merger::finish`]: the
//! site's metadata field numbers (the sorted set of every page's fields; a posting's metadata
//! positions are kept by field name id until then and spliced into the bytes when a chunk is
//! encoded), and Pagefind's page selection (when any page marks its body, pages without the mark
//! are left out; pages without the mark wait until the end in case no page has one).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use minicbor::Encoder;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cbor::{self, MetaChunk, MetaPage};
use super::page::{Page, PageWord};
use super::{BUNDLE_DIR, Gzipped, chunks, gzip, naming, postings};
use crate::output::OutputFile;

/// Postings of one word (or one diacritic form of it) in page order, as CBOR.
#[derive(Debug, Default)]
struct Postings {
    /// `[page gap, [locs…]` of each posting; each one's metadata positions follow it.
    bytes: Vec<u8>,
    /// Postings with metadata positions: the offset in `bytes` where they go, and the hits by the
    /// merger's field ids. Every other posting is followed by an empty array in `bytes`.
    meta: Vec<(usize, Vec<(u16, u32)>)>,
    count: usize,
    last_page: u64,
    /// The word's share of a chunk's size ([`chunks::CHUNK_SIZE`]).
    weight: usize,
}

impl Postings {
    fn push(&mut self, page: u64, locs: &[i32], mut meta: Vec<(u16, u32)>) {
        // At most this many bytes: the heads of the posting, its gap and its locs, 5 a loc (an
        // i32), and the empty metadata array. One reservation, then appends without growth.
        let bound = 1 + cbor::MAX_HEAD + 5 + 5 * locs.len() + 1;
        let bytes = &mut self.bytes;
        bytes.reserve(bound);
        cbor::push_head(bytes, cbor::ARRAY, 3);
        cbor::push_head(bytes, cbor::UNSIGNED, page - self.last_page);
        cbor::push_head(bytes, cbor::ARRAY, locs.len() as u64);
        for &loc in locs {
            cbor::push_i32(bytes, loc);
        }
        meta.sort_unstable();
        let fields = meta.chunk_by(|a, b| a.0 == b.0).count();
        self.weight += locs.len() + meta.len() + fields + 1;
        if meta.is_empty() {
            self.bytes.push(EMPTY_ARRAY);
        } else {
            self.meta.push((self.bytes.len(), meta));
        }
        self.count += 1;
        self.last_page = page;
    }

    /// The CBOR array of the postings, with the site's field numbers `number` (by field id).
    fn encode(&self, out: &mut Vec<u8>, number: &[u16]) {
        let _ = Encoder::new(&mut *out).array(self.count as u64);
        let mut at = 0;
        for (offset, hits) in &self.meta {
            out.extend_from_slice(&self.bytes[at..*offset]);
            let hits = hits
                .iter()
                .map(|&(field, position)| (number[usize::from(field)], position))
                .collect();
            let meta_locs = postings::meta_locs(hits);
            let mut e = Encoder::new(&mut *out);
            let _ = e.array(meta_locs.len() as u64);
            for loc in meta_locs {
                let _ = e.i32(loc);
            }
            at = *offset;
        }
        out.extend_from_slice(&self.bytes[at..]);
    }
}

const EMPTY_ARRAY: u8 = 0x80;

#[derive(Debug, Default)]
struct WordPostings {
    pages: Postings,
    /// Diacritic forms in the order they first appear.
    variants: Vec<(String, Postings)>,
}

impl WordPostings {
    fn weight(&self) -> usize {
        self.pages.weight
            + self.variants.iter().map(|(_, p)| p.weight).sum::<usize>()
            + self.variants.len()
    }
}

/// The site's index as it is merged; see the module documentation.
pub struct Merger {
    language: String,
    /// Hashed by FxHash (the words are sorted when chunks are cut, so its order never shows).
    words: FxHashMap<String, WordPostings>,
    fields: Vec<String>,
    field_ids: HashMap<String, u16>,
    filters: BTreeMap<String, BTreeMap<String, Vec<u64>>>,
    files: Vec<OutputFile>,
    meta_pages: Vec<MetaPage>,
    fragment_names: naming::FragmentNames,
    seen_body: bool,
    /// Pages without a body mark, while no page has shown one.
    unmarked: Vec<Page>,
}

impl Merger {
    pub fn new(language: &str) -> Merger {
        Merger {
            language: language.to_string(),
            words: FxHashMap::default(),
            fields: Vec::new(),
            field_ids: HashMap::new(),
            filters: BTreeMap::new(),
            files: Vec::new(),
            meta_pages: Vec::new(),
            fragment_names: naming::FragmentNames::default(),
            seen_body: false,
            unmarked: Vec::new(),
        }
    }

    /// Adds the next page (pages come in page order); its words and fragment move into the index.
    pub fn add(&mut self, page: Page) {
        if page.words.is_empty() {
            return;
        }
        if !page.has_body {
            if !self.seen_body {
                self.unmarked.push(page);
            }
            return;
        }
        if !self.seen_body {
            self.seen_body = true;
            self.unmarked = Vec::new();
        }
        self.merge(page);
    }

    fn merge(&mut self, page: Page) {
        let number = self.meta_pages.len() as u64;
        let ids: Vec<u16> = page
            .meta_fields
            .iter()
            .map(|field| self.field_id(field))
            .collect();
        let site_fields = |hits: &[(u16, u32)]| {
            hits.iter()
                .map(|&(f, p)| (ids[usize::from(f)], p))
                .collect()
        };
        for (text, posting) in page.words {
            let word = self.words.entry(text).or_default();
            add_posting(
                &mut word.pages,
                number,
                &posting,
                site_fields(&posting.meta),
            );
            for (form, (locs, meta)) in posting.variants {
                let variant = match word.variants.iter().position(|(f, _)| *f == form) {
                    Some(at) => &mut word.variants[at].1,
                    None => {
                        word.variants.push((form, Postings::default()));
                        &mut word.variants.last_mut().expect("just pushed").1
                    }
                };
                variant.push(
                    number,
                    locs.as_deref().unwrap_or_default(),
                    site_fields(&meta),
                );
            }
        }
        for (filter, values) in page.filters {
            let filter = self.filters.entry(filter).or_default();
            for value in values {
                filter.entry(value).or_default().push(number);
            }
        }
        let name = self
            .fragment_names
            .name(&self.language, &page.fragment_hash);
        self.files.push(OutputFile::bytes(
            format!("{BUNDLE_DIR}/fragment/{name}.pf_fragment"),
            page.fragment,
        ));
        self.meta_pages.push(MetaPage {
            hash: name,
            word_count: page.word_count as u32,
            group: String::new(),
        });
    }

    fn field_id(&mut self, field: &str) -> u16 {
        if let Some(&id) = self.field_ids.get(field) {
            return id;
        }
        let id = self.fields.len() as u16;
        self.fields.push(field.to_string());
        self.field_ids.insert(field.to_string(), id);
        id
    }

    /// Everything merged: the fragment files, the word chunks (encoded and gzipped in parallel;
    /// those found in `previous` are not gzipped again), the filters and what the metadata needs.
    pub fn finish(mut self, previous: Option<&Gzipped>) -> Merged {
        if !self.seen_body {
            for page in std::mem::take(&mut self.unmarked) {
                self.merge(page);
            }
        }
        let meta_fields: Vec<String> = self
            .fields
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let number: Vec<u16> = self
            .fields
            .iter()
            .map(|f| meta_fields.binary_search(f).unwrap_or_default() as u16)
            .collect();
        let mut words: Vec<(String, WordPostings)> = self.words.into_iter().collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (chunk_files, chunks, gzipped) = word_chunks(words, &self.language, &number, previous);
        self.files.extend(chunk_files);
        Merged {
            files: self.files,
            pages: self.meta_pages,
            chunks,
            gzipped,
            filters: self.filters,
            meta_fields,
        }
    }
}

fn add_posting(to: &mut Postings, number: u64, posting: &PageWord, meta: Vec<(u16, u32)>) {
    if posting.locs.is_some() || !meta.is_empty() {
        to.push(number, posting.locs.as_deref().unwrap_or_default(), meta);
    }
}

/// What [`Merger::finish`] gives the metadata and the file list.
pub struct Merged {
    /// Fragments and word chunks.
    pub files: Vec<OutputFile>,
    pub pages: Vec<MetaPage>,
    pub chunks: Vec<MetaChunk>,
    pub gzipped: Gzipped,
    pub filters: BTreeMap<String, BTreeMap<String, Vec<u64>>>,
    pub meta_fields: Vec<String>,
}

/// The word chunk files of `words` (sorted), their entries in the metadata, and each chunk's
/// gzipped bytes by its long name when `previous` is given.
fn word_chunks(
    words: Vec<(String, WordPostings)>,
    language: &str,
    number: &[u16],
    previous: Option<&Gzipped>,
) -> (Vec<OutputFile>, Vec<MetaChunk>, Gzipped) {
    let weights: Vec<usize> = words.iter().map(|(_, w)| w.weight()).collect();
    let lengths = chunks::lengths_by_weight(&weights, chunks::CHUNK_SIZE);
    let mut groups: Vec<&[(String, WordPostings)]> = Vec::with_capacity(lengths.len());
    let mut rest = &words[..];
    for length in lengths {
        let (group, after) = rest.split_at(length);
        groups.push(group);
        rest = after;
    }
    let bounds: Vec<(&str, &str)> = groups
        .iter()
        .map(|g| {
            (
                g.first().map_or("", |(w, _)| w.as_str()),
                g.last().map_or("", |(w, _)| w.as_str()),
            )
        })
        .collect();
    let mut ranges = chunks::ranges(&bounds);
    let encoded: Vec<(String, Vec<u8>)> = groups
        .into_par_iter()
        .map(|group| {
            let bytes = encode_chunk(group, number);
            let long = naming::long_name(language, &bytes);
            let gz = match previous.and_then(|p| p.get(&long)) {
                Some(gz) => gz.clone(),
                None => gzip::framed_at(&bytes, gzip::LEVEL),
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

/// One chunk as [`super::cbor::WordChunk`] encodes it: `[[word, [postings…], [variants…]]…]`.
fn encode_chunk(words: &[(String, WordPostings)], number: &[u16]) -> Vec<u8> {
    let size: usize = words
        .iter()
        .map(|(w, p)| w.len() + p.pages.bytes.len() + 8)
        .sum();
    let mut out = Vec::with_capacity(size);
    let _ = Encoder::new(&mut out)
        .array(1)
        .and_then(|e| e.array(words.len() as u64));
    for (text, word) in words {
        let _ = Encoder::new(&mut out).array(3).and_then(|e| e.str(text));
        word.pages.encode(&mut out, number);
        let _ = Encoder::new(&mut out).array(word.variants.len() as u64);
        for (form, postings) in &word.variants {
            let _ = Encoder::new(&mut out).array(2).and_then(|e| e.str(form));
            postings.encode(&mut out, number);
        }
    }
    out
}
