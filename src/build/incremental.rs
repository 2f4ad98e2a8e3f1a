//! The incremental build behind `infrabook serve`: takes the paths that changed (relative to the
//! site root) and returns what changed in the built site, rebuilding only what the change affects.
//!
//! [`ServeBuild`] keeps, between builds, everything a full in-memory build computes: config and
//! URLs, the parsed documents, the plan and link index, each document's rendered Markdown, titles,
//! the section tree, the loaded templates, the diagnostics by where they came from, and every
//! output file (as shared bytes, which the server holds too). Then:
//!
//! - an existing `content/**/*.md` edited: it is parsed and its Markdown rendered again; if its
//!   front matter (title, weight, draft, slug, aliases, template, dates, ...) and its title are
//!   unchanged, nothing another page shows has changed, so only its own page goes through the
//!   template again, and anchor links into it are re-checked. If any of those changed, this is a
//!   **full build**: other pages show titles (sidebar, breadcrumbs, prev/next) and the plan
//!   depends on slugs, drafts and aliases;
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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::stages::{self, StaticFile};
use super::{BuildOptions, GENERATOR, Pipeline};
use crate::config::{SiteConfig, SiteUrls};
use crate::content::{SourceDoc, SourceId, relative_name};
use crate::diagnostics::{self, Diagnostic, Format, Sources};
use crate::frontmatter::{self, ParsedDoc};
use crate::markdown::{self, DocInput, RenderContext, RenderedDoc};
use crate::output::{Contents, OutputFile};
use crate::site::{self, SiteGraph, Tree};
use crate::templates::{PageRenderer, Templates, context::SiteContext, file_for};

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
    /// Pages that went through their template: every page after a full build, one after an edit.
    pub pages: usize,
    /// Whether this was a full build.
    pub full: bool,
    /// The site has search on: its index should be made again from [`ServeBuild::search_pages`].
    pub search: bool,
}

/// The kept state of the last build that ran to the end (with or without errors).
struct State {
    config: SiteConfig,
    urls: SiteUrls,
    sources: Sources,
    docs: Vec<ParsedDoc>,
    front_errors: Vec<Option<Diagnostic>>,
    plan: site::Plan,
    /// The three parts of a [`SiteGraph`] it owns (lent to one while templates run).
    rendered: Vec<Option<RenderedDoc>>,
    titles: Vec<String>,
    tree: Tree,
    templates: Templates,
    site: SiteContext,
    /// Diagnostics no incremental update can change: loading, plan, 404 page, shadowed copies.
    fixed: Vec<Diagnostic>,
    title_errors: Vec<Diagnostic>,
    page_errors: Vec<Option<Diagnostic>>,
    /// The home section made up for a site without `content/_index.md`: writing that file is
    /// adding a document, not editing one.
    implicit_home: Option<SourceId>,
    /// Files copied into the output (not shadowed): root-relative source path -> URL path.
    copied: HashMap<String, String>,
    /// Every output file but the search index.
    outputs: BTreeMap<String, SharedBytes>,
    /// The pages the templates made (what the search index reads), in reading order.
    page_paths: Vec<String>,
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

/// How a batch of changes is rebuilt.
enum Plan {
    Full,
    Partial(Partial),
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
        let mut changed = state.render_pages(&self.options, rendered);
        let pages = changed.len();
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

/// Sorts a batch of changed paths into a full build or the documents to render again and the
/// files to copy again.
fn plan_changes(state: &State, root: &Path, changed: &[PathBuf]) -> Plan {
    let by_path: HashMap<&str, SourceId> = state
        .docs
        .iter()
        .map(|doc| (doc.source.path.as_str(), doc.source.id))
        .collect();
    let mut partial = Partial::default();
    for relative in changed {
        let Some(path) = slash_path(relative) else {
            return Plan::Full;
        };
        let file = root.join(relative);
        let step = if let Some(rest) = path.strip_prefix("content/") {
            if rest.split('/').any(|part| part.starts_with('.')) {
                continue; // hidden: the build never reads it
            }
            match by_path.get(path.as_str()) {
                Some(&id) if file.is_file() && state.implicit_home != Some(id) => {
                    partial.edit(state, id, &file)
                }
                _ => partial.copy_again(state, &path, file),
            }
        } else if path.starts_with("static/") {
            partial.copy_again(state, &path, file)
        } else if path.starts_with("diagrams/") && !file.is_dir() {
            partial.redraw(state, &path);
            Some(())
        } else {
            None
        };
        if step.is_none() {
            return Plan::Full;
        }
    }
    Plan::Partial(partial)
}

/// What an update short of a full build does.
#[derive(Default)]
struct Partial {
    /// Documents to render again, with their new text when it changed.
    docs: BTreeMap<SourceId, Option<Arc<str>>>,
    /// Copied files whose source changed: (URL path, source file).
    copies: Vec<(String, PathBuf)>,
}

impl Partial {
    /// A document's new text; `None` (full build) when it cannot be read as UTF-8.
    fn edit(&mut self, state: &State, id: SourceId, file: &Path) -> Option<()> {
        let text = String::from_utf8(std::fs::read(file).ok()?).ok()?;
        if *state.docs[id.index()].source.text != *text {
            self.docs.insert(id, Some(Arc::from(text)));
        }
        Some(())
    }

