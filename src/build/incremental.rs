//! The incremental build behind `infrabook serve`: takes the paths that changed (relative to the
//! site root) and returns what changed in the built site, rebuilding only what the change affects.
//!
//! [`ServeBuild`] keeps, between builds, everything a full in-memory build computes: config and
//! URLs, the parsed documents, the plan and link index, each document's rendered Markdown, titles,
//! the section tree, the loaded templates, the diagnostics by where they came from, and every
//! output file (as shared bytes, which the server holds too). Then:
//!
//! - an existing `content/**/*.md` edited: it is parsed and its Markdown rendered again. If its
//!   front matter and title are unchanged, nothing another page shows has changed, so only its own
//!   page goes through the template again, and anchor links into it are re-checked. If something
//!   other pages may show changed (title, weight, description, dates, tags, template), titles and
//!   the section tree are made again and **the pages that can show the change** go through their
//!   templates again from the Markdown already rendered ([`affected`] says which: for a page deep
//!   in a section, that section's subtree and the page's neighbours; for a top-level document or
//!   home, whose title or place is on every sidebar, every page and the 404 page), and the
//!   sitemap is made again. If what the plan depends on changed (draft, slug, aliases, or the
//!   front matter broke or mended), this is a **full build**: URLs and every link may change;
//! - a file under `diagrams/` edited, added or removed: the pages whose source names the file
//!   (by its file name; by `.infra` when the name would need escaping in a link) are rendered again;
//! - a file the site copies as is (under `static/`, or beside a page in `content/`) edited: it is
//!   read again (and a `.infra` file among them also redraws the pages naming it);
//! - anything else (a file added, removed or renamed under `content/` or `static/`, a copied file
//!   that a page shadows, a template, `site.toml`, or a rebuild asked for with no paths): a full
//!   build, whose files are compared with the previous ones so that only what differs is sent.
//!
//! Guarantees: after every successful update, the site (the previous site with the [`Delta`]
//! applied) is byte-identical to what [`super::build_site`] gives for the same sources, and the
//! diagnostics are the same; the search index (which reads every page) is left to the caller,
//! through [`search_index`]. A build with errors changes nothing served: the paths it touched are
//! remembered and sent with the next good build. A full build that stops early (config, templates)
//! keeps the previous state and makes the next update a full build too.

mod affected;
mod changes;
mod state;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::BuildOptions;
use crate::diagnostics::{self, Diagnostic, Format};
use crate::search::SearchDocument;
use changes::{Partial, Plan, plan_changes};
use state::{State, read_copies};

/// File bytes shared by the build state and the server.
pub type SharedBytes = Arc<[u8]>;

/// What a good build changed in the site being served.
#[derive(Debug, Default, Clone)]
pub struct Delta {
    /// `written` is the whole site: replace everything.
    pub whole: bool,
    /// Files new or changed, by path relative to the site root.
    pub written: Vec<(String, SharedBytes)>,
    pub removed: Vec<String>,
    /// Folders (`pagefind/`) whose every file goes: the search index of a site that turned search off.
    pub removed_folders: Vec<String>,
}

/// What one [`ServeBuild::update`] did.
#[derive(Debug, Default)]
pub struct ServeOutcome {
    /// The diagnostics, rendered for the terminal (empty when there are none).
    pub report: String,
    /// `None` when the build has errors (then `report` says why).
    pub delta: Option<Delta>,
    /// Pages that went through their template: every page after a full build, one after a body
    /// edit, those that show it after a title, weight or description edit.
    pub pages: usize,
    /// Whether this was a full build.
    pub full: bool,
    /// The site has search on: its index should be made again from [`ServeBuild::search_pages`].
    pub search: bool,
}

/// The serve build: call [`ServeBuild::update`] after each batch of changes.
pub struct ServeBuild {
    options: BuildOptions,
    color: bool,
    state: Option<State>,
    /// The next update must be a full build.
    stale: bool,
    /// Whether a good build was ever handed out (before that, every delta is `whole`).
    served: bool,
    /// The served site has a search index.
    served_search: bool,
    /// Output paths changed by builds with errors, not yet sent.
    unserved: BTreeSet<String>,
}

