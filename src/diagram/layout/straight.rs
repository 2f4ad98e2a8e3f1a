//! Straight edges where the ends allow: the last step of placement inside one level.
//!
//! Takes a placed [`Level`] (anchors), the pieces drawn straight across a gap, and each piece's attach
//! offsets; moves the attach points of pieces that would jog onto one common line when both end
//! boxes' sides (and every dummy between) can take it. An edge need not meet a box at its centre: an
//! edge between two boxes that overlap across the layers runs straight through the overlap instead
//! of stepping sideways just before the arrowhead. Where the boxes do not overlap enough, the end
//! box with fewer edges moves the least distance that lets the edge run straight, if its layer has
//! room, the level keeps its size and no straight edge at that box bends. Guarantees: attach points
//! stay on their box's side, clear of its corners; the meetings on one side keep their order and
//! spacing (so no two edges share a point and none cross at the box); ports, container ports and
//! loop ends never move relative to their item; items move only within the room their layer leaves
//! them, so the level's invariants hold.

use std::collections::BTreeMap;

use super::EDGE_GAP;
use super::level::{Attach, ItemKind, Level};
use super::position::Room;

/// One end of a piece: the piece and which end (`false`: `from`).
type End = (usize, bool);

/// The ends meeting each side of each node, by `(item, end side)`.
type Sides = BTreeMap<(usize, bool), Vec<End>>;

pub(crate) fn straighten(
    level: &Level,
    direct: &[bool],
    anchor: &mut [f64],
    offsets: &mut [(f64, f64)],
) {
    let sides = sides(level, direct);
    let room = Room::new(level);
    let across: Vec<usize> = (0..level.pieces.len())
        .filter(|&p| !direct.get(p).copied().unwrap_or(false) && runs_across(level, p))
        .collect();
    for &p in &across {
        straighten_piece(level, &sides, &room, p, anchor, offsets);
    }
    let ctx = Context {
        level,
        sides: &sides,
        room: &room,
        touching: touching(level, &across),
        extent: extent(level, anchor),
    };
    for &p in &across {
        if !is_straight(level, p, anchor, offsets) {
            nudge_an_end(&ctx, p, anchor, offsets);
        }
    }
    for &p in &across {
        if !is_straight(level, p, anchor, offsets) {
            straighten_end_hops(level, &sides, p, anchor, offsets);
        }
    }
}

/// A long edge that must bend somewhere still meets its end boxes straight: each end's attach
/// point slides onto the line of the dummy next to it when the box's side allows, so the bend
/// happens once, in a channel, and not as a small step just before the box.
fn straighten_end_hops(
    level: &Level,
    sides: &Sides,
    p: usize,
    anchor: &[f64],
    offsets: &mut [(f64, f64)],
) {
    let items = &level.pieces[p].items;
    let n = items.len();
    if n < 3 {
        return;
    }
    for (end, next, is_to) in [
        (items[0], items[1], false),
        (items[n - 1], items[n - 2], true),
    ] {
        if !level.items[next].is_pass_through() {
            continue;
        }
        let (lo, hi) = end_interval(level, sides, anchor, offsets, end, (p, is_to));
        let v = anchor[next];
        if lo - 1e-9 <= v && v <= hi + 1e-9 {
            let offset = v - anchor[end];
            if is_to {
                offsets[p].1 = offset;
            } else {
                offsets[p].0 = offset;
            }
        }
    }
}

/// What moving an end node needs to know.
struct Context<'a> {
    level: &'a Level,
    sides: &'a Sides,
    room: &'a Room,
    /// Per end item, the pieces of `across` that end at it, in piece order.
    touching: BTreeMap<usize, Vec<usize>>,
    /// The level's content across the layers: no node moves past it, so the level keeps its size.
    extent: (f64, f64),
}

fn touching(level: &Level, across: &[usize]) -> BTreeMap<usize, Vec<usize>> {
    let mut touching: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &q in across {
        let its = &level.pieces[q].items;
        let (first, last) = (its[0], its[its.len() - 1]);
        touching.entry(first).or_default().push(q);
        if last != first {
            touching.entry(last).or_default().push(q);
        }
    }
    touching
}

fn extent(level: &Level, anchor: &[f64]) -> (f64, f64) {
    level
        .layers
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
            let it = &level.items[i];
            (lo.min(anchor[i] - it.before), hi.max(anchor[i] + it.after))
        })
}

