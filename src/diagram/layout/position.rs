//! Placement across the layer axis inside one level.
//!
//! Takes an ordered [`Level`] and, per piece, the attach offsets of its two ends; returns an anchor
//! coordinate per item such that items of one layer keep their order and never come closer than
//! their extents plus a gap. Several placements are made, each finished as below, and the one drawn
//! straightest ([`choice`](super::choice)) is kept, on a tie the one least bent before the ends
//! slide: Brandes–Köpf ([`align`](super::align): items lined up with median neighbours, long edges
//! exactly straight) balanced over its four runs, each of the four runs alone, and an iterated fit
//! where each layer in turn is the least-squares fit to its neighbours in the adjacent layers
//! (pool-adjacent-violators under the ordering constraints), sweeping down, up and then both ways,
//! segments of long edges weighing more. Each is finished where a layer leaves room: runs of
//! dummies move onto one line, single-edge items line up with their other end, small bends snap
//! straight, and ports that end an edge on the level's own border go to its middle. The smallest
//! extent is 0 after placement.

use std::collections::BTreeMap;

use super::level::{Attach, ItemKind, Level};
use super::{EDGE_GAP, FIGURE_COLUMN, MARGIN, NODE_GAP, TRACK_SPACING};
use super::{align, choice, straight};

/// The widest a top-to-bottom drawing's top level may lie across and still show its node labels
/// at 12 px in the [`FIGURE_COLUMN`]: labels are drawn at 14 px, and the SVG adds 8 units of margin
/// on each side to the drawing's own [`MARGIN`]s.
pub(crate) const LEGIBLE_SPAN: f64 = FIGURE_COLUMN * 14.0 / 12.0 - 2.0 * 8.0 - 2.0 * MARGIN;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    pub(crate) other: usize,
    /// Desired anchor of this item is `anchor[other] + shift`.
    pub(crate) shift: f64,
    weight: f64,
    /// How far this item's anchor may sit from `anchor[other] + shift` (below, above) with the
    /// edge still drawn straight, its attach points sliding along the two boxes' sides.
    slack: (f64, f64),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sweep {
    Down,
    Up,
    Both,
}

const SCHEDULE: [Sweep; 8] = [
    Sweep::Down,
    Sweep::Up,
    Sweep::Down,
    Sweep::Up,
    Sweep::Both,
    Sweep::Both,
    Sweep::Both,
    Sweep::Both,
];

/// A level placed as drawn: an anchor per item and, per piece, its attach offsets once
/// [`straight`](super::straight) has slid them.
pub(crate) struct Placement {
    pub(crate) anchor: Vec<f64>,
    pub(crate) offsets: Vec<(f64, f64)>,
}

/// Places `level` ([`assign`]), keeps the ports on its start border past `port_floor`, and
/// straightens the edges. With `pack_past`, a placement spanning more than that across the layers
/// is traded for one with its widest layer packed from the start, when that spans less. The
/// placement chosen was straightened once to be scored: that copy is the result unless keeping the
/// ports past the floor moved one (then it is straightened again).
pub(crate) fn place(
    level: &Level,
    direct: &[bool],
    offsets: Vec<(f64, f64)>,
    port_floor: Option<f64>,
    pack_past: Option<f64>,
) -> Placement {
    let (start, drawn) = assign(level, direct, &offsets, port_floor, pack_past);
    let mut anchor = start.clone();
    if let Some(least) = port_floor {
        keep_ports_past(level, &mut anchor, least);
    }
    if anchor == start {
        return Placement {
            anchor: drawn.anchor,
            offsets: drawn.offsets,
        };
    }
    let mut offsets = offsets;
    straight::straighten(level, direct, &mut anchor, &mut offsets);
    Placement { anchor, offsets }
}

