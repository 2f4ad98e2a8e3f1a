//! Parse: split a document into front matter and body, and read the front matter (TOML between `+++`
//! lines, or YAML between `---` lines).
//!
//! Every error span is relative to the whole file; the body keeps its offset so Markdown spans map back.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::content::SourceDoc;
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    /// `YYYY-MM-DD` (a TOML date or a string; time parts are dropped).
    #[serde(default, deserialize_with = "date")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "date")]
    pub updated: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A template to use instead of `page.html` / `section.html`.
    pub template: Option<String>,
    /// Replaces the last part of the URL.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A source with its front matter read: the parse stage's output.
#[derive(Debug, Clone)]
pub struct ParsedDoc {
    pub source: SourceDoc,
    pub front: FrontMatter,
    /// The Markdown body inside `source.text`.
    pub body: Range<usize>,
}

/// Splits and parses one source. On a front matter error the document is kept with empty front
/// matter, so links to it still resolve while the error fails the build.
pub fn parse_doc(source: SourceDoc) -> (ParsedDoc, Option<Diagnostic>) {
    let text = source.text.clone();
    match split(&source.path, &text) {
        Ok(found) => {
            let (front, error) = match parse(&source.path, &text, &found) {
                Ok(front) => (front, None),
                Err(error) => (FrontMatter::default(), Some(error)),
            };
            (
                ParsedDoc {
                    source,
                    front,
                    body: found.body,
                },
                error,
            )
        }
        Err(error) => {
            let body = 0..text.len();
            (
                ParsedDoc {
                    source,
                    front: FrontMatter::default(),
                    body,
                },
                Some(error),
            )
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Where the front matter block and the body sit in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Option<Format>,
    /// The text between the fences (empty range if none).
    pub front: Range<usize>,
    /// Everything after the closing fence line.
    pub body: Range<usize>,
}

/// Finds the front matter fences; an opening fence without a closing one is an error.
pub fn split(path: &str, text: &str) -> Result<Split, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let first = text[start..first_line_end].trim_end();
    let (format, fence) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            return Ok(Split {
                format: None,
                front: 0..0,
                body: start..text.len(),
            });
        }
    };
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Ok(Split {
                format: Some(format),
                front: first_line_end..offset,
                body: offset + line.len()..text.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("F003", "front matter is not closed")
        .at(path, start..start + fence.len(), "opened here")
        .help(format!(
            "end the front matter with a line containing only `{fence}`"
        )))
}

/// Parses the block found by [`split`].
pub fn parse(path: &str, text: &str, split: &Split) -> Result<FrontMatter, Diagnostic> {
    let front = &text[split.front.clone()];
    let result = match split.format {
        None => return Ok(FrontMatter::default()),
        Some(Format::Toml) => toml::from_str::<FrontMatter>(front)
            .map_err(|e| (e.message().trim().to_string(), e.span())),
        Some(Format::Yaml) if front.trim().is_empty() => Ok(FrontMatter::default()),
        Some(Format::Yaml) => serde_norway::from_str::<FrontMatter>(front).map_err(|e| {
            let at = e.location().map(|l| l.index()..l.index() + 1);
            (yaml_message(&e), at)
        }),
    };
    result.map_err(|(message, span)| {
        let code = if message.starts_with("unknown field") { "F002" } else { "F001" };
        let span = match span {
            Some(span) => clamp(span.start + split.front.start..span.end + split.front.start, text),
            None => split.front.start..split.front.start,
        };
        let label = if code == "F002" { "unknown field" } else { "here" };
        let mut diagnostic =
            Diagnostic::error(code, format!("invalid front matter: {message}")).at(path, span, label);
        if code == "F002" {
            diagnostic = diagnostic.help(
                "fields are title, description, weight, draft, date, updated, tags, template, slug, aliases",
            );
        }
        diagnostic
    })
}

fn yaml_message(error: &serde_norway::Error) -> String {
    let text = error.to_string();
    // serde_norway appends " at line X column Y"; the caret already says where.
    match text.find(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn clamp(span: Range<usize>, text: &str) -> Range<usize> {
    let end = span.end.min(text.len());
    span.start.min(end)..end
}

/// Accepts a TOML date/datetime or a string, keeping `YYYY-MM-DD`.
fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct DateVisitor;
    impl<'de> Visitor<'de> for DateVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date like 2024-05-01")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
            let day = value.get(..10).unwrap_or(value);
            let bytes = day.as_bytes();
            let shape_ok = bytes.len() == 10
                && bytes.iter().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        *b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            if shape_ok {
                Ok(day.to_string())
            } else {
                Err(E::custom(format!(
                    "`{value}` is not a date like 2024-05-01"
                )))
            }
        }
        // toml hands dates over as a one-entry map holding the date's text.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let (_, value): (String, String) = map
                .next_entry()?
                .ok_or_else(|| de::Error::custom("empty date"))?;
            self.visit_str(&value)
        }
    }
    deserializer.deserialize_any(DateVisitor).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_and_body_offset() {
        let text = "+++\ntitle = \"A\"\ndate = 2024-05-01\n+++\nBody\n";
        let split = split("p.md", text).unwrap();
        assert_eq!(&text[split.body.clone()], "Body\n");
        let front = parse("p.md", text, &split).unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
        assert_eq!(front.date.as_deref(), Some("2024-05-01"));
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: B\nweight: 3\ntags: [dns]\nupdated: 2024-06-02T10:00:00Z\n---\nx";
        let split = split("p.md", text).unwrap();
        let front = parse("p.md", text, &split).unwrap();
        assert_eq!(front.weight, 3);
        assert_eq!(front.tags, vec!["dns".to_string()]);
        assert_eq!(front.updated.as_deref(), Some("2024-06-02"));
    }

    #[test]
    fn unknown_field_points_into_the_whole_file() {
        let text = "+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n";
        let split = split("p.md", text).unwrap();
        let error = parse("p.md", text, &split).unwrap_err();
        assert_eq!(error.code, "F002");
        assert_eq!(&text[error.location.unwrap().span], "titel");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(
            split("p.md", "+++\ntitle = \"A\"\n").unwrap_err().code,
            "F003"
        );
    }

    #[test]
    fn no_front_matter_means_whole_text_is_body() {
        let split = split("p.md", "# Hi\n").unwrap();
        assert_eq!(split.format, None);
        assert_eq!(split.body, 0..5);
    }
}
