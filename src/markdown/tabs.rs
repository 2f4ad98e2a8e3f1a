//! Tabs: one content shown in several variants (the same config for nginx and HAProxy). Two ways to
//! write a tab set, both turned into plain Markdown between raw HTML before the page is parsed:
//!
//! - consecutive fenced blocks whose info string carries `tab="Label"` (blank lines between them
//!   allowed), the first optionally `group="name"`;
//! - MkDocs' `=== "Label"` lines at the start of a line, each followed by its body indented four
//!   spaces (consecutive ones form one set).
//!
//! The HTML is every panel after its label (`<div class="tabs">` > `<div class="tab-panel">` >
//! `<p class="tab-label">`), so a reader without JavaScript sees all variants; `site.js` turns it
//! into a WAI-ARIA tab list. A set's group (its `group=`, else its labels) lets a chosen tab be
//! remembered across pages.

use std::ops::Range;

use super::include::{Origin, SourceMap};
use crate::highlight::escape;

/// A page body with its tab sets turned into HTML; `None` when it has none.
pub(super) fn expand(text: &str) -> Option<(String, SourceMap)> {
    if !text.contains("tab=\"") && !text.contains("=== \"") {
        return None;
    }
    let lines = lines_of(text);
    let mut out = Writer::default();
    let mut index = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut changed = false;
    while index < lines.len() {
        let line = &text[lines[index].clone()];
        if let Some(open) = fence {
            if closes(line, open) {
                fence = None;
            }
            out.page(text, lines[index].clone());
            index += 1;
            continue;
        }
        let next = if tab_fence(line).is_some() {
            fence_set(text, &lines, index, &mut out)
        } else if mkdocs_label(line).is_some() {
            mkdocs_set(text, &lines, index, &mut out)
        } else {
            None
        };
        match next {
            Some(after) => {
                changed = true;
                index = after;
            }
            None => {
                fence = opens(line);
                out.page(text, lines[index].clone());
                index += 1;
            }
        }
    }
    changed.then(|| (out.text, SourceMap::from_runs(out.runs)))
}

#[derive(Default)]
struct Writer {
    text: String,
    runs: Vec<(usize, Origin)>,
}

impl Writer {
    /// Copies `range` of the page.
    fn page(&mut self, text: &str, range: Range<usize>) {
        self.runs.push((
            self.text.len(),
            Origin::Page {
                file_at: range.start,
            },
        ));
        self.text.push_str(&text[range]);
    }

    /// Writes made-up text that stands for `range` of the page.
    fn made(&mut self, made: &str, range: Range<usize>) {
        self.runs.push((self.text.len(), Origin::Directive(range)));
        self.text.push_str(made);
    }
}

fn lines_of(text: &str) -> Vec<Range<usize>> {
    let mut at = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let range = at..at + line.len();
            at = range.end;
            range
        })
        .collect()
}

/// A fence opening at the line's start: (fence character, length).
fn opens(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let byte = *trimmed.as_bytes().first()?;
    if byte != b'`' && byte != b'~' {
        return None;
    }
    let run = trimmed.bytes().take_while(|b| *b == byte).count();
    (run >= 3).then_some((byte, run))
}

fn closes(line: &str, (byte, run): (u8, usize)) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= run && trimmed.bytes().all(|b| b == byte)
}

/// The value of `name="..."` in a fence's info string.
fn attribute<'l>(info: &'l str, name: &str) -> Option<&'l str> {
    let key = format!("{name}=\"");
    let start = info.find(&key)? + key.len();
    let end = info[start..].find('"')?;
    Some(&info[start..start + end])
}

/// A fence line with `tab="Label"`: (label, group).
fn tab_fence(line: &str) -> Option<(&str, Option<&str>)> {
    opens(line)?;
    let info = line.trim_start().trim_start_matches(['`', '~']);
    Some((attribute(info, "tab")?, attribute(info, "group")))
}

/// The fence line without its `tab=` and `group=` attributes (the language stays the first word).
fn plain_fence(line: &str) -> String {
    let mut out = line.to_string();
    for name in ["tab", "group"] {
        if let Some(value) = attribute(&out, name) {
            let whole = format!("{name}=\"{value}\"");
            out = out.replacen(&whole, "", 1);
        }
    }
    out
}

