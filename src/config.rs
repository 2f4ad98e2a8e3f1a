//! `site.toml`: read, check every key (a typo is an error naming the key and its line), and normalise
//! `base_url` into the full URL and path prefix that every emitted link uses.

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// Where the config lives, relative to the site root; also its path in diagnostics.
pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Full URL (`https://user.github.io/handbook/`) or a path (`/`); normalised by [`SiteUrls::parse`].
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Where a page's source can be edited: the page's source path (`content/dns/records.md`) is
    /// appended to it for the theme's "Edit this page" link. `None`: no link.
    #[serde(default)]
    pub edit_url: Option<String>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub highlight: HighlightConfig,
    #[serde(default)]
    pub links: LinksConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub social: SocialConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, en/em dashes and ellipses.
    pub smart_punctuation: bool,
    /// Lowest and highest heading level in the table of contents.
    pub toc_min_level: u8,
    pub toc_max_level: u8,
    /// Words per minute for the reading time.
    pub words_per_minute: u32,
    /// `$...$` and `$$...$$` as LaTeX math, written out as MathML at build time.
    pub math: bool,
    /// How heading ids are made from heading text: `github`, `zola` or `python-markdown`.
    pub slug: crate::markdown::slugs::SlugRule,
    /// How MkDocs tabs get their ids: `numbered`, `label` or `heading-label` (pymdownx.tabbed's).
    pub tab_ids: crate::markdown::tab_ids::TabIdRule,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            toc_min_level: 2,
            toc_max_level: 3,
            words_per_minute: 200,
            math: true,
            slug: crate::markdown::slugs::SlugRule::default(),
            tab_ids: crate::markdown::tab_ids::TabIdRule::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightConfig {
    /// Theme names from the bundled set (see README), for light and dark mode.
    pub light_theme: String,
    pub dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            light_theme: "Coldark-Cold".to_string(),
            dark_theme: "Coldark-Dark".to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    /// Internal link targets (site paths starting with `/`) that are not checked, e.g. pages made by
    /// another tool.
    pub ignore: Vec<String>,
    /// `error` (default) or `warn`: broken links and anchors as warnings, so a docs tree brought
    /// from another tool can be seen before every legacy link is fixed.
    pub broken: BrokenLinks,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    #[default]
    Error,
    Warn,
}

/// `[search]`: the static full-text search index (see [`crate::search`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Build the index into `pagefind/` and let the theme show its search box. Off: no index, and
    /// the box stays hidden.
    pub enabled: bool,
    /// Who writes the index: `infrabook` (the default: our own writer of Pagefind's format, in
    /// parallel, [`crate::search::writer`]) or `pagefind` (the library, the reference).
    pub writer: SearchWriter,
}

/// `[search] writer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchWriter {
    Pagefind,
    #[default]
    Infrabook,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            writer: SearchWriter::default(),
        }
    }
}

/// `[social]`: link previews (see [`crate::cards`]). Cards are opt-in, as in MkDocs Material: the first
/// build draws each one (about 9 ms a page, 90 s of a 10,000-page build); later builds reuse the cache.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SocialConfig {
    /// Draw a card image per page (`card.png` beside it) and name it in `og:image`.
    pub cards: bool,
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

/// The base URL split into what templates need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrls {
    /// Always ends in `/`; `/...` when the config gives only a path.
    pub base_url: String,
    /// Starts and ends with `/`.
    pub base_path: String,
}

impl SiteUrls {
    /// Splits a base URL (`https://host/sub/` or `/sub/`) into full URL and path prefix.
    pub fn parse(raw: &str) -> Result<SiteUrls, String> {
        let raw = raw.trim();
        let (origin, path) = if let Some(rest) = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
        {
            let scheme_len = raw.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(format!("`{raw}` has no host"));
            }
            (&raw[..scheme_len + host_end], &rest[host_end..])
        } else if raw.starts_with('/') || raw.is_empty() {
            ("", raw)
        } else {
            return Err(format!(
                "`{raw}` is neither an http(s) URL nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{raw}` must not contain a query, fragment or space"
            ));
        }
        let trimmed = path.trim_matches('/');
        let base_path = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        Ok(SiteUrls {
            base_url: format!("{origin}{base_path}"),
            base_path,
        })
    }
}

