//! Parse: split a document into front matter and body, and read the front matter (TOML between `+++`
//! lines, or YAML between `---` lines).
//!
//! Every error span is relative to the whole file; the body keeps its offset so Markdown spans map back.
//!
//! Before a block reaches the TOML or YAML parser it must fit [`MAX_BYTES`], and a YAML block may
//! hold at most [`MAX_BRACKETS`] `[`/`{` and [`MAX_COMPACT`] nested `- ` on a line (F004): the YAML
//! parser takes time quadratic in the nesting depth (20,000 `[` took 6 s in a debug build), and no
//! valid front matter nests deeper than a list of tags.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::content::SourceDoc;
use crate::diagnostics::Diagnostic;

/// Unknown fields are not denied here: [`crate::docstrees::front::unknown_fields`] reports those of
/// TOML all first, and lets through the ones other tools write; those of YAML go to `extra`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
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
    /// `date` as written, time and offset kept (`2024-01-02T10:00:00+02:00`), for Zola's
    /// `sort_by = "date"`; read after the fields above.
    #[serde(skip)]
    pub date_written: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A template to use instead of `page.html` / `section.html`.
    pub template: Option<String>,
    /// Replaces the last part of the URL.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Zola's order for a section's pages (`weight`, `date`, `title`, `none`); see
    /// [`crate::docstrees::sort_by`]. Listed with the other tools' fields, so not in F002's list.
    pub sort_by: Option<String>,
    /// Free-form values for templates (`page.extra`), as Zola's `[extra]`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
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
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Blank lines before a `+++` fence (common in Zola trees) must not turn the front matter into
    // page text; nor before `---`, unless no YAML block follows (then it is a thematic break).
    let start = crate::docstrees::front::after_blank_lines(text, bom);
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

/// The largest front matter block read: far above any real one (a title, a description, tags).
pub const MAX_BYTES: usize = 256 * 1024;

/// The most `[` and `{` a YAML block may hold, which bounds its nesting depth. Valid front matter
/// needs one or two (a list of tags); the YAML parser's cost grows with the square of the depth.
pub const MAX_BRACKETS: usize = 1024;

/// The most compact block indicators (`- - - x`) on one YAML line: each one is a level of nesting.
pub const MAX_COMPACT: usize = 32;

/// Parses the block found by [`split`].
pub fn parse(path: &str, text: &str, split: &Split) -> Result<FrontMatter, Diagnostic> {
    let front = &text[split.front.clone()];
    if split.format.is_some() {
        check_limits(path, text, split)?;
    }
    if let Some(error) = crate::docstrees::front::unknown_fields(path, text, split) {
        return Err(error);
    }
    let mut result = match split.format {
        None => return Ok(FrontMatter::default()),
        Some(Format::Toml) => toml::from_str::<FrontMatter>(front)
            .map_err(|e| (e.message().trim().to_string(), e.span())),
        Some(Format::Yaml) if front.trim().is_empty() => Ok(FrontMatter::default()),
        Some(Format::Yaml) => serde_norway::from_str::<FrontMatter>(front)
            // The Material blog's `date: {created, updated}`, read again as plain fields.
            .or_else(|error| with_blog_dates(front).ok_or(error))
            .map_err(|e| {
                let at = e.location().map(|l| l.index()..l.index() + 1);
                (yaml_message(&e), at)
            }),
    };
    if let (Ok(typed), Some(format)) = (&mut result, split.format) {
        let untyped = crate::docstrees::front::untyped(front, format, typed.date.is_some());
        typed.date_written = untyped.date_written;
        for (key, value) in untyped.extra {
            typed.extra.entry(key).or_insert(value);
        }
    }
    result.map_err(|(message, span)| {
        let code = if message.starts_with("unknown field") {
            "F002"
        } else {
            "F001"
        };
        let span = match span {
            Some(span) => clamp(
                span.start + split.front.start..span.end + split.front.start,
                text,
            ),
            None => split.front.start..split.front.start,
        };
        let label = if code == "F002" {
            "unknown field"
        } else {
            "here"
        };
        let mut diagnostic = Diagnostic::error(code, format!("invalid front matter: {message}"))
            .at(path, span, label);
        if code == "F002" {
            diagnostic = diagnostic.help(crate::docstrees::front::FIELDS_HELP);
        }
        diagnostic
    })
}

/// Refuses a block too large or too deeply nested to hand to a parser (F004).
fn check_limits(path: &str, text: &str, split: &Split) -> Result<(), Diagnostic> {
    let front = &text[split.front.clone()];
    if front.len() > MAX_BYTES {
        let open = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let fence = open..open + 3;
        return Err(Diagnostic::error(
            "F004",
            format!(
                "front matter is {} KiB; the limit is {} KiB",
                front.len() / 1024,
                MAX_BYTES / 1024
            ),
        )
        .at(path, clamp(fence, text), "opened here")
        .help("front matter holds a page's title, tags and dates; move long text into the page"));
    }
    if split.format != Some(Format::Yaml) {
        return Ok(());
    }
    match too_deep(front) {
        None => Ok(()),
        Some((at, why)) => {
            let at = split.front.start + at;
            Err(Diagnostic::error("F004", why)
                .at(path, clamp(at..at + 1, text), "too deep from here")
                .help("front matter fields are plain values or lists of them"))
        }
    }
}

