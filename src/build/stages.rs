//! The build's pure steps that need no pipeline state, shared by [`super::build_site`],
//! [`super::build_into`] and the incremental serve build: the static files, anchor checks, titles,
//! template checks, the section tree, the copies and the summary.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{HIGHLIGHT_CSS, STATIC_DIR, Summary};
use crate::config::{SiteConfig, SiteUrls};
use crate::content::{self, Asset, DocKind, SourceId};
use crate::diagnostics::Diagnostic;
use crate::embedded;
use crate::frontmatter::ParsedDoc;
use crate::markdown::RenderedDoc;
use crate::output::{self, Contents, OutputFile};
use crate::site::{self, SiteGraph, Tree, paths, tree::DocMeta};
use crate::templates::{Templates, context::SiteContext};

/// A file to copy: (root-relative source path, URL path, contents).
pub(super) type StaticFile = (String, String, Contents);

/// Files under `static/` as (root-relative path, URL path, file), plus the default theme's files the
/// site does not override. A site with its own `templates/base.html` has its own theme, so it gets
/// none of the default theme's files.
pub(super) fn static_files(root: &Path) -> Vec<StaticFile> {
    let dir = root.join(STATIC_DIR);
    let mut files: Vec<StaticFile> = Vec::new();
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

/// The files copied as they are: `static/` (and the default theme's) files, then the content
/// files placed next to their pages.
pub(super) fn copies(
    statics: Vec<StaticFile>,
    assets: &[Asset],
    placed: &[(String, String)],
) -> Vec<OutputFile> {
    let mut copies: Vec<OutputFile> = statics
        .into_iter()
        .map(|(_, url, contents)| OutputFile {
            path: url,
            contents,
        })
        .collect();
    let asset_files: HashMap<&str, &PathBuf> =
        assets.iter().map(|a| (a.path.as_str(), &a.file)).collect();
    for (source, url) in placed {
        if let Some(file) = asset_files.get(source.as_str()) {
            copies.push(OutputFile {
                path: url.clone(),
                contents: Contents::Copy((*file).clone()),
            });
        }
    }
    copies
}

/// `#anchor` links whose target page has no such id (L002), in document order.
pub(super) fn anchor_errors(
    docs: &[ParsedDoc],
    rendered: &[Option<RenderedDoc>],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
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
            let error = Diagnostic::error("L002", format!("broken anchor `#{}`", link.anchor)).at(
                &doc.source.path,
                link.span.clone(),
                label,
            );
            errors.push(error);
        }
    }
    errors
}

/// Each document's title (front matter, else its first heading, else the title the tree's
/// navigation gives it, as mdBook and MkDocs do) and a P001 error for each rendered page that has
/// none.
pub(super) fn resolve_titles(
    docs: &[ParsedDoc],
    rendered: &[Option<RenderedDoc>],
    broken: &[bool],
    nav: Option<&crate::docstrees::arrange::NavArrangement>,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut titles = Vec::with_capacity(docs.len());
    let mut errors = Vec::new();
    for ((doc, result), broken) in docs.iter().zip(rendered).zip(broken) {
        let nav_title = || nav?.titles.get(doc.source.id.index())?.clone();
        let title = doc
            .front
            .title
            .clone()
            .or_else(|| result.as_ref()?.title_from_heading.clone())
            .or_else(nav_title)
            .or_else(|| untitled_section_title(&doc.source.path));
        if title.is_none() && result.is_some() && !broken {
            let error = Diagnostic::error("P001", "page has no title")
                .at(&doc.source.path, doc.body.start..doc.body.start, "no `title` and no `# heading`")
                .help("add `title = \"...\"` to the front matter, or start the page with a `# Heading`");
            errors.push(error);
        }
        titles.push(title.unwrap_or_default());
    }
    (titles, errors)
}

/// A section's `_index.md` without a title (Zola allows it, e.g. one that only redirects) is
/// titled after its folder; the root one is not.
fn untitled_section_title(path: &str) -> Option<String> {
    let folder = path.strip_suffix("/_index.md")?;
    let name = folder.rsplit('/').next()?;
    (folder != "content").then(|| crate::docstrees::folders::title_from_folder(name))
}

