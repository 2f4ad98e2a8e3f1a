//! Load: walk `content/` in sorted order and read every file.
//!
//! Returns Markdown sources as [`SourceDoc`]s (ids in walk order, so every later stage can order its
//! output by id) and every other file as an [`Asset`] to be copied next to its page. Unreadable or
//! non-UTF-8 Markdown becomes a diagnostic, not a failure of the whole walk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

pub const CONTENT_DIR: &str = "content";

/// Index of a source in the load order; indexes every per-document vector after this stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub u32);

impl SourceId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// `_index.md`: a section (its folder's landing page).
    Section,
    /// `index.md`: a page bundle; its folder's other files belong to it.
    BundlePage,
    /// Any other `*.md`.
    Page,
}

#[derive(Debug, Clone)]
pub struct SourceDoc {
    pub id: SourceId,
    /// Root-relative path with `/` separators, e.g. `content/dns/records.md`.
    pub path: String,
    pub kind: DocKind,
    pub text: Arc<str>,
}

impl SourceDoc {
    /// The folder the document lives in, root-relative (`content/dns`).
    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// A non-Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Root-relative path with `/` separators.
    pub path: String,
    pub file: PathBuf,
}

#[derive(Debug, Default)]
pub struct Content {
    pub docs: Vec<SourceDoc>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that are not UTF-8, as lossy text, so their diagnostics can show the bad line.
    pub unreadable: Vec<(String, Arc<str>)>,
    /// The navigation the tree brings (`SUMMARY.md`, `mkdocs.yml`), if any.
    pub nav: Option<crate::docstrees::nav::SiteNav>,
}

/// Root-relative `/`-separated form of `path` (which must lie under `root`).
pub fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// Reads `root/content`. A missing folder is an empty site (the home section is implicit).
pub fn load(root: &Path) -> Content {
    let mut content = Content::default();
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return content;
    }
    // Symlinks are followed, so a linked page is built rather than silently skipped; walkdir
    // reports a link back to an ancestor (a loop) and a dangling link as errors, which become P003.
    let walk = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(|p| relative_name(root, p))
                    .unwrap_or_default();
                content.diagnostics.push(Diagnostic::error(
                    "P003",
                    format!("cannot read `{path}`: {error}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = relative_name(root, entry.path());
        if path == crate::docstrees::nav::SUMMARY_FILE {
            continue; // mdBook's table of contents is the navigation, not a page
        }
        if path.ends_with(".md") {
            read_doc(&mut content, entry.path(), path);
        } else {
            content.assets.push(Asset {
                path,
                file: entry.into_path(),
            });
        }
    }
    crate::docstrees::folders::make_sections(&mut content.docs);
    let (nav, mut nav_errors) = crate::docstrees::nav::load(root);
    content.nav = nav;
    content.diagnostics.append(&mut nav_errors);
    content
}

fn read_doc(content: &mut Content, file: &Path, path: String) {
    let text = match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                // The text up to the first bad byte is valid, so a lossy copy keeps that offset
                // exact: the diagnostic can point at the line and column of the bad byte.
                let at = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let message = format!("`{path}` is not valid UTF-8");
                let diagnostic = Diagnostic::error("P003", message)
                    .at(&path, at..at + 1, "this byte is not UTF-8")
                    .help("save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)");
                content.diagnostics.push(diagnostic);
                content.unreadable.push((path, Arc::from(text)));
                return;
            }
        },
        Err(error) => {
            let message = format!("cannot read `{path}`: {error}");
            content.diagnostics.push(Diagnostic::error("P003", message));
            return;
        }
    };
    let name = path.rsplit('/').next().unwrap_or_default();
    let kind = match name {
        "_index.md" => DocKind::Section,
        // mdBook and GitHub take a folder's `README.md` as its index.
        "index.md" | "README.md" => DocKind::BundlePage,
        _ => DocKind::Page,
    };
    let id = SourceId(content.docs.len() as u32);
    content.docs.push(SourceDoc {
        id,
        path,
        kind,
        text: Arc::from(text),
    });
}
