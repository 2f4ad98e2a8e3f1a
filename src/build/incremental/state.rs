//! The kept state of a serve build: a full in-memory build that keeps its parts ([`State::build`]),
//! and the ways to bring it up to date without starting again (Markdown of a few documents, their
//! pages, or every page through its template after a change every page shows; `super::affected`
//! picks the pages for a change only some show).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::super::stages::{self, StaticFile};
use super::super::{BuildOptions, GENERATOR, Pipeline};
use super::SharedBytes;
use crate::config::{SiteConfig, SiteUrls};
use crate::content::{SourceDoc, SourceId, relative_name};
use crate::diagnostics::{self, Diagnostic, Sources};
use crate::frontmatter::{self, ParsedDoc};
use crate::markdown::{self, DocInput, RenderContext, RenderedDoc};
use crate::output::{Contents, OutputFile};
use crate::site::{self, SiteGraph, Tree};
use crate::templates::{PageRenderer, Templates, context::SiteContext, file_for};

/// The kept state of the last build that ran to the end (with or without errors).
pub(super) struct State {
    pub(super) config: SiteConfig,
    pub(super) urls: SiteUrls,
    pub(super) sources: Sources,
    pub(super) docs: Vec<ParsedDoc>,
    pub(super) front_errors: Vec<Option<Diagnostic>>,
    pub(super) plan: site::Plan,
    /// The three parts of a [`SiteGraph`] it owns (lent to one while templates run).
    pub(super) rendered: Vec<Option<RenderedDoc>>,
    pub(super) titles: Vec<String>,
    pub(super) tree: Tree,
    pub(super) templates: Templates,
    pub(super) site: SiteContext,
    /// Diagnostics no incremental update can change: loading, plan, shadowed copies.
    pub(super) fixed: Vec<Diagnostic>,
    pub(super) not_found_error: Option<Diagnostic>,
    /// The code stylesheet, for the generated files.
    pub(super) highlight_css: String,
    pub(super) title_errors: Vec<Diagnostic>,
    pub(super) page_errors: Vec<Option<Diagnostic>>,
    /// The home section made up for a site without `content/_index.md`: writing that file is
    /// adding a document, not editing one.
    pub(super) implicit_home: Option<SourceId>,
    /// Files copied into the output (not shadowed): root-relative source path -> URL path.
    pub(super) copied: HashMap<String, String>,
    /// Every output file but the search index.
    pub(super) outputs: BTreeMap<String, SharedBytes>,
    /// The pages the templates made (what the search index reads), in reading order.
    pub(super) page_paths: Vec<String>,
    /// The site folder, which the pages' Markdown for LLM readers reads includes from.
    pub(super) root: PathBuf,
}

/// The documents [`State::render_docs`] rendered again.
pub(super) struct Rerendered {
    pub(super) ids: Vec<SourceId>,
    /// Something other pages may show changed (a title, weight, description, date...): the
    /// pages that show it go through their templates again ([`State::render_shown`]).
    pub(super) shared_changed: bool,
    /// The documents among `ids` whose description changed (their section lists it).
    pub(super) described: Vec<SourceId>,
    /// A date changed (the sitemap shows dates).
    pub(super) redated: bool,
}

