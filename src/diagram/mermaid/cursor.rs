//! A byte cursor over the Mermaid source: the small reading steps the parser is built from. Every
//! position is a byte offset into the whole diagram source, so spans need no mapping.

use crate::diagram::Span;

pub struct Cursor<'s> {
    pub src: &'s str,
    pub pos: usize,
}

impl<'s> Cursor<'s> {
    pub fn new(src: &'s str) -> Self {
        Cursor { src, pos: 0 }
    }

    pub fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub fn eat(&mut self, text: &str) -> bool {
        if self.rest().starts_with(text) {
            self.pos += text.len();
            true
        } else {
            false
        }
    }

    /// Spaces and tabs (not line ends).
    pub fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\r')) {
            self.pos += 1;
        }
    }

    /// The end of a statement: a line end, `;`, a `%%` comment or the end of the text.
    pub fn at_statement_end(&self) -> bool {
        let rest = self.rest();
        rest.is_empty() || rest.starts_with(['\n', ';']) || rest.starts_with("%%")
    }

    /// Moves to the start of the next line (past the `\n`).
    pub fn skip_line(&mut self) {
        match self.rest().find('\n') {
            Some(i) => self.pos += i + 1,
            None => self.pos = self.src.len(),
        }
    }

    /// The rest of the current line (without the `\n`), consumed.
    pub fn take_line(&mut self) -> (&'s str, Span) {
        let start = self.pos;
        let end = self.rest().find('\n').map_or(self.src.len(), |i| start + i);
        self.pos = end;
        (&self.src[start..end], Span { start, end })
    }

    /// Letters (any script), digits and `_`; `-` and `.` inside a word when a word character follows
    /// (so `a-b` is one id but `a-->b` is not).
    pub fn take_word(&mut self) -> Option<(&'s str, Span)> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let joins = (c == '-' || c == '.')
                && self.pos > start
                && self.peek_at(1).is_some_and(is_word_char);
            if is_word_char(c) || joins {
                self.bump();
            } else {
                break;
            }
        }
        (self.pos > start).then(|| {
            (
                &self.src[start..self.pos],
                Span {
                    start,
                    end: self.pos,
                },
            )
        })
    }

    /// A span of one character (or the end of the text) at the cursor, for errors.
    pub fn here(&self) -> Span {
        let len = self.peek().map_or(0, char::len_utf8);
        Span {
            start: self.pos,
            end: self.pos + len,
        }
    }

    /// The word (or single character) at the cursor, for "found `...`" in errors.
    pub fn token_here(&self) -> (String, Span) {
        let rest = self.rest();
        if rest.is_empty() || rest.starts_with('\n') {
            return ("end of line".to_string(), self.here());
        }
        let len = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i)
            .max(self.peek().map_or(0, char::len_utf8));
        let len = rest[..len]
            .chars()
            .take(12)
            .map(char::len_utf8)
            .sum::<usize>();
        (
            format!("`{}`", &rest[..len]),
            Span {
                start: self.pos,
                end: self.pos + len,
            },
        )
    }
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}
