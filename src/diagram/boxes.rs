//! Boxes: [`Diagram`] -> [`LayoutGraph`]. Decides how big every node, container header and edge label
//! must be for its text (measured with the shipped font), which tier each kind seeds, and which edges
//! take part in ranking. The SVG writer draws with the same [`metrics`] so text lands where it was
//! measured.

use super::layout::{LayoutEdge, LayoutGraph, LayoutNode, Size};
use super::model::{Diagram, Edge, EdgeKind, Node, NodeId, Shape};
use super::text::{Weight, width};

/// Every length the drawing uses, in pixels.
pub mod metrics {
    pub const LABEL_SIZE: f64 = 14.0;
    pub const SUB_SIZE: f64 = 12.0;
    pub const EDGE_LABEL_SIZE: f64 = 12.0;
    pub const LABEL_LINE: f64 = 18.0;
    pub const SUB_LINE: f64 = 16.0;
    pub const PAD_X: f64 = 12.0;
    pub const PAD_Y: f64 = 10.0;
    pub const ICON: f64 = 18.0;
    pub const ICON_GAP: f64 = 8.0;
    pub const MIN_NODE_WIDTH: f64 = 96.0;
    pub const HEADER_HEIGHT: f64 = 30.0;
    pub const EDGE_LABEL_PAD: f64 = 5.0;
    pub const EDGE_LABEL_HEIGHT: f64 = 18.0;
    pub const LOCK: f64 = 11.0;
    pub const LOCK_GAP: f64 = 3.0;
    pub const CORNER: f64 = 6.0;
    /// Least width of a shaped (icon-less) node.
    pub const MIN_SHAPE_WIDTH: f64 = 56.0;
    /// Half the height of a cylinder's end ellipses.
    pub const CYLINDER_RY: f64 = 6.0;
    /// Where a subroutine's inner lines sit from its ends.
    pub const SUBROUTINE_INSET: f64 = 8.0;
    /// Gap between the two rings of a double circle.
    pub const DOUBLE_GAP: f64 = 4.0;
    /// Diameter of a state diagram's start dot.
    pub const STATE_DOT: f64 = 20.0;
    /// Length and thickness of a fork or join bar.
    pub const STATE_BAR_LENGTH: f64 = 72.0;
    pub const STATE_BAR_WIDTH: f64 = 8.0;
    /// Size of a note's folded corner.
    pub const NOTE_FOLD: f64 = 10.0;
}

use metrics::*;

