//! Edge labels onto their own edge: the last step of the layout.
//!
//! Takes the input graph and the assembled [`Layout`], and moves every label that does not touch its
//! own edge's line (a label placed beside its host box because its edge has no layer of its own, or
//! beside a U-turn's end) to a free spot [`LABEL_GAP`] beside one of its edge's segments: the longest
//! segments first, their middle first, then towards their ends; a U-turn's label stays between its
//! two ends.
//! A spot is free when it lies in the drawing and meets no box (other than containers holding both
//! ends of the edge, and never their header band), no other label and no edge. Where no spot is
//! free the label stays where it was, clear of everything.

use super::hierarchy::Hierarchy;
use super::{
    DISPLAY_COLUMN, Direction, LABEL_GAP, Layout, LayoutGraph, MARGIN, PADDING, Point, Rect,
};

/// Farthest a label may lie from its own line and still count as touching it.
const REACH: f64 = LABEL_GAP + 1.0;
const EPS: f64 = 1e-6;

/// Moves every label that does not touch its own edge onto it where a spot is free (see the module
/// docs). The layout's last step; run it again on a layout whose routes changed afterwards (a
/// drawing wrapped into rows), so labels follow their edges.
pub fn onto_own_edges(graph: &LayoutGraph, layout: &mut Layout) {
    if layout.nodes.len() != graph.nodes.len() || layout.edges.len() != graph.edges.len() {
        return;
    }
    let hierarchy = Hierarchy::new(&graph.nodes);
    for e in 0..layout.edges.len() {
        let route = &layout.edges[e];
        let Some(label) = route.label else { continue };
        if route.points.len() < 2 || touches(&label, &route.points) {
            continue;
        }
        let between = turns_back(graph.direction, &route.points);
        let spots: Vec<Rect> = candidates(&route.points, label.width, label.height)
            .into_iter()
            .filter(|spot| between.is_none_or(|span| lies_between(graph.direction, spot, span)))
            .collect();
        let inside = spots
            .iter()
            .find(|spot| is_free(graph, &hierarchy, layout, e, spot, Border::Kept));
        if let Some(&spot) = inside {
            layout.edges[e].label = Some(spot);
        } else if let Some(&spot) = spots
            .iter()
            .find(|spot| is_free(graph, &hierarchy, layout, e, spot, Border::Grows))
        {
            layout.width = layout.width.max(spot.x + spot.width + MARGIN);
            layout.height = layout.height.max(spot.y + spot.height + MARGIN);
            layout.edges[e].label = Some(spot);
        }
    }
}

/// Whether a label may lie past the drawing's bottom or right border, which then grows to hold it
/// with its margin: downwards freely, rightwards only while the drawing fits the column (so its
/// scale in the column is kept).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Border {
    Kept,
    Grows,
}

/// Labels that lie at least as near another edge's line as their own, as `(label's edge, other
/// edge)`: a reader could take them for the other edge's label.
pub fn labels_nearer_another_edge(layout: &Layout) -> Vec<(usize, usize)> {
    let nearest = |r: &Rect, points: &[Point]| {
        points
            .windows(2)
            .map(|s| distance(r, s[0], s[1]))
            .fold(f64::INFINITY, f64::min)
    };
    let mut found = Vec::new();
    for (e, route) in layout.edges.iter().enumerate() {
        let Some(label) = route.label else { continue };
        let own = nearest(&label, &route.points);
        for (f, other) in layout.edges.iter().enumerate() {
            if f != e && nearest(&label, &other.points) <= own {
                found.push((e, f));
            }
        }
    }
    found
}

/// Picks one coordinate of a point.
type Coordinate = fn(&Point) -> f64;

/// For a route that turns back (its first and last runs go opposite ways along the layers), the
/// span across the layers between its two ends.
fn turns_back(direction: Direction, points: &[Point]) -> Option<(f64, f64)> {
    let (along, across): (Coordinate, Coordinate) = match direction {
        Direction::Right => (|p| p.x, |p| p.y),
        Direction::Down => (|p| p.y, |p| p.x),
    };
    let n = points.len();
    let first = along(&points[1]) - along(&points[0]);
    let last = along(&points[n - 1]) - along(&points[n - 2]);
    let (a, b) = (across(&points[0]), across(&points[n - 1]));
    (first * last < 0.0).then_some((a.min(b), a.max(b)))
}

fn lies_between(direction: Direction, spot: &Rect, (lo, hi): (f64, f64)) -> bool {
    let (start, extent) = match direction {
        Direction::Right => (spot.y, spot.height),
        Direction::Down => (spot.x, spot.width),
    };
    start >= lo - EPS && start + extent <= hi + EPS
}

fn touches(label: &Rect, points: &[Point]) -> bool {
    points
        .windows(2)
        .any(|s| distance(label, s[0], s[1]) <= REACH)
}

/// Distance between a box and a segment (0 when they meet).
fn distance(r: &Rect, a: Point, b: Point) -> f64 {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    let dx = (r.x - x1).max(x0 - (r.x + r.width)).max(0.0);
    let dy = (r.y - y1).max(y0 - (r.y + r.height)).max(0.0);
    dx.hypot(dy)
}

