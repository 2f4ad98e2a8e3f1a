//! Lexer: source text -> tokens with byte spans. Whitespace and comments are dropped, newlines are
//! kept (they end statements). Never fails: characters it does not know become [`TokenKind::Other`]
//! and an unterminated string becomes an error plus a string token running to the end of the line.

use crate::diagram::{Finding, Span};

use super::syntax_error;

/// How an arrow ends and whether it is drawn dashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrow {
    pub ends: Ends,
    pub dashed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// `->` / `..>`: from the left end to the right end.
    Forward,
    /// `<->` / `<..>`: both ways.
    Both,
    /// `--` / `..`: a plain connection without direction.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, digits, `_`, and `-` between two of them: ids, keys, kinds.
    Word,
    /// `"..."` with `\"` and `\\` escapes.
    Str,
    Colon,
    Semi,
    Newline,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Arrow(Arrow),
    /// Any other single character (part of free text such as labels and links).
    Other,
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

pub fn lex(source: &str, errors: &mut Vec<Finding>) -> Vec<Token> {
    let mut lexer = Lexer {
        source,
        bytes: source.as_bytes(),
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.run(errors);
    lexer.tokens
}

struct Lexer<'a> {
    source: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn run(&mut self, errors: &mut Vec<Finding>) {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let byte = self.bytes[start];
            match byte {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => self.single(TokenKind::Newline),
                b'#' if self.starts_comment(start) => self.skip_comment(),
                b'"' => self.string(errors),
                b':' => self.single(TokenKind::Colon),
                b';' => self.single(TokenKind::Semi),
                b'{' => self.single(TokenKind::LBrace),
                b'}' => self.single(TokenKind::RBrace),
                b'[' => self.single(TokenKind::LBracket),
                b']' => self.single(TokenKind::RBracket),
                b',' => self.single(TokenKind::Comma),
                _ if is_word_byte(byte) => self.word(),
                _ => {
                    if !self.arrow() {
                        self.other();
                    }
                }
            }
        }
        let end = self.bytes.len();
        self.push(TokenKind::Eof, end, end);
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.tokens.push(Token {
            kind,
            span: Span { start, end },
        });
    }

    fn single(&mut self, kind: TokenKind) {
        self.push(kind, self.pos, self.pos + 1);
        self.pos += 1;
    }

    /// `#` starts a comment only at the start of a line or after a space or punctuation, so a link such
    /// as `page.md#anchor` keeps its fragment.
    fn starts_comment(&self, at: usize) -> bool {
        at == 0
            || matches!(
                self.bytes[at - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b';' | b'{' | b'}'
            )
    }

    fn skip_comment(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn word(&mut self) {
        let start = self.pos;
        while self.pos < self.bytes.len() {
            let byte = self.bytes[self.pos];
            let joins = byte == b'-'
                && self
                    .bytes
                    .get(self.pos + 1)
                    .is_some_and(|b| is_word_byte(*b));
            if is_word_byte(byte) || joins {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.push(TokenKind::Word, start, self.pos);
    }

    fn string(&mut self, errors: &mut Vec<Finding>) {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' if self.pos + 1 < self.bytes.len() && self.bytes[self.pos + 1] != b'\n' => {
                    self.pos += 2
                }
                b'"' => {
                    self.pos += 1;
                    self.push(TokenKind::Str, start, self.pos);
                    return;
                }
                b'\n' => break,
                _ => self.pos += 1,
            }
        }
        errors.push(syntax_error(
            Span {
                start,
                end: self.pos,
            },
            "unterminated string",
            Some("close the string with `\"` on the same line"),
        ));
        self.push(TokenKind::Str, start, self.pos);
    }

    /// Recognises `->`, `<->`, `--`, `..>`, `<..>` and `..`; a single `.` is a path separator.
    fn arrow(&mut self) -> bool {
        let rest = &self.source[self.pos..];
        let table: [(&str, Ends, bool); 6] = [
            ("<->", Ends::Both, false),
            ("<..>", Ends::Both, true),
            ("->", Ends::Forward, false),
            ("--", Ends::None, false),
            ("..>", Ends::Forward, true),
            ("..", Ends::None, true),
        ];
        for (text, ends, dashed) in table {
            if rest.starts_with(text) {
                let start = self.pos;
                self.pos += text.len();
                self.push(TokenKind::Arrow(Arrow { ends, dashed }), start, self.pos);
                return true;
            }
        }
        if rest.starts_with('.') {
            self.single(TokenKind::Dot);
            return true;
        }
        false
    }

    fn other(&mut self) {
        let start = self.pos;
        let len = self.source[start..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        self.pos += len;
        self.push(TokenKind::Other, start, self.pos);
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The text of a string token without its quotes, escapes resolved.
pub fn unquote(raw: &str) -> String {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<TokenKind> {
        let mut errors = Vec::new();
        lex(source, &mut errors)
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn arrows_and_paths() {
        use TokenKind::*;
        let fwd = Arrow(super::Arrow {
            ends: Ends::Forward,
            dashed: false,
        });
        let dashed = Arrow(super::Arrow {
            ends: Ends::Forward,
            dashed: true,
        });
        assert_eq!(kinds("a.b -> c"), vec![Word, Dot, Word, fwd, Word, Eof]);
        assert_eq!(kinds("a ..> b"), vec![Word, dashed, Word, Eof]);
        assert_eq!(kinds("load-balancer->x"), vec![Word, fwd, Word, Eof]);
    }

    #[test]
    fn comments_need_a_space_before_them() {
        use TokenKind::*;
        assert_eq!(kinds("a # note"), vec![Word, Eof]);
        assert_eq!(kinds("p.md#top"), vec![Word, Dot, Word, Other, Word, Eof]);
    }

    #[test]
    fn unterminated_string_is_an_error() {
        let mut errors = Vec::new();
        let tokens = lex("a: \"open\nb", &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, Span { start: 3, end: 8 });
        assert_eq!(tokens[2].kind, TokenKind::Str);
    }

    #[test]
    fn unquote_resolves_escapes() {
        assert_eq!(unquote(r#""a \"b\" \\ c""#), r#"a "b" \ c"#);
    }
}
