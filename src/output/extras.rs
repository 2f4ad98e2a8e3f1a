//! Small generated files: `sitemap.xml`, `robots.txt`, and the redirect pages behind `aliases`.

use crate::highlight::escape;

/// A sitemap of `(permalink, last modified date)` entries, in the order given.
pub fn sitemap_xml(entries: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (location, modified) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(location));
        xml.push_str("</loc>\n");
        if let Some(date) = modified {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", escape(date)));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Allows everything; names the sitemap when the base URL is absolute (robots.txt needs a full URL).
pub fn robots_txt(base_url: &str) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if base_url.starts_with("http") {
        text.push_str(&format!("Sitemap: {base_url}sitemap.xml\n"));
    }
    text
}

/// A page that sends the reader (and search engines) on to `target`.
pub fn alias_page(target: &str) -> String {
    let target = escape(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting</title>\n\
         <link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n\
         </head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_locations_and_dates() {
        let xml = sitemap_xml(&[
            ("https://x.org/a/".into(), Some("2024-01-02".into())),
            ("https://x.org/".into(), None),
        ]);
        assert!(xml.contains("<loc>https://x.org/a/</loc>\n    <lastmod>2024-01-02</lastmod>"));
        assert_eq!(xml.matches("<url>").count(), 2);
    }

    #[test]
    fn robots_names_the_sitemap_only_for_absolute_urls() {
        assert!(robots_txt("https://x.org/h/").contains("Sitemap: https://x.org/h/sitemap.xml"));
        assert!(!robots_txt("/").contains("Sitemap"));
    }
}
