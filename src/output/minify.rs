//! Build-time minification of the stylesheets and scripts a site ships: only changes that cannot
//! alter meaning, so it is safe on any author's file.
//!
//! CSS: comments go, whitespace runs become one space, and the space beside `{ } ; ,` and after `:`
//! goes (never before `:`, which would turn `.a :hover` into `.a:hover`); strings are kept as written.
//! JavaScript: leading indentation, blank lines and whole-line `//` comments go; a script with a
//! template literal (a backtick) is left alone, since its lines may be part of a string.

/// Whether a file at URL path `path` is minified.
pub fn applies(path: &str) -> bool {
    path.ends_with(".css") || path.ends_with(".js")
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
    if text.contains('`') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
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
    fn other_files_pass_through() {
        assert_eq!(file("a.svg", b"  <svg/>".to_vec()), b"  <svg/>");
    }
}
