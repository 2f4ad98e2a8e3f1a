//! Build-time minification of the stylesheets and scripts a site ships: only changes that cannot
//! alter meaning, so it is safe on any author's file.
//!
//! CSS: comments go, whitespace runs become one space, and the space beside `{ } ; ,` and after `:`
//! goes (never before `:`, which would turn `.a :hover` into `.a:hover`); strings are kept as written.
//! JavaScript: indentation, trailing blanks, blank lines and whole-line `//` comments go, except where
//! a line starts or ends inside a template literal (or a string continued with `\`), whose text it
//! is: a small scanner follows strings, comments, template literals (nested through `${...}`) and
//! regular expression literals to know. Newlines stay, so automatic semicolons are unchanged.

/// Whether a file at URL path `path` is minified. Pagefind's bundle is left as Pagefind wrote it:
/// it is minified already, and a build from the index cache (files copied) must give the bytes of
/// one made in memory.
pub fn applies(path: &str) -> bool {
    let generated = path
        .strip_prefix(crate::search::BUNDLE_DIR)
        .is_some_and(|rest| rest.starts_with('/'));
    (path.ends_with(".css") || path.ends_with(".js")) && !generated
}

/// `bytes` of the file at `path`, minified when [`applies`] and valid UTF-8; otherwise unchanged.
pub fn file(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    if !applies(path) {
        return bytes;
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let small = if path.ends_with(".css") {
        css(text)
    } else {
        js(text)
    };
    small.into_bytes()
}

/// Minified CSS.
pub fn css(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                skip_whitespace(&mut chars);
            }
            ':' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                // In a declaration the space after `:` means nothing; in a selector there is none.
                skip_whitespace(&mut chars);
            }
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out.trim().to_owned()
}

fn flush_space(out: &mut String, pending: &mut bool, next: char) {
    let after_punct = out.ends_with(['{', '}', ';', ',']) || out.is_empty();
    if *pending && !after_punct && !matches!(next, '{' | '}' | ';' | ',') {
        out.push(' ');
    }
    *pending = false;
}

fn skip_whitespace(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}

/// Minified JavaScript (see the module doc for what is removed).
pub fn js(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut scanner = Scanner::default();
    for line in text.lines() {
        // Whitespace at either end of a line is part of the program only inside a string or a
        // template literal, so it may go where the line starts and ends in code (or a comment).
        let starts_in_code = scanner.mode == Mode::Code;
        let trim_start = matches!(scanner.mode, Mode::Code | Mode::Comment);
        scanner.line(line);
        let trim_end = matches!(scanner.mode, Mode::Code | Mode::Comment);
        let mut kept = line;
        if trim_start {
            kept = kept.trim_start();
        }
        if trim_end {
            kept = kept.trim_end();
        }
        if trim_start && (kept.is_empty() || (starts_in_code && kept.starts_with("//"))) {
            continue;
        }
        out.push_str(kept);
        out.push('\n');
    }
    out
}

/// Where a JavaScript scan stands at the end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Code,
    /// Inside `/* ... */`.
    Comment,
    /// Inside a `'` or `"` string continued onto the next line with a trailing `\`.
    Str(char),
    /// Inside a template literal's text (not in one of its `${...}`).
    Template,
}

/// Just enough of a JavaScript lexer to know whether each line starts and ends inside a string,
/// a template literal or a comment: strings, comments, template literals with nested `${...}`
/// (which may hold template literals again) and regular expression literals, which it tells from
/// division by what precedes the `/`.
#[derive(Debug)]
struct Scanner {
    mode: Mode,
    /// For each open `${`, the depth of `{` opened inside it, so its `}` is found.
    braces: Vec<u32>,
    /// The last character of code that was not whitespace (`(` at the start).
    last: char,
    /// The word that ends at `last`, when `last` ends one.
    word: String,
    /// Whitespace came after `last`: a letter now starts a new word.
    gap: bool,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            mode: Mode::Code,
            braces: Vec::new(),
            last: '(',
            word: String::new(),
            gap: false,
        }
    }
}

/// Words after which a `/` starts a regular expression rather than a division.
const BEFORE_REGEX: [&str; 14] = [
    "return",
    "typeof",
    "case",
    "do",
    "else",
    "in",
    "of",
    "void",
    "yield",
    "await",
    "delete",
    "instanceof",
    "new",
    "throw",
];

