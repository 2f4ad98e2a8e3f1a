//! The templates stage proper: the [`SiteGraph`] in, one HTML [`OutputFile`] per page, section and
//! 404 out. Pages render in parallel; results come back in reading order.

use rayon::prelude::*;

use super::Templates;
use super::context::{
    Common, LinkContext, NotFoundTemplate, PageContext, PageTemplate, SectionContext,
    SectionTemplate, SiteContext, SocialContext, SummaryContext, TagContext, TagsTemplate,
};
use super::nav::NavLabels;
use super::sidebar;
use crate::content::SourceId;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::site::SiteGraph;

/// The template of the tag index and tag pages.
const TAGS_TEMPLATE: &str = "tags.html";

pub struct PageRenderer<'a> {
    pub graph: &'a SiteGraph<'a>,
    pub templates: &'a Templates,
    pub site: &'a SiteContext,
    pub generator: &'a str,
    pub live_reload: bool,
    pub words_per_minute: u32,
}

/// The template a document asks for when the site has it, else its kind's default: a tree copied
/// from Zola or MkDocs names its theme's templates, which the site does not have (warning W001,
/// `build::stages::missing_templates`).
pub fn template_for(graph: &SiteGraph, id: SourceId, templates: &Templates) -> String {
    let doc = &graph.docs[id.index()];
    match &doc.front.template {
        Some(name) if templates.has(name) => name.clone(),
        _ => default_template_for(graph, id),
    }
}

/// The template of a document that names none: home, section or page.
pub fn default_template_for(graph: &SiteGraph, id: SourceId) -> String {
    match (graph.is_section(id), Some(id) == graph.tree.home) {
        (_, true) => "index.html".to_string(),
        (true, false) => "section.html".to_string(),
        (false, false) => "page.html".to_string(),
    }
}

/// `dns/records/` -> `dns/records/index.html`.
pub fn file_for(url_path: &str) -> String {
    if url_path.is_empty() || url_path.ends_with('/') {
        format!("{url_path}index.html")
    } else {
        url_path.to_string()
    }
}

