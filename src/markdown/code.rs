//! Code fences: collect the block's text (remembering where each piece sits in the file), then hand it
//! to the highlighter, or to the diagram engine for ```` ```infra ````.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, TagEnd};

use super::{DeferredCode, Renderer};
use crate::diagnostics::{Diagnostic, from_findings};
use crate::diagram::mermaid::Detected;
use crate::diagram::{self, RenderOptions};
use crate::highlight;
use crate::site::DiagramLinks;

/// A front end that turns a fence's text into a figure (`infra` or mermaid).
type DiagramRenderer = fn(&str, &RenderOptions) -> Result<diagram::Rendered, Vec<diagram::Finding>>;

/// A fence being collected.
pub(super) struct OpenFence {
    language: String,
    code: String,
    /// (offset in `code`, offset in the file) at the start of each text piece.
    pieces: Vec<(usize, usize)>,
    /// The opening fence, where problems with an empty block point.
    start: usize,
}

impl OpenFence {
    /// Maps an offset in the fence's text to an offset in the file.
    fn file_offset(&self, offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|(code_at, _)| *code_at <= offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some((code_at, file_at)) => file_at + (offset - code_at),
            None => self.start,
        }
    }
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn start_code_block(&mut self, kind: CodeBlockKind<'a>, fence_start: usize) {
        let language = match kind {
            CodeBlockKind::Fenced(info) => {
                let info = super::fence_info::parse(&info);
                if let Some(title) = &info.title {
                    self.emit(Event::Html(super::fence_info::title_html(title).into()));
                }
                if let Some(id) = &info.id {
                    self.ids.reserve(id);
                    let id = crate::highlight::escape(id);
                    self.emit(Event::Html(format!("<a id=\"{id}\"></a>\n").into()));
                }
                info.language
            }
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(OpenFence {
            language,
            code: String::new(),
            pieces: Vec::new(),
            start: fence_start,
        });
    }

    pub(super) fn in_code_block(&mut self, event: Event<'a>, span: Range<usize>) {
        let Some(fence) = &mut self.code else { return };
        match event {
            Event::Text(text) => {
                fence.pieces.push((fence.code.len(), span.start));
                fence.code.push_str(&text);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(fence) = self.code.take() {
                    self.end_code_block(fence);
                }
            }
            _ => {}
        }
    }

    fn end_code_block(&mut self, fence: OpenFence) {
        if fence.language == "infra" {
            return self.fenced_diagram(fence, diagram::render);
        }
        // Sequence diagrams: our own ```sequence fence, and ```mermaid whose first statement is
        // `sequenceDiagram`; drawn by the sequence engine, not the layered one.
        let sequence = match fence.language.as_str() {
            "sequence" => Some(diagram::sequence::Header::Optional),
            "mermaid" if diagram::sequence::is_mermaid_sequence(&fence.code) => {
                Some(diagram::sequence::Header::Required)
            }
            _ => None,
        };
        if let Some(header) = sequence {
            return self.fenced_sequence(fence, header);
        }
        if fence.language == "mermaid" && diagram::mermaid::state::is_state(&fence.code) {
            return self.fenced_diagram(fence, diagram::mermaid::state::render);
        }
        if fence.language == "mermaid" {
            match diagram::mermaid::detect(&fence.code) {
                Detected::Flowchart => return self.fenced_diagram(fence, diagram::mermaid::render),
                Detected::Other { keyword, span } => {
                    self.unsupported_mermaid(&fence, &keyword, span)
                }
            }
        } else if !highlight::knows(&fence.language) {
            let warning = Diagnostic::warning(
                "H001",
                format!(
                    "unknown code language `{}`; shown as plain text",
                    fence.language
                ),
            )
            .at(self.input.path, fence.start..fence.start, "in this block")
            .help("see README for the language names infrabook highlights");
            self.error(warning);
        }
        if self.defer_code {
            let mark = super::deferred::mark(self.result.deferred_code.len());
            self.result.deferred_code.push(DeferredCode {
                language: fence.language,
                code: fence.code,
            });
            return self.emit(Event::Html(mark.into()));
        }
        let highlighted = highlight::code_block(&fence.language, &fence.code);
        self.emit(Event::Html(highlighted.html.into()));
    }

    /// The id prefix of the next diagram on this page.
    pub(super) fn next_diagram_prefix(&mut self) -> String {
        self.diagrams_seen += 1;
        format!("diagram-{}", self.diagrams_seen)
    }

    fn fenced_sequence(&mut self, fence: OpenFence, header: diagram::sequence::Header) {
        let prefix = self.next_diagram_prefix();
        let map = |offset: usize| fence.file_offset(offset);
        match diagram::sequence::render(&fence.code, header, &prefix, None) {
            Ok(rendered) => {
                let diagnostics = from_findings(&rendered.findings, self.input.path, &map);
                self.result.diagnostics.extend(diagnostics);
                self.ids.reserve(&prefix);
                self.emit(Event::Html(format!("{}\n", rendered.html).into()));
            }
            Err(findings) => {
                let diagnostics = from_findings(&findings, self.input.path, &map);
                self.result.diagnostics.extend(diagnostics);
            }
        }
    }

    /// A mermaid type we do not draw: kept as code, with one warning naming the type.
    fn unsupported_mermaid(&mut self, fence: &OpenFence, keyword: &str, span: diagram::Span) {
        let at = if keyword.is_empty() {
            fence.start
        } else {
            fence.file_offset(span.start)
        };
        let shown = if keyword.is_empty() {
            "(empty)"
        } else {
            keyword
        };
        let warning = Diagnostic::warning(
            "M001",
            format!("mermaid `{shown}` diagrams are not drawn yet; kept as code"),
        )
        .at(self.input.path, at..at + keyword.len(), "this diagram type")
        .help("flowchart, sequence and state diagrams are drawn; see README, \"Mermaid diagrams\"");
        self.error(warning);
    }

    fn fenced_diagram(&mut self, fence: OpenFence, render: DiagramRenderer) {
        let prefix = self.next_diagram_prefix();
        let links = DiagramLinks {
            index: self.context.links,
            from_dir: self.input.dir,
        };
        let options = RenderOptions {
            id_prefix: &prefix,
            links: &links,
            caption: None,
        };
        let map = |offset: usize| fence.file_offset(offset);
        match render(&fence.code, &options) {
            Ok(rendered) => {
                let diagnostics = from_findings(&rendered.findings, self.input.path, &map);
                self.result.diagnostics.extend(diagnostics);
                // The figure carries the prefix as its id, so `#diagram-1` links check out.
                self.ids.reserve(&prefix);
                self.emit(Event::Html(format!("{}\n", rendered.html).into()));
            }
            Err(findings) => {
                let diagnostics = from_findings(&findings, self.input.path, &map);
                self.result.diagnostics.extend(diagnostics);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_offsets_follow_each_piece() {
        let fence = OpenFence {
            language: "infra".into(),
            code: "ab\ncd\n".into(),
            pieces: vec![(0, 100), (3, 110)],
            start: 100,
        };
        assert_eq!(fence.file_offset(1), 101);
        assert_eq!(fence.file_offset(4), 111);
    }
}
