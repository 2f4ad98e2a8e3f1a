//! Wrapping a drawing that is too wide for the text column into rows, the way a line of text wraps.
//!
//! Takes a finished [`Layout`] and a width, and returns the same drawing cut into rows no wider than
//! that (or `None` when it cannot be cut). A cut is a vertical line through the last row that meets
//! no box, no label and no vertical edge segment, so it runs through a channel between two layers and
//! crosses only horizontal edge runs. Everything right of the cut moves down and left, below the rows
//! already laid out, and keeps its own layout. Each edge run that crossed the cut becomes a *wire*:
//! it carries on right past the cut, turns down into the band between the rows, runs left to the
//! left margin, turns down into the new row and right again to where it left off. Wires are nested by
//! the height at which they crossed (the highest one takes the outermost track), so the wrap adds no
//! crossing, and each runs through room that the move emptied, so it meets no box and no label.
//! Flow keeps its direction inside each row: a left-to-right diagram still reads left to right.

use std::collections::HashMap;
use std::rc::Rc;

use super::{EdgeRoute, Layout, MARGIN, Point, Rect};

mod shortcut;

/// Distance between two wires running side by side, and between a wire and what it passes.
const WIRE_SPACING: f64 = 12.0;
/// Room between a row's content and the first wire in the band below it.
const BAND_CLEARANCE: f64 = 20.0;
/// Most rows a drawing is cut into: beyond that the figure is a column of fragments.
const MAX_ROWS: usize = 3;
/// Most edge runs one cut may cross: each becomes a long wire with four more bends, and a bundle
/// of them between rows is harder to follow than a smaller drawing.
const MAX_WIRES: usize = 8;
/// How far from an even split (in units) a cut may be to save one wire.
const WIRE_COST: f64 = 60.0;
/// Most cuts tried in all, so a drawing with many candidate cuts and no way to fit stays cheap.
const MAX_TRIES: usize = 200;
/// Room a cut keeps from a box or a label beside it (the wires keep [`WIRE_SPACING`] on their own).
const BOX_CLEARANCE: f64 = 4.0;
/// Room a cut keeps from a vertical edge run.
const RUN_CLEARANCE: f64 = 2.0;

/// `layout` cut into rows at most `max_width` wide, or `None` when no cut brings it there.
pub fn wrap(layout: &Layout, max_width: f64) -> Option<Layout> {
    wrap_first(layout, &[max_width], |_| true)
}

/// `layout` cut into rows at most the first of `max_widths` wide whose rows `accept` takes, tried
/// in turn, or `None` when no cut brings it within any of them. One search serves every width:
/// each cut is built once and each row's candidate cuts are found once, however many widths try
/// them, so trying a narrower width first costs only what that width tries beyond the others.
pub fn wrap_first(
    layout: &Layout,
    max_widths: &[f64],
    mut accept: impl FnMut(&Layout) -> bool,
) -> Option<Layout> {
    let mut memo = Memo::default();
    max_widths.iter().find_map(|&max_width| {
        let rows = wrap_to(&mut memo, layout, max_width)?;
        accept(&rows).then_some(rows)
    })
}

/// [`wrap`] for one width, with what earlier widths of the same search built.
fn wrap_to(memo: &mut Memo, layout: &Layout, max_width: f64) -> Option<Layout> {
    if layout.width <= max_width {
        return Some(layout.clone());
    }
    let mut budget = MAX_TRIES;
    let mut path = Vec::new();
    wrap_from(
        memo,
        &mut path,
        layout,
        0.0,
        max_width,
        MAX_ROWS,
        &mut budget,
    )
    .map(close_top)
}

/// What the searches for several widths share, keyed by the cuts made so far (their positions'
/// bits, first cut first): the drawing each sequence of cuts gives, and its last row's candidates.
#[derive(Default)]
struct Memo {
    built: HashMap<Vec<u64>, Rc<(Layout, f64)>>,
    options: HashMap<Vec<u64>, Rc<Option<Options>>>,
}

impl Memo {
    fn built(&mut self, path: &[u64], build: impl FnOnce() -> (Layout, f64)) -> Rc<(Layout, f64)> {
        Rc::clone(
            self.built
                .entry(path.to_vec())
                .or_insert_with(|| Rc::new(build())),
        )
    }

