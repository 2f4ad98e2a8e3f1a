//! Heading ids and the table of contents: stable slugs, unique within a page, and the TOC tree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// One TOC entry; `children` holds deeper headings that follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// GitHub's heading slug, so `#anchor` links written for GitHub work here too: lower-case letters,
/// digits, `-` and `_` are kept, each space becomes `-`, everything else is dropped
/// (`TLS 1.3 handshake` -> `tls-13-handshake`). `section` if nothing is left.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Ids the default theme's templates put on every page (skip-link target, sidebar, TOC heading...).
/// A heading that slugs to one of them gets a suffix, so ids stay unique on the finished page.
pub const THEME_IDS: [&str; 5] = [
    "main-content",
    "site-nav",
    "nav-toggle",
    "toc-heading",
    "section-contents-heading",
];

/// Hands out ids that are unique within one page.
#[derive(Debug)]
pub struct HeadingIds {
    /// How a heading's text becomes its id (`[markdown] slug`).
    rule: super::slugs::SlugRule,
    used: BTreeSet<String>,
    /// For each slug, the first suffix not yet tried: every `slug-k` below it is taken (ids are never
    /// released), so 20,000 headings named alike cost 20,000 tries, not 200 million (a minute).
    next_suffix: BTreeMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        HeadingIds {
            rule: super::slugs::SlugRule::default(),
            used: THEME_IDS.iter().map(|id| id.to_string()).collect(),
            next_suffix: BTreeMap::new(),
        }
    }
}

impl HeadingIds {
    pub fn with_rule(rule: super::slugs::SlugRule) -> Self {
        HeadingIds {
            rule,
            ..HeadingIds::default()
        }
    }

    /// An explicit `{#id}` is kept as written; a derived slug gets `-1`, `-2`... when taken.
    pub fn claim(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit {
            self.used.insert(id.to_string());
            return id.to_string();
        }
        let base = super::slugs::slug(self.rule, text);
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if !self.used.contains(&id) {
                self.used.insert(id.clone());
                return id;
            }
        }
    }

    /// Registers an id that is not a heading (a footnote), so links to it check out.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    pub fn is_used(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    pub fn into_set(self) -> BTreeSet<String> {
        self.used
    }
}

/// Inserts `entry` under the last entry of a lower level, or at the top.
pub fn push_toc(toc: &mut Vec<TocEntry>, entry: TocEntry) {
    match toc.last_mut() {
        Some(last) if last.level < entry.level => push_toc(&mut last.children, entry),
        _ => toc.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_never_take_the_themes_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.claim(None, "Main content"), "main-content-1");
        assert_eq!(ids.claim(None, "Site nav"), "site-nav-1");
        assert_eq!(ids.claim(None, "Main"), "main");
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slugify("The TLS 1.3 handshake"), "the-tls-13-handshake");
        assert_eq!(slugify("CNAME & A records"), "cname--a-records");
        assert_eq!(slugify("  what's new_here? "), "whats-new_here");
        assert_eq!(slugify("Größe"), "größe");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.claim(None, "Setup"), "setup");
        assert_eq!(ids.claim(None, "Setup"), "setup-1");
        assert_eq!(ids.claim(Some("custom"), "Setup"), "custom");
        assert_eq!(ids.claim(None, "Setup"), "setup-2");
    }

    #[test]
    fn suffixes_skip_ids_taken_by_explicit_ids_and_earlier_headings() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.claim(Some("setup-2"), "x"), "setup-2");
        assert_eq!(ids.claim(None, "Setup"), "setup");
        assert_eq!(ids.claim(None, "Setup"), "setup-1");
        assert_eq!(ids.claim(None, "Setup"), "setup-3", "setup-2 was taken");
        assert_eq!(ids.claim(None, "Setup 1"), "setup-1-1");
        assert_eq!(ids.claim(Some("setup-4"), "x"), "setup-4");
        assert_eq!(ids.claim(None, "Setup"), "setup-5");
        let many: Vec<String> = (0..20_000).map(|_| ids.claim(None, "Same")).collect();
        assert_eq!(many[19_999], "same-19999");
    }

    #[test]
    fn toc_nests_deeper_headings_under_the_previous_one() {
        let entry = |level, id: &str| TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        };
        let mut toc = Vec::new();
        for (level, id) in [(3, "orphan"), (2, "a"), (3, "a1"), (3, "a2"), (2, "b")] {
            push_toc(&mut toc, entry(level, id));
        }
        let shape: Vec<(String, usize)> = toc
            .iter()
            .map(|e| (e.id.clone(), e.children.len()))
            .collect();
        assert_eq!(
            shape,
            [("orphan".into(), 0), ("a".into(), 2), ("b".into(), 0)]
        );
    }
}
