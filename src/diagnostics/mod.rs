//! User-facing problems: what went wrong in the input, where (a byte span into a whole file), and how to
//! fix it. Every stage returns these instead of stopping at the first; [`render`] prints them.
//!
//! Paths in diagnostics are relative to the site root with `/` separators, so output is stable across
//! machines and snapshot-testable.

mod line_index;
mod render;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

pub use line_index::LineIndex;
pub use render::{Format, render};

use crate::diagram::{Finding, Severity as DiagramSeverity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing but accepted in the source (a diagram's `expect:`): shown by `check` and
    /// `--verbose`, not counted as a warning, never an error under `--deny-warnings`.
    Note,
}

/// A place in a file: its site-relative path and a byte span into the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `L001`; README lists them.
    pub code: String,
    pub message: String,
    /// Where it happened; `None` for problems with no place (a missing directory).
    pub location: Option<Location>,
    /// Text under the caret.
    pub label: String,
    /// Further places with a note each ("first defined here").
    pub notes: Vec<(Location, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.to_string(),
            message: message.into(),
            location: None,
            label: String::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, path: &str, span: Range<usize>, label: impl Into<String>) -> Self {
        self.location = Some(Location {
            path: path.to_string(),
            span,
        });
        self.label = label.into();
        self
    }

    pub fn note(mut self, path: &str, span: Range<usize>, note: impl Into<String>) -> Self {
        let location = Location {
            path: path.to_string(),
            span,
        };
        self.notes.push((location, note.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }
}

/// Puts diagnostics in report order: by file, then position, then code; placeless ones first.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let loc = d.location.as_ref();
            (
                loc.map(|l| l.path.clone()),
                loc.map(|l| (l.span.start, l.span.end)),
                d.code.clone(),
                d.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// The texts diagnostics point into, keyed by site-relative path, so they can be rendered with snippets.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: BTreeMap<String, (Arc<str>, LineIndex)>,
}

impl Sources {
    pub fn insert(&mut self, path: &str, text: Arc<str>) {
        let index = LineIndex::new(&text);
        self.files.insert(path.to_string(), (text, index));
    }

    pub fn get(&self, path: &str) -> Option<(&str, &LineIndex)> {
        self.files.get(path).map(|(text, index)| (&**text, index))
    }

    pub fn extend(&mut self, other: Sources) {
        self.files.extend(other.files);
    }

    /// 1-based line and column of a location, if its file is known.
    pub fn line_col(&self, location: &Location) -> Option<(usize, usize)> {
        let (text, index) = self.get(&location.path)?;
        Some(index.line_col(text, location.span.start))
    }
}

/// Turns the diagram engine's findings into diagnostics at `path`, mapping spans with `map`.
pub fn from_findings(
    findings: &[Finding],
    path: &str,
    map: &dyn Fn(usize) -> usize,
) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|finding| {
            let severity = match finding.severity {
                DiagramSeverity::Error => Severity::Error,
                DiagramSeverity::Warning => Severity::Warning,
                DiagramSeverity::Note => Severity::Note,
            };
            let span = map(finding.span.start)..map(finding.span.end).max(map(finding.span.start));
            let mut diagnostic =
                Diagnostic::error(&finding.code, finding.message.clone()).at(path, span, "");
            diagnostic.severity = severity;
            for (span, note) in &finding.labels {
                diagnostic = diagnostic.note(path, map(span.start)..map(span.end), note.clone());
            }
            if let Some(help) = &finding.help {
                diagnostic = diagnostic.help(help.clone());
            }
            diagnostic
        })
        .collect()
}
