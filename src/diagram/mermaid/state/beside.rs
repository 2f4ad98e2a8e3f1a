//! Notes `left of` / `right of` a state in a top-to-bottom diagram go beside the state, on the
//! named side, as in Mermaid. The layered engine would put a note linked to its state in the layer
//! above or below it, so such notes are left out of the layout and placed afterwards: in free room
//! beside the state if there is some, else in a column opened for the note (everything past the
//! state's side moves over, the containers across it widen). Further notes on the same side of the
//! same state stack below the first, in its column (opening a row if something is in the way),
//! each with its own dashed link. If a note still does not fit without touching anything, the
//! whole diagram is laid out the old way, with every note a node of its own.
//!
//! A left-to-right diagram (or right-to-left) puts its notes across the flow too, as Mermaid does:
//! `left of` above the state, `right of` below it. The drawing is transposed (x for y), the notes
//! placed as in a top-to-bottom one, and the result transposed back.

use crate::diagram::layout::{
    self, CONTAINER_PADDING, Direction, EdgeRoute, Layout, LayoutGraph, Orientation, Point, Rect,
};
use crate::diagram::model::{Diagram, Shape};
use crate::diagram::syntax::Ends;

/// Room between a state and its note.
const NOTE_GAP: f64 = 24.0;
/// Least room between a note and anything else.
const CLEARANCE: f64 = 8.0;
/// Room kept between a note and the edge of the drawing (the layout's margin).
const MARGIN: f64 = 16.0;
/// Room between two notes stacked on one side of a state.
const STACK_GAP: f64 = 12.0;
/// How far apart the links to stacked notes leave their state and turn.
const LINK_STEP: f64 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// A note to put beside its state, and the dashed link between them.
struct SideNote {
    note: usize,
    state: usize,
    link: usize,
    side: Side,
}

/// Lays out a state diagram, with notes beside their states when it runs top to bottom.
pub(super) fn lay_out(
    diagram: &Diagram,
    graph: &LayoutGraph,
    orientation: Orientation,
    own: &[Option<Orientation>],
) -> Layout {
    let whole = || layout::layout_nested(graph, orientation, own);
    let notes = side_notes(diagram);
    if notes.is_empty() {
        return whole();
    }
    let across = orientation.direction == Direction::Right;
    let reduced = Reduced::new(graph, own, &notes);
    let drawn = layout::layout_nested(&reduced.graph, orientation, &reduced.own);
    let mut result = reduced.expand(drawn, graph);
    // Placed in a frame where the flow runs down: for a left-to-right drawing, its transpose.
    let frame_graph = if across {
        transposed_graph(graph)
    } else {
        graph.clone()
    };
    if across {
        result = result.transposed();
    }
    for note in &notes {
        let above = stacked_above(&notes, note);
        let placed = if above.is_empty() {
            place(&mut result, &frame_graph, note)
        } else {
            stack(&mut result, &frame_graph, note, &above)
        };
        if !placed {
            return whole();
        }
    }
    if across {
        result = result.transposed();
    }
    if !layout::verify(graph, &result).is_empty() {
        return whole();
    }
    result
}

/// The graph with every box's width and height swapped.
fn transposed_graph(graph: &LayoutGraph) -> LayoutGraph {
    let mut graph = graph.clone();
    for node in &mut graph.nodes {
        std::mem::swap(&mut node.size.width, &mut node.size.height);
    }
    graph
}

/// Every note on a side of a state, by its link (the only edges without an arrow), in the order
/// written: the first goes level with the state, the rest stack below it.
fn side_notes(diagram: &Diagram) -> Vec<SideNote> {
    let is_note = |n: usize| diagram.nodes[n].look.shape == Shape::Note;
    let mut found: Vec<SideNote> = Vec::new();
    for (link, edge) in diagram.edges.iter().enumerate() {
        let (from, to) = (edge.from.index(), edge.to.index());
        if edge.ends != Ends::None || is_note(from) == is_note(to) {
            continue;
        }
        let (note, state, side) = if is_note(from) {
            (from, to, Side::Left)
        } else {
            (to, from, Side::Right)
        };
        if !found.iter().any(|f| f.note == note) {
            found.push(SideNote {
                note,
                state,
                link,
                side,
            });
        }
    }
    found
}

