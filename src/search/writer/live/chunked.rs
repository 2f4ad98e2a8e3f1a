//! The word chunks of a live index, kept between updates with the pages each word is on: an edit
//! takes a page's old words out and puts its new ones in, and only the chunks holding a word that
//! changed are encoded and gzipped again.
//!
//! Boundaries: a chunk holds the words from its first word up to the next chunk's first, so a new
//! word goes to the chunk before it (the first chunk for a word before every other). A chunk is
//! cut again only when its words reach twice [`CHUNK_SIZE`], and goes away when it has no word
//! left; otherwise its boundaries stay, so one edit never moves words between other chunks. The
//! first index is cut as a fresh build cuts it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::Arc;

use rayon::prelude::*;

use super::super::cbor::{self, WordChunk};
use super::super::chunks::{self, CHUNK_SIZE};
use super::super::{gzip, naming};
use super::encode::Site;

/// A word and the numbers of the pages it is on.
type WordPages<'a> = (&'a String, &'a Vec<u32>);

/// One `pf_index` file.
#[derive(Debug, Clone)]
pub struct Chunk {
    pub first: String,
    pub last: String,
    /// `language_<sha1>` of its contents, which its short name is cut from.
    pub long: String,
    pub gzipped: Arc<[u8]>,
}

/// Every word's pages (sorted numbers) and the chunks they are cut into.
#[derive(Debug, Default)]
pub struct Chunked {
    words: BTreeMap<String, Vec<u32>>,
    chunks: Vec<Chunk>,
    /// Chunks (by index) holding a word added or removed since the last [`Chunked::refresh`].
    dirty: BTreeSet<usize>,
}

impl Chunked {
    /// The chunks of `words` (each word's sorted page numbers), cut as a fresh build cuts them.
    pub fn new(words: BTreeMap<String, Vec<u32>>, site: &Site, language: &str) -> Chunked {
        let list: Vec<(&String, &Vec<u32>)> = words.iter().collect();
        let weights: Vec<usize> = list
            .par_iter()
            .map(|(word, numbers)| site.weight(word, numbers))
            .collect();
        let mut groups = Vec::new();
        let mut rest = &list[..];
        for length in chunks::lengths_by_weight(&weights, CHUNK_SIZE) {
            let (group, after) = rest.split_at(length);
            groups.push(group);
            rest = after;
        }
        let chunks = groups
            .into_par_iter()
            .map(|group| encoded(group, site, language))
            .collect();
        Chunked {
            words,
            chunks,
            dirty: BTreeSet::new(),
        }
    }

    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// Puts page `number` under `word`.
    pub fn add(&mut self, word: &str, number: u32) {
        self.mark(word);
        let numbers = match self.words.get_mut(word) {
            Some(numbers) => numbers,
            None => self.words.entry(word.to_string()).or_default(),
        };
        if let Err(at) = numbers.binary_search(&number) {
            numbers.insert(at, number);
        }
    }

    /// Takes page `number` from under `word`.
    pub fn remove(&mut self, word: &str, number: u32) {
        self.mark(word);
        if let Some(numbers) = self.words.get_mut(word) {
            if let Ok(at) = numbers.binary_search(&number) {
                numbers.remove(at);
            }
            if numbers.is_empty() {
                self.words.remove(word);
            }
        }
    }

    fn mark(&mut self, word: &str) {
        if self.chunks.is_empty() {
            self.chunks.push(Chunk {
                first: String::new(),
                last: String::new(),
                long: String::new(),
                gzipped: Arc::from(Vec::new()),
            });
        }
        let at = self
            .chunks
            .partition_point(|c| c.first.as_str() <= word)
            .saturating_sub(1);
        self.dirty.insert(at);
    }

    /// Encodes the chunks that changed again; returns how many chunks were encoded.
    pub fn refresh(&mut self, site: &Site, language: &str) -> usize {
        let dirty = std::mem::take(&mut self.dirty);
        let ranges: Vec<(usize, Vec<WordPages>)> = dirty
            .iter()
            .map(|&at| (at, self.words_of(at).collect()))
            .collect();
        let fresh: BTreeMap<usize, Vec<Chunk>> = ranges
            .into_par_iter()
            .map(|(at, words)| (at, recut(&words, site, language)))
            .collect();
        let encoded = fresh.values().map(Vec::len).sum();
        let mut fresh = fresh;
        let old = std::mem::take(&mut self.chunks);
        for (at, chunk) in old.into_iter().enumerate() {
            match fresh.remove(&at) {
                Some(pieces) => self.chunks.extend(pieces),
                None => self.chunks.push(chunk),
            }
        }
        encoded
    }

    /// The words of chunk `at`: from its first word (from the start, for the first chunk) to
    /// the next chunk's first.
    fn words_of(&self, at: usize) -> impl Iterator<Item = (&String, &Vec<u32>)> {
        let from = match at {
            0 => Bound::Unbounded,
            _ => Bound::Included(self.chunks[at].first.as_str()),
        };
        let to = match self.chunks.get(at + 1) {
            Some(next) => Bound::Excluded(next.first.as_str()),
            None => Bound::Unbounded,
        };
        self.words.range::<str, _>((from, to))
    }
}

/// A chunk's words encoded again: one chunk, none when it has no word left, several when its
/// words reached twice [`CHUNK_SIZE`].
fn recut(words: &[(&String, &Vec<u32>)], site: &Site, language: &str) -> Vec<Chunk> {
    let weights: Vec<usize> = words.iter().map(|(w, n)| site.weight(w, n)).collect();
    if weights.iter().sum::<usize>() < 2 * CHUNK_SIZE {
        return match words.is_empty() {
            true => Vec::new(),
            false => vec![encoded(words, site, language)],
        };
    }
    let mut pieces = Vec::new();
    let mut rest = words;
    for length in chunks::lengths_by_weight(&weights, CHUNK_SIZE) {
        let (group, after) = rest.split_at(length);
        pieces.push(encoded(group, site, language));
        rest = after;
    }
    pieces
}

fn encoded(words: &[(&String, &Vec<u32>)], site: &Site, language: &str) -> Chunk {
    let chunk = WordChunk {
        words: words.iter().map(|(w, n)| site.word(w, n)).collect(),
    };
    let bytes = cbor::encode(&chunk);
    Chunk {
        first: words
            .first()
            .map(|(w, _)| w.to_string())
            .unwrap_or_default(),
        last: words.last().map(|(w, _)| w.to_string()).unwrap_or_default(),
        long: naming::long_name(language, &bytes),
        gzipped: Arc::from(gzip::framed(&bytes)),
    }
}
