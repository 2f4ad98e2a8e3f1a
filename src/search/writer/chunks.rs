//! Cutting the sorted word list into `pf_index` chunks, and naming each chunk's range.
//!
//! A chunk closes once the words in it add up to [`CHUNK_SIZE`], counting for each word one per
//! position, one per page and one per diacritic variant (Pagefind's rule, so that a chunk costs
//! about the same to fetch whatever its words). The metadata names each chunk by the shortest
//! prefixes that tell its last word from the next chunk's first.

use super::cbor::{MetaChunk, Word};

/// Pagefind's default chunk size.
pub const CHUNK_SIZE: usize = 20_000;

/// What `word` adds to a chunk's size.
pub fn weight_of(word: &Word) -> usize {
    word.pages
        .iter()
        .chain(word.variants.iter().flat_map(|v| &v.pages))
        .map(|p| p.locs.len() + p.meta_locs.len() + 1)
        .sum::<usize>()
        + word.variants.len()
}

/// Where chunks end: the number of words in each chunk of `words` (sorted).
pub fn chunk_lengths<'w>(words: impl Iterator<Item = &'w Word>, size: usize) -> Vec<usize> {
    let mut lengths = Vec::new();
    let (mut count, mut total) = (0, 0);
    for word in words {
        total += weight_of(word);
        count += 1;
        if total >= size {
            lengths.push(count);
            (count, total) = (0, 0);
        }
    }
    if count > 0 {
        lengths.push(count);
    }
    lengths
}

/// The ranges of chunks given their first and last words, hashes left empty.
pub fn ranges(bounds: &[(&str, &str)]) -> Vec<MetaChunk> {
    let mut chunks: Vec<MetaChunk> = bounds
        .iter()
        .map(|(from, to)| MetaChunk {
            from: from.to_string(),
            to: to.to_string(),
            hash: String::new(),
        })
        .collect();
    for i in 1..chunks.len() {
        let (to, from) = prefixes(&chunks[i - 1].to, &chunks[i].from);
        if to >= chunks[i - 1].from {
            chunks[i - 1].to = to;
        }
        chunks[i].from = from;
    }
    chunks
}

/// The prefixes of `a` and `b` one character longer than what they share.
fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(common + 1).collect(),
        b.chars().take(common + 1).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::cbor::Posting;
    use super::*;

    fn word(word: &str, locs: usize) -> Word {
        Word {
            word: word.into(),
            pages: vec![Posting {
                page: 0,
                locs: vec![1; locs],
                meta_locs: vec![],
            }],
            variants: vec![],
        }
    }

    #[test]
    fn a_chunk_closes_when_its_words_reach_the_size() {
        let words = [
            word("ant", 3),
            word("apple", 4),
            word("bee", 2),
            word("cat", 9),
        ];
        // 4, then 5 (>= 8 closes at apple), 3, 10 (closes at cat).
        assert_eq!(chunk_lengths(words.iter(), 8), vec![2, 2]);
        assert_eq!(chunk_lengths(words.iter(), 100), vec![4]);
    }

    #[test]
    fn ranges_are_the_shortest_distinguishing_prefixes() {
        let chunks = ranges(&[
            ("apple", "apple"),
            ("apricot", "banana"),
            ("peach", "peach"),
        ]);
        let names: Vec<_> = chunks
            .iter()
            .map(|c| (c.from.as_str(), c.to.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![("apple", "apple"), ("apr", "b"), ("p", "peach")]
        );
        assert_eq!(
            prefixes("cath", "cathartic"),
            ("cath".into(), "catha".into())
        );
    }
}