impl State {
    /// A full in-memory build that keeps its parts; `Err` when it stops before rendering pages.
    pub(super) fn build(options: &BuildOptions) -> Result<State, (Vec<Diagnostic>, Sources)> {
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
        let plan = pipeline.plan(&docs, &loaded.assets, loaded.nav.as_ref(), &statics);
        let before = pipeline.diagnostics.len();
        let rendered = pipeline.render(&docs, &plan);
        // Each rendered document keeps its own diagnostics.
        pipeline.diagnostics.truncate(before);
        let (titles, title_errors) =
            stages::resolve_titles(&docs, &rendered, &broken, plan.nav.as_ref());
        let tree = stages::tree(&docs, &plan, &titles);
        let graph = SiteGraph::new(&docs, &plan, pipeline.urls.clone(), rendered, titles, tree);
        let parts = (front_errors.as_slice(), title_errors.as_slice());
        let templates = match Templates::load(&root) {
            Ok(templates) => templates,
            Err((errors, sources)) => {
                pipeline.sources.extend(sources);
                return Err(stopped(pipeline, &graph, parts, errors));
            }
        };
        pipeline.sources.extend(templates.sources());
        // Kept with the other fixed diagnostics: an edit that could change them (a `template`
        // field) makes the next update a full build (`State::names_a_missing_template`).
        pipeline
            .diagnostics
            .extend(stages::missing_templates(&graph, &templates));
        let site = stages::site_context(&pipeline.config, &pipeline.urls);
        let words_per_minute = pipeline.config.markdown.words_per_minute;
        let renderer = PageRenderer {
            graph: &graph,
            templates: &templates,
            site: &site,
            generator: GENERATOR,
            live_reload: options.live_reload,
            words_per_minute,
        };
        let (mut files, page_errors, not_found_error) = render_all(&renderer, docs.len());
        let page_paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        files.extend(pipeline.extras(&graph, css.clone()));
        files.extend(pipeline.cards(&graph));
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
            not_found_error,
            highlight_css: css,
            title_errors,
            page_errors,
            implicit_home,
            copied,
            outputs,
            page_paths,
            root,
        })
    }

    /// Every diagnostic of the current sources, sorted, without repeats (not yet made errors by
    /// `deny_warnings`).
    pub(super) fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.fixed.clone();
        all.extend(self.front_errors.iter().flatten().cloned());
        let rendered = self.rendered.iter().flatten();
        all.extend(rendered.flat_map(|r| r.diagnostics.iter().cloned()));
        all.extend(stages::anchor_errors(&self.docs, &self.rendered));
        all.extend(self.title_errors.iter().cloned());
        all.extend(self.page_errors.iter().flatten().cloned());
        all.extend(self.not_found_error.iter().cloned());
        diagnostics::sort(&mut all);
        all.dedup();
        all
    }

    /// Whether `path` is, or is a folder above, a content file of the last build.
    pub(super) fn knows_content(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        let is_it = |known: &str| known == path || known.starts_with(&folder);
        self.docs.iter().any(|d| is_it(&d.source.path))
            || self.plan.assets.iter().any(|(source, _)| is_it(source))
    }

    /// The documents whose last render included the file `path` (`{{#include}}`).
    pub(super) fn docs_including(&self, path: &str) -> Vec<SourceId> {
        self.docs
            .iter()
            .filter(|doc| {
                self.rendered[doc.source.id.index()]
                    .as_ref()
                    .is_some_and(|r| r.includes.iter().any(|p| p == path))
            })
            .map(|doc| doc.source.id)
            .collect()
    }

    /// The documents whose source names the diagram file `path` (so may embed it).
    pub(super) fn docs_naming(&self, path: &str) -> Vec<SourceId> {
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

    /// Parses and renders the documents in `edits` again. `None` when the plan may change
    /// (a draft flag, slug or aliases changed, or front matter broke or mended): then only a
    /// full build is right.
    pub(super) fn render_docs(
        &mut self,
        options: &BuildOptions,
        edits: &BTreeMap<SourceId, Option<Arc<str>>>,
    ) -> Option<Rerendered> {
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
        let mut shared_changed = false;
        let mut described = Vec::new();
        let mut redated = false;
        for ((doc, error), result) in parsed.iter().zip(&rendered) {
            let index = doc.source.id.index();
            let (old, new) = (&self.docs[index].front, &doc.front);
            let same_plan = old.draft == new.draft
                && old.slug == new.slug
                && old.aliases == new.aliases
                && self.front_errors[index].is_some() == error.is_some()
                && same_includes(&self.docs[index], doc);
            if !same_plan {
                return None;
            }
            let title = |doc: &ParsedDoc, result: Option<&RenderedDoc>| {
                let heading = result.and_then(|r| r.title_from_heading.clone());
                doc.front.title.clone().or(heading)
            };
            shared_changed |= old != new
                || title(&self.docs[index], self.rendered[index].as_ref())
                    != title(doc, result.as_ref());
            if old.description != new.description {
                described.push(doc.source.id);
            }
            redated |= old.date != new.date || old.updated != new.updated;
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
        Some(Rerendered {
            ids,
            shared_changed,
            described,
            redated,
        })
    }

    /// After a change other pages show: titles and the tree again, then every page, the 404 page
    /// and the generated files through their templates (the Markdown of the others is kept).
    /// Returns the output paths that changed and the number of pages rendered; `None` when a
    /// template is missing now (a full build reports it).
    pub(super) fn render_everything(
        &mut self,
        options: &BuildOptions,
    ) -> Option<(BTreeSet<String>, usize)> {
        let broken: Vec<bool> = self.front_errors.iter().map(Option::is_some).collect();
        let (titles, title_errors) =
            stages::resolve_titles(&self.docs, &self.rendered, &broken, self.plan.nav.as_ref());
        let tree = stages::tree(&self.docs, &self.plan, &titles);
        let graph = SiteGraph::new(
            &self.docs,
            &self.plan,
            self.urls.clone(),
            std::mem::take(&mut self.rendered),
            titles,
            tree,
        );
        let missing = self.names_a_missing_template(graph.included());
        let rendered = (!missing).then(|| self.render_all(options, &graph));
        let SiteGraph {
            rendered: docs_html,
            titles,
            tree,
            ..
        } = graph;
        self.rendered = docs_html;
        let (files, page_errors, not_found_error) = rendered?;
        self.titles = titles;
        self.tree = tree;
        self.title_errors = title_errors;
        self.page_errors = page_errors;
        self.not_found_error = not_found_error;
        let pages = files.len();
        self.page_paths = files.iter().map(|f| f.path.clone()).collect();
        let mut changed = self.replace_outputs(files);
        // A page whose template fails now has no file (the build has errors anyway).
        let failed = self
            .page_errors
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_some());
        let mut gone: Vec<String> = failed
            .map(|(index, _)| {
                let url = self.plan.placements[index]
                    .as_ref()
                    .map_or("", |p| p.url.as_str());
                file_for(url)
            })
            .collect();
        if self.not_found_error.is_some() {
            gone.push("404.html".into());
        }
        for path in gone {
            if self.outputs.remove(&path).is_some() {
                changed.insert(path);
            }
        }
        Some((changed, pages))
    }

    /// Every included page and the 404 page through their templates.
    fn render_all(&self, options: &BuildOptions, graph: &SiteGraph) -> Rendered {
        render_all(&self.renderer(graph, options), self.docs.len())
    }

    /// Puts freshly rendered pages and the generated files made from them into the outputs
    /// (the first file of a path wins, as in a full build); returns the paths whose bytes changed.
    pub(super) fn replace_outputs(&mut self, pages: Vec<OutputFile>) -> BTreeSet<String> {
        let graph_files = self.with_lists_graph(Self::extras);
        let mut seen = BTreeSet::new();
        let mut changed = BTreeSet::new();
        for file in pages.into_iter().chain(graph_files) {
            if !seen.insert(file.path.clone()) {
                continue;
            }
            let bytes = match file.contents {
                Contents::Bytes(bytes) => SharedBytes::from(bytes),
                _ => SharedBytes::from(file.read().unwrap_or_default()),
            };
            if self.store(&file.path, bytes) {
                changed.insert(file.path);
            }
        }
        changed
    }

    /// Keeps `bytes` as the output at `path`; true when they differ from what was there.
    fn store(&mut self, path: &str, bytes: SharedBytes) -> bool {
        if self
            .outputs
            .get(path)
            .is_some_and(|old| old[..] == bytes[..])
        {
            return false;
        }
        self.outputs.insert(path.to_string(), bytes);
        true
    }

    /// Lends `make` the graph the site-wide files are made from (no rendered pages), with the
    /// titles and the tree taken out of the state for the call and put back after it.
    fn with_lists_graph<R>(&mut self, make: impl FnOnce(&Self, &SiteGraph) -> R) -> R {
        let titles = std::mem::take(&mut self.titles);
        let tree = std::mem::take(&mut self.tree);
        let graph = SiteGraph::new(
            &self.docs,
            &self.plan,
            self.urls.clone(),
            Vec::new(),
            titles,
            tree,
        );
        let made = make(self, &graph);
        let SiteGraph { titles, tree, .. } = graph;
        self.titles = titles;
        self.tree = tree;
        made
    }

    /// The files every build generates ([`stages::extras`]) made from `graph`.
    fn extras(&self, graph: &SiteGraph) -> Vec<OutputFile> {
        stages::extras(
            &self.site,
            &self.urls,
            graph,
            self.highlight_css.clone(),
            &self.root,
        )
    }

    /// The templates stage over `graph`, as this state's site configures it.
    fn renderer<'g>(
        &'g self,
        graph: &'g SiteGraph<'g>,
        options: &BuildOptions,
    ) -> PageRenderer<'g> {
        PageRenderer {
            graph,
            templates: &self.templates,
            site: &self.site,
            generator: GENERATOR,
            live_reload: options.live_reload,
            words_per_minute: self.config.markdown.words_per_minute,
        }
    }

    /// The files that list the whole site (the Atom feed, the sitemap, the tag pages) made again
    /// after a partial render, since any page's title, dates or tags may have changed; returns
    /// the paths whose bytes changed.
    pub(super) fn refresh_lists(&mut self, options: &BuildOptions) -> BTreeSet<String> {
        let files = self.with_lists_graph(|state, graph| {
            let mut files = state.extras(graph);
            files.extend(
                state
                    .renderer(graph, options)
                    .tag_pages()
                    .unwrap_or_default(),
            );
            if state.config.social.cards {
                // A title may have changed: the cards follow (unchanged ones come from memory).
                let cards = crate::cards::plan(graph, &state.config.title);
                files.extend(crate::cards::render(&cards, None).unwrap_or_default());
            }
            files
        });
        let mut changed = BTreeSet::new();
        for file in files {
            let bytes = match file.contents {
                Contents::Bytes(bytes) => SharedBytes::from(bytes),
                _ => continue,
            };
            if self.store(&file.path, bytes) {
                changed.insert(file.path);
            }
        }
        changed
    }

    /// Renders the pages of `ids` through their templates; returns the output paths touched.
    pub(super) fn render_pages(
        &mut self,
        options: &BuildOptions,
        ids: Vec<SourceId>,
    ) -> BTreeSet<String> {
        let ids: Vec<SourceId> = ids
            .into_iter()
            .filter(|&id| self.tree.contains(id))
            .collect();
        let graph = SiteGraph::new(
            &self.docs,
            &self.plan,
            self.urls.clone(),
            std::mem::take(&mut self.rendered),
            std::mem::take(&mut self.titles),
            std::mem::take(&mut self.tree),
        );
        let renderer = self.renderer(&graph, options);
        let labels = renderer.nav_labels();
        let results: Vec<(SourceId, Result<OutputFile, Diagnostic>)> = ids
            .par_iter()
            .map(|&id| (id, renderer.render_one(id, &labels)))
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

/// Pages as rendered, each document's template error (by id), and the 404 page's error.
type Rendered = (Vec<OutputFile>, Vec<Option<Diagnostic>>, Option<Diagnostic>);

/// Every included page and the 404 page through their templates, in reading order.
fn render_all(renderer: &PageRenderer, doc_count: usize) -> Rendered {
    let included = renderer.graph.included().to_vec();
    let labels = renderer.nav_labels();
    let results: Vec<Result<OutputFile, Diagnostic>> = included
        .par_iter()
        .map(|&id| renderer.render_one(id, &labels))
        .collect();
    let mut page_errors: Vec<Option<Diagnostic>> = vec![None; doc_count];
    let mut files = Vec::with_capacity(results.len() + 1);
    for (id, result) in included.iter().zip(results) {
        match result {
            Ok(file) => files.push(file),
            Err(error) => page_errors[id.index()] = Some(error),
        }
    }
    let mut not_found_error = match renderer.not_found() {
        Ok(file) => {
            files.push(file);
            None
        }
        Err(error) => Some(error),
    };
    // The tag pages share the 404 page's slot for a template error: both list the whole site.
    match renderer.tag_pages() {
        Ok(pages) => files.extend(pages),
        Err(error) => not_found_error = not_found_error.or(Some(error)),
    }
    (files, page_errors, not_found_error)
}

/// The diagnostics of a full build that stopped at its templates: everything found so far.
fn stopped(
    mut pipeline: Pipeline,
    graph: &SiteGraph,
    (front_errors, title_errors): (&[Option<Diagnostic>], &[Diagnostic]),
    errors: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Sources) {
    let all = &mut pipeline.diagnostics;
    all.extend(errors);
    all.extend(title_errors.iter().cloned());
    all.extend(stages::anchor_errors(graph.docs, &graph.rendered));
    all.extend(front_errors.iter().flatten().cloned());
    let rendered = graph.rendered.iter().flatten();
    all.extend(rendered.flat_map(|r| r.diagnostics.iter().cloned()));
    diagnostics::sort(all);
    all.dedup();
    (pipeline.diagnostics, pipeline.sources)
}

/// Whether an edit leaves the files the document includes as they were: an included page is
/// not a page of its own (`docstrees::fragments`), so a change there changes the plan.
fn same_includes(old: &ParsedDoc, new: &ParsedDoc) -> bool {
    let named = |doc: &ParsedDoc| {
        let body = &doc.source.text[doc.body.clone()];
        crate::markdown::include::named_files(body, doc.source.dir())
    };
    named(old) == named(new)
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
pub(super) fn read_copies(copies: &[(String, PathBuf)]) -> Option<Vec<(String, SharedBytes)>> {
    copies
        .iter()
        .map(|(url, file)| {
            let bytes = crate::output::minify::file(url, std::fs::read(file).ok()?);
            Some((url.clone(), SharedBytes::from(bytes)))
        })
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
