//! The word chunks of a live index, kept between updates with the pages each word is on: an edit
//! takes a page's old words out and puts its new ones in, and only the chunks holding a word that
//! changed are encoded and gzipped again. Each word is kept as one encoded piece per page
//! ([`encode::Piece`]) and as its spliced bytes, so such a chunk copies the bytes of its words
//! that did not change, and a word that changed encodes again only its pieces on the pages that
//! changed: an edit that moves every word of a page (a sentence put first) encodes that page's
//! pieces and splices each of its words from the kept pieces of the other pages. What that costs:
//! the index's postings twice more (pieces and spliced words), for as long as the server runs.
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

use super::super::chunks::{self, CHUNK_SIZE};
use super::super::{gzip, naming};
use super::encode::{self, Encoded, Piece, Site};

/// The gzip level of a chunk encoded again after an edit: the fastest, since gzip is most of such
/// a job once the words are spliced (the first index uses the build's level, for its bytes).
const AGAIN_LEVEL: u32 = 1;

/// A word and what is kept of it.
type WordEntry<'a> = (&'a String, &'a Entry);

/// The pages a word is on (sorted by number) with its piece on each (`None` when the page
/// changed since), and its spliced encoding unless a piece changed since.
#[derive(Debug, Default)]
struct Entry {
    pages: Vec<(u32, Option<Piece>)>,
    encoded: Option<Encoded>,
}

/// One `pf_index` file.
#[derive(Debug, Clone)]
pub struct Chunk {
    pub first: String,
    pub last: String,
    /// `language_<sha1>` of its contents, which its short name is cut from.
    pub long: String,
    pub gzipped: Arc<[u8]>,
}

/// Every word's pages and encoding, and the chunks they are cut into.
#[derive(Debug, Default)]
pub struct Chunked {
    words: BTreeMap<String, Entry>,
    chunks: Vec<Chunk>,
    /// Chunks (by index) holding a word added or removed since the last [`Chunked::refresh`].
    dirty: BTreeSet<usize>,
}

impl Chunked {
    /// The chunks of `words` (each word's sorted page numbers), cut as a fresh build cuts them.
    pub fn new(words: BTreeMap<String, Vec<u32>>, site: &Site, language: &str) -> Chunked {
        let words: BTreeMap<String, Entry> = words
            .into_par_iter()
            .map(|(word, numbers)| {
                let mut entry = Entry {
                    pages: numbers.into_iter().map(|n| (n, None)).collect(),
                    encoded: None,
                };
                entry.encode(&word, site);
                (word, entry)
            })
            .collect();
        let list: Vec<WordEntry> = words.iter().collect();
        let weights: Vec<usize> = list.iter().map(|(_, entry)| weight(entry)).collect();
        let mut groups = Vec::new();
        let mut rest = &list[..];
        for length in chunks::lengths_by_weight(&weights, CHUNK_SIZE) {
            let (group, after) = rest.split_at(length);
            groups.push(group);
            rest = after;
        }
        let chunks = groups
            .into_par_iter()
            .map(|group| encoded(group, language, gzip::LEVEL))
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
        let entry = match self.words.get_mut(word) {
            Some(entry) => entry,
            None => self.words.entry(word.to_string()).or_default(),
        };
        entry.encoded = None;
        match entry.pages.binary_search_by_key(&number, |(n, _)| *n) {
            Ok(at) => entry.pages[at].1 = None,
            Err(at) => entry.pages.insert(at, (number, None)),
        }
    }

