//! Links and images: rewrite source-file targets to final URLs, report broken ones, queue `#anchor`s
//! for checking, and turn images of `.infra` files into rendered diagrams.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{AnchorLink, Renderer, owned};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::from_findings;
use crate::diagram::{self, RenderOptions};
use crate::site::{DiagramLinks, Target, paths};

/// An image of a `.infra` file whose alt text (the caption) is being collected.
pub(super) struct OpenDiagramImage {
    target: String,
    span: Range<usize>,
    /// The image's alt text, which becomes the figure's caption.
    alt: String,
}

fn is_diagram_file(target: &str) -> bool {
    target
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .ends_with(".infra")
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        span: Range<usize>,
    ) {
        let dest_url = match link_type {
            LinkType::Autolink | LinkType::Email => dest_url,
            _ => self.rewrite(dest_url, &span),
        };
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    pub(super) fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        span: Range<usize>,
    ) {
        if is_diagram_file(&dest_url) {
            self.diagram_image = Some(OpenDiagramImage {
                target: dest_url.to_string(),
                span,
                alt: String::new(),
            });
            return;
        }
        let dest_url = self.rewrite(dest_url, &span);
        self.emit(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// Resolves a target; broken ones are reported and left as written.
    fn rewrite(&mut self, dest_url: CowStr<'a>, span: &Range<usize>) -> CowStr<'a> {
        match self.context.links.resolve(self.input.dir, &dest_url) {
            Ok(Target::External) => dest_url,
            Ok(Target::SamePage { anchor }) => {
                let target = self.input.id;
                self.result.anchor_links.push(AnchorLink {
                    span: span.clone(),
                    target,
                    anchor,
                });
                dest_url
            }
            Ok(Target::Doc { id, anchor, url }) => {
                if let Some(anchor) = anchor {
                    self.result.anchor_links.push(AnchorLink {
                        span: span.clone(),
                        target: id,
                        anchor,
                    });
                }
                owned(url)
            }
            Ok(Target::File { url }) => owned(url),
            Err(broken) => {
                let label = match &broken.suggestion {
                    Some(s) => format!("{} (did you mean `{s}`?)", broken.reason),
                    None => broken.reason.clone(),
                };
                let diagnostic = Diagnostic::error("L001", format!("broken link `{dest_url}`")).at(
                    self.input.path,
                    span.clone(),
                    label,
                );
                self.error(diagnostic);
                dest_url
            }
        }
    }

    pub(super) fn in_diagram_image(&mut self, event: Event<'a>) {
        match event {
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.diagram_image.take() {
                    self.file_diagram(image);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = &mut self.diagram_image {
                    image.alt.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(image) = &mut self.diagram_image {
                    image.alt.push(' ');
                }
            }
            _ => {}
        }
    }

    /// Renders the `.infra` file an image names, in place of the image.
    fn file_diagram(&mut self, image: OpenDiagramImage) {
        let path = image.target.split(['#', '?']).next().unwrap_or_default();
        let file = match path.strip_prefix("@/") {
            Some(rest) => paths::join("content", rest),
            None => match path.strip_prefix('/') {
                Some(rest) => paths::join("", rest),
                None => paths::join(self.input.dir, path),
            },
        };
        // Only regular files: reading a FIFO or a device named by a link would block the build.
        let source = file
            .as_ref()
            .map(|file| self.context.root.join(file))
            .filter(|file| file.is_file())
            .and_then(|file| std::fs::read_to_string(file).ok());
        let (Some(file), Some(source)) = (file, source) else {
            let diagnostic =
                Diagnostic::error("L003", format!("diagram file `{}` not found", image.target)).at(
                    self.input.path,
                    image.span,
                    "no such file (or not readable UTF-8)",
                );
            return self.error(diagnostic);
        };
        let prefix = self.next_diagram_prefix();
        let from_dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        let links = DiagramLinks {
            index: self.context.links,
            from_dir,
        };
        let caption = image.alt.trim();
        let options = RenderOptions {
            id_prefix: &prefix,
            links: &links,
            caption: (!caption.is_empty()).then_some(caption),
        };
        let result = diagram::render(&source, &options);
        let same = |offset: usize| offset;
        let (html, findings) = match result {
            Ok(rendered) => (Some(rendered.html), rendered.findings),
            Err(findings) => (None, findings),
        };
        if !findings.is_empty() {
            let diagnostics = from_findings(&findings, &file, &same);
            self.result.diagnostics.extend(diagnostics);
            self.result
                .extra_sources
                .push((file.clone(), Arc::from(source)));
        }
        if let Some(html) = html {
            self.ids.reserve(&prefix);
            // Close the paragraph around the image: a figure cannot sit inside `<p>`.
            self.emit(Event::Html(format!("</p>\n{html}\n<p>").into()));
        }
    }
}
