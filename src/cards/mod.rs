//! Social cards: a 1200×630 PNG per page (title, section, site name) for link previews, written
//! next to the page as `card.png` (`dns/records/` -> `dns/records/card.png`) and named by the
//! theme's `og:image` / `twitter:image`.
//!
//! Each card is drawn as an SVG string ([`svg::document`]) and rasterised with resvg through
//! [`crate::diagram::svg_to_png`], in parallel. `build` keeps every PNG in
//! `.infrabook-cache/cards/<hash>.png` beside the output, named after a hash of the SVG (which
//! holds everything the picture shows), so a page whose card did not change is not drawn again;
//! cached files no card of the build uses are removed. Without a cache folder (`serve`) the cards
//! are kept in memory by the same names, so an edit draws only the cards it changed.

pub mod svg;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{LazyLock, Mutex, MutexGuard};

use rayon::prelude::*;

use crate::output::OutputFile;
use crate::site::SiteGraph;

/// The folder of `.infrabook-cache/` that holds rendered cards.
pub const CACHE_DIR: &str = "cards";
/// Part of every hash: bump it when the rasterising changes in a way the SVG does not show.
const VERSION: &str = "card-v1";

/// What one card shows, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Output path (`dns/records/card.png`).
    pub path: String,
    pub title: String,
    /// The title of the section the page is in; empty for the home page and top-level pages.
    pub section: String,
    pub site: String,
}

/// The output path of the card for a page at `url_path` (`dns/records/` -> `dns/records/card.png`);
/// `None` for a page whose URL is a file rather than a folder, which gets no card.
pub fn path_for(url_path: &str) -> Option<String> {
    (url_path.is_empty() || url_path.ends_with('/')).then(|| format!("{url_path}card.png"))
}

/// The card of the 404 page, at the root: the page answers for every missing address, so it has
/// no folder of its own.
pub const NOT_FOUND: &str = "404-card.png";

/// One card per page of the site, in reading order, then the tag index's, each tag page's and the
/// 404 page's.
pub fn plan(graph: &SiteGraph, site_title: &str) -> Vec<Card> {
    let card = |path: String, title: &str, section: &str| Card {
        path,
        title: title.to_string(),
        section: section.to_string(),
        site: site_title.to_string(),
    };
    let mut cards = page_cards(graph, site_title);
    let tags = crate::site::tags::collect(graph);
    if !tags.is_empty() {
        let index = format!("{}card.png", crate::site::tags::TAGS_DIR);
        cards.push(card(index, "Tags", ""));
        for tag in &tags {
            cards.extend(path_for(&tag.url_path).map(|path| card(path, &tag.name, "Tags")));
        }
    }
    cards.push(card(NOT_FOUND.to_string(), "Page not found", ""));
    cards
}

fn page_cards(graph: &SiteGraph, site_title: &str) -> Vec<Card> {
    graph
        .included()
        .iter()
        .filter_map(|&id| {
            // The first ancestor is the home section, which the site name already stands for.
            let section = graph
                .tree
                .ancestors(id)
                .into_iter()
                .skip(1)
                .last()
                .map(|parent| graph.title(parent).to_string())
                .unwrap_or_default();
            Some(Card {
                path: path_for(graph.url_path(id))?,
                title: graph.title(id).to_string(),
                section,
                site: site_title.to_string(),
            })
        })
        .collect()
}

/// The PNG of every card, reading and filling the cache folder `cache` when there is one.
pub fn render(cards: &[Card], cache: Option<&Path>) -> Result<Vec<OutputFile>, String> {
    if let Some(cache) = cache {
        std::fs::create_dir_all(cache)
            .map_err(|e| format!("cannot create the card cache {}: {e}", cache.display()))?;
    }
    let rendered: Vec<(OutputFile, String)> = cards
        .par_iter()
        .map(|card| {
            let document = svg::document(card);
            let name = format!("{:016x}.png", fnv1a(&[VERSION, &document]));
            let png = match cache {
                Some(cache) => cached_png(&cache.join(&name), &document)?,
                None => remembered_png(&name, &document)?,
            };
            Ok((OutputFile::bytes(card.path.clone(), png), name))
        })
        .collect::<Result<_, String>>()?;
    let used: HashSet<&str> = rendered.iter().map(|(_, name)| name.as_str()).collect();
    match cache {
        Some(cache) => remove_unused(cache, &used),
        None => {
            let mut memory = lock_memory();
            if memory.len() > MEMORY_LIMIT {
                memory.retain(|name, _| used.contains(name.as_str()));
            }
        }
    }
    Ok(rendered.into_iter().map(|(file, _)| file).collect())
}

/// Cards drawn without a cache folder (`serve`, in-memory builds), by hash, so `serve` draws again
/// only the cards an edit changed; past [`MEMORY_LIMIT`] cards only the last call's set is kept.
const MEMORY_LIMIT: usize = 4096;
static MEMORY: LazyLock<Mutex<HashMap<String, Vec<u8>>>> = LazyLock::new(Mutex::default);

fn lock_memory() -> MutexGuard<'static, HashMap<String, Vec<u8>>> {
    MEMORY.lock().unwrap_or_else(|e| e.into_inner())
}

fn remembered_png(name: &str, document: &str) -> Result<Vec<u8>, String> {
    if let Some(bytes) = lock_memory().get(name) {
        return Ok(bytes.clone());
    }
    let bytes = png(document)?;
    lock_memory().insert(name.to_string(), bytes.clone());
    Ok(bytes)
}

fn png(document: &str) -> Result<Vec<u8>, String> {
    crate::diagram::svg_to_png(document).map_err(|e| format!("social card: {e}"))
}

/// The cached PNG at `file`, or a fresh one written there (through a temporary file, so a build
/// killed half-way never leaves a cut-short card under a good name).
fn cached_png(file: &Path, document: &str) -> Result<Vec<u8>, String> {
    if let Ok(bytes) = std::fs::read(file) {
        return Ok(bytes);
    }
    let bytes = png(document)?;
    let partial = file.with_extension("png.part");
    let written = std::fs::write(&partial, &bytes).and_then(|()| std::fs::rename(&partial, file));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(format!(
            "cannot write the card cache {}: {error}",
            file.display()
        ));
    }
    Ok(bytes)
}

/// Removes cached cards no page of this build uses, so the folder holds one site's cards.
fn remove_unused(cache: &Path, used: &HashSet<&str>) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !used.contains(name.to_string_lossy().as_ref()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// 64-bit FNV-1a over `parts` (with a separator), stable across builds and Rust versions.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_sit_next_to_their_page() {
        assert_eq!(path_for("").as_deref(), Some("card.png"));
        assert_eq!(
            path_for("dns/records/").as_deref(),
            Some("dns/records/card.png")
        );
        assert_eq!(path_for("feed.xml"), None);
    }

    #[test]
    fn the_hash_depends_on_every_byte() {
        assert_ne!(fnv1a(&["a", "b"]), fnv1a(&["ab", ""]));
        assert_eq!(fnv1a(&["x"]), fnv1a(&["x"]));
    }
}