impl ServeBuild {
    /// `options.live_reload` should be on; `color` is for the rendered diagnostics.
    pub fn new(options: BuildOptions, color: bool) -> ServeBuild {
        ServeBuild {
            options,
            color,
            state: None,
            stale: true,
            served: false,
            served_search: false,
            unserved: BTreeSet::new(),
        }
    }

    /// Rebuilds after `changed` (root-relative paths; empty means "everything").
    pub fn update(&mut self, changed: &[PathBuf]) -> ServeOutcome {
        let plan = match &self.state {
            Some(state) if !self.stale && !changed.is_empty() => {
                plan_changes(state, &self.options.root, changed)
            }
            _ => Plan::Full,
        };
        match plan {
            Plan::Full => self.full(),
            Plan::Partial(partial) => self.partial(partial),
        }
    }

    /// The pages the search index is made from, and the site's language; `None` before a build.
    pub fn search_pages(&self) -> Option<(Vec<(String, SharedBytes)>, String)> {
        let state = self.state.as_ref()?;
        let pages = state
            .page_paths
            .iter()
            .filter_map(|path| Some((path.clone(), state.outputs.get(path)?.clone())))
            .collect();
        Some((pages, state.config.language.clone()))
    }

    /// Who writes the search index (`[search] writer`), once a build has read the config.
    pub fn search_writer(&self) -> Option<crate::config::SearchWriter> {
        Some(self.state.as_ref()?.config.search.writer)
    }

    /// The caller could not serve the last good build: the next one is handed out whole.
    pub fn send_whole_next(&mut self) {
        self.served = false;
    }

    fn full(&mut self) -> ServeOutcome {
        let fresh = match State::build(&self.options) {
            Ok(state) => state,
            Err((diagnostics, sources)) => {
                self.stale = true;
                return ServeOutcome {
                    report: diagnostics::render(&diagnostics, &sources, Format::Human, self.color),
                    full: true,
                    ..ServeOutcome::default()
                };
            }
        };
        self.stale = false;
        let mut fresh = fresh;
        let changed = match self.state.take() {
            Some(old) => share_unchanged(&old.outputs, &mut fresh.outputs),
            None => fresh.outputs.keys().cloned().collect(),
        };
        let pages = fresh.page_paths.len();
        self.state = Some(fresh);
        let mut outcome = self.finish(changed);
        outcome.full = true;
        outcome.pages = pages;
        outcome
    }

    fn partial(&mut self, partial: Partial) -> ServeOutcome {
        let Some(state) = self.state.as_mut() else {
            return self.full();
        };
        let Some(copied) = read_copies(&partial.copies) else {
            return self.full();
        };
        let Some(rendered) = state.render_docs(&self.options, &partial.docs) else {
            return self.full();
        };
        let (mut changed, pages) = if rendered.shared_changed {
            match state.render_shown(&self.options, &rendered) {
                Some(done) => done,
                None => return self.full(),
            }
        } else {
            let changed = state.render_pages(&self.options, rendered.ids);
            let pages = changed.len();
            (changed, pages)
        };
        changed.extend(state.refresh_lists(&self.options));
        for (url, bytes) in copied {
            if state
                .outputs
                .get(&url)
                .is_none_or(|old| old[..] != bytes[..])
            {
                state.outputs.insert(url.clone(), bytes);
                changed.insert(url);
            }
        }
        let mut outcome = self.finish(changed);
        outcome.pages = pages;
        outcome
    }

