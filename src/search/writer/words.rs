//! From one whitespace-separated word of a page to the words the index holds, as Pagefind 1.6
//! does it, so a query the browser stems finds them: lower case, only letters, digits and the
//! connector characters ([`WORD_SYMBOLS`]), diacritics folded (the original form kept as a
//! variant), stemmed for the page's language; a compound (`web-server`, `camelCase`,
//! `std.io.Read`) also gives its parts, each with a share of the word's weight.
//!
//! Not covered (Pagefind indexes them, our pages do not carry them): emoji as words of their own,
//! katakana suffixes and the pairs of characters of scripts without spaces (CJK, Thai).

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Characters that count as part of a word (Unicode's "Punctuation, Connector").
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// How far into a dotted word its tails are looked for.
const MAX_DOTTED_TAIL_CHARS: usize = 64;

/// One word to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexable {
    pub stemmed: String,
    /// A part of a compound: weighs the word's weight shared among its parts.
    pub part: bool,
    /// The form before diacritics were folded, when it differs.
    pub original: Option<String>,
}

/// The stemmer of a language code (`en`, `pt-br`), if Pagefind has one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or_default() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The words to index for `raw` (one whitespace-free piece of the page's text).
pub fn indexable(raw: &str, stemmer: Option<&Stemmer>) -> Vec<Indexable> {
    let mut words = Vec::new();
    let normalized = normalize(raw);
    if !normalized.is_empty() {
        words.push(stem(&normalized, stemmer, false));
    }
    let compound =
        raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
    if compound {
        let parts = raw
            .replace(|c: char| c.is_ascii_punctuation(), " ")
            .to_case(Case::Lower)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !normalized.is_empty()
            && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
        {
            for part in parts.split_whitespace().filter(|p| p.len() > 1) {
                let folded = fold_diacritics(part);
                let base = folded.as_deref().unwrap_or(part);
                words.push(Indexable {
                    stemmed: stem_folded(base, stemmer),
                    part: true,
                    original: folded.as_ref().map(|_| part.to_string()),
                });
            }
        }
    }
    let tails = dotted_tails(raw, stemmer, &words);
    words.extend(tails);
    words
}

/// [`indexable`]'s answers, remembered: a site uses a few thousand distinct pieces of text over
/// and over, so each is normalised, split and stemmed once per cache instead of at every
/// occurrence. A cache serves one stemmer (one language). Each stem also gets a number, so a page
/// collects its hits by number instead of hashing and comparing the stem's text at every
/// occurrence. It forgets everything at the start of a page once it holds
/// [`WordCache::CAPACITY`] pieces (never within a page, where the numbers are in use), so a site
/// of unique words costs bounded memory.
#[derive(Debug, Default)]
pub struct WordCache {
    /// Each piece's place in `answers`: a piece seen before costs one lookup, not two.
    known: FxHashMap<Box<str>, usize>,
    answers: Vec<Answer>,
    /// Each stem's number, and (by number) each stem.
    stem_ids: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
}

/// A piece's words, and the number of each word's stem.
type Answer = (Box<[Indexable]>, Box<[u32]>);

impl WordCache {
    /// The most pieces a cache holds at the start of a page.
    pub const CAPACITY: usize = 1 << 16;

    /// Forgets everything if the cache is full; to be called before each page, as the stem
    /// numbers of [`WordCache::numbered`] hold only until the next call.
    pub fn start_page(&mut self) {
        if self.known.len() >= Self::CAPACITY {
            *self = WordCache::default();
        }
    }

    /// `indexable(raw, stemmer)`; `stemmer` must be the same at every call on one cache.
    pub fn indexable(&mut self, raw: &str, stemmer: Option<&Stemmer>) -> &[Indexable] {
        self.numbered(raw, stemmer).0
    }

    /// [`WordCache::indexable`], with the number of each word's stem ([`WordCache::stem`]).
    pub fn numbered(&mut self, raw: &str, stemmer: Option<&Stemmer>) -> (&[Indexable], &[u32]) {
        let at = match self.known.get(raw) {
            Some(&at) => at,
            None => {
                let words = indexable(raw, stemmer).into_boxed_slice();
                let ids = words.iter().map(|w| self.stem_id(&w.stemmed)).collect();
                self.answers.push((words, ids));
                self.known.insert(raw.into(), self.answers.len() - 1);
                self.answers.len() - 1
            }
        };
        let (words, ids) = &self.answers[at];
        (words, ids)
    }

