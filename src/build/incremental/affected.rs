//! Which pages can show an edit of another document's front matter or title, and rendering only
//! those ([`State::render_shown`]).
//!
//! A template's context holds, of documents other than the page's own, only what the section tree
//! gives (`templates::pages` and `templates::nav` build it; the built-in templates and any theme see
//! the same context):
//!
//! - the sidebar (`nav`, `nav_html`): the titles, URLs and order of home's children on every page
//!   and on the 404 page, and of the children of each open section (the page's ancestors and the
//!   page itself). So document P, child of section S, is listed on the pages of S's subtree; when
//!   S is home, on every page;
//! - the breadcrumbs: the titles of the page's ancestors, so P's title shows on P's subtree;
//! - `prev` and `next`: the titles of the page's neighbours in reading order;
//! - a section's `pages` and `subsections`: its children's titles, URLs and descriptions, in order.
//!
//! Dates, tags and the template named are shown on the page's own page only (and dates in the
//! sitemap, which is made again when one changed). So after an edit (the plan, hence URLs, parents and
//! which documents are sections, unchanged) the pages to render again are:
//!
//! - the edited documents;
//! - for a document whose title changed: the subtree of its parent section (sidebar, the parent's
//!   listing, its own breadcrumbs) and its new neighbours in reading order;
//! - for a document whose description changed: its parent section;
//! - for a section whose children's order changed (a weight, or a title, decides it): its subtree;
//! - every page whose previous or next page is now another one (the order moved).
//!
//! When one of these subtrees is home's (a top-level document's title or order, or home's own
//! title, which every breadcrumb trail starts with), that is every page and the 404 page, which lists
//! the top level: the previous path, [`State::render_everything`], is taken.
//!
//! This knows what the templates show; if the context ever gains something taken from another
//! document, it must learn it too (the byte-identical test of `tests/it/incremental.rs` edits
//! titles, descriptions and weights at several depths to catch that).

use std::collections::BTreeSet;

use super::super::{BuildOptions, stages};
use super::state::{Rerendered, State};
use crate::content::SourceId;
use crate::site::Tree;
use crate::templates::file_for;

/// What of the whole site a page's context can show: the tree and every title.
#[derive(Clone, Copy)]
pub(super) struct Shown<'a> {
    pub(super) tree: &'a Tree,
    pub(super) titles: &'a [String],
}

impl<'a> Shown<'a> {
    fn title(&self, id: SourceId) -> Option<&'a str> {
        self.titles.get(id.index()).map(String::as_str)
    }

    fn children(&self, id: SourceId) -> Option<&'a [SourceId]> {
        self.tree.children.get(id.index()).map(Vec::as_slice)
    }
}

/// The pages an edit can change.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Affected {
    /// Every page and the 404 page.
    Everything,
    /// These pages, in reading order.
    Pages(Vec<SourceId>),
}

/// The pages whose context differs between `old` and `new` (the same plan) or that belong to
/// `edited`; `described` are the edited documents whose description changed.
pub(super) fn affected_pages(
    old: Shown,
    new: Shown,
    edited: &[SourceId],
    described: &[SourceId],
) -> Affected {
    let tree = new.tree;
    let mut marks = Marks::new(tree);
    for &id in edited {
        marks.one(id);
    }
    for &id in described {
        marks.one(id);
        marks.parent_of(id);
    }
    for &id in &tree.reading_order {
        if old.title(id) != new.title(id) {
            match tree.parents[id.index()] {
                Some(parent) => marks.subtree(parent),
                None => marks.everything = true,
            }
            marks.neighbours_of(id);
        }
        if old.children(id) != new.children(id) {
            marks.subtree(id);
        }
        if old.tree.prev(id) != tree.prev(id) || old.tree.next(id) != tree.next(id) {
            marks.one(id);
        }
        if marks.everything {
            return Affected::Everything;
        }
    }
    Affected::Pages(marks.in_reading_order())
}

/// Pages marked for rendering again.
struct Marks<'t> {
    tree: &'t Tree,
    marked: Vec<bool>,
    /// Sections whose whole subtree is marked already.
    whole: Vec<bool>,
    everything: bool,
}

