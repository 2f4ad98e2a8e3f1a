//! The spacing rule for parallel edges, as displayed: two edges that run side by side for more than
//! [`MIN_SIDE_BY_SIDE`] CSS px in the [`DISPLAY_COLUMN`] keep at least [`MIN_DISPLAYED_GAP`] CSS px
//! between them. Checked in drawing units, given the scale the drawing is shown at in the column
//! ([`close_edges`]), or in units alone against the edge spacing ([`closer_than_spacing`]): the
//! drawing's own share of the rule, whatever scale a page shows it at.

use super::{DISPLAY_COLUMN, Layout, MIN_DISPLAYED_GAP, Point};

/// Runs shorter than this (CSS px, as displayed) side by side are not held to the gap.
pub const MIN_SIDE_BY_SIDE: f64 = 20.0;

/// The scale a drawing `width` units wide is shown at in the column (1 when it fits).
pub fn column_scale(width: f64) -> f64 {
    (DISPLAY_COLUMN / width.max(1.0)).min(1.0)
}

/// Every pair of edges `(a, b)`, `a < b`, with parallel segments closer than the displayed gap over
/// more than [`MIN_SIDE_BY_SIDE`]. Segments on one line (distance 0) of edges that share an end node
/// are not counted: they are the shared last stretch into a common port, drawn as one line.
pub fn close_edges(
    layout: &Layout,
    shares_end: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let scale = column_scale(layout.width);
    closer_than(
        layout,
        MIN_DISPLAYED_GAP / scale,
        MIN_SIDE_BY_SIDE / scale,
        shares_end,
    )
}

/// Every pair of edges `(a, b)`, `a < b`, with parallel segments closer than `spacing` units over
/// more than [`MIN_SIDE_BY_SIDE`] units (at any scale, as many px or fewer), except the shared
/// last stretch of edges with a common end, as in [`close_edges`].
pub fn closer_than_spacing(
    layout: &Layout,
    spacing: f64,
    shares_end: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    closer_than(layout, spacing, MIN_SIDE_BY_SIDE, shares_end)
}

fn closer_than(
    layout: &Layout,
    least_gap: f64,
    least_run: f64,
    shares_end: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let least_gap = least_gap - 1e-6;
    let mut found = Vec::new();
    let routes = &layout.edges;
    for a in 0..routes.len() {
        for b in a + 1..routes.len() {
            let (pa, pb) = (&routes[a].points, &routes[b].points);
            let close = pa.windows(2).any(|s| {
                pb.windows(2).any(|t| {
                    side_by_side(s[0], s[1], t[0], t[1], least_run)
                        .is_some_and(|gap| gap < least_gap && !(gap < 0.5 && shares_end(a, b)))
                })
            });
            if close {
                found.push((a, b));
            }
        }
    }
    found
}

/// Picks one coordinate of a point.
type Coordinate = fn(Point) -> f64;

/// The distance between two parallel segments that overlap over more than `least_run`, if they do.
fn side_by_side(p: Point, q: Point, r: Point, s: Point, least_run: f64) -> Option<f64> {
    let flat = |a: Point, b: Point| (a.y - b.y).abs() < 1e-9;
    let upright = |a: Point, b: Point| (a.x - b.x).abs() < 1e-9;
    let (along, across): (Coordinate, Coordinate) = if flat(p, q) && flat(r, s) {
        (|p| p.x, |p| p.y)
    } else if upright(p, q) && upright(r, s) {
        (|p| p.y, |p| p.x)
    } else {
        return None;
    };
    let lo = along(p).min(along(q)).max(along(r).min(along(s)));
    let hi = along(p).max(along(q)).min(along(r).max(along(s)));
    (hi - lo > least_run).then(|| (across(p) - across(r)).abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::EdgeRoute;

    fn route(points: &[(f64, f64)]) -> EdgeRoute {
        EdgeRoute {
            points: points.iter().map(|&(x, y)| Point { x, y }).collect(),
            label: None,
        }
    }

    fn two_lines(width: f64, gap: f64, length: f64) -> Layout {
        Layout {
            nodes: Vec::new(),
            edges: vec![
                route(&[(0.0, 10.0), (length, 10.0)]),
                route(&[(0.0, 10.0 + gap), (length, 10.0 + gap)]),
            ],
            width,
            height: 100.0,
        }
    }

    #[test]
    fn the_gap_is_judged_as_displayed_in_the_column() {
        let never = |_: usize, _: usize| false;
        assert!(close_edges(&two_lines(760.0, 8.0, 100.0), &never).is_empty());
        assert_eq!(
            close_edges(&two_lines(760.0, 7.0, 100.0), &never),
            vec![(0, 1)]
        );
        // Drawn twice as wide as the column, 10 units show as 5 px.
        assert_eq!(
            close_edges(&two_lines(1520.0, 10.0, 100.0), &never),
            vec![(0, 1)]
        );
        assert!(close_edges(&two_lines(1520.0, 16.0, 100.0), &never).is_empty());
    }

    #[test]
    fn in_units_the_gap_is_the_spacing_whatever_the_scale() {
        let never = |_: usize, _: usize| false;
        // 10 units at twice the column's width: too close as displayed, not in the drawing.
        let wide = two_lines(1520.0, 10.0, 100.0);
        assert!(closer_than_spacing(&wide, 10.0, &never).is_empty());
        assert_eq!(closer_than_spacing(&wide, 12.0, &never), vec![(0, 1)]);
        // Runs side by side are measured in units too: 30 units show as 15 px, still held.
        assert_eq!(
            closer_than_spacing(&two_lines(1520.0, 9.0, 30.0), 10.0, &never),
            vec![(0, 1)]
        );
        assert!(close_edges(&two_lines(1520.0, 9.0, 30.0), &never).is_empty());
    }

    #[test]
    fn short_runs_side_by_side_are_not_held_to_the_gap() {
        let never = |_: usize, _: usize| false;
        assert!(close_edges(&two_lines(760.0, 4.0, 20.0), &never).is_empty());
        assert_eq!(
            close_edges(&two_lines(760.0, 4.0, 21.0), &never),
            vec![(0, 1)]
        );
    }

    #[test]
    fn edges_sharing_an_end_may_share_their_last_stretch() {
        let layout = two_lines(760.0, 0.0, 100.0);
        assert!(close_edges(&layout, &|_, _| true).is_empty());
        assert_eq!(close_edges(&layout, &|_, _| false), vec![(0, 1)]);
    }
}
