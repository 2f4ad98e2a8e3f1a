//! Navigation onto documents: which listed document sits under which, in what order, with which
//! sidebar title, and which part headings come before it. Documents the navigation does not list
//! still get their pages (links to them work) but stay out of the sidebar, as in MkDocs.

use std::collections::HashMap;

use super::nav::{NavNode, SiteNav};
use crate::content::SourceId;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::ParsedDoc;

/// A link out of the site shown in the sidebar after `after` (or first, when `None`) under `parent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    pub parent: Option<SourceId>,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NavArrangement {
    /// Indexed by id: `(parent, position)` for documents the navigation lists (home excluded).
    pub listed: Vec<Option<(Option<SourceId>, i64)>>,
    /// Indexed by id: the navigation's title for the document.
    pub titles: Vec<Option<String>>,
    /// Indexed by id: part headings shown just before the document.
    pub parts: Vec<Vec<String>>,
    /// External links, in navigation order, with the document they follow.
    pub links: Vec<(Option<SourceId>, NavLink)>,
}

impl NavArrangement {
    pub fn is_listed(&self, id: SourceId) -> bool {
        self.listed.get(id.index()).is_some_and(Option::is_some)
    }
}

struct Walk<'a> {
    nav: &'a SiteNav,
    by_path: HashMap<&'a str, SourceId>,
    home: Option<SourceId>,
    out: NavArrangement,
    position: i64,
    diagnostics: Vec<Diagnostic>,
}

/// Places every node of `nav`; entries naming no document are warnings at their line.
pub fn arrange(
    nav: &SiteNav,
    docs: &[ParsedDoc],
    home: Option<SourceId>,
) -> (NavArrangement, Vec<Diagnostic>) {
    let count = docs.len();
    let mut walk = Walk {
        nav,
        by_path: docs
            .iter()
            .map(|d| (d.source.path.as_str(), d.source.id))
            .collect(),
        home,
        out: NavArrangement {
            listed: vec![None; count],
            titles: vec![None; count],
            parts: vec![Vec::new(); count],
            links: Vec::new(),
        },
        position: 0,
        diagnostics: Vec::new(),
    };
    walk.list(&nav.nodes, home);
    (walk.out, walk.diagnostics)
}

impl Walk<'_> {
    fn list(&mut self, nodes: &[NavNode], parent: Option<SourceId>) {
        let mut pending_parts: Vec<String> = Vec::new();
        let mut last: Option<SourceId> = None;
        for node in nodes {
            match node {
                NavNode::Part { title } => pending_parts.push(title.clone()),
                NavNode::Link { title, url } => {
                    let link = NavLink {
                        parent,
                        title: title.clone(),
                        url: url.clone(),
                    };
                    self.out.links.push((last, link));
                }
                NavNode::Page {
                    path,
                    title,
                    span,
                    children,
                } => {
                    let Some(&id) = self.by_path.get(path.as_str()) else {
                        self.missing(path, span.clone());
                        continue;
                    };
                    if self.out.listed[id.index()].is_some() {
                        continue; // listed twice: the first place wins
                    }
                    self.out.titles[id.index()] = title.clone();
                    let children_parent = if Some(id) == self.home {
                        self.home
                    } else {
                        self.position += 1;
                        self.out.listed[id.index()] = Some((parent, self.position));
                        self.out.parts[id.index()] = std::mem::take(&mut pending_parts);
                        last = Some(id);
                        Some(id)
                    };
                    self.list(children, children_parent);
                }
            }
        }
    }

    fn missing(&mut self, path: &str, span: std::ops::Range<usize>) {
        let shown = path.trim_start_matches("content/");
        let warning = Diagnostic::warning(
            "V002",
            format!("navigation names `{shown}`, which is not a page"),
        );
        let warning = if span.is_empty() {
            warning.help(format!(
                "in `{}`: add the page or remove the entry",
                self.nav.file
            ))
        } else {
            warning
                .at(&self.nav.file, span, "no such page under content/")
                .help("add the page or remove the entry")
        };
        self.diagnostics.push(warning);
    }
}

/// Listed documents take the navigation's parent and place; the others keep their folder's section
/// and follow the listed ones.
pub fn apply(metas: &mut [Option<crate::site::tree::DocMeta>], nav: &NavArrangement) {
    const AFTER_LISTED: i64 = 1 << 40;
    for (index, meta) in metas.iter_mut().enumerate() {
        let Some(meta) = meta else { continue };
        match nav.listed.get(index).copied().flatten() {
            Some((parent, position)) => {
                meta.parent = parent;
                meta.weight = position;
            }
            None => meta.weight = meta.weight.saturating_add(AFTER_LISTED),
        }
    }
}
