//! Our writer's index kept alive between builds (`serve`): an edit reads only the pages whose
//! search documents changed, takes their old words out of the kept postings and puts the new ones
//! in, and encodes and gzips again only the word chunks holding a word that changed ([`chunked`]);
//! the fragments of the other pages, and the other chunks, are the bytes of the last update. The
//! filters, the metadata and the entry file are made again each time (a few per site).
//!
//! Page numbers are kept ([`numbering`]): an edited page keeps its number, a new page takes the
//! next, a removed page's number goes to the last page. The first update (and one after a change
//! that renumbers every posting: the site's metadata fields, or whether any page marks its body)
//! is the index a fresh [`super::write`] gives, byte for byte; later ones hold the same words,
//! postings and fragments, numbered as above and cut into chunks by [`chunked`]'s rule (tested).

mod chunked;
mod encode;
mod numbering;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::cbor::{MetaChunk, MetaPage};
use super::merge::Merged;
use super::page::{self, Page};
use super::{BUNDLE_DIR, chunks, files_of, naming, with_entry_and_assets, words};
use crate::diagnostics::Diagnostic;
use crate::search::{IndexOptions, SearchDocument};
use chunked::Chunked;
use encode::Site;
use numbering::Numbering;

/// The bytes of one index file, shared with the caller (nothing is copied between updates).
pub type Shared = Arc<[u8]>;

/// The pages and the index of the last update.
#[derive(Default)]
pub struct LivePages {
    language: String,
    /// Each page file of the last [`LivePages::update_pages`], with its search URL.
    sources: HashMap<String, (Shared, Option<String>)>,
    pages: HashMap<String, Kept>,
    index: Option<Index>,
    /// The files of the last update, by path.
    files: HashMap<String, Shared>,
}

/// A page as read, with a hash of the document it was read from.
struct Kept {
    hash: u64,
    page: Page,
    fragment: Shared,
}

/// The numbered pages and their chunks, and what was true of the site when they were numbered.
struct Index {
    any_body: bool,
    fields: Vec<String>,
    numbering: Numbering,
    chunked: Chunked,
}

/// What an update made: every file of the index (sorted by path) and how much work it took.
#[derive(Debug)]
pub struct LiveUpdate {
    pub files: Vec<(String, Shared)>,
    /// Documents read (split into words) this time.
    pub read: usize,
    /// Files whose bytes are not those of the last update's file at that path.
    pub written: usize,
    /// Word chunks encoded this time.
    pub encoded: usize,
}

impl LivePages {
    /// Brings the index up to the site's page files (`path`, bytes; in reading order). A file
    /// whose bytes are those of the last update is not cut into a search document again.
    pub fn update_pages(
        &mut self,
        pages: &[(String, Shared)],
        options: &IndexOptions,
    ) -> Result<LiveUpdate, Diagnostic> {
        self.start_for(options.language);
        let old = std::mem::take(&mut self.sources);
        let kept = |url: &Option<String>| url.as_ref().is_none_or(|u| self.pages.contains_key(u));
        let read: Vec<(Option<String>, Option<SearchDocument>)> = pages
            .par_iter()
            .map(|(path, bytes)| match old.get(path) {
                Some((b, url)) if (Arc::ptr_eq(b, bytes) || b == bytes) && kept(url) => {
                    (url.clone(), None)
                }
                _ => {
                    let html = std::str::from_utf8(bytes).ok();
                    let document = html.and_then(|html| SearchDocument::of_page(path, html));
                    (document.as_ref().map(|d| d.url.clone()), document)
                }
            })
            .collect();
        let mut order = Vec::new();
        let mut documents = Vec::new();
        for ((path, bytes), (url, document)) in pages.iter().zip(read) {
            order.extend(url.clone());
            documents.extend(document);
            self.sources.insert(path.clone(), (Arc::clone(bytes), url));
        }
        self.apply(order, documents, options)
    }

    /// Forgets everything when the language is not the last update's.
    fn start_for(&mut self, language: &str) {
        if self.language != language {
            *self = LivePages {
                language: language.to_string(),
                ..LivePages::default()
            };
        }
    }

    /// Brings the index up to `documents` (one per URL, in reading order; a repeated URL counts at
    /// its first place): the tests' way in, with documents instead of page files.
    #[cfg(test)]
    pub fn update(
        &mut self,
        documents: Vec<SearchDocument>,
        options: &IndexOptions,
    ) -> Result<LiveUpdate, Diagnostic> {
        let order = documents.iter().map(|d| d.url.clone()).collect();
        self.apply(order, documents, options)
    }

