//! The site after rendering: every included document with its HTML, title and place in the tree.
//! Templates read only this.

use super::{LinkIndex, Placement, Plan, Tree};
use crate::config::SiteUrls;
use crate::content::{DocKind, SourceId};
use crate::frontmatter::ParsedDoc;
use crate::markdown::RenderedDoc;

pub struct SiteGraph<'a> {
    pub docs: &'a [ParsedDoc],
    pub placements: &'a [Option<Placement>],
    /// Indexed by id; `None` for documents not in the build.
    pub rendered: Vec<Option<RenderedDoc>>,
    pub titles: Vec<String>,
    pub tree: Tree,
    pub links: &'a LinkIndex,
    pub urls: SiteUrls,
}

impl<'a> SiteGraph<'a> {
    /// The graph of `docs` as `plan` placed them, with what rendering made of them.
    pub fn new(
        docs: &'a [ParsedDoc],
        plan: &'a Plan,
        urls: SiteUrls,
        rendered: Vec<Option<RenderedDoc>>,
        titles: Vec<String>,
        tree: Tree,
    ) -> Self {
        SiteGraph {
            docs,
            placements: &plan.placements,
            rendered,
            titles,
            tree,
            links: &plan.links,
            urls,
        }
    }

    pub fn is_section(&self, id: SourceId) -> bool {
        self.docs[id.index()].source.kind == DocKind::Section
    }

    /// URL path without base (`dns/records/`).
    pub fn url_path(&self, id: SourceId) -> &str {
        self.placements[id.index()]
            .as_ref()
            .map_or("", |p| p.url.as_str())
    }

    /// Absolute path with base (`/handbook/dns/records/`).
    pub fn href(&self, id: SourceId) -> String {
        self.links.href(self.url_path(id), None)
    }

    pub fn permalink(&self, id: SourceId) -> String {
        format!("{}{}", self.urls.base_url, self.url_path(id))
    }

    pub fn title(&self, id: SourceId) -> &str {
        &self.titles[id.index()]
    }

    /// Documents that get a page, in reading order.
    pub fn included(&self) -> &[SourceId] {
        &self.tree.reading_order
    }
}
