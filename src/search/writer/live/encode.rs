//! A word's postings as the word chunks hold them ([`cbor::Word`]), kept as one encoded piece per
//! page and spliced: an edited page encodes again only its own pieces, and a word's bytes are
//! its pieces put together in page order with the gaps between page numbers written in, the
//! bytes the merge gives for the same pages in the same numbering (tested), without looking the
//! word up on any other page.

use super::super::cbor::{self, Posting};
use super::super::page::Page;
use super::super::postings;

/// The pages of the index by number, and the site's metadata fields (sorted).
pub struct Site<'a> {
    pub pages: &'a [&'a Page],
    pub fields: &'a [String],
}

/// A word on one page, encoded: each posting without its page gap (the CBOR of its positions
/// and metadata positions), and its share of a chunk's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The word's own posting; `None` when only diacritic forms of it are on the page.
    main: Option<Box<[u8]>>,
    /// Each diacritic form's posting, forms in order.
    variants: Vec<(String, Box<[u8]>)>,
    /// One per position, per metadata hit, per metadata field and per posting.
    weight: usize,
}

/// A word's [`cbor::Word`] bytes and its share of a chunk's size.
#[derive(Debug)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub weight: usize,
}

impl Site<'_> {
    /// `word`'s piece on page `number`; `None` when the word is not there.
    pub fn piece(&self, word: &str, number: u32) -> Option<Piece> {
        let page = self.pages.get(number as usize)?;
        let on = page.words.get(word)?;
        let mut weight = 0;
        let main = (on.locs.is_some() || !on.meta.is_empty()).then(|| {
            weight += weight_of(&on.locs, &on.meta);
            self.posting(page, &on.locs, &on.meta)
        });
        let variants = on
            .variants
            .iter()
            .map(|(form, (locs, meta))| {
                weight += weight_of(locs, meta);
                (form.clone(), self.posting(page, locs, meta))
            })
            .collect();
        Some(Piece {
            main,
            variants,
            weight,
        })
    }

    /// A posting's CBOR after its page gap.
    fn posting(&self, page: &Page, locs: &Option<Vec<i32>>, meta: &[(u16, u32)]) -> Box<[u8]> {
        let hits = meta
            .iter()
            .map(|&(field, position)| (self.field_number(page, field), position))
            .collect();
        let posting = Posting {
            page: 0,
            locs: locs.clone().unwrap_or_default(),
            meta_locs: postings::meta_locs(hits),
        };
        // A three-field array header and a zero gap: one byte each.
        cbor::encode(&posting)[2..].into()
    }

    /// The site's number of the page's metadata field `field`.
    fn field_number(&self, page: &Page, field: u16) -> u16 {
        let name = page.meta_fields.get(usize::from(field));
        name.and_then(|name| self.fields.binary_search(name).ok())
            .unwrap_or_default() as u16
    }
}

fn weight_of(locs: &Option<Vec<i32>>, meta: &[(u16, u32)]) -> usize {
    let mut fields: Vec<u16> = meta.iter().map(|(f, _)| *f).collect();
    fields.sort_unstable();
    fields.dedup();
    locs.as_ref().map_or(0, Vec::len) + meta.len() + fields.len() + 1
}

/// A posting's CBOR after its gap, with its page number.
type Numbered<'p> = (u32, &'p [u8]);

/// `word` with its `pieces` (by page number, sorted): its postings, then its diacritic forms in
/// the order they first appear, each with its own gaps; its weight is the pieces' and one more
/// per form, as [`super::super::merge`] counts.
pub fn spliced<'p>(word: &str, pieces: impl Iterator<Item = (u32, &'p Piece)> + Clone) -> Encoded {
    let mut size = word.len() + 16;
    let mut weight = 0;
    let mut mains_count = 0;
    let mut forms: Vec<(&str, Vec<Numbered>)> = Vec::new();
    for (number, piece) in pieces.clone() {
        weight += piece.weight;
        mains_count += usize::from(piece.main.is_some());
        size += piece.main.as_ref().map_or(0, |m| m.len() + 10);
        for (form, posting) in &piece.variants {
            size += posting.len() + 10;
            let at = match forms.iter().position(|(f, _)| f == form) {
                Some(at) => at,
                None => {
                    forms.push((form, Vec::new()));
                    forms.len() - 1
                }
            };
            forms[at].1.push((number, posting));
        }
    }
    let mut encoder = minicbor::Encoder::new(Vec::with_capacity(size));
    // Encoding into a Vec cannot fail.
    let _ = encoder.array(3).and_then(|e| e.str(word));
    let mains = pieces.filter_map(|(number, piece)| Some((number, &piece.main.as_ref()?[..])));
    postings_into(&mut encoder, mains_count, mains);
    let _ = encoder.array(forms.len() as u64);
    for (form, list) in &forms {
        let _ = encoder.array(2).and_then(|e| e.str(form));
        postings_into(&mut encoder, list.len(), list.iter().copied());
    }
    Encoded {
        bytes: encoder.into_writer(),
        weight: weight + forms.len(),
    }
}

/// `count` postings (page number, CBOR after the gap), each as a three-field array with the gap
/// from the page before (the first: from 0).
fn postings_into<'p>(
    encoder: &mut minicbor::Encoder<Vec<u8>>,
    count: usize,
    postings: impl Iterator<Item = Numbered<'p>>,
) {
    let _ = encoder.array(count as u64);
    let mut last = 0;
    for (number, rest) in postings {
        let _ = encoder
            .array(3)
            .and_then(|e| e.u64(u64::from(number - last)));
        encoder.writer_mut().extend_from_slice(rest);
        last = number;
    }
}