impl SiteConfig {
    /// Parses `text` (the contents of [`CONFIG_FILE`]); every problem becomes a diagnostic at its key.
    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let config: SiteConfig = toml::from_str(text).map_err(|error| {
            let message = error.message().trim().to_string();
            let code = if message.starts_with("unknown field") {
                "C002"
            } else {
                "C001"
            };
            let span = error.span().unwrap_or(0..0);
            let label = if code == "C002" {
                "unknown key"
            } else {
                "here"
            };
            Diagnostic::error(code, format!("invalid {CONFIG_FILE}: {message}")).at(
                CONFIG_FILE,
                span,
                label,
            )
        })?;
        if let Err(reason) = SiteUrls::parse(&config.base_url) {
            let span = find_key_line(text, "base_url");
            return Err(
                Diagnostic::error("C003", format!("invalid base_url: {reason}")).at(
                    CONFIG_FILE,
                    span,
                    "here",
                ),
            );
        }
        if let Some(url) = &config.edit_url {
            if !url.starts_with("https://") && !url.starts_with("http://") {
                let span = find_key_line(text, "edit_url");
                return Err(Diagnostic::error(
                    "C005",
                    format!("invalid edit_url: `{url}` is not an http(s) URL"),
                )
                .at(CONFIG_FILE, span, "here")
                .help("give the URL a page's source path is appended to, e.g. `https://github.com/you/handbook/edit/main/`"));
            }
        }
        Ok(config)
    }
}

/// The span of the line that sets `key`, for errors found after parsing.
pub fn find_key_line(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(['=', ':']) {
                let start = offset + (line.len() - trimmed.len());
                return start..offset + line.trim_end().len();
            }
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_host_and_sub_path() {
        let urls = SiteUrls::parse("https://example.github.io/handbook").unwrap();
        assert_eq!(urls.base_url, "https://example.github.io/handbook/");
        assert_eq!(urls.base_path, "/handbook/");
    }

    #[test]
    fn base_url_at_domain_root_and_path_only() {
        assert_eq!(
            SiteUrls::parse("http://127.0.0.1:1111").unwrap().base_path,
            "/"
        );
        let path_only = SiteUrls::parse("/docs/").unwrap();
        assert_eq!(
            (path_only.base_url.as_str(), path_only.base_path.as_str()),
            ("/docs/", "/docs/")
        );
        assert!(SiteUrls::parse("example.com").is_err());
    }

    #[test]
    fn unknown_key_is_reported_at_the_key() {
        let text = "title = \"x\"\n[markdown]\nsmart_punctuaton = false\n";
        let error = SiteConfig::parse(text).unwrap_err();
        assert_eq!(error.code, "C002");
        assert!(
            error.message.contains("smart_punctuaton"),
            "{}",
            error.message
        );
        let span = error.location.unwrap().span;
        assert_eq!(&text[span], "smart_punctuaton");
    }

    #[test]
    fn edit_url_must_be_a_web_url() {
        let good = SiteConfig::parse("title = \"x\"\nedit_url = \"https://git.example/e/main/\"");
        assert_eq!(
            good.unwrap().edit_url.as_deref(),
            Some("https://git.example/e/main/")
        );
        let text = "title = \"x\"\nedit_url = \"javascript:alert(1)//\"\n";
        let error = SiteConfig::parse(text).unwrap_err();
        assert_eq!(error.code, "C005");
        assert_eq!(
            &text[error.location.unwrap().span],
            "edit_url = \"javascript:alert(1)//\""
        );
    }

    #[test]
    fn defaults_fill_missing_tables() {
        let config = SiteConfig::parse("title = \"x\"").unwrap();
        assert!(config.markdown.smart_punctuation);
        assert_eq!(config.language, "en");
        assert_eq!(config.base_url, "/");
    }
}