    /// The stem numbered `id` since the last [`WordCache::start_page`].
    pub fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    fn stem_id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.stem_ids.get(stem) {
            return id;
        }
        // Fewer stems than pieces, and pieces stay far below u32::MAX (CAPACITY plus one page).
        let id = self.stems.len() as u32;
        self.stems.push(stem.into());
        self.stem_ids.insert(stem.into(), id);
        id
    }
}

/// `a.b.someTail`'s compound tails (`someTail`), so a dotted name's last parts are found whole.
fn dotted_tails(raw: &str, stemmer: Option<&Stemmer>, existing: &[Indexable]) -> Vec<Indexable> {
    let mut tails: Vec<Indexable> = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let word = stem(&normalized, stemmer, true);
        let seen = existing.iter().chain(tails.iter());
        if !seen.clone().any(|w| w.stemmed == word.stemmed) {
            tails.push(word);
        }
    }
    tails
}

/// Only the letters, digits and connectors of `raw`, lower case.
fn normalize(raw: &str) -> String {
    let mut word = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else if c.is_uppercase() {
                word.extend(c.to_lowercase());
            } else {
                word.push(c);
            }
        }
    }
    word
}

fn stem(normalized: &str, stemmer: Option<&Stemmer>, part: bool) -> Indexable {
    let folded = fold_diacritics(normalized);
    Indexable {
        stemmed: stem_folded(folded.as_deref().unwrap_or(normalized), stemmer),
        part,
        original: folded.map(|_| normalized.to_string()),
    }
}

fn stem_folded(word: &str, stemmer: Option<&Stemmer>) -> String {
    match stemmer {
        Some(stemmer) => stemmer.stem(word).into_owned(),
        None => word.to_string(),
    }
}

/// `word` without its combining marks (`café` -> `cafe`), or `None` when that changes nothing.
/// The kana sound marks stay: they tell words apart.
fn fold_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !word.chars().any(decomposes) {
        return None;
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || kana_mark(c))
        .collect();
    let folded = if stripped.chars().any(kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (folded != word).then_some(folded)
}

fn decomposes(c: char) -> bool {
    let mut differs = is_combining_mark(c);
    decompose_canonical(c, |part| differs = differs || part != c);
    differs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(raw: &str) -> Vec<(String, bool)> {
        indexable(raw, stemmer("en").as_ref())
            .into_iter()
            .map(|w| (w.stemmed, w.part))
            .collect()
    }

    #[test]
    fn plain_words_are_lower_case_stems() {
        assert_eq!(stems("Servers,"), vec![("server".to_string(), false)]);
        assert!(stems("—").is_empty());
    }

    #[test]
    fn compounds_add_their_parts() {
        assert_eq!(
            stems("load-balancers"),
            vec![
                ("loadbalanc".to_string(), false),
                ("load".to_string(), true),
                ("balanc".to_string(), true)
            ]
        );
        assert_eq!(
            stems("camelCase"),
            vec![
                ("camelcas".to_string(), false),
                ("camel".to_string(), true),
                ("case".to_string(), true)
            ]
        );
    }

    #[test]
    fn the_cache_gives_what_splitting_gives_and_stays_bounded() {
        let stemmer = stemmer("en");
        let mut cache = WordCache::default();
        for raw in [
            "Servers,",
            "load-balancers",
            "Café",
            "std.io.ReadExt",
            "Servers,",
        ] {
            let fresh = indexable(raw, stemmer.as_ref());
            assert_eq!(cache.indexable(raw, stemmer.as_ref()), &fresh[..], "{raw}");
        }
        assert_eq!(cache.known.len(), 4, "a piece seen twice is kept once");
        let (words, ids) = cache.numbered("servers", stemmer.as_ref());
        assert_eq!(words[0].stemmed, "server");
        let id = ids[0];
        assert_eq!(cache.numbered("Servers,", stemmer.as_ref()).1, [id]);
        assert_eq!(cache.stem(id), "server", "one number a stem");
        for n in 0..=WordCache::CAPACITY {
            cache.indexable(&format!("w{n}"), stemmer.as_ref());
        }
        assert_eq!(
            cache.stem(id),
            "server",
            "numbers hold within a page, however full"
        );
        cache.start_page();
        assert!(cache.known.len() <= WordCache::CAPACITY);
        assert!(cache.stems.len() <= WordCache::CAPACITY);
        assert_eq!(
            cache.indexable("Servers,", stemmer.as_ref()),
            &indexable("Servers,", stemmer.as_ref())[..]
        );
    }

    #[test]
    fn diacritics_fold_and_keep_the_original() {
        let words = indexable("Café", stemmer("fr").as_ref());
        assert_eq!(words[0].original.as_deref(), Some("café"));
        assert!(!words[0].stemmed.contains('é'));
    }
}