/// `offsets[p]` is `(from, to)` for piece `p`: where its end items are attached, relative to anchors.
/// With `port_floor`, the ports on the level's start border keep at least that far past the
/// level's content start (clear of a container's header) all through placement, so the members
/// line up with them instead of the edges stepping just inside the border. Returns the chosen
/// placement before and after `straight` (as scored).
fn assign(
    level: &Level,
    direct: &[bool],
    offsets: &[(f64, f64)],
    port_floor: Option<f64>,
    pack_past: Option<f64>,
) -> (Vec<f64>, choice::Drawn) {
    let links = links(level, offsets);
    let finished = |start: Vec<f64>, within: Option<(f64, f64)>| {
        let finished = finish(level, &links, offsets, port_floor, start, within);
        let drawn = choice::drawn(level, direct, finished.clone(), offsets.to_vec());
        (bent(&links, &finished), finished, drawn)
    };
    // Brandes–Köpf lines most edges up exactly, the least-squares fit sometimes leaves them
    // straighter all told (a block lined up in only some of the four runs): each is finished and
    // the one whose edges are drawn straighter is kept, on a tie the one less bent before then.
    let mut candidates = align::candidates(level, &links);
    candidates.push(least_squares(level, &links));
    // Runs often agree with their balance: finish each placement once.
    let mut starts: Vec<Vec<f64>> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if !starts.contains(&candidate) {
            starts.push(candidate);
        }
    }
    let (_, chosen, drawn) = starts
        .into_iter()
        .map(|start| finished(start, None))
        .min_by(|a, b| a.2.offset.total_cmp(&b.2.offset).then(a.0.total_cmp(&b.0)))
        .expect("the least-squares fit is always a candidate");
    let width = |anchor: &[f64]| {
        let (low, high) = span(level, anchor);
        high - low
    };
    match pack_past {
        Some(limit) if width(&chosen) > limit => {
            // Too wide for legible labels: the straightest placement may inset its widest layer
            // under a narrower one's box, widening the drawing for a straight edge or two.
            let start = packed_within(level, &links, limit);
            let within = span(level, &start);
            let (_, packed, packed_drawn) = finished(start, Some(within));
            if width(&packed) + 1.0 < width(&chosen) {
                (packed, packed_drawn)
            } else {
                (chosen, drawn)
            }
        }
        _ => (chosen, drawn),
    }
}

/// The least-squares fit with every layer kept inside the widest layer's packed width (or
/// `limit`, when that is wider): no layer is inset under another's box past what the widest needs,
/// so the level spans little more than that layer.
fn packed_within(level: &Level, links: &[Vec<Link>], limit: f64) -> Vec<f64> {
    let mut anchor = packed_layers(level);
    let widest = level
        .layers
        .iter()
        .filter_map(|layer| layer.last())
        .map(|&last| anchor[last] + level.items[last].after)
        .fold(limit, f64::max);
    sweep_layers(level, links, &SCHEDULE, None, Some(widest), &mut anchor);
    anchor
}

/// How far, all told, the edges are from running straight before `straight` slides their ends
/// (each link seen from both its ends, and weighed: a drift between two dummies of a long edge
/// counts most), to choose between placements drawn equally straight.
fn bent(links: &[Vec<Link>], anchor: &[f64]) -> f64 {
    links
        .iter()
        .enumerate()
        .flat_map(|(i, ls)| ls.iter().map(move |l| (i, l)))
        .map(|(i, l)| l.weight * (anchor[i] - anchor[l.other] - l.shift).abs())
        .sum()
}

