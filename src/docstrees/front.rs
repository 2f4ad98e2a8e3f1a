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

/// Fields that Zola, MkDocs (Material and its blog plugin) and mdBook trees write and that mean
/// nothing here: accepted and ignored, so a copied tree builds. A misspelt field is still F002.
pub const FOREIGN: [&str; 26] = [
    // Zola pages and sections
    "taxonomies",
    "authors",
    "path",
    "render",
    "in_search_index",
    "sort_by",
    "page_template",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "insert_anchor_links",
    "redirect_to",
    "transparent",
    "generate_feeds",
    "generate_feed",
    // MkDocs and Material for MkDocs
    "icon",
    "status",
    "subtitle",
    "hide",
    "search",
    "social",
    "comments",
    // the Material blog plugin
    "categories",
    "links",
    "readtime",
    "pin",
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

/// One F002 error naming every unknown field (neither ours nor [`FOREIGN`]); `None` when there is
/// none or the block does not parse (the typed parse reports that).
pub fn unknown_fields(path: &str, text: &str, split: &Split) -> Option<Diagnostic> {
    let front = &text[split.front.clone()];
    let unknown: Vec<String> = keys(front, split.format?)?
        .into_iter()
        .filter(|k| !FIELDS.contains(&k.as_str()) && !FOREIGN.contains(&k.as_str()))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let at = |key: &str| {
        let span = crate::config::find_key_line(front, key);
        let start = split.front.start + span.start;
        start..start + key.len()
    };
    let names: Vec<String> = unknown.iter().map(|k| format!("`{k}`")).collect();
    let message = if let [one] = names.as_slice() {
        let expected: Vec<String> = FIELDS.iter().map(|k| format!("`{k}`")).collect();
        format!(
            "invalid front matter: unknown field {one}, expected one of {}",
            expected.join(", ")
        )
    } else {
        format!("invalid front matter: unknown fields {}", names.join(", "))
    };
    let mut error = Diagnostic::error("F002", message).at(path, at(&unknown[0]), "unknown field");
    for key in &unknown[1..] {
        error = error.note(path, at(key), "unknown field");
    }
    Some(error.help(FIELDS_HELP))
}