    fn options(
        &mut self,
        path: &[u64],
        find: impl FnOnce() -> Option<Options>,
    ) -> Rc<Option<Options>> {
        Rc::clone(
            self.options
                .entry(path.to_vec())
                .or_insert_with(|| Rc::new(find())),
        )
    }
}

/// The last row's extent and the cuts through it, whatever the width.
struct Options {
    band: Band,
    cuts: Vec<Candidate>,
}

/// One free cut of a row: what the search weighs it by at any width.
struct Candidate {
    x: f64,
    /// How many edge runs it crosses.
    wires: usize,
    /// Whether it may be taken at all: no edge crosses it twice, and not too many wires.
    allowed: bool,
    /// For the last cut only: the least width it can give ([`least_width_after`]).
    least_width: Option<f64>,
}

impl Options {
    fn of(layout: &Layout, band_top: f64, last: bool) -> Option<Self> {
        let band = Band::of(layout, band_top)?;
        let cuts = free_cuts(layout, band_top, &band)
            .into_iter()
            .map(|x| {
                let wires = crossings(layout, band_top, x);
                Candidate {
                    x,
                    wires: wires.len(),
                    allowed: !crosses_twice(&wires) && wires.len() <= MAX_WIRES,
                    least_width: last.then(|| least_width_after(layout, band_top, x, &wires)),
                }
            })
            .collect();
        Some(Self { band, cuts })
    }
}

/// Moves the drawing up to the top margin: the first row keeps only its own content's height (the
/// rows that moved away may have been taller).
fn close_top(mut layout: Layout) -> Layout {
    let boxes = layout
        .nodes
        .iter()
        .chain(layout.edges.iter().filter_map(|e| e.label.as_ref()));
    let points = layout.edges.iter().flat_map(|e| &e.points);
    let top = boxes
        .map(|r| r.y)
        .chain(points.map(|p| p.y))
        .fold(f64::INFINITY, f64::min);
    let shift = top - MARGIN;
    if !(shift.is_finite() && shift > 0.0) {
        return layout;
    }
    for r in &mut layout.nodes {
        r.y -= shift;
    }
    for edge in &mut layout.edges {
        for p in &mut edge.points {
            p.y -= shift;
        }
        if let Some(r) = edge.label.as_mut() {
            r.y -= shift;
        }
    }
    layout.height -= shift;
    layout
}

/// Cuts the last row (everything at or below `band_top`) until the drawing fits in `rows` rows,
/// trying the cuts nearest an even split first and backing up when a later row cannot be cut.
/// `path` holds the cuts that made `layout`, the key under which `memo` keeps what they give.
fn wrap_from(
    memo: &mut Memo,
    path: &mut Vec<u64>,
    layout: &Layout,
    band_top: f64,
    max_width: f64,
    rows: usize,
    budget: &mut usize,
) -> Option<Layout> {
    if layout.width <= max_width {
        return Some(layout.clone());
    }
    if rows <= 1 || *budget == 0 {
        return None;
    }
    let options = memo.options(path, || Options::of(layout, band_top, rows == 2));
    let Options { band, cuts } = options.as_ref().as_ref()?;
    let usable = max_width - 2.0 * MARGIN - 4.0 * WIRE_SPACING;
    let rows_left = ((band.right - band.left) / usable).ceil().max(2.0);
    let ideal = band.left + (band.right - band.left) / rows_left;
    let mut cuts: Vec<(f64, &Candidate)> = cuts
        .iter()
        .filter(|c| c.allowed && c.x + c.wires as f64 * WIRE_SPACING + MARGIN <= max_width)
        .map(|c| ((c.x - ideal).abs() + c.wires as f64 * WIRE_COST, c))
        .collect();
    cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, cut) in cuts {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        // The last cut must bring the whole drawing within the width: one whose moved boxes
        // already reach past it cannot, so it is not built (it still counts as tried, so the
        // search tries and finds what it did before).
        if cut.least_width.is_some_and(|least| least > max_width) {
            continue;
        }
        path.push(cut.x.to_bits());
        let next = memo.built(path, || cut_at(layout, band_top, cut.x));
        let (next, next_top) = next.as_ref();
        let found = wrap_from(memo, path, next, *next_top, max_width, rows - 1, budget);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Where the content of the last row lies across the drawing.
struct Band {
    left: f64,
    right: f64,
}

impl Band {
    fn of(layout: &Layout, top: f64) -> Option<Self> {
        let boxes = layout.nodes.iter().filter(|r| r.y >= top);
        let (left, right) = boxes.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), b| {
            (l.min(b.x), r.max(b.x + b.width))
        });
        (left < right).then_some(Self { left, right })
    }
}