impl<'t> Marks<'t> {
    fn new(tree: &'t Tree) -> Marks<'t> {
        let count = tree.parents.len();
        Marks {
            tree,
            marked: vec![false; count],
            whole: vec![false; count],
            everything: false,
        }
    }

    fn one(&mut self, id: SourceId) {
        if let Some(mark) = self.marked.get_mut(id.index()) {
            *mark = true;
        }
    }

    fn parent_of(&mut self, id: SourceId) {
        if let Some(parent) = self.tree.parents.get(id.index()).copied().flatten() {
            self.one(parent);
        }
    }

    fn neighbours_of(&mut self, id: SourceId) {
        for neighbour in [self.tree.prev(id), self.tree.next(id)]
            .into_iter()
            .flatten()
        {
            self.one(neighbour);
        }
    }

    /// `section` and everything below it; home's subtree is everything.
    fn subtree(&mut self, section: SourceId) {
        if Some(section) == self.tree.home {
            self.everything = true;
            return;
        }
        let mut stack = vec![section];
        while let Some(id) = stack.pop() {
            let Some(whole) = self.whole.get_mut(id.index()) else {
                continue;
            };
            if std::mem::replace(whole, true) {
                continue;
            }
            self.marked[id.index()] = true;
            stack.extend(self.tree.children[id.index()].iter().copied());
        }
    }

    fn in_reading_order(&self) -> Vec<SourceId> {
        self.tree
            .reading_order
            .iter()
            .copied()
            .filter(|id| self.marked[id.index()])
            .collect()
    }
}

impl State {
    /// After an edit of what other pages may show (front matter, or a title from a heading):
    /// titles and the tree again, then only the pages that can show the change through their
    /// templates, and the sitemap again if a date changed. Returns the output paths
    /// that changed and the number of pages rendered; `None` when a template is missing now
    /// (a full build reports it).
    pub(super) fn render_shown(
        &mut self,
        options: &BuildOptions,
        rerendered: &Rerendered,
    ) -> Option<(BTreeSet<String>, usize)> {
        let broken: Vec<bool> = self.front_errors.iter().map(Option::is_some).collect();
        let (titles, title_errors) =
            stages::resolve_titles(&self.docs, &self.rendered, &broken, self.plan.nav.as_ref());
        let tree = stages::tree(&self.docs, &self.plan, &titles);
        let old = Shown {
            tree: &self.tree,
            titles: &self.titles,
        };
        let new = Shown {
            tree: &tree,
            titles: &titles,
        };
        let Affected::Pages(pages) =
            affected_pages(old, new, &rerendered.ids, &rerendered.described)
        else {
            return self.render_everything(options);
        };
        if self.names_a_missing_template(&rerendered.ids) {
            return None;
        }
        self.titles = titles;
        self.tree = tree;
        self.title_errors = title_errors;
        let count = pages.len();
        let mut changed = self.render_pages(options, pages);
        if rerendered.redated {
            // The other generated files show URLs and aliases only, which a full build changes.
            changed.extend(self.replace_outputs(Vec::new()));
        }
        self.page_paths = self.reading_order_files();
        Some((changed, count))
    }

    /// Whether the W001 warnings (templates named but missing) may change: one of `edited` names
    /// a template that does not exist, or the last build warned about one (the edit may have
    /// removed it). Then a full build counts them again. The others' templates were found by the
    /// last build: the template a document gets by default (page, section, index) depends on the
    /// plan only, and there is always one (the built-in).
    pub(super) fn names_a_missing_template(&self, edited: &[SourceId]) -> bool {
        self.fixed.iter().any(|d| d.code == "W001")
            || edited.iter().any(|id| {
                let named = self.docs[id.index()].front.template.as_ref();
                self.tree.contains(*id) && named.is_some_and(|name| !self.templates.has(name))
            })
    }