/// For YAML, where the next `[`/`{` would pass [`MAX_BRACKETS`] or a line's compact block
/// indicators (`- - x`, `? - x`) pass [`MAX_COMPACT`]. Brackets are counted everywhere, quoted or
/// not: telling a quoted string from a plain word in YAML takes a real parser, and counting every
/// bracket can only over-estimate the depth, never hide it. Nesting by indentation is left to
/// [`MAX_BYTES`]: each level costs one more space on every deeper line, so 256 KiB nests a few
/// thousand levels at most, which the parser reads in a moment. TOML is not checked: its parser
/// stops at its own recursion limit in linear time.
fn too_deep(front: &str) -> Option<(usize, String)> {
    let mut brackets = 0;
    for (at, byte) in front.bytes().enumerate() {
        if matches!(byte, b'[' | b'{') {
            brackets += 1;
            if brackets > MAX_BRACKETS {
                let why = format!("front matter opens more than {MAX_BRACKETS} `[` or `{{`");
                return Some((at, why));
            }
        }
    }
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let mut rest = line.trim_start_matches(' ');
        let mut compact = 0;
        while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            compact += 1;
            if compact > MAX_COMPACT {
                let why = format!("front matter nests more than {MAX_COMPACT} `- ` on one line");
                return Some((offset + line.len() - rest.len(), why));
            }
            rest = after.trim_start_matches(' ');
        }
        offset += line.len();
    }
    None
}

fn with_blog_dates(front: &str) -> Option<FrontMatter> {
    serde_norway::from_value(crate::docstrees::front::blog_dates(front)?).ok()
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
    fn yaml_fields_of_no_meaning_here_go_to_extra() {
        let text = "---\ntitle: A\nlocation: getting-started/\nicon: x\nextra:\n  icon: own\n---\n";
        let split = split("p.md", text).unwrap();
        let front = parse("p.md", text, &split).unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
        assert_eq!(front.extra["location"], "getting-started/");
        assert_eq!(front.extra["icon"], "own");
        assert!(!front.extra.contains_key("title"));
        // TOML stays strict.
        let text = "+++\nlocation = \"x\"\n+++\n";
        let toml = super::split("p.md", text).unwrap();
        assert_eq!(parse("p.md", text, &toml).unwrap_err().code, "F002");
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

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        parse("p.md", text, &split("p.md", text).unwrap())
    }

    #[test]
    fn brackets_up_to_the_limit_are_read_even_inside_quotes() {
        let title = "[".repeat(MAX_BRACKETS - 1);
        let text = format!("---\ntitle: \"{title}\"\ntags: [a]\n---\n");
        assert_eq!(
            parse_text(&text).unwrap().title.as_deref(),
            Some(title.as_str())
        );
        let text = format!("---\ntitle: \"{title}[\"\ntags: [a]\n---\n");
        let error = parse_text(&text).unwrap_err();
        assert_eq!(error.code, "F004");
        assert_eq!(
            &text[error.location.unwrap().span],
            "[",
            "at the bracket past the limit"
        );
    }

    #[test]
    fn toml_brackets_are_left_to_the_toml_parser() {
        let text = format!("+++\ntitle = \"{}\"\n+++\n", "[".repeat(2 * MAX_BRACKETS));
        assert!(parse_text(&text).is_ok());
    }

    #[test]
    fn compact_sequences_are_counted_per_line() {
        let nested = |n: usize| format!("---\ntags:\n{}x\n---\n", "- ".repeat(n));
        assert_eq!(parse_text(&nested(MAX_COMPACT)).unwrap_err().code, "F001");
        let error = parse_text(&nested(MAX_COMPACT + 1)).unwrap_err();
        assert_eq!(error.code, "F004");
        let many_tags = format!("---\ntags:\n{}---\n", "- t\n".repeat(10 * MAX_COMPACT));
        assert_eq!(parse_text(&many_tags).unwrap().tags.len(), 10 * MAX_COMPACT);
    }

    #[test]
    fn a_block_over_the_size_limit_is_refused_at_its_fence() {
        let fits = format!("+++\ntitle = \"{}\"\n+++\n", "x".repeat(MAX_BYTES - 20));
        assert!(parse_text(&fits).is_ok());
        let text = format!("\u{feff}+++\ntitle = \"{}\"\n+++\n", "x".repeat(MAX_BYTES));
        let error = parse_text(&text).unwrap_err();
        assert_eq!(error.code, "F004");
        assert_eq!(&text[error.location.unwrap().span], "+++");
    }
}