/// Pins the ports past the header where that keeps the shape, then straightens what the layers
/// leave room for; with `within`, inside that extent (a packed placement straightened past its
/// width would lose what packing it won: stress-60's split rows came out 41 units too wide for
/// 12 px labels).
fn finish(
    level: &Level,
    links: &[Vec<Link>],
    offsets: &[(f64, f64)],
    port_floor: Option<f64>,
    mut anchor: Vec<f64>,
    within: Option<(f64, f64)>,
) -> Vec<f64> {
    let mut pinned = None;
    if let Some(least) = port_floor {
        // Now that the shape is found, pin the ports past the header and let the members follow.
        shift_to_zero(level, &mut anchor, None);
        keep_ports_past(level, &mut anchor, least);
        let before = anchor.clone();
        sweep_layers(level, links, &SCHEDULE, Some(least), None, &mut anchor);
        // Only where every such edge then runs straight and the container widens by two edge gaps
        // at most (a wider figure is drawn smaller).
        let (low, high) = span(level, &before);
        let (new_low, new_high) = span(level, &anchor);
        let reached = level.layers.first().into_iter().flatten().all(|&p| {
            links[p].iter().all(|l| {
                let off = anchor[p] - (anchor[l.other] + l.shift);
                l.slack.0 <= off && off <= l.slack.1
            })
        });
        if !reached || new_high - new_low > (high - low).max(least) + 2.0 * EDGE_GAP {
            anchor = before;
        } else {
            pinned = port_floor;
        }
    }
    let mut room = Room::new(level);
    room.floor = pinned;
    room.within = within;
    straighten_runs(level, offsets, &room, &mut anchor);
    align_single_links(level, links, &room, pinned.is_some(), &mut anchor);
    snap_small_jogs(level, links, &room, &mut anchor);
    straighten_runs(level, offsets, &room, &mut anchor);
    centre_bare_ports(level, links, &room, &mut anchor);
    shift_to_zero(level, &mut anchor, pinned);
    snap_to_grid(level, &mut anchor);
    anchor
}

/// The iterated least-squares fit, starting from layers packed from their first item.
fn least_squares(level: &Level, links: &[Vec<Link>]) -> Vec<f64> {
    let mut anchor = packed_layers(level);
    sweep_layers(level, links, &SCHEDULE, None, None, &mut anchor);
    anchor
}

/// Every layer packed from its first item, which starts at extent 0.
fn packed_layers(level: &Level) -> Vec<f64> {
    let mut anchor = vec![0.0; level.items.len()];
    for layer in &level.layers {
        let mut at = 0.0;
        for (i, &item) in layer.iter().enumerate() {
            if i > 0 {
                at += separation(level, layer[i - 1], item);
            } else {
                at = level.items[item].before;
            }
            anchor[item] = at;
        }
    }
    anchor
}

/// Runs `schedule` over the layers; with `port_floor`, the start border's ports stay past it; with
/// `bound`, every layer stays between extents 0 and it.
fn sweep_layers(
    level: &Level,
    links: &[Vec<Link>],
    schedule: &[Sweep],
    port_floor: Option<f64>,
    bound: Option<f64>,
    anchor: &mut [f64],
) {
    for &sweep in schedule {
        let count = level.layers.len();
        for step in 0..count {
            let l = if sweep == Sweep::Up {
                count - 1 - step
            } else {
                step
            };
            place_layer(
                level,
                &level.layers[l],
                links,
                Fitting {
                    sweep,
                    slack: port_floor.is_some(),
                    bound,
                },
                anchor,
            );
            if let (0, Some(least)) = (l, port_floor) {
                keep_ports_past(level, anchor, least);
            }
        }
    }
}

/// Rounds anchors to a 1/64 grid, keeping each layer's spacing: with box sizes in whole or half
/// units, points that should line up across nested levels then add up to exactly the same value.
fn snap_to_grid(level: &Level, anchor: &mut [f64]) {
    const GRID: f64 = 64.0;
    for layer in &level.layers {
        let mut previous: Option<usize> = None;
        for &item in layer {
            let mut v = (anchor[item] * GRID).round() / GRID;
            if let Some(p) = previous {
                v = v.max(anchor[p] + separation(level, p, item));
            }
            if v.is_finite() {
                anchor[item] = v;
            }
            previous = Some(item);
        }
    }
}

/// The least and greatest extent of the level's items across the layers.
pub(crate) fn span(level: &Level, anchor: &[f64]) -> (f64, f64) {
    level
        .layers
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
            let it = &level.items[i];
            (lo.min(anchor[i] - it.before), hi.max(anchor[i] + it.after))
        })
}

