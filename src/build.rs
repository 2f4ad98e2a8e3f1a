//! Build orchestration: runs the stages in order over one site and collects every diagnostic.
//!
//! [`build_site`] produces the whole site in memory (used by `check` and `serve`); [`build_into`]
//! writes each page into a staging folder on the thread that rendered it and swaps the folder in
//! for the output when the build has no errors, so a large site is never held in memory whole.
//! Both give the same files: the same input gives byte-identical output.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, SiteConfig, SiteUrls};
use crate::content::{self, DocKind, SourceDoc, SourceId};
use crate::diagnostics::{self, Diagnostic, Sources};
use crate::frontmatter::{self, FrontMatter, ParsedDoc};
use crate::markdown::{self, DocInput, RenderContext, RenderedDoc};
use crate::output::{self, Contents, OutputFile, Staging, WriteError};
use crate::site::{self, PlanOptions, SiteGraph, Tree, paths, tree::DocMeta};
use crate::templates::{PageRenderer, Templates, context::SiteContext, template_for};
use crate::{embedded, highlight, search};

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

/// Files under `static/` as (root-relative path, URL path, file), plus the default theme's files the
/// site does not override. A site with its own `templates/base.html` has its own theme, so it gets
/// none of the default theme's files.
fn static_files(root: &Path) -> Vec<(String, String, Contents)> {
    let dir = root.join(STATIC_DIR);
    let mut files: Vec<(String, String, Contents)> = Vec::new();
    if dir.is_dir() {
        let walk = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok);
        for entry in walk.filter(|e| e.file_type().is_file()) {
            let url = content::relative_name(&dir, entry.path());
            files.push((
                format!("{STATIC_DIR}/{url}"),
                url,
                Contents::Copy(entry.into_path()),
            ));
        }
    }
    let own_theme = root
        .join(crate::templates::TEMPLATES_DIR)
        .join("base.html")
        .is_file();
    let defaults = if own_theme {
        Vec::new()
    } else {
        embedded::static_files()
    };
    for (url, bytes) in defaults {
        if !files.iter().any(|(_, u, _)| *u == url) {
            files.push((
                format!("{STATIC_DIR}/{url}"),
                url,
                Contents::Embedded(bytes),
            ));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
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
        Ok((pipeline, css)) => pipeline.run(css),
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
        let loaded = content::load(&root);
        self.diagnostics.extend(loaded.diagnostics);
        for (path, text) in loaded.unreadable {
            self.sources.insert(&path, text);
        }
        let (docs, broken_front) = self.parse(loaded.docs);
        let statics = static_files(&root);
        let static_paths: Vec<(String, String)> = statics
            .iter()
            .map(|(p, u, _)| (p.clone(), u.clone()))
            .collect();
        let generated = ["sitemap.xml", "robots.txt", "404.html", HIGHLIGHT_CSS];
        let plan_options = PlanOptions {
            base_path: &self.urls.base_path,
            include_drafts: self.options.include_drafts,
            link_ignore: &self.config.links.ignore,
            static_files: &static_paths,
            generated: &generated,
        };
        let (plan, plan_errors) = site::plan(&docs, &loaded.assets, &plan_options);
        self.diagnostics.extend(plan_errors);
        let rendered = self.render(&docs, &plan);
        self.check_anchors(&docs, &rendered);
        let titles = self.titles(&docs, &rendered, &broken_front);
        let tree = tree(&docs, &plan, &titles);
        let graph = SiteGraph {
            docs: &docs,
            placements: &plan.placements,
            rendered,
            titles,
            tree,
            links: &plan.links,
            urls: self.urls.clone(),
        };
        let (mut files, written) = match self.render_pages(&graph) {
            Some(rendered) => rendered,
            None => return self.finish(None, &[]),
        };
        files.extend(self.extras(&graph, highlight_css));
        let static_count = statics.len();
        let mut copies: Vec<OutputFile> = statics
            .into_iter()
            .map(|(_, url, contents)| OutputFile {
                path: url,
                contents,
            })
            .collect();
        let asset_files: std::collections::HashMap<&str, &PathBuf> = loaded
            .assets
            .iter()
            .map(|a| (a.path.as_str(), &a.file))
            .collect();
        for (source, url) in &plan.assets {
            if let Some(file) = asset_files.get(source.as_str()) {
                copies.push(OutputFile {
                    path: url.clone(),
                    contents: Contents::Copy((*file).clone()),
                });
            }
        }
        files.extend(copies);
        let summary = summarize(&graph, static_count);
        self.finish(Some((files, summary)), &written)
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
        for (doc, error) in parsed {
            broken.push(error.is_some());
            self.diagnostics.extend(error);
            out.push(doc);
        }
        if !out.iter().any(|d| d.source.path == "content/_index.md") {
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
        for (doc, result) in docs.iter().zip(rendered) {
            let Some(result) = result else { continue };
            for link in &result.anchor_links {
                let Some(Some(target)) = rendered.get(link.target.index()) else {
                    continue;
                };
                if target.anchors.contains(&link.anchor) {
                    continue;
                }
                let target_path = &docs[link.target.index()].source.path;
                let suggestion =
                    paths::closest(&link.anchor, target.anchors.iter().map(String::as_str));
                let label = match suggestion {
                    Some(s) => {
                        format!("no heading with this id in `{target_path}` (did you mean `#{s}`?)")
                    }
                    None => format!("no heading with this id in `{target_path}`"),
                };
                let error = Diagnostic::error("L002", format!("broken anchor `#{}`", link.anchor))
                    .at(&doc.source.path, link.span.clone(), label);
                self.diagnostics.push(error);
            }
        }
    }

    fn titles(
        &mut self,
        docs: &[ParsedDoc],
        rendered: &[Option<RenderedDoc>],
        broken: &[bool],
    ) -> Vec<String> {
        let mut titles = Vec::with_capacity(docs.len());
        for ((doc, result), broken) in docs.iter().zip(rendered).zip(broken) {
            let title = doc
                .front
                .title
                .clone()
                .or_else(|| result.as_ref()?.title_from_heading.clone());
            if title.is_none() && result.is_some() && !broken {
                let error = Diagnostic::error("P001", "page has no title")
                    .at(&doc.source.path, doc.body.start..doc.body.start, "no `title` and no `# heading`")
                    .help("add `title = \"...\"` to the front matter, or start the page with a `# Heading`");
                self.diagnostics.push(error);
            }
            titles.push(title.unwrap_or_default());
        }
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
        let mut missing = false;
        for &id in graph.included() {
            let name = template_for(graph, id);
            if !templates.has(&name) {
                missing = true;
                let doc = &graph.docs[id.index()];
                let span = crate::config::find_key_line(&doc.source.text, "template");
                self.diagnostics.push(
                    Diagnostic::error("T001", format!("template `{name}` not found"))
                        .at(&doc.source.path, span, "asked for here")
                        .help("put it in templates/ or remove the `template` field"),
                );
            }
        }
        if missing {
            return None;
        }
        let site = SiteContext {
            title: self.config.title.clone(),
            description: self.config.description.clone(),
            language: self.config.language.clone(),
            base_url: self.urls.base_url.clone(),
            base_path: self.urls.base_path.clone(),
            search: self.config.search.enabled,
        };
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
        Some(search::Indexer::start(urls, &options))
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
        let mut files = vec![
            OutputFile::bytes(".nojekyll".into(), Vec::new()),
            OutputFile::bytes(HIGHLIGHT_CSS.into(), highlight_css.into_bytes()),
            OutputFile::bytes(
                "robots.txt".into(),
                output::robots_txt(&self.urls.base_url).into_bytes(),
            ),
        ];
        let mut entries: Vec<(String, Option<String>)> = graph
            .included()
            .iter()
            .map(|&id| {
                let front = &graph.docs[id.index()].front;
                (
                    graph.permalink(id),
                    front.updated.clone().or_else(|| front.date.clone()),
                )
            })
            .collect();
        entries.sort();
        files.push(OutputFile::bytes(
            "sitemap.xml".into(),
            output::sitemap_xml(&entries).into_bytes(),
        ));
        for &id in graph.included() {
            for alias in &graph.docs[id.index()].front.aliases {
                let path = crate::templates::file_for(&site::alias_path(alias));
                files.push(OutputFile::bytes(
                    path,
                    output::alias_page(&graph.href(id)).into_bytes(),
                ));
            }
        }
        files
    }

    /// `written`: paths already in the staging folder, which come before every file in `built`.
    fn finish(
        mut self,
        built: Option<(Vec<OutputFile>, Summary)>,
        written: &[String],
    ) -> BuildResult {
        let built = built.map(|(files, summary)| (self.without_shadowed(files, written), summary));
        if self.options.deny_warnings {
            for diagnostic in &mut self.diagnostics {
                diagnostic.severity = diagnostics::Severity::Error;
            }
        }
        diagnostics::sort(&mut self.diagnostics);
        self.diagnostics.dedup();
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let warnings = self.diagnostics.len();
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

fn tree(docs: &[ParsedDoc], plan: &site::Plan, titles: &[String]) -> Tree {
    let metas: Vec<Option<DocMeta>> = docs
        .iter()
        .map(|doc| {
            let placement = plan.placements[doc.source.id.index()].as_ref()?;
            Some(DocMeta {
                parent: placement.parent,
                is_section: doc.source.kind == DocKind::Section,
                weight: doc.front.weight,
                title: titles[doc.source.id.index()].clone(),
                path: doc.source.path.clone(),
            })
        })
        .collect();
    let home = docs
        .iter()
        .find(|d| d.source.path == "content/_index.md")
        .map(|d| d.source.id);
    Tree::new(&metas, home)
}

fn summarize(graph: &SiteGraph, static_files: usize) -> Summary {
    let sections = graph
        .included()
        .iter()
        .filter(|id| graph.is_section(**id))
        .count();
    Summary {
        pages: graph.included().len() - sections,
        sections,
        static_files,
        warnings: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `dir`, as (path relative to `dir`, bytes), sorted.
    fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let bytes = std::fs::read(e.path()).expect("readable output");
                (content::relative_name(dir, e.path()), bytes)
            })
            .collect();
        files.retain(|(path, _)| path != output::MARKER);
        files
    }

    fn assert_streamed_equals_in_memory(root: &Path) {
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let in_memory = build_site(&options).site.expect("site builds");
        let expected: Vec<(String, Vec<u8>)> = in_memory
            .files
            .iter()
            .map(|f| (f.path.clone(), f.read().expect("readable file")))
            .collect();
        let out = tempfile::tempdir().expect("temp dir");
        let public = out.path().join("public");
        let streamed = build_into(&options, &public).expect("writes");
        let site = streamed.site.expect("site builds");
        assert!(site.files.is_empty(), "streamed files are not kept");
        assert_eq!(site.summary, in_memory.summary);
        let written = files_in(&public);
        let paths =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&written), paths(&expected));
        for ((path, bytes), (_, want)) in written.iter().zip(&expected) {
            assert!(
                bytes == want,
                "`{path}` differs between build_into and build_site"
            );
        }
    }

    #[test]
    fn streamed_build_writes_the_same_bytes_as_the_in_memory_build() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_streamed_equals_in_memory(&manifest.join("tests/fixtures/sites/features"));
        // The handbook: diagrams, admonitions, code in lists and tables.
        assert_streamed_equals_in_memory(manifest);
    }

    #[test]
    fn a_build_with_errors_leaves_the_previous_output_alone() {
        let site = tempfile::tempdir().expect("temp dir");
        std::fs::write(site.path().join(CONFIG_FILE), "title = \"T\"\n").expect("config");
        let content = site.path().join("content");
        std::fs::create_dir_all(&content).expect("content");
        std::fs::write(
            content.join("a.md"),
            "+++\ntitle = \"A\"\n+++\n[x](missing.md)\n",
        )
        .expect("page");
        let public = site.path().join("public");
        std::fs::create_dir_all(&public).expect("public");
        std::fs::write(public.join("old.html"), "old").expect("old file");
        let options = BuildOptions {
            root: site.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let result = build_into(&options, &public).expect("no I/O failure");
        assert!(result.has_errors() && result.site.is_none());
        assert_eq!(
            files_in(&public),
            [("old.html".to_string(), b"old".to_vec())]
        );
        let leftovers: Vec<_> = std::fs::read_dir(site.path())
            .expect("site dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    }
}
