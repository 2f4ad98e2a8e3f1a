//! The sidebar of one page, from the section tree: as [`NavItem`]s for templates that read `nav`,
//! or written straight to HTML ([`super::sidebar`]) for the built-in theme.
//!
//! The sidebar lists the sections of the current page's area, about a hundred entries per page on
//! a 10,000-page site, so the HTML writer takes each document's title and URL from
//! [`NavLabels`], escaped once per build, and copies them.

use super::PageRenderer;
use super::context::NavItem;
use super::sidebar::{self, NavEntry};
use crate::content::SourceId;
use crate::highlight::escape;
use crate::site::SiteGraph;

/// Every included document's title and URL, escaped for HTML, indexed by id.
pub struct NavLabels {
    titles: Vec<String>,
    urls: Vec<String>,
}

impl NavLabels {
    pub fn new(graph: &SiteGraph) -> NavLabels {
        let count = graph.docs.len();
        let (mut titles, mut urls) = (vec![String::new(); count], vec![String::new(); count]);
        for &id in graph.included() {
            let title = graph.tree.nav_title(id).unwrap_or(graph.title(id));
            titles[id.index()] = escape(title);
            urls[id.index()] = escape(&graph.href(id));
        }
        NavLabels { titles, urls }
    }
}

/// The sections open in the sidebar of `current`: its ancestors and itself.
fn open_sections(graph: &SiteGraph, current: Option<SourceId>) -> Vec<SourceId> {
    let mut open = current.map(|c| graph.tree.ancestors(c)).unwrap_or_default();
    open.extend(current);
    open
}

impl PageRenderer<'_> {
    /// The sidebar for `current`: home's children, with open sections expanded.
    pub(super) fn nav(&self, current: Option<SourceId>) -> Vec<NavItem> {
        let open = open_sections(self.graph, current);
        let Some(home) = self.graph.tree.home else {
            return Vec::new();
        };
        self.nav_items(home, current, &open)
    }

    /// The entries under `section` as `write_nav_list` writes them: part headings before the
    /// entry they head, the navigation's external links after the entry they follow.
    fn nav_items(
        &self,
        section: SourceId,
        current: Option<SourceId>,
        open: &[SourceId],
    ) -> Vec<NavItem> {
        let tree = &self.graph.tree;
        let mut items = self.link_items(section, None);
        for &id in &tree.children[section.index()] {
            if !tree.in_sidebar(id) {
                continue;
            }
            items.extend(tree.parts_before(id).iter().map(|part| NavItem::part(part)));
            let is_section = self.graph.is_section(id) || tree.has_children(id);
            let is_open = is_section && open.contains(&id);
            items.push(NavItem {
                title: tree
                    .nav_title(id)
                    .unwrap_or(self.graph.title(id))
                    .to_string(),
                url: self.graph.href(id),
                is_section,
                current: Some(id) == current,
                open: is_open,
                children: if is_open {
                    self.nav_items(id, current, open)
                } else {
                    Vec::new()
                },
                is_part: false,
                is_external: false,
            });
            items.extend(self.link_items(section, Some(id)));
        }
        items
    }

    fn link_items(&self, section: SourceId, after: Option<SourceId>) -> Vec<NavItem> {
        (self.graph.tree.links_after(section, after))
            .map(|link| NavItem::external(&link.title, &link.url))
            .collect()
    }

    /// `sidebar::nav_html(&self.nav(Some(current)))`, without building the items.
    pub(super) fn nav_html(&self, current: SourceId, labels: &NavLabels) -> String {
        let open = open_sections(self.graph, Some(current));
        let mut out = String::with_capacity(16 * 1024);
        if let Some(home) = self.graph.tree.home {
            self.write_nav_list(&mut out, home, current, &open, labels);
        } else {
            sidebar::open_list(&mut out);
            sidebar::close_list(&mut out);
        }
        out
    }

    fn write_nav_list(
        &self,
        out: &mut String,
        section: SourceId,
        current: SourceId,
        open: &[SourceId],
        labels: &NavLabels,
    ) {
        sidebar::open_list(out);
        self.write_nav_links(out, section, None);
        for &id in &self.graph.tree.children[section.index()] {
            if !self.graph.tree.in_sidebar(id) {
                continue;
            }
            for part in self.graph.tree.parts_before(id) {
                sidebar::part_heading(out, &escape(part));
            }
            let is_section = self.graph.is_section(id) || self.graph.tree.has_children(id);
            let is_open = is_section && open.contains(&id);
            let entry = NavEntry {
                title_html: &labels.titles[id.index()],
                url_html: &labels.urls[id.index()],
                is_section,
                current: id == current,
                open: is_open,
            };
            sidebar::open_item(out, &entry);
            let children = &self.graph.tree.children[id.index()];
            if is_open && !children.is_empty() {
                out.push('\n');
                self.write_nav_list(out, id, current, open, labels);
            }
            sidebar::close_item(out);
            self.write_nav_links(out, section, Some(id));
        }
        sidebar::close_list(out);
    }

    /// The navigation's links out of the site (MkDocs `- GitHub: https://...`) after `after`.
    fn write_nav_links(&self, out: &mut String, section: SourceId, after: Option<SourceId>) {
        for link in self.graph.tree.links_after(section, after) {
            let entry = NavEntry {
                title_html: &escape(&link.title),
                url_html: &escape(&link.url),
                is_section: false,
                current: false,
                open: false,
            };
            sidebar::open_item(out, &entry);
            sidebar::close_item(out);
        }
    }
}
