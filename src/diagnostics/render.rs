//! Turns diagnostics into text: the rich form with a caret snippet (codespan-reporting, fed by our own
//! [`LineIndex`]) or one `file:line:col: severity[CODE]: message` line each.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, LabelStyle};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, StylesWriter, termcolor};

use super::{Diagnostic, Severity, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Short,
}

/// Renders every diagnostic, in the given order, as one string; ANSI colours only when `color`.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    color: bool,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        match format {
            Format::Short => out.push_str(&short_line(diagnostic, sources)),
            Format::Human => out.push_str(&rich(diagnostic, sources, color)),
        }
    }
    out
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn short_line(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let place = match &diagnostic.location {
        Some(location) => match sources.line_col(location) {
            Some((line, col)) => format!("{}:{line}:{col}: ", location.path),
            None => format!("{}: ", location.path),
        },
        None => String::new(),
    };
    let severity = severity_word(diagnostic.severity);
    format!(
        "{place}{severity}[{}]: {}\n",
        diagnostic.code, diagnostic.message
    )
}

fn rich(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> String {
    let files = FileTable::new(diagnostic, sources);
    let report = to_report(diagnostic, &files);
    let config = Config::default();
    let rendered = if color {
        let styles = term::Styles::default();
        let mut buffer = termcolor::Buffer::ansi();
        let mut writer = StylesWriter::new(&mut buffer, &styles);
        term::emit_to_write_style(&mut writer, &config, &files, &report)
            .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
    } else {
        term::emit_into_string(&config, &files, &report)
    };
    // Rendering only fails if a span is outside its file; fall back to the one-line form then.
    rendered.unwrap_or_else(|_| short_line(diagnostic, sources))
}

fn to_report(diagnostic: &Diagnostic, files: &FileTable) -> Report<usize> {
    let report = match diagnostic.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
        Severity::Note => Report::note(),
    };
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let mut add = |style, path: &str, span: &Range<usize>, text: &str| match files.id_of(path) {
        Some(id) => labels.push(Label::new(style, id, files.clamp(id, span)).with_message(text)),
        None => notes.push(format!("{path}: {text}")),
    };
    if let Some(location) = &diagnostic.location {
        add(
            LabelStyle::Primary,
            &location.path,
            &location.span,
            &diagnostic.label,
        );
    }
    for (location, text) in &diagnostic.notes {
        add(LabelStyle::Secondary, &location.path, &location.span, text);
    }
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    report
        .with_code(diagnostic.code.clone())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// The files one diagnostic mentions, as codespan sees them; spans are clamped into their file.
struct FileTable<'a> {
    files: Vec<(&'a str, &'a str, &'a super::LineIndex)>,
}

impl<'a> FileTable<'a> {
    fn new(diagnostic: &Diagnostic, sources: &'a Sources) -> Self {
        let mut files = Vec::new();
        let places = diagnostic
            .location
            .iter()
            .chain(diagnostic.notes.iter().map(|(l, _)| l));
        for location in places {
            if let Some((path, (text, index))) = sources.files.get_key_value(&location.path) {
                if files.iter().all(|(p, _, _)| *p != path.as_str()) {
                    files.push((path.as_str(), &**text, index));
                }
            }
        }
        FileTable { files }
    }

    /// `span` moved inside the file and onto character boundaries, so a wrong span from a stage
    /// still renders (at the nearest valid place) instead of failing.
    fn clamp(&self, id: usize, span: &Range<usize>) -> Range<usize> {
        let text = self.files[id].1;
        let fit = |mut at: usize| {
            at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let start = fit(span.start);
        start..fit(span.end).max(start)
    }

    fn id_of(&self, path: &str) -> Option<usize> {
        self.files.iter().position(|(p, _, _)| *p == path)
    }
}

impl<'a> Files<'a> for FileTable<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.0)
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.1)
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let (_, _, index) = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(index.line_of(byte_index))
    }

    fn line_range(&'a self, id: usize, line: usize) -> Result<Range<usize>, FilesError> {
        let (_, text, index) = self.files.get(id).ok_or(FilesError::FileMissing)?;
        match index.line_bounds(line) {
            Some(range) => Ok(range),
            // codespan asks for the line after the last one when a span ends at end of file.
            None if line == index.line_count() => Ok(text.len()..text.len()),
            None => Err(FilesError::LineTooLarge {
                given: line,
                max: index.line_count(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn sources() -> Sources {
        let mut sources = Sources::default();
        sources.insert("content/a.md", Arc::from("# Café\nsee [x](y.md)\n"));
        sources
    }

    #[test]
    fn short_format_is_one_line_with_position() {
        let diagnostic = Diagnostic::error("L001", "broken link `y.md`").at(
            "content/a.md",
            12..21,
            "no such page",
        );
        let out = render(&[diagnostic], &sources(), Format::Short, false);
        assert_eq!(out, "content/a.md:2:5: error[L001]: broken link `y.md`\n");
    }

    #[test]
    fn human_format_has_caret_label_and_help() {
        let diagnostic = Diagnostic::warning("H001", "unknown language")
            .at("content/a.md", 12..21, "here")
            .help("see README");
        let out = render(&[diagnostic], &sources(), Format::Human, false);
        assert!(
            out.starts_with("warning[H001]: unknown language\n"),
            "{out}"
        );
        assert!(out.contains("content/a.md:2:5"), "{out}");
        assert!(out.contains("^^^^^^^^^ here"), "{out}");
        assert!(out.contains("= help: see README"), "{out}");
    }

    #[test]
    fn spans_outside_the_file_or_inside_a_character_still_render() {
        let inside_e_acute = 5..99;
        let diagnostic = Diagnostic::error("X", "odd span").at("content/a.md", inside_e_acute, "");
        let out = render(&[diagnostic], &sources(), Format::Human, false);
        assert!(out.contains("content/a.md:1:"), "{out}");
    }
}
