//! Front matter as other tools' trees write it: blank lines before a `+++` or `---` fence, and
//! every unknown field of a block reported at once (with its line) rather than the first only.

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

/// The block with the Material blog plugin's `date:` map (`created:`, `updated:`) turned into
/// our `date` and, unless the block has its own, `updated`; `None` when `date` is no such map.
pub fn blog_dates(front: &str) -> Option<serde_norway::Value> {
    use serde_norway::Value;
    let mut value: Value = serde_norway::from_str(front).ok()?;
    let map = value.as_mapping_mut()?;
    let dates = map.get("date")?.as_mapping()?.clone();
    let created = dates.get("created")?.clone();
    map.insert(Value::from("date"), created);
    if let Some(updated) = dates.get("updated")
        && !map.contains_key("updated")
    {
        map.insert(Value::from("updated"), updated.clone());
    }
    Some(value)
}

/// What the typed parse of a block does not keep.
#[derive(Debug, Default)]
pub struct Untyped {
    /// `date` as written (time and offset kept), when asked for and the block has one.
    pub date_written: Option<String>,
    /// For YAML, the top-level fields that are not ours, as `extra` values (for templates'
    /// `page.extra`).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// [`Untyped`] of a block that parsed: `date` as written when `with_date` (a TOML date-time as TOML
/// prints it, a YAML string, or the `created:` of the Material blog's `date:` map), and, for YAML,
/// the free-form fields. A YAML block is read once more for both, a TOML block only for its date.
pub fn untyped(front: &str, format: Format, with_date: bool) -> Untyped {
    match format {
        Format::Toml => Untyped {
            date_written: with_date.then(|| toml_date(front)).flatten(),
            ..Untyped::default()
        },
        Format::Yaml => {
            let Ok(serde_norway::Value::Mapping(map)) = serde_norway::from_str(front) else {
                return Untyped::default();
            };
            let date_written = map
                .get("date")
                .filter(|_| with_date)
                .map(|date| date.get("created").unwrap_or(date))
                .and_then(serde_norway::Value::as_str)
                .map(str::to_string);
            Untyped {
                date_written,
                extra: free_form_extra(map),
            }
        }
    }
}

fn toml_date(front: &str) -> Option<String> {
    match toml::from_str::<toml::Table>(front).ok()?.get("date")? {
        toml::Value::Datetime(moment) => Some(moment.to_string()),
        toml::Value::String(text) => Some(text.clone()),
        _ => None,
    }
}

/// The top-level fields of a YAML block that are not ours; a field `extra:` itself names wins
/// over one of the same name at the top (the caller adds these only where `extra` has none).
fn free_form_extra(map: serde_norway::Mapping) -> serde_json::Map<String, serde_json::Value> {
    let mut extra = serde_json::Map::new();
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        if FIELDS.contains(&key) || key == "sort_by" {
            continue;
        }
        if let Ok(value) = serde_json::to_value(&value) {
            extra.insert(key.to_string(), value);
        }
    }
    extra
}

/// Where the first line starts once blank lines are skipped, if that line opens front matter:
/// a `+++` fence, or a `---` fence whose next line reads `key:` and which is closed later (else
/// the `---` is a Markdown thematic break). Otherwise `start` unchanged.
pub fn after_blank_lines(text: &str, start: usize) -> usize {
    let mut offset = start;
    let mut lines = text[start..].split_inclusive('\n');
    for line in lines.by_ref() {
        if !line.trim().is_empty() {
            let fence = line.trim_end();
            let opens = offset > start
                && (fence == "+++" || (fence == "---" && yaml_block_follows(lines.clone())));
            return if opens { offset } else { start };
        }
        offset += line.len();
    }
    start
}

/// Whether the lines after a `---` start with a `key:` line and reach a closing `---`.
fn yaml_block_follows<'a>(mut lines: impl Iterator<Item = &'a str>) -> bool {
    let starts_with_key = lines.next().is_some_and(|line| {
        let line = line.trim_end();
        let key_end = line.find(':').unwrap_or(0);
        key_end > 0
            && line[..key_end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && line[key_end + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    });
    starts_with_key && lines.any(|line| line.trim_end() == "---")
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

/// One F002 error naming every unknown field of a TOML block (neither ours nor [`FOREIGN`]);
/// `None` when there is none or the block does not parse (the typed parse reports that). YAML
/// front matter is MkDocs' free-form page meta (`location:`, `template:`, a theme's own keys), so
/// its unknown fields are no error: [`untyped`] carries them into `extra`.
pub fn unknown_fields(path: &str, text: &str, split: &Split) -> Option<Diagnostic> {
    if split.format == Some(Format::Yaml) {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::after_blank_lines;
    use crate::content::{DocKind, SourceDoc, SourceId};
    use crate::frontmatter::parse_doc;

    fn front_of(text: &str) -> crate::frontmatter::FrontMatter {
        let source = SourceDoc {
            id: SourceId(0),
            path: "content/blog/posts/a.md".into(),
            kind: DocKind::Page,
            text: text.into(),
        };
        let (doc, error) = parse_doc(source);
        assert!(error.is_none(), "{error:?}");
        doc.front
    }

    #[test]
    fn a_blog_date_map_gives_date_and_updated() {
        let front = front_of(
            "---\ndate:\n  created: 2026-02-18\n  updated: 2026-04-13\nauthors: [a]\n---\n# Post\n",
        );
        assert_eq!(front.date.as_deref(), Some("2026-02-18"));
        assert_eq!(front.updated.as_deref(), Some("2026-04-13"));
        let front = front_of("---\ndate:\n  created: 2025-01-02T10:00:00Z\n---\n# Post\n");
        assert_eq!(
            (front.date.as_deref(), front.updated),
            (Some("2025-01-02"), None)
        );
        let own = front_of(
            "---\ndate: {created: 2025-01-02, updated: 2025-02-01}\nupdated: 2025-03-01\n---\nx\n",
        );
        assert_eq!(own.updated.as_deref(), Some("2025-03-01"));
    }

    #[test]
    fn a_date_map_without_created_is_still_an_error() {
        let source = SourceDoc {
            id: SourceId(0),
            path: "content/a.md".into(),
            kind: DocKind::Page,
            text: "---\ndate:\n  published: 2026-04-12\n  updated: 2026-04-13\n---\nx\n".into(),
        };
        let (_, error) = parse_doc(source);
        let error = error.expect("F001");
        assert_eq!(error.code, "F001");
    }

    #[test]
    fn blank_lines_before_a_yaml_block_are_skipped() {
        let text = "\n\n---\ntitle: A\n---\nBody\n";
        assert_eq!(after_blank_lines(text, 0), 2);
        assert_eq!(after_blank_lines("\n+++\ntitle = \"A\"\n+++\n", 0), 1);
    }

    #[test]
    fn a_thematic_break_after_blank_lines_stays_markdown() {
        assert_eq!(after_blank_lines("\n---\nSome text.\n\n---\n", 0), 0);
        assert_eq!(after_blank_lines("\n---\ntitle: A\nnever closed\n", 0), 0);
        assert_eq!(after_blank_lines("\n---\nhttp://x: y\n---\n", 0), 0);
    }
}
