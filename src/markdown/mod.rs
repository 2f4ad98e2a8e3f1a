//! Render: one document's Markdown body in, [`RenderedDoc`] out (HTML, TOC, anchors, word count, the
//! links whose `#anchor` must be checked once every page is rendered, and diagnostics).
//!
//! The event loop is a dispatcher: `Renderer::handle` matches each pulldown-cmark event and hands it
//! to a small handler (headings, code fences, links and images, admonitions, tables). Spans are turned
//! into whole-file offsets here, so every diagnostic points into the source file.

mod admonitions_mkdocs;
mod code;
mod deferred;
mod fence_info;
mod footnotes;
mod headings;
mod html_ids;
pub(crate) mod include;
mod links;
mod material_shortcodes;
mod math;
pub mod slugs;
pub mod tab_ids;
mod tabs;

use std::collections::{BTreeSet, VecDeque};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Options, Parser, Tag, TagEnd};

pub use deferred::DeferredCode;
pub use headings::{TocEntry, slugify};

use crate::config::MarkdownConfig;
use crate::content::SourceId;
use crate::diagnostics::Diagnostic;
use crate::site::LinkIndex;

/// What every document's render shares.
pub struct RenderContext<'a> {
    pub config: &'a MarkdownConfig,
    pub links: &'a LinkIndex,
    /// Site root, for reading `.infra` files that image links name.
    pub root: &'a Path,
}

/// One document to render.
pub struct DocInput<'a> {
    pub id: SourceId,
    /// Root-relative path, for diagnostics.
    pub path: &'a str,
    /// Root-relative folder, for relative links.
    pub dir: &'a str,
    pub text: &'a str,
    /// The Markdown body inside `text`.
    pub body: Range<usize>,
    /// True when front matter gave no title: the first `# heading` becomes the title (and leaves
    /// the content, since the template prints the title).
    pub wants_title: bool,
}

/// A link with a `#anchor` into a page; checked after all pages are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    pub span: Range<usize>,
    pub target: SourceId,
    pub anchor: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedDoc {
    /// The page body. After [`render_deferring_code`] it holds a mark where each code block goes:
    /// read it with [`RenderedDoc::full_html`].
    pub html: String,
    /// Code blocks not highlighted yet, in the order of their marks in `html`.
    pub deferred_code: Vec<DeferredCode>,
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at (headings, footnotes).
    pub anchors: BTreeSet<String>,
    pub title_from_heading: Option<String>,
    pub word_count: usize,
    pub anchor_links: Vec<AnchorLink>,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagram files read while rendering, for diagnostics that point into them.
    pub extra_sources: Vec<(String, Arc<str>)>,
    /// Root-relative paths of the files `{{#include}}` read, so `serve` renders the page again
    /// when one changes.
    pub includes: Vec<String>,
}

fn options(config: &MarkdownConfig) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    if config.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if config.math {
        options |= Options::ENABLE_MATH;
    }
    options
}

/// A document's Markdown body with its `{{#include}}` directives replaced by what they name, as
/// [`render`] reads it (a directive that fails is left as written; `render` reports it).
pub fn expanded_body<'t>(input: &DocInput<'t>, root: &Path) -> std::borrow::Cow<'t, str> {
    let body = &input.text[input.body.clone()];
    include::expand(body, input.body.start, input.path, input.dir, root).text
}

/// Renders one document.
pub fn render(input: &DocInput, context: &RenderContext) -> RenderedDoc {
    render_with(input, context, false)
}

/// Renders one document but leaves its code blocks for [`RenderedDoc::full_html`] to highlight.
/// Highlighted code is most of a page's HTML, so a build that holds every page until templates
/// run (and highlights each page just before writing it) needs a fraction of the memory. The
/// result of `full_html` is byte-identical to [`render`]'s `html`.
pub fn render_deferring_code(input: &DocInput, context: &RenderContext) -> RenderedDoc {
    render_with(input, context, true)
}

