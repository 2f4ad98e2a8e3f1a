//! The Atom feed (`atom.xml`, RFC 4287) of the site's dated pages, newest first.

use crate::highlight::escape;

/// What the feed says about the site.
pub struct FeedSite<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The site's URL (`https://example.org/handbook/`, or a path when the base URL is one).
    pub base_url: &'a str,
}

/// One dated page.
pub struct FeedEntry {
    pub title: String,
    pub permalink: String,
    pub summary: String,
    /// Front matter `date` (RFC 3339 date or date-time).
    pub published: Option<String>,
    /// `updated`, else `published`.
    pub updated: String,
    pub tags: Vec<String>,
}

/// An RFC 3339 date-time for a front matter date: `2024-05-20` becomes `2024-05-20T00:00:00Z`, a
/// date-time without an offset is taken as UTC.
pub fn date_time(value: &str) -> String {
    let value = value.trim();
    if value.len() == 10 {
        return format!("{value}T00:00:00Z");
    }
    let time = value.get(11..).unwrap_or_default();
    let has_offset = time.ends_with('Z') || time.contains('+') || time.contains('-');
    if has_offset {
        value.replacen(' ', "T", 1)
    } else {
        format!("{}Z", value.replacen(' ', "T", 1))
    }
}

/// An IRI for `permalink`: itself when absolute; a path-only base URL has no host to name.
fn id_for(permalink: &str) -> String {
    if permalink.contains("://") {
        permalink.to_string()
    } else {
        format!("urn:infrabook:{}", permalink.trim_start_matches('/'))
    }
}

/// The feed document; `entries` in any order (sorted here, newest first, then by URL).
pub fn atom_xml(site: &FeedSite, mut entries: Vec<FeedEntry>) -> String {
    entries.sort_by(|a, b| {
        b.updated
            .cmp(&a.updated)
            .then(a.permalink.cmp(&b.permalink))
    });
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z");
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(site.title)));
    if !site.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(site.description)
        ));
    }
    xml.push_str(&format!("  <id>{}</id>\n", escape(&id_for(site.base_url))));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(site.base_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}atom.xml\"/>\n",
        escape(site.base_url)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", escape(updated)));
    xml.push_str(&format!(
        "  <author>\n    <name>{}</name>\n  </author>\n",
        escape(site.title)
    ));
    xml.push_str("  <generator>infrabook</generator>\n");
    for entry in &entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&entry.title)));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape(&id_for(&entry.permalink))
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&entry.permalink)
        ));
        if let Some(published) = &entry.published {
            xml.push_str(&format!(
                "    <published>{}</published>\n",
                escape(published)
            ));
        }
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            escape(&entry.updated)
        ));
        for tag in &entry.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", escape(tag)));
        }
        if !entry.summary.is_empty() {
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                escape(&entry.summary)
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_rfc3339_date_times() {
        assert_eq!(date_time("2024-05-20"), "2024-05-20T00:00:00Z");
        assert_eq!(date_time("2024-06-02T10:00:00Z"), "2024-06-02T10:00:00Z");
        assert_eq!(
            date_time("2024-06-02T10:00:00+02:00"),
            "2024-06-02T10:00:00+02:00"
        );
        assert_eq!(date_time("2024-06-02T10:00:00"), "2024-06-02T10:00:00Z");
    }
}
