//! Mermaid state diagrams (`stateDiagram` / `stateDiagram-v2`) in our own engine: [`parser`]
//! (statements -> [`ast::StateChart`] with byte spans) -> [`build`] (scopes, pseudo-states,
//! composites and their concurrent regions, notes, styles -> the shared [`Diagram`] model) -> the
//! shared layout and SVG, with state shapes (start dot, end ring, choice diamond, fork bar, note)
//! and a text alternative written for states ([`describe`]): "Start, then Idle. Idle goes to
//! Running on “start”."

pub mod ast;
mod beside;
mod build;
mod describe;
mod parser;

pub use build::Role;

use crate::diagram::model::{Diagram, Shape};
use crate::diagram::syntax::Ends;
use crate::diagram::{Finding, Prepared, RenderOptions, Rendered, boxes, layout};

/// Whether a mermaid block is a state diagram (by its type keyword).
pub fn is_state(source: &str) -> bool {
    matches!(
        super::preamble::read(source).keyword,
        Some((word, _)) if word == "stateDiagram" || word == "stateDiagram-v2"
    )
}

/// Parses, checks and lays out a state diagram; also says what each node is.
pub fn prepare(source: &str) -> Result<(Prepared, Vec<Role>, Vec<Finding>), Vec<Finding>> {
    let (chart, errors) = parser::parse(source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let built = build::build(&chart)?;
    let mut diagram = built.built.diagram;
    let orientation = chart.flow.orientation();
    bars_across_their_flow(&mut diagram, orientation, &built.built.own);
    let (graph, layout) = lay_out(&diagram, orientation, &built.built.own);
    Ok((
        Prepared {
            diagram,
            graph,
            layout,
        },
        built.roles,
        built.built.warnings,
    ))
}

/// Turns every fork and join bar across the flow of the block it is laid out in: the diagram's
/// direction, or that of the composite with its own `direction` holding it (when it gets one).
fn bars_across_their_flow(
    diagram: &mut Diagram,
    orientation: layout::Orientation,
    own: &[Option<layout::Orientation>],
) {
    let flows = layout::block_orientations(&boxes::layout_graph(diagram), orientation, own);
    for (node, flow) in diagram.nodes.iter_mut().zip(flows) {
        if matches!(node.look.shape, Shape::Bar | Shape::BarVertical) {
            node.look.shape = match flow.direction {
                layout::Direction::Down => Shape::Bar,
                layout::Direction::Right => Shape::BarVertical,
            };
        }
    }
}

/// Lays out in the diagram's orientation, composites with their own `direction` in theirs (as the
/// flowchart front end does).
fn lay_out(
    diagram: &Diagram,
    orientation: layout::Orientation,
    own: &[Option<layout::Orientation>],
) -> (layout::LayoutGraph, layout::Layout) {
    let mut graph = boxes::layout_graph(diagram);
    // A note's link (the only edges without an arrow) on a state nothing leads to is left out of
    // ranking, so the note shares the state's first layer instead of pushing a layer of its own
    // between it and the next state. (A note on any other state keeps its link: a node without
    // ranked edges is placed in the first layer, far from its state.)
    let reached: Vec<bool> = diagram
        .node_ids()
        .map(|id| {
            diagram
                .edges
                .iter()
                .any(|e| e.to == id && e.ends == Ends::Forward)
        })
        .collect();
    for (edge, drawn) in graph.edges.iter_mut().zip(&diagram.edges) {
        let state = if diagram.nodes[drawn.from.index()].look.shape == Shape::Note {
            drawn.to
        } else {
            drawn.from
        };
        if drawn.ends == Ends::None && !reached[state.index()] {
            edge.constrains_rank = false;
        }
    }
    let layout = beside::lay_out(diagram, &graph, orientation, own);
    (graph, layout)
}

/// Parses, checks, lays out and draws one state diagram as a page figure.
pub fn render(source: &str, options: &RenderOptions) -> Result<Rendered, Vec<Finding>> {
    let (prepared, roles, warnings) = prepare(source)?;
    let mut rendered = crate::diagram::draw(&prepared.diagram, &prepared.layout, options, false)?;
    rendered.html = describe::replace(&rendered.html, options.id_prefix, &prepared.diagram, &roles);
    rendered.findings.extend(warnings);
    Ok(rendered)
}

/// A standalone SVG document for a state diagram, with its own colours.
pub fn render_standalone_svg(
    source: &str,
    theme: crate::diagram::Theme,
) -> Result<(String, Vec<Finding>), Vec<Finding>> {
    let (prepared, roles, warnings) = prepare(source)?;
    let overlay = crate::diagram::svg::Overlay::default();
    let svg =
        crate::diagram::svg::export::document(&prepared.diagram, &prepared.layout, theme, &overlay);
    Ok((
        describe::replace(&svg, "diagram", &prepared.diagram, &roles),
        warnings,
    ))
}

#[cfg(test)]
mod tests;
