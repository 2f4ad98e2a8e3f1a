//! `llms.txt` and each page's Markdown next to its HTML (`dns/records/index.md`): the site's side of
//! [`output::llms`], which says what a page's links and diagrams become.

use std::path::Path;

use crate::content::SourceId;
use crate::diagram;
use crate::markdown::{self, DocInput};
use crate::output::{self, OutputFile};
use crate::site::{SiteGraph, Target, paths};
use crate::templates::context::SiteContext;

/// Root-relative URL path of a page's Markdown (`dns/records/index.md`).
fn md_path(graph: &SiteGraph, id: SourceId) -> String {
    format!("{}index.md", graph.url_path(id))
}

/// What one page's Markdown points at, as seen from its folder.
struct PageSite<'g, 'a> {
    graph: &'g SiteGraph<'a>,
    root: &'g Path,
    /// Root-relative folder of the page's source (`content/dns`).
    dir: &'g str,
}

impl output::llms::MarkdownSite for PageSite<'_, '_> {
    fn describe_fence(&self, language: &str, code: &str) -> Option<String> {
        use diagram::sequence::{self, Header};
        match language {
            "infra" => diagram::describe_in_words(code),
            "sequence" => sequence::describe_in_words(code, Header::Optional),
            "mermaid" if sequence::is_mermaid_sequence(code) => {
                sequence::describe_in_words(code, Header::Required)
            }
            // Other mermaid types are not drawn, so the reader of the HTML gets their code too.
            "mermaid"
                if diagram::mermaid::detect(code) == diagram::mermaid::Detected::Flowchart =>
            {
                diagram::mermaid::describe_in_words(code)
            }
            _ => None,
        }
    }

    fn describe_file(&self, target: &str) -> Option<String> {
        let path = target.split(['#', '?']).next().unwrap_or_default();
        let file = match path.strip_prefix("@/") {
            Some(rest) => paths::join("content", rest),
            None => match path.strip_prefix('/') {
                Some(rest) => paths::join("", rest),
                None => paths::join(self.dir, path),
            },
        }?;
        let file = self.root.join(file);
        // Only regular files, as the renderer reads them.
        let source = std::fs::read_to_string(file.is_file().then_some(file)?).ok()?;
        diagram::describe_in_words(&source)
    }

    fn link(&self, target: &str) -> Option<String> {
        let links = self.graph.links;
        match links.resolve(self.dir, target).ok()? {
            Target::Doc { id, anchor, .. } => {
                Some(links.href(&md_path(self.graph, id), anchor.as_deref()))
            }
            Target::File { url } => Some(url),
            Target::External | Target::SamePage { .. } => None,
        }
    }
}

/// `llms.txt` and the Markdown of every page; `root` is the site folder (includes and diagram
/// files are read from it).
pub(super) fn files(site: &SiteContext, graph: &SiteGraph, root: &Path) -> Vec<OutputFile> {
    use output::llms::{LlmsPage, llms_txt, page_markdown};
    let mut files = Vec::new();
    let mut sections: Vec<(String, Vec<LlmsPage>)> = vec![(site.title.clone(), Vec::new())];
    for &id in graph.included() {
        let doc = &graph.docs[id.index()];
        let description = doc.front.description.clone().unwrap_or_default();
        let input = DocInput {
            id,
            path: &doc.source.path,
            dir: doc.source.dir(),
            text: &doc.source.text,
            body: doc.body.clone(),
            wants_title: doc.front.title.is_none(),
        };
        let body = markdown::expanded_body(&input, root);
        let page_site = PageSite {
            graph,
            root,
            dir: doc.source.dir(),
        };
        let markdown = page_markdown(graph.title(id), &description, &body, &page_site);
        files.push(OutputFile::bytes(md_path(graph, id), markdown.into_bytes()));
        let page = LlmsPage {
            title: graph.title(id).to_string(),
            url: format!("{}{}", site.base_url, md_path(graph, id)),
            description,
        };
        match top_section(graph, id) {
            Some(section) => {
                let heading = graph.title(section).to_string();
                match sections.iter_mut().find(|(h, _)| *h == heading) {
                    Some((_, pages)) => pages.push(page),
                    None => sections.push((heading, vec![page])),
                }
            }
            None => sections[0].1.push(page),
        }
    }
    files.push(OutputFile::bytes(
        "llms.txt".into(),
        llms_txt(&site.title, &site.description, &sections).into_bytes(),
    ));
    files
}

/// The chapter (a section just under the home page) a document belongs to, or is; `None` for the
/// home page and the pages directly under it.
fn top_section(graph: &SiteGraph, id: SourceId) -> Option<SourceId> {
    let ancestors = graph.tree.ancestors(id);
    if ancestors.is_empty() {
        None
    } else if graph.is_section(id) && ancestors.len() == 1 {
        Some(id)
    } else {
        ancestors
            .iter()
            .copied()
            .find(|&a| graph.tree.ancestors(a).len() == 1)
    }
}