/// The second, muted line under a node's label: product, database role and TLS handling.
pub fn sub_line(node: &Node) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(tech) = &node.tech {
        parts.push(tech);
    }
    if let Some(role) = node.role {
        parts.push(role.as_str());
    }
    match node.tls {
        Some(super::model::Tls::Terminate) => parts.push("terminates TLS"),
        Some(super::model::Tls::Passthrough) => parts.push("TLS passthrough"),
        None => {}
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The lines of a node's label (a quoted label may contain `\n`).
pub fn label_lines(node: &Node) -> impl Iterator<Item = &str> {
    node.label.split('\n')
}

/// Size of a leaf node's box.
pub fn node_size(node: &Node) -> Size {
    let label_width = label_lines(node)
        .map(|line| width(line, Weight::SemiBold, LABEL_SIZE))
        .fold(0.0, f64::max);
    let sub = sub_line(node);
    let sub_width = sub
        .as_deref()
        .map_or(0.0, |s| width(s, Weight::Regular, SUB_SIZE));
    let text_width = label_width.max(sub_width);
    let lines = label_lines(node).count() as f64;
    let text_height = lines * LABEL_LINE + if sub.is_some() { SUB_LINE } else { 0.0 };
    if !node.look.has_icon() {
        return shaped_size(node.look.shape, text_width, text_height);
    }
    Size {
        width: (PAD_X * 2.0 + ICON + ICON_GAP + text_width)
            .max(MIN_NODE_WIDTH)
            .ceil(),
        height: (PAD_Y * 2.0 + text_height.max(ICON)).ceil(),
    }
}

/// Size of a node drawn as a Mermaid-style shape around centred text (no icon): room for the text,
/// grown so the text stays inside the outline (a diamond needs twice the text's box, a circle its
/// diagonal).
fn shaped_size(shape: Shape, text_width: f64, text_height: f64) -> Size {
    let w = (text_width + PAD_X * 2.0).max(MIN_SHAPE_WIDTH);
    let h = text_height + PAD_Y * 2.0;
    let (width, height) = match shape {
        Shape::Box | Shape::Rect | Shape::Rounded => (w, h),
        Shape::Stadium | Shape::Hexagon => (w + h, h),
        Shape::Parallelogram | Shape::ParallelogramAlt | Shape::Trapezoid | Shape::TrapezoidAlt => {
            (w + h, h)
        }
        Shape::Flag => (w + h / 2.0, h),
        Shape::Subroutine => (w + SUBROUTINE_INSET * 2.0, h),
        Shape::Cylinder => (w, h + CYLINDER_RY * 3.0),
        Shape::Circle => {
            let d = (text_width + 8.0).hypot(text_height + 8.0).max(h);
            (d, d)
        }
        Shape::DoubleCircle => {
            let d = (text_width + 8.0).hypot(text_height + 8.0).max(h) + DOUBLE_GAP * 2.0;
            (d, d)
        }
        Shape::Diamond => ((text_width + 16.0) * 2.0, (text_height + 8.0) * 2.0),
        Shape::StartDot => (STATE_DOT, STATE_DOT),
        Shape::EndDot => (STATE_DOT + 4.0, STATE_DOT + 4.0),
        Shape::Choice => (STATE_DOT * 1.5, STATE_DOT * 1.5),
        Shape::Bar => (STATE_BAR_LENGTH, STATE_BAR_WIDTH),
        Shape::BarVertical => (STATE_BAR_WIDTH, STATE_BAR_LENGTH),
        Shape::Note => (w + NOTE_FOLD, h),
    };
    Size {
        width: width.ceil(),
        height: height.ceil(),
    }
}

/// The header text of a container: its label, then the sub line if any.
pub fn header_text(node: &Node) -> String {
    let label = node.label.replace('\n', " ");
    match sub_line(node) {
        Some(sub) => format!("{label} · {sub}"),
        None => label,
    }
}

/// Room a container's header needs at its top.
pub fn header_size(node: &Node) -> Size {
    if header_text(node).is_empty() {
        // An untitled container (a state diagram's concurrent region) keeps only a margin.
        return Size {
            width: 0.0,
            height: PAD_Y,
        };
    }
    let text = width(&header_text(node), Weight::SemiBold, LABEL_SIZE);
    Size {
        width: (PAD_X * 2.0 + ICON + ICON_GAP + text).ceil(),
        height: HEADER_HEIGHT,
    }
}

/// Whether the edge's label object shows a lock (encrypted edges always get a label object, even a
/// lock alone, so the lock is placed by the layout like any label and never overlaps anything).
pub fn shows_lock(edge: &Edge) -> bool {
    edge.is_encrypted()
}

/// Size of an edge's label object, if it has one.
pub fn edge_label_size(edge: &Edge) -> Option<Size> {
    let text = edge
        .label
        .as_deref()
        .map(|l| width(l, Weight::Regular, EDGE_LABEL_SIZE));
    let lock = if shows_lock(edge) { LOCK } else { 0.0 };
    let gap = if lock > 0.0 && text.is_some() {
        LOCK_GAP
    } else {
        0.0
    };
    if text.is_none() && lock == 0.0 {
        return None;
    }
    Some(Size {
        width: (EDGE_LABEL_PAD * 2.0 + lock + gap + text.unwrap_or(0.0)).ceil(),
        height: EDGE_LABEL_HEIGHT,
    })
}

/// Builds the layout input; indices match [`Diagram::nodes`] and [`Diagram::edges`].
///
/// Requests set the layers; lookups, monitoring and replication are drawn beside that flow, not
/// along it. A diagram with no request at all is about one of those (a resolver's walk down the
/// DNS tree, a monitoring pipeline): its edges set the layers, so it reads as a flow too.
pub fn layout_graph(diagram: &Diagram) -> LayoutGraph {
    let nodes = diagram
        .node_ids()
        .map(|id| layout_node(diagram, id))
        .collect();
    let has_requests = diagram.edges.iter().any(|e| e.kind == EdgeKind::Request);
    let edges = diagram
        .edges
        .iter()
        .map(|edge| LayoutEdge {
            from: edge.from.index(),
            to: edge.to.index(),
            label: edge_label_size(edge),
            constrains_rank: edge.kind == EdgeKind::Request || !has_requests,
        })
        .collect();
    LayoutGraph {
        direction: diagram.direction,
        nodes,
        edges,
    }
}

fn layout_node(diagram: &Diagram, id: NodeId) -> LayoutNode {
    let node = diagram.node(id);
    let is_container = diagram.is_container(id);
    LayoutNode {
        size: if is_container {
            header_size(node)
        } else {
            node_size(node)
        },
        parent: node.parent.map(NodeId::index),
        is_container,
        tier: node.kind.tier(),
    }
}
