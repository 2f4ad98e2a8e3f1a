//! The layout invariants, checked on any graph and any layout.
//!
//! [`verify`] takes the input graph and a layout of it and returns every broken invariant: boxes of
//! unrelated nodes overlap, a member sticks out of its container (or sits closer than
//! [`MIN_PADDING`] to its border), an edge runs through a node that is neither its end nor a container
//! of one, an edge between members of a container leaves it, an edge does not start and end on the
//! borders of its nodes, a segment is not horizontal or vertical, a label overlaps a node, another label
//! or another edge, a labelled edge got no label box, or a number is not finite or lies outside the
//! drawing. Nesting is read with the same sanitising rules as the engine, so malformed parents are
//! judged the way they were laid out.

use std::fmt;

use super::hierarchy::Hierarchy;
use super::{Layout, LayoutGraph, Point, Rect};

/// Tolerance for comparing coordinates.
const EPS: f64 = 1e-6;
/// Least room a container leaves between its border and each member.
pub const MIN_PADDING: f64 = 4.0;
/// Farthest a label's box may lie from its own edge's line.
pub const LABEL_REACH: f64 = super::LABEL_GAP + 1.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// The layout does not have one box per node and one route per edge.
    ShapeMismatch,
    NotFinite {
        what: String,
    },
    OutOfBounds {
        what: String,
    },
    NodesOverlap {
        a: usize,
        b: usize,
    },
    MemberOutside {
        container: usize,
        member: usize,
    },
    MissingRoute {
        edge: usize,
    },
    MissingLabel {
        edge: usize,
    },
    NotOrthogonal {
        edge: usize,
        segment: usize,
    },
    EndOffBorder {
        edge: usize,
        node: usize,
    },
    EdgeThroughNode {
        edge: usize,
        node: usize,
    },
    EdgeLeavesContainer {
        edge: usize,
        container: usize,
    },
    LabelOverlapsNode {
        edge: usize,
        node: usize,
    },
    LabelsOverlap {
        a: usize,
        b: usize,
    },
    LabelOverlapsEdge {
        label: usize,
        edge: usize,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ShapeMismatch => write!(
                f,
                "layout does not have one box per node and one route per edge"
            ),
            Self::NotFinite { what } => write!(f, "{what} is not finite"),
            Self::OutOfBounds { what } => write!(f, "{what} lies outside the drawing"),
            Self::NodesOverlap { a, b } => write!(f, "nodes {a} and {b} overlap"),
            Self::MemberOutside { container, member } => {
                write!(
                    f,
                    "node {member} is not inside container {container} with padding"
                )
            }
            Self::MissingRoute { edge } => write!(f, "edge {edge} has no route"),
            Self::MissingLabel { edge } => write!(f, "edge {edge} has a label but no place for it"),
            Self::NotOrthogonal { edge, segment } => {
                write!(
                    f,
                    "segment {segment} of edge {edge} is neither horizontal nor vertical"
                )
            }
            Self::EndOffBorder { edge, node } => {
                write!(f, "edge {edge} does not end on the border of node {node}")
            }
            Self::EdgeThroughNode { edge, node } => {
                write!(f, "edge {edge} passes through node {node}")
            }
            Self::EdgeLeavesContainer { edge, container } => {
                write!(
                    f,
                    "edge {edge} leaves container {container}, which holds both its ends"
                )
            }
            Self::LabelOverlapsNode { edge, node } => {
                write!(f, "label of edge {edge} overlaps node {node}")
            }
            Self::LabelsOverlap { a, b } => write!(f, "labels of edges {a} and {b} overlap"),
            Self::LabelOverlapsEdge { label, edge } => {
                write!(f, "label of edge {label} overlaps edge {edge}")
            }
        }
    }
}

/// Every invariant `layout` breaks for `graph`; empty when the layout is sound.
pub fn verify(graph: &LayoutGraph, layout: &Layout) -> Vec<Violation> {
    if layout.nodes.len() != graph.nodes.len() || layout.edges.len() != graph.edges.len() {
        return vec![Violation::ShapeMismatch];
    }
    let mut found = check_numbers(layout);
    if !found.is_empty() {
        return found;
    }
    let hierarchy = Hierarchy::new(&graph.nodes);
    check_nodes(&hierarchy, layout, &mut found);
    check_edges(graph, &hierarchy, layout, &mut found);
    check_labels(graph, &hierarchy, layout, &mut found);
    found
}

