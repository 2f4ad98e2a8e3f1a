//! Zola's `sort_by` on a section (`_index.md`): the order of its pages. `weight` (ours, the
//! default) and `none` leave weight then title; `title` orders by title alone; `date` puts the
//! newest first (Zola's docs list their 128 themes that way) and pages without a date after them.
//! Subsections keep their own weights, as in Zola.

use crate::content::DocKind;
use crate::frontmatter::ParsedDoc;
use crate::site::tree::DocMeta;

/// Rewrites the weights of the pages of every section that names a `sort_by` other than weight.
pub fn apply(metas: &mut [Option<DocMeta>], docs: &[ParsedDoc]) {
    let rule = |meta: &DocMeta| {
        let parent = meta.parent?;
        docs.get(parent.index())?.front.sort_by.as_deref()
    };
    for (doc, meta) in docs.iter().zip(metas.iter_mut()) {
        let Some(meta) = meta else { continue };
        if doc.source.kind == DocKind::Section {
            continue;
        }
        match rule(meta) {
            Some("title") => meta.weight = 0,
            Some("date") => meta.weight = doc.front.date.as_deref().map_or(0, newest_first),
            _ => {}
        }
    }
}

/// `2026-01-21` -> -20260121: a later day gets a lower weight, and every dated page one below 0.
fn newest_first(date: &str) -> i64 {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    digits.parse::<i64>().map_or(0, |day| -day)
}

#[cfg(test)]
mod tests {
    use super::newest_first;

    #[test]
    fn later_dates_weigh_less() {
        assert!(newest_first("2026-01-21") < newest_first("2025-12-31"));
        assert!(newest_first("1970-01-01") < 0);
        assert_eq!(newest_first("not a date"), 0);
    }
}