/// Candidate cut positions in the band: the left end of every stretch between the band's first and
/// last box that is clear of boxes, labels and vertical edge runs (with room on both sides).
fn free_cuts(layout: &Layout, top: f64, band: &Band) -> Vec<f64> {
    let pad = BOX_CLEARANCE;
    let mut blocked: Vec<(f64, f64)> = Vec::new();
    let in_band = |r: &Rect| r.y + r.height > top;
    for r in layout.nodes.iter().filter(|r| in_band(r)) {
        blocked.push((r.x - pad, r.x + r.width + pad));
    }
    for edge in &layout.edges {
        if let Some(r) = edge.label.as_ref().filter(|r| in_band(r)) {
            blocked.push((r.x - pad, r.x + r.width + pad));
        }
        for pair in edge.points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            if (p.x - q.x).abs() < 1e-6 && p.y.max(q.y) >= top {
                blocked.push((p.x - RUN_CLEARANCE, p.x + RUN_CLEARANCE));
            }
        }
    }
    blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cuts = Vec::new();
    let mut reach = band.left;
    for (start, end) in blocked {
        if start > reach && reach > band.left && start < band.right {
            cuts.push(reach + (0.5 * (start - reach)).min(1.0));
        }
        reach = reach.max(end);
    }
    cuts
}

/// A horizontal edge run in the band that crosses the cut: which edge, which segment, at what height.
#[derive(Debug, Clone, Copy)]
struct Crossing {
    edge: usize,
    segment: usize,
    y: f64,
}

fn crossings(layout: &Layout, top: f64, cut: f64) -> Vec<Crossing> {
    let mut found = Vec::new();
    for (edge, route) in layout.edges.iter().enumerate() {
        for (segment, pair) in route.points.windows(2).enumerate() {
            let (p, q) = (pair[0], pair[1]);
            let horizontal = (p.y - q.y).abs() < 1e-6;
            if horizontal && p.y >= top && p.x.min(q.x) < cut && p.x.max(q.x) > cut {
                found.push(Crossing {
                    edge,
                    segment,
                    y: p.y,
                });
            }
        }
    }
    found.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.edge.cmp(&b.edge)));
    found
}

/// Whether some edge crosses the cut more than once (it would wrap to the next row and back).
fn crosses_twice(wires: &[Crossing]) -> bool {
    let mut edges: Vec<usize> = wires.iter().map(|w| w.edge).collect();
    edges.sort_unstable();
    edges.windows(2).any(|w| w[0] == w[1])
}

/// The geometry of one cut: what moves, and by how much.
struct Cut {
    top: f64,
    x: f64,
    /// Where the cut lands in the new row.
    new_x: f64,
    dy: f64,
}

impl Cut {
    fn moves(&self, p: Point) -> bool {
        p.x > self.x && p.y >= self.top
    }

    fn point(&self, p: Point) -> Point {
        if self.moves(p) {
            Point {
                x: p.x - self.x + self.new_x,
                y: p.y + self.dy,
            }
        } else {
            p
        }
    }

    fn rect(&self, r: Rect) -> Rect {
        let corner = self.point(Point { x: r.x, y: r.y });
        Rect {
            x: corner.x,
            y: corner.y,
            ..r
        }
    }
}

/// The least width [`cut_at`] can give for a cut at `x` crossed by `wires` (its [`crossings`]):
/// the wires' way out past the cut, and every box and label where the cut puts it, with the
/// margin. Edge runs are left out, and so are the labels of the edges that become wires (their
/// shortcuts may move them). Costs one pass over the boxes instead of routing every edge again.
fn least_width_after(layout: &Layout, top: f64, x: f64, wires: &[Crossing]) -> f64 {
    let k = wires.len() as f64;
    let cut = Cut {
        top,
        x,
        new_x: MARGIN + k * WIRE_SPACING,
        dy: 0.0,
    };
    let labels = (layout.edges.iter().enumerate())
        .filter(|(e, _)| wires.iter().all(|w| w.edge != *e))
        .filter_map(|(_, route)| route.label.as_ref());
    let right = layout
        .nodes
        .iter()
        .chain(labels)
        .map(|&r| {
            let r = cut.rect(r);
            r.x + r.width
        })
        .fold(x + k * WIRE_SPACING, f64::max);
    right + MARGIN
}