/// The label of a `=== "Label"` line.
fn mkdocs_label(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("===")?;
    let rest = rest.strip_prefix(['!', '+']).unwrap_or(rest);
    let rest = rest.strip_prefix(' ')?.trim_end();
    rest.strip_prefix('"')?.strip_suffix('"')
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The next line at or after `index` that is not blank.
fn skip_blank(text: &str, lines: &[Range<usize>], mut index: usize) -> usize {
    while index < lines.len() && is_blank(&text[lines[index].clone()]) {
        index += 1;
    }
    index
}

fn open_set(out: &mut Writer, group: &str, at: Range<usize>) {
    let open = format!(
        "<div class=\"tabs\" data-tab-group=\"{}\">\n\n",
        escape(group)
    );
    out.made(&open, at);
}

fn open_panel(out: &mut Writer, label: &str, at: Range<usize>) {
    let label = escape(label);
    let open = format!(
        "<div class=\"tab-panel\" data-tab-label=\"{label}\">\n<p class=\"tab-label\">{label}</p>\n\n"
    );
    out.made(&open, at);
}

fn default_group(labels: &[&str]) -> String {
    labels.join("|").to_lowercase()
}

/// Writes the tab set of consecutive `tab=` fences starting at `first`; returns the line after it.
fn fence_set(text: &str, lines: &[Range<usize>], first: usize, out: &mut Writer) -> Option<usize> {
    // (label, opening line, closing line) of each fence.
    let mut fences = Vec::new();
    let mut index = first;
    let mut group = None;
    while index < lines.len() {
        let line = &text[lines[index].clone()];
        let Some((label, named)) = tab_fence(line) else {
            break;
        };
        group = group.or(named);
        let open = opens(line)?;
        let close = (index + 1..lines.len()).find(|&i| closes(&text[lines[i].clone()], open))?;
        fences.push((label, index, close));
        index = skip_blank(text, lines, close + 1);
    }
    let labels: Vec<&str> = fences.iter().map(|(label, _, _)| *label).collect();
    let group = group.map_or_else(|| default_group(&labels), str::to_string);
    let start = lines[first].clone();
    open_set(out, &group, start.clone());
    for (label, open, close) in &fences {
        let fence_line = lines[*open].clone();
        open_panel(out, label, fence_line.clone());
        out.made(&plain_fence(&text[fence_line.clone()]), fence_line);
        for line in &lines[open + 1..=*close] {
            out.page(text, line.clone());
        }
        if !text[lines[*close].clone()].ends_with('\n') {
            out.made("\n", lines[*close].end..lines[*close].end);
        }
        out.made("\n</div>\n\n", lines[*close].clone());
    }
    let last = lines[fences.last()?.2].clone();
    out.made("</div>\n\n", last);
    Some(fences.last()?.2 + 1)
}

/// Writes the tab set of consecutive `=== "Label"` blocks starting at `first`; returns the line
/// after it.
fn mkdocs_set(text: &str, lines: &[Range<usize>], first: usize, out: &mut Writer) -> Option<usize> {
    // (label, label line, body lines) of each tab.
    let mut tabs: Vec<(&str, usize, Range<usize>)> = Vec::new();
    let mut index = first;
    while index < lines.len() {
        let Some(label) = mkdocs_label(&text[lines[index].clone()]) else {
            break;
        };
        let body_start = index + 1;
        let mut end = body_start;
        let mut last_text = body_start;
        while end < lines.len() {
            let line = &text[lines[end].clone()];
            if is_blank(line) {
                end += 1;
            } else if line.starts_with("    ") || line.starts_with('\t') {
                end += 1;
                last_text = end;
            } else {
                break;
            }
        }
        tabs.push((label, index, body_start..last_text));
        index = skip_blank(text, lines, last_text);
    }
    let labels: Vec<&str> = tabs.iter().map(|(label, _, _)| *label).collect();
    open_set(out, &default_group(&labels), lines[first].clone());
    let mut after = first;
    for (label, label_line, body) in &tabs {
        open_panel(out, label, lines[*label_line].clone());
        for line in &lines[body.clone()] {
            let source = &text[line.clone()];
            let indent = if source.starts_with('\t') {
                1
            } else {
                source.len() - source.trim_start_matches(' ').len()
            };
            let strip = indent
                .min(4)
                .min(source.trim_end_matches(['\n', '\r']).len());
            out.page(text, line.start + strip..line.end);
        }
        let end = body.end.max(label_line + 1);
        let close_at = lines[end - 1].clone();
        if !text[close_at.clone()].ends_with('\n') {
            out.made("\n", close_at.end..close_at.end);
        }
        out.made("\n</div>\n\n", close_at);
        after = end;
    }
    out.made("</div>\n\n", lines[after - 1].clone());
    Some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_tab_fences_form_one_set() {
        let text = "Intro\n\n```nginx tab=\"nginx\"\nA\n```\n\n```haproxy tab=\"HAProxy\"\nB\n```\nAfter\n";
        let (html, _) = expand(text).expect("has tabs");
        assert!(html.contains("<div class=\"tabs\" data-tab-group=\"nginx|haproxy\">"));
        assert_eq!(html.matches("class=\"tab-panel\"").count(), 2, "{html}");
        assert!(html.contains("```nginx \nA\n```\n"), "{html}");
        assert!(html.ends_with("</div>\n\nAfter\n"), "{html}");
    }

    #[test]
    fn mkdocs_tabs_are_dedented_and_grouped_by_labels() {
        let text = "=== \"One\"\n\n    Text **one**\n\n=== \"Two\"\n    ```toml\n    a = 1\n    ```\n\nAfter\n";
        let (html, map) = expand(text).expect("has tabs");
        assert!(html.contains("data-tab-group=\"one|two\""), "{html}");
        assert!(html.contains("\nText **one**\n"), "{html}");
        assert!(html.contains("\n```toml\na = 1\n```\n"), "{html}");
        assert!(html.ends_with("After\n"), "{html}");
        // The dedented text maps back to its place in the page.
        let at = html.find("Text").unwrap();
        assert_eq!(map.span(at..at + 4), 15..19);
    }

    #[test]
    fn tab_syntax_inside_a_code_block_is_left_alone() {
        let text = "````markdown\n=== \"One\"\n    x\n````\n";
        assert!(expand(text).is_none());
    }
}
