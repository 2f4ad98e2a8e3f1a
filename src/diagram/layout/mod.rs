//! Layered (Sugiyama) layout of a compound graph. Knows nothing of the `infra` syntax: it takes sizes,
//! nesting, tier hints and edges, and returns boxes and orthogonal routes.
//!
//! This file fixes the contract between the front end (syntax, model, svg) and the layout engine.
//! Each container is laid out as a block of its own, with the same layered method as the whole
//! drawing, and placed as one item in its parent; an edge crosses the border of a container only when
//! the container holds one of its ends, at a *port*. That makes the invariants hold by construction:
//! containers are contiguous and hold exactly their members, and edges run in channels between layers
//! where no box lies. The stages (`pipeline` runs them):
//!
//! 1. `hierarchy`: sanitise nesting (bad parents and parent cycles are dropped).
//! 2. `plan`: split each edge along the nesting tree into one piece per level it crosses.
//! 3. Per level, children first: `rank` (cycle removal in `acyclic`, then network simplex with tier
//!    hints); for [`layout_splitting_wide_layers`], `long_layers` then splits the top level's layers
//!    too wide for the column into rows of layers.
//! 4. Per level, parents first: build the layered `level` (ports, dummies, labels as items), then
//!    `order` (crossing minimisation).
//! 5. Per level, children first: `attach` (spread edges over node sides), `position` across the
//!    layers, `straight` (attach points, and if need be a lightly connected box, moved so edges run
//!    straight instead of jogging), then `route` (layer extents, channels, tracks, polylines).
//! 6. Place levels inside each other and join each edge's pieces into one polyline.
//!
//! [`verify`] checks the invariants on any input and output.
//!
//! Units are the front end's (CSS pixels). A container's header is the band `size.height` tall along
//! its top border, starting [`CONTAINER_PADDING`] from its left border; the box is at least
//! `size.width + 2 * CONTAINER_PADDING` wide and no edge crosses the band left of that width.

mod acyclic;
mod align;
mod attach;
mod channels;
mod choice;
mod gaps;
mod hierarchy;
mod labels;
mod level;
mod long_layers;
mod nested;
mod order;
mod pipeline;
mod plan;
mod position;
mod rank;
mod route;
mod straight;
mod verify;
mod wrap;

pub use gaps::{MIN_SIDE_BY_SIDE, close_edges, closer_than_spacing, column_scale};
pub use labels::labels_nearer_another_edge;
pub use long_layers::RowFill;
pub use nested::{Orientation, block_orientations, layout_nested};
pub use verify::{LABEL_REACH, MIN_PADDING, Violation, labels_off_their_edges, verify};
pub use wrap::{wrap, wrap_first};

use pipeline::Engine;
use route::LocalBox;

/// Least gap across the layers between two nodes of one layer.
const NODE_GAP: f64 = 24.0;
/// Least gap across the layers when an edge line or label is involved.
const EDGE_GAP: f64 = 12.0;
/// Least width of the channel between two layers.
const LAYER_GAP: f64 = 48.0;
/// Distance between parallel edge runs in a channel, for a drawing that fits the column.
const TRACK_SPACING: f64 = 10.0;
/// The widest a page shows a figure's SVG, in CSS px: the article column (`--content-w: 46rem`,
/// 736 px, in `static/css/site.css`) less `figure.diagram`'s padding and border (1rem and 1px on each
/// side). A wider SVG is scaled down to this, text and all. The one column constant: the others are
/// derived from it (`tests/it/fit.rs` reads the CSS and fails when they drift apart).
pub const FIGURE_COLUMN: f64 = 46.0 * 16.0 - 2.0 * (16.0 + 1.0);
/// The column the edge spacing is sized for, in CSS px: wider than [`FIGURE_COLUMN`] because sizing
/// for 702 re-lays out every wide drawing and breaks the stress fixture's routing budgets (labels16).
pub const DISPLAY_COLUMN: f64 = 760.0;
/// Least distance in CSS px between two edges running side by side, as displayed in the column.
pub const MIN_DISPLAYED_GAP: f64 = 8.0;
/// How often [`layout`] widens its edge spacing to keep [`MIN_DISPLAYED_GAP`] once scaled.
const SPACING_ROUNDS: usize = 6;
/// Room between a container's border and its members (beyond the header band at the top).
pub const CONTAINER_PADDING: f64 = 16.0;
const PADDING: f64 = CONTAINER_PADDING;
/// Room around the whole drawing.
const MARGIN: f64 = 16.0;
/// Distance between an edge line and its label.
const LABEL_GAP: f64 = 4.0;
/// Sizes are clamped to this, so sums of sizes stay finite.
const MAX_EXTENT: f64 = 1.0e5;

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
    /// For a leaf, its box. For a container, the room its header (label) needs at the top (see the
    /// module docs for where it goes); the container's final box is computed around its members.
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

