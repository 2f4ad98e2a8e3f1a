//! The typed context every template sees (README "Template context" documents it field by field).
//! Built from the site tree; serialised for Tera.

use serde::Serialize;

use crate::markdown::TocEntry;

#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Full base URL, ending in `/`.
    pub base_url: String,
    /// Path part of `base_url`, starting and ending in `/`.
    pub base_path: String,
    /// True when the site has a search index (`[search] enabled`); the theme shows its search box.
    pub search: bool,
    /// `edit_url` from `site.toml`: a page's `source_path` appended to it is where it is edited.
    pub edit_url: Option<String>,
    /// True when every page has a social card, `card.png` beside it (`[social] cards`).
    pub cards: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub is_section: bool,
    pub current: bool,
    /// A section holding (or being) the current page; only open sections list their children.
    pub open: bool,
    pub children: Vec<NavItem>,
    /// A part heading between entries (mdBook `# Part`, an MkDocs group without a page): a
    /// title, no URL (`""`), no children.
    pub is_part: bool,
    /// A link out of the site from the navigation (MkDocs `- GitHub: https://...`).
    pub is_external: bool,
}

impl NavItem {
    pub fn part(title: &str) -> NavItem {
        NavItem {
            title: title.to_string(),
            url: String::new(),
            is_section: false,
            current: false,
            open: false,
            children: Vec::new(),
            is_part: true,
            is_external: false,
        }
    }

    pub fn external(title: &str, url: &str) -> NavItem {
        NavItem {
            url: url.to_string(),
            is_part: false,
            is_external: true,
            ..NavItem::part(title)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkContext {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryContext {
    pub title: String,
    pub url: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub reading_time: usize,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<String>,
    /// `tags` with the URL of each tag's page (`/tags/dns/`).
    pub tag_links: Vec<LinkContext>,
    pub source_path: String,
    /// The front matter's free-form `[extra]` table.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionContext {
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub pages: Vec<SummaryContext>,
    pub subsections: Vec<SummaryContext>,
    /// Like `content/dns/_index.md`; `None` for a home section the site does not write itself.
    pub source_path: Option<String>,
    /// The front matter's free-form `[extra]` table.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Variables present in every template.
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    pub site: &'a SiteContext,
    /// The sidebar; `None` only when no template the page renders with can read it (see
    /// `Templates::reads_nav`), and then left out of the context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nav: Option<Vec<NavItem>>,
    /// `nav` written as HTML by the core (`templates::sidebar`): what the built-in `base.html`
    /// prints.
    pub nav_html: String,
    pub breadcrumbs: Vec<LinkContext>,
    pub live_reload: bool,
    pub generator: &'a str,
}

#[derive(Debug, Serialize)]
pub struct PageTemplate<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub page: PageContext,
    pub prev: Option<LinkContext>,
    pub next: Option<LinkContext>,
}

/// One tag for `tags.html`: its name, page URL and pages (newest reading order).
#[derive(Debug, Clone, Serialize)]
pub struct TagContext {
    pub name: String,
    pub url: String,
    pub pages: Vec<SummaryContext>,
}

/// `tags.html` renders the tag index (`tag` absent) and each tag's page.
#[derive(Debug, Serialize)]
pub struct TagsTemplate<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub tags: &'a [TagContext],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<&'a TagContext>,
    pub social: SocialContext,
}

/// What a link preview of a generated page (a tag page, the 404 page) shows, for `base.html`'s
/// Open Graph meta; documents give theirs through `page` or `section`.
#[derive(Debug, Clone, Serialize)]
pub struct SocialContext {
    pub title: String,
    pub description: String,
    /// The page's full URL; empty for the 404 page, which has no address of its own.
    pub permalink: String,
    /// The full URL of its social card (`site.cards` says whether there is one).
    pub card: String,
}

/// `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundTemplate<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub social: SocialContext,
}

#[derive(Debug, Serialize)]
pub struct SectionTemplate<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub section: SectionContext,
    pub prev: Option<LinkContext>,
    pub next: Option<LinkContext>,
}