fn render_with(input: &DocInput, context: &RenderContext, defer_code: bool) -> RenderedDoc {
    let expanded = include::expand(
        &input.text[input.body.clone()],
        input.body.start,
        input.path,
        input.dir,
        context.root,
    );
    // MkDocs admonitions are written out first, so a tab set inside one is found by the tab pass.
    let admonished = admonitions_mkdocs::may_contain(&expanded.text)
        .then(|| admonitions_mkdocs::rewrite(&expanded.text));
    let (admonished_text, admonition_map): (&str, _) = match &admonished {
        Some((text, map)) => (text, Some(map)),
        None => (&expanded.text, None),
    };
    let tabbed = tabs::expand(admonished_text);
    let (body, tab_map): (&str, _) = match &tabbed {
        Some((text, map)) => (text, Some(map)),
        None => (admonished_text, None),
    };
    // `[text][config.x]` links to a Material `md:setting` name, whose definition its hook writes.
    let settings = material_shortcodes::setting_names(body);
    let to_setting = |link: pulldown_cmark::BrokenLink<'_>| {
        let name = settings
            .iter()
            .find(|name| name.eq_ignore_ascii_case(&link.reference))?;
        Some((owned(format!("#{name}")), CowStr::Borrowed("")))
    };
    let parser =
        Parser::new_with_broken_link_callback(body, options(context.config), Some(to_setting))
            .into_offset_iter();
    let mut renderer = Renderer::new(input, context);
    // A mark must never be mistaken for the page's own text.
    renderer.defer_code = defer_code && deferred::can_mark(body);
    let mut html = String::with_capacity(input.body.len() * 2);
    let events = Streamed {
        parser,
        map: &expanded.map,
        admonition_map,
        tab_map,
        renderer: &mut renderer,
    };
    pulldown_cmark::html::push_html(&mut html, events);
    let mut result = renderer.finish(html);
    result.diagnostics.extend(expanded.diagnostics);
    result.extra_sources.extend(expanded.sources);
    result.includes = expanded.includes;
    result
}

/// The renderer's events as they are produced, so the HTML is written while parsing: only a heading
/// being collected is held back. Holding every event of the page until the end cost more memory
/// than the page's HTML (a 50 MB page peaked at 1.3 GB).
struct Streamed<'s, 'r, 'a, I> {
    parser: I,
    /// Offsets in the (expanded) body to offsets in the file.
    map: &'s include::SourceMap,
    /// Set when MkDocs admonitions were rewritten: offsets in their output back to the expanded body.
    admonition_map: Option<&'s admonitions_mkdocs::OffsetMap>,
    /// Offsets in the body with its tab sets written out to offsets in the text before that pass.
    tab_map: Option<&'s include::SourceMap>,
    renderer: &'s mut Renderer<'r, 'a>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Streamed<'_, '_, 'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.renderer.out.pop_front() {
                return Some(event);
            }
            let (event, range) = self.parser.next()?;
            let range = match self.tab_map {
                Some(tabs) => tabs.span(range),
                None => range,
            };
            let range = match self.admonition_map {
                Some(map) => map.original(range.start)..map.original(range.end),
                None => range,
            };
            let span = self.map.span(range);
            self.renderer.handle(event, span);
        }
    }
}

/// `text.split_whitespace().count()`, a byte at a time for ASCII text (nearly all of it), where
/// the `char` walk of `split_whitespace` cost about 5% of a build.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for byte in text.bytes() {
        // The ASCII characters `char::is_whitespace` accepts: tab, newline, vertical tab, form
        // feed, carriage return, space.
        let space = matches!(byte, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ');
        words += usize::from(in_word && space);
        in_word = !space;
    }
    words + usize::from(in_word)
}

/// A heading being collected until its end tag, so its id can come from its text.
struct OpenHeading<'a> {
    level: u8,
    explicit_id: Option<String>,
    classes: Vec<String>,
    text: String,
    events: Vec<Event<'a>>,
}

struct Renderer<'r, 'a> {
    input: &'r DocInput<'r>,
    context: &'r RenderContext<'r>,
    /// Events ready for the HTML writer (see [`Streamed`]).
    out: VecDeque<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    code: Option<code::OpenFence>,
    diagram_image: Option<links::OpenDiagramImage>,
    ids: headings::HeadingIds,
    tab_ids: tab_ids::TabIds,
    diagrams_seen: usize,
    /// Code blocks become marks plus [`DeferredCode`] instead of highlighted HTML.
    defer_code: bool,
    result: RenderedDoc,
}

impl<'r, 'a> Renderer<'r, 'a> {
    fn new(input: &'r DocInput<'r>, context: &'r RenderContext<'r>) -> Self {
        Renderer {
            input,
            context,
            out: VecDeque::new(),
            heading: None,
            code: None,
            diagram_image: None,
            ids: headings::HeadingIds::with_rule(context.config.slug),
            tab_ids: tab_ids::TabIds::new(context.config.tab_ids),
            diagrams_seen: 0,
            defer_code: false,
            result: RenderedDoc::default(),
        }
    }

