//! Includes: `{{#include path}}`, `{{#include path:anchor}}` and `{{#include path:10:20}}` (mdBook's
//! syntax; `{{#rustdoc_include ...}}` is read the same way) are replaced by the file's text, or a
//! part of it, before the Markdown is parsed. Inside a fenced block the text becomes the block's
//! code; anywhere else it becomes part of the page. `\{{#include ...}}` is written as is.
//!
//! Paths are relative to the file holding the directive and must stay inside the site. A named
//! region runs from the line holding `ANCHOR: name` to the one holding `ANCHOR_END: name`, in any
//! comment syntax; marker lines are left out of what is included. Included Markdown may include
//! again; a file that includes itself (through any chain) is an error showing the chain.
//!
//! The expanded text comes with a [`SourceMap`] so every later diagnostic still points into the
//! page: text that came from an include points at its directive.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

const DIRECTIVES: [&str; 2] = ["{{#include ", "{{#rustdoc_include "];
/// Deeper than this is surely a mistake even without a cycle.
const MAX_DEPTH: usize = 10;

/// Where a run of the expanded text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Origin {
    /// Copied from the page: expanded offset `at` is file offset `file_at`.
    Page { file_at: usize },
    /// Included: every offset inside points at the directive.
    Directive(Range<usize>),
}

/// Maps offsets in the expanded body back to offsets in the page's file.
#[derive(Debug, Clone)]
pub(super) struct SourceMap {
    /// (expanded offset where the run starts, origin), sorted by offset; never empty.
    runs: Vec<(usize, Origin)>,
}

impl SourceMap {
    pub(super) fn identity(file_at: usize) -> SourceMap {
        SourceMap {
            runs: vec![(0, Origin::Page { file_at })],
        }
    }

    /// A map from runs sorted by offset, the first at 0.
    pub(super) fn from_runs(runs: Vec<(usize, Origin)>) -> SourceMap {
        match runs.first() {
            Some((0, _)) => SourceMap { runs },
            _ => SourceMap::identity(0),
        }
    }

    /// The file span of an expanded span.
    pub(super) fn span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.start(range.start);
        let end = self.end(range.end).max(start);
        start..end
    }

    fn start(&self, offset: usize) -> usize {
        let index = self.runs.partition_point(|(at, _)| *at <= offset);
        self.resolve(index.saturating_sub(1), offset, true)
    }

    fn end(&self, offset: usize) -> usize {
        // An end on a run's first byte belongs to the run before.
        let index = self.runs.partition_point(|(at, _)| *at < offset);
        self.resolve(index.saturating_sub(1), offset, false)
    }

    fn resolve(&self, index: usize, offset: usize, start: bool) -> usize {
        match &self.runs[index] {
            (at, Origin::Page { file_at }) => file_at + offset.saturating_sub(*at),
            (_, Origin::Directive(range)) if start => range.start,
            (_, Origin::Directive(range)) => range.end,
        }
    }
}

/// A page body with its includes put in.
pub(super) struct Expanded<'t> {
    pub(super) text: Cow<'t, str>,
    pub(super) map: SourceMap,
    /// Root-relative paths of every file read (or looked for), for `serve`.
    pub(super) includes: Vec<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Included files, for diagnostics that point into them.
    pub(super) sources: Vec<(String, Arc<str>)>,
}

/// Expands the includes in `body`, which starts at `body_start` in the file `path` (root-relative)
/// in the folder `dir`.
pub(super) fn expand<'t>(
    body: &'t str,
    body_start: usize,
    path: &str,
    dir: &str,
    root: &Path,
) -> Expanded<'t> {
    let mut expanded = Expanded {
        text: Cow::Borrowed(body),
        map: SourceMap::identity(body_start),
        includes: Vec::new(),
        diagnostics: Vec::new(),
        sources: Vec::new(),
    };
    if !body.contains("{{#") {
        return expanded;
    }
    let mut walk = Walk {
        root,
        chain: vec![path.to_string()],
        out: String::with_capacity(body.len()),
        runs: Vec::new(),
        expanded: &mut expanded,
    };
    walk.file(body, body_start, path, dir, None);
    let (out, runs) = (walk.out, walk.runs);
    expanded.text = Cow::Owned(out);
    expanded.map = SourceMap { runs };
    expanded
}