fn cut_at(layout: &Layout, top: f64, x: f64) -> (Layout, f64) {
    let wires = crossings(layout, top, x);
    let k = wires.len() as f64;
    let moving = |p: Point| p.x > x && p.y >= top;
    // The lowest point of what stays, and the highest of what moves.
    let mut stay_bottom = top;
    let mut move_top = f64::INFINITY;
    let mut note = |p: Point, moved: bool| {
        if moved {
            move_top = move_top.min(p.y);
        } else if p.y >= top {
            stay_bottom = stay_bottom.max(p.y);
        }
    };
    for r in &layout.nodes {
        let moved = moving(Point { x: r.x, y: r.y });
        note(Point { x: r.x, y: r.y }, moved);
        note(
            Point {
                x: r.x,
                y: r.y + r.height,
            },
            moved,
        );
    }
    for edge in &layout.edges {
        for &p in &edge.points {
            note(p, moving(p));
        }
        if let Some(r) = edge.label {
            let moved = moving(Point { x: r.x, y: r.y });
            note(Point { x: r.x, y: r.y }, moved);
            note(
                Point {
                    x: r.x,
                    y: r.y + r.height,
                },
                moved,
            );
        }
    }
    // Tracks in the band between the rows: the lowest wire crossing takes the highest track.
    let first_track = stay_bottom + BAND_CLEARANCE;
    let new_top = first_track + (k - 1.0).max(0.0) * WIRE_SPACING + BAND_CLEARANCE;
    let cut = Cut {
        top,
        x,
        new_x: MARGIN + k * WIRE_SPACING,
        dy: new_top - move_top,
    };
    let path = |j: usize, y: f64| -> Vec<Point> {
        let j_f = j as f64;
        let out = x + (k - j_f) * WIRE_SPACING;
        let track = first_track + (k - 1.0 - j_f) * WIRE_SPACING;
        let entry = cut.new_x - (j_f + 1.0) * WIRE_SPACING;
        let landed = y + cut.dy;
        vec![
            Point { x: out, y },
            Point { x: out, y: track },
            Point { x: entry, y: track },
            Point {
                x: entry,
                y: landed,
            },
        ]
    };
    let mut edges = layout
        .edges
        .iter()
        .enumerate()
        .map(|(e, route)| {
            let mut points = Vec::with_capacity(route.points.len());
            for (i, &p) in route.points.iter().enumerate() {
                points.push(cut.point(p));
                let Some(&q) = route.points.get(i + 1) else {
                    continue;
                };
                let Some(j) = wires.iter().position(|w| w.edge == e && w.segment == i) else {
                    continue;
                };
                let mut through = path(j, p.y);
                if moving(p) && !moving(q) {
                    through.reverse();
                }
                points.extend(through);
            }
            EdgeRoute {
                points: simplify(points),
                label: route.label.map(|r| cut.rect(r)),
            }
        })
        .collect::<Vec<_>>();
    let nodes: Vec<Rect> = layout.nodes.iter().map(|&r| cut.rect(r)).collect();
    for (j, wire) in wires.iter().enumerate() {
        let band = path(j, wire.y)[1].y;
        shortcut::take(&mut edges, &nodes, wire.edge, band);
    }
    let mut width: f64 = x + k * WIRE_SPACING;
    let mut height: f64 = 0.0;
    for r in nodes
        .iter()
        .chain(edges.iter().filter_map(|e| e.label.as_ref()))
    {
        width = width.max(r.x + r.width);
        height = height.max(r.y + r.height);
    }
    for p in edges.iter().flat_map(|e| &e.points) {
        width = width.max(p.x);
        height = height.max(p.y);
    }
    let wrapped = Layout {
        nodes,
        edges,
        width: width + MARGIN,
        height: height + MARGIN,
    };
    (wrapped, new_top - BAND_CLEARANCE / 2.0)
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    let same = |a: f64, b: f64| (a - b).abs() < 1e-9;
    for p in points {
        if out.last().is_some_and(|l| same(l.x, p.x) && same(l.y, p.y)) {
            continue;
        }
        if let [.., a, b] = out[..] {
            let along_x = same(a.y, b.y) && same(b.y, p.y) && (a.x - b.x) * (b.x - p.x) >= 0.0;
            let along_y = same(a.x, b.x) && same(b.x, p.x) && (a.y - b.y) * (b.y - p.y) >= 0.0;
            if along_x || along_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boxes of different widths in a row, each joined to the next by a straight run, and one
    /// edge that jumps over a box through the band below, with a label.
    fn chain() -> Layout {
        let widths = [60.0, 120.0, 40.0, 90.0, 70.0, 110.0];
        let mut nodes = Vec::new();
        let mut x = MARGIN;
        for w in widths {
            let y = MARGIN + 20.0;
            nodes.push(Rect {
                x,
                y,
                width: w,
                height: 40.0,
            });
            x += w + 48.0;
        }
        let mut edges: Vec<EdgeRoute> = nodes
            .windows(2)
            .map(|pair| EdgeRoute {
                points: vec![
                    Point {
                        x: pair[0].x + pair[0].width,
                        y: MARGIN + 40.0,
                    },
                    Point {
                        x: pair[1].x,
                        y: MARGIN + 40.0,
                    },
                ],
                label: None,
            })
            .collect();
        let (from, to) = (nodes[1], nodes[3]);
        let below = from.y + from.height + 14.0;
        edges.push(EdgeRoute {
            points: vec![
                Point {
                    x: from.x + from.width / 2.0,
                    y: from.y + from.height,
                },
                Point {
                    x: from.x + from.width / 2.0,
                    y: below,
                },
                Point {
                    x: to.x + to.width / 2.0,
                    y: below,
                },
                Point {
                    x: to.x + to.width / 2.0,
                    y: to.y + to.height,
                },
            ],
            label: Some(Rect {
                x: from.x + from.width,
                y: below - 8.0,
                width: 30.0,
                height: 16.0,
            }),
        });
        let width = x - 48.0 + MARGIN;
        Layout {
            nodes,
            edges,
            width,
            height: 160.0,
        }
    }

    #[test]
    fn no_cut_comes_out_narrower_than_its_least_width() {
        let layout = chain();
        let band = Band::of(&layout, 0.0).expect("boxes");
        let cuts = free_cuts(&layout, 0.0, &band);
        assert!(cuts.len() >= 4, "a cut in every gap: {cuts:?}");
        for cut in cuts {
            let crossed = crossings(&layout, 0.0, cut);
            let wires = crossed.len();
            let least = least_width_after(&layout, 0.0, cut, &crossed);
            let (next, _) = cut_at(&layout, 0.0, cut);
            assert!(
                least <= next.width + 1e-9,
                "cut at {cut}: least {least}, drawn {}",
                next.width
            );
            assert!(
                next.width - least < WIRE_SPACING * (wires as f64 + 1.0),
                "cut at {cut}: the bound is near what is drawn ({least} against {})",
                next.width
            );
        }
    }

    #[test]
    fn a_last_row_too_wide_is_not_a_wrap() {
        let layout = chain();
        // Two rows cannot hold this row of six at 300 units; three can hold it at 420.
        assert!(wrap(&layout, 300.0).is_none());
        let rows = wrap(&layout, 420.0).expect("three rows");
        assert!(rows.width <= 420.0, "{}", rows.width);
        assert_eq!(rows.nodes.len(), layout.nodes.len());
    }

    #[test]
    fn one_search_over_several_widths_finds_what_each_width_alone_does() {
        let layout = chain();
        // From too narrow for any cut to wide enough for the drawing as it is.
        let widths: Vec<f64> = (0..=25).map(|i| 300.0 + 20.0 * f64::from(i)).collect();
        let alone: Vec<Option<Layout>> = widths.iter().map(|&w| wrap(&layout, w)).collect();
        assert!(alone[0].is_none(), "300 units cannot be reached");
        let found: Vec<&Layout> = alone.iter().flatten().collect();
        let first = found[0].clone();
        let other = found
            .iter()
            .find(|&&rows| *rows != first)
            .expect("other rows");
        assert_eq!(
            wrap_first(&layout, &widths, |_| true).as_ref(),
            Some(&first)
        );
        // Rows turned down by `accept` make the search go on to the next width, whose own
        // search gives the same rows as it does alone.
        let next = wrap_first(&layout, &widths, |rows| *rows != first);
        assert_eq!(next.as_ref(), Some(*other));
        assert!(wrap_first(&layout, &widths, |_| false).is_none());
    }
}
