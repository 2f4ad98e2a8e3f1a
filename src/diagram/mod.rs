//! The diagram engine: `infra` source text in, checked model and inline SVG out.
//!
//! parse (spans, all errors) -> model (names, kinds, groups) -> lint -> layout -> svg.
//! Nothing here knows about pages or sites; links are resolved through [`LinkResolver`].

pub mod layout;
pub mod model;
mod suggest;
pub mod syntax;
pub mod text;

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

/// Parses, checks, lays out and draws one diagram. `Err` carries every error found (spans into
/// `source`); `Ok` carries the figure and any warnings.
///
/// PLACEHOLDER until the engine lands: every diagram is reported as not yet supported.
pub fn render(source: &str, _options: &RenderOptions) -> Result<Rendered, Vec<Finding>> {
    Err(vec![Finding {
        severity: Severity::Error,
        code: "E-unsupported".to_string(),
        message: "the diagram engine is not built yet".to_string(),
        span: Span {
            start: 0,
            end: source.len().min(1),
        },
        labels: Vec::new(),
        help: None,
    }])
}