fn is_straight(level: &Level, p: usize, anchor: &[f64], offsets: &[(f64, f64)]) -> bool {
    let items = &level.pieces[p].items;
    let (first, last) = (items[0], items[items.len() - 1]);
    let at = anchor[first] + offsets[p].0;
    (at - (anchor[last] + offsets[p].1)).abs() < 1e-9
        && items[1..items.len() - 1]
            .iter()
            .all(|&d| (anchor[d] - at).abs() < 1e-9)
}

/// A piece that still jogs because its ends do not overlap enough: moves the end node with fewer
/// edges (then the other) the least distance that lets the piece run straight, when its layer has
/// room, the level keeps its size, and every straight piece at that node stays straight.
fn nudge_an_end(ctx: &Context, p: usize, anchor: &mut [f64], offsets: &mut [(f64, f64)]) {
    let level = ctx.level;
    let items = &level.pieces[p].items;
    let (first, last) = (items[0], items[items.len() - 1]);
    let touching = |x: usize| ctx.touching.get(&x).map_or(&[][..], Vec::as_slice);
    let mut ends = [(first, false), (last, true)];
    ends.sort_by_key(|&(x, _)| touching(x).len());
    for (x, is_to) in ends {
        let hosts_label = level
            .free_labels
            .iter()
            .any(|&l| matches!(level.items[l].kind, ItemKind::FreeLabel { host, .. } if host == x));
        if !level.items[x].is_node() || hosts_label {
            continue;
        }
        let Some(delta) = needed_move(ctx, p, x, is_to, anchor, offsets) else {
            continue;
        };
        let (it, v) = (&level.items[x], anchor[x] + delta);
        let fits = ctx.room.allows(level, anchor, x, v)
            && v - it.before >= ctx.extent.0 - 1e-9
            && v + it.after <= ctx.extent.1 + 1e-9;
        if !fits {
            continue;
        }
        let others = touching(x);
        let was: Vec<bool> = others
            .iter()
            .map(|&q| is_straight(level, q, anchor, offsets))
            .collect();
        let (saved_anchor, saved_offsets) = (anchor.to_vec(), offsets.to_vec());
        anchor[x] = v;
        for &q in others {
            straighten_piece(level, ctx.sides, ctx.room, q, anchor, offsets);
        }
        let kept = others
            .iter()
            .zip(&was)
            .all(|(&q, &w)| !w || is_straight(level, q, anchor, offsets));
        if kept && is_straight(level, p, anchor, offsets) {
            return;
        }
        anchor.copy_from_slice(&saved_anchor);
        offsets.copy_from_slice(&saved_offsets);
    }
}

/// How far end node `x` of piece `p` must move for its attach interval to meet the other end's
/// (narrowed by the room of the dummies between); `None` when they cannot meet.
fn needed_move(
    ctx: &Context,
    p: usize,
    x: usize,
    is_to: bool,
    anchor: &[f64],
    offsets: &[(f64, f64)],
) -> Option<f64> {
    let level = ctx.level;
    let items = &level.pieces[p].items;
    let other = if is_to {
        items[0]
    } else {
        items[items.len() - 1]
    };
    let (mut lo, mut hi) = end_interval(level, ctx.sides, anchor, offsets, other, (p, !is_to));
    for &d in &items[1..items.len() - 1] {
        let (l, h) = ctx.room.interval(level, anchor, d);
        (lo, hi) = (lo.max(l), hi.min(h));
    }
    let mine = end_interval(level, ctx.sides, anchor, offsets, x, (p, is_to));
    let delta = if lo > hi + 1e-9 {
        return None;
    } else if mine.1 < lo {
        lo - mine.1
    } else if mine.0 > hi {
        hi - mine.0
    } else {
        return None;
    };
    delta.is_finite().then_some(delta)
}

/// Whether piece `p` goes from one layer to the next, one layer at a time, between two items.
fn runs_across(level: &Level, p: usize) -> bool {
    let items = &level.pieces[p].items;
    let layer = |i: usize| level.items[i].layer as i64;
    let (Some(&first), Some(&last)) = (items.first(), items.last()) else {
        return false;
    };
    let step = (layer(last) - layer(first)).signum();
    first != last && step != 0 && items.windows(2).all(|w| layer(w[1]) - layer(w[0]) == step)
}