/// Moves everything so the smallest extent is 0, or with `port_floor` as far towards it as keeps
/// the start border's ports past the floor (room before the members then lies under the header).
fn shift_to_zero(level: &Level, anchor: &mut [f64], port_floor: Option<f64>) {
    let mut low = span(level, anchor).0;
    if let Some(least) = port_floor {
        let ports = level.layers.first().into_iter().flatten();
        let reach = ports.map(|&p| anchor[p] - least).fold(low, f64::min);
        low = reach;
    }
    if low.is_finite() {
        for a in anchor.iter_mut() {
            *a -= low;
        }
    }
}

pub(crate) fn links(level: &Level, offsets: &[(f64, f64)]) -> Vec<Vec<Link>> {
    let play = end_play(level, offsets);
    let mut links = vec![Vec::new(); level.items.len()];
    for (p, piece) in level.pieces.iter().enumerate() {
        let last = piece.items.len().saturating_sub(2);
        for (i, pair) in piece.items.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            if level.items[a].layer == level.items[b].layer {
                continue;
            }
            let off_a = if i == 0 { offsets[p].0 } else { 0.0 };
            let off_b = if i == last { offsets[p].1 } else { 0.0 };
            let play_a = if i == 0 { play[p].0 } else { (0.0, 0.0) };
            let play_b = if i == last { play[p].1 } else { (0.0, 0.0) };
            let through = |x: usize| level.items[x].is_pass_through();
            let weight = match (through(a), through(b)) {
                (true, true) => 8.0,
                (true, false) | (false, true) => 2.0,
                (false, false) => 1.0,
            };
            links[a].push(Link {
                other: b,
                shift: off_b - off_a,
                weight,
                slack: (play_b.0 - play_a.1, play_b.1 - play_a.0),
            });
            links[b].push(Link {
                other: a,
                shift: off_a - off_b,
                weight,
                slack: (play_a.0 - play_b.1, play_a.1 - play_b.0),
            });
        }
    }
    for (id, item) in level.items.iter().enumerate() {
        if let ItemKind::FreeLabel { host, .. } = item.kind {
            links[id].push(Link {
                other: host,
                shift: 0.0,
                weight: 1.0,
                slack: (0.0, 0.0),
            });
        }
    }
    links
}

/// One piece end on a node side: its attach offset, the piece, and which end (`true`: `to`).
type Meeting = (f64, usize, bool);

/// Per piece, for its `from` and `to` end, how far (down, up) its attach point may slide along its
/// box's side: to the corner for a lone edge or the outermost of several, not at all for the
/// ones between (they keep their spacing), ports and loop ends.
fn end_play(level: &Level, offsets: &[(f64, f64)]) -> Vec<((f64, f64), (f64, f64))> {
    let mut play = vec![((0.0, 0.0), (0.0, 0.0)); level.pieces.len()];
    let mut sides: BTreeMap<(usize, bool), Vec<Meeting>> = BTreeMap::new();
    for (p, piece) in level.pieces.iter().enumerate() {
        let n = piece.items.len();
        if n < 2 {
            continue;
        }
        let ends = [
            (piece.from, piece.items[0], piece.items[1], false),
            (piece.to, piece.items[n - 1], piece.items[n - 2], true),
        ];
        for (attach, item, next, is_to) in ends {
            let it = &level.items[item];
            if attach != Attach::Centre || !it.is_node() || level.items[next].layer == it.layer {
                continue;
            }
            let offset = if is_to { offsets[p].1 } else { offsets[p].0 };
            let side = level.items[next].layer > it.layer;
            sides
                .entry((item, side))
                .or_default()
                .push((offset, p, is_to));
        }
    }
    for ((item, _), mut meetings) in sides {
        meetings.sort_by(|a, b| a.0.total_cmp(&b.0));
        let it = &level.items[item];
        let corner = EDGE_GAP.min((it.before + it.after) / 4.0);
        let count = meetings.len();
        for (k, &(offset, p, is_to)) in meetings.iter().enumerate() {
            let down = if k == 0 {
                (-it.before + corner - offset).min(0.0)
            } else {
                0.0
            };
            let up = if k + 1 == count {
                (it.after - corner - offset).max(0.0)
            } else {
                0.0
            };
            if is_to {
                play[p].1 = (down, up);
            } else {
                play[p].0 = (down, up);
            }
        }
    }
    play
}

