//! The CBOR layout of Pagefind 1.6's index files, field for field (`minicbor`'s derive, as
//! Pagefind encodes them): word chunks (`index/*.pf_index`), filter chunks (`filter/*.pf_filter`)
//! and the metadata that ties them together (`pagefind.*.pf_meta`). Decodable too, for the tests
//! and for the live index, which reads the chunks it rewrites.

#[cfg(test)]
use minicbor::Encoder;
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

/// CBOR's major types that the postings' bytes are written with by hand.
pub const UNSIGNED: u8 = 0;
pub const NEGATIVE: u8 = 1;
pub const ARRAY: u8 = 4;

/// The most bytes [`push_head`] writes.
pub const MAX_HEAD: usize = 9;

/// Appends the head of a CBOR item of type `major` with argument `value`, in the shortest form
/// (the bytes `minicbor` writes). For the merge's hot loop: fixed-size appends, without an
/// `Encoder`'s writes of one to five bytes through `Write`.
pub fn push_head(out: &mut Vec<u8>, major: u8, value: u64) {
    let major = major << 5;
    match value {
        0..24 => out.push(major | value as u8),
        24..=0xff => out.extend_from_slice(&[major | 24, value as u8]),
        0x100..=0xffff => {
            let [a, b] = (value as u16).to_be_bytes();
            out.extend_from_slice(&[major | 25, a, b]);
        }
        0x1_0000..=0xffff_ffff => {
            let [a, b, c, d] = (value as u32).to_be_bytes();
            out.extend_from_slice(&[major | 26, a, b, c, d]);
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
}

/// Appends `value` as a CBOR integer (the bytes `minicbor`'s `Encoder::i32` writes).
pub fn push_i32(out: &mut Vec<u8>, value: i32) {
    match u64::try_from(value) {
        Ok(value) => push_head(out, UNSIGNED, value),
        Err(_) => push_head(out, NEGATIVE, (-1 - i64::from(value)) as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_by_hand_are_the_bytes_minicbor_writes() {
        let edges = [
            0,
            1,
            23,
            24,
            255,
            256,
            65_535,
            65_536,
            u32::MAX as u64,
            1 << 32,
            u64::MAX,
        ];
        for value in edges.into_iter().chain((0..2_000).map(|i| i * 37)) {
            let mut ours = Vec::new();
            push_head(&mut ours, UNSIGNED, value);
            push_head(&mut ours, ARRAY, value);
            assert!(ours.len() <= 2 * MAX_HEAD);
            let mut theirs = Vec::new();
            let _ = Encoder::new(&mut theirs)
                .u64(value)
                .and_then(|e| e.array(value));
            assert_eq!(ours, theirs, "{value}");
        }
        let ints = [
            0,
            -1,
            -24,
            -25,
            -256,
            -257,
            -65_536,
            -65_537,
            i32::MIN,
            i32::MAX,
            23,
            24,
        ];
        for value in ints.into_iter().chain((-3_000..3_000).map(|i| i * 41)) {
            let mut ours = Vec::new();
            push_i32(&mut ours, value);
            let mut theirs = Vec::new();
            let _ = Encoder::new(&mut theirs).i32(value);
            assert_eq!(ours, theirs, "{value}");
        }
    }

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
