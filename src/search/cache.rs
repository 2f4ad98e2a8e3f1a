//! The index cache: Pagefind's bundle kept between builds in `.infrabook-cache/pagefind/` beside
//! the output folder, so a rebuild gzips only the index files whose contents changed.
//!
//! Every file of the index except the small entry file and the scripts is named after a hash of
//! its contents (`fragment/en_3f9a1c2.pf_fragment`), and Pagefind, writing a bundle to disk, skips
//! a hashed file that is already there: its contents are those of the file it would write. Its
//! gzip at the best level is a quarter of a build's CPU (benches/README.md), so an unchanged page's
//! fragment, and every word-index chunk no edit touched, costs nothing the second time. The pages
//! are still read and indexed again: Pagefind's API takes HTML and keeps no per-page work between
//! runs, so that part of the cost stays.
//!
//! After Pagefind has written, [`collect`] reads the entry file (which names the current metadata
//! file), the metadata (which names every fragment, word-index chunk and filter of this index), and
//! returns exactly those files; the others are stale and removed, so the folder holds one index.
//! A marker file says the folder is whole: it is removed before Pagefind writes and put back after
//! the stale files are gone, so a build killed half-way (a file cut short) leaves no marker, and the
//! next build starts from an empty folder.
//!
//! Limits: names are 7 hex digits of a hash, lengthened by Pagefind only against collisions within
//! one index (the Pagefind CLI writing into an existing bundle trusts names the same way). A new
//! file whose name a file of the *previous* index holds is either current again (then Pagefind saw
//! the collision and lengthened the name) or stale; only a collision with one of the few stale files
//! (the old entries of the pages that changed) could keep wrong contents: a few dozen stale against
//! a few dozen new names in 2^28, about 1 in 100,000 per edit. Delete the folder to start afresh;
//! nothing else reads it.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::output::{Contents, OutputFile};

use super::{BUNDLE_DIR, is_needed};

/// The cache folder beside the output folder `output` (`site/public` -> `site/.infrabook-cache`).
pub fn beside(output: &Path) -> PathBuf {
    output.with_file_name(".infrabook-cache")
}

const MARKER: &str = "pagefind.complete";

/// The folder Pagefind writes into, made ready: emptied unless the last build left it whole.
pub fn prepare(cache: &Path) -> Result<PathBuf, String> {
    let bundle = cache.join(BUNDLE_DIR);
    let marker = cache.join(MARKER);
    let whole = marker.is_file();
    let fail = |what: &str, error: std::io::Error| format!("{what} {}: {error}", bundle.display());
    if marker.exists() {
        std::fs::remove_file(&marker).map_err(|e| fail("cannot clear the marker of", e))?;
    }
    if !whole && bundle.exists() {
        std::fs::remove_dir_all(&bundle).map_err(|e| fail("cannot empty the index cache", e))?;
    }
    std::fs::create_dir_all(&bundle).map_err(|e| fail("cannot create the index cache", e))?;
    Ok(bundle)
}

