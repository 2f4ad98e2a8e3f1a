//! Build orchestration: runs the stages in order over one site and collects every diagnostic.
//!
//! [`build_site`] produces the whole site in memory (used by `check`; `serve` keeps its state in
//! [`ServeBuild`] and rebuilds only what a change affects, matching it byte for byte); [`build_into`]
//! writes each page into a staging folder on the thread that rendered it and swaps the folder in
//! for the output when the build has no errors, so a large site is never held in memory whole.
//! Both give the same files: the same input gives byte-identical output.

mod incremental;
mod llms;
mod stages;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, SiteConfig, SiteUrls};
use crate::content::{self, Asset, DocKind, SourceDoc, SourceId};
use crate::diagnostics::{self, Diagnostic, Sources};
use crate::frontmatter::{self, FrontMatter, ParsedDoc};
use crate::markdown::{self, DocInput, RenderContext, RenderedDoc};
use crate::output::{Contents, OutputFile, Staging, WriteError};
use crate::site::{self, PlanOptions, SiteGraph};
use crate::templates::{PageRenderer, Templates};
use crate::{highlight, search};

pub use incremental::{
    Delta, ServeBuild, ServeOutcome, SharedBytes, search_index, search_index_live,
    search_index_ours,
};
use stages::{
    StaticFile, anchor_errors, copies, missing_templates, resolve_titles, site_context,
    static_files, summarize, tree,
};

/// Everything a build can be asked to do differently.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Templates get `live_reload = true` (serve).
    pub live_reload: bool,
    /// Broken links and anchors are warnings (`--warn-links`; also `[links] broken = "warn"`).
    pub warn_links: bool,
}

/// Counts for the one-line summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub sections: usize,
    pub static_files: usize,
    pub warnings: usize,
}

/// A built site, in memory.
#[derive(Debug, Clone, Default)]
pub struct SiteOutput {
    /// Sorted by path. Empty after [`build_into`], which has written them.
    pub files: Vec<OutputFile>,
    pub summary: Summary,
    /// The path every URL of the site starts with (`/handbook/`, or `/`).
    pub base_path: String,
}

#[derive(Debug, Default)]
pub struct BuildResult {
    /// `None` when the input has errors.
    pub site: Option<SiteOutput>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics point into.
    pub sources: Sources,
}

impl BuildResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn fail(mut diagnostics: Vec<Diagnostic>, sources: Sources) -> BuildResult {
        diagnostics::sort(&mut diagnostics);
        diagnostics.dedup();
        BuildResult {
            site: None,
            diagnostics,
            sources,
        }
    }
}

pub const GENERATOR: &str = concat!("infrabook ", env!("CARGO_PKG_VERSION"));
const HIGHLIGHT_CSS: &str = "css/highlight.css";
const STATIC_DIR: &str = "static";
/// URL paths every build generates itself.
const GENERATED: [&str; 6] = [
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "atom.xml",
    "llms.txt",
    HIGHLIGHT_CSS,
];

fn read_config(root: &Path, sources: &mut Sources) -> Result<SiteConfig, Diagnostic> {
    let file = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&file).map_err(|error| {
        Diagnostic::error("C000", format!("cannot read `{}`: {error}", file.display()))
            .help("run `infrabook init DIR` to create a site, or pass --root")
    })?;
    let text: Arc<str> = Arc::from(text);
    sources.insert(CONFIG_FILE, text.clone());
    SiteConfig::parse(&text)
}

/// A home section for a site without `content/_index.md`, titled after the site.
fn implicit_home(config: &SiteConfig, id: SourceId) -> ParsedDoc {
    let source = SourceDoc {
        id,
        path: "content/_index.md".into(),
        kind: DocKind::Section,
        text: Arc::from(""),
    };
    let front = FrontMatter {
        title: Some(config.title.clone()),
        ..FrontMatter::default()
    };
    ParsedDoc {
        source,
        front,
        body: 0..0,
    }
}

/// Builds the site at `options.root` into memory.
pub fn build_site(options: &BuildOptions) -> BuildResult {
    let failed_write = Mutex::new(None);
    match Pipeline::prepare(options, None, &failed_write) {
        Ok((pipeline, css)) => pipeline.run(css),
        Err(failed) => failed,
    }
}