    /// `order`: the URLs of the site in reading order; `documents`: those that may have changed.
    fn apply(
        &mut self,
        order: Vec<String>,
        documents: Vec<SearchDocument>,
        options: &IndexOptions,
    ) -> Result<LiveUpdate, Diagnostic> {
        let language = options.language;
        self.start_for(language);
        let mut seen = HashSet::new();
        let order: Vec<String> = order
            .into_iter()
            .filter(|u| seen.insert(u.clone()))
            .collect();
        let mut first = HashSet::new();
        let changed: Vec<(SearchDocument, u64)> = documents
            .into_iter()
            .filter(|d| seen.contains(&d.url) && first.insert(d.url.clone()))
            .map(|d| {
                let hash = digest_of(&d.html);
                (d, hash)
            })
            .filter(|(d, hash)| self.pages.get(&d.url).map(|k| k.hash) != Some(*hash))
            .collect();
        let read = changed.len();
        let fresh: Vec<(String, Kept)> = changed
            .into_par_iter()
            .map_init(
                || (words::stemmer(language), words::WordCache::default()),
                |(stemmer, cache), (document, hash)| {
                    let mut page =
                        page::of_document_cached(&document, language, stemmer.as_ref(), cache);
                    let fragment = Arc::from(std::mem::take(&mut page.fragment));
                    (
                        document.url,
                        Kept {
                            hash,
                            page,
                            fragment,
                        },
                    )
                },
            )
            .collect();
        let mut gone: Vec<(String, Option<Kept>)> = Vec::new();
        for (url, kept) in fresh {
            let old = self.pages.insert(url.clone(), kept);
            gone.push((url, old));
        }
        let removed: Vec<String> = self
            .pages
            .keys()
            .filter(|url| !seen.contains(*url))
            .cloned()
            .collect();
        for url in removed {
            let old = self.pages.remove(&url);
            gone.push((url, old));
        }
        let encoded = self.reindex(&order, gone);
        self.files_of_index(language, read, encoded)
    }

    /// Updates the index for the pages in `changed` (each with what it was before, if anything):
    /// in place when it can, else afresh in `order`. Returns how many chunks were encoded.
    fn reindex(&mut self, order: &[String], changed: Vec<(String, Option<Kept>)>) -> usize {
        let any_body = self
            .pages
            .values()
            .any(|k| k.page.has_body && !k.page.words.is_empty());
        let indexed = |page: &Page| !page.words.is_empty() && (page.has_body || !any_body);
        let fields: Vec<String> = self
            .pages
            .values()
            .filter(|k| indexed(&k.page))
            .flat_map(|k| k.page.meta_fields.iter())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .cloned()
            .collect();
        let language = self.language.clone();
        let index = self
            .index
            .take()
            .filter(|i| i.any_body == any_body && i.fields == fields);
        let Some(mut index) = index else {
            let urls = order
                .iter()
                .filter(|url| self.pages.get(*url).is_some_and(|k| indexed(&k.page)));
            let numbering = Numbering::of(urls.cloned());
            let pages = self.numbered(&numbering);
            let mut words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            for (number, page) in pages.iter().enumerate() {
                for word in page.words.keys() {
                    words.entry(word.clone()).or_default().push(number as u32);
                }
            }
            let site = Site {
                pages: &pages,
                fields: &fields,
            };
            let chunked = Chunked::new(words, &site, &language);
            let encoded = chunked.chunks().len();
            self.index = Some(Index {
                any_body,
                fields,
                numbering,
                chunked,
            });
            return encoded;
        };
        // When every changed page that had a number keeps it, a word whose postings on the page
        // are as before is left where it is: an edit touches only the chunks of the words it
        // changed (appending a sentence, only the new words').
        let numbers_kept = changed.iter().all(|(url, old)| {
            old.is_none()
                || index.numbering.number(url).is_none()
                || self.pages.get(url).is_some_and(|k| indexed(&k.page))
        });
        let same: HashMap<&str, HashSet<&str>> = changed
            .iter()
            .filter(|_| numbers_kept)
            .filter_map(|(url, old)| {
                let (old, new) = (old.as_ref()?, self.pages.get(url)?);
                index.numbering.number(url)?;
                Some((url.as_str(), same_words(&old.page, &new.page)))
            })
            .collect();
        let touched = |url: &str, page: &Page| -> Vec<String> {
            let same = same.get(url);
            page.words
                .keys()
                .filter(|w| same.is_none_or(|s| !s.contains(w.as_str())))
                .cloned()
                .collect()
        };
        // Out: the old words of every changed page that had a number.
        let mut waiting: HashSet<&str> = HashSet::new();
        for (url, old) in &changed {
            if let (Some(number), Some(old)) = (index.numbering.number(url), old) {
                for word in touched(url, &old.page) {
                    index.chunked.remove(&word, number);
                }
                waiting.insert(url);
            }
        }
        // Numbers of pages no longer indexed go to the last page, whose words follow it.
        for (url, _) in &changed {
            let now = self.pages.get(url).is_some_and(|k| indexed(&k.page));
            if now || index.numbering.number(url).is_none() {
                continue;
            }
            let Some(moved) = index.numbering.remove(url) else {
                continue;
            };
            if waiting.contains(moved.url.as_str()) {
                continue;
            }
            if let Some(kept) = self.pages.get(&moved.url) {
                for word in kept.page.words.keys() {
                    index.chunked.remove(word, moved.from);
                    index.chunked.add(word, moved.to);
                }
            }
        }
        // In: the words of every changed page still (or newly) indexed.
        for (url, _) in &changed {
            let Some(kept) = self.pages.get(url).filter(|k| indexed(&k.page)) else {
                continue;
            };
            let number = match index.numbering.number(url) {
                Some(number) => number,
                None => index.numbering.push(url.clone()),
            };
            for word in touched(url, &kept.page) {
                index.chunked.add(&word, number);
            }
        }
        let pages = self.numbered(&index.numbering);
        let site = Site {
            pages: &pages,
            fields: &index.fields,
        };
        let encoded = index.chunked.refresh(&site, &language);
        self.index = Some(index);
        encoded
    }