    /// The pages naming the diagram file `path` are rendered again.
    fn redraw(&mut self, state: &State, path: &str) {
        for id in state.docs_naming(path) {
            self.docs.entry(id).or_insert(None);
        }
    }

    /// A file the site copies (from `static/`, or beside a page) is copied again; a diagram among
    /// them is also drawn again. `None` (full build) for a file added or removed, or one whose copy
    /// lost to a page; a file that came and went (an editor's temporary copy) changes nothing.
    fn copy_again(&mut self, state: &State, path: &str, file: PathBuf) -> Option<()> {
        let url = state.copied.get(path);
        match url {
            Some(url) if file.is_file() => {
                if path.starts_with("content/") && path.ends_with(".infra") {
                    self.redraw(state, path);
                }
                self.copies.push((url.clone(), file));
                Some(())
            }
            _ if file.exists() || url.is_some() || state.knows_content(path) => None,
            _ => Some(()),
        }
    }
}

/// `content/dns/a.md` from a relative path; `None` for anything odd (`..`, not UTF-8).
fn slash_path(relative: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

impl State {
    /// A full in-memory build that keeps its parts; `Err` when it stops before rendering pages.
    fn build(options: &BuildOptions) -> Result<State, (Vec<Diagnostic>, Sources)> {
        let failed_write = Mutex::new(None);
        let (mut pipeline, css) = Pipeline::prepare(options, None, &failed_write)
            .map_err(|failed| (failed.diagnostics, failed.sources))?;
        let root = options.root.clone();
        let loaded = pipeline.load(&root);
        let before = pipeline.diagnostics.len();
        let loaded_count = loaded.docs.len();
        let (docs, broken) = pipeline.parse(loaded.docs);
        let implicit_home = docs.get(loaded_count).map(|doc| doc.source.id);
        // `parse` adds one diagnostic per broken document, in document order.
        let mut parse_errors = pipeline.diagnostics.split_off(before).into_iter();
        let front_errors: Vec<Option<Diagnostic>> = broken
            .iter()
            .map(|&broken| if broken { parse_errors.next() } else { None })
            .collect();
        let statics: Vec<StaticFile> = stages::static_files(&root);
        let plan = pipeline.plan(&docs, &loaded.assets, &statics);
        let before = pipeline.diagnostics.len();
        let rendered = pipeline.render(&docs, &plan);
        // Each rendered document keeps its own diagnostics.
        pipeline.diagnostics.truncate(before);
        let (titles, title_errors) = stages::resolve_titles(&docs, &rendered, &broken);
        let tree = stages::tree(&docs, &plan, &titles);
        let graph = SiteGraph {
            docs: &docs,
            placements: &plan.placements,
            rendered,
            titles,
            tree,
            links: &plan.links,
            urls: pipeline.urls.clone(),
        };
        let stop = |mut pipeline: Pipeline, graph: &SiteGraph, errors: Vec<Diagnostic>| {
            pipeline.diagnostics.extend(errors);
            pipeline.diagnostics.extend(title_errors.clone());
            pipeline
                .diagnostics
                .extend(stages::anchor_errors(graph.docs, &graph.rendered));
            pipeline
                .diagnostics
                .extend(front_errors.iter().flatten().cloned());
            let rendered = graph.rendered.iter().flatten();
            pipeline
                .diagnostics
                .extend(rendered.flat_map(|r| r.diagnostics.iter().cloned()));
            let mut all = pipeline.diagnostics;
            diagnostics::sort(&mut all);
            all.dedup();
            (all, pipeline.sources)
        };
        let templates = match Templates::load(&root) {
            Ok(templates) => templates,
            Err((errors, sources)) => {
                pipeline.sources.extend(sources);
                return Err(stop(pipeline, &graph, errors));
            }
        };
        pipeline.sources.extend(templates.sources());
        let missing = stages::missing_templates(&graph, &templates);
        if !missing.is_empty() {
            return Err(stop(pipeline, &graph, missing));
        }
        let site = stages::site_context(&pipeline.config, &pipeline.urls);
        let renderer = PageRenderer {
            graph: &graph,
            templates: &templates,
            site: &site,
            generator: GENERATOR,
            live_reload: options.live_reload,
            words_per_minute: pipeline.config.markdown.words_per_minute,
        };
        let included = graph.included().to_vec();
        let results: Vec<Result<OutputFile, Diagnostic>> = included
            .par_iter()
            .map(|&id| renderer.render_one(id))
            .collect();
        let mut page_errors: Vec<Option<Diagnostic>> = vec![None; docs.len()];
        let mut files = Vec::with_capacity(results.len() + 1);
        for (id, result) in included.iter().zip(results) {
            match result {
                Ok(file) => files.push(file),
                Err(error) => page_errors[id.index()] = Some(error),
            }
        }
        match renderer.not_found() {
            Ok(file) => files.push(file),
            Err(error) => pipeline.diagnostics.push(error),
        }
        let page_paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        files.extend(pipeline.extras(&graph, css));
        files.extend(stages::copies(statics, &loaded.assets, &plan.assets));
        let kept = pipeline.without_shadowed(files, &[]);
        let copied = copied_files(&root, &kept);
        let outputs = read_outputs(kept).map_err(|error| (vec![error], Sources::default()))?;
        let SiteGraph {
            rendered,
            titles,
            tree,
            ..
        } = graph;
        Ok(State {
            config: pipeline.config,
            urls: pipeline.urls,
            sources: pipeline.sources,
            docs,
            front_errors,
            plan,
            rendered,
            titles,
            tree,
            templates,
            site,
            fixed: pipeline.diagnostics,
            title_errors,
            page_errors,
            implicit_home,
            copied,
            outputs,
            page_paths,
        })
    }

    /// Every diagnostic of the current sources, sorted, without repeats (not yet made errors by
    /// `deny_warnings`).
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.fixed.clone();
        all.extend(self.front_errors.iter().flatten().cloned());
        let rendered = self.rendered.iter().flatten();
        all.extend(rendered.flat_map(|r| r.diagnostics.iter().cloned()));
        all.extend(stages::anchor_errors(&self.docs, &self.rendered));
        all.extend(self.title_errors.iter().cloned());
        all.extend(self.page_errors.iter().flatten().cloned());
        diagnostics::sort(&mut all);
        all.dedup();
        all
    }

    /// Whether `path` is, or is a folder above, a content file of the last build.
    fn knows_content(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        let is_it = |known: &str| known == path || known.starts_with(&folder);
        self.docs.iter().any(|d| is_it(&d.source.path))
            || self.plan.assets.iter().any(|(source, _)| is_it(source))
    }

    /// The documents whose source names the diagram file `path` (so may embed it).
    fn docs_naming(&self, path: &str) -> Vec<SourceId> {
        let name = path.rsplit('/').next().unwrap_or(path);
        // A name a link would have to escape (`my%20stack.infra`) is not searched for as written.
        let plain = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        let needle = if plain { name } else { ".infra" };
        self.docs
            .iter()
            .filter(|doc| doc.source.text.contains(needle))
            .map(|doc| doc.source.id)
            .collect()
    }

    /// Parses and renders the documents in `edits` again. `None` when something other pages
    /// depend on changed (front matter, title): then only a full build is right.
    fn render_docs(
        &mut self,
        options: &BuildOptions,
        edits: &BTreeMap<SourceId, Option<Arc<str>>>,
    ) -> Option<Vec<SourceId>> {
        let parsed: Vec<(ParsedDoc, Option<Diagnostic>)> = edits
            .iter()
            .map(|(id, text)| {
                let old = &self.docs[id.index()].source;
                frontmatter::parse_doc(SourceDoc {
                    id: *id,
                    path: old.path.clone(),
                    kind: old.kind,
                    text: text.clone().unwrap_or_else(|| old.text.clone()),
                })
            })
            .collect();
        let context = RenderContext {
            config: &self.config.markdown,
            links: &self.plan.links,
            root: &options.root,
        };
        let placements = &self.plan.placements;
        let rendered: Vec<Option<RenderedDoc>> = parsed
            .par_iter()
            .map(|(doc, _)| {
                placements[doc.source.id.index()].as_ref()?;
                Some(markdown::render(&doc_input(doc), &context))
            })
            .collect();
        for ((doc, error), result) in parsed.iter().zip(&rendered) {
            let index = doc.source.id.index();
            let old = &self.docs[index];
            let title = |doc: &ParsedDoc, result: Option<&RenderedDoc>| {
                let heading = result.and_then(|r| r.title_from_heading.clone());
                doc.front.title.clone().or(heading)
            };
            let same = old.front == doc.front
                && self.front_errors[index].is_some() == error.is_some()
                && title(old, self.rendered[index].as_ref()) == title(doc, result.as_ref());
            if !same {
                return None;
            }
        }
        let mut ids = Vec::with_capacity(parsed.len());
        for ((doc, error), result) in parsed.into_iter().zip(rendered) {
            let index = doc.source.id.index();
            self.sources
                .insert(&doc.source.path, doc.source.text.clone());
            for (path, text) in result.iter().flat_map(|r| &r.extra_sources) {
                self.sources.insert(path, text.clone());
            }
            ids.push(doc.source.id);
            self.docs[index] = doc;
            self.front_errors[index] = error;
            self.rendered[index] = result;
        }
        Some(ids)
    }

    /// Renders the pages of `ids` through their templates; returns the output paths touched.
    fn render_pages(&mut self, options: &BuildOptions, ids: Vec<SourceId>) -> BTreeSet<String> {
        let ids: Vec<SourceId> = ids
            .into_iter()
            .filter(|&id| self.tree.contains(id))
            .collect();
        let graph = SiteGraph {
            docs: &self.docs,
            placements: &self.plan.placements,
            rendered: std::mem::take(&mut self.rendered),
            titles: std::mem::take(&mut self.titles),
            tree: std::mem::take(&mut self.tree),
            links: &self.plan.links,
            urls: self.urls.clone(),
        };
        let renderer = PageRenderer {
            graph: &graph,
            templates: &self.templates,
            site: &self.site,
            generator: GENERATOR,
            live_reload: options.live_reload,
            words_per_minute: self.config.markdown.words_per_minute,
        };
        let results: Vec<(SourceId, Result<OutputFile, Diagnostic>)> = ids
            .par_iter()
            .map(|&id| (id, renderer.render_one(id)))
            .collect();
        let mut touched = BTreeSet::new();
        for (id, result) in results {
            let path = file_for(graph.url_path(id));
            match result {
                Ok(file) => {
                    self.page_errors[id.index()] = None;
                    let bytes = match file.contents {
                        Contents::Bytes(bytes) => SharedBytes::from(bytes),
                        _ => SharedBytes::from(file.read().unwrap_or_default()),
                    };
                    self.outputs.insert(path.clone(), bytes);
                }
                Err(error) => {
                    self.page_errors[id.index()] = Some(error);
                    self.outputs.remove(&path);
                }
            }
            touched.insert(path);
        }
        self.rendered = graph.rendered;
        self.titles = graph.titles;
        self.tree = graph.tree;
        touched
    }
}

fn doc_input(doc: &ParsedDoc) -> DocInput<'_> {
    DocInput {
        id: doc.source.id,
        path: &doc.source.path,
        dir: doc.source.dir(),
        text: &doc.source.text,
        body: doc.body.clone(),
        wants_title: doc.front.title.is_none(),
    }
}

/// The new bytes of files to copy again; `None` when one cannot be read.
fn read_copies(copies: &[(String, PathBuf)]) -> Option<Vec<(String, SharedBytes)>> {
    copies
        .iter()
        .map(|(url, file)| Some((url.clone(), SharedBytes::from(std::fs::read(file).ok()?))))
        .collect()
}

/// The files a build copies and that made it into the output: root-relative source path -> URL.
fn copied_files(root: &Path, kept: &[OutputFile]) -> HashMap<String, String> {
    kept.iter()
        .filter_map(|file| match &file.contents {
            Contents::Copy(from) => Some((relative_name(root, from), file.path.clone())),
            _ => None,
        })
        .collect()
}

/// Reads every output file into shared bytes.
fn read_outputs(files: Vec<OutputFile>) -> Result<BTreeMap<String, SharedBytes>, Diagnostic> {
    files
        .into_par_iter()
        .map(|file| {
            let bytes = match file.contents {
                Contents::Bytes(bytes) => bytes,
                _ => file.read().map_err(|error| {
                    Diagnostic::error("P003", format!("cannot read `{}`: {error}", file.path))
                })?,
            };
            Ok((file.path, SharedBytes::from(bytes)))
        })
        .collect()
}

/// Makes the search index of `pages` (paths and bytes of the HTML the templates made). The one
/// call into [`crate::search`] for serve, so a change to its input type is adapted here alone.
pub fn search_index(
    pages: &[(String, SharedBytes)],
    language: &str,
) -> Result<Vec<(String, SharedBytes)>, Diagnostic> {
    let files: Vec<OutputFile> = pages
        .iter()
        .map(|(path, bytes)| OutputFile::bytes(path.clone(), bytes.to_vec()))
        .collect();
    let options = crate::search::IndexOptions { language };
    let index = crate::search::index(&files, &options)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_become_slash_paths() {
        assert_eq!(
            slash_path(Path::new("content/dns/a.md")).as_deref(),
            Some("content/dns/a.md")
        );
        assert_eq!(slash_path(Path::new("../content/a.md")), None);
        assert_eq!(slash_path(Path::new("/content/a.md")), None);
    }
}
