//! Where edges meet the sides of leaf nodes.
//!
//! Takes an ordered level, which pieces are drawn straight across a gap, each piece's attach
//! offsets and the [`Room`] edges need; spreads the pieces that meet one side of one node
//! [`Room::gap`] apart about the side's centre, in the order of their other ends (the crossing
//! minimiser's order; edges into one container in the order of their ports there), so edges at a
//! node never share a point (a fan-out shows each branch, and an edge never seems to continue into
//! another). One edge on a side stays at its centre. A leaf whose side is too short for its edges
//! to keep that gap between them (and from its corners) grows across the layers, about its centre,
//! until it is long enough; containers take their size from their own level and do not grow, so
//! their edges share what room there is.
//!
//! (Spreading over the whole side of a tall box, as ELK does, was tried: it leaves `straight` less
//! room to line edges up, and edges jog more.)

use std::collections::BTreeMap;

use super::level::{Attach, ItemKind, Level};
use super::{EDGE_GAP, TRACK_SPACING};

/// One piece end on a side.
#[derive(Debug, Clone, Copy)]
struct Meeting {
    /// Where the piece heads along the side: see [`Heading`].
    heading: Heading,
    /// The slot of the next item along the piece.
    slot: usize,
    /// The least edge meeting that item from this side: items that share a slot (one in this
    /// layer, one in the next) keep the order of their first edges, as one block each.
    group: usize,
    next: usize,
    /// When that item is the piece's other end: where the piece meets it (a container's port for
    /// the edge), so edges into one container leave in the order of their ports there.
    there: f64,
    edge: usize,
    piece: usize,
    /// Which end of the piece (false: `from`).
    is_to: bool,
}

/// Where a piece end heads from its side. A flat piece (to an item of the same layer) turns back
/// in the channel, a U around whatever lies between; U-turns from one side nest only when they
/// leave at the end of the side facing their other ends, the nearest outermost (its U innermost,
/// on the track nearest the layer), so they keep clear of the pieces going on to the next layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Heading {
    /// Flat, to an item before this one in the layer.
    BackBefore,
    /// On to another layer.
    Across,
    /// Flat, to an item after this one in the layer.
    BackAfter,
}

impl Meeting {
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        let along = if self.heading == Heading::Across {
            self.slot.cmp(&other.slot)
        } else {
            other.slot.cmp(&self.slot)
        };
        self.heading
            .cmp(&other.heading)
            .then(along)
            .then(self.group.cmp(&other.group))
            .then(self.there.total_cmp(&other.there))
            .then(self.edge.cmp(&other.edge))
            .then(self.is_to.cmp(&other.is_to))
    }
}

/// What spreading needs to know about the room edges take.
pub(crate) struct Room<'a> {
    /// Least distance between two edges meeting one side, and between an edge and a corner.
    pub gap: f64,
    /// Whether the node (by index into the input graph) may grow across the layers.
    pub can_grow: &'a dyn Fn(usize) -> bool,
}

pub(crate) fn spread(level: &mut Level, direct: &[bool], offsets: &mut [(f64, f64)], room: &Room) {
    let sides = meetings_by_side(level, direct, offsets);
    grow_crowded(level, &sides, room);
    for ((item, _), mut meetings) in sides {
        if meetings.len() < 2 {
            continue;
        }
        meetings.sort_by(Meeting::order);
        let count = meetings.len() as f64;
        let spacing = room.gap.min(side_extent(level, item) / (count + 1.0));
        for (i, m) in meetings.iter().enumerate() {
            let offset = (i as f64 - (count - 1.0) / 2.0) * spacing;
            if m.is_to {
                offsets[m.piece].1 = offset;
            } else {
                offsets[m.piece].0 = offset;
            }
        }
    }
}

/// The piece ends meeting each side (`item`, end side) of a node at its centre.
fn meetings_by_side(
    level: &Level,
    direct: &[bool],
    offsets: &[(f64, f64)],
) -> BTreeMap<(usize, bool), Vec<Meeting>> {
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
            let there = match (n, is_to) {
                (2, false) => offsets[p].1,
                (2, true) => offsets[p].0,
                _ => 0.0,
            };
            let heading = if level.items[next].layer != level.items[item].layer {
                Heading::Across
            } else if slot[next] < slot[item] {
                Heading::BackBefore
            } else {
                Heading::BackAfter
            };
            let meeting = Meeting {
                heading,
                slot: slot[next],
                group: piece.edge,
                next,
                there,
                edge: piece.edge,
                piece: p,
                is_to,
            };
            sides.entry((item, end_side)).or_default().push(meeting);
        }
    }
    for meetings in sides.values_mut() {
        let mut first: BTreeMap<usize, usize> = BTreeMap::new();
        for m in meetings.iter() {
            let entry = first.entry(m.next).or_insert(m.edge);
            *entry = (*entry).min(m.edge);
        }
        for m in meetings.iter_mut() {
            m.group = first[&m.next];
        }
    }
    sides
}