impl PageRenderer<'_> {
    /// Renders every included document; errors are collected, not fatal to the others.
    pub fn render_all(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        self.render_each(Some)
    }

    /// Renders every included document and hands each file to `keep` on the thread that rendered
    /// it, as soon as it is rendered; the files `keep` gives back are returned in reading order.
    /// A caller that writes each file and returns `None` never holds the whole site in memory.
    pub fn render_each<F>(&self, keep: F) -> (Vec<OutputFile>, Vec<Diagnostic>)
    where
        F: Fn(OutputFile) -> Option<OutputFile> + Sync,
    {
        let labels = self.nav_labels();
        // Pages are taken in reading order by whichever thread is free (`par_bridge`), not split
        // into halves per thread (`par_iter`): the search index merges pages in reading order,
        // and with halves every page of the second half waited in memory for the first.
        let mut results: Vec<(usize, Result<Option<OutputFile>, Diagnostic>)> = self
            .graph
            .included()
            .iter()
            .enumerate()
            .par_bridge()
            .map(|(at, id)| (at, self.render_one(*id, &labels).map(&keep)))
            .collect();
        results.sort_unstable_by_key(|(at, _)| *at);
        let mut files = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for (_, result) in results {
            match result {
                Ok(file) => files.extend(file),
                Err(error) => errors.push(error),
            }
        }
        match self.not_found() {
            Ok(file) => files.extend(keep(file)),
            Err(error) => errors.push(error),
        }
        match self.tag_pages() {
            Ok(pages) => files.extend(pages.into_iter().filter_map(&keep)),
            Err(error) => errors.push(error),
        }
        (files, errors)
    }

    /// The sidebar labels, escaped once for every page of this render.
    pub fn nav_labels(&self) -> NavLabels {
        NavLabels::new(self.graph)
    }

    /// Renders one document; `labels` from [`PageRenderer::nav_labels`].
    pub fn render_one(&self, id: SourceId, labels: &NavLabels) -> Result<OutputFile, Diagnostic> {
        let graph = self.graph;
        let template = template_for(graph, id, self.templates);
        let path = &graph.docs[id.index()].source.path;
        let html = if graph.is_section(id) {
            let context = self.section_context(id, &template, labels);
            self.templates.render(&template, &context, path)?
        } else {
            let context = self.page_context(id, &template, labels);
            self.templates.render(&template, &context, path)?
        };
        Ok(OutputFile::bytes(
            file_for(graph.url_path(id)),
            html.into_bytes(),
        ))
    }

    pub fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let nav = self.nav(None);
        let common = Common {
            site: self.site,
            nav_html: sidebar::nav_html(&nav),
            nav: Some(nav),
            breadcrumbs: Vec::new(),
            live_reload: self.live_reload,
            generator: self.generator,
        };
        let context = NotFoundTemplate {
            common,
            social: SocialContext {
                title: "Page not found".to_string(),
                description: format!(
                    "The page you asked for does not exist on {}.",
                    self.site.title
                ),
                permalink: String::new(),
                card: format!("{}{}", self.site.base_url, crate::cards::NOT_FOUND),
            },
        };
        let html = self.templates.render("404.html", &context, "404.html")?;
        Ok(OutputFile::bytes("404.html".to_string(), html.into_bytes()))
    }

    /// The tag index (`tags/`) and one page per tag, with `tags.html`; none when the site has no
    /// tags or its theme has no such template.
    pub fn tag_pages(&self) -> Result<Vec<OutputFile>, Diagnostic> {
        let tags = crate::site::tags::collect(self.graph);
        if tags.is_empty() || !self.templates.has(TAGS_TEMPLATE) {
            return Ok(Vec::new());
        }
        let contexts: Vec<TagContext> = tags
            .iter()
            .map(|tag| TagContext {
                name: tag.name.clone(),
                url: self.graph.links.href(&tag.url_path, None),
                pages: tag.pages.iter().map(|&id| self.summary(id)).collect(),
            })
            .collect();
        let nav = self.nav(None);
        let common = Common {
            site: self.site,
            nav_html: sidebar::nav_html(&nav),
            nav: Some(nav),
            breadcrumbs: Vec::new(),
            live_reload: self.live_reload,
            generator: self.generator,
        };
        let pages = std::iter::once((crate::site::tags::TAGS_DIR.to_string(), None)).chain(
            tags.iter()
                .zip(&contexts)
                .map(|(t, c)| (t.url_path.clone(), Some(c))),
        );
        let mut files = Vec::new();
        for (url_path, tag) in pages {
            let context = TagsTemplate {
                common: common.clone(),
                tags: &contexts,
                tag,
                social: self.tag_social(&url_path, tag),
            };
            let html = self
                .templates
                .render(TAGS_TEMPLATE, &context, TAGS_TEMPLATE)?;
            files.push(OutputFile::bytes(file_for(&url_path), html.into_bytes()));
        }
        Ok(files)
    }

    /// The link preview of the tag index (`tag` = `None`) or a tag's page at `url_path`.
    fn tag_social(&self, url_path: &str, tag: Option<&TagContext>) -> SocialContext {
        let site = &self.site.title;
        let (title, description) = match tag {
            Some(tag) => (
                format!("Tagged “{}”", tag.name),
                format!("Pages of {site} tagged {}.", tag.name),
            ),
            None => ("Tags".to_string(), format!("Every tag used on {site}.")),
        };
        let permalink = format!("{}{url_path}", self.site.base_url);
        SocialContext {
            title,
            description,
            card: format!("{permalink}card.png"),
            permalink,
        }
    }

    fn summary(&self, id: SourceId) -> SummaryContext {
        SummaryContext {
            title: self.graph.title(id).to_string(),
            url: self.graph.href(id),
            description: self.graph.docs[id.index()]
                .front
                .description
                .clone()
                .unwrap_or_default(),
        }
    }

    /// The variables every template gets, for document `id` rendered with `template`.
    fn common(&self, id: SourceId, template: &str, labels: &NavLabels) -> Common<'_> {
        let breadcrumbs = self
            .graph
            .tree
            .ancestors(id)
            .into_iter()
            .map(|a| self.link(a))
            .collect();
        Common {
            site: self.site,
            nav_html: self.nav_html(id, labels),
            nav: self
                .templates
                .reads_nav(template)
                .then(|| self.nav(Some(id))),
            breadcrumbs,
            live_reload: self.live_reload,
            generator: self.generator,
        }
    }

    fn link(&self, id: SourceId) -> LinkContext {
        LinkContext {
            title: self.graph.title(id).to_string(),
            url: self.graph.href(id),
        }
    }

    fn page_context(&self, id: SourceId, template: &str, labels: &NavLabels) -> PageTemplate<'_> {
        let graph = self.graph;
        let doc = &graph.docs[id.index()];
        let rendered = graph.rendered[id.index()].as_ref();
        let word_count = rendered.map_or(0, |r| r.word_count);
        let per_minute = self.words_per_minute.max(1) as usize;
        let page = PageContext {
            title: graph.title(id).to_string(),
            description: doc.front.description.clone().unwrap_or_default(),
            url: graph.href(id),
            permalink: graph.permalink(id),
            content: rendered
                .map(|r| r.full_html().into_owned())
                .unwrap_or_default(),
            toc: rendered.map(|r| r.toc.clone()).unwrap_or_default(),
            word_count,
            reading_time: word_count.div_ceil(per_minute).max(1),
            date: doc.front.date.clone(),
            updated: doc.front.updated.clone(),
            tags: doc.front.tags.clone(),
            tag_links: doc
                .front
                .tags
                .iter()
                .map(|name| LinkContext {
                    title: name.clone(),
                    url: graph.links.href(&crate::site::tags::url_path(name), None),
                })
                .collect(),
            source_path: doc.source.path.clone(),
            extra: doc.front.extra.clone(),
        };
        PageTemplate {
            common: self.common(id, template, labels),
            page,
            prev: graph.tree.prev(id).map(|p| self.link(p)),
            next: graph.tree.next(id).map(|n| self.link(n)),
        }
    }

    fn section_context(
        &self,
        id: SourceId,
        template: &str,
        labels: &NavLabels,
    ) -> SectionTemplate<'_> {
        let graph = self.graph;
        let doc = &graph.docs[id.index()];
        let rendered = graph.rendered[id.index()].as_ref();
        let summary = |child: &SourceId| SummaryContext {
            title: graph.title(*child).to_string(),
            url: graph.href(*child),
            description: graph.docs[child.index()]
                .front
                .description
                .clone()
                .unwrap_or_default(),
        };
        let children = &graph.tree.children[id.index()];
        let section = SectionContext {
            title: graph.title(id).to_string(),
            description: doc.front.description.clone().unwrap_or_default(),
            url: graph.href(id),
            permalink: graph.permalink(id),
            content: rendered
                .map(|r| r.full_html().into_owned())
                .unwrap_or_default(),
            toc: rendered.map(|r| r.toc.clone()).unwrap_or_default(),
            pages: children
                .iter()
                .filter(|c| !graph.is_section(**c))
                .map(summary)
                .collect(),
            subsections: children
                .iter()
                .filter(|c| graph.is_section(**c))
                .map(summary)
                .collect(),
            // The home section made up for a site without `content/_index.md` has no text.
            source_path: (!doc.source.text.is_empty()).then(|| doc.source.path.clone()),
            extra: doc.front.extra.clone(),
        };
        SectionTemplate {
            common: self.common(id, template, labels),
            section,
            prev: graph.tree.prev(id).map(|p| self.link(p)),
            next: graph.tree.next(id).map(|n| self.link(n)),
        }
    }
}