impl Scanner {
    fn line(&mut self, line: &str) {
        self.gap = true;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match self.mode {
                Mode::Comment => {
                    if c == '*' && chars.peek() == Some(&'/') {
                        chars.next();
                        self.mode = Mode::Code;
                    }
                }
                Mode::Str(quote) => {
                    if c == '\\' {
                        chars.next();
                    } else if c == quote {
                        self.mode = Mode::Code;
                        self.code_char(quote);
                    }
                }
                Mode::Template => match c {
                    '\\' => {
                        chars.next();
                    }
                    '`' => {
                        self.mode = Mode::Code;
                        self.code_char('`');
                    }
                    '$' if chars.peek() == Some(&'{') => {
                        chars.next();
                        self.braces.push(0);
                        self.mode = Mode::Code;
                        self.code_char('{');
                    }
                    _ => {}
                },
                Mode::Code => {
                    if !self.code(c, &mut chars) {
                        return;
                    }
                }
            }
        }
        // A string ends with its line unless the line ends in a `\` (a continuation).
        if matches!(self.mode, Mode::Str(_)) && !line.ends_with('\\') {
            self.mode = Mode::Code;
        }
    }

    /// One character of code; `false` when the rest of the line is a `//` comment.
    fn code(&mut self, c: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
        match c {
            '/' if chars.peek() == Some(&'/') => return false,
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                self.mode = Mode::Comment;
            }
            '/' if self.regex_may_start() => {
                skip_regex(chars);
                self.code_char('a');
            }
            '"' | '\'' => self.mode = Mode::Str(c),
            '`' => self.mode = Mode::Template,
            '{' => {
                if let Some(depth) = self.braces.last_mut() {
                    *depth += 1;
                }
                self.code_char('{');
            }
            '}' => match self.braces.last_mut() {
                Some(0) => {
                    self.braces.pop();
                    self.mode = Mode::Template;
                }
                Some(depth) => {
                    *depth -= 1;
                    self.code_char('}');
                }
                None => self.code_char('}'),
            },
            c if c.is_whitespace() => self.gap = true,
            c => self.code_char(c),
        }
        true
    }

    fn code_char(&mut self, c: char) {
        let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
        if !is_word(c) {
            self.word.clear();
        } else if is_word(self.last) && !self.gap {
            self.word.push(c);
        } else {
            self.word = c.to_string();
        }
        self.last = c;
        self.gap = false;
    }

    fn regex_may_start(&self) -> bool {
        let after_word = self.last.is_alphanumeric() || matches!(self.last, '_' | '$');
        if after_word {
            return BEFORE_REGEX.contains(&self.word.as_str());
        }
        !matches!(self.last, ')' | ']' | '}' | '"' | '\'' | '`')
    }
}

/// Skips a regular expression literal's body after its opening `/`, up to and with its closing
/// `/` (a `/` inside `[...]` does not close it); its flags are read as code.
fn skip_regex(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '/' if !in_class => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_keeps_meaning() {
        let text = "/* theme */\n.a :hover ,\n.b > .c {\n  color : red ;\n  margin: 0 auto;\n}\n\
                    @media (min-width: 60rem) and (prefers-color-scheme: dark) {\n  .d { content: \"a  ;  b\"; }\n}\n";
        assert_eq!(
            css(text),
            ".a :hover,.b > .c{color :red;margin:0 auto}@media (min-width:60rem) and (prefers-color-scheme:dark){.d{content:\"a  ;  b\"}}"
        );
    }

    #[test]
    fn css_keeps_selector_pseudo_classes_apart() {
        assert_eq!(css(".x :is(.y, .z) a:focus{}"), ".x :is(.y,.z) a:focus{}");
    }

    #[test]
    fn js_drops_indentation_and_comment_lines_only() {
        let text =
            "// a comment\n(function () {\n    var url = \"https://x.org\"; // kept\n\n})();\n";
        assert_eq!(
            js(text),
            "(function () {\nvar url = \"https://x.org\"; // kept\n})();\n"
        );
        assert_eq!(js("var a = `x\n  y`;\n"), "var a = `x\n  y`;\n");
    }

    #[test]
    fn js_keeps_the_text_of_template_literals_and_minifies_around_them() {
        let text = "  var a = `one  \n\n    // not a comment\n  two`;\n    // a comment\n    var b = 1;  \n";
        assert_eq!(
            js(text),
            "var a = `one  \n\n    // not a comment\n  two`;\nvar b = 1;\n"
        );
    }

    #[test]
    fn js_follows_substitutions_nested_templates_and_braces() {
        let text = "var a = `x ${ f({ k: `in ${1}\n   y` }) }\n   z`;\n    done();\n";
        assert_eq!(
            js(text),
            "var a = `x ${ f({ k: `in ${1}\n   y` }) }\n   z`;\ndone();\n"
        );
    }

    #[test]
    fn js_backticks_in_strings_comments_and_regexes_open_nothing() {
        let text = "  var q = \"`\", r = '`';\n  /* ` */ var re = /[`/]+/g;\n  if (x) return /`/.test(s);\n  var d = a / b / c; // `\n    end();\n";
        assert_eq!(
            js(text),
            "var q = \"`\", r = '`';\n/* ` */ var re = /[`/]+/g;\nif (x) return /`/.test(s);\nvar d = a / b / c; // `\nend();\n"
        );
    }

    #[test]
    fn js_keeps_a_string_continued_onto_the_next_line() {
        let text = "  var s = \"a \\\n    b\";\n    next();\n";
        assert_eq!(js(text), "var s = \"a \\\n    b\";\nnext();\n");
    }

    #[test]
    fn js_words_apart_are_two_words() {
        // `b` then `typeof` on the next line is not one word `btypeof`: the `/` starts a regex.
        let text = "  var a = b\n  typeof /`/\n    c();\n";
        assert_eq!(js(text), "var a = b\ntypeof /`/\nc();\n");
    }

    #[test]
    fn js_block_comments_span_lines_without_hiding_code() {
        let text = "  /* one\n     ` two */\n    var x = `a\n b`;\n";
        assert_eq!(js(text), "/* one\n` two */\nvar x = `a\n b`;\n");
    }

    #[test]
    fn other_files_pass_through() {
        assert_eq!(file("a.svg", b"  <svg/>".to_vec()), b"  <svg/>");
        assert_eq!(file("pagefind/pagefind.js", b"  a()".to_vec()), b"  a()");
        assert_eq!(file("pagefinder/x.js", b"  a()".to_vec()), b"a()\n");
    }
}
