//! The diagram engine: `infra` source text in, checked model and inline SVG out.
//!
//! parse (spans, all errors) -> model (names, kinds, groups) -> lint -> layout -> svg.
//! Nothing here knows about pages or sites; links are resolved through [`LinkResolver`].

mod boxes;
pub mod layout;
pub mod lint;
pub mod model;
mod suggest;
pub mod svg;
pub mod syntax;
pub mod text;

pub use svg::export::PngError;
pub use svg::style::Theme;

/// A byte range into the diagram source given to [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a diagram: a syntax or model error, or a lint finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable code, e.g. `E-unknown-kind` or `single-point-of-failure`.
    pub code: String,
    pub message: String,
    pub span: Span,
    /// Further spans with a short note each (e.g. "first defined here").
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
}

/// Turns a `link:` target written in a diagram into the URL to emit, or says why it is broken.
/// Only relative and site-absolute targets are asked; absolute `http(s)` URLs are linked as written,
/// and any other scheme (`javascript:`, `data:`) is refused before the resolver sees it.
pub trait LinkResolver {
    fn resolve(&self, target: &str) -> Result<String, String>;
}

pub struct RenderOptions<'a> {
    /// Prefix for every id in the SVG, so several diagrams share one page.
    pub id_prefix: &'a str,
    pub links: &'a dyn LinkResolver,
}

/// A diagram ready to be placed in a page.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// `<figure>` with the inline SVG, caption and text alternative.
    pub html: String,
    pub title: Option<String>,
    /// Warnings (lint findings); errors are returned as `Err` instead.
    pub findings: Vec<Finding>,
}

/// A diagram checked and laid out, before drawing: what every output shares, and what tests and other
/// front ends inspect.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub diagram: model::Diagram,
    /// The layout input built from the model (sizes from measured text).
    pub graph: layout::LayoutGraph,
    pub layout: layout::Layout,
}

/// Parses, checks and lays out one diagram. `Err` carries every syntax or model error.
pub fn prepare(source: &str) -> Result<Prepared, Vec<Finding>> {
    let (document, syntax_errors) = syntax::parse(source);
    if !syntax_errors.is_empty() {
        return Err(syntax_errors);
    }
    let diagram = model::build(&document)?;
    let path_errors = lint::paths::check(&diagram);
    if !path_errors.is_empty() {
        return Err(path_errors);
    }
    let graph = boxes::layout_graph(&diagram);
    let layout = layout::layout(&graph);
    Ok(Prepared {
        diagram,
        graph,
        layout,
    })
}

/// Parses, checks, lays out and draws one diagram. `Err` carries every error found (spans into
/// `source`); `Ok` carries the figure and any warnings.
pub fn render(source: &str, options: &RenderOptions) -> Result<Rendered, Vec<Finding>> {
    let Prepared {
        diagram, layout, ..
    } = prepare(source)?;
    let html = svg::figure(&diagram, &layout, options.id_prefix, options.links)?;
    Ok(Rendered {
        html,
        title: diagram.title.clone(),
        findings: lint::findings(&diagram),
    })
}

/// A standalone SVG document for `source`, with its own colours for `theme`. `Ok` carries the
/// document and any warnings. Links to site pages are dropped (there is no site to resolve them).
pub fn render_standalone_svg(
    source: &str,
    theme: Theme,
) -> Result<(String, Vec<Finding>), Vec<Finding>> {
    let Prepared {
        diagram, layout, ..
    } = prepare(source)?;
    let findings = lint::findings(&diagram);
    Ok((svg::export::document(&diagram, &layout, theme), findings))
}

/// Rasterises a standalone SVG document (from [`render_standalone_svg`]) to PNG bytes.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PngError> {
    svg::export::svg_to_png(svg)
}