/// Least distance between the anchors of `a` and the next item `b` in a layer: [`NODE_GAP`] between
/// two nodes, [`TRACK_SPACING`] between two lines through the layer (as between tracks in a
/// channel), [`EDGE_GAP`] between a line and a box.
pub(crate) fn separation(level: &Level, a: usize, b: usize) -> f64 {
    let (ia, ib) = (&level.items[a], &level.items[b]);
    let dummies = matches!(ia.kind, ItemKind::Dummy) && matches!(ib.kind, ItemKind::Dummy);
    let gap = if ia.is_node() && ib.is_node() {
        NODE_GAP
    } else if dummies {
        TRACK_SPACING
    } else {
        EDGE_GAP
    };
    ia.after + ib.before + gap
}

/// How one layer is fitted to its neighbours: which of them count, whether an edge's slack counts
/// as straight, and the extent the layer must stay within (from 0).
#[derive(Clone, Copy)]
struct Fitting {
    sweep: Sweep,
    slack: bool,
    bound: Option<f64>,
}

fn place_layer(
    level: &Level,
    layer: &[usize],
    links: &[Vec<Link>],
    Fitting {
        sweep,
        slack,
        bound,
    }: Fitting,
    anchor: &mut [f64],
) {
    if layer.is_empty() {
        return;
    }
    let mine = level.items[layer[0]].layer;
    let mut offset = 0.0;
    let mut targets = Vec::with_capacity(layer.len());
    let mut weights = Vec::with_capacity(layer.len());
    for (i, &item) in layer.iter().enumerate() {
        if i > 0 {
            offset += separation(level, layer[i - 1], item);
        }
        let (mut sum, mut weight) = (0.0, 0.0);
        for link in &links[item] {
            let theirs = level.items[link.other].layer;
            let counts = match sweep {
                Sweep::Down => theirs < mine,
                Sweep::Up => theirs > mine,
                Sweep::Both => true,
            };
            if counts {
                let mut target = anchor[link.other] + link.shift;
                if slack {
                    // Anywhere the edge still runs straight will do: the nearest such place.
                    // (A unit inside its ends, so rounding later cannot put it just outside.)
                    let (lo, hi) = (link.slack.0.min(-1.0) + 1.0, link.slack.1.max(1.0) - 1.0);
                    target = anchor[item].clamp(target + lo, target + hi);
                }
                sum += link.weight * target;
                weight += link.weight;
            }
        }
        if weight > 0.0 {
            targets.push(Some(sum / weight - offset));
            weights.push(weight);
        } else {
            targets.push(None);
            weights.push(1e-3);
        }
    }
    let targets = close_ranks(targets, layer, anchor);
    let mut fit = isotonic(&targets, &weights);
    if let (Some(bound), Some(&first), Some(&last)) = (bound, layer.first(), layer.last()) {
        // Clamping the least-squares fit keeps it the least-squares fit within the bounds.
        let low = level.items[first].before;
        let high = (bound - offset - level.items[last].after).max(low);
        for f in &mut fit {
            *f = f.clamp(low, high);
        }
    }
    let mut offset = 0.0;
    for (i, &item) in layer.iter().enumerate() {
        if i > 0 {
            offset += separation(level, layer[i - 1], item);
        }
        anchor[item] = fit[i] + offset;
    }
}

/// Pushes the ports on the level's start border (layer 0) to anchors of at least `least`, keeping
/// their order and spacing; the level grows to hold them.
pub(crate) fn keep_ports_past(level: &Level, anchor: &mut [f64], least: f64) {
    let mut previous = f64::NEG_INFINITY;
    for &port in level.layers.first().into_iter().flatten() {
        let v = anchor[port].max(least).max(previous + EDGE_GAP);
        anchor[port] = v;
        previous = v;
    }
}