/// Checks the site at `options.root`: the in-memory build of [`build_site`] without the search
/// index, which only a published site needs (every diagnostic of a build is still found).
pub fn check_site(options: &BuildOptions) -> BuildResult {
    let failed_write = Mutex::new(None);
    match Pipeline::prepare(options, None, &failed_write) {
        Ok((mut pipeline, css)) => {
            pipeline.search_index = false;
            pipeline.run(css)
        }
        Err(failed) => failed,
    }
}

/// Builds the site at `options.root` and writes it to `output`: pages are written into a staging
/// folder as they are rendered, and the folder replaces `output` only when the build has no errors
/// (the previous site survives a failed build). The returned site's `files` is empty.
pub fn build_into(options: &BuildOptions, output: &Path) -> Result<BuildResult, WriteError> {
    let staging = Staging::create(output)?;
    let failed_write = Mutex::new(None);
    let mut result = match Pipeline::prepare(options, Some(&staging), &failed_write) {
        Ok((mut pipeline, css)) => {
            pipeline.index_cache = Some(search::cache::beside(output));
            pipeline.run(css)
        }
        Err(failed) => failed,
    };
    if let Some(error) = failed_write.into_inner().unwrap_or_else(|e| e.into_inner()) {
        staging.discard();
        return Err(error);
    }
    let Some(site) = &mut result.site else {
        staging.discard();
        return Ok(result);
    };
    // What is left in memory: generated files and copies, which are few and small.
    let rest = std::mem::take(&mut site.files);
    if let Err(error) = rest.par_iter().try_for_each(|file| staging.put(file)) {
        staging.discard();
        return Err(error);
    }
    staging.commit()?;
    Ok(result)
}

impl<'a> Pipeline<'a> {
    /// Reads the config, base URL and highlight themes; a build that cannot start fails here.
    fn prepare(
        options: &'a BuildOptions,
        staging: Option<&'a Staging>,
        failed_write: &'a Mutex<Option<WriteError>>,
    ) -> Result<(Pipeline<'a>, String), BuildResult> {
        let root = options.root.as_path();
        let mut sources = Sources::default();
        let config = match read_config(root, &mut sources) {
            Ok(config) => config,
            Err(error) => return Err(BuildResult::fail(vec![error], sources)),
        };
        let raw_base = options
            .base_url
            .clone()
            .unwrap_or_else(|| config.base_url.clone());
        let urls = match SiteUrls::parse(&raw_base) {
            Ok(urls) => urls,
            Err(reason) => {
                let error = Diagnostic::error("C003", format!("invalid base URL: {reason}"));
                return Err(BuildResult::fail(vec![error], sources));
            }
        };
        let css = match highlight_css(&config, &sources) {
            Ok(css) => css,
            Err(error) => return Err(BuildResult::fail(vec![error], sources)),
        };
        let pipeline = Pipeline {
            options,
            config,
            urls,
            sources,
            diagnostics: Vec::new(),
            staging,
            failed_write,
            search_index: true,
            index_cache: None,
        };
        Ok((pipeline, css))
    }
}

/// The code stylesheet for the configured themes; an unknown name is reported at its key.
fn highlight_css(config: &SiteConfig, sources: &Sources) -> Result<String, Diagnostic> {
    let themes = &config.highlight;
    highlight::stylesheet(&themes.light_theme, &themes.dark_theme).map_err(|name| {
        let key = if name == themes.light_theme {
            "light_theme"
        } else {
            "dark_theme"
        };
        let text = sources.get(CONFIG_FILE).map_or("", |(text, _)| text);
        let span = crate::config::find_key_line(text, key);
        Diagnostic::error("C004", format!("unknown highlight theme `{name}`"))
            .at(CONFIG_FILE, span, "not a bundled theme")
            .help(format!(
                "available themes: {}",
                highlight::theme_names().join(", ")
            ))
    })
}

/// State carried through the stages of one build.
struct Pipeline<'a> {
    options: &'a BuildOptions,
    config: SiteConfig,
    urls: SiteUrls,
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    /// Where rendered pages are written as they come; `None` keeps them in memory.
    staging: Option<&'a Staging>,
    /// The first failure to write a streamed page.
    failed_write: &'a Mutex<Option<WriteError>>,
    /// Whether to build the search index (when the site has search on); `check` does not.
    search_index: bool,
    /// Where the index is kept between builds (`build_into`: beside the output folder); the
    /// social cards are cached in it too.
    index_cache: Option<PathBuf>,
}

