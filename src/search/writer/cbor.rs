//! The CBOR layout of Pagefind 1.6's index files, field for field (`minicbor`'s derive, as
//! Pagefind encodes them): word chunks (`index/*.pf_index`), filter chunks (`filter/*.pf_filter`)
//! and the metadata that ties them together (`pagefind.*.pf_meta`). Decodable too, for the tests
//! and for the live index, which reads the chunks it rewrites.

use minicbor::{Decode, Encode};

/// One `index/*.pf_index` file: the words of one alphabetical range.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct WordChunk {
    #[n(0)]
    pub words: Vec<Word>,
}

/// A word and every page it is on.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct Word {
    #[n(0)]
    pub word: String,
    /// In page order; `page` is the gap from the previous entry's page (the first: from 0).
    #[n(1)]
    pub pages: Vec<Posting>,
    /// Forms with diacritics (`café` under `cafe`), each with its own postings.
    #[n(2)]
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct Variant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<Posting>,
}

/// Where a word is on one page: `locs` are word positions with weight changes inline
/// ([`super::postings`]), `meta_locs` positions in the page's metadata fields.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct Posting {
    #[n(0)]
    pub page: u64,
    #[n(1)]
    pub locs: Vec<i32>,
    #[n(2)]
    pub meta_locs: Vec<i32>,
}

/// One `filter/*.pf_filter` file: a filter's values and the pages that have each.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct FilterChunk {
    #[n(0)]
    pub filter: String,
    #[n(1)]
    pub values: Vec<FilterValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct FilterValue {
    #[n(0)]
    pub value: String,
    #[n(1)]
    pub pages: Vec<u64>,
}

/// `pagefind.<hash>.pf_meta`: loaded first, before any query.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct Meta {
    #[n(0)]
    pub version: String,
    #[n(1)]
    pub pages: Vec<MetaPage>,
    #[n(2)]
    pub chunks: Vec<MetaChunk>,
    #[n(3)]
    pub filters: Vec<MetaFilter>,
    #[n(4)]
    pub sorts: Vec<MetaSort>,
    #[n(5)]
    pub meta_fields: Vec<String>,
}

/// A page by its fragment's name; `group` is empty (fragments are not bundled).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct MetaPage {
    #[n(0)]
    pub hash: String,
    #[n(1)]
    pub word_count: u32,
    #[n(2)]
    pub group: String,
}

/// The word chunk to fetch for words between `from` and `to` (shortest distinguishing prefixes).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct MetaChunk {
    #[n(0)]
    pub from: String,
    #[n(1)]
    pub to: String,
    #[n(2)]
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct MetaFilter {
    #[n(0)]
    pub filter: String,
    #[n(1)]
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct MetaSort {
    #[n(0)]
    pub sort: String,
    #[n(1)]
    pub pages: Vec<u64>,
}

/// The CBOR bytes of `value`.
pub fn encode<T: Encode<()>>(value: &T) -> Vec<u8> {
    // Encoding into a Vec cannot fail.
    minicbor::to_vec(value).unwrap_or_default()
}

/// `bytes` decoded, or `None` when they are not a `T`.
pub fn decode<'b, T: Decode<'b, ()>>(bytes: &'b [u8]) -> Option<T> {
    minicbor::decode(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_chunk_round_trips() {
        let chunk = WordChunk {
            words: vec![Word {
                word: "cafe".into(),
                pages: vec![Posting {
                    page: 0,
                    locs: vec![0, 3, -169, 7],
                    meta_locs: vec![-1, 0],
                }],
                variants: vec![Variant {
                    form: "café".into(),
                    pages: vec![Posting {
                        page: 2,
                        locs: vec![5],
                        meta_locs: vec![],
                    }],
                }],
            }],
        };
        let bytes = encode(&chunk);
        assert_eq!(decode::<WordChunk>(&bytes), Some(chunk));
        // Structs are CBOR arrays of their fields in order: [[["cafe", [[0, ...
        assert_eq!(&bytes[..4], &[0x81, 0x81, 0x83, 0x64]);
    }

    #[test]
    fn meta_and_filters_round_trip() {
        let meta = Meta {
            version: "1.6.0".into(),
            pages: vec![MetaPage {
                hash: "en_1234567".into(),
                word_count: 12,
                group: String::new(),
            }],
            chunks: vec![MetaChunk {
                from: "a".into(),
                to: "z".into(),
                hash: "en_abcdefg".into(),
            }],
            filters: vec![MetaFilter {
                filter: "tag".into(),
                hash: "en_7654321".into(),
            }],
            sorts: vec![],
            meta_fields: vec!["title".into()],
        };
        assert_eq!(decode::<Meta>(&encode(&meta)), Some(meta));
        let filter = FilterChunk {
            filter: "tag".into(),
            values: vec![FilterValue {
                value: "dns".into(),
                pages: vec![0, 4],
            }],
        };
        assert_eq!(decode::<FilterChunk>(&encode(&filter)), Some(filter));
    }
}
