//! One page made ready for the index, on whichever thread reads it: its words with packed
//! positions, its metadata words, its filters, and its fragment (the JSON the browser shows a
//! result from), already gzipped; nothing else of the page is kept.

use std::borrow::Cow;
use std::collections::BTreeMap;

use pagefind_stem::Stemmer;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::extract::{Digest, digest, normalize_content};
use super::postings::{Hit, locs};
use super::words::{Indexable, WordCache};
use super::{gzip, naming};

/// A word's postings on one page (positions already packed; metadata positions by the page's
/// own field numbers, renumbered when the site's fields are known).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageWord {
    pub locs: Option<Vec<i32>>,
    pub meta: Vec<(u16, u32)>,
    /// Diacritic forms: packed positions and metadata positions.
    pub variants: BTreeMap<String, VariantHits>,
}

/// A diacritic form's packed positions and metadata positions on one page.
pub type VariantHits = (Option<Vec<i32>>, Vec<(u16, u32)>);

#[derive(Debug, Clone)]
pub struct Page {
    pub has_body: bool,
    pub words: BTreeMap<String, PageWord>,
    /// The page's metadata field names, sorted (the field numbers of [`PageWord::meta`]).
    pub meta_fields: Vec<String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub word_count: usize,
    /// `language_<sha1>` of the fragment JSON, and the framed, gzipped fragment.
    pub fragment_hash: String,
    pub fragment: Vec<u8>,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

#[derive(Serialize)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    location: u32,
}

/// The page of a search document, with the core's own exclusions ([`crate::search::EXCLUDED`]),
/// its words split and stemmed (for `stemmer`) through `cache`, which remembers the pieces of text
/// seen on earlier pages.
pub fn of_document_cached(
    document: &crate::search::SearchDocument,
    language: &str,
    stemmer: Option<&Stemmer>,
    cache: &mut WordCache,
) -> Page {
    let splitter = Splitter { stemmer, cache };
    read(
        &document.url,
        &document.html,
        language,
        splitter,
        crate::search::EXCLUDED,
    )
}

/// A stemmer with the cache of its words.
pub struct Splitter<'a> {
    pub stemmer: Option<&'a Stemmer>,
    pub cache: &'a mut WordCache,
}

impl Splitter<'_> {
    fn indexable(&mut self, raw: &str) -> &[Indexable] {
        self.cache.indexable(raw, self.stemmer)
    }
}

/// The page at `url` with HTML `html`, read as Pagefind reads it (`excluded`: selectors to drop).
pub fn read(
    url: &str,
    html: &str,
    language: &str,
    mut splitter: Splitter,
    excluded: &[&str],
) -> Page {
    splitter.cache.start_page();
    let mut digest = digest(html, excluded);
    let (content, hits, anchors, word_count) = split(&digest, &mut splitter);
    tidy(&mut digest);
    let meta_fields: Vec<String> = digest.meta.keys().cloned().collect();
    // Sorted once per distinct word, not looked up in a sorted map at every occurrence; the map is
    // then built from the sorted words in one pass.
    let cache = &splitter.cache;
    let mut hits: Vec<(String, WordHits)> = hits
        .into_iter()
        .map(|(id, hits)| (cache.stem(id).to_string(), hits))
        .collect();
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut words: BTreeMap<String, PageWord> = hits
        .into_iter()
        .map(|(word, hits)| (word, page_word(hits)))
        .collect();
    for (field, name) in meta_fields.iter().enumerate() {
        let value = &digest.meta[name];
        for (position, raw) in value.split_whitespace().enumerate() {
            for word in splitter.indexable(raw) {
                let entry = words.entry(word.stemmed.clone()).or_default();
                let hit = (field as u16, position as u32);
                match &word.original {
                    None => entry.meta.push(hit),
                    Some(form) => entry.variants.entry(form.clone()).or_default().1.push(hit),
                }
            }
        }
    }
    let json = serde_json::to_string(&Fragment {
        url,
        content: &content,
        word_count,
        filters: &digest.filters,
        meta: &digest.meta,
        anchors: &anchors,
    })
    .unwrap_or_default();
    Page {
        has_body: digest.has_body,
        words,
        meta_fields,
        filters: digest.filters,
        word_count,
        fragment_hash: naming::long_name(language, json.as_bytes()),
        fragment: gzip::framed(json.as_bytes()),
    }
}

/// A word's postings on the page from its hits (in page order), split by diacritic form.
fn page_word(hits: WordHits) -> PageWord {
    let mut word = PageWord::default();
    let mut plain = Vec::new();
    let mut variants: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
    for (hit, original) in hits {
        match original {
            None => plain.push(hit),
            Some(form) => variants.entry(form).or_default().push(hit),
        }
    }
    if !plain.is_empty() {
        word.locs = Some(locs(plain));
    }
    for (form, hits) in variants {
        word.variants.entry(form).or_default().0 = Some(locs(hits));
    }
    word
}

/// One word's hits on a page, with the diacritic form of each.
type WordHits = Vec<(Hit, Option<String>)>;

/// Each indexed word's hits by its stem's number ([`WordCache::stem`]); unsorted.
type Hits = FxHashMap<u32, WordHits>;