/// A rendered page's search document (pages are always rendered as UTF-8 bytes).
fn search_document(file: &OutputFile) -> Option<search::SearchDocument> {
    match &file.contents {
        Contents::Bytes(bytes) => {
            search::SearchDocument::of_page(&file.path, std::str::from_utf8(bytes).ok()?)
        }
        _ => None,
    }
}

impl Pipeline<'_> {
    fn run(mut self, highlight_css: String) -> BuildResult {
        let root = self.options.root.clone();
        let loaded = self.load(&root);
        let (docs, broken_front) = self.parse(loaded.docs);
        let statics = static_files(&root);
        let plan = self.plan(&docs, &loaded.assets, loaded.nav.as_ref(), &statics);
        let rendered = self.render(&docs, &plan);
        self.check_anchors(&docs, &rendered);
        let titles = self.titles(&docs, &rendered, &broken_front, &plan);
        let tree = tree(&docs, &plan, &titles);
        let graph = SiteGraph::new(&docs, &plan, self.urls.clone(), rendered, titles, tree);
        let (mut files, written) = match self.render_pages(&graph) {
            Some(rendered) => rendered,
            None => return self.finish(None, &[]),
        };
        files.extend(self.extras(&graph, highlight_css));
        files.extend(self.cards(&graph));
        let static_count = statics.len();
        files.extend(copies(statics, &loaded.assets, &plan.assets));
        let summary = summarize(&graph, static_count);
        self.finish(Some((files, summary)), &written)
    }

    /// Reads `content/`; unreadable files become diagnostics (with their text, for snippets).
    fn load(&mut self, root: &Path) -> content::Content {
        let mut loaded = content::load(root);
        self.diagnostics.append(&mut loaded.diagnostics);
        for (path, text) in std::mem::take(&mut loaded.unreadable) {
            self.sources.insert(&path, text);
        }
        if let Some(nav) = &loaded.nav {
            self.sources.insert(&nav.file, nav.text.clone());
        }
        loaded
    }

    /// Gives every document its URL and builds the link index; URL clashes are diagnostics.
    fn plan(
        &mut self,
        docs: &[ParsedDoc],
        assets: &[Asset],
        nav: Option<&crate::docstrees::nav::SiteNav>,
        statics: &[StaticFile],
    ) -> site::Plan {
        let static_paths: Vec<(String, String)> = statics
            .iter()
            .map(|(p, u, _)| (p.clone(), u.clone()))
            .collect();
        let plan_options = PlanOptions {
            base_path: &self.urls.base_path,
            include_drafts: self.options.include_drafts,
            link_ignore: &self.config.links.ignore,
            static_files: &static_paths,
            generated: &GENERATED,
            nav,
        };
        let (plan, plan_errors) = site::plan(docs, assets, &plan_options);
        self.diagnostics.extend(plan_errors);
        plan
    }

    /// Parses front matter; also returns which documents had front matter errors (their missing
    /// title is a consequence, not a second mistake).
    fn parse(&mut self, docs: Vec<SourceDoc>) -> (Vec<ParsedDoc>, Vec<bool>) {
        for doc in &docs {
            self.sources.insert(&doc.path, doc.text.clone());
        }
        let parsed: Vec<(ParsedDoc, Option<Diagnostic>)> =
            docs.into_par_iter().map(frontmatter::parse_doc).collect();
        let mut out = Vec::with_capacity(parsed.len() + 1);
        let mut broken = Vec::with_capacity(parsed.len() + 1);
        // The front matter's `updated` wins; otherwise the last commit that touched the file.
        let git_dates = crate::git_dates::last_commit_dates(&self.options.root);
        for (mut doc, error) in parsed {
            broken.push(error.is_some());
            self.diagnostics.extend(error);
            if doc.front.updated.is_none() {
                doc.front.updated = git_dates.get(&doc.source.path).cloned();
            }
            out.push(doc);
        }
        if !out
            .iter()
            .any(|d| crate::docstrees::folders::is_home(&d.source))
        {
            out.push(implicit_home(&self.config, SourceId(out.len() as u32)));
            broken.push(false);
        }
        (out, broken)
    }

    fn render(&mut self, docs: &[ParsedDoc], plan: &site::Plan) -> Vec<Option<RenderedDoc>> {
        let context = RenderContext {
            config: &self.config.markdown,
            links: &plan.links,
            root: &self.options.root,
        };
        let rendered: Vec<Option<RenderedDoc>> = docs
            .par_iter()
            .map(|doc| {
                plan.placements[doc.source.id.index()].as_ref()?;
                let input = DocInput {
                    id: doc.source.id,
                    path: &doc.source.path,
                    dir: doc.source.dir(),
                    text: &doc.source.text,
                    body: doc.body.clone(),
                    wants_title: doc.front.title.is_none(),
                };
                // Streaming builds highlight each page just before writing it (see
                // `render_deferring_code`); in memory there is nothing to gain.
                Some(match self.staging {
                    Some(_) => markdown::render_deferring_code(&input, &context),
                    None => markdown::render(&input, &context),
                })
            })
            .collect();
        for doc in rendered.iter().flatten() {
            self.diagnostics.extend(doc.diagnostics.iter().cloned());
            for (path, text) in &doc.extra_sources {
                self.sources.insert(path, text.clone());
            }
        }
        rendered
    }

    fn check_anchors(&mut self, docs: &[ParsedDoc], rendered: &[Option<RenderedDoc>]) {
        self.diagnostics.extend(anchor_errors(docs, rendered));
        if crate::docstrees::links::as_warnings(&self.config, self.options) {
            crate::docstrees::links::soften(&mut self.diagnostics);
        }
    }

    fn titles(
        &mut self,
        docs: &[ParsedDoc],
        rendered: &[Option<RenderedDoc>],
        broken: &[bool],
        plan: &site::Plan,
    ) -> Vec<String> {
        let (titles, errors) = resolve_titles(docs, rendered, broken, plan.nav.as_ref());
        self.diagnostics.extend(errors);
        titles
    }

    /// Loads templates and renders every page; `None` when templates cannot load. Returns the files
    /// kept in memory and the paths of those already written into the staging folder.
    fn render_pages(&mut self, graph: &SiteGraph) -> Option<(Vec<OutputFile>, Vec<String>)> {
        let templates = match Templates::load(&self.options.root) {
            Ok(templates) => templates,
            Err((errors, sources)) => {
                self.diagnostics.extend(errors);
                self.sources.extend(sources);
                return None;
            }
        };
        self.sources.extend(templates.sources());
        self.diagnostics
            .extend(missing_templates(graph, &templates));
        let site = site_context(&self.config, &self.urls);
        let renderer = PageRenderer {
            graph,
            templates: &templates,
            site: &site,
            generator: GENERATOR,
            live_reload: self.options.live_reload,
            words_per_minute: self.config.markdown.words_per_minute,
        };
        let written = Mutex::new(Vec::new());
        // A build that already has errors is never swapped in: skip the writing and the index.
        let doomed = self
            .diagnostics
            .iter()
            .any(|d| d.is_error() || self.options.deny_warnings);
        let indexer = self.start_indexer(graph, doomed);
        let (mut files, errors) = renderer.render_each(|file| {
            if let Some(indexer) = &indexer {
                // The indexer gets each page's search document; the page itself is not kept.
                if let Some(document) = search_document(&file) {
                    indexer.add(document);
                }
            }
            match self.staging {
                None => Some(file),
                Some(staging) => {
                    if !doomed {
                        self.write_streamed(staging, &file, &written);
                    }
                    None
                }
            }
        });
        self.diagnostics.extend(errors);
        match indexer.map(search::Indexer::finish) {
            Some(Ok(index)) => files.extend(index),
            Some(Err(error)) => self.diagnostics.push(error),
            None => {}
        }
        Some((
            files,
            written.into_inner().unwrap_or_else(|e| e.into_inner()),
        ))
    }

    /// The search indexer, started before rendering so that it indexes pages as they come; `None`
    /// when search is off, for `check` (which only validates), and for a build already failing.
    fn start_indexer(&self, graph: &SiteGraph, doomed: bool) -> Option<search::Indexer> {
        if !self.config.search.enabled || !self.search_index || doomed {
            return None;
        }
        let urls = graph
            .included()
            .iter()
            .filter_map(|&id| search::page_url(&crate::templates::file_for(graph.url_path(id))))
            .collect();
        let options = search::IndexOptions {
            language: &self.config.language,
        };
        if self.config.search.writer == crate::config::SearchWriter::Infrabook {
            return Some(search::Indexer::start_ours(urls, &options));
        }
        Some(match &self.index_cache {
            Some(cache) => search::Indexer::start_cached(urls, &options, cache.clone()),
            None => search::Indexer::start(urls, &options),
        })
    }

    /// Writes one rendered page into the staging folder and notes its path (or the failure).
    fn write_streamed(&self, staging: &Staging, file: &OutputFile, written: &Mutex<Vec<String>>) {
        let lock = |m: &Mutex<Vec<String>>| {
            m.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(file.path.clone())
        };
        match staging.put(file) {
            Ok(()) => lock(written),
            Err(error) => {
                let mut failed = self.failed_write.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(error);
            }
        }
    }

    fn extras(&self, graph: &SiteGraph, highlight_css: String) -> Vec<OutputFile> {
        let site = site_context(&self.config, &self.urls);
        stages::extras(&site, &self.urls, graph, highlight_css, &self.options.root)
    }

    /// The social card of every page (none with `[social] cards = false`); `check` draws them too,
    /// in memory, so it gives the files `build` gives besides the search index. A
    /// failure to draw or cache them is an error of the build.
    fn cards(&mut self, graph: &SiteGraph) -> Vec<OutputFile> {
        if !self.config.social.cards {
            return Vec::new();
        }
        let cards = crate::cards::plan(graph, &self.config.title);
        let cache = self
            .index_cache
            .as_ref()
            .map(|c| c.join(crate::cards::CACHE_DIR));
        match crate::cards::render(&cards, cache.as_deref()) {
            Ok(files) => files,
            Err(message) => {
                self.diagnostics.push(Diagnostic::error("K001", message));
                Vec::new()
            }
        }
    }

    /// `written`: paths already in the staging folder, which come before every file in `built`.
    fn finish(
        mut self,
        built: Option<(Vec<OutputFile>, Summary)>,
        written: &[String],
    ) -> BuildResult {
        let built = built.map(|(files, summary)| (self.without_shadowed(files, written), summary));
        if self.options.deny_warnings {
            for diagnostic in self.diagnostics.iter_mut().filter(|d| !d.is_note()) {
                diagnostic.severity = diagnostics::Severity::Error;
            }
        }
        diagnostics::sort(&mut self.diagnostics);
        self.diagnostics.dedup();
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let warnings = self.diagnostics.iter().filter(|d| !d.is_note()).count();
        let site = built.filter(|_| !has_errors).map(|(files, mut summary)| {
            summary.warnings = warnings;
            SiteOutput {
                files,
                summary,
                base_path: self.urls.base_path.clone(),
            }
        });
        BuildResult {
            site,
            diagnostics: self.diagnostics,
            sources: self.sources,
        }
    }
}

impl Pipeline<'_> {
    /// Sorts files by path and keeps the first of each path: pages and generated files come before
    /// copies, so they win; each copied file that loses is a warning. Paths in `written` (pages
    /// already streamed to disk) come first of all.
    fn without_shadowed(
        &mut self,
        mut files: Vec<OutputFile>,
        written: &[String],
    ) -> Vec<OutputFile> {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let written: std::collections::HashSet<&str> = written.iter().map(String::as_str).collect();
        let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
        for file in files {
            let shadowed = written.contains(file.path.as_str())
                || kept
                    .last()
                    .is_some_and(|previous| previous.path == file.path);
            match (&file.contents, shadowed) {
                (_, false) => kept.push(file),
                (Contents::Copy(from), true) => {
                    let shown = from.strip_prefix(&self.options.root).unwrap_or(from);
                    self.diagnostics.push(Diagnostic::warning(
                        "S001",
                        format!(
                            "`{}` is not copied: the site already has `{}`",
                            shown.display(),
                            file.path
                        ),
                    ));
                }
                (_, true) => {}
            }
        }
        kept
    }
}