/// The notes placed before `note` on the same side of the same state (the stack it goes below).
fn stacked_above<'a>(notes: &'a [SideNote], note: &SideNote) -> Vec<&'a SideNote> {
    notes
        .iter()
        .take_while(|other| other.note != note.note)
        .filter(|other| other.state == note.state && other.side == note.side)
        .collect()
}

/// The graph without the notes placed afterwards, and the way back to the full one's indices.
struct Reduced {
    graph: LayoutGraph,
    own: Vec<Option<Orientation>>,
    /// For each kept node and edge of the full graph, its index here.
    nodes: Vec<Option<usize>>,
    edges: Vec<Option<usize>>,
}

impl Reduced {
    fn new(full: &LayoutGraph, own: &[Option<Orientation>], notes: &[SideNote]) -> Reduced {
        let dropped = |n: usize| notes.iter().any(|s| s.note == n);
        let mut nodes = vec![None; full.nodes.len()];
        let mut count = 0;
        for (n, slot) in nodes.iter_mut().enumerate() {
            if !dropped(n) {
                *slot = Some(count);
                count += 1;
            }
        }
        let mut edges = vec![None; full.edges.len()];
        let mut kept_edges = Vec::new();
        for (e, edge) in full.edges.iter().enumerate() {
            let ends = (nodes.get(edge.from).copied(), nodes.get(edge.to).copied());
            if let (Some(Some(from)), Some(Some(to))) = ends {
                edges[e] = Some(kept_edges.len());
                kept_edges.push(layout::LayoutEdge {
                    from,
                    to,
                    ..edge.clone()
                });
            }
        }
        let graph = LayoutGraph {
            direction: full.direction,
            nodes: (0..full.nodes.len())
                .filter(|n| nodes[*n].is_some())
                .map(|n| layout::LayoutNode {
                    parent: full.nodes[n].parent.and_then(|p| *nodes.get(p)?),
                    ..full.nodes[n].clone()
                })
                .collect(),
            edges: kept_edges,
        };
        let own = (0..full.nodes.len())
            .filter(|n| nodes[*n].is_some())
            .map(|n| own.get(n).copied().flatten())
            .collect();
        Reduced {
            graph,
            own,
            nodes,
            edges,
        }
    }

    /// The reduced drawing indexed like the full graph; notes not yet placed have empty boxes.
    fn expand(&self, drawn: Layout, full: &LayoutGraph) -> Layout {
        Layout {
            nodes: (0..full.nodes.len())
                .map(|n| self.nodes[n].map_or(Rect::default(), |i| drawn.nodes[i]))
                .collect(),
            edges: (0..full.edges.len())
                .map(|e| self.edges[e].map_or(EdgeRoute::default(), |i| drawn.edges[i].clone()))
                .collect(),
            width: drawn.width,
            height: drawn.height,
        }
    }
}

/// Puts one note beside its state (opening a column if need be) and draws its link; false when it
/// cannot go there without touching something.
fn place(result: &mut Layout, graph: &LayoutGraph, note: &SideNote) -> bool {
    let size = graph.nodes[note.note].size;
    let (width, height) = (size.width.max(0.0), size.height.max(0.0));
    let spot = |result: &Layout| {
        let state = result.nodes[note.state];
        let x = match note.side {
            Side::Right => state.x + state.width + NOTE_GAP,
            Side::Left => state.x - NOTE_GAP - width,
        };
        // Level with the state, or as near as the drawing's start allows (a note longer than
        // the state beside it near that start).
        Rect {
            x,
            y: (state.y + state.height / 2.0 - height / 2.0).max(MARGIN.min(state.y)),
            width,
            height,
        }
    };
    let ancestors = ancestors(graph, note.state);
    if !is_free(result, spot(result), note, &ancestors) {
        let state = result.nodes[note.state];
        let column = match note.side {
            Side::Right => state.x + state.width + 0.01,
            Side::Left => state.x - 0.01,
        };
        open_column(result, column, NOTE_GAP + width);
        if !is_free(result, spot(result), note, &ancestors) {
            return false;
        }
    }
    let rect = widen_for(result, spot);
    let state = result.nodes[note.state];
    let y = state.y + state.height / 2.0;
    let points = match note.side {
        Side::Right => [state.x + state.width, rect.x],
        Side::Left => [rect.x + rect.width, state.x],
    };
    result.nodes[note.note] = rect;
    result.edges[note.link] = EdgeRoute {
        points: points.iter().map(|x| Point { x: *x, y }).collect(),
        label: None,
    };
    true
}

