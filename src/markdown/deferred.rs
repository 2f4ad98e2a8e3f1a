//! Code blocks whose highlighting waits until the page is written: the body holds a mark (two
//! private-use characters around the block's index, then a newline like the block's own HTML, so
//! the Markdown writer lays out what follows the same way) where each block goes, and
//! [`RenderedDoc::full_html`] puts the highlighted blocks in.
//!
//! Marks are only used for a body that contains no private-use mark character itself, so a mark
//! cannot be confused with the page's own text.

use std::borrow::Cow;

use super::RenderedDoc;
use crate::highlight;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// One fenced block as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferredCode {
    /// The fence's first word.
    pub language: String,
    pub code: String,
}

/// True when `body` cannot contain a mark of its own.
pub(super) fn can_mark(body: &str) -> bool {
    // One search per character: a single-`char` pattern is a fast byte search, a set of two
    // decodes every character.
    !body.contains(OPEN) && !body.contains(CLOSE)
}

/// The mark of the code block at `index`.
pub(super) fn mark(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}\n")
}

impl RenderedDoc {
    /// The page body with every code block highlighted in place.
    pub fn full_html(&self) -> Cow<'_, str> {
        if self.deferred_code.is_empty() {
            return Cow::Borrowed(&self.html);
        }
        let blocks = &self.deferred_code;
        let extra: usize = blocks.iter().map(|b| b.code.len() * 8).sum();
        let mut out = String::with_capacity(self.html.len() + extra);
        let mut rest = self.html.as_str();
        while let Some(open) = rest.find(OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let Some(close) = after.find(CLOSE) else {
                break;
            };
            let block = after[..close]
                .parse::<usize>()
                .ok()
                .and_then(|i| blocks.get(i));
            if let Some(block) = block {
                out.push_str(&highlight::code_block(&block.language, &block.code).html);
            }
            rest = &after[close + CLOSE.len_utf8()..];
            // The highlighted block ends in the newline that the mark stood in for.
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        out.push_str(rest);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_replaced_by_highlighted_blocks_in_order() {
        let doc = RenderedDoc {
            html: format!("<p>a</p>\n{}<p>b</p>\n{}", mark(0), mark(1)),
            deferred_code: vec![
                DeferredCode {
                    language: "rust".into(),
                    code: "fn main() {}\n".into(),
                },
                DeferredCode {
                    language: "".into(),
                    code: "<x>\n".into(),
                },
            ],
            ..RenderedDoc::default()
        };
        let expected = format!(
            "<p>a</p>\n{}<p>b</p>\n{}",
            highlight::code_block("rust", "fn main() {}\n").html,
            highlight::code_block("", "<x>\n").html
        );
        assert_eq!(doc.full_html(), expected);
        assert!(!can_mark("text \u{E000} here"));
        assert!(can_mark("plain text"));
    }
}
