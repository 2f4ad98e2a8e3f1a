//! Where edges meet the sides of leaf nodes.
//!
//! Takes an ordered level, which pieces are drawn straight across a gap, and each piece's attach
//! offsets; spreads the pieces that meet one side of one leaf over that side, in the order of their
//! other ends, so edges at a node never share a point (a fan-out shows each branch, and an edge
//! never seems to continue into another). One edge on a side stays at its centre.

use std::collections::BTreeMap;

use super::EDGE_GAP;
use super::level::{Attach, Level};

/// One piece end on a side: the slot of the next item along the piece, the edge, the piece, and
/// which end (false: `from`).
type Meeting = (f64, usize, usize, bool);

pub(crate) fn spread(level: &Level, direct: &[bool], offsets: &mut [(f64, f64)]) {
    let mut slot = vec![0usize; level.items.len()];
    for layer in &level.layers {
        for (i, &item) in layer.iter().enumerate() {
            slot[item] = i;
        }
    }
    let mut sides: BTreeMap<(usize, bool), Vec<Meeting>> = BTreeMap::new();
    for (p, piece) in level.pieces.iter().enumerate() {
        let n = piece.items.len();
        if direct.get(p).copied().unwrap_or(false) || n < 2 {
            continue;
        }
        let ends = [
            (piece.from, piece.items[0], piece.items[1], false),
            (piece.to, piece.items[n - 1], piece.items[n - 2], true),
        ];
        for (attach, item, next, is_to) in ends {
            if attach != Attach::Centre || !level.items[item].is_node() {
                continue;
            }
            let end_side = level.items[next].layer >= level.items[item].layer;
            let meeting = (slot[next] as f64, piece.edge, p, is_to);
            sides.entry((item, end_side)).or_default().push(meeting);
        }
    }
    for ((item, _), mut meetings) in sides {
        if meetings.len() < 2 {
            continue;
        }
        meetings.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.3.cmp(&b.3)));
        let extent = level.items[item].before + level.items[item].after;
        let count = meetings.len() as f64;
        let spacing = EDGE_GAP.min(extent / (count + 1.0));
        for (i, &(_, _, p, is_to)) in meetings.iter().enumerate() {
            let offset = (i as f64 - (count - 1.0) / 2.0) * spacing;
            if is_to {
                offsets[p].1 = offset;
            } else {
                offsets[p].0 = offset;
            }
        }
    }
}
