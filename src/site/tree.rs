//! The section tree after rendering: children in order (weight, then title, then path), reading order
//! for prev/next (depth-first), ancestors for breadcrumbs and the sidebar.

use crate::content::SourceId;

/// What ordering needs to know about one included document.
#[derive(Debug, Clone)]
pub struct DocMeta {
    pub parent: Option<SourceId>,
    pub is_section: bool,
    pub weight: i64,
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub home: Option<SourceId>,
    /// Indexed by id; pages and subsections of each section, in order.
    pub children: Vec<Vec<SourceId>>,
    pub parents: Vec<Option<SourceId>>,
    /// Every included document, home first, depth-first.
    pub reading_order: Vec<SourceId>,
    /// Indexed by id: position in `reading_order`.
    position: Vec<Option<usize>>,
    /// The docs tree's own navigation, when it brings one: sidebar titles, part headings, and
    /// which documents the sidebar lists.
    pub nav: Option<crate::docstrees::arrange::NavArrangement>,
}

impl Tree {
    /// `metas` is indexed by id; `None` for documents not in the build.
    pub fn new(metas: &[Option<DocMeta>], home: Option<SourceId>) -> Tree {
        let count = metas.len();
        let mut children: Vec<Vec<SourceId>> = vec![Vec::new(); count];
        let mut parents = vec![None; count];
        for (index, meta) in metas.iter().enumerate() {
            let Some(meta) = meta else { continue };
            parents[index] = meta.parent;
            if let Some(parent) = meta.parent {
                if metas.get(parent.index()).is_some_and(Option::is_some) {
                    children[parent.index()].push(SourceId(index as u32));
                }
            }
        }
        let key = |id: &SourceId| {
            let meta = metas[id.index()].as_ref();
            meta.map(|m| (m.weight, m.title.to_lowercase(), m.path.clone()))
        };
        for list in &mut children {
            list.sort_by_cached_key(key);
        }
        let mut tree = Tree {
            home,
            children,
            parents,
            reading_order: Vec::new(),
            position: vec![None; count],
            nav: None,
        };
        if let Some(home) = home {
            tree.walk(home);
        }
        tree
    }

    fn walk(&mut self, root: SourceId) {
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            self.position[id.index()] = Some(self.reading_order.len());
            self.reading_order.push(id);
            stack.extend(self.children[id.index()].iter().rev());
        }
    }

    pub fn prev(&self, id: SourceId) -> Option<SourceId> {
        let at = self.position.get(id.index()).copied().flatten()?;
        at.checked_sub(1).map(|p| self.reading_order[p])
    }

    pub fn next(&self, id: SourceId) -> Option<SourceId> {
        let at = self.position.get(id.index()).copied().flatten()?;
        self.reading_order.get(at + 1).copied()
    }

    /// Home down to the parent of `id` (empty for home).
    pub fn ancestors(&self, id: SourceId) -> Vec<SourceId> {
        let mut chain = Vec::new();
        let mut cursor = self.parents.get(id.index()).copied().flatten();
        while let Some(parent) = cursor {
            chain.push(parent);
            cursor = self.parents[parent.index()];
        }
        chain.reverse();
        chain
    }

    /// The sidebar title the navigation gives `id`, if any.
    pub fn nav_title(&self, id: SourceId) -> Option<&str> {
        self.nav.as_ref()?.titles.get(id.index())?.as_deref()
    }

    /// False for a document a docs tree's navigation leaves out: it has a page, not a sidebar entry.
    pub fn in_sidebar(&self, id: SourceId) -> bool {
        self.nav.as_ref().is_none_or(|nav| nav.is_listed(id))
    }

    /// Part headings the navigation shows just before `id`.
    pub fn parts_before(&self, id: SourceId) -> &[String] {
        match &self.nav {
            Some(nav) => nav.parts.get(id.index()).map_or(&[], Vec::as_slice),
            None => &[],
        }
    }

    /// The navigation's external links under `section` that come right after `after` (first in
    /// the list when `None`).
    pub fn links_after(
        &self,
        section: SourceId,
        after: Option<SourceId>,
    ) -> impl Iterator<Item = &crate::docstrees::arrange::NavLink> {
        self.nav.iter().flat_map(move |nav| {
            nav.links
                .iter()
                .filter(move |(a, link)| *a == after && link.parent == Some(section))
                .map(|(_, link)| link)
        })
    }

    /// True when `id` has documents under it (a section, or a page the navigation nests others in).
    pub fn has_children(&self, id: SourceId) -> bool {
        self.children.get(id.index()).is_some_and(|c| !c.is_empty())
    }

    /// True when the document is reachable from home (so it gets a page).
    pub fn contains(&self, id: SourceId) -> bool {
        self.position.get(id.index()).copied().flatten().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(parent: Option<u32>, is_section: bool, weight: i64, title: &str) -> Option<DocMeta> {
        Some(DocMeta {
            parent: parent.map(SourceId),
            is_section,
            weight,
            title: title.to_string(),
            path: title.to_string(),
        })
    }

    #[test]
    fn order_is_weight_then_title_and_reading_order_is_depth_first() {
        let metas = vec![
            meta(None, true, 0, "Home"),
            meta(Some(0), false, 0, "Zebra"),
            meta(Some(0), true, 0, "Apple section"),
            meta(Some(2), false, 0, "Inner"),
            meta(Some(0), false, -1, "First by weight"),
            None,
        ];
        let tree = Tree::new(&metas, Some(SourceId(0)));
        let order: Vec<u32> = tree.reading_order.iter().map(|id| id.0).collect();
        assert_eq!(order, [0, 4, 2, 3, 1]);
        assert_eq!(tree.prev(SourceId(3)), Some(SourceId(2)));
        assert_eq!(tree.next(SourceId(3)), Some(SourceId(1)));
        assert_eq!(tree.next(SourceId(1)), None);
        assert_eq!(tree.ancestors(SourceId(3)), [SourceId(0), SourceId(2)]);
        assert!(!tree.contains(SourceId(5)));
    }
}