/// Puts a note below the notes `above` it on the same side of the same state (making room if
/// something is in the way) and draws its link.
fn stack(result: &mut Layout, graph: &LayoutGraph, note: &SideNote, above: &[&SideNote]) -> bool {
    let Some(last) = above.last() else {
        return false;
    };
    let size = graph.nodes[note.note].size;
    let (width, height) = (size.width.max(0.0), size.height.max(0.0));
    let spot = |result: &Layout| {
        let (state, over) = (result.nodes[note.state], result.nodes[last.note]);
        let x = match note.side {
            Side::Right => state.x + state.width + NOTE_GAP,
            Side::Left => state.x - NOTE_GAP - width,
        };
        Rect {
            x,
            y: over.y + over.height + STACK_GAP,
            width,
            height,
        }
    };
    let ancestors = ancestors(graph, note.state);
    // A note wider than the ones above it first widens their column (on its outer side, so they
    // stay put), then, if still in the way of something, a row opens below them.
    let widest = above
        .iter()
        .map(|a| result.nodes[a.note].width)
        .fold(0.0, f64::max);
    if width > widest && !is_free(result, spot(result), note, &ancestors) {
        let state = result.nodes[note.state];
        let column = match note.side {
            Side::Right => state.x + state.width + NOTE_GAP + widest + 0.01,
            Side::Left => state.x - NOTE_GAP - widest - 0.01,
        };
        open_column(result, column, width - widest);
    }
    if !is_free(result, spot(result), note, &ancestors) {
        let (state, over) = (result.nodes[note.state], result.nodes[last.note]);
        let line = (over.y + over.height).max(state.y + state.height) + 0.01;
        open_row(result, graph, line, STACK_GAP + height + CLEARANCE);
    }
    if !is_free(result, spot(result), note, &ancestors) {
        return false;
    }
    let rect = widen_for(result, spot);
    let state = result.nodes[note.state];
    let over =
        leaves_at(&result.edges[last.link], note.side).unwrap_or(state.y + state.height / 2.0);
    result.nodes[note.note] = rect;
    result.edges[note.link] = EdgeRoute {
        points: stacked_link(state, rect, note.side, above.len(), over),
        label: None,
    };
    true
}

/// The link from a state to a stacked note, in the link's direction: straight across when the
/// note's middle is level with the state, else out of the state's side a step below where the link
/// above leaves it (`above`), down in the gap and into the note. A deeper note's link leaves lower
/// and turns nearer the state, so the links of one stack do not cross.
fn stacked_link(state: Rect, note: Rect, side: Side, depth: usize, above: f64) -> Vec<Point> {
    let middle = note.y + note.height / 2.0;
    let (edge, into, outward) = match side {
        Side::Right => (state.x + state.width, note.x, 1.0),
        Side::Left => (state.x, note.x + note.width, -1.0),
    };
    let lowest = state.y + state.height - LINK_STEP;
    let mut points = if middle <= lowest && middle >= above + LINK_STEP {
        vec![Point { x: edge, y: middle }, Point { x: into, y: middle }]
    } else {
        // Never a jog of less than a step: a reader could not tell it from a drawing error.
        let start = (above + LINK_STEP)
            .min(lowest)
            .min(middle - LINK_STEP)
            .max(above);
        let turn = edge + outward * (NOTE_GAP - LINK_STEP * depth as f64).max(LINK_STEP);
        vec![
            Point { x: edge, y: start },
            Point { x: turn, y: start },
            Point { x: turn, y: middle },
            Point { x: into, y: middle },
        ]
    };
    if side == Side::Left {
        points.reverse();
    }
    points
}

/// Where a placed link leaves its state (its first point on the right, its last on the left).
fn leaves_at(route: &EdgeRoute, side: Side) -> Option<f64> {
    let end = match side {
        Side::Right => route.points.first(),
        Side::Left => route.points.last(),
    };
    end.map(|p| p.y)
}

/// Widens the drawing for a note past its side (moving everything over, on the left); returns
/// where the note goes then.
fn widen_for(result: &mut Layout, spot: impl Fn(&Layout) -> Rect) -> Rect {
    let overhang = MARGIN - spot(result).x;
    if overhang > 0.0 {
        open_column(result, f64::NEG_INFINITY, overhang);
    }
    let rect = spot(result);
    result.width = result.width.max(rect.x + rect.width + MARGIN);
    rect
}