/// The files of the index Pagefind just wrote into `bundle`, as output files that copy them, sorted
/// by path; stale hashed files are removed and the folder marked whole.
pub fn collect(bundle: &Path) -> Result<Vec<OutputFile>, String> {
    let read = |name: &str| {
        std::fs::read(bundle.join(name)).map_err(|e| format!("index cache `{name}`: {e}"))
    };
    let entry: serde_json::Value = serde_json::from_slice(&read("pagefind-entry.json")?)
        .map_err(|e| format!("index cache `pagefind-entry.json`: {e}"))?;
    let mut current: HashSet<String> = HashSet::new();
    for language in entry["languages"]
        .as_object()
        .into_iter()
        .flat_map(|l| l.values())
    {
        let Some(hash) = language["hash"].as_str() else {
            continue;
        };
        let meta = format!("pagefind.{hash}.pf_meta");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&read(&meta)?[..])
            .read_to_end(&mut decoded)
            .map_err(|e| format!("index cache `{meta}`: {e}"))?;
        let cbor = decoded
            .strip_prefix(b"pagefind_dcd")
            .ok_or_else(|| format!("index cache `{meta}`: not a Pagefind file"))?;
        let mut strings = Vec::new();
        text_strings(cbor, &mut strings)
            .ok_or_else(|| format!("index cache `{meta}`: bad CBOR"))?;
        for name in strings {
            for (dir, ext) in [
                ("fragment", "pf_fragment"),
                ("index", "pf_index"),
                ("filter", "pf_filter"),
            ] {
                current.insert(format!("{dir}/{name}.{ext}"));
            }
        }
        current.insert(meta);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(bundle).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("index cache: {e}"))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(bundle) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        let hashed = name.ends_with(".pf_meta") || name.contains('/');
        if hashed && !current.contains(&name) {
            std::fs::remove_file(entry.path()).map_err(|e| format!("index cache `{name}`: {e}"))?;
        } else if is_needed(&name) {
            files.push(OutputFile {
                path: format!("{BUNDLE_DIR}/{name}"),
                contents: Contents::Copy(entry.path().to_path_buf()),
            });
        }
    }
    let marker = bundle.with_file_name(MARKER);
    std::fs::write(&marker, b"").map_err(|e| format!("index cache marker: {e}"))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Every text string in the CBOR item(s) of `data`, in order; `None` for data that is not CBOR.
fn text_strings(mut data: &[u8], out: &mut Vec<String>) -> Option<()> {
    while !data.is_empty() {
        data = item(data, out, 0)?;
    }
    Some(())
}

/// Reads one CBOR item from the start of `data`, collecting its text strings; returns the rest.
fn item<'d>(data: &'d [u8], out: &mut Vec<String>, depth: usize) -> Option<&'d [u8]> {
    if depth > 64 {
        return None;
    }
    let (&first, rest) = data.split_first()?;
    let (major, info) = (first >> 5, first & 31);
    let (value, mut rest) = match info {
        0..=23 => (u64::from(info), rest),
        24..=27 => {
            let len = 1 << (info - 24);
            let (bytes, rest) = (rest.get(..len)?, rest.get(len..)?);
            (
                bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b)),
                rest,
            )
        }
        // Indefinite lengths and reserved values: minicbor writes neither for Pagefind's types.
        _ => return None,
    };
    match major {
        0 | 1 | 7 => Some(rest),
        2 | 3 => {
            let len = usize::try_from(value).ok()?;
            let (bytes, rest) = (rest.get(..len)?, rest.get(len..)?);
            if major == 3 {
                out.push(std::str::from_utf8(bytes).ok()?.to_string());
            }
            Some(rest)
        }
        4 | 5 => {
            let count = value.checked_mul(if major == 5 { 2 } else { 1 })?;
            for _ in 0..count {
                rest = item(rest, out, depth + 1)?;
            }
            Some(rest)
        }
        6 => item(rest, out, depth + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_found_at_any_depth() {
        // [ "1.6", [ ["en_ab", 12, ""] ], {"k": "v"}, 1000, h'00' ]
        let cbor = [
            0x85, 0x63, b'1', b'.', b'6', 0x81, 0x83, 0x65, b'e', b'n', b'_', b'a', b'b', 0x0c,
            0x60, 0xa1, 0x61, b'k', 0x61, b'v', 0x19, 0x03, 0xe8, 0x41, 0x00,
        ];
        let mut out = Vec::new();
        assert_eq!(text_strings(&cbor, &mut out), Some(()));
        assert_eq!(out, ["1.6", "en_ab", "", "k", "v"]);
        assert_eq!(text_strings(&cbor[..4], &mut Vec::new()), None, "cut short");
    }

    #[test]
    fn the_cache_sits_beside_the_output() {
        assert_eq!(
            beside(Path::new("/s/public")),
            Path::new("/s/.infrabook-cache")
        );
    }
}
