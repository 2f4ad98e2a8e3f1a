//! Shorter wires: a wire carries its edge right past the cut before turning down into the band, and
//! left to the margin before turning down into the new row, so wires nest without crossing. Where
//! the edge already turns down just before the cut (on a track in the channel) it can carry on down
//! into the band from there, and where it turns down just after the cut it can leave the band right
//! above that turn: each saves two bends. A shortcut is taken only where its new lines keep
//! [`WIRE_SPACING`](super::WIRE_SPACING) from every other edge and [`BOX_CLEARANCE`](super::BOX_CLEARANCE)
//! from every box and label, so it adds no crossing and no crowding.

use super::super::{LABEL_GAP, LABEL_REACH, TRACK_SPACING};
use super::{BOX_CLEARANCE, EdgeRoute, Point, Rect, simplify};

/// Shortens the wire of `edge` that runs in the band at height `band`, where it is clear to.
pub(super) fn take(edges: &mut [EdgeRoute], boxes: &[Rect], edge: usize, band: f64) {
    let shortcuts: [Shorten; 4] = [from_turn_above, into_turn_below, from_bottom, into_top];
    for shorten in shortcuts {
        let points = &edges[edge].points;
        let Some(candidate) = shorten(points, band, boxes) else {
            continue;
        };
        let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
            return;
        };
        // The edge's own end boxes, and the containers holding them, are the ones it may touch.
        let own = |r: &Rect| holds(r, first) || holds(r, last);
        let labels = edges.iter().filter_map(|e| e.label.as_ref());
        let others: Vec<&Rect> = boxes.iter().filter(|r| !own(r)).chain(labels).collect();
        let fresh = new_segments(points, &candidate);
        let clear_of_boxes = fresh
            .iter()
            .all(|&(p, q)| others.iter().all(|r| !near_box(p, q, r)));
        let clear_of_edges = fresh.iter().all(|&(p, q)| {
            edges
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != edge)
                .flat_map(|(_, e)| e.points.windows(2))
                .all(|t| !near_segment(p, q, t[0], t[1]))
        });
        if !(clear_of_boxes && clear_of_edges) {
            continue;
        }
        let label = match edges[edge].label {
            Some(l) if touches(&l, points) && !touches(&l, &candidate) => {
                // Clear of the top of the edge's own end boxes too, where their risk badges are drawn.
                let ends: Vec<Rect> = [first, last]
                    .into_iter()
                    .filter_map(|p| end_box(boxes, p))
                    .collect();
                let free = |spot: &Rect| {
                    others.iter().all(|r| !overlaps(spot, r))
                        && ends.iter().all(|r| !overlaps(spot, &badge_strip(r)))
                        && edges
                            .iter()
                            .flat_map(|e| e.points.windows(2))
                            .all(|t| !meets(t[0], t[1], 1.0, spot))
                };
                match beside(&fresh, &l).into_iter().find(free) {
                    Some(spot) => Some(spot),
                    None => continue,
                }
            }
            kept => kept,
        };
        edges[edge].points = simplify(candidate);
        edges[edge].label = label;
    }
}

/// Proposes a shorter polyline, or `None` when the pattern it shortens is not there.
type Shorten = fn(&[Point], f64, &[Rect]) -> Option<Vec<Point>>;

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// `… → A → (A′s row, y) → (out, y) → (out, band) → …` where the edge came down into `A`: it carries on
/// down from `A` into the band instead (`A` stays; simplifying drops it).
fn from_turn_above(points: &[Point], band: f64, _: &[Rect]) -> Option<Vec<Point>> {
    (2..points.len().saturating_sub(1)).find_map(|i| {
        let (a0, a, b, c) = (points[i - 2], points[i - 1], points[i], points[i + 1]);
        let pattern = same(a0.x, a.x)
            && a0.y < a.y
            && same(a.y, b.y)
            && a.x < b.x
            && same(b.x, c.x)
            && same(c.y, band);
        pattern.then(|| {
            let mut out = points[..i].to_vec();
            out.push(Point { x: a.x, y: band });
            out.extend_from_slice(&points[i + 2..]);
            out
        })
    })
}

/// `… → (entry, band) → (entry, y) → F → G …` where the edge goes down from `F`: it leaves the band
/// right above `F` instead.
fn into_turn_below(points: &[Point], band: f64, _: &[Rect]) -> Option<Vec<Point>> {
    (1..points.len().saturating_sub(3)).find_map(|i| {
        let (d, e, f, g) = (points[i], points[i + 1], points[i + 2], points[i + 3]);
        let pattern = same(d.y, band)
            && same(d.x, e.x)
            && e.y > band
            && same(e.y, f.y)
            && f.x > e.x
            && same(f.x, g.x)
            && g.y > f.y;
        let before = points[i - 1];
        let runs_left = same(before.y, band) && before.x > f.x;
        (pattern && runs_left).then(|| {
            let mut out = points[..i].to_vec();
            out.push(Point { x: f.x, y: band });
            out.extend_from_slice(&points[i + 2..]);
            out
        })
    })
}

/// `S → (out, y) → (out, band) → (entry, band) …` where the edge leaves its box `S` right at the wire:
/// it leaves by the bottom of `S`, at its centre, straight down into the band.
fn from_bottom(points: &[Point], band: f64, boxes: &[Rect]) -> Option<Vec<Point>> {
    let [p, b, c, d, ..] = points[..] else {
        return None;
    };
    let pattern = same(p.y, b.y) && same(b.x, c.x) && same(c.y, band) && same(d.y, band);
    let start = end_box(boxes, p)?;
    let x = start.x + start.width / 2.0;
    let bottom = start.y + start.height;
    (pattern && d.x < x && x < c.x && bottom < band).then(|| {
        let mut out = vec![Point { x, y: bottom }, Point { x, y: band }];
        out.extend_from_slice(&points[3..]);
        out
    })
}