struct Walk<'e, 't> {
    root: &'e Path,
    /// The files being expanded, outermost first.
    chain: Vec<String>,
    out: String,
    runs: Vec<(usize, Origin)>,
    expanded: &'e mut Expanded<'t>,
}

/// One directive found in a text.
struct Directive<'s> {
    /// The whole `{{#include ...}}`, in the text.
    span: Range<usize>,
    /// The argument, and where it starts in the text.
    argument: &'s str,
    argument_at: usize,
}

impl Walk<'_, '_> {
    /// Copies `text` (at `base` in `path`) into the output with its directives expanded.
    /// `directive` is the outermost directive being expanded (`None` for the page itself).
    fn file(
        &mut self,
        text: &str,
        base: usize,
        path: &str,
        dir: &str,
        directive: Option<&Range<usize>>,
    ) {
        let mut copied = 0;
        let mut rest_at = 0;
        while let Some(found) = next_directive(text, rest_at) {
            match found {
                Found::Escaped(backslash) => {
                    self.copy(&text[copied..backslash], base + copied, directive);
                    copied = backslash + 1;
                    rest_at = backslash + 2;
                }
                Found::Directive(found) => {
                    self.copy(&text[copied..found.span.start], base + copied, directive);
                    copied = found.span.end;
                    rest_at = found.span.end;
                    let file_span = base + found.span.start..base + found.span.end;
                    let outer = directive.cloned().unwrap_or(file_span.clone());
                    let indent = indent_before(text, found.span.start);
                    if let Err(error) = self.include(&found, base, path, dir, &outer, indent) {
                        self.expanded.diagnostics.push(error);
                    }
                }
            }
        }
        self.copy(&text[copied..], base + copied, directive);
    }

    fn copy(&mut self, text: &str, file_at: usize, directive: Option<&Range<usize>>) {
        if text.is_empty() {
            return;
        }
        let origin = match directive {
            Some(range) => Origin::Directive(range.clone()),
            None => Origin::Page { file_at },
        };
        if self.runs.last().map(|(_, o)| o) != Some(&origin) || directive.is_none() {
            self.runs.push((self.out.len(), origin));
        }
        self.out.push_str(text);
    }

    /// Reads and puts in what one directive names; `Err` says why it cannot.
    fn include(
        &mut self,
        found: &Directive,
        base: usize,
        path: &str,
        dir: &str,
        outer: &Range<usize>,
        indent: &str,
    ) -> Result<(), Diagnostic> {
        let argument_span =
            base + found.argument_at..base + found.argument_at + found.argument.len();
        let at = |d: Diagnostic, label: &str| d.at(path, argument_span.clone(), label);
        let (file, selector) = split_argument(found.argument);
        let Some(target) = join(dir, file) else {
            return Err(at(
                Diagnostic::error("N001", format!("include `{file}` leaves the site")),
                "outside the site root",
            ));
        };
        self.expanded.includes.push(target.clone());
        if let Some(first) = self.chain.iter().position(|p| *p == target) {
            let mut cycle: Vec<&str> = self.chain[first..].iter().map(String::as_str).collect();
            cycle.push(&target);
            return Err(at(
                Diagnostic::error("N003", format!("include cycle: {}", cycle.join(" -> "))),
                "includes a file that is already being included",
            ));
        }
        if self.chain.len() > MAX_DEPTH {
            return Err(at(
                Diagnostic::error("N003", format!("includes nest deeper than {MAX_DEPTH}")),
                "too deep",
            ));
        }
        let text = match std::fs::read(self.root.join(&target)).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                return Err(at(
                    Diagnostic::error("N001", format!("included file `{target}` is not UTF-8")),
                    "not text",
                ));
            }
            Err(error) => {
                let why = match error.kind() {
                    std::io::ErrorKind::NotFound => "no such file".to_string(),
                    kind => kind.to_string(),
                };
                return Err(at(
                    Diagnostic::error("N001", format!("cannot read included file `{target}`")),
                    &why,
                ));
            }
        };
        let part = select(&text, selector).map_err(|(message, label)| {
            let d = Diagnostic::error("N002", message);
            at(d, &label)
        })?;
        let mut part = part.strip_suffix('\n').unwrap_or(&part).to_string();
        if !indent.is_empty() {
            // A directive indented in a list item or a tab: every included line keeps its place.
            part = part.replace('\n', &format!("\n{indent}"));
        }
        let text: Arc<str> = Arc::from(text);
        self.expanded.sources.push((target.clone(), text.clone()));
        let target_dir = target.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        self.chain.push(target.clone());
        // The part's offsets are not the file's once marker lines are left out: errors inside it
        // point at the start of the included file.
        let part_base = whole_text_offset(&text, &part);
        self.file(&part, part_base, &target, &target_dir, Some(outer));
        self.chain.pop();
        Ok(())
    }
}