    /// Gathers the diagnostics and, when there are no errors, the delta since the served site.
    fn finish(&mut self, changed: BTreeSet<String>) -> ServeOutcome {
        let Some(state) = &self.state else {
            return ServeOutcome::default();
        };
        let mut all = state.diagnostics();
        if crate::docstrees::links::as_warnings(&state.config, &self.options) {
            crate::docstrees::links::soften(&mut all);
        }
        // Notes (findings a diagram expects) are for `check` and `--verbose`, not the serve log.
        all.retain(|d| !d.is_note());
        if self.options.deny_warnings {
            for diagnostic in &mut all {
                diagnostic.severity = diagnostics::Severity::Error;
            }
        }
        let report = diagnostics::render(&all, &state.sources, Format::Human, self.color);
        let search = state.config.search.enabled;
        self.unserved.extend(changed);
        if all.iter().any(Diagnostic::is_error) {
            return ServeOutcome {
                report,
                search,
                ..ServeOutcome::default()
            };
        }
        let mut delta = Delta {
            whole: !self.served,
            ..Delta::default()
        };
        if delta.whole {
            delta.written = state
                .outputs
                .iter()
                .map(|(path, bytes)| (path.clone(), bytes.clone()))
                .collect();
        } else {
            for path in std::mem::take(&mut self.unserved) {
                match state.outputs.get(&path) {
                    Some(bytes) => delta.written.push((path, bytes.clone())),
                    None => delta.removed.push(path),
                }
            }
        }
        if self.served_search && !search {
            delta
                .removed_folders
                .push(format!("{}/", crate::search::BUNDLE_DIR));
        }
        self.unserved.clear();
        self.served = true;
        self.served_search = search;
        ServeOutcome {
            report,
            delta: Some(delta),
            search,
            ..ServeOutcome::default()
        }
    }
}

/// Makes `fresh` share the bytes of every file `old` has unchanged; returns the paths that differ
/// (changed, added or removed).
fn share_unchanged(
    old: &BTreeMap<String, SharedBytes>,
    fresh: &mut BTreeMap<String, SharedBytes>,
) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = old
        .keys()
        .filter(|path| !fresh.contains_key(*path))
        .cloned()
        .collect();
    for (path, bytes) in fresh.iter_mut() {
        match old.get(path) {
            Some(previous) if previous[..] == bytes[..] => *bytes = previous.clone(),
            _ => {
                changed.insert(path.clone());
            }
        }
    }
    changed
}

/// Makes the search index of `pages` (paths and bytes of the HTML the templates made) with the
/// default writer, ours ([`crate::search::writer`]): what a fresh build writes.
pub fn search_index(
    pages: &[(String, SharedBytes)],
    language: &str,
) -> Result<Vec<(String, SharedBytes)>, Diagnostic> {
    let options = crate::search::IndexOptions { language };
    shared(crate::search::writer::write(documents(pages), &options)?)
}

/// [`search_index`] for serve: Pagefind's bundle kept in `cache` between calls (an edit
/// compresses only the index files it changed), and its index kept in `live`, so that only the
/// pages whose search documents changed are read again ([`crate::search::live`]).
pub fn search_index_live(
    pages: &[(String, SharedBytes)],
    language: &str,
    cache: &Path,
    live: &mut Option<crate::search::live::LiveIndex>,
) -> Result<Vec<(String, SharedBytes)>, Diagnostic> {
    let options = crate::search::IndexOptions { language };
    let (index, _) = crate::search::live::update(live, documents(pages), &options, Some(cache))?;
    shared(index)
}

/// [`search_index_live`] with our own writer's live index ([`crate::search::writer::live`]).
pub fn search_index_ours(
    pages: &[(String, SharedBytes)],
    language: &str,
    live: &mut crate::search::writer::live::LivePages,
) -> Result<Vec<(String, SharedBytes)>, Diagnostic> {
    let options = crate::search::IndexOptions { language };
    Ok(live.update_pages(pages, &options)?.files)
}

fn documents(pages: &[(String, SharedBytes)]) -> Vec<SearchDocument> {
    pages
        .iter()
        .filter_map(|(path, bytes)| SearchDocument::of_page(path, std::str::from_utf8(bytes).ok()?))
        .collect()
}

fn shared(index: Vec<crate::output::OutputFile>) -> Result<Vec<(String, SharedBytes)>, Diagnostic> {
    index
        .into_iter()
        .map(|file| {
            let bytes = file.read().map_err(|error| {
                Diagnostic::error("X001", format!("search index `{}`: {error}", file.path))
            })?;
            Ok((file.path, SharedBytes::from(bytes)))
        })
        .collect()
}
