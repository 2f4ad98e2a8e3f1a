//! Search: the static full-text index of a built site, made by Pagefind used as a library.
//!
//! Input: one [`SearchDocument`] per page, the page's site-relative URL and the small HTML document
//! [`SearchDocument::of_page`] cuts out of the rendered page (the parts Pagefind reads: `lang`,
//! `<title>`, the `data-pagefind-body` element; the whole page when it cannot be sure, see
//! [`document`]). Output: Pagefind's index as [`OutputFile`]s under [`BUNDLE_DIR`], sorted by path:
//! the search script `pagefind.js`, its worker and WebAssembly, an entry file, and the chunked index
//! and page fragments that the browser fetches lazily, a few at a time, as the reader types.
//! The output stage's atomic swap and `serve` treat the index like any other generated file; with
//! [`index_cached`] or [`Indexer::start_cached`] Pagefind writes its bundle into a cache folder
//! first ([`cache`]: `.infrabook-cache/` beside `public/`) so that unchanged files are not gzipped
//! again, and the files returned copy the cached ones.
//!
//! Two entry points, one code path: [`Indexer`] indexes documents on its own thread while the
//! build is still rendering (the build sends each page's document as it is rendered, and keeps
//! nothing else for search); [`index`] takes a finished set of documents (what `serve` keeps to
//! replace one page's document and rebuild the index).
//!
//! What is indexed: only the element a template marks `data-pagefind-body` (the default theme marks
//! its `<main>`); a theme without the mark gets each page's whole `<body>`. Inside it, Pagefind skips
//! `nav`, `svg`, `form` and `footer` by itself, the theme marks other chrome `data-pagefind-ignore`,
//! and [`EXCLUDED`] drops the parts of the core's own HTML that would only add noise. Headings with
//! an `id` become the anchors of sub-results, so a result can link to the section that matched.
//!
//! URLs in the index are relative to the site root (`/dns/records/`); the browser adds the base path
//! (`baseUrl` in Pagefind's options, which `static/js/search.js` sets from `site.base_path`), which
//! is Pagefind's own convention: a site moved to another sub-path needs no new index.
//!
//! Guarantees: pages are added in the order announced (the build: reading order; [`index`]: the
//! order of its input) whatever order they arrive in, and every output file is named after a hash
//! of its contents, so the same site gives byte-identical index files. Pagefind's
//! indexer is async; the single-threaded tokio runtime it needs lives on the indexing thread and is
//! dropped with it, so the rest of the crate stays synchronous. The library never prints:
//! Pagefind's own logging is off when it runs as a service. A failure inside Pagefind (an error, or
//! a panic on the indexing thread) is a diagnostic, `X001`.

pub mod cache;
pub mod document;
mod indexer;
pub mod live;
pub mod writer;

pub use document::SearchDocument;
pub use indexer::Indexer;

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// The folder of the output that holds the index; `search.js` loads `<base_path>pagefind/pagefind.js`.
pub const BUNDLE_DIR: &str = "pagefind";

/// Parts of the core's HTML (see CONTEXT.md) that are kept out of the index: the `#` link inside
/// every heading (it would end each heading title with "#") and a diagram's text alternative (a
/// list of every node and connection, which would swamp excerpts with repeated labels).
pub const EXCLUDED: &[&str] = &["a.anchor", "details.diagram-text"];

/// What the site asks of the index (`[search]` in `site.toml`, plus the site's language).
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions<'a> {
    /// ISO 639-1 code from `site.toml`; picks Pagefind's stemmer (`en`: "servers" finds "server").
    pub language: &'a str,
}

/// Builds the index of `documents`, added in the order given (one per URL; a later document with
/// the same URL replaces the earlier in its place). The same documents in the same order give the
/// same bytes; `build` adds its pages in reading order.
///
/// Returns the index files with paths under [`BUNDLE_DIR`], sorted by path. A failure inside
/// Pagefind is returned as a diagnostic (code `X001`) rather than a panic; the site is then not built.
pub fn index(
    documents: Vec<SearchDocument>,
    options: &IndexOptions,
) -> Result<Vec<OutputFile>, Diagnostic> {
    index_with(documents, options, None)
}

/// [`index`], with Pagefind's bundle kept in the folder `cache` between calls ([`cache`]): only
/// index files whose contents changed are compressed again. The files returned copy the cache's.
pub fn index_cached(
    documents: Vec<SearchDocument>,
    options: &IndexOptions,
    cache: std::path::PathBuf,
) -> Result<Vec<OutputFile>, Diagnostic> {
    index_with(documents, options, Some(cache))
}

fn index_with(
    documents: Vec<SearchDocument>,
    options: &IndexOptions,
    cache: Option<std::path::PathBuf>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let urls = documents.iter().map(|d| d.url.clone()).collect();
    let indexer = match cache {
        Some(cache) => Indexer::start_cached(urls, options, cache),
        None => Indexer::start(urls, options),
    };
    for document in documents {
        indexer.add(document);
    }
    indexer.finish()
}

/// The site-relative URL of a rendered page (`dns/records/index.html` -> `/dns/records/`); `None`
/// for files that are not pages a reader would search for.
pub fn page_url(path: &str) -> Option<String> {
    // Tag pages only list other pages: searching them would find every title twice.
    if path == "404.html" || path.starts_with(crate::site::tags::TAGS_DIR) {
        return None;
    }
    let url = path.strip_suffix(".html")?;
    Some(match url.strip_suffix("index") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{url}.html"),
    })
}

/// Pagefind also returns its ready-made user interfaces and a playground; the theme ships its own
/// search box, so only the search API, its worker and WebAssembly, and the index itself are kept.
fn is_needed(name: &str) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|dir| name.starts_with(dir))
}

fn failure(message: String) -> Diagnostic {
    Diagnostic::error("X001", format!("cannot build the search index: {message}"))
        .help("build with `[search] enabled = false` in site.toml to publish without search")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_are_site_relative_folders() {
        assert_eq!(page_url("index.html").as_deref(), Some("/"));
        assert_eq!(
            page_url("dns/records/index.html").as_deref(),
            Some("/dns/records/")
        );
        assert_eq!(page_url("raw/page.html").as_deref(), Some("/raw/page.html"));
        assert_eq!(page_url("reindex.html").as_deref(), Some("/reindex.html"));
        assert_eq!(page_url("404.html"), None);
        assert_eq!(page_url("css/site.css"), None);
    }

    #[test]
    fn only_the_search_api_and_index_are_kept() {
        for kept in [
            "pagefind.js",
            "pagefind-worker.js",
            "pagefind-entry.json",
            "wasm.en.pagefind",
            "pagefind.en_1234.pf_meta",
            "index/en_1.pf_index",
            "fragment/en_2.pf_fragment",
        ] {
            assert!(is_needed(kept), "{kept}");
        }
        for dropped in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-modular-ui.js",
            "pagefind-component-ui.css",
            "pagefind-highlight.js",
            "playground/index.html",
        ] {
            assert!(!is_needed(dropped), "{dropped}");
        }
    }
}
