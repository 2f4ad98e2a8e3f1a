//! Labels of edges that turn back, drawn beyond their runs instead of between the boxes of a layer.
//!
//! An edge between two boxes of one layer (a `writes` edge from one server to the other, a
//! replication edge between neighbours) leaves both by the far side of the layer and turns back:
//! down, across, up again. Its label has no layer of its own, so the engine keeps it clear of
//! everything by reserving room between the boxes of the layer, which widens a top-to-bottom drawing
//! by the label's width. Beyond the last layer there is nothing but such U-turns, so the label fits
//! there, just beyond its own run, for a little height. [`labels_beyond`] lays the drawing out again
//! without the labels of its labelled U-turns, pushes the U-turns' runs outwards in their order (so
//! no crossing changes) to make room for each label beyond its run, and returns the result when it
//! is sound and every moved label touches its edge. A left-to-right drawing is handled the same way,
//! turned a quarter.

use crate::diagram::Prepared;
use crate::diagram::layout::{self, Direction, EdgeRoute, Layout, Point, Rect};

/// Distance between an edge line and its label (the engine's).
const LABEL_GAP: f64 = 4.0;
/// Room around the whole drawing (the engine's).
const MARGIN: f64 = 16.0;
const EPS: f64 = 1e-6;

/// `prepared` with the labels of its U-turns beyond their runs, when it has a labelled U-turn and
/// the result is sound.
pub(super) fn labels_beyond(prepared: &Prepared) -> Option<Prepared> {
    let turned = prepared.graph.direction == Direction::Right;
    let frame = |l: &Layout| if turned { l.transposed() } else { l.clone() };
    let original = frame(&prepared.layout);
    let labelled: Vec<(usize, (f64, f64))> = prepared
        .graph
        .edges
        .iter()
        .zip(&original.edges)
        .enumerate()
        .filter(|(_, (_, route))| turns_back(&route.points))
        .filter_map(|(e, (edge, _))| {
            let size = edge.label?;
            let (w, h) = (size.width, size.height);
            Some((e, if turned { (h, w) } else { (w, h) }))
        })
        .collect();
    if labelled.is_empty() {
        return None;
    }
    let mut bare_graph = prepared.graph.clone();
    for &(e, _) in &labelled {
        bare_graph.edges[e].label = None;
    }
    let bare = frame(&layout::layout(&bare_graph));
    let placed = place_beyond(bare, &labelled)?;
    let placed = if turned { placed.transposed() } else { placed };
    let off = layout::labels_off_their_edges(&placed);
    let sound = layout::verify(&prepared.graph, &placed).is_empty()
        && !labelled.iter().any(|(e, _)| off.contains(e));
    sound.then(|| Prepared {
        diagram: prepared.diagram.clone(),
        graph: prepared.graph.clone(),
        layout: placed,
    })
}

/// Whether a route (flowing down) leaves downwards and comes back upwards.
fn turns_back(points: &[Point]) -> bool {
    let n = points.len();
    n >= 4 && points[1].y - points[0].y > EPS && points[n - 1].y - points[n - 2].y < -EPS
}

/// `layout` (flowing down) with every route beyond the lowest box or label pushed down in order,
/// making room for each of `labels` (edge, size) just below its run; `None` when something beyond
/// the boxes is not a plain U-turn (down, across, up), or a labelled edge is not one.
fn place_beyond(mut layout: Layout, labels: &[(usize, (f64, f64))]) -> Option<Layout> {
    let boxes = layout
        .nodes
        .iter()
        .chain(layout.edges.iter().filter_map(|e| e.label.as_ref()));
    let bottom = boxes.map(|r| r.y + r.height).fold(0.0, f64::max);
    let mut beyond: Vec<(f64, usize)> = Vec::new();
    for (e, route) in layout.edges.iter().enumerate() {
        if route.points.iter().all(|p| p.y <= bottom + EPS) {
            continue;
        }
        beyond.push((plain_u_turn(route, bottom)?, e));
    }
    if labels
        .iter()
        .any(|(e, _)| !beyond.iter().any(|&(_, b)| b == *e))
    {
        return None;
    }
    beyond.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut shift = 0.0;
    let mut end = layout.height - MARGIN;
    for (run, e) in beyond {
        let y = run + shift;
        let route = &mut layout.edges[e];
        route.points[1].y = y;
        route.points[2].y = y;
        end = end.max(y);
        if let Some(&(_, (w, h))) = labels.iter().find(|(l, _)| *l == e) {
            let (a, b) = (route.points[1].x, route.points[2].x);
            route.label = Some(Rect {
                x: 0.5 * (a + b) - 0.5 * w,
                y: y + LABEL_GAP,
                width: w,
                height: h,
            });
            shift += h + 2.0 * LABEL_GAP;
            end = end.max(y + LABEL_GAP + h);
        }
    }
    layout.height = end + MARGIN;
    Some(layout)
}

