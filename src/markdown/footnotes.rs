//! Footnote ids as Python-Markdown writes them, for MkDocs trees (`[markdown] slug =
//! "python-markdown"`): a definition is `#fn:LABEL` and its first reference `#fnref:LABEL`, and
//! MkDocs pages link to both (`[Jump to footnote](#fn:1)`). pulldown-cmark's own ids (`#LABEL`)
//! stay; an empty `<span>` with the Python-Markdown id is put at each place, so the link lands
//! there and the link check knows the id.

use pulldown_cmark::{CowStr, Event, Tag};

use super::Renderer;
use super::slugs::SlugRule;
use crate::highlight::escape;

impl<'a> Renderer<'_, 'a> {
    fn python_markdown_ids(&self) -> bool {
        self.context.config.slug == SlugRule::PythonMarkdown
    }

    pub(super) fn footnote_definition(&mut self, label: CowStr<'a>) {
        self.ids.reserve(&label);
        let own_id = self.python_markdown_ids().then(|| format!("fn:{label}"));
        self.emit(Event::Start(Tag::FootnoteDefinition(label)));
        if let Some(id) = own_id {
            self.anchor(id);
        }
    }

    pub(super) fn footnote_reference(&mut self, label: CowStr<'a>) {
        let id = format!("fnref:{label}");
        // Only the first reference: Python-Markdown numbers the others `fnref2:`, which no page
        // we have seen links to.
        if self.python_markdown_ids() && !self.ids.is_used(&id) {
            self.anchor(id);
        }
        self.emit(Event::FootnoteReference(label));
    }

    fn anchor(&mut self, id: String) {
        let html = format!("<span id=\"{}\"></span>", escape(&id));
        self.ids.reserve(&id);
        self.emit(Event::InlineHtml(html.into()));
    }
}
