//! Build orchestration: runs the stages in order over one site and collects every diagnostic.
//!
//! [`build_site`] produces the whole site in memory (used by `build`, `check` and `serve`); nothing is
//! written here. The result is deterministic: the same input gives the same files in the same order.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, SiteConfig, SiteUrls};
use crate::content::{self, DocKind, SourceDoc, SourceId};
use crate::diagnostics::{self, Diagnostic, Sources};
use crate::frontmatter::{self, FrontMatter, ParsedDoc};
use crate::markdown::{self, DocInput, RenderContext, RenderedDoc};
use crate::output::{self, Contents, OutputFile};
use crate::site::{self, PlanOptions, SiteGraph, Tree, paths, tree::DocMeta};
use crate::templates::{PageRenderer, Templates, context::SiteContext, template_for};
use crate::{embedded, highlight};

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
    /// Sorted by path.
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
    let root = options.root.as_path();
    let mut sources = Sources::default();
    let config = match read_config(root, &mut sources) {
        Ok(config) => config,
        Err(error) => return BuildResult::fail(vec![error], sources),
    };
    let raw_base = options
        .base_url
        .clone()
        .unwrap_or_else(|| config.base_url.clone());
    let urls = match SiteUrls::parse(&raw_base) {
        Ok(urls) => urls,
        Err(reason) => {
            return BuildResult::fail(
                vec![Diagnostic::error(
                    "C003",
                    format!("invalid base URL: {reason}"),
                )],
                sources,
            );
        }
    };
    let css = match highlight_css(&config, &sources) {
        Ok(css) => css,
        Err(error) => return BuildResult::fail(vec![error], sources),
    };
    Pipeline {
        options,
        config,
        urls,
        sources,
        diagnostics: Vec::new(),
    }
    .run(css)
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
        let mut files = match self.render_pages(&graph) {
            Some(files) => files,
            None => return self.finish(None),
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
        self.finish(Some((files, summary)))
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
                Some(markdown::render(&input, &context))
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

    /// Loads templates and renders every page; `None` when templates cannot load.
    fn render_pages(&mut self, graph: &SiteGraph) -> Option<Vec<OutputFile>> {
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
        };
        let renderer = PageRenderer {
            graph,
            templates: &templates,
            site: &site,
            generator: GENERATOR,
            live_reload: self.options.live_reload,
            words_per_minute: self.config.markdown.words_per_minute,
        };
        let (files, errors) = renderer.render_all();
        self.diagnostics.extend(errors);
        Some(files)
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

    fn finish(mut self, built: Option<(Vec<OutputFile>, Summary)>) -> BuildResult {
        let built = built.map(|(files, summary)| (self.without_shadowed(files), summary));
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
    /// copies, so they win; each copied file that loses is a warning.
    fn without_shadowed(&mut self, mut files: Vec<OutputFile>) -> Vec<OutputFile> {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
        for file in files {
            match kept.last() {
                Some(previous) if previous.path == file.path => {
                    if let Contents::Copy(from) = &file.contents {
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
                }
                _ => kept.push(file),
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