/// The digest's words: the excerpt text, each indexed word's hits, the anchors, the word count.
fn split(digest: &Digest, splitter: &mut Splitter) -> (String, Hits, Vec<Anchor>, usize) {
    const MULTIPLIER: f32 = 24.0;
    const MAX: f32 = 10.0;
    let mut content = String::with_capacity(digest.text.len());
    let mut hits: Hits = FxHashMap::default();
    let mut anchors = Vec::new();
    let mut weights: Vec<u8> = vec![MULTIPLIER as u8];
    let (mut index, mut last_index) = (0usize, 0usize);
    for raw in digest.text.split_whitespace() {
        if raw.starts_with('_') {
            if let Some(anchor) = raw.strip_prefix("___PAGEFIND_ANCHOR___") {
                if let Some((element, anchor_id)) = anchor.split_once(':') {
                    let text = digest
                        .anchor_text
                        .get(anchor_id)
                        .map(|t| normalize_content(t))
                        .unwrap_or_default();
                    if let Some((_, id)) = anchor_id.split_once(':') {
                        anchors.push(Anchor {
                            element: element.to_string(),
                            id: id.to_string(),
                            text: normalize_content(&text),
                            title: digest.anchor_titles.get(anchor_id).cloned(),
                            location: index as u32,
                        });
                    }
                }
                continue;
            }
            if let Some(weight) = raw.strip_prefix("___PAGEFIND_WEIGHT___") {
                let weight = weight.parse::<f32>().unwrap_or(1.0);
                weights.push(if weight <= 0.0 {
                    0
                } else {
                    ((weight.clamp(0.0, MAX) * MULTIPLIER) as u8).max(1)
                });
                continue;
            }
            if let Some(weight) = raw.strip_prefix("___PAGEFIND_AUTO_WEIGHT___") {
                let inherited = weights.last().copied().unwrap_or_default();
                weights.push(if weights.len() == 1 {
                    let weight = weight.parse::<f32>().unwrap_or(1.0);
                    (weight.clamp(0.0, MAX) * MULTIPLIER) as u8
                } else {
                    inherited
                });
                continue;
            }
            if raw.starts_with("___END_PAGEFIND_WEIGHT___") {
                weights.pop();
                continue;
            }
        }
        // Most words are ASCII, and the ASCII test is cheaper than looking for the zero-width space.
        let word = if !raw.is_ascii() && raw.contains('\u{200B}') {
            Cow::Owned(raw.replace('\u{200B}', ""))
        } else {
            Cow::Borrowed(raw)
        };
        if word.is_empty() {
            continue;
        }
        content.push_str(&word);
        content.push(' ');
        let weight = weights.last().copied().unwrap_or(1);
        let (indexable, ids) = splitter.cache.numbered(&word, splitter.stemmer);
        let parts = indexable.iter().filter(|w| w.part).count();
        let partial = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        for (word, &id) in indexable.iter().zip(ids) {
            let hit = Hit {
                position: index as u32,
                weight: if word.part { partial } else { weight },
            };
            let hit = (hit, word.original.clone());
            hits.entry(id).or_default().push(hit);
        }
        last_index = index;
        index += 1;
    }
    if content.ends_with(' ') {
        content.pop();
    }
    (content, hits, anchors, last_index + 1)
}

/// Pagefind's own markers never reach metadata or filter values.
fn tidy(digest: &mut Digest) {
    for values in digest.filters.values_mut() {
        for value in values.iter_mut() {
            *value = without_markers(value);
        }
    }
    for value in digest.meta.values_mut() {
        *value = without_markers(value);
    }
}

fn without_markers(value: &str) -> String {
    const MARK: &str = "___PAGEFIND_";
    if !value.contains(MARK) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let run = after.find(char::is_whitespace).unwrap_or(after.len());
        if run == 0 {
            out.push_str(&rest[..at + MARK.len()]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..at]);
        let tail = &after[run..];
        let mut chars = tail.chars();
        rest = match chars.next() {
            Some(c) if c.is_whitespace() => chars.as_str(),
            _ => tail,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_removed_from_metadata() {
        assert_eq!(
            without_markers("Title ___PAGEFIND_ANCHOR___h1:0:x rest"),
            "Title rest"
        );
        assert_eq!(without_markers("plain"), "plain");
    }

    #[test]
    fn zero_width_spaces_are_dropped_from_words() {
        let splitter = Splitter {
            stemmer: None,
            cache: &mut WordCache::default(),
        };
        let page = read(
            "/z/",
            "<html lang=en><body><main data-pagefind-body>\
             <p>load\u{200B}balancer ascii \u{200B}</p></main></body></html>",
            "en",
            splitter,
            &[],
        );
        assert!(
            page.words.contains_key("loadbalancer"),
            "{:?}",
            page.words.keys()
        );
        assert!(page.words.contains_key("ascii"));
        assert_eq!(
            page.word_count, 2,
            "a word of only a zero-width space is no word"
        );
    }

    #[test]
    fn a_page_gives_positions_weights_and_title_words() {
        let stemmer = super::super::words::stemmer("en");
        let splitter = Splitter {
            stemmer: stemmer.as_ref(),
            cache: &mut WordCache::default(),
        };
        let page = read(
            "/a/",
            "<html lang=en><body><main data-pagefind-body><h1>Servers</h1>\
             <p>a server</p></main></body></html>",
            "en",
            splitter,
            &[],
        );
        assert_eq!(page.word_count, 3);
        let server = &page.words["server"];
        // "Servers" at 0 weighs 7 * 24 = 168; "server" at 2 weighs 24.
        assert_eq!(server.locs.as_deref(), Some(&[-25, 2, -169, 0][..]));
        assert_eq!(server.meta, vec![(0, 0)], "the title field's first word");
        assert_eq!(page.meta_fields, vec!["title".to_string()]);
        let json = gzip::unframed(&page.fragment).expect("framed");
        let json = String::from_utf8(json).expect("utf-8");
        assert!(
            json.starts_with(r#"{"url":"/a/","content":"Servers. a server.","word_count":3"#),
            "{json}"
        );
    }
}
