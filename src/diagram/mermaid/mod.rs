//! Mermaid front end: the `flowchart` / `graph` subset read into our [`model::Diagram`], then laid
//! out, linted and drawn by the same engine as `infra`, so a ```` ```mermaid ```` fence gets our
//! layout, theme, text alternative and links without a browser.
//!
//! Stages: [`preamble`] (front matter, `%%{init}%%`, the type keyword) -> [`parser`] (statements
//! -> [`ast::Flowchart`] with byte spans, one error per broken statement) -> [`build`] (ids,
//! subgraph membership, shapes, styles, links, `%% kind:` hints -> the model) -> the shared layout
//! ([`layout::layout_nested`], so a subgraph's own `direction` is honoured when no member links
//! outside) and SVG.
//!
//! Other diagram types are not drawn here: [`detect`] names them so the caller can keep the block
//! as code with a warning.

mod arrow;
pub mod ast;
mod build;
mod classes;
mod cursor;
mod node;
mod parser;
mod preamble;
pub mod state;
mod style;
mod text;

pub use style::accent;
pub(crate) use text::entities;

use super::{Finding, Prepared, RenderOptions, Rendered, Span, boxes, layout};

/// What a mermaid block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    Flowchart,
    /// Another type (`sequenceDiagram`, `stateDiagram-v2`, ...), named as written, or an empty
    /// block (`""`).
    Other {
        keyword: String,
        span: Span,
    },
}

/// Reads only the type keyword.
pub fn detect(source: &str) -> Detected {
    match preamble::read(source).keyword {
        Some((word, _)) if matches!(word.as_str(), "flowchart" | "graph" | "flowchart-elk") => {
            Detected::Flowchart
        }
        Some((keyword, span)) => Detected::Other { keyword, span },
        None => Detected::Other {
            keyword: String::new(),
            span: Span::default(),
        },
    }
}

/// What the front end adds to a prepared flowchart.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Its own warnings (styles it could not draw).
    pub warnings: Vec<Finding>,
    /// Whether the architecture lints run: only when a `%% kind:` comment opts the diagram in (a
    /// cylinder alone is drawn as a database, but does not make a flowchart an architecture).
    pub lint: bool,
}

/// Parses, checks and lays out a flowchart.
pub fn prepare(source: &str) -> Result<(Prepared, Notes), Vec<Finding>> {
    let (chart, errors) = parser::parse(source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let built = build::build(&chart)?;
    let diagram = built.diagram;
    let graph = boxes::layout_graph(&diagram);
    let layout = layout::layout_nested(&graph, chart.flow.orientation(), &built.own);
    let prepared = Prepared {
        diagram,
        graph,
        layout,
    };
    // The author chose the direction; a left-to-right chart too wide for the column wraps into rows.
    let prepared = if matches!(chart.flow, ast::Flow::LeftRight) {
        super::fit::wrapping_only(prepared)
    } else {
        prepared
    };
    Ok((
        prepared,
        Notes {
            warnings: built.warnings,
            lint: !chart.hints.is_empty(),
        },
    ))
}

/// Parses, checks, lays out and draws one flowchart as a page figure. `Err` carries every error
/// (spans into `source`); `Ok` the figure with lint findings and style warnings.
pub fn render(source: &str, options: &RenderOptions) -> Result<Rendered, Vec<Finding>> {
    let (prepared, notes) = prepare(source)?;
    let mut rendered = super::draw(&prepared.diagram, &prepared.layout, options, notes.lint)?;
    rendered.findings.extend(notes.warnings);
    Ok(rendered)
}

/// A flowchart in words, as [`super::describe_in_words`] gives an `infra` diagram; `None` when
/// the source has errors.
pub fn describe_in_words(source: &str) -> Option<String> {
    let (chart, errors) = parser::parse(source);
    if !errors.is_empty() {
        return None;
    }
    let built = build::build(&chart).ok()?;
    Some(super::in_words(&built.diagram))
}

/// A standalone SVG document for a flowchart (`infrabook diagram FILE.mmd`), with its own colours.
pub fn render_standalone_svg(
    source: &str,
    theme: super::Theme,
) -> Result<(String, Vec<Finding>), Vec<Finding>> {
    if state::is_state(source) {
        return state::render_standalone_svg(source, theme);
    }
    let (prepared, notes) = prepare(source)?;
    let (diagram, layout) = (&prepared.diagram, &prepared.layout);
    let lints = if notes.lint {
        super::lint::check(diagram)
    } else {
        Vec::new()
    };
    let overlay = super::lint::marks::overlay(diagram, &lints);
    let svg = super::svg::export::document(diagram, layout, theme, &overlay);
    let mut findings: Vec<Finding> = lints.into_iter().map(|l| l.finding).collect();
    findings.extend(notes.warnings);
    Ok((svg, findings))
}

#[cfg(test)]
mod tests;