/// The route of one edge: an orthogonal polyline from the border of `from` to the border of `to`
/// (empty when an end is out of range). A self loop leaves and re-enters the same border.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeRoute {
    pub points: Vec<Point>,
    /// Where the label goes: overlapping no node (other than containers holding both ends), no other
    /// label and no other edge. Long edges carry it just below (`Right`) or right of (`Down`) the
    /// line; an edge without a layer of its own has it beside its end node.
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

impl Layout {
    /// The drawing mirrored across its diagonal: x for y, width for height (its own inverse).
    pub fn transposed(&self) -> Layout {
        let rect = |r: &Rect| Rect {
            x: r.y,
            y: r.x,
            width: r.height,
            height: r.width,
        };
        Layout {
            nodes: self.nodes.iter().map(rect).collect(),
            edges: self
                .edges
                .iter()
                .map(|e| EdgeRoute {
                    points: e.points.iter().map(|p| Point { x: p.y, y: p.x }).collect(),
                    label: e.label.as_ref().map(rect),
                })
                .collect(),
            width: self.height,
            height: self.width,
        }
    }
}

/// Places every node of `graph` and routes every edge. Never panics; the same input gives the same
/// output. Edges with an end out of range get an empty route.
///
/// Parallel edges (tracks in a channel, ports on one side of a box) are spaced so they stay
/// [`MIN_DISPLAYED_GAP`] apart once the drawing is scaled into the [`DISPLAY_COLUMN`]: a drawing too
/// wide for the column is laid out again with wider spacing (see [`edge_spacing`]).
pub fn layout(graph: &LayoutGraph) -> Layout {
    layout_with(graph, &Engine::new(graph))
}

/// [`layout`], with each layer of the top level that would lie wider across than `width` (the
/// drawing's margins included; estimated before anything is placed) split into consecutive layers
/// (rows), its items dealt out over them as `fill` says, and the layers below moved down. A
/// top-to-bottom drawing of ten hosts side by side becomes, say, rows of four, three and three
/// hosts.
pub fn layout_splitting_wide_layers(graph: &LayoutGraph, width: f64, fill: RowFill) -> Layout {
    layout_with(
        graph,
        &Engine::new(graph).splitting_layers_past(width, fill),
    )
}

fn layout_with(graph: &LayoutGraph, engine: &Engine) -> Layout {
    // Ranks, levels and their orders do not depend on the spacing: built once, placed per round.
    let levels = engine.build_levels();
    let base = layout_at(graph, engine, &levels, TRACK_SPACING);
    let (mut spacing, mut current) = (TRACK_SPACING, None);
    for _ in 0..SPACING_ROUNDS {
        let width = current.as_ref().unwrap_or(&base).width;
        let needed = edge_spacing(width);
        if needed <= spacing {
            break;
        }
        spacing = needed;
        current = Some(layout_at(graph, engine, &levels, spacing));
    }
    // A drawing so wide that no spacing keeps the gap once scaled keeps its compact spacing.
    match current {
        Some(wider) if edge_spacing(wider.width) <= spacing => wider,
        _ => base,
    }
}