/// One W001 warning per template name that front matter asks for and the site does not have,
/// placed at the first document that names it and counting the others. Those documents use their
/// kind's default template ([`crate::templates::template_for`]): a docs tree copied from Zola or MkDocs names its
/// theme's templates (Zola's docs: `theme.html` on 128 pages), and a warning per page would bury
/// the rest of the report.
pub(super) fn missing_templates(graph: &SiteGraph, templates: &Templates) -> Vec<Diagnostic> {
    // Name -> the documents naming it, in reading order; sorted by name for a stable report.
    let mut missing: BTreeMap<&str, Vec<SourceId>> = BTreeMap::new();
    for &id in graph.included() {
        let named = graph.docs[id.index()].front.template.as_deref();
        if let Some(name) = named.filter(|name| !templates.has(name)) {
            missing.entry(name).or_default().push(id);
        }
    }
    missing
        .into_iter()
        .map(|(name, ids)| {
            let first = &graph.docs[ids[0].index()];
            let span = crate::config::find_key_line(&first.source.text, "template");
            let count = ids.len();
            let pages = if count == 1 { "page uses" } else { "pages use" };
            let label = match count - 1 {
                0 => "asked for here".to_string(),
                1 => "asked for here and by 1 other page".to_string(),
                others => format!("asked for here and by {others} other pages"),
            };
            Diagnostic::warning(
                "W001",
                format!(
                    "template `{name}` not found: {count} {pages} the default template instead"
                ),
            )
            .at(&first.source.path, span, label)
            .help(format!(
                "add templates/{name} or remove the `template` field; a Zola or MkDocs theme's own \
                 templates do not carry over (they call that tool's functions)"
            ))
        })
        .collect()
}

/// What every template sees of the site.
pub(super) fn site_context(config: &SiteConfig, urls: &SiteUrls) -> SiteContext {
    SiteContext {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: urls.base_url.clone(),
        base_path: urls.base_path.clone(),
        search: config.search.enabled,
        edit_url: config.edit_url.clone(),
        cards: config.social.cards,
    }
}

pub(super) fn tree(docs: &[ParsedDoc], plan: &site::Plan, titles: &[String]) -> Tree {
    let mut metas: Vec<Option<DocMeta>> = docs
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
    crate::docstrees::sort_by::apply(&mut metas, docs, &plan.placements);
    let home = docs
        .iter()
        .find(|d| crate::docstrees::folders::is_home(&d.source))
        .map(|d| d.source.id);
    match &plan.nav {
        Some(nav) => {
            crate::docstrees::arrange::apply(&mut metas, nav);
            let mut tree = Tree::new(&metas, home);
            tree.nav = Some(nav.clone());
            tree
        }
        None => Tree::new(&metas, home),
    }
}

pub(super) fn summarize(graph: &SiteGraph, static_files: usize) -> Summary {
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

/// The Atom feed of the pages with a `date` or `updated`.
fn feed(site: &SiteContext, graph: &SiteGraph) -> OutputFile {
    let entries = graph
        .included()
        .iter()
        .filter_map(|&id| {
            let front = &graph.docs[id.index()].front;
            let published = front.date.as_deref().map(output::feed::date_time);
            let updated = front
                .updated
                .as_deref()
                .map(output::feed::date_time)
                .or_else(|| published.clone())?;
            Some(output::feed::FeedEntry {
                title: graph.title(id).to_string(),
                permalink: graph.permalink(id),
                summary: front.description.clone().unwrap_or_default(),
                published,
                updated,
                tags: front.tags.clone(),
            })
        })
        .collect();
    let about = output::feed::FeedSite {
        title: &site.title,
        description: &site.description,
        base_url: &site.base_url,
    };
    OutputFile::bytes(
        "atom.xml".into(),
        output::feed::atom_xml(&about, entries).into_bytes(),
    )
}

/// The files every build generates: `.nojekyll`, the code stylesheet, `robots.txt`, the sitemap,
/// the Atom feed and one redirect page per alias.
pub(super) fn extras(
    site: &SiteContext,
    urls: &SiteUrls,
    graph: &SiteGraph,
    highlight_css: String,
    root: &Path,
) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::bytes(".nojekyll".into(), Vec::new()),
        OutputFile::bytes(
            HIGHLIGHT_CSS.into(),
            output::minify::css(&highlight_css).into_bytes(),
        ),
        OutputFile::bytes(
            "robots.txt".into(),
            output::robots_txt(&urls.base_url).into_bytes(),
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
    files.push(feed(site, graph));
    files.extend(super::llms::files(site, graph, root));
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
