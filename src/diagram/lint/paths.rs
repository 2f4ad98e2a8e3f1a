//! Request paths: checks that each `path "Name": a -> b -> ...` follows the diagram's edges, and
//! finds the edge each step travels, for drawing.
//!
//! A step from `a` to `b` follows an edge when an edge of any kind joins `a` (or a container around
//! it) and `b` (or a container around it). It may travel the edge against its arrow: that is the
//! answer coming back over the same connection (`browser -> dns -> browser`). Edges in the step's
//! direction are preferred, then edges on the nodes themselves over their containers', then the first
//! declared. A step that follows no edge is an error (`E-path-no-edge`) spanning the two steps.

use crate::diagram::model::{Diagram, EdgeId, NodeId, RequestPath};
use crate::diagram::syntax::Ends;
use crate::diagram::{Finding, Severity, Span};

/// One step of a path as drawn: the edge it travels, and whether against the edge's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub edge: EdgeId,
    pub reversed: bool,
}

fn with_containers(diagram: &Diagram, id: NodeId) -> Vec<NodeId> {
    std::iter::once(id).chain(diagram.ancestors(id)).collect()
}

/// The edge travelled from `from` to `to`, if any.
pub fn hop(diagram: &Diagram, from: NodeId, to: NodeId) -> Option<Hop> {
    let froms = with_containers(diagram, from);
    let tos = with_containers(diagram, to);
    let depth = |list: &[NodeId], n: NodeId| list.iter().position(|x| *x == n);
    let mut best: Option<((bool, usize, usize), Hop)> = None;
    for id in diagram.edge_ids() {
        let edge = diagram.edge(id);
        let forward = depth(&froms, edge.from).zip(depth(&tos, edge.to));
        let backward = depth(&froms, edge.to).zip(depth(&tos, edge.from));
        for (found, reversed) in [(forward, false), (backward, true)] {
            let Some((a, b)) = found else { continue };
            // A two-way or undirected edge runs both ways, so travelling it backwards is no detour.
            let against_arrow = reversed && edge.ends == Ends::Forward;
            let rank = (against_arrow, a, b);
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, Hop { edge: id, reversed }));
            }
        }
    }
    best.map(|(_, hop)| hop)
}

/// The hops of `path`, one per step after the first; `None` where a step follows no edge.
pub fn hops(diagram: &Diagram, path: &RequestPath) -> Vec<Option<Hop>> {
    path.steps
        .windows(2)
        .map(|pair| hop(diagram, pair[0].0, pair[1].0))
        .collect()
}

/// An error for every step of every path that follows no edge.
pub fn check(diagram: &Diagram) -> Vec<Finding> {
    let mut errors = Vec::new();
    for path in &diagram.paths {
        for (i, hop) in hops(diagram, path).iter().enumerate() {
            if hop.is_some() {
                continue;
            }
            let (from, from_span) = path.steps[i];
            let (to, to_span) = path.steps[i + 1];
            let (a, b) = (&diagram.node(from).path, &diagram.node(to).path);
            errors.push(Finding {
                severity: Severity::Error,
                code: "E-path-no-edge".to_string(),
                message: format!(
                    "request path \"{}\" goes from `{a}` to `{b}`, but no edge joins them",
                    path.name
                ),
                span: Span {
                    start: from_span.start,
                    end: to_span.end,
                },
                labels: Vec::new(),
                help: Some(format!(
                    "a path must follow the diagram's edges: declare `{a} -> {b}`, or correct the path"
                )),
            });
        }
    }
    errors
}