/// The distance, in drawing units, between parallel edges of a drawing `width` units wide, so they
/// show at least [`MIN_DISPLAYED_GAP`] apart in the [`DISPLAY_COLUMN`] (rounded up to half units,
/// with a little slack because wider spacing widens the drawing).
pub fn edge_spacing(width: f64) -> f64 {
    let scale = (DISPLAY_COLUMN / width.max(1.0)).min(1.0);
    let needed = MIN_DISPLAYED_GAP * 1.04 / scale;
    TRACK_SPACING
        .max((needed * 2.0).ceil() / 2.0)
        .min(MAX_SPACING)
}

/// Spacing is never widened past this (a drawing that would need more is hopeless at column width).
const MAX_SPACING: f64 = 40.0;

/// Places and routes `levels` (built by `engine`, left as they are for the next round) with edges
/// `spacing` apart.
fn layout_at(
    graph: &LayoutGraph,
    engine: &Engine,
    levels: &[Option<level::Level>],
    spacing: f64,
) -> Layout {
    let (levels, geometries) = engine.place_levels(levels.to_vec(), spacing);
    let mut result = engine.assemble(&levels, &geometries);
    labels::onto_own_edges(graph, &mut result);
    result
}

/// Maps the engine's axes (`u` along the layers, `v` across) to `x`/`y`.
#[derive(Debug, Clone, Copy)]
struct Axes(Direction);

impl Axes {
    /// `(du, dv)` of a size, cleaned of negative, huge and non-finite values.
    fn extent(self, size: Size) -> (f64, f64) {
        let clean = |x: f64| {
            if x.is_finite() && x > 0.0 {
                x.min(MAX_EXTENT)
            } else {
                0.0
            }
        };
        let (w, h) = (clean(size.width), clean(size.height));
        match self.0 {
            Direction::Right => (w, h),
            Direction::Down => (h, w),
        }
    }

    fn rect(self, (u, v, du, dv): LocalBox) -> Rect {
        match self.0 {
            Direction::Right => Rect {
                x: u,
                y: v,
                width: du,
                height: dv,
            },
            Direction::Down => Rect {
                x: v,
                y: u,
                width: dv,
                height: du,
            },
        }
    }

    fn point(self, (u, v): (f64, f64)) -> Point {
        match self.0 {
            Direction::Right => Point { x: u, y: v },
            Direction::Down => Point { x: v, y: u },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container with three members fed from outside, one labelled edge: ports, dummies and a
    /// label item, so placing touches every part of a level.
    fn graph() -> LayoutGraph {
        let parents = [None, None, Some(1), Some(1), Some(1), None];
        let size = |width, height| Size { width, height };
        let nodes = (parents.iter().enumerate())
            .map(|(i, &parent)| LayoutNode {
                size: size(120.0, 40.0),
                parent,
                is_container: i == 1,
                tier: None,
            })
            .collect();
        let ends = [(0, 2), (0, 3), (0, 4), (2, 5), (3, 5), (4, 5), (0, 5)];
        let edges = (ends.iter().enumerate())
            .map(|(i, &(from, to))| LayoutEdge {
                from,
                to,
                label: (i == 0).then(|| size(50.0, 14.0)),
                constrains_rank: true,
            })
            .collect();
        LayoutGraph {
            direction: Direction::Right,
            nodes,
            edges,
        }
    }

    /// [`layout`] builds the levels once and places a copy per spacing round: placing one round
    /// must leave nothing behind that changes the next, so each round equals a fresh build.
    #[test]
    fn levels_built_once_place_as_a_fresh_build_at_every_spacing() {
        let graph = graph();
        let engine = Engine::new(&graph);
        let shared = engine.build_levels();
        let spacings = [TRACK_SPACING, 17.5, MAX_SPACING, TRACK_SPACING];
        let reused: Vec<Layout> = spacings
            .iter()
            .map(|&s| layout_at(&graph, &engine, &shared, s))
            .collect();
        for (&spacing, reused) in spacings.iter().zip(&reused) {
            let fresh = Engine::new(&graph);
            let levels = fresh.build_levels();
            assert_eq!(
                *reused,
                layout_at(&graph, &fresh, &levels, spacing),
                "spacing {spacing}"
            );
        }
        assert_ne!(
            reused[0], reused[2],
            "the spacing reaches the drawing, so the comparison means something"
        );
    }
}