/// The containers around `node`, innermost first.
fn ancestors(graph: &LayoutGraph, node: usize) -> Vec<usize> {
    let mut list = Vec::new();
    let mut current = graph.nodes[node].parent;
    while let Some(p) = current.filter(|p| *p < graph.nodes.len() && list.len() < graph.nodes.len())
    {
        list.push(p);
        current = graph.nodes[p].parent;
    }
    list
}

/// Whether `rect` lies within the drawing's height and inside the state's containers, clear of
/// every other box, edge and label. (Past the drawing's sides is fine: the drawing grows.)
fn is_free(result: &Layout, rect: Rect, note: &SideNote, ancestors: &[usize]) -> bool {
    if rect.y < 0.0 || rect.y + rect.height > result.height {
        return false;
    }
    let zone = Rect {
        x: rect.x - CLEARANCE,
        y: rect.y - CLEARANCE,
        width: rect.width + 2.0 * CLEARANCE,
        height: rect.height + 2.0 * CLEARANCE,
    };
    let nodes_clear = result.nodes.iter().enumerate().all(|(n, other)| {
        if n == note.note || (other.width <= 0.0 && other.height <= 0.0) {
            true
        } else if ancestors.contains(&n) {
            holds(*other, rect)
        } else {
            !overlaps(zone, *other)
        }
    });
    let edges_clear = result.edges.iter().all(|route| {
        let crosses = route.points.windows(2).any(|pair| {
            let segment = Rect {
                x: pair[0].x.min(pair[1].x),
                y: pair[0].y.min(pair[1].y),
                width: (pair[0].x - pair[1].x).abs(),
                height: (pair[0].y - pair[1].y).abs(),
            };
            overlaps(zone, segment)
        });
        !crosses && route.label.is_none_or(|label| !overlaps(zone, label))
    });
    nodes_clear && edges_clear
}

/// Whether `outer` holds `inner` with a container's padding to spare.
fn holds(outer: Rect, inner: Rect) -> bool {
    outer.x + CONTAINER_PADDING <= inner.x
        && outer.y + CONTAINER_PADDING <= inner.y
        && inner.x + inner.width + CONTAINER_PADDING <= outer.x + outer.width
        && inner.y + inner.height + CONTAINER_PADDING <= outer.y + outer.height
}

/// Whether two boxes share any area (a line counts as a box of no width).
fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// Opens a column `width` wide at `x`: everything right of it moves right, boxes across it widen.
fn open_column(result: &mut Layout, x: f64, width: f64) {
    open(result, Axis::X, x, width, |_| true);
    result.width += width;
}

/// Opens a row `height` high at `y`: everything below it moves down, containers across it grow
/// (a leaf across it stays, and the check after placing catches an edge it would strand).
fn open_row(result: &mut Layout, graph: &LayoutGraph, y: f64, height: f64) {
    open(result, Axis::Y, y, height, |n| graph.nodes[n].is_container);
    result.height += height;
}

#[derive(Clone, Copy)]
enum Axis {
    X,
    Y,
}

impl Axis {
    /// A box's start and extent along this axis.
    fn span(self, rect: &mut Rect) -> (&mut f64, &mut f64) {
        match self {
            Axis::X => (&mut rect.x, &mut rect.width),
            Axis::Y => (&mut rect.y, &mut rect.height),
        }
    }

    fn of(self, point: &mut Point) -> &mut f64 {
        match self {
            Axis::X => &mut point.x,
            Axis::Y => &mut point.y,
        }
    }
}

/// Moves everything past `at` on `axis` by `size`; boxes across `at` that `grows` grow by it.
fn open(result: &mut Layout, axis: Axis, at: f64, size: f64, grows: impl Fn(usize) -> bool) {
    for (n, rect) in result.nodes.iter_mut().enumerate() {
        let across = grows(n);
        let (start, extent) = axis.span(rect);
        if *start > at {
            *start += size;
        } else if *start + *extent > at && across {
            *extent += size;
        }
    }
    for route in &mut result.edges {
        for point in &mut route.points {
            let value = axis.of(point);
            if *value > at {
                *value += size;
            }
        }
        if let Some(label) = &mut route.label {
            let (start, extent) = axis.span(label);
            if *start + *extent / 2.0 > at {
                *start += size;
            }
        }
    }
}