fn check_numbers(layout: &Layout) -> Vec<Violation> {
    let mut found = Vec::new();
    let (w, h) = (layout.width, layout.height);
    if !(w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0) {
        return vec![Violation::NotFinite {
            what: "the drawing size".into(),
        }];
    }
    let mut rect = |r: &Rect, what: String| {
        if ![r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite())
            || r.width < 0.0
            || r.height < 0.0
        {
            found.push(Violation::NotFinite { what });
        } else if r.x < -EPS || r.y < -EPS || r.x + r.width > w + EPS || r.y + r.height > h + EPS {
            found.push(Violation::OutOfBounds { what });
        }
    };
    for (i, r) in layout.nodes.iter().enumerate() {
        rect(r, format!("the box of node {i}"));
    }
    for (e, route) in layout.edges.iter().enumerate() {
        if let Some(label) = &route.label {
            rect(label, format!("the label of edge {e}"));
        }
        for (i, p) in route.points.iter().enumerate() {
            rect(
                &Rect {
                    x: p.x,
                    y: p.y,
                    width: 0.0,
                    height: 0.0,
                },
                format!("point {i} of edge {e}"),
            );
        }
    }
    found
}

fn check_nodes(h: &Hierarchy, layout: &Layout, found: &mut Vec<Violation>) {
    let boxes = &layout.nodes;
    for a in 0..boxes.len() {
        if let Some(container) = h.parent(a) {
            let (outer, inner) = (&boxes[container], &boxes[a]);
            let padded = inner.x >= outer.x + MIN_PADDING - EPS
                && inner.y >= outer.y + MIN_PADDING - EPS
                && inner.x + inner.width <= outer.x + outer.width - MIN_PADDING + EPS
                && inner.y + inner.height <= outer.y + outer.height - MIN_PADDING + EPS;
            if !padded {
                found.push(Violation::MemberOutside {
                    container,
                    member: a,
                });
            }
        }
        for b in a + 1..boxes.len() {
            let nested = h.is_ancestor(a, b) || h.is_ancestor(b, a);
            if !nested && interiors_meet(&boxes[a], &boxes[b]) {
                found.push(Violation::NodesOverlap { a, b });
            }
        }
    }
}

fn check_edges(graph: &LayoutGraph, h: &Hierarchy, layout: &Layout, found: &mut Vec<Violation>) {
    let n = graph.nodes.len();
    for (e, edge) in graph.edges.iter().enumerate() {
        let (a, b) = (edge.from, edge.to);
        if a >= n || b >= n {
            continue;
        }
        let points = &layout.edges[e].points;
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            found.push(Violation::MissingRoute { edge: e });
            continue;
        };
        if points.len() < 2 {
            found.push(Violation::MissingRoute { edge: e });
            continue;
        }
        if edge.label.is_some() && layout.edges[e].label.is_none() {
            found.push(Violation::MissingLabel { edge: e });
        }
        for (node, end) in [(a, first), (b, last)] {
            if !on_border(end, &layout.nodes[node]) {
                found.push(Violation::EndOffBorder { edge: e, node });
            }
        }
        for (s, pair) in points.windows(2).enumerate() {
            if (pair[0].x - pair[1].x).abs() > EPS && (pair[0].y - pair[1].y).abs() > EPS {
                found.push(Violation::NotOrthogonal {
                    edge: e,
                    segment: s,
                });
            }
        }
        for (node, r) in layout.nodes.iter().enumerate() {
            let allowed = h.is_ancestor(node, a) || h.is_ancestor(node, b);
            if !allowed && points.windows(2).any(|p| segment_meets(p[0], p[1], r)) {
                found.push(Violation::EdgeThroughNode { edge: e, node });
            }
        }
        let holders = std::iter::once(a)
            .chain(h.ancestors(a))
            .filter(|&k| h.is_ancestor_or_self(k, b) && !(k == a && k == b));
        for container in holders {
            let r = &layout.nodes[container];
            if points.iter().any(|p| !inside(p, r)) {
                found.push(Violation::EdgeLeavesContainer { edge: e, container });
            }
        }
    }
}

