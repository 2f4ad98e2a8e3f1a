//! SVG: [`Diagram`] + [`Layout`] -> markup. Inline `<figure>` for pages ([`figure`]) and a standalone
//! document ([`export`]). Knows nothing of the `infra` syntax.
//!
//! Guarantees: plain `<text>` only; every id starts with the diagram's prefix; colours come only from
//! classes (`kind-database`, `proto-https`, `secure`) styled by `static/css/diagrams.css`, generated
//! from [`style`]; every node is `<g class="node ..." data-id data-kind data-box>` whose first `<rect>`
//! is its box; every edge is `<g class="edge ..." data-from data-to>`; coordinates have one decimal, so
//! the same input always gives the same bytes.

pub mod callouts;
mod describe;
pub mod export;
mod icons;
mod legend;
mod outline;
pub mod overlay;
mod shapes;
pub mod style;
pub(crate) mod writer;

use std::fmt::Write as _;

use super::layout::Layout;
use super::model::{Diagram, NodeKind};
use super::{Finding, LinkResolver, Severity};
pub use describe::sentence as describe_in_words;
pub use overlay::{Badge, Overlay, Step};
use writer::{escape, num};

/// Blank space around the drawing.
pub const MARGIN: f64 = 8.0;

/// Where things go and what they link to, shared by the pieces that draw.
pub(crate) struct Canvas<'a> {
    pub diagram: &'a Diagram,
    pub layout: &'a Layout,
    pub prefix: &'a str,
    /// Resolved `link:` URL per node (same index as the diagram's nodes).
    pub hrefs: &'a [Option<String>],
    pub overlay: &'a Overlay,
}

impl Canvas<'_> {
    /// Shift from layout coordinates to SVG coordinates.
    pub fn offset(&self) -> f64 {
        MARGIN
    }
}

