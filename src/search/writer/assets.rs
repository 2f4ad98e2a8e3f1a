//! The browser's side of search, unchanged: `pagefind.js`, its worker and the WebAssembly of the
//! site's language, as the `pagefind` crate bundles them. They are taken from the crate by
//! indexing one tiny page with it, once per language per process, and kept.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use super::super::{BUNDLE_DIR, IndexOptions, SearchDocument};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// Files as (path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The asset files under [`BUNDLE_DIR`] for `language`: the script, the worker, the WebAssembly.
pub fn assets(language: &str) -> Result<Files, Diagnostic> {
    static CACHE: OnceLock<Mutex<BTreeMap<String, Files>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(files) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(language)
    {
        return Ok(files.clone());
    }
    let probe = SearchDocument {
        url: "/".into(),
        html: format!(
            "<html lang=\"{language}\"><body><main data-pagefind-body><p>x</p></main></body></html>"
        ),
    };
    let files = super::super::index(vec![probe], &IndexOptions { language })?;
    let kept: Files = files
        .into_iter()
        .filter(|file| is_asset(&file.path))
        .filter_map(|file: OutputFile| Some((file.path.clone(), file.read().ok()?)))
        .collect();
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(language.to_string(), kept.clone());
    Ok(kept)
}

fn is_asset(path: &str) -> bool {
    let Some(name) = path
        .strip_prefix(BUNDLE_DIR)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return false;
    };
    matches!(name, "pagefind.js" | "pagefind-worker.js")
        || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
}