fn check_labels(graph: &LayoutGraph, h: &Hierarchy, layout: &Layout, found: &mut Vec<Violation>) {
    let n = graph.nodes.len();
    let labels: Vec<(usize, &Rect)> = layout
        .edges
        .iter()
        .enumerate()
        .filter_map(|(e, route)| route.label.as_ref().map(|l| (e, l)))
        .collect();
    for (i, &(e, label)) in labels.iter().enumerate() {
        let (a, b) = (graph.edges[e].from, graph.edges[e].to);
        for (node, r) in layout.nodes.iter().enumerate() {
            let holds_both = a < n
                && b < n
                && h.is_ancestor_or_self(node, a)
                && h.is_ancestor_or_self(node, b)
                && !(node == a && node == b);
            if !holds_both && interiors_meet(label, r) {
                found.push(Violation::LabelOverlapsNode { edge: e, node });
            }
        }
        for &(other, r) in &labels[i + 1..] {
            if interiors_meet(label, r) {
                found.push(Violation::LabelsOverlap { a: e, b: other });
            }
        }
        for (other, route) in layout.edges.iter().enumerate() {
            if other != e
                && route
                    .points
                    .windows(2)
                    .any(|p| segment_meets(p[0], p[1], label))
            {
                found.push(Violation::LabelOverlapsEdge {
                    label: e,
                    edge: other,
                });
            }
        }
    }
}

/// The edges whose label lies further than [`LABEL_REACH`] from every segment of the edge's own
/// line (a label should touch its own edge). Not part of [`verify`]: where there is no room beside
/// the line, the engine keeps the label clear of everything else instead.
pub fn labels_off_their_edges(layout: &Layout) -> Vec<usize> {
    layout
        .edges
        .iter()
        .enumerate()
        .filter(|(_, route)| {
            route.label.is_some_and(|label| {
                route.points.len() >= 2
                    && route
                        .points
                        .windows(2)
                        .all(|p| distance(&label, p[0], p[1]) > LABEL_REACH + EPS)
            })
        })
        .map(|(e, _)| e)
        .collect()
}

/// Distance between a box and a segment's bounding box (0 when they meet).
fn distance(r: &Rect, p: Point, q: Point) -> f64 {
    let (x0, x1) = (p.x.min(q.x), p.x.max(q.x));
    let (y0, y1) = (p.y.min(q.y), p.y.max(q.y));
    let dx = (r.x - x1).max(x0 - (r.x + r.width)).max(0.0);
    let dy = (r.y - y1).max(y0 - (r.y + r.height)).max(0.0);
    dx.hypot(dy)
}

fn interiors_meet(a: &Rect, b: &Rect) -> bool {
    a.x + EPS < b.x + b.width
        && b.x + EPS < a.x + a.width
        && a.y + EPS < b.y + b.height
        && b.y + EPS < a.y + a.height
}

/// Whether the segment (or, for a slanted one, its bounding box) meets the open interior of `r`.
fn segment_meets(p: Point, q: Point, r: &Rect) -> bool {
    let (x0, x1) = (p.x.min(q.x), p.x.max(q.x));
    let (y0, y1) = (p.y.min(q.y), p.y.max(q.y));
    x1 > r.x + EPS && x0 < r.x + r.width - EPS && y1 > r.y + EPS && y0 < r.y + r.height - EPS
}

fn inside(p: &Point, r: &Rect) -> bool {
    p.x >= r.x - EPS
        && p.x <= r.x + r.width + EPS
        && p.y >= r.y - EPS
        && p.y <= r.y + r.height + EPS
}