/// Widens the room around the lines through dummies and ports so neighbouring lines in a layer
/// keep `gap` between them: placement keeps [`TRACK_SPACING`] between two dummies (lines through a
/// layer, spaced like tracks in a channel) and [`EDGE_GAP`] between a port and its neighbours;
/// this adds the rest.
pub(crate) fn pad_lines(level: &mut Level, gap: f64) {
    for item in &mut level.items {
        let least = match item.kind {
            ItemKind::Dummy => TRACK_SPACING,
            ItemKind::Port => EDGE_GAP,
            _ => continue,
        };
        let half = (gap - least) / 2.0;
        if half > 0.0 {
            item.before = item.before.max(half);
            item.after = item.after.max(half);
        }
    }
}

fn side_extent(level: &Level, item: usize) -> f64 {
    level.items[item].before + level.items[item].after
}

/// Grows every leaf whose busiest side holds more edges than fit `gap` apart: `n` edges spread
/// evenly need `(n + 1) * gap` (a gap between each two, and one to each corner).
fn grow_crowded(level: &mut Level, sides: &BTreeMap<(usize, bool), Vec<Meeting>>, room: &Room) {
    let mut need: BTreeMap<usize, f64> = BTreeMap::new();
    for (&(item, _), meetings) in sides {
        if meetings.len() < 2 {
            continue;
        }
        let wanted = (meetings.len() as f64 + 1.0) * room.gap;
        let entry = need.entry(item).or_insert(0.0);
        *entry = entry.max(wanted);
    }
    for (item, wanted) in need {
        let ItemKind::Node(node) = level.items[item].kind else {
            continue;
        };
        let extent = side_extent(level, item);
        if wanted <= extent || !(room.can_grow)(node) {
            continue;
        }
        let it = &mut level.items[item];
        let grow = (wanted - extent) / 2.0;
        it.before += grow;
        it.after += grow;
    }
}

#[cfg(test)]
mod tests {
    use super::super::level::{Item, Piece};
    use super::*;

    fn node(node: usize, layer: usize, half: f64) -> Item {
        Item {
            kind: ItemKind::Node(node),
            layer,
            du: 100.0,
            before: half,
            after: half,
        }
    }

    /// One source in layer 0 fanning out to `targets` boxes in layer 1.
    fn fan(targets: usize, half: f64) -> Level {
        let mut items = vec![node(0, 0, half)];
        let mut pieces = Vec::new();
        for t in 0..targets {
            items.push(node(t + 1, 1, 20.0));
            pieces.push(Piece {
                edge: t,
                items: vec![0, t + 1],
                from: Attach::Centre,
                to: Attach::Centre,
                label: None,
            });
        }
        Level {
            layers: vec![vec![0], (1..=targets).collect()],
            items,
            pieces,
            ports: BTreeMap::new(),
            piece_of: BTreeMap::new(),
            free_labels: Vec::new(),
        }
    }

    fn spread_fan(level: &mut Level, gap: f64, can_grow: bool) -> Vec<f64> {
        let mut offsets = vec![(0.0, 0.0); level.pieces.len()];
        let direct = vec![false; level.pieces.len()];
        let grows = move |_: usize| can_grow;
        let room = Room {
            gap,
            can_grow: &grows,
        };
        spread(level, &direct, &mut offsets, &room);
        offsets.iter().map(|o| o.0).collect()
    }

    #[test]
    fn ports_keep_the_gap_about_the_centre_in_the_order_of_their_other_ends() {
        let mut level = fan(3, 40.0);
        let offsets = spread_fan(&mut level, 16.0, true);
        assert_eq!(offsets, vec![-16.0, 0.0, 16.0]);
        assert_eq!(level.items[0].before + level.items[0].after, 80.0);
    }

    #[test]
    fn edges_into_one_container_leave_in_the_order_of_their_ports_there() {
        let mut level = fan(1, 40.0);
        level.pieces = (0..3)
            .map(|edge| Piece {
                edge,
                items: vec![0, 1],
                from: Attach::Centre,
                to: Attach::Through(1),
                label: None,
            })
            .collect();
        // The container's ports for edges 0, 1, 2 sit low, middle, high.
        let mut offsets = vec![(0.0, 30.0), (0.0, 0.0), (0.0, -30.0)];
        let room = Room {
            gap: 16.0,
            can_grow: &|_| true,
        };
        spread(&mut level, &[false; 3], &mut offsets, &room);
        assert_eq!(offsets, vec![(16.0, 30.0), (0.0, 0.0), (-16.0, -30.0)]);
    }

    #[test]
    fn a_single_edge_meets_its_side_at_the_centre() {
        let mut level = fan(1, 20.0);
        assert_eq!(spread_fan(&mut level, 12.0, true), vec![0.0]);
    }

    #[test]
    fn a_leaf_grows_when_its_ports_need_more_room() {
        let mut level = fan(4, 20.0);
        let offsets = spread_fan(&mut level, 12.0, true);
        let extent = level.items[0].before + level.items[0].after;
        assert_eq!(extent, 60.0);
        for pair in offsets.windows(2) {
            assert!(pair[1] - pair[0] >= 12.0 - 1e-9, "{offsets:?}");
        }
        assert!(offsets[0] - (-level.items[0].before) >= 12.0 - 1e-9);
    }

    #[test]
    fn a_container_keeps_its_size_and_shares_what_room_it_has() {
        let mut level = fan(4, 20.0);
        let offsets = spread_fan(&mut level, 12.0, false);
        assert_eq!(level.items[0].before + level.items[0].after, 40.0);
        assert_eq!(offsets, vec![-12.0, -4.0, 4.0, 12.0]);
    }
}