/// The spaces and tabs before `at` on its line, when nothing else precedes it there.
fn indent_before(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    if before.bytes().all(|b| b == b' ' || b == b'\t') {
        before
    } else {
        ""
    }
}

/// Where `part` sits in `text` when it is one slice of it; the file's start otherwise.
fn whole_text_offset(text: &str, part: &str) -> usize {
    text.find(part).unwrap_or(0)
}

enum Found<'s> {
    /// `\{{#...`: the backslash's offset.
    Escaped(usize),
    Directive(Directive<'s>),
}

/// The next directive (or escaped one) in `text` at or after `from`.
fn next_directive(text: &str, from: usize) -> Option<Found<'_>> {
    let mut search = from;
    loop {
        let start = search + text.get(search..)?.find("{{#")?;
        if start > 0 && text.as_bytes()[start - 1] == b'\\' {
            return Some(Found::Escaped(start - 1));
        }
        let rest = &text[start..];
        let Some(name) = DIRECTIVES.iter().find(|d| rest.starts_with(**d)) else {
            search = start + 3;
            continue;
        };
        let Some(close) = rest.find("}}") else {
            search = start + 3;
            continue;
        };
        let inner = &rest[name.len()..close];
        if inner.contains('\n') {
            search = start + 3;
            continue;
        }
        let trimmed = inner.trim();
        let argument_at = start + name.len() + (inner.len() - inner.trim_start().len());
        return Some(Found::Directive(Directive {
            span: start..start + close + 2,
            argument: trimmed,
            argument_at,
        }));
    }
}

/// The root-relative files the directives of `text` (a file in folder `dir`) name, without
/// reading them; directives leaving the site are skipped (expanding reports them).
pub(crate) fn named_files(text: &str, dir: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut from = 0;
    if !text.contains("{{#") {
        return files;
    }
    while let Some(found) = next_directive(text, from) {
        match found {
            Found::Escaped(backslash) => from = backslash + 2,
            Found::Directive(directive) => {
                from = directive.span.end;
                let (file, _) = split_argument(directive.argument);
                files.extend(join(dir, file));
            }
        }
    }
    files
}

/// `file.conf:10:20` -> (`file.conf`, `10:20`).
fn split_argument(argument: &str) -> (&str, &str) {
    match argument.split_once(':') {
        Some((file, selector)) => (file, selector),
        None => (argument, ""),
    }
}

/// `dir` joined with the relative `file`, `..` resolved; `None` when it leaves the root.
fn join(dir: &str, file: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    if file.starts_with('/') {
        return None;
    }
    for part in file.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The part of `text` the selector names: all of it (empty), a line range (`10:20`, `10:`,
/// `:20`, `10`), or an anchor name. `Err((message, label))` for a range or anchor that is not there.
fn select<'t>(text: &'t str, selector: &str) -> Result<Cow<'t, str>, (String, String)> {
    let selector = selector.trim();
    if selector.is_empty() {
        return Ok(without_markers(text.split_inclusive('\n')));
    }
    if selector.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return lines(text, selector).map(Cow::Borrowed);
    }
    anchored(text, selector)
}