/// The `<figure>` placed in a page: SVG (with the lint `overlay` drawn on top), the text alternative
/// and the caption (`caption`, else the diagram's title). HTML allows `<figcaption>` only as the first
/// or last child, so it comes last, after the `<details>`.
pub fn figure(
    diagram: &Diagram,
    layout: &Layout,
    prefix: &str,
    links: &dyn LinkResolver,
    overlay: &Overlay,
    caption: Option<&str>,
) -> Result<String, Vec<Finding>> {
    let hrefs = resolve_links(diagram, links)?;
    let canvas = Canvas {
        diagram,
        layout,
        prefix,
        hrefs: &hrefs,
        overlay,
    };
    let mut html = String::new();
    let _ = writeln!(html, r#"<figure class="diagram" id="{}">"#, escape(prefix));
    html.push_str(&svg_element(&canvas, None));
    html.push_str(&describe::details(diagram, &hrefs));
    if let Some(caption) = caption.or(diagram.title.as_deref()) {
        let _ = writeln!(html, "<figcaption>{}</figcaption>", escape(caption));
    }
    html.push_str("</figure>\n");
    Ok(html)
}

/// The width of the `<svg>` drawn for `layout` (the drawing, or its legend when wider, and the
/// margin around them): what a page scales into its column.
pub fn figure_width(diagram: &Diagram, layout: &Layout) -> f64 {
    outer_width(layout, &legend::Legend::new(diagram, layout.width))
}

fn outer_width(layout: &Layout, legend: &legend::Legend) -> f64 {
    layout.width.max(legend.width) + MARGIN * 2.0
}

/// The `<svg>` element; `style` is embedded for standalone documents.
pub(crate) fn svg_element(canvas: &Canvas, style: Option<&str>) -> String {
    let legend = legend::Legend::new(canvas.diagram, canvas.layout.width);
    let width = outer_width(canvas.layout, &legend);
    let legend_top = canvas.layout.height + MARGIN + if legend.is_empty() { 0.0 } else { 16.0 };
    let height = legend_top + legend.height + MARGIN;
    let p = escape(canvas.prefix);
    // A drawing with links is a named group, so its links are reachable; `img` hides its parts and
    // a link inside it is a nested interactive control (axe: nested-interactive).
    let role = if canvas.hrefs.iter().any(Option::is_some) {
        "group"
    } else {
        "img"
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="{role}" aria-labelledby="{p}-title" aria-describedby="{p}-desc">"#,
        w = num(width),
        h = num(height),
    );
    let title = canvas
        .diagram
        .title
        .as_deref()
        .unwrap_or("Architecture diagram");
    let _ = writeln!(out, r#"<title id="{p}-title">{}</title>"#, escape(title));
    let _ = writeln!(
        out,
        r#"<desc id="{p}-desc">{}</desc>"#,
        escape(&describe::sentence(canvas.diagram))
    );
    if let Some(style) = style {
        let _ = writeln!(out, "<style>{style}</style>");
        let _ = writeln!(
            out,
            r#"<rect class="canvas" x="0" y="0" width="{}" height="{}"/>"#,
            num(width),
            num(height)
        );
    }
    out.push_str(&defs(canvas));
    out.push_str(&shapes::draw(canvas));
    out.push_str(&overlay::draw(canvas, canvas.overlay));
    out.push_str(&legend.draw(canvas.prefix, MARGIN, legend_top));
    out.push_str("</svg>\n");
    out
}

/// One `<symbol>` per kind the diagram uses (in the fixed kind order), plus the lock if needed.
fn defs(canvas: &Canvas) -> String {
    let mut out = String::from("<defs>");
    for kind in used_kinds(canvas.diagram) {
        let id = format!("{}-icon-{}", escape(canvas.prefix), kind.as_str());
        out.push_str(&icons::symbol(&id, icons::icon_body(kind)));
    }
    if canvas.diagram.edges.iter().any(super::boxes::shows_lock) {
        let id = format!("{}-icon-lock", escape(canvas.prefix));
        out.push_str(&icons::symbol(&id, icons::LOCK_BODY));
    }
    out.push_str("</defs>\n");
    out
}

/// Kinds present in the diagram, in the order of [`NodeKind::ALL`].
pub(crate) fn used_kinds(diagram: &Diagram) -> Vec<NodeKind> {
    NodeKind::ALL
        .iter()
        .copied()
        .filter(|k| diagram.nodes.iter().any(|n| n.kind == *k))
        .collect()
}

/// Resolves every `link:` through the site's resolver; a broken or unsafe link is an error.
fn resolve_links(
    diagram: &Diagram,
    links: &dyn LinkResolver,
) -> Result<Vec<Option<String>>, Vec<Finding>> {
    let mut errors = Vec::new();
    let hrefs = diagram
        .nodes
        .iter()
        .map(|node| {
            let link = node.link.as_ref()?;
            let outcome = if is_web_url(&link.value) {
                Ok(link.value.trim().to_string())
            } else if is_safe_url(&link.value) {
                links.resolve(&link.value)
            } else {
                Err("only site pages and http(s) URLs may be linked".to_string())
            };
            match outcome {
                Ok(url) if is_safe_url(&url) => Some(url),
                Ok(_) => {
                    errors.push(broken_link(
                        link,
                        "the resolved URL is not a page or http(s) URL".into(),
                    ));
                    None
                }
                Err(why) => {
                    errors.push(broken_link(link, why));
                    None
                }
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(hrefs)
    } else {
        Err(errors)
    }
}

fn broken_link(link: &super::syntax::Spanned<String>, why: String) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "E-broken-link".to_string(),
        message: format!("broken link `{}`: {why}", link.value),
        span: link.span,
        labels: Vec::new(),
        help: None,
    }
}

/// An absolute `http://` or `https://` URL: linked as written, without asking the site.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && is_safe_url(url)
}

/// A relative or absolute path, or an `http(s)` URL; never `javascript:`, `data:` or other schemes.
pub fn is_safe_url(url: &str) -> bool {
    let trimmed = url.trim();
    if trimmed.is_empty() || trimmed.chars().any(char::is_control) {
        return false;
    }
    let scheme_end = trimmed.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if trimmed[i..].starts_with(':') => {
            let scheme = trimmed[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::is_safe_url;

    #[test]
    fn only_pages_and_web_urls_are_safe() {
        assert!(is_safe_url("../dns/index.md"));
        assert!(is_safe_url("/handbook/dns/"));
        assert!(is_safe_url("https://example.com/a:b"));
        assert!(is_safe_url("page.md#top"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("java\tscript:x"));
        assert!(!is_safe_url(""));
    }
}
