//! The navigation a docs tree brings: read from `content/SUMMARY.md` (mdBook) or the `nav:` of a
//! `mkdocs.yml` at the site root (MkDocs). Either gives a list of [`NavNode`]s; without either file
//! the section tree orders itself (weight, then title).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// mdBook's table of contents, under `content/`.
pub const SUMMARY_FILE: &str = "content/SUMMARY.md";
/// MkDocs' config, at the site root.
pub const MKDOCS_FILE: &str = "mkdocs.yml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavNode {
    /// A page: `path` is root-relative (`content/guide/a.md`); `title` overrides the page's own.
    Page {
        path: String,
        title: Option<String>,
        span: Range<usize>,
        children: Vec<NavNode>,
    },
    /// A heading between entries (mdBook `# Part`, an MkDocs group without an index page).
    Part { title: String },
    /// A link out of the site.
    Link { title: String, url: String },
}

/// The navigation file, its text (for diagnostics) and what it lists.
#[derive(Debug, Clone)]
pub struct SiteNav {
    pub file: String,
    pub text: Arc<str>,
    pub nodes: Vec<NavNode>,
}

/// Reads the site's navigation file, if it has one (`SUMMARY.md` wins over `mkdocs.yml`).
pub fn load(root: &Path) -> (Option<SiteNav>, Vec<Diagnostic>) {
    if let Ok(text) = std::fs::read_to_string(root.join(SUMMARY_FILE)) {
        let nodes = super::summary::parse(&text);
        let nav = SiteNav {
            file: SUMMARY_FILE.to_string(),
            text: Arc::from(text),
            nodes,
        };
        return (Some(nav), Vec::new());
    }
    let Ok(text) = std::fs::read_to_string(root.join(MKDOCS_FILE)) else {
        return (None, Vec::new());
    };
    match super::mkdocs::parse_nav(&text) {
        Ok(Some(nodes)) => {
            let nav = SiteNav {
                file: MKDOCS_FILE.to_string(),
                text: Arc::from(text),
                nodes,
            };
            (Some(nav), Vec::new())
        }
        Ok(None) => (None, Vec::new()),
        Err(message) => {
            let error = Diagnostic::error("V001", format!("cannot read `nav` of `{MKDOCS_FILE}`"))
                .help(message);
            (None, vec![error])
        }
    }
}
