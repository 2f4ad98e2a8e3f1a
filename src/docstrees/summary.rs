//! mdBook's `SUMMARY.md`: prefix chapters (`[Intro](README.md)` before the list), numbered chapters
//! (`- [Title](path.md)`, nested by indentation), part headings (`# Part`), separators (`---`),
//! draft chapters (`[Title]()`, which have no page) and suffix chapters after the list.

use super::nav::{NavNode, SUMMARY_FILE};

/// One `[title](dest)` entry with its indentation and its span in the file.
struct Entry {
    indent: usize,
    title: String,
    dest: String,
    span: std::ops::Range<usize>,
}

/// `[title](dest)` at the start of `line` (after a list marker, if any).
fn link(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('[')?;
    let close = rest.rfind("](")?;
    let title = rest[..close].to_string();
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    let dest = after[..end].trim().trim_matches(['<', '>']).to_string();
    Some((title, dest))
}

fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The summary's entries as navigation; paths are relative to `content/`.
pub fn parse(text: &str) -> Vec<NavNode> {
    let mut top: Vec<NavNode> = Vec::new();
    // Open chapters: (indentation, node) from outermost to innermost.
    let mut open: Vec<(usize, NavNode)> = Vec::new();
    let mut seen_entry = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with("<!--") {
            continue;
        }
        if let Some(title) = trimmed.strip_prefix("# ") {
            close_all(&mut open, &mut top);
            // The first heading before any entry is the summary's own title.
            if seen_entry {
                top.push(NavNode::Part {
                    title: title.trim().to_string(),
                });
            }
            continue;
        }
        if matches!(trimmed, "---" | "***" | "___") {
            close_all(&mut open, &mut top);
            continue;
        }
        let item = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .unwrap_or(trimmed)
            .trim_start();
        let Some((title, dest)) = link(item) else {
            continue;
        };
        seen_entry = true;
        let column = line.len() - trimmed.len();
        let entry = Entry {
            indent: indent_of(line),
            title,
            dest,
            span: start + column..start + line.len(),
        };
        add(entry, &mut open, &mut top);
    }
    close_all(&mut open, &mut top);
    top
}

/// Closes the chapters at or deeper than `indent`, attaching each to its parent.
fn close_to(indent: usize, open: &mut Vec<(usize, NavNode)>, top: &mut Vec<NavNode>) {
    while open.last().is_some_and(|(i, _)| *i >= indent) {
        let (_, node) = open.pop().expect("checked above");
        match open.last_mut() {
            Some((_, NavNode::Page { children, .. })) => children.push(node),
            _ => top.push(node),
        }
    }
}

fn close_all(open: &mut Vec<(usize, NavNode)>, top: &mut Vec<NavNode>) {
    close_to(0, open, top);
}

fn add(entry: Entry, open: &mut Vec<(usize, NavNode)>, top: &mut Vec<NavNode>) {
    close_to(entry.indent, open, top);
    let dest = entry.dest.split('#').next().unwrap_or_default();
    let node = if dest.is_empty() {
        // A draft chapter: no page, so it leaves the navigation; its children stay, one level up.
        return;
    } else if dest.contains("://") {
        NavNode::Link {
            title: entry.title,
            url: entry.dest,
        }
    } else {
        let base = SUMMARY_FILE.trim_end_matches("SUMMARY.md");
        let path = crate::site::paths::join(base, dest).unwrap_or_default();
        NavNode::Page {
            path,
            title: Some(entry.title),
            span: entry.span,
            children: Vec::new(),
        }
    };
    open.push((entry.indent, node));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(nodes: &[NavNode]) -> Vec<String> {
        let mut out = Vec::new();
        for node in nodes {
            match node {
                NavNode::Page {
                    path,
                    title,
                    children,
                    ..
                } => {
                    out.push(format!("{path}={}", title.clone().unwrap_or_default()));
                    for child in shape(children) {
                        out.push(format!("  {child}"));
                    }
                }
                NavNode::Part { title } => out.push(format!("# {title}")),
                NavNode::Link { title, url } => out.push(format!("{title}->{url}")),
            }
        }
        out
    }

    #[test]
    fn summary_keeps_order_nesting_parts_and_drops_drafts() {
        let text = "# Summary\n\n[Intro](README.md)\n\n# Guide\n\n- [Start](guide/start.md)\n    - [Deep](guide/deep.md)\n    - [Later]()\n- [Ref](ref/README.md)\n\n---\n\n[Site](https://x.org/)\n";
        assert_eq!(
            shape(&parse(text)),
            [
                "content/README.md=Intro",
                "# Guide",
                "content/guide/start.md=Start",
                "  content/guide/deep.md=Deep",
                "content/ref/README.md=Ref",
                "Site->https://x.org/",
            ]
        );
    }
}