/// Spots beside the route's segments, longest segment first; on each, the middle, then stepping
/// out towards the ends, and for each the side after the line (below or right of it) first.
fn candidates(points: &[Point], width: f64, height: f64) -> Vec<Rect> {
    let mut segments: Vec<(Point, Point)> = points.windows(2).map(|s| (s[0], s[1])).collect();
    let length = |(a, b): &(Point, Point)| (a.x - b.x).abs() + (a.y - b.y).abs();
    segments.sort_by(|p, q| length(q).total_cmp(&length(p)));
    let rect = |x, y| Rect {
        x,
        y,
        width,
        height,
    };
    let mut spots = Vec::new();
    for (a, b) in segments {
        if (a.x - b.x).abs() < EPS {
            let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
            for y in along_segment(lo, hi, height) {
                for x in [a.x + LABEL_GAP, a.x - LABEL_GAP - width] {
                    spots.push(rect(x, y));
                }
            }
        } else {
            let (lo, hi) = (a.x.min(b.x), a.x.max(b.x));
            for x in along_segment(lo, hi, width) {
                for y in [a.y + LABEL_GAP, a.y - LABEL_GAP - height] {
                    spots.push(rect(x, y));
                }
            }
        }
    }
    spots
}

/// Where a label `extent` long may start along a segment from `lo` to `hi`: centred first, then
/// stepping outwards to either end in sixteenths of the room.
fn along_segment(lo: f64, hi: f64, extent: f64) -> Vec<f64> {
    let centre = (lo + hi - extent) / 2.0;
    let room = (hi - extent - lo).abs() / 2.0;
    let mut starts = vec![centre];
    for k in 1..=STEPS {
        let step = room * f64::from(k) / f64::from(STEPS);
        starts.push(centre + step);
        starts.push(centre - step);
    }
    starts
}

/// Positions tried on each side of the centre of a segment.
const STEPS: u32 = 16;

fn is_free(
    graph: &LayoutGraph,
    h: &Hierarchy,
    layout: &Layout,
    own: usize,
    spot: &Rect,
    border: Border,
) -> bool {
    let (right, bottom) = match border {
        Border::Kept => (layout.width, layout.height),
        Border::Grows => (layout.width.max(DISPLAY_COLUMN - MARGIN), f64::INFINITY),
    };
    if spot.x < -EPS
        || spot.y < -EPS
        || spot.x + spot.width > right + EPS
        || spot.y + spot.height > bottom + EPS
    {
        return false;
    }
    let (a, b) = (graph.edges[own].from, graph.edges[own].to);
    let n = graph.nodes.len();
    let blocked_by_node = layout.nodes.iter().enumerate().any(|(node, r)| {
        let holds_both = a < n
            && b < n
            && h.is_ancestor_or_self(node, a)
            && h.is_ancestor_or_self(node, b)
            && !(node == a && node == b);
        if holds_both {
            graph.nodes[node].is_container && meet(spot, &header_band(graph, node, r))
        } else {
            meet(spot, r)
        }
    });
    if blocked_by_node {
        return false;
    }
    let other_label = layout
        .edges
        .iter()
        .enumerate()
        .filter(|&(e, _)| e != own)
        .filter_map(|(_, route)| route.label.as_ref())
        .any(|l| meet(spot, l));
    !other_label
        && !layout
            .edges
            .iter()
            .flat_map(|route| route.points.windows(2))
            .any(|s| crosses_interior(spot, s[0], s[1]))
}

/// The band along a container's top border where its header text sits.
fn header_band(graph: &LayoutGraph, node: usize, r: &Rect) -> Rect {
    let h = graph.nodes[node].size.height;
    let h = if h.is_finite() && h > 0.0 { h } else { 0.0 };
    Rect {
        height: (PADDING + h).min(r.height),
        ..*r
    }
}

fn meet(a: &Rect, b: &Rect) -> bool {
    a.x + EPS < b.x + b.width
        && b.x + EPS < a.x + a.width
        && a.y + EPS < b.y + b.height
        && b.y + EPS < a.y + a.height
}

/// Whether a segment (closed) meets the box, borders included: a label keeps clear of every line.
fn crosses_interior(r: &Rect, a: Point, b: Point) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x1 > r.x - EPS && x0 < r.x + r.width + EPS && y1 > r.y - EPS && y0 < r.y + r.height + EPS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn spots_lie_beside_the_longest_segment_first() {
        let route = [p(0.0, 0.0), p(0.0, 100.0), p(20.0, 100.0)];
        let spots = candidates(&route, 30.0, 10.0);
        assert_eq!((spots[0].x, spots[0].y), (LABEL_GAP, 45.0));
        assert_eq!((spots[1].x, spots[1].y), (-LABEL_GAP - 30.0, 45.0));
        assert_eq!((spots[2].x, spots[2].y), (LABEL_GAP, 45.0 + 45.0 / 16.0));
        assert!(spots.iter().all(|s| touches(s, &route)));
    }

    #[test]
    fn a_label_nearer_another_line_is_found() {
        use crate::diagram::layout::EdgeRoute;
        let label = Rect {
            x: 40.0,
            y: 4.0,
            width: 20.0,
            height: 10.0,
        };
        let line = |y: f64, label| EdgeRoute {
            points: vec![p(0.0, y), p(100.0, y)],
            label,
        };
        let layout = |other_y: f64| Layout {
            nodes: Vec::new(),
            edges: vec![line(0.0, Some(label)), line(other_y, None)],
            width: 100.0,
            height: 40.0,
        };
        assert!(labels_nearer_another_edge(&layout(30.0)).is_empty());
        assert_eq!(labels_nearer_another_edge(&layout(16.0)), vec![(0, 1)]);
    }

    #[test]
    fn a_u_turn_is_recognised_by_its_end_runs() {
        let u_turn = [p(0.0, 0.0), p(10.0, 0.0), p(10.0, 50.0), p(0.0, 50.0)];
        assert_eq!(turns_back(Direction::Right, &u_turn), Some((0.0, 50.0)));
        let z = [p(0.0, 0.0), p(10.0, 0.0), p(10.0, 50.0), p(20.0, 50.0)];
        assert_eq!(turns_back(Direction::Right, &z), None);
    }
}
