//! MkDocs admonitions (`!!! note "Title"`, collapsible `??? note` and `???+ note`, bodies indented
//! four spaces, nesting allowed), rewritten before parsing into the admonition HTML the
//! GitHub-style `> [!NOTE]` blocks get (`<details>` for the collapsible ones) around the dedented
//! body, which stays Markdown. [`OffsetMap`] maps every offset of the rewritten text back to the
//! file, so diagnostics inside an admonition still point at the right line and column.

/// Where each piece of the rewritten text came from.
#[derive(Debug, Default)]
pub(super) struct OffsetMap {
    /// (offset in the rewritten text, offset in the original, copied): copied pieces map byte for
    /// byte, inserted HTML maps to the line that caused it.
    pieces: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    pub(super) fn original(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|(out, _, _)| *out <= offset);
        match index.checked_sub(1).map(|i| self.pieces[i]) {
            Some((out, original, true)) => original + (offset - out),
            Some((_, original, false)) => original,
            None => offset,
        }
    }
}

/// True when `body` may hold an MkDocs admonition (cheap test before [`rewrite`]).
pub(super) fn may_contain(body: &str) -> bool {
    body.contains("!!! ") || body.contains("??? ") || body.contains("???+ ")
}

struct Open {
    indent: usize,
    collapsible: bool,
}

struct Rewriter {
    out: String,
    map: OffsetMap,
}

impl Rewriter {
    fn copy(&mut self, text: &str, from: usize) {
        self.map.pieces.push((self.out.len(), from, true));
        self.out.push_str(text);
    }

    fn insert(&mut self, html: &str, at: usize) {
        self.map.pieces.push((self.out.len(), at, false));
        self.out.push_str(html);
    }
}

/// `!!! type "Title"` (or `???`, `???+`) as (marker, type, title), the title `None` when absent.
fn header(line: &str) -> Option<(&str, &str, Option<&str>)> {
    let (marker, rest) = ["???+", "???", "!!!"]
        .iter()
        .find_map(|m| line.strip_prefix(m).map(|rest| (*m, rest)))?;
    let rest = rest.strip_prefix(' ')?.trim();
    let (kind, title) = match rest.split_once(char::is_whitespace) {
        Some((kind, title)) => (kind, Some(title.trim())),
        None => (rest, None),
    };
    let valid = !kind.is_empty()
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let title = match title {
        Some(t) if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') => {
            Some(&t[1..t.len() - 1])
        }
        Some(_) => return None,
        None => None,
    };
    valid.then_some((marker, kind, title))
}

/// MkDocs' types onto the five the theme styles.
fn class_of(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "caution" | "attention" => "warning",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "caution",
        _ => "note",
    }
}

fn open_html(marker: &str, kind: &str, title: Option<&str>) -> String {
    let class = class_of(kind);
    let default_title;
    let title = match title {
        Some(title) => title,
        None => {
            let mut chars = kind.chars();
            default_title = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default();
            &default_title
        }
    };
    let title = crate::highlight::escape(title);
    match marker {
        "!!!" if title.is_empty() => {
            format!("<div class=\"admonition {class}\" role=\"note\">\n\n")
        }
        "!!!" => format!(
            "<div class=\"admonition {class}\" role=\"note\"><p class=\"admonition-title\">{title}</p>\n\n"
        ),
        _ => {
            let open = if marker == "???+" { " open" } else { "" };
            format!(
                "<details class=\"admonition {class}\"{open}><summary class=\"admonition-title\">{title}</summary>\n\n"
            )
        }
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The body with every MkDocs admonition rewritten, and the map back to `body`'s offsets.
pub(super) fn rewrite(body: &str) -> (String, OffsetMap) {
    let mut rewriter = Rewriter {
        out: String::with_capacity(body.len() + 256),
        map: OffsetMap::default(),
    };
    let mut open: Vec<Open> = Vec::new();
    let mut fence: Option<String> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let blank = line.trim().is_empty();
        let indent = indent_of(line);
        if !blank {
            while open.last().is_some_and(|o| indent < o.indent + 4) {
                let closed = open.pop().expect("checked");
                let close = if closed.collapsible {
                    "\n</details>\n\n"
                } else {
                    "\n</div>\n\n"
                };
                rewriter.insert(close, start);
            }
        }
        let strip = open.last().map_or(0, |o| o.indent + 4).min(indent);
        let text = &line[strip..];
        let trimmed = text.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
        } else if let Some((marker, kind, title)) = header(trimmed.trim_end()) {
            open.push(Open {
                indent,
                collapsible: marker != "!!!",
            });
            rewriter.insert(&open_html(marker, kind, title), start);
            continue;
        }
        rewriter.copy(text, start + strip);
    }
    while let Some(closed) = open.pop() {
        let close = if closed.collapsible {
            "\n</details>\n"
        } else {
            "\n</div>\n"
        };
        rewriter.insert(close, body.len());
    }
    (rewriter.out, rewriter.map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_dedented_inside_the_admonition_html() {
        let body = "Intro.\n\n!!! warning \"Mind the gap\"\n    Body with [a link](x.md).\n\n    More.\n\n??? tip\n    Hidden.\n\nAfter.\n";
        let (out, map) = rewrite(body);
        assert!(out.contains("<div class=\"admonition warning\" role=\"note\"><p class=\"admonition-title\">Mind the gap</p>"), "{out}");
        assert!(out.contains("\nBody with [a link](x.md).\n"), "{out}");
        assert!(out.contains("<details class=\"admonition tip\"><summary class=\"admonition-title\">Tip</summary>"), "{out}");
        assert!(out.ends_with("</details>\n\nAfter.\n"), "{out}");
        let link = out.find("[a link]").expect("link");
        assert_eq!(map.original(link), body.find("[a link]").expect("link"));
        let after = out.find("After").expect("after");
        assert_eq!(map.original(after), body.find("After").expect("after"));
    }

    #[test]
    fn fences_and_plain_text_are_left_alone() {
        let body = "```\n!!! note\n```\n!!!not one\n";
        assert_eq!(rewrite(body).0, body);
    }
}
