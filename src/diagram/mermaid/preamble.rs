//! What comes before the statements: YAML front matter (`---` / `title: x` / `---`), `%%{init}%%`
//! directives and comments, then the keyword that names the diagram type. Only the title is used;
//! the rest (theme, config) is ignored, since our theme draws the diagram.

use super::ast::Hint;
use crate::diagram::Span;
use crate::diagram::syntax::Spanned;

pub struct Preamble {
    pub title: Option<String>,
    /// Where the type keyword starts.
    pub body: usize,
    /// The type keyword (`flowchart`, `sequenceDiagram`, ...) and its span; `None` for an empty block.
    pub keyword: Option<(String, Span)>,
}

pub fn read(source: &str) -> Preamble {
    let mut pos = 0;
    let mut title = None;
    let lines = line_starts(source);
    let mut i = 0;
    // Front matter: at the top (blank lines and `%%` comments allowed before it).
    while i < lines.len() && {
        let text = line(source, &lines, i).trim();
        text.is_empty() || (text.starts_with("%%") && !text.starts_with("%%{"))
    } {
        i += 1;
    }
    if i < lines.len() && line(source, &lines, i).trim_end() == "---" {
        if let Some(close) =
            (i + 1..lines.len()).find(|j| line(source, &lines, *j).trim_end() == "---")
        {
            for j in i + 1..close {
                let text = line(source, &lines, j);
                if let Some(value) = text.trim_start().strip_prefix("title:") {
                    if !text.starts_with([' ', '\t']) {
                        let value = value.trim().trim_matches(['"', '\'']);
                        title = Some(value.to_string()).filter(|t| !t.is_empty());
                    }
                }
            }
            i = close + 1;
        }
    }
    if i < lines.len() {
        pos = lines[i];
    } else if i > 0 {
        pos = source.len();
    }
    // Blank lines, comments and directives (a directive may span lines until `}%%`).
    loop {
        let rest = &source[pos..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with("%%{") {
            pos += trimmed.find("}%%").map_or(trimmed.len(), |i| i + 3);
        } else if trimmed.starts_with("%%") {
            pos += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            break;
        }
    }
    let rest = &source[pos..];
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(rest.len());
    let keyword = (len > 0).then(|| {
        (
            rest[..len].to_string(),
            Span {
                start: pos,
                end: pos + len,
            },
        )
    });
    Preamble {
        title,
        body: pos,
        keyword,
    }
}

fn line_starts(source: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    if starts.last() == Some(&source.len()) {
        starts.pop();
    }
    starts
}

fn line<'s>(source: &'s str, starts: &[usize], i: usize) -> &'s str {
    let end = starts.get(i + 1).map_or(source.len(), |e| e - 1);
    &source[starts[i]..end.max(starts[i])]
}

/// `%% kind: NODE KIND [ROLE]` (e.g. `%% kind: orders database primary`, or the short
/// `%% kind: orders db-primary`). `line` starts with `%%` at `span.start`.
pub fn hint(line: &str, span: Span) -> Option<Hint> {
    let after = line.strip_prefix("%%")?;
    let body = after.trim_start().strip_prefix("kind:")?;
    let body_start = span.start + line.len() - body.len();
    let mut words = Vec::new();
    let mut offset = 0;
    for word in body.split_whitespace() {
        let at = body[offset..].find(word).map_or(offset, |i| offset + i);
        words.push(Spanned {
            value: word.to_string(),
            span: Span {
                start: body_start + at,
                end: body_start + at + word.len(),
            },
        });
        offset = at + word.len();
    }
    let mut words = words.into_iter();
    let node = words.next()?;
    let mut kind = words.next()?;
    let mut role = words.next();
    if let Some((base, suffix)) = kind.value.clone().rsplit_once('-') {
        if matches!(base, "db" | "database")
            && matches!(suffix, "primary" | "replica" | "standalone")
        {
            role = Some(Spanned {
                value: suffix.to_string(),
                span: Span {
                    start: kind.span.end - suffix.len(),
                    end: kind.span.end,
                },
            });
            kind.value = base.to_string();
            kind.span.end -= suffix.len() + 1;
        }
    }
    if kind.value == "db" {
        kind.value = "database".to_string();
    }
    Some(Hint { node, kind, role })
}

/// `%% allow: single-writer, unmonitored-host`: the rule names with their spans.
pub fn allow(line: &str, span: Span) -> Vec<Spanned<String>> {
    let Some(body) = line
        .strip_prefix("%%")
        .and_then(|after| after.trim_start().strip_prefix("allow:"))
    else {
        return Vec::new();
    };
    let body_start = span.start + line.len() - body.len();
    let mut names = Vec::new();
    let mut offset = 0;
    for piece in body.split(',') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let at = offset + piece.find(trimmed).unwrap_or(0);
            names.push(Spanned {
                value: trimmed.to_string(),
                span: Span {
                    start: body_start + at,
                    end: body_start + at + trimmed.len(),
                },
            });
        }
        offset += piece.len() + 1;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_title_and_directive_are_skipped() {
        let source = "---\ntitle: Orders\nconfig:\n  theme: dark\n---\n%%{init: {'theme':'forest'}}%%\nflowchart LR\n";
        let pre = read(source);
        assert_eq!(pre.title.as_deref(), Some("Orders"));
        assert_eq!(pre.keyword.map(|k| k.0).as_deref(), Some("flowchart"));
        assert_eq!(&source[pre.body..pre.body + 9], "flowchart");
    }

    #[test]
    fn a_kind_hint_splits_the_short_database_form() {
        let hint = hint("%% kind: orders db-primary", Span { start: 10, end: 36 }).unwrap();
        assert_eq!(hint.node.value, "orders");
        assert_eq!(hint.kind.value, "database");
        assert_eq!(
            hint.role.as_ref().map(|r| r.value.as_str()),
            Some("primary")
        );
        assert_eq!(hint.node.span, Span { start: 19, end: 25 });
    }
}