fn on_border(p: &Point, r: &Rect) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() <= EPS;
    inside(p, r)
        && (near(p.x, r.x)
            || near(p.x, r.x + r.width)
            || near(p.y, r.y)
            || near(p.y, r.y + r.height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::{EdgeRoute, LayoutEdge, LayoutNode, Size};

    fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// Nodes 0 and 1 side by side, 2 a container holding 3; edge 0 -> 1.
    fn sample() -> (LayoutGraph, Layout) {
        let node = |parent, is_container| LayoutNode {
            size: Size {
                width: 10.0,
                height: 10.0,
            },
            parent,
            is_container,
            tier: None,
        };
        let graph = LayoutGraph {
            nodes: vec![
                node(None, false),
                node(None, false),
                node(None, true),
                node(Some(2), false),
            ],
            edges: vec![LayoutEdge {
                from: 0,
                to: 1,
                label: Some(Size {
                    width: 10.0,
                    height: 5.0,
                }),
                constrains_rank: true,
            }],
            ..LayoutGraph::default()
        };
        let layout = Layout {
            nodes: vec![
                rect(0.0, 0.0, 10.0, 10.0),
                rect(40.0, 0.0, 10.0, 10.0),
                rect(0.0, 30.0, 50.0, 30.0),
                rect(10.0, 40.0, 10.0, 10.0),
            ],
            edges: vec![EdgeRoute {
                points: vec![p(10.0, 5.0), p(40.0, 5.0)],
                label: Some(rect(20.0, 8.0, 10.0, 5.0)),
            }],
            width: 60.0,
            height: 60.0,
        };
        (graph, layout)
    }

    #[test]
    fn a_sound_layout_passes() {
        let (graph, layout) = sample();
        assert_eq!(verify(&graph, &layout), vec![]);
    }

    #[test]
    fn each_broken_invariant_is_reported() {
        let (graph, good) = sample();
        type Breaker = Box<dyn Fn(&mut Layout)>;
        let cases: Vec<(Breaker, Violation)> = vec![
            (
                Box::new(|l| l.nodes[1].x = 5.0),
                Violation::NodesOverlap { a: 0, b: 1 },
            ),
            (
                Box::new(|l| l.nodes[3].x = 1.0),
                Violation::MemberOutside {
                    container: 2,
                    member: 3,
                },
            ),
            (
                Box::new(|l| l.edges[0].points[1].y = 7.0),
                Violation::NotOrthogonal {
                    edge: 0,
                    segment: 0,
                },
            ),
            (
                Box::new(|l| l.edges[0].points[1].x = 30.0),
                Violation::EndOffBorder { edge: 0, node: 1 },
            ),
            (
                Box::new(|l| l.edges[0].points.clear()),
                Violation::MissingRoute { edge: 0 },
            ),
            (
                Box::new(|l| l.edges[0].label = None),
                Violation::MissingLabel { edge: 0 },
            ),
            (
                Box::new(|l| l.nodes[1].x = f64::NAN),
                Violation::NotFinite {
                    what: "the box of node 1".into(),
                },
            ),
            (
                Box::new(|l| l.edges[0].label = Some(rect(5.0, 2.0, 10.0, 5.0))),
                Violation::LabelOverlapsNode { edge: 0, node: 0 },
            ),
            (
                Box::new(|l| {
                    l.edges[0].points = vec![
                        p(10.0, 5.0),
                        p(15.0, 5.0),
                        p(15.0, 45.0),
                        p(40.0, 45.0),
                        p(40.0, 5.0),
                    ]
                }),
                Violation::EdgeThroughNode { edge: 0, node: 3 },
            ),
        ];
        for (i, (breaks, expected)) in cases.into_iter().enumerate() {
            let mut layout = good.clone();
            breaks(&mut layout);
            let found = verify(&graph, &layout);
            assert!(
                found.contains(&expected),
                "case {i}: {expected} not in {found:?}"
            );
        }
    }

    #[test]
    fn a_label_away_from_its_own_edge_is_found() {
        let (_, mut layout) = sample();
        assert!(labels_off_their_edges(&layout).is_empty());
        layout.edges[0].label = Some(rect(20.0, 15.0, 10.0, 5.0));
        assert_eq!(labels_off_their_edges(&layout), vec![0]);
    }

    #[test]
    fn labels_may_not_cover_other_edges_or_labels() {
        let (mut graph, mut layout) = sample();
        graph.edges.push(graph.edges[0].clone());
        layout.edges.push(layout.edges[0].clone());
        let found = verify(&graph, &layout);
        assert!(found.contains(&Violation::LabelsOverlap { a: 0, b: 1 }));
        layout.edges[1].label = None;
        layout.edges[1].points = vec![
            p(10.0, 5.0),
            p(25.0, 5.0),
            p(25.0, 20.0),
            p(45.0, 20.0),
            p(45.0, 10.0),
        ];
        let found = verify(&graph, &layout);
        assert!(
            found.contains(&Violation::LabelOverlapsEdge { label: 0, edge: 1 }),
            "{found:?}"
        );
    }
}