    /// Every page's file in reading order, then the 404 page: what the search index reads (a page
    /// whose template failed has no file and is skipped there).
    fn reading_order_files(&self) -> Vec<String> {
        let url = |id: &SourceId| {
            self.plan.placements[id.index()]
                .as_ref()
                .map_or("", |p| p.url.as_str())
        };
        let mut files: Vec<String> = self
            .tree
            .reading_order
            .iter()
            .map(|id| file_for(url(id)))
            .collect();
        files.push("404.html".into());
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tree::DocMeta;

    /// Home (0) with page `a` (1), section `s` (2) holding page `p` (3) and section `t` (4) that
    /// holds page `q` (5), then page `r` (6). Reading order 0 to 6. `weights` by id.
    fn tree(weights: [i64; 7], titles: &[String]) -> Tree {
        let parents = [None, Some(0), Some(0), Some(2), Some(2), Some(4), Some(0)];
        let metas: Vec<Option<DocMeta>> = (0..7)
            .map(|i| {
                Some(DocMeta {
                    parent: parents[i].map(SourceId),
                    is_section: [0, 2, 4].contains(&i),
                    weight: weights[i],
                    title: titles[i].clone(),
                    path: format!("{i}"),
                })
            })
            .collect();
        Tree::new(&metas, Some(SourceId(0)))
    }

    const WEIGHTS: [i64; 7] = [0, 1, 2, 1, 2, 1, 3];

    fn titles() -> Vec<String> {
        ["home", "a", "s", "p", "t", "q", "r"]
            .map(String::from)
            .to_vec()
    }

    fn ids(list: &[u32]) -> Affected {
        Affected::Pages(list.iter().map(|&i| SourceId(i)).collect())
    }

    /// The pages to render after `edited` changed from the standard tree to `weights` and `titles`.
    fn after(weights: [i64; 7], titles: &[String], edited: u32, described: bool) -> Affected {
        let (old_titles, new_titles) = (self::titles(), titles.to_vec());
        let (old, new) = (tree(WEIGHTS, &old_titles), tree(weights, &new_titles));
        let edited = [SourceId(edited)];
        let described: &[SourceId] = if described { &edited } else { &[] };
        affected_pages(
            Shown {
                tree: &old,
                titles: &old_titles,
            },
            Shown {
                tree: &new,
                titles: &new_titles,
            },
            &edited,
            described,
        )
    }

    fn retitled(id: usize, title: &str) -> Vec<String> {
        let mut titles = titles();
        titles[id] = title.into();
        titles
    }

    #[test]
    fn a_deep_title_shows_in_its_section_and_on_its_neighbours() {
        // `t` and `q` (sidebar, listing, breadcrumbs), and `r`, whose previous page `q` is.
        assert_eq!(
            after(WEIGHTS, &retitled(5, "q2"), 5, false),
            ids(&[4, 5, 6])
        );
    }

    #[test]
    fn a_top_level_or_home_title_is_everywhere() {
        assert_eq!(
            after(WEIGHTS, &retitled(1, "a2"), 1, false),
            Affected::Everything
        );
        assert_eq!(
            after(WEIGHTS, &retitled(0, "h"), 0, false),
            Affected::Everything
        );
    }

    #[test]
    fn a_description_shows_in_the_parent_section_only() {
        assert_eq!(after(WEIGHTS, &titles(), 3, true), ids(&[2, 3]));
        assert_eq!(after(WEIGHTS, &titles(), 3, false), ids(&[3]));
    }

    #[test]
    fn a_weight_that_reorders_a_section_renders_its_subtree_and_the_moved_neighbours() {
        let mut weights = WEIGHTS;
        weights[3] = 5; // `p` after `t`: reading order 0 1 2 4 5 3 6.
        assert_eq!(after(weights, &titles(), 3, false), ids(&[2, 4, 5, 3, 6]));
        let mut weights = WEIGHTS;
        weights[6] = 0; // `r` first at the top level: on every sidebar.
        assert_eq!(after(weights, &titles(), 6, false), Affected::Everything);
    }

    #[test]
    fn a_title_that_reorders_its_section_counts_as_a_move() {
        // With `p` and `t` of the same weight, renaming `p` to `z` puts it after `t`.
        let mut weights = WEIGHTS;
        weights[4] = 1;
        let (titles, old_titles) = (retitled(3, "z"), titles());
        let (old, new) = (tree(weights, &old_titles), tree(weights, &titles));
        let affected = affected_pages(
            Shown {
                tree: &old,
                titles: &old_titles,
            },
            Shown {
                tree: &new,
                titles: &titles,
            },
            &[SourceId(3)],
            &[],
        );
        assert_eq!(affected, ids(&[2, 4, 5, 3, 6]));
    }
}