    /// Takes page `number` from under `word`.
    pub fn remove(&mut self, word: &str, number: u32) {
        self.mark(word);
        if let Some(entry) = self.words.get_mut(word) {
            entry.encoded = None;
            if let Ok(at) = entry.pages.binary_search_by_key(&number, |(n, _)| *n) {
                entry.pages.remove(at);
            }
            if entry.pages.is_empty() {
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

    /// Encodes the chunks that changed again (their changed words first); returns how many
    /// chunks were encoded.
    pub fn refresh(&mut self, site: &Site, language: &str) -> usize {
        let dirty = std::mem::take(&mut self.dirty);
        // Only a word added or removed somewhere (so in a dirty chunk) has lost its encoding.
        let stale: Vec<(&String, &mut Entry)> = self
            .words
            .iter_mut()
            .filter(|(_, entry)| entry.encoded.is_none())
            .collect();
        stale
            .into_par_iter()
            .for_each(|(word, entry)| entry.encode(word, site));
        let ranges: Vec<(usize, Vec<WordEntry>)> = dirty
            .iter()
            .map(|&at| (at, self.words_of(at).collect()))
            .collect();
        let fresh: BTreeMap<usize, Vec<Chunk>> = ranges
            .into_par_iter()
            .map(|(at, words)| (at, recut(&words, language)))
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
    fn words_of(&self, at: usize) -> impl Iterator<Item = WordEntry<'_>> {
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
fn recut(words: &[WordEntry], language: &str) -> Vec<Chunk> {
    let weights: Vec<usize> = words.iter().map(|(_, entry)| weight(entry)).collect();
    if weights.iter().sum::<usize>() < 2 * CHUNK_SIZE {
        return match words.is_empty() {
            true => Vec::new(),
            false => vec![encoded(words, language, AGAIN_LEVEL)],
        };
    }
    let mut pieces = Vec::new();
    let mut rest = words;
    for length in chunks::lengths_by_weight(&weights, CHUNK_SIZE) {
        let (group, after) = rest.split_at(length);
        pieces.push(encoded(group, language, AGAIN_LEVEL));
        rest = after;
    }
    pieces
}

impl Entry {
    /// Encodes the pieces that changed, then splices the word's bytes from every piece.
    fn encode(&mut self, word: &str, site: &Site) {
        for (number, piece) in &mut self.pages {
            if piece.is_none() {
                *piece = site.piece(word, *number);
            }
        }
        let pieces = self
            .pages
            .iter()
            .filter_map(|(number, piece)| Some((*number, piece.as_ref()?)));
        self.encoded = Some(encode::spliced(word, pieces));
    }
}

/// A word's share of a chunk's size (every word of a chunk being cut is encoded by then).
fn weight(entry: &Entry) -> usize {
    entry.encoded.as_ref().map_or(0, |e| e.weight)
}

/// The [`cbor::WordChunk`] of `words` from their kept bytes: a one-field array holding the array of
/// words, as `minicbor`'s derive writes it (tested against [`cbor::encode`]).
fn chunk_bytes(words: &[WordEntry]) -> Vec<u8> {
    let size: usize = words
        .iter()
        .filter_map(|(_, entry)| entry.encoded.as_ref())
        .map(|e| e.bytes.len())
        .sum();
    let mut encoder = minicbor::Encoder::new(Vec::with_capacity(size + 16));
    // Encoding into a Vec cannot fail.
    let _ = encoder.array(1).and_then(|e| e.array(words.len() as u64));
    let mut bytes = encoder.into_writer();
    for (_, entry) in words {
        if let Some(encoded) = &entry.encoded {
            bytes.extend_from_slice(&encoded.bytes);
        }
    }
    bytes
}

fn encoded(words: &[WordEntry], language: &str, level: u32) -> Chunk {
    let bytes = chunk_bytes(words);
    Chunk {
        first: words
            .first()
            .map(|(w, _)| w.to_string())
            .unwrap_or_default(),
        last: words.last().map(|(w, _)| w.to_string()).unwrap_or_default(),
        long: naming::long_name(language, &bytes),
        gzipped: Arc::from(gzip::framed_at(&bytes, level)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::cbor::{self, Posting, Word};
    use super::*;

    fn entry(word: &Word) -> Entry {
        Entry {
            pages: Vec::new(),
            encoded: Some(Encoded {
                bytes: cbor::encode(word),
                weight: 1,
            }),
        }
    }

    #[test]
    fn a_chunk_from_kept_word_bytes_is_the_chunk_encoded_whole() {
        let words: Vec<Word> = (0..30)
            .map(|n| Word {
                word: format!("w{n:02}"),
                pages: vec![Posting {
                    page: n,
                    locs: (0..n as i32).collect(),
                    meta_locs: Vec::new(),
                }],
                variants: Vec::new(),
            })
            .collect();
        let entries: Vec<(String, Entry)> =
            words.iter().map(|w| (w.word.clone(), entry(w))).collect();
        let list: Vec<WordEntry> = entries.iter().map(|(w, e)| (w, e)).collect();
        for length in [0, 1, 30] {
            let whole = cbor::encode(&cbor::WordChunk {
                words: words[..length].to_vec(),
            });
            assert_eq!(chunk_bytes(&list[..length]), whole, "{length} words");
        }
    }
}
