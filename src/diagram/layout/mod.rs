//! Layered (Sugiyama) layout of a compound graph. Knows nothing of the `infra` syntax: it takes sizes,
//! nesting, tier hints and edges, and returns boxes and orthogonal routes.
//!
//! This file fixes the contract between the front end (syntax, model, svg) and the layout engine.

/// Which way the layers run: `Right` puts rank 0 on the left, `Down` puts it at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Right,
    Down,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned box; `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A node to place. Index into [`LayoutGraph::nodes`] is its id.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutNode {
    /// For a leaf, its box. For a container, the room its header (label) needs at the top; the
    /// container's final box is computed around its members.
    pub size: Size,
    /// The container this node sits in, if any (must be a node with `is_container`).
    pub parent: Option<usize>,
    pub is_container: bool,
    /// Tier hint from the node kind (0 = clients, then edge, balancer, web, app, data); lower tiers
    /// come first along the layout direction when edges do not say otherwise.
    pub tier: Option<u8>,
}

/// An edge to route. Either end may be a leaf or a container.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutEdge {
    pub from: usize,
    pub to: usize,
    /// The size of its label, placed as a layout object next to the edge.
    pub label: Option<Size>,
    /// False for replication, monitoring and lookup edges: routed, but they do not decide ranks.
    pub constrains_rank: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayoutGraph {
    pub direction: Direction,
    pub nodes: Vec<LayoutNode>,
    pub edges: Vec<LayoutEdge>,
}

/// The route of one edge: an orthogonal polyline from the border of `from` to the border of `to`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeRoute {
    pub points: Vec<Point>,
    pub label: Option<Rect>,
}

/// Result of [`layout`], indexed like the input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeRoute>,
    /// The whole drawing's size; every box and point lies within `0..width`, `0..height`.
    pub width: f64,
    pub height: f64,
}

/// Places every node of `graph`. PLACEHOLDER until the layered engine lands: leaves stacked in one
/// column, containers wrapped around their members, straight two-point edges.
pub fn layout(graph: &LayoutGraph) -> Layout {
    let gap = 24.0;
    let mut nodes = vec![Rect::default(); graph.nodes.len()];
    let mut y = gap;
    let mut width: f64 = 0.0;
    for (i, node) in graph.nodes.iter().enumerate() {
        if !node.is_container {
            nodes[i] = Rect {
                x: gap * 2.0,
                y,
                width: node.size.width,
                height: node.size.height,
            };
            y += node.size.height + gap;
            width = width.max(node.size.width + gap * 4.0);
        }
    }
    let edges = graph
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (nodes[e.from], nodes[e.to]);
            let points = vec![
                Point {
                    x: a.x + a.width / 2.0,
                    y: a.y + a.height,
                },
                Point {
                    x: b.x + b.width / 2.0,
                    y: b.y,
                },
            ];
            EdgeRoute {
                points,
                label: None,
            }
        })
        .collect();
    Layout {
        nodes,
        edges,
        width,
        height: y,
    }
}