/// Where each item sits in its layer, to find how far it may move.
pub(crate) struct Room {
    slot: Vec<usize>,
    /// Least anchor of the ports on the start border, if any.
    floor: Option<f64>,
    /// The extent every item must stay inside, if any (a placement packed to a width).
    within: Option<(f64, f64)>,
}

impl Room {
    pub(crate) fn new(level: &Level) -> Self {
        let mut slot = vec![0; level.items.len()];
        for layer in &level.layers {
            for (i, &item) in layer.iter().enumerate() {
                slot[item] = i;
            }
        }
        Self {
            slot,
            floor: None,
            within: None,
        }
    }

    /// Whether `item`'s anchor may move to `v` without coming too close to its layer neighbours.
    pub(crate) fn allows(&self, level: &Level, anchor: &[f64], item: usize, v: f64) -> bool {
        let (lo, hi) = self.interval(level, anchor, item);
        lo <= v + 1e-9 && v <= hi + 1e-9
    }

    /// The anchors `item` may take between its layer neighbours.
    pub(crate) fn interval(&self, level: &Level, anchor: &[f64], item: usize) -> (f64, f64) {
        let layer = &level.layers[level.items[item].layer];
        let i = self.slot[item];
        let mut lo = i.checked_sub(1).map_or(f64::NEG_INFINITY, |p| {
            anchor[layer[p]] + separation(level, layer[p], item)
        });
        if let Some(floor) = self.floor.filter(|_| level.items[item].layer == 0) {
            lo = lo.max(floor);
        }
        let mut hi = layer
            .get(i + 1)
            .map_or(f64::INFINITY, |&q| anchor[q] - separation(level, item, q));
        if let Some((low, high)) = self.within {
            let it = &level.items[item];
            lo = lo.max(low + it.before);
            hi = hi.min(high - it.after);
        }
        (lo, hi)
    }
}

/// Moves each run of dummies of a long edge onto the line of one of its ends when there is room,
/// so the edge bends once instead of at every layer.
fn straighten_runs(level: &Level, offsets: &[(f64, f64)], room: &Room, anchor: &mut [f64]) {
    for (p, piece) in level.pieces.iter().enumerate() {
        let items = &piece.items;
        let last = items.len().saturating_sub(1);
        let mut i = 1;
        while i < last {
            if !level.items[items[i]].is_pass_through() {
                i += 1;
                continue;
            }
            let start = i;
            while i < last && level.items[items[i]].is_pass_through() {
                i += 1;
            }
            let run = &items[start..i];
            let enter = anchor[items[start - 1]] + if start == 1 { offsets[p].0 } else { 0.0 };
            let leave = anchor[items[i]] + if i == last { offsets[p].1 } else { 0.0 };
            let mean = run.iter().map(|&d| anchor[d]).sum::<f64>() / run.len() as f64;
            let (lo, hi) = run
                .iter()
                .fold((f64::NEG_INFINITY, f64::INFINITY), |(lo, hi), &d| {
                    let (l, h) = room.interval(level, anchor, d);
                    (lo.max(l), hi.min(h))
                });
            if lo > hi + 1e-9 {
                continue;
            }
            let mut candidates = [enter, leave];
            candidates.sort_by(|a, b| (a - mean).abs().total_cmp(&(b - mean).abs()));
            // An end fixed on a container's port cannot slide its attach point later; a box's
            // centre end can (`straight`), so a label takes the fixed end's line first.
            let labelled = run
                .iter()
                .any(|&d| matches!(level.items[d].kind, ItemKind::Label));
            let fixed = |attach: Attach| labelled && matches!(attach, Attach::Through(_));
            if i == last && fixed(piece.to) && !(start == 1 && fixed(piece.from)) {
                candidates = [leave, enter];
            } else if start == 1 && fixed(piece.from) && !(i == last && fixed(piece.to)) {
                candidates = [enter, leave];
            }
            let v = candidates
                .into_iter()
                .find(|&v| lo <= v + 1e-9 && v <= hi + 1e-9)
                .unwrap_or_else(|| mean.clamp(lo, hi.max(lo)));
            for &d in run {
                anchor[d] = v;
            }
        }
    }
}

