//! Ids of tabs as pymdownx.tabbed (MkDocs, Material) gives them, so a link into a tab of a page
//! written for MkDocs resolves. The rule is `[markdown] tab_ids`:
//!
//! - `numbered` (the default, pymdownx's without `slugify`): `__tabbed_N_M`, tab `M` of the `N`th
//!   tab set of the page, both from 1;
//! - `label` (`slugify: pymdownx.slugs.slugify(case: lower)`): the label's slug: lower-case,
//!   characters other than word characters, `-` and spaces dropped, each space a `-`
//!   (`Open me ...` -> `open-me-`);
//! - `heading-label` (`slugify` with `combine_header_slug: true`, as the Material docs are built):
//!   the id of the last heading before the tab, `-`, the label's slug; the label's slug alone when
//!   no heading comes before.
//!
//! A slug already used on the page gets `_1`, `_2`, ... as Python-Markdown's `toc` makes ids
//! unique. The id goes on the tab's label (`<p class="tab-label">`), the element [`super::tabs`]
//! writes for each tab.

use serde::Deserialize;

use super::headings::HeadingIds;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TabIdRule {
    #[default]
    Numbered,
    Label,
    HeadingLabel,
}

const SET_OPEN: &str = "<div class=\"tabs\"";
const LABEL_OPEN: &str = "<p class=\"tab-label\">";

/// Whether a line of raw HTML is one [`TabIds::rewrite`] reads.
pub(super) fn is_tab_markup(html: &str) -> bool {
    let html = html.trim_start();
    html.starts_with(SET_OPEN) || html.starts_with(LABEL_OPEN)
}

/// The tab sets and tabs of one page so far, and the last heading's id.
pub(super) struct TabIds {
    rule: TabIdRule,
    sets: usize,
    tabs_in_set: usize,
    last_heading: Option<String>,
}

impl TabIds {
    pub fn new(rule: TabIdRule) -> Self {
        TabIds {
            rule,
            sets: 0,
            tabs_in_set: 0,
            last_heading: None,
        }
    }

    /// A heading's id, for `heading-label`.
    pub fn heading(&mut self, id: &str) {
        self.last_heading = Some(id.to_string());
    }

    /// Counts a tab set's opening line; gives a tab's label line its id (reserved in `ids`).
    pub fn rewrite(&mut self, html: &str, ids: &mut HeadingIds) -> Option<String> {
        let indent = html.len() - html.trim_start().len();
        let line = &html[indent..];
        if line.starts_with(SET_OPEN) {
            self.sets += 1;
            self.tabs_in_set = 0;
            return None;
        }
        let rest = line.strip_prefix(LABEL_OPEN)?;
        let label = without_entities(&rest[..rest.find("</p>")?]);
        self.tabs_in_set += 1;
        let wanted = match self.rule {
            TabIdRule::Numbered => format!("__tabbed_{}_{}", self.sets.max(1), self.tabs_in_set),
            TabIdRule::Label => label_slug(&label),
            TabIdRule::HeadingLabel => match &self.last_heading {
                Some(heading) => format!("{heading}-{}", label_slug(&label)),
                None => label_slug(&label),
            },
        };
        let id = unique(&wanted, ids);
        ids.reserve(&id);
        let id = crate::highlight::escape(&id);
        Some(format!(
            "{}<p class=\"tab-label\" id=\"{id}\">{rest}",
            &html[..indent]
        ))
    }
}

/// pymdownx.slugs.slugify with `case: lower`: lower-case, word characters, `-` and spaces kept,
/// each space a `-` (ends trimmed of whitespace first, runs not collapsed).
pub(super) fn label_slug(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    label
        .nfc()
        .collect::<String>()
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Python-Markdown's `unique`: `x` if free, else `x_1`, and a taken `x_1` becomes `x_2`.
fn unique(wanted: &str, ids: &HeadingIds) -> String {
    let mut id = wanted.to_string();
    while id.is_empty() || ids.is_used(&id) {
        id = match id.rsplit_once('_') {
            Some((stem, count))
                if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) =>
            {
                let next = count.parse::<u64>().map_or(1, |n| n + 1);
                format!("{stem}_{next}")
            }
            _ => format!("{id}_1"),
        };
    }
    id
}

/// The label as [`super::tabs`] escaped it with its entities taken out: each stands for a
/// character (`"`, `'`, `<`, `>`, `&`) that [`label_slug`] drops anyway.
fn without_entities(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let entity = after.find(';').filter(|&end| {
            after[..end]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'#')
        });
        rest = match entity {
            Some(end) => &after[end + 1..],
            None => {
                out.push('&');
                after
            }
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_of(rule: TabIdRule, lines: &[&str]) -> Vec<String> {
        let mut tabs = TabIds::new(rule);
        let mut ids = HeadingIds::default();
        let mut out = Vec::new();
        for line in lines {
            if let Some(heading) = line.strip_prefix("# ") {
                let id = ids.claim(None, heading);
                tabs.heading(&id);
            } else if let Some(html) = tabs.rewrite(line, &mut ids) {
                let start = html.find("id=\"").expect("id") + 4;
                out.push(html[start..start + html[start..].find('"').unwrap()].to_string());
            }
        }
        out
    }

    const PAGE: [&str; 7] = [
        "# Anchor links",
        "<div class=\"tabs\" data-tab-group=\"x\">\n",
        "<p class=\"tab-label\">Open me in a new tab ...</p>\n",
        "<p class=\"tab-label\">&quot;Café&quot; &amp; more</p>\n",
        "<div class=\"tabs\" data-tab-group=\"y\">\n",
        "<p class=\"tab-label\">Open me in a new tab ...</p>\n",
        "<p class=\"tab-label\">Anchor links</p>\n",
    ];

    #[test]
    fn numbered_ids_count_sets_and_tabs_from_one() {
        assert_eq!(
            ids_of(TabIdRule::Numbered, &PAGE),
            [
                "__tabbed_1_1",
                "__tabbed_1_2",
                "__tabbed_2_1",
                "__tabbed_2_2"
            ]
        );
    }

    #[test]
    fn label_ids_are_the_label_slug_made_unique_with_underscores() {
        assert_eq!(
            ids_of(TabIdRule::Label, &PAGE),
            [
                "open-me-in-a-new-tab-",
                "café--more",
                "open-me-in-a-new-tab-_1",
                // The heading took `anchor-links`.
                "anchor-links_1",
            ]
        );
    }

    #[test]
    fn heading_label_ids_put_the_last_heading_first() {
        assert_eq!(
            ids_of(TabIdRule::HeadingLabel, &PAGE),
            [
                "anchor-links-open-me-in-a-new-tab-",
                "anchor-links-café--more",
                "anchor-links-open-me-in-a-new-tab-_1",
                "anchor-links-anchor-links",
            ]
        );
        let no_heading = [
            "<div class=\"tabs\">\n",
            "<p class=\"tab-label\">A Tab</p>\n",
        ];
        assert_eq!(ids_of(TabIdRule::HeadingLabel, &no_heading), ["a-tab"]);
    }

    #[test]
    fn a_taken_numbered_suffix_counts_on() {
        let mut ids = HeadingIds::default();
        ids.reserve("x");
        ids.reserve("x_1");
        assert_eq!(unique("x", &ids), "x_2");
        assert_eq!(unique("y", &ids), "y");
    }
}
