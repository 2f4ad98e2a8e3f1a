//! Cutting the sorted word list into `pf_index` chunks, and naming each chunk's range.
//!
//! A chunk closes once the words in it add up to [`CHUNK_SIZE`], counting for each word one per
//! position, one per page and one per diacritic variant (Pagefind's rule, so that a chunk costs
//! about the same to fetch whatever its words). The metadata names each chunk by the shortest
//! prefixes that tell its last word from the next chunk's first.

use super::cbor::MetaChunk;

/// Pagefind's default chunk size.
pub const CHUNK_SIZE: usize = 20_000;

/// Where chunks end: the number of words in each chunk, given each word's share of a chunk's
/// size in sorted order (one per position, one per page and one per diacritic variant).
pub fn lengths_by_weight(weights: &[usize], size: usize) -> Vec<usize> {
    let mut lengths = Vec::new();
    let (mut count, mut total) = (0, 0);
    for weight in weights {
        total += weight;
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
    use super::*;

    #[test]
    fn a_chunk_closes_when_its_words_reach_the_size() {
        // ant 4, apple 5 (>= 8 closes at apple), bee 3, cat 10 (closes at cat).
        let weights = [4, 5, 3, 10];
        assert_eq!(lengths_by_weight(&weights, 8), vec![2, 2]);
        assert_eq!(lengths_by_weight(&weights, 100), vec![4]);
        assert_eq!(lengths_by_weight(&[9, 1], 8), vec![1, 1]);
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