/// Every piece end on a node side, whatever its attachment (loop ends are fixed obstacles).
fn sides(level: &Level, direct: &[bool]) -> Sides {
    let mut sides = Sides::new();
    for (p, piece) in level.pieces.iter().enumerate() {
        let n = piece.items.len();
        if direct.get(p).copied().unwrap_or(false) || n < 2 {
            continue;
        }
        let ends = [
            (piece.items[0], piece.items[1], false),
            (piece.items[n - 1], piece.items[n - 2], true),
        ];
        for (item, next, is_to) in ends {
            if !level.items[item].is_node() {
                continue;
            }
            let end_side = level.items[next].layer >= level.items[item].layer;
            sides.entry((item, end_side)).or_default().push((p, is_to));
        }
    }
    sides
}

fn offset_of(offsets: &[(f64, f64)], (p, is_to): End) -> f64 {
    if is_to { offsets[p].1 } else { offsets[p].0 }
}

/// The absolute interval the attach point of end `(p, is_to)` at `item` may take.
fn end_interval(
    level: &Level,
    sides: &Sides,
    anchor: &[f64],
    offsets: &[(f64, f64)],
    item: usize,
    end: End,
) -> (f64, f64) {
    let piece = &level.pieces[end.0];
    let attach = if end.1 { piece.to } else { piece.from };
    let here = anchor[item] + offset_of(offsets, end);
    let it = &level.items[item];
    if attach != Attach::Centre || !it.is_node() {
        return (here, here);
    }
    let next = if end.1 {
        piece.items[piece.items.len() - 2]
    } else {
        piece.items[1]
    };
    let end_side = level.items[next].layer >= it.layer;
    let meetings = sides.get(&(item, end_side)).map_or(&[][..], Vec::as_slice);
    let extent = it.before + it.after;
    let count = meetings.len() as f64;
    let spacing = EDGE_GAP.min(extent / (count + 1.0));
    let corner = EDGE_GAP.min(extent / 4.0);
    let mine = offset_of(offsets, end);
    let (mut lo, mut hi) = (-it.before + corner, it.after - corner);
    for &other in meetings.iter().filter(|&&m| m != end) {
        let theirs = offset_of(offsets, other);
        if theirs < mine || (theirs == mine && other < end) {
            lo = lo.max(theirs + spacing);
        } else {
            hi = hi.min(theirs - spacing);
        }
    }
    (anchor[item] + lo, anchor[item] + hi)
}

/// Puts piece `p` on one line if every item along it can take that line; the line is the busier
/// end's current point, or the nearest point to it that both ends allow.
fn straighten_piece(
    level: &Level,
    sides: &Sides,
    room: &Room,
    p: usize,
    anchor: &mut [f64],
    offsets: &mut [(f64, f64)],
) {
    let items = &level.pieces[p].items;
    let (first, last) = (items[0], items[items.len() - 1]);
    let middle = &items[1..items.len() - 1];
    let from_at = anchor[first] + offsets[p].0;
    let to_at = anchor[last] + offsets[p].1;
    let straight = (from_at - to_at).abs() < 1e-9 && middle.iter().all(|&d| anchor[d] == from_at);
    if straight {
        return;
    }
    let from_range = end_interval(level, sides, anchor, offsets, first, (p, false));
    let to_range = end_interval(level, sides, anchor, offsets, last, (p, true));
    let mut lo = from_range.0.max(to_range.0);
    let mut hi = from_range.1.min(to_range.1);
    for &d in middle {
        let (l, h) = room.interval(level, anchor, d);
        lo = lo.max(l);
        hi = hi.min(h);
    }
    if lo > hi + 1e-9 {
        return;
    }
    let busy = |item: usize| {
        sides
            .range((item, false)..=(item, true))
            .map(|(_, m)| m.len())
            .max()
            .unwrap_or(0)
    };
    let fixed = |range: (f64, f64)| range.0 == range.1;
    let preferred = if fixed(from_range) || (!fixed(to_range) && busy(first) >= busy(last)) {
        from_at
    } else {
        to_at
    };
    let v = preferred.clamp(lo, hi.max(lo));
    offsets[p].0 = v - anchor[first];
    offsets[p].1 = v - anchor[last];
    for &d in middle {
        anchor[d] = v;
    }
}