/// `… (before, band) → (entry, band) → (entry, y) → T` where the edge enters its box `T` right from
/// the wire: it enters by the top of `T`, at its centre, straight down from the band.
fn into_top(points: &[Point], band: f64, boxes: &[Rect]) -> Option<Vec<Point>> {
    let n = points.len();
    if n < 4 {
        return None;
    }
    let (before, d, e, q) = (points[n - 4], points[n - 3], points[n - 2], points[n - 1]);
    let pattern = same(before.y, band) && same(d.y, band) && same(d.x, e.x) && same(e.y, q.y);
    let end = end_box(boxes, q)?;
    let x = end.x + end.width / 2.0;
    (pattern && d.x < x && x < before.x && band < end.y).then(|| {
        let mut out = points[..n - 3].to_vec();
        out.push(Point { x, y: band });
        out.push(Point { x, y: end.y });
        out
    })
}

/// The smallest box with `p` on its left or right side: the box an edge ending at `p` ends on.
fn end_box(boxes: &[Rect], p: Point) -> Option<Rect> {
    let on_side = |r: &&Rect| {
        (same(p.x, r.x) || same(p.x, r.x + r.width)) && r.y <= p.y && p.y <= r.y + r.height
    };
    boxes
        .iter()
        .filter(on_side)
        .min_by(|a, b| (a.width * a.height).total_cmp(&(b.width * b.height)))
        .copied()
}

/// Spots for a label of `label`'s size beside the middle of each new segment, on either side.
fn beside(segments: &[(Point, Point)], label: &Rect) -> Vec<Rect> {
    let (w, h) = (label.width, label.height);
    let gap = LABEL_GAP;
    segments
        .iter()
        .flat_map(|&(p, q)| {
            let (mx, my) = ((p.x + q.x) / 2.0, (p.y + q.y) / 2.0);
            let long_enough = (p.x - q.x).abs() >= w || (p.y - q.y).abs() >= h;
            let spots = if same(p.x, q.x) {
                [(mx + gap, my - h / 2.0), (mx - gap - w, my - h / 2.0)]
            } else {
                [(mx - w / 2.0, my + gap), (mx - w / 2.0, my - gap - h)]
            };
            spots
                .into_iter()
                .filter(move |_| long_enough)
                .map(move |(x, y)| Rect {
                    x,
                    y,
                    width: w,
                    height: h,
                })
        })
        .collect()
}

/// How far above a box its risk badges reach (they straddle its top border).
const BADGE_ROOM: f64 = 12.0;

/// The strip along the top of a box where its risk badges are drawn: no moved label goes there.
fn badge_strip(r: &Rect) -> Rect {
    Rect {
        x: r.x,
        y: r.y - BADGE_ROOM,
        width: r.width,
        height: BADGE_ROOM,
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// Whether a label lies within reach of the line (see [`LABEL_REACH`]).
fn touches(label: &Rect, points: &[Point]) -> bool {
    points
        .windows(2)
        .any(|s| meets(s[0], s[1], LABEL_REACH, label))
}

/// Whether `p` lies in `r` or on its border.
fn holds(r: &Rect, p: Point) -> bool {
    r.x - 1e-9 <= p.x
        && p.x <= r.x + r.width + 1e-9
        && r.y - 1e-9 <= p.y
        && p.y <= r.y + r.height + 1e-9
}

/// The segments of `candidate` that are not in `old`.
fn new_segments(old: &[Point], candidate: &[Point]) -> Vec<(Point, Point)> {
    let had = |p: Point, q: Point| {
        old.windows(2)
            .any(|s| on_segment(p, s[0], s[1]) && on_segment(q, s[0], s[1]))
    };
    candidate
        .windows(2)
        .map(|s| (s[0], s[1]))
        .filter(|&(p, q)| !had(p, q))
        .collect()
}

fn on_segment(p: Point, a: Point, b: Point) -> bool {
    let within = |v: f64, x: f64, y: f64| x.min(y) - 1e-9 <= v && v <= x.max(y) + 1e-9;
    (same(a.x, b.x) && same(p.x, a.x) && within(p.y, a.y, b.y))
        || (same(a.y, b.y) && same(p.y, a.y) && within(p.x, a.x, b.x))
}

/// Whether segment `p`–`q`, grown by `pad` on every side, meets the box.
fn meets(p: Point, q: Point, pad: f64, r: &Rect) -> bool {
    let (x0, x1) = (p.x.min(q.x) - pad, p.x.max(q.x) + pad);
    let (y0, y1) = (p.y.min(q.y) - pad, p.y.max(q.y) + pad);
    x0 < r.x + r.width && r.x < x1 && y0 < r.y + r.height && r.y < y1
}

fn near_box(p: Point, q: Point, r: &Rect) -> bool {
    meets(p, q, BOX_CLEARANCE, r)
}

/// Whether another edge's segment `r`–`s` comes closer to `p`–`q` than tracks in a channel do.
fn near_segment(p: Point, q: Point, r: Point, s: Point) -> bool {
    let other = Rect {
        x: r.x.min(s.x),
        y: r.y.min(s.y),
        width: (r.x - s.x).abs(),
        height: (r.y - s.y).abs(),
    };
    meets(p, q, TRACK_SPACING - 1e-6, &other)
}
