//! A word's postings made from the pages it is on, as the word chunks hold them
//! ([`cbor::Word`]), and its share of a chunk's size: what the merge gives for the same pages in
//! the same numbering, made for one word at a time so that a live index re-encodes only the
//! chunks an edit touched.

use super::super::cbor::{self, Posting, Variant};
use super::super::page::{Page, PageWord};
use super::super::postings;

/// The pages of the index by number, and the site's metadata fields (sorted).
pub struct Site<'a> {
    pub pages: &'a [&'a Page],
    pub fields: &'a [String],
}

impl Site<'_> {
    fn word_on<'p>(&'p self, word: &str, number: u32) -> Option<(&'p Page, &'p PageWord)> {
        let page = self.pages.get(number as usize)?;
        Some((page, page.words.get(word)?))
    }

    /// `word` with its postings on `numbers` (sorted), diacritic forms in the order they first
    /// appear, and its share of a chunk's size there (one per position, per metadata hit, per
    /// metadata field and per page; one more per diacritic form), as [`super::super::merge`]
    /// counts: one look-up of the word per page.
    pub fn word(&self, word: &str, numbers: &[u32]) -> (cbor::Word, usize) {
        let weight_of = |locs: &Option<Vec<i32>>, meta: &[(u16, u32)]| {
            let mut fields: Vec<u16> = meta.iter().map(|(f, _)| *f).collect();
            fields.sort_unstable();
            fields.dedup();
            locs.as_ref().map_or(0, Vec::len) + meta.len() + fields.len() + 1
        };
        let mut weight = 0;
        let mut pages = Vec::new();
        let mut variants: Vec<(Variant, u64)> = Vec::new();
        let mut last = 0;
        for &number in numbers {
            let Some((page, on)) = self.word_on(word, number) else {
                continue;
            };
            let number = u64::from(number);
            if on.locs.is_some() || !on.meta.is_empty() {
                weight += weight_of(&on.locs, &on.meta);
                pages.push(self.posting(page, number - last, &on.locs, &on.meta));
                last = number;
            }
            for (form, (locs, meta)) in &on.variants {
                weight += weight_of(locs, meta);
                let at = match variants.iter().position(|(v, _)| &v.form == form) {
                    Some(at) => at,
                    None => {
                        let form = form.clone();
                        let pages = Vec::new();
                        variants.push((Variant { form, pages }, 0));
                        variants.len() - 1
                    }
                };
                let (variant, last) = &mut variants[at];
                let posting = self.posting(page, number - *last, locs, meta);
                variant.pages.push(posting);
                *last = number;
            }
        }
        let word = cbor::Word {
            word: word.to_string(),
            pages,
            variants: variants.into_iter().map(|(v, _)| v).collect(),
        };
        let forms = word.variants.len();
        (word, weight + forms)
    }

    fn posting(
        &self,
        page: &Page,
        gap: u64,
        locs: &Option<Vec<i32>>,
        meta: &[(u16, u32)],
    ) -> Posting {
        let hits = meta
            .iter()
            .map(|&(field, position)| (self.field_number(page, field), position))
            .collect();
        Posting {
            page: gap,
            locs: locs.clone().unwrap_or_default(),
            meta_locs: postings::meta_locs(hits),
        }
    }

    /// The site's number of the page's metadata field `field`.
    fn field_number(&self, page: &Page, field: u16) -> u16 {
        let name = page.meta_fields.get(usize::from(field));
        name.and_then(|name| self.fields.binary_search(name).ok())
            .unwrap_or_default() as u16
    }
}