/// Lines up items with a single edge (a leaf hanging off one node, a port) with that edge's other
/// end when there is room.
fn align_single_links(
    level: &Level,
    links: &[Vec<Link>],
    room: &Room,
    pinned: bool,
    anchor: &mut [f64],
) {
    for (item, its_links) in links.iter().enumerate() {
        let free_label = matches!(level.items[item].kind, ItemKind::FreeLabel { .. });
        if let [link] = its_links.as_slice()
            && !free_label
        {
            let v = anchor[link.other] + link.shift;
            // Already within reach of a straight line along the two sides: leave it there.
            let off = anchor[item] - v;
            let reachable = link.slack.0 <= off && off <= link.slack.1;
            if !(pinned && reachable) && room.allows(level, anchor, item, v) {
                anchor[item] = v;
            }
        }
    }
}

/// Removes small bends: an item moves onto the line of a neighbour a little off it when there is
/// room and its edges, all told, get no more bent.
fn snap_small_jogs(level: &Level, links: &[Vec<Link>], room: &Room, anchor: &mut [f64]) {
    let bend = |item: usize, v: f64, anchor: &[f64]| -> f64 {
        links[item]
            .iter()
            .map(|l| {
                let off = (anchor[l.other] + l.shift - v).abs();
                if off > 1e-9 {
                    l.weight * (1.0 + off / NODE_GAP)
                } else {
                    0.0
                }
            })
            .sum()
    };
    for (item, its_links) in links.iter().enumerate() {
        if matches!(level.items[item].kind, ItemKind::FreeLabel { .. }) {
            continue;
        }
        // Dummies follow later, when their runs are straightened again.
        for link in its_links
            .iter()
            .filter(|l| !level.items[l.other].is_pass_through())
        {
            let v = anchor[link.other] + link.shift;
            let off = (v - anchor[item]).abs();
            if off > 1e-9
                && off < NODE_GAP
                && room.allows(level, anchor, item, v)
                && bend(item, v, anchor) < bend(item, anchor[item], anchor)
            {
                anchor[item] = v;
            }
        }
    }
}

/// Ports that end an edge on this level's own border (no edge inside) move to the middle of the
/// border when there is room: an edge to a container points at the container, not at a corner.
fn centre_bare_ports(level: &Level, links: &[Vec<Link>], room: &Room, anchor: &mut [f64]) {
    let (low, high) = level
        .layers
        .iter()
        .flatten()
        .filter(|&&i| level.items[i].is_node())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
            let item = &level.items[i];
            (
                lo.min(anchor[i] - item.before),
                hi.max(anchor[i] + item.after),
            )
        });
    if low > high {
        return;
    }
    let middle = (low + high) / 2.0;
    let last = level.layers.len().saturating_sub(1);
    for l in [0, last] {
        let ports: Vec<usize> = level.layers[l]
            .iter()
            .copied()
            .filter(|&p| links[p].is_empty())
            .collect();
        for p in ports {
            let (lo, hi) = room.interval(level, anchor, p);
            if lo <= hi {
                anchor[p] = middle.clamp(lo, hi);
            }
        }
    }
}

/// Items nothing pulls on follow their nearest pulled neighbour in the layer (the previous one, or
/// for leading items the first one), so they close up instead of staying behind.
fn close_ranks(targets: Vec<Option<f64>>, layer: &[usize], anchor: &[f64]) -> Vec<f64> {
    let Some(first) = targets.iter().flatten().next().copied() else {
        // Nothing pulls on this layer: pack it from its first item.
        return vec![anchor[layer[0]]; layer.len()];
    };
    let mut last = first;
    targets
        .into_iter()
        .map(|t| {
            if let Some(t) = t {
                last = t;
            }
            last
        })
        .collect()
}

