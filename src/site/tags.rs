//! Tags: the front matter's `tags = [...]` gathered over the site into one list per tag, each with
//! its URL (`tags/NAME/`). Tags that differ only in case or spacing share a page.

use std::collections::BTreeMap;

use super::SiteGraph;
use crate::content::SourceId;

/// The folder every tag page lives under.
pub const TAGS_DIR: &str = "tags/";

/// One tag and the pages that carry it, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// As first written in the site.
    pub name: String,
    /// `tags/dns/` (without the base path).
    pub url_path: String,
    pub pages: Vec<SourceId>,
}

/// The URL segment of a tag: lower case, runs of anything but letters and digits as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "tag".into() } else { out }
}

/// `tags/NAME/` for a tag.
pub fn url_path(name: &str) -> String {
    format!("{TAGS_DIR}{}/", slug(name))
}

/// Every tag of the included documents, sorted by slug.
pub fn collect(graph: &SiteGraph) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for &id in graph.included() {
        for name in &graph.docs[id.index()].front.tags {
            let tag = tags.entry(slug(name)).or_insert_with(|| Tag {
                name: name.trim().to_string(),
                url_path: url_path(name),
                pages: Vec::new(),
            });
            if !tag.pages.contains(&id) {
                tag.pages.push(id);
            }
        }
    }
    tags.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_and_dashed() {
        assert_eq!(slug("Load Balancing"), "load-balancing");
        assert_eq!(slug(" TLS/SSL "), "tls-ssl");
        assert_eq!(slug("???"), "tag");
    }
}
