//! Straight edges where the ends allow: the last step of placement inside one level.
//!
//! Takes a placed [`Level`] (anchors), the pieces drawn straight across a gap, and each piece's attach
//! offsets; moves the attach points of pieces that would jog onto one common line when both end
//! boxes' sides (and every dummy between) can take it. An edge need not meet a box at its centre: an
//! edge between two boxes that overlap across the layers runs straight through the overlap instead
//! of stepping sideways just before the arrowhead. Guarantees: attach points stay on their box's
//! side, clear of its corners; the meetings on one side keep their order and spacing (so no two
//! edges share a point and none cross at the box); ports, container ports and loop ends never move;
//! dummies move only within the room their layer leaves them.

use std::collections::BTreeMap;

use super::EDGE_GAP;
use super::level::{Attach, Level};
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
    for p in 0..level.pieces.len() {
        if direct.get(p).copied().unwrap_or(false) || !runs_across(level, p) {
            continue;
        }
        straighten_piece(level, &sides, &room, p, anchor, offsets);
    }
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
            .iter()
            .filter(|((i, _), _)| *i == item)
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