fn lines<'t>(text: &'t str, selector: &str) -> Result<&'t str, (String, String)> {
    let bad = |why: String| (format!("bad line range `{selector}`: {why}"), why);
    let number = |s: &str, default: usize| -> Result<usize, (String, String)> {
        if s.is_empty() {
            return Ok(default);
        }
        s.parse::<usize>()
            .map_err(|_| bad(format!("`{s}` is not a line number")))
    };
    let count = text.split_inclusive('\n').count();
    let (first, last) = match selector.split_once(':') {
        Some((a, b)) => (number(a, 1)?, number(b, count)?),
        None => {
            let line = number(selector, 1)?;
            (line, line)
        }
    };
    if first == 0 {
        return Err(bad("lines are numbered from 1".into()));
    }
    if first > last {
        return Err(bad(format!("line {first} comes after line {last}")));
    }
    if last > count {
        return Err(bad(format!("the file has {count} lines")));
    }
    let mut offsets = text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some(start..*at)
    });
    let start = offsets.nth(first - 1).map_or(0, |r| r.start);
    let end = if last == first {
        text.split_inclusive('\n')
            .take(last)
            .map(str::len)
            .sum::<usize>()
    } else {
        offsets.nth(last - first - 1).map_or(text.len(), |r| r.end)
    };
    Ok(&text[start..end])
}

/// The name after `ANCHOR:` or `ANCHOR_END:` on `line`, if the marker is there.
fn marker<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let at = line.find(marker)?;
    let rest = line[at + marker.len()..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn is_marker(line: &str) -> bool {
    marker(line, "ANCHOR:").is_some() || marker(line, "ANCHOR_END:").is_some()
}

fn without_markers<'t>(mut lines: impl Iterator<Item = &'t str> + Clone) -> Cow<'t, str> {
    if !lines.clone().any(is_marker) {
        return Cow::Owned(lines.collect());
    }
    let mut out = String::new();
    for line in lines.by_ref() {
        if !is_marker(line) {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

fn anchored<'t>(text: &'t str, name: &str) -> Result<Cow<'t, str>, (String, String)> {
    let mut lines = text.split_inclusive('\n');
    if !lines
        .by_ref()
        .any(|line| marker(line, "ANCHOR:") == Some(name))
    {
        return Err((
            format!("no `ANCHOR: {name}` in the included file"),
            "no such anchor".into(),
        ));
    }
    let region: Vec<&str> = lines
        .clone()
        .take_while(|line| marker(line, "ANCHOR_END:") != Some(name))
        .collect();
    if !lines.any(|line| marker(line, "ANCHOR_END:") == Some(name)) {
        return Err((
            format!("`ANCHOR: {name}` has no `ANCHOR_END: {name}`"),
            "anchor never ends".into(),
        ));
    }
    Ok(without_markers(region.into_iter()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = "one\n# ANCHOR: mid\ntwo\nthree\n# ANCHOR_END: mid\nfour\n";

    #[test]
    fn line_ranges_select_inclusive_lines() {
        assert_eq!(lines(CONF, "1").unwrap(), "one\n");
        assert_eq!(lines(CONF, "3:4").unwrap(), "two\nthree\n");
        assert_eq!(lines(CONF, ":1").unwrap(), "one\n");
        assert_eq!(lines(CONF, "6:").unwrap(), "four\n");
        assert!(lines(CONF, "0:2").is_err());
        assert!(lines(CONF, "4:2").is_err());
        assert!(lines(CONF, "2:9").is_err());
    }

    #[test]
    fn anchors_select_their_region_without_markers() {
        assert_eq!(anchored(CONF, "mid").unwrap(), "two\nthree\n");
        assert!(anchored(CONF, "nope").is_err());
        assert!(anchored("// ANCHOR: x\nbody\n", "x").is_err());
        assert_eq!(select(CONF, "").unwrap(), "one\ntwo\nthree\nfour\n");
    }

    #[test]
    fn joined_paths_stay_inside_the_root() {
        assert_eq!(
            join("content/lb", "../x.conf").as_deref(),
            Some("content/x.conf")
        );
        assert_eq!(join("content", "../../x"), None);
        assert_eq!(join("content", "/etc/passwd"), None);
    }

    #[test]
    fn the_map_points_included_text_at_its_directive() {
        let map = SourceMap {
            runs: vec![
                (0, Origin::Page { file_at: 10 }),
                (4, Origin::Directive(14..30)),
                (9, Origin::Page { file_at: 30 }),
            ],
        };
        assert_eq!(map.span(0..4), 10..14);
        assert_eq!(map.span(5..7), 14..30);
        assert_eq!(map.span(9..11), 30..32);
    }

    #[test]
    fn escaped_directives_are_found_as_escapes() {
        let text = r"a \{{#include x}} b";
        assert!(matches!(next_directive(text, 0), Some(Found::Escaped(2))));
    }
}