/// The height of a route's run when it goes straight down from above `bottom`, across below it, and
/// straight up again.
fn plain_u_turn(route: &EdgeRoute, bottom: f64) -> Option<f64> {
    let [a, p, q, b] = route.points[..] else {
        return None;
    };
    let plain = (a.x - p.x).abs() < EPS
        && (b.x - q.x).abs() < EPS
        && (p.y - q.y).abs() < EPS
        && a.y <= bottom + EPS
        && b.y <= bottom + EPS
        && p.y > bottom + EPS;
    plain.then_some(p.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A box 100 by 40 with its top at 16.
    fn box_at(x: f64) -> Rect {
        Rect {
            x,
            y: 16.0,
            width: 100.0,
            height: 40.0,
        }
    }

    fn u_turn(left: f64, right: f64, top: f64, run: f64) -> EdgeRoute {
        let p = |x, y| Point { x, y };
        EdgeRoute {
            points: vec![p(left, top), p(left, run), p(right, run), p(right, top)],
            label: None,
        }
    }

    /// Two boxes side by side; edge 0 turns back inside edge 1, both below the boxes.
    fn nested() -> Layout {
        Layout {
            nodes: vec![box_at(16.0), box_at(140.0)],
            edges: vec![
                u_turn(80.0, 170.0, 56.0, 66.0),
                u_turn(60.0, 200.0, 56.0, 76.0),
            ],
            width: 256.0,
            height: 92.0,
        }
    }

    #[test]
    fn each_label_goes_just_below_its_run_and_the_outer_run_moves_down_past_it() {
        let placed = place_beyond(nested(), &[(0, (40.0, 12.0)), (1, (60.0, 12.0))]).unwrap();
        let (inner, outer) = (&placed.edges[0], &placed.edges[1]);
        assert_eq!(inner.points[1].y, 66.0, "the innermost run stays");
        let label = inner.label.unwrap();
        assert_eq!((label.y, label.x), (70.0, 125.0 - 20.0));
        assert!(outer.points[1].y >= label.y + label.height + LABEL_GAP);
        assert_eq!(outer.points[1].y, outer.points[2].y);
        let outer_label = outer.label.unwrap();
        assert_eq!(outer_label.y, outer.points[1].y + LABEL_GAP);
        assert_eq!(placed.height, outer_label.y + outer_label.height + MARGIN);
        assert_eq!(placed.edges[1].points[0], nested().edges[1].points[0]);
    }

    #[test]
    fn a_route_beyond_the_boxes_that_is_no_plain_u_turn_stops_the_variant() {
        let mut layout = nested();
        layout.edges[1].points.push(Point { x: 200.0, y: 40.0 });
        assert_eq!(place_beyond(layout, &[(0, (40.0, 12.0))]), None);
        let layout = nested();
        assert_eq!(place_beyond(layout, &[(3, (40.0, 12.0))]), None);
    }

    #[test]
    fn turning_a_layout_twice_gives_it_back() {
        let layout = nested();
        assert_eq!(layout.transposed().transposed(), layout);
        assert!(turns_back(&layout.edges[0].points));
        assert!(!turns_back(&layout.transposed().edges[0].points));
    }
}