    /// The kept pages by number.
    fn numbered(&self, numbering: &Numbering) -> Vec<&Page> {
        numbering
            .urls()
            .iter()
            .filter_map(|url| self.pages.get(url).map(|k| &k.page))
            .collect()
    }

    /// Every file of the index as it now is: fragments and chunks as kept, the filters, the
    /// metadata, the entry file and the browser's assets made again.
    fn files_of_index(
        &mut self,
        language: &str,
        read: usize,
        encoded: usize,
    ) -> Result<LiveUpdate, Diagnostic> {
        let index = self.index.as_ref().expect("reindex leaves an index");
        let mut files: Vec<(String, Shared)> = Vec::new();
        let mut fragment_names = naming::FragmentNames::default();
        let mut meta_pages = Vec::new();
        let mut filters: BTreeMap<String, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
        for (number, url) in index.numbering.urls().iter().enumerate() {
            let Some(kept) = self.pages.get(url) else {
                continue;
            };
            let name = fragment_names.name(language, &kept.page.fragment_hash);
            files.push((
                format!("{BUNDLE_DIR}/fragment/{name}.pf_fragment"),
                Arc::clone(&kept.fragment),
            ));
            meta_pages.push(MetaPage {
                hash: name,
                word_count: kept.page.word_count as u32,
                group: String::new(),
            });
            for (filter, values) in &kept.page.filters {
                let filter = filters.entry(filter.clone()).or_default();
                for value in values {
                    filter.entry(value.clone()).or_default().push(number as u64);
                }
            }
        }
        let chunk_list = index.chunked.chunks();
        let bounds: Vec<(&str, &str)> = chunk_list
            .iter()
            .map(|c| (c.first.as_str(), c.last.as_str()))
            .collect();
        let mut ranges: Vec<MetaChunk> = chunks::ranges(&bounds);
        let mut chunk_names = naming::ChunkNames::default();
        for (range, chunk) in ranges.iter_mut().zip(chunk_list) {
            range.hash = chunk_names.name(language, &chunk.long);
            files.push((
                format!("{BUNDLE_DIR}/index/{}.pf_index", range.hash),
                Arc::clone(&chunk.gzipped),
            ));
        }
        let merged = Merged {
            files: Vec::new(),
            pages: meta_pages,
            chunks: ranges,
            gzipped: Default::default(),
            filters,
            meta_fields: index.fields.clone(),
        };
        for file in with_entry_and_assets(files_of(merged, language), language)? {
            let bytes = file.read().map_err(|error| {
                Diagnostic::error("X001", format!("search index `{}`: {error}", file.path))
            })?;
            files.push((file.path, Arc::from(bytes)));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let previous = std::mem::take(&mut self.files);
        let mut written = 0;
        for (path, bytes) in &mut files {
            match previous.get(path) {
                Some(old) if Arc::ptr_eq(old, bytes) => {}
                Some(old) if old == bytes => *bytes = Arc::clone(old),
                _ => written += 1,
            }
        }
        self.files = files.iter().cloned().collect();
        Ok(LiveUpdate {
            files,
            read,
            written,
            encoded,
        })
    }
}

fn digest_of(html: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    html.hash(&mut hasher);
    hasher.finish()
}

/// The words whose postings on the page are those of its last version, metadata field numbers
/// included (none when the page's own metadata fields changed).
fn same_words<'p>(old: &'p Page, new: &Page) -> HashSet<&'p str> {
    if old.meta_fields != new.meta_fields {
        return HashSet::new();
    }
    old.words
        .iter()
        .filter(|(word, on)| new.words.get(*word) == Some(on))
        .map(|(word, _)| word.as_str())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{cbor, gzip};
    use super::*;

    /// A page with a marked body: its URL as the heading, then `words`.
    pub(crate) fn document(url: &str, words: &str) -> SearchDocument {
        SearchDocument {
            url: url.into(),
            html: format!(
                "<html lang=\"en\"><body><main data-pagefind-body><h1>{url}</h1><p>{words}</p>\
                 </main></body></html>"
            ),
        }
    }

    const EN: IndexOptions = IndexOptions { language: "en" };

    fn fresh(documents: &[SearchDocument]) -> Vec<(String, Vec<u8>)> {
        let files = super::super::write(documents.to_vec(), &EN).expect("indexes");
        files
            .iter()
            .map(|f| (f.path.clone(), f.read().expect("in memory")))
            .collect()
    }

    fn owned(update: &LiveUpdate) -> Vec<(String, Vec<u8>)> {
        update
            .files
            .iter()
            .map(|(p, b)| (p.clone(), b.to_vec()))
            .collect()
    }

    /// Each word's postings (and its diacritic forms'), by the URL of the page, found the way
    /// the browser finds them: through the metadata's chunk ranges and page list.
    type Found = BTreeMap<String, BTreeSet<(String, String, Vec<i32>, Vec<i32>)>>;

    fn found(files: &[(String, Vec<u8>)]) -> Found {
        let inflated: HashMap<&str, Vec<u8>> = files
            .iter()
            .filter(|(p, _)| p.contains(".pf_"))
            .map(|(p, b)| (p.as_str(), gzip::unframed(b).expect("framed")))
            .collect();
        let (_, meta) = inflated
            .iter()
            .find(|(p, _)| p.ends_with(".pf_meta"))
            .expect("meta");
        let meta: cbor::Meta = cbor::decode(meta).expect("metadata");
        let urls: Vec<String> = meta
            .pages
            .iter()
            .map(|page| {
                let json =
                    &inflated[format!("{BUNDLE_DIR}/fragment/{}.pf_fragment", page.hash).as_str()];
                let json: serde_json::Value = serde_json::from_slice(json).expect("json");
                json["url"].as_str().expect("url").to_string()
            })
            .collect();
        let mut found = Found::new();
        for range in &meta.chunks {
            let bytes = &inflated[format!("{BUNDLE_DIR}/index/{}.pf_index", range.hash).as_str()];
            let chunk: cbor::WordChunk = cbor::decode(bytes).expect("chunk");
            for word in chunk.words {
                assert!(
                    range.from.as_str() <= word.word.as_str(),
                    "{range:?} {}",
                    word.word
                );
                assert!(
                    word.word.starts_with(&range.to) || word.word <= range.to,
                    "{range:?}"
                );
                let lists = std::iter::once((String::new(), word.pages))
                    .chain(word.variants.into_iter().map(|v| (v.form, v.pages)));
                for (form, postings) in lists {
                    let mut page = 0;
                    for posting in postings {
                        page += posting.page;
                        let entry = (
                            urls[page as usize].clone(),
                            form.clone(),
                            posting.locs,
                            posting.meta_locs,
                        );
                        found.entry(word.word.clone()).or_default().insert(entry);
                    }
                }
            }
        }
        found
    }

    /// `pages` documents whose words overlap, enough for several word chunks.
    fn site(pages: usize) -> Vec<SearchDocument> {
        (0..pages)
            .map(|n| {
                let words: Vec<String> = (0..60)
                    .map(|k| format!("w{}q{}", (n * 7 + k) % 500, k % 3))
                    .collect();
                document(&format!("/p{n}/"), &words.join(" "))
            })
            .collect()
    }

    #[test]
    fn the_first_update_is_the_fresh_index_byte_for_byte() {
        let documents = site(40);
        let mut live = LivePages::default();
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert_eq!(update.read, 40);
        assert!(owned(&update) == fresh(&documents));
    }

    #[test]
    fn an_edit_reencodes_only_the_chunks_of_its_words() {
        let mut documents = site(1000);
        documents[17] = document("/p17/", "w3q0");
        let mut live = LivePages::default();
        let first = live.update(documents.clone(), &EN).expect("indexes");
        let chunks = first
            .files
            .iter()
            .filter(|(p, _)| p.contains("/index/"))
            .count();
        assert!(chunks >= 5, "{chunks} chunks");

        documents[17] = document("/p17/", "w3q0 zebrafinch");
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert_eq!(update.read, 1, "only the edited page is read");
        assert!(
            update.encoded < chunks,
            "{} of {chunks} chunks encoded",
            update.encoded
        );
        // The edited fragment, its chunks, the metadata and the entry file; no other fragment.
        let fragments = |u: &LiveUpdate| -> BTreeSet<String> {
            u.files
                .iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.contains("/fragment/"))
                .collect()
        };
        let new_fragments = fragments(&update).difference(&fragments(&first)).count();
        assert_eq!(new_fragments, 1);
        assert!(
            update.written <= update.encoded + 3,
            "{} files written",
            update.written
        );
        let ours = found(&owned(&update));
        assert!(ours["zebrafinch"].iter().all(|(url, ..)| url == "/p17/"));
        assert!(!ours["w3q0"].is_empty());
        assert!(
            ours == found(&fresh(&documents)),
            "the words a fresh index finds"
        );

        let again = live.update(documents.clone(), &EN).expect("indexes");
        assert_eq!((again.read, again.encoded), (0, 0), "nothing changed");
        assert_eq!(again.written, 0);
    }

    #[test]
    fn an_appended_word_reencodes_only_its_own_chunk() {
        let mut documents = site(1000);
        documents[17] = document("/p17/", "heron kestrel plover");
        let mut live = LivePages::default();
        live.update(documents.clone(), &EN).expect("indexes");

        documents[17] = document("/p17/", "heron kestrel plover zebrafinch");
        let appended = live.update(documents.clone(), &EN).expect("indexes");
        assert_eq!(
            appended.encoded, 1,
            "the three old words kept their postings"
        );
        assert!(found(&owned(&appended)) == found(&fresh(&documents)));

        // A word put first moves every other word's position: their chunks are encoded again.
        documents[17] = document("/p17/", "aardvark heron kestrel plover zebrafinch");
        let prepended = live.update(documents.clone(), &EN).expect("indexes");
        assert!(
            prepended.encoded > 1,
            "{} chunks encoded",
            prepended.encoded
        );
        assert!(found(&owned(&prepended)) == found(&fresh(&documents)));
    }

    /// Each word's CBOR as the chunks hold it (postings, gaps and diacritic forms in order).
    fn word_bytes(files: &[(String, Vec<u8>)]) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|(p, _)| p.contains("/index/"))
            .flat_map(|(_, b)| {
                let bytes = gzip::unframed(b).expect("framed");
                let chunk: cbor::WordChunk = cbor::decode(&bytes).expect("chunk");
                chunk.words
            })
            .map(|word| (word.word.clone(), cbor::encode(&word)))
            .collect()
    }

    #[test]
    fn a_sentence_put_first_leaves_each_word_as_a_fresh_index_encodes_it() {
        let mut documents = site(300);
        documents[17] = document("/p17/", "heron w3q0 kestrel café plover");
        documents[40] = document("/p40/", "cafe café heron");
        let mut live = LivePages::default();
        live.update(documents.clone(), &EN).expect("indexes");

        // A word new to the site first, every other word moved, a diacritic form now the
        // page's first form of `cafe`, `plover` gone from the site.
        documents[17] = document("/p17/", "zebrafinch Café heron w3q0 kestrel cafe");
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert_eq!(update.read, 1);
        let ours = word_bytes(&owned(&update));
        assert!(ours.contains_key("zebrafinch") && !ours.contains_key("plover"));
        let cafe: cbor::Word = cbor::decode(&ours["cafe"]).expect("word");
        assert_eq!(cafe.variants.len(), 1, "{cafe:?}");
        assert!(ours == word_bytes(&fresh(&documents)), "the fresh words");

        // Again on the same page: `w3q0` (on many pages) leaves it and `w5q1` comes, so the
        // gap of the next page holding each changes; `cafe` keeps only its plain form.
        documents[17] = document("/p17/", "w5q1 kestrel heron cafe zebrafinch");
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert!(word_bytes(&owned(&update)) == word_bytes(&fresh(&documents)));
    }

    #[test]
    fn removed_and_added_pages_leave_the_words_of_a_fresh_index() {
        let mut documents = site(200);
        let mut live = LivePages::default();
        live.update(documents.clone(), &EN).expect("indexes");
        documents.remove(3);
        documents.insert(50, document("/new/", "w8q1 brandnewword"));
        documents.push(document("/empty/", ""));
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert_eq!(update.read, 2);
        let ours = found(&owned(&update));
        assert!(!ours.values().flatten().any(|(url, ..)| url == "/p3/"));
        assert!(ours["brandnewword"].iter().any(|(url, ..)| url == "/new/"));
        let theirs = fresh(&documents);
        assert!(ours == found(&theirs));
        let page_count = |files: &[(String, Vec<u8>)]| {
            let (_, entry) = files
                .iter()
                .find(|(p, _)| p.ends_with("entry.json"))
                .expect("entry");
            let entry: serde_json::Value = serde_json::from_slice(entry).expect("json");
            entry["languages"]["en"]["page_count"].as_u64()
        };
        assert_eq!(page_count(&owned(&update)), page_count(&theirs));
    }

    #[test]
    fn a_chunk_that_grows_past_twice_the_size_is_cut_again() {
        let mut documents = site(100);
        let mut live = LivePages::default();
        let first = live.update(documents.clone(), &EN).expect("indexes");
        let chunks = |u: &LiveUpdate| {
            u.files
                .iter()
                .filter(|(p, _)| p.contains("/index/"))
                .count()
        };
        let many: Vec<String> = (0..9000).map(|k| format!("w250q{}z{k}", k % 3)).collect();
        documents[5] = document("/p5/", &many.join(" "));
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert!(
            chunks(&update) > chunks(&first),
            "{} chunks",
            chunks(&update)
        );
        assert!(found(&owned(&update)) == found(&fresh(&documents)));
        documents[5] = document("/p5/", "");
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert!(found(&owned(&update)) == found(&fresh(&documents)));
    }

    #[test]
    fn a_change_of_metadata_fields_renumbers_afresh() {
        let mut documents = site(30);
        let mut live = LivePages::default();
        live.update(documents.clone(), &EN).expect("indexes");
        documents[2].html = documents[2]
            .html
            .replace("<h1>", "<h1 data-pagefind-meta=\"author:Ada Lovelace\">");
        let update = live.update(documents.clone(), &EN).expect("indexes");
        assert!(owned(&update) == fresh(&documents), "the fresh bytes");
    }

    #[test]
    fn unchanged_page_files_are_not_cut_again() {
        let page = |words: &str| -> Shared { Arc::from(document("/x/", words).html.into_bytes()) };
        let pages = vec![
            ("a/index.html".to_string(), page("alpha")),
            ("b/index.html".to_string(), page("beta")),
        ];
        let mut live = LivePages::default();
        let first = live.update_pages(&pages, &EN).expect("indexes");
        assert_eq!(first.read, 2);
        let edited = vec![
            pages[0].clone(),
            ("b/index.html".to_string(), page("gamma")),
        ];
        let update = live.update_pages(&edited, &EN).expect("indexes");
        assert_eq!(update.read, 1);
        let ours = found(&owned(&update));
        assert!(ours.contains_key("gamma") && !ours.contains_key("beta"));
    }
}