    fn handle(&mut self, event: Event<'a>, span: Range<usize>) {
        if self.code.is_some() {
            return self.in_code_block(event, span);
        }
        if self.diagram_image.is_some() {
            return self.in_diagram_image(event);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(OpenHeading {
                    level: level as u8,
                    explicit_id: html_ids::heading_id(id.as_deref(), &attrs),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind, span.start),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id, span),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.image(link_type, dest_url, title, id, span),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.emit(Event::Html(admonition_open(kind).into()))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.emit(Event::Html("</div>\n".into())),
            Event::Start(Tag::Table(alignment)) => {
                self.emit(Event::Html("<div class=\"table-wrap\">".into()));
                self.emit(Event::Start(Tag::Table(alignment)));
            }
            Event::End(TagEnd::Table) => {
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote_definition(label),
            Event::FootnoteReference(label) => self.footnote_reference(label),
            Event::InlineMath(latex) => self.math(&latex, false, span),
            Event::DisplayMath(latex) => self.math(&latex, true, span),
            Event::Html(ref html) if tab_ids::is_tab_markup(html) => {
                match self.tab_ids.rewrite(html, &mut self.ids) {
                    Some(with_id) => self.emit(Event::Html(owned(with_id))),
                    None => self.emit(event),
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html)
                if material_shortcodes::may_define(html) =>
            {
                self.shortcodes(event.clone(), html)
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) if html_ids::may_define(html) => {
                for id in html_ids::ids_in(html) {
                    self.ids.reserve(&id);
                }
                self.emit(event);
            }
            Event::Text(text) => self.text(Event::Text(text.clone()), &text),
            Event::Code(text) => self.text(Event::Code(text.clone()), &text),
            other => self.emit(other),
        }
    }

    /// Sends an event to the open heading, or to the output.
    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.out.push_back(event),
        }
    }

    fn text(&mut self, event: Event<'a>, text: &str) {
        self.result.word_count += count_words(text);
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
        self.emit(event);
    }

    /// Material's `md:setting` / `md:option` comments: their names become ids of the page; in a
    /// heading (where the Material docs write settings) the heading's id and text.
    fn shortcodes(&mut self, event: Event<'a>, html: &str) {
        for defined in material_shortcodes::defined_in(html) {
            match &mut self.heading {
                Some(heading) if heading.explicit_id.is_none() => {
                    heading.explicit_id = Some(defined.id);
                    heading.text.push_str(&defined.name);
                    heading.events.push(Event::Code(owned(defined.name)));
                }
                _ => self.ids.reserve(&defined.id),
            }
        }
        self.emit(event);
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let title = heading.text.trim().to_string();
        if heading.level == 1 && self.input.wants_title && self.result.title_from_heading.is_none()
        {
            let id = heading
                .explicit_id
                .unwrap_or_else(|| slugs::slug(self.context.config.slug, &title));
            self.tab_ids.heading(&id);
            self.result.title_from_heading = Some(title);
            return;
        }
        let id = self.ids.claim(heading.explicit_id.as_deref(), &title);
        self.tab_ids.heading(&id);
        let config = self.context.config;
        if (config.toc_min_level..=config.toc_max_level).contains(&heading.level) {
            let entry = TocEntry {
                level: heading.level,
                id: id.clone(),
                title,
                children: Vec::new(),
            };
            headings::push_toc(&mut self.result.toc, entry);
        }
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(
                " class=\"{}\"",
                crate::highlight::escape(&heading.classes.join(" "))
            )
        };
        let id_attr = crate::highlight::escape(&id);
        let level = heading.level;
        self.out.push_back(Event::Html(
            format!("<h{level} id=\"{id_attr}\"{class}>").into(),
        ));
        self.out.extend(heading.events);
        let anchor = format!(
            "<a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
        );
        self.out.push_back(Event::Html(anchor.into()));
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.result.diagnostics.push(diagnostic);
    }

    fn finish(mut self, mut html: String) -> RenderedDoc {
        // A diagram image closes its paragraph around the figure; drop the empty shells left behind.
        if html.contains("<p></p>") {
            html = html.replace("<p></p>\n", "").replace("<p></p>", "");
        }
        // Every page's HTML is held until templates run: slack capacity would be most of the
        // build's peak memory on a large site.
        html.shrink_to_fit();
        self.result.html = html;
        self.result.anchors = self.ids.into_set();
        self.result
    }
}

fn admonition_open(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!(
        "<div class=\"admonition {class}\" role=\"note\"><p class=\"admonition-title\">{title}</p>\n"
    )
}

/// Keeps the borrow checker honest about which lifetime a rewritten URL has.
fn owned<'a>(text: String) -> CowStr<'a> {
    CowStr::Boxed(text.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::count_words;

    #[test]
    fn words_are_counted_like_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "a\tb\nc\x0Bd\x0Ce\rf",
            "über straße",
            "a\u{a0}b",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn word_counts_match_split_whitespace(text in "[a-z \\t\\n\\r\\x0B\\x0C\\x1F,.é\u{a0}\u{2003}]{0,40}") {
            prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }
}
