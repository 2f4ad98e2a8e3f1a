//! Output: the files of a built site, written into a staging folder beside the output folder and
//! swapped in only when every file was written. The previous site survives any failure.
//!
//! A marker file says a folder was made by infrabook; a folder without it is never replaced, nor is
//! the site root, a folder above it, or one inside `content/`, `static/` or `templates/`.

mod extras;
pub mod feed;
pub mod llms;
pub mod minify;
mod remove;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

pub use extras::{alias_page, robots_txt, sitemap_xml};
use remove::remove_tree;

use crate::diagnostics::Diagnostic;

/// Written into every output folder; its presence lets a later build replace the folder.
pub const MARKER: &str = ".infrabook-output";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file copied as is.
    Copy(PathBuf),
    Embedded(&'static [u8]),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub contents: Contents,
}

impl OutputFile {
    pub fn bytes(path: String, bytes: Vec<u8>) -> Self {
        OutputFile {
            path,
            contents: Contents::Bytes(bytes),
        }
    }

    /// The file's bytes (reads copied files from disk).
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match &self.contents {
            Contents::Bytes(bytes) => Ok(bytes.clone()),
            Contents::Embedded(bytes) => Ok(minify::file(&self.path, bytes.to_vec())),
            Contents::Copy(from) => Ok(minify::file(&self.path, std::fs::read(from)?)),
        }
    }
}

/// A system failure while writing; always carries the path.
#[derive(Debug, thiserror::Error)]
#[error("{action} `{path}`: {source}")]
pub struct WriteError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

fn io<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> WriteError + 'p {
    move |source| WriteError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// `path` made absolute and free of `..`, even when it does not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(existing) = path.canonicalize() {
        return existing;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(parent) => parent.join(name),
            Err(_) => absolute,
        },
        _ => absolute,
    }
}

/// Refuses an output folder we must not replace.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    let root = absolute(root);
    let output = absolute(output);
    let protected = ["content", "static", "templates", "diagrams"].map(|d| root.join(d));
    if root.starts_with(&output) || protected.iter().any(|p| output.starts_with(p)) {
        return Err(Diagnostic::error("O002", format!("refusing to write the site into `{shown}`"))
            .help("the output folder must not be the site root, a folder above it, or inside content/, static/, templates/ or diagrams/"));
    }
    if !output.exists() {
        return Ok(());
    }
    let ours = output.join(MARKER).is_file();
    let empty = output
        .read_dir()
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if output.is_dir() && (ours || empty) {
        return Ok(());
    }
    Err(Diagnostic::error(
        "O001",
        format!("refusing to replace `{shown}`: it was not created by infrabook"),
    )
    .help(format!(
        "remove it yourself, choose another --output, or add an empty `{MARKER}` file to it"
    )))
}

fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}-{suffix}"))
}

/// Writes `files` into a fresh staging folder and swaps it in for `output`.
pub fn write(files: &[OutputFile], output: &Path) -> Result<(), WriteError> {
    let staging = Staging::create(output)?;
    match files.par_iter().try_for_each(|file| staging.put(file)) {
        Ok(()) => staging.commit(),
        Err(error) => {
            staging.discard();
            Err(error)
        }
    }
}

/// A build killed during [`swap`] leaves the previous site in `.NAME-old`: put it back if the output
/// folder is gone, and otherwise remove it, so no stale copy outlives the next build.
fn recover_interrupted_swap(output: &Path) -> Result<(), WriteError> {
    let old = sibling(output, "old");
    if !old.join(MARKER).is_file() {
        return Ok(());
    }
    if output.exists() {
        remove_tree(&old).map_err(io("cannot remove", &old))
    } else {
        std::fs::rename(&old, output).map_err(io("cannot restore the previous site to", output))
    }
}

