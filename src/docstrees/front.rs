//! Front matter as other tools' trees write it: blank lines before a `+++` fence, and every unknown
//! field of a block reported at once (with its line) rather than the first only.

use crate::diagnostics::Diagnostic;
use crate::frontmatter::{Format, Split};

/// The fields front matter may hold.
pub const FIELDS: [&str; 11] = [
    "title",
    "description",
    "weight",
    "draft",
    "date",
    "updated",
    "tags",
    "template",
    "slug",
    "aliases",
    "extra",
];

pub const FIELDS_HELP: &str = "fields are title, description, weight, draft, date, updated, tags, \
     template, slug, aliases; put your own under `[extra]` (`extra:` in YAML)";

/// Where the first line starts once blank lines are skipped, if that line is a `+++` fence;
/// otherwise `start` unchanged.
pub fn after_blank_lines_before_toml(text: &str, start: usize) -> usize {
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if !line.trim().is_empty() {
            return if offset > start && line.trim_end() == "+++" {
                offset
            } else {
                start
            };
        }
        offset += line.len();
    }
    start
}

/// The top-level keys of the block, or `None` when it does not parse (the typed parse reports it).
fn keys(front: &str, format: Format) -> Option<Vec<String>> {
    match format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(front).ok()?;
            Some(table.keys().cloned().collect())
        }
        Format::Yaml => {
            let value: serde_norway::Value = serde_norway::from_str(front).ok()?;
            let map = value.as_mapping()?;
            Some(
                map.keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect(),
            )
        }
    }
}

/// One F002 error naming every unknown field when there are two or more (a single one is left to
/// the typed parse, whose message names the fields it expected).
pub fn unknown_fields(path: &str, text: &str, split: &Split) -> Option<Diagnostic> {
    let front = &text[split.front.clone()];
    let unknown: Vec<String> = keys(front, split.format?)?
        .into_iter()
        .filter(|k| !FIELDS.contains(&k.as_str()))
        .collect();
    if unknown.len() < 2 {
        return None;
    }
    let at = |key: &str| {
        let span = crate::config::find_key_line(front, key);
        let start = split.front.start + span.start;
        start..start + key.len()
    };
    let names: Vec<String> = unknown.iter().map(|k| format!("`{k}`")).collect();
    let message = format!("invalid front matter: unknown fields {}", names.join(", "));
    let mut error = Diagnostic::error("F002", message).at(path, at(&unknown[0]), "unknown field");
    for key in &unknown[1..] {
        error = error.note(path, at(key), "unknown field");
    }
    Some(error.help(FIELDS_HELP))
}