/// Weighted least-squares non-decreasing fit (pool adjacent violators).
fn isotonic(targets: &[f64], weights: &[f64]) -> Vec<f64> {
    // (weighted sum, total weight, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for (&t, &w) in targets.iter().zip(weights) {
        blocks.push((t * w, w, 1));
        while blocks.len() >= 2 {
            let (s2, w2, c2) = blocks[blocks.len() - 1];
            let (s1, w1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, w1 + w2, c1 + c2);
        }
    }
    blocks
        .iter()
        .flat_map(|&(s, w, c)| std::iter::repeat_n(s / w, c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::align::tests::{item, level, piece};
    use super::super::level::{ItemKind, Level};
    use super::super::straight;
    use super::{assign, isotonic, keep_ports_past, place};

    /// What the pipeline did before `place` kept the scored copy: the chosen placement, its ports
    /// pushed past the floor, straightened once more.
    fn placed_the_long_way(
        level: &Level,
        offsets: &[(f64, f64)],
        port_floor: Option<f64>,
    ) -> (Vec<f64>, Vec<(f64, f64)>) {
        let direct = vec![false; level.pieces.len()];
        let (mut anchor, _) = assign(level, &direct, offsets, port_floor, None);
        if let Some(least) = port_floor {
            keep_ports_past(level, &mut anchor, least);
        }
        let mut offsets = offsets.to_vec();
        straight::straighten(level, &direct, &mut anchor, &mut offsets);
        (anchor, offsets)
    }

    /// Two boxes over one wide box, then `port` above the first box on the start border.
    fn two_into_one_wide(port: bool) -> Level {
        let mut items = vec![
            item(ItemKind::Node(0), 1, 20.0),
            item(ItemKind::Node(1), 1, 20.0),
            item(ItemKind::Node(2), 2, 100.0),
        ];
        let mut layers = vec![vec![], vec![0, 1], vec![2]];
        let mut pieces = vec![piece(0, vec![0, 2]), piece(1, vec![1, 2])];
        if port {
            items.push(item(ItemKind::Port, 0, 0.0));
            layers[0].push(3);
            pieces.push(piece(2, vec![3, 0]));
        }
        level(items, layers, pieces)
    }

    #[test]
    fn the_scored_copy_is_the_placement_straightened() {
        let level = two_into_one_wide(false);
        let offsets = vec![(0.0, 0.0); 2];
        let placed = place(&level, &[false; 2], offsets.clone(), None, None);
        // `straight` slid both ends on the wide box, so both edges run straight.
        assert_ne!(placed.offsets, offsets);
        for (p, to) in [(0, 2), (1, 2)] {
            let from = level.pieces[p].items[0];
            let (a, b) = (
                placed.anchor[from] + placed.offsets[p].0,
                placed.anchor[to] + placed.offsets[p].1,
            );
            assert!((a - b).abs() < 1e-9, "piece {p}: {a} vs {b}");
        }
        let (anchor, offsets) = placed_the_long_way(&level, &offsets, None);
        assert_eq!((placed.anchor, placed.offsets), (anchor, offsets));
    }

    #[test]
    fn ports_pushed_past_the_floor_are_straightened_again() {
        let level = two_into_one_wide(true);
        let offsets = vec![(0.0, 0.0); 3];
        for floor in [0.0, 30.0, 400.0] {
            let placed = place(&level, &[false; 3], offsets.clone(), Some(floor), None);
            assert!(placed.anchor[3] >= floor - 1e-9, "port below floor {floor}");
            let (anchor, long_offsets) = placed_the_long_way(&level, &offsets, Some(floor));
            assert_eq!((placed.anchor, placed.offsets), (anchor, long_offsets));
        }
    }

    #[test]
    fn isotonic_pools_violators() {
        let fit = isotonic(&[1.0, 3.0, 2.0, 4.0], &[1.0; 4]);
        assert_eq!(fit, vec![1.0, 2.5, 2.5, 4.0]);
    }
}