/// A staging folder that files are written into as they are produced (from any thread), then
/// swapped in for the output folder by [`Staging::commit`]. Writing each page as soon as it is
/// rendered keeps the build from holding the whole site in memory.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// Folders already created, so each is made once however many files it holds.
    created: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Creates an empty staging folder beside `output` (removing a stale one).
    pub fn create(output: &Path) -> Result<Staging, WriteError> {
        let output = absolute(output);
        recover_interrupted_swap(&output)?;
        let dir = sibling(&output, "staging");
        if dir.exists() {
            remove_tree(&dir).map_err(io("cannot remove", &dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io("cannot create", &dir))?;
        Ok(Staging {
            output,
            dir,
            created: Mutex::new(HashSet::new()),
        })
    }

    /// Writes one file into the staging folder, or links the previous site's file when it holds
    /// these very bytes ([`Staging::keep_or_write`]).
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        let target = self.dir.join(&file.path);
        if let Some(parent) = target.parent() {
            self.create_dir(parent)?;
        }
        match &file.contents {
            Contents::Bytes(bytes) => self.keep_or_write(&file.path, &target, bytes),
            Contents::Embedded(bytes) => {
                let bytes = minify::file(&file.path, bytes.to_vec());
                self.keep_or_write(&file.path, &target, &bytes)
            }
            Contents::Copy(from) if minify::applies(&file.path) => {
                let bytes = std::fs::read(from).map_err(io("cannot read", from))?;
                self.keep_or_write(&file.path, &target, &minify::file(&file.path, bytes))
            }
            Contents::Copy(from) => {
                if self.keep_previous(&file.path, &target, |previous| {
                    same_contents(from, previous)
                }) {
                    return Ok(());
                }
                std::fs::copy(from, &target)
                    .map(drop)
                    .map_err(io("cannot copy", from))
            }
        }
    }

    /// Writes `bytes` at `target`, unless the site being replaced holds the same bytes at `path`:
    /// then its file is linked into the staging folder instead. A rebuild that changes a few pages
    /// thus writes, and once the old site is removed frees, only those pages' blocks, which on a
    /// disk (above all one that discards freed blocks at once) costs far more than the comparison.
    /// The previous site's file is only read, so it stays intact whatever happens to this build.
    fn keep_or_write(&self, path: &str, target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
        if self.keep_previous(path, target, |previous| holds(previous, bytes)) {
            return Ok(());
        }
        std::fs::write(target, bytes).map_err(io("cannot write", target))
    }

    /// Links the previous site's file at `path` to `target` when `unchanged` says it already
    /// holds the new contents; false when nothing was linked and the file must be written.
    fn keep_previous(
        &self,
        path: &str,
        target: &Path,
        unchanged: impl FnOnce(&Path) -> bool,
    ) -> bool {
        let previous = self.output.join(path);
        unchanged(&previous) && std::fs::hard_link(&previous, target).is_ok()
    }

    fn create_dir(&self, dir: &Path) -> Result<(), WriteError> {
        let seen = |dirs: &HashSet<PathBuf>| dirs.contains(dir);
        // A poisoned lock only means another writer panicked; the set itself is still valid.
        if seen(&self.created.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
        let mut created = self.created.lock().unwrap_or_else(|e| e.into_inner());
        let mut cursor = Some(dir);
        while let Some(folder) = cursor.filter(|f| f.starts_with(&self.dir)) {
            if !created.insert(folder.to_path_buf()) {
                break;
            }
            cursor = folder.parent();
        }
        Ok(())
    }

    /// Writes the marker and swaps the staging folder in for the output folder.
    pub fn commit(self) -> Result<(), WriteError> {
        let marker = self.dir.join(MARKER);
        let note = "This folder is generated by infrabook and replaced on every build.\n";
        let result = std::fs::write(&marker, note)
            .map_err(io("cannot write", &marker))
            .and_then(|()| swap(&self.dir, &self.output));
        if result.is_err() {
            self.discard();
        }
        result
    }

    /// Removes the staging folder; the output folder is left as it was.
    pub fn discard(self) {
        // Best effort: the error being reported matters more than a leftover staging folder.
        let _ = remove_tree(&self.dir);
    }
}

/// Whether `path` is a regular file (not a link to one) of `len` bytes.
fn is_file_of_length(path: &Path, len: u64) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() == len)
}

/// Whether `path` is a regular file (not a link to one) whose contents are `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    is_file_of_length(path, bytes.len() as u64) && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Whether `previous` is a regular file (not a link to one) with the same contents as `source`,
/// compared a piece at a time so that a large asset is never held in memory whole.
fn same_contents(source: &Path, previous: &Path) -> bool {
    use std::io::Read;
    const PIECE: usize = 1 << 16;
    let Ok(length) = source.metadata().map(|meta| meta.len()) else {
        return false;
    };
    if !is_file_of_length(previous, length) {
        return false;
    }
    let (Ok(mut a), Ok(mut b)) = (std::fs::File::open(source), std::fs::File::open(previous))
    else {
        return false;
    };
    let (mut x, mut y) = (vec![0; PIECE], vec![0; PIECE]);
    let mut left = length;
    while left > 0 {
        let n = left.min(PIECE as u64) as usize;
        let same = a.read_exact(&mut x[..n]).is_ok()
            && b.read_exact(&mut y[..n]).is_ok()
            && x[..n] == y[..n];
        if !same {
            return false;
        }
        left -= n as u64;
    }
    true
}

fn swap(staging: &Path, output: &Path) -> Result<(), WriteError> {
    if !output.exists() {
        return std::fs::rename(staging, output).map_err(io("cannot move the new site to", output));
    }
    let old = sibling(output, "old");
    if old.exists() {
        remove_tree(&old).map_err(io("cannot remove", &old))?;
    }
    std::fs::rename(output, &old).map_err(io("cannot move aside", output))?;
    if let Err(error) = std::fs::rename(staging, output) {
        // Put the previous site back so a failed swap leaves things as they were.
        let _ = std::fs::rename(&old, output);
        return Err(io("cannot move the new site to", output)(error));
    }
    remove_tree(&old).map_err(io("cannot remove", &old))
}
