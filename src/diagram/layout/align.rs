//! Brandes–Köpf coordinate assignment across the layers inside one level.
//!
//! Takes an ordered [`Level`] and each item's links to the items it is joined to (with the shift at
//! which the joining edge runs straight); returns an anchor per item. Four times, once per vertical
//! (first layer to last, last to first) and horizontal (start to end, end to start) direction,
//! every item is lined up with the median of its neighbours in the layer before, unless that would
//! cross an alignment made earlier in its layer or a segment between two dummies of long edges
//! (those win, so long edges run straight). The lined-up chains (blocks) are packed as close to the
//! start as each layer's extents and gaps allow, then each block slides towards the median of the
//! items it is joined to as far as its layer leaves room. The four results, aligned to the
//! narrowest, are averaged per item over their two middle values; the caller gets that balance and
//! the four results themselves, to keep whichever is drawn straightest. Guarantees: items of one
//! layer keep their order and separation; an edge lined up in all four runs straight; the result
//! does not depend on anything but the level and links (Brandes & Köpf 2001, with the 2020
//! erratum's alignment of the four results by their extents).

use std::collections::BTreeSet;

use super::level::Level;
use super::position::{Link, separation, span};

/// The direction of one of the four runs.
#[derive(Clone, Copy)]
struct Run {
    /// Visit layers from the last to the first (align with the layer after).
    upwards: bool,
    /// Visit each layer from its end to its start (coordinates mirrored).
    mirrored: bool,
}

/// The balanced anchors followed by the four runs' own (aligned to the narrowest), for a caller
/// that chooses by what is drawn: one run alone sometimes keeps more edges straight than the
/// balance of all four. Empty when the blocks cannot be packed (a cycle of constraints, which
/// the order-keeping alignment rules out; the caller then keeps its own placement).
pub(crate) fn candidates(level: &Level, links: &[Vec<Link>]) -> Vec<Vec<f64>> {
    let Some(shifted) = aligned_runs(level, links) else {
        return Vec::new();
    };
    let mut all = vec![balance(level, &shifted)];
    all.extend(shifted);
    all
}

/// The four runs, each shifted so its extent lines up with the narrowest run's (start for the
/// runs packed towards the start, end for the mirrored ones).
fn aligned_runs(level: &Level, links: &[Vec<Link>]) -> Option<Vec<Vec<f64>>> {
    let conflicts = inner_conflicts(level, links);
    let mut runs = Vec::with_capacity(4);
    for upwards in [false, true] {
        for mirrored in [false, true] {
            let run = Run { upwards, mirrored };
            runs.push((run, one_run(level, links, &conflicts, run)?));
        }
    }
    let extents: Vec<(f64, f64)> = runs.iter().map(|(_, x)| span(level, x)).collect();
    let narrowest = (0..extents.len())
        .min_by(|&a, &b| {
            let width = |k: usize| extents[k].1 - extents[k].0;
            width(a).total_cmp(&width(b))
        })
        .unwrap_or(0);
    let (low, high) = extents[narrowest];
    Some(
        runs.iter()
            .zip(&extents)
            .map(|((run, x), &(lo, hi))| {
                let by = if run.mirrored { high - hi } else { low - lo };
                x.iter().map(|v| v + by).collect()
            })
            .collect(),
    )
}

/// Per item, the mean of the two middle of the four runs' anchors: order statistics keep each
/// layer's order and separation, and an offset two items keep in every run.
fn balance(level: &Level, shifted: &[Vec<f64>]) -> Vec<f64> {
    (0..level.items.len())
        .map(|i| {
            let mut values: Vec<f64> = shifted.iter().map(|x| x[i]).collect();
            values.sort_by(f64::total_cmp);
            (values[1] + values[2]) / 2.0
        })
        .collect()
}

/// Segments between adjacent layers that cross a segment joining two dummies (type-1 conflicts),
/// as `(item, item)` with the smaller id first: they are never lined up.
fn inner_conflicts(level: &Level, links: &[Vec<Link>]) -> BTreeSet<(usize, usize)> {
    let slot = slots(level);
    let inner =
        |a: usize, b: usize| level.items[a].is_pass_through() && level.items[b].is_pass_through();
    let mut marked = BTreeSet::new();
    for layer in &level.layers {
        let segments: Vec<(usize, usize)> = layer
            .iter()
            .flat_map(|&a| {
                let next = level.items[a].layer + 1;
                links[a]
                    .iter()
                    .filter(move |l| level.items[l.other].layer == next)
                    .map(move |l| (a, l.other))
            })
            .collect();
        for &(a, b) in segments.iter().filter(|&&(a, b)| inner(a, b)) {
            for &(c, d) in segments.iter().filter(|&&(c, d)| !inner(c, d)) {
                let crosses = (slot[c] < slot[a] && slot[d] > slot[b])
                    || (slot[c] > slot[a] && slot[d] < slot[b]);
                if crosses {
                    marked.insert((c.min(d), c.max(d)));
                }
            }
        }
    }
    marked
}

/// Each item's position in its layer.
fn slots(level: &Level) -> Vec<usize> {
    let mut slot = vec![0; level.items.len()];
    for layer in &level.layers {
        for (i, &item) in layer.iter().enumerate() {
            slot[item] = i;
        }
    }
    slot
}

/// Blocks of one run: each item's block root and its offset from the root (run coordinates).
struct Blocks {
    root: Vec<usize>,
    offset: Vec<f64>,
}

/// The anchors of one run, in level coordinates.
fn one_run(
    level: &Level,
    links: &[Vec<Link>],
    conflicts: &BTreeSet<(usize, usize)>,
    run: Run,
) -> Option<Vec<f64>> {
    let sign = if run.mirrored { -1.0 } else { 1.0 };
    let layers = run_layers(level, run);
    let blocks = align(level, links, conflicts, &layers, run);
    let mut x = compact(level, links, &layers, &blocks, sign)?;
    for v in &mut x {
        *v *= sign;
    }
    Some(x)
}

/// The layers in the run's visiting order, each in the run's horizontal order.
fn run_layers(level: &Level, run: Run) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = level.layers.clone();
    if run.upwards {
        layers.reverse();
    }
    if run.mirrored {
        for layer in &mut layers {
            layer.reverse();
        }
    }
    layers
}

/// Lines each item up with a median neighbour in the layer visited before, keeping the order.
fn align(
    level: &Level,
    links: &[Vec<Link>],
    conflicts: &BTreeSet<(usize, usize)>,
    layers: &[Vec<usize>],
    run: Run,
) -> Blocks {
    let n = level.items.len();
    let sign = if run.mirrored { -1.0 } else { 1.0 };
    let mut slot = vec![0usize; n];
    for layer in layers {
        for (i, &item) in layer.iter().enumerate() {
            slot[item] = i;
        }
    }
    let mut blocks = Blocks {
        root: (0..n).collect(),
        offset: vec![0.0; n],
    };
    let mut aligned_below = vec![false; n];
    for pair in layers.windows(2) {
        let (before, layer) = (&pair[0], &pair[1]);
        let Some(&first) = before.first() else {
            continue;
        };
        let before_layer = level.items[first].layer;
        let mut reached: Option<usize> = None;
        for &v in layer {
            let mut neighbours: Vec<&Link> = links[v]
                .iter()
                .filter(|l| level.items[l.other].layer == before_layer)
                .collect();
            if neighbours.is_empty() {
                continue;
            }
            neighbours.sort_by_key(|l| slot[l.other]);
            let d = neighbours.len();
            let mut medians = vec![(d - 1) / 2];
            if d / 2 != (d - 1) / 2 {
                medians.push(d / 2);
            }
            for m in medians {
                if blocks.root[v] != v {
                    break;
                }
                let link = neighbours[m];
                let u = link.other;
                let free = reached.is_none_or(|r| r < slot[u]);
                if free && !aligned_below[u] && !conflicts.contains(&(u.min(v), u.max(v))) {
                    aligned_below[u] = true;
                    blocks.root[v] = blocks.root[u];
                    blocks.offset[v] = blocks.offset[u] + sign * link.shift;
                    reached = Some(slot[u]);
                }
            }
        }
    }
    blocks
}

/// Packs the blocks towards the start (longest paths over the layers' separations), then slides
/// each, last first, towards the median of where its links want it, as far as there is room.
fn compact(
    level: &Level,
    links: &[Vec<Link>],
    layers: &[Vec<usize>],
    blocks: &Blocks,
    sign: f64,
) -> Option<Vec<f64>> {
    let n = level.items.len();
    let (root, offset) = (&blocks.root, &blocks.offset);
    // Constraints between roots: x[to] >= x[from] + least.
    let mut after: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut before: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut incoming = vec![0usize; n];
    for layer in layers {
        for pair in layer.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (first, second) = if sign > 0.0 { (a, b) } else { (b, a) };
            let least = separation(level, first, second) + offset[a] - offset[b];
            after[root[a]].push((root[b], least));
            before[root[b]].push((root[a], least));
            incoming[root[b]] += 1;
        }
    }
    let order = topological(&after, &mut incoming, root)?;
    let mut x = vec![0.0f64; n];
    for &r in &order {
        x[r] = before[r]
            .iter()
            .map(|&(p, least)| x[p] + least)
            .fold(0.0, f64::max);
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for item in 0..n {
        members[root[item]].push(item);
    }
    for &r in order.iter().rev() {
        let room = after[r]
            .iter()
            .map(|&(s, least)| x[s] - least)
            .fold(f64::INFINITY, f64::min);
        if room <= x[r] || !room.is_finite() {
            continue;
        }
        let mut wanted: Vec<f64> = members[r]
            .iter()
            .flat_map(|&m| {
                links[m]
                    .iter()
                    .filter(|l| root[l.other] != r)
                    .map(move |l| (m, l))
            })
            .map(|(m, l)| x[root[l.other]] + offset[l.other] + sign * l.shift - offset[m])
            .collect();
        if wanted.is_empty() {
            continue;
        }
        wanted.sort_by(f64::total_cmp);
        let median = wanted[(wanted.len() - 1) / 2];
        x[r] = median.clamp(x[r], room);
    }
    Some((0..n).map(|i| x[root[i]] + offset[i]).collect())
}

/// The roots in an order where every constraint's `from` comes first; `None` on a cycle.
fn topological(
    after: &[Vec<(usize, f64)>],
    incoming: &mut [usize],
    root: &[usize],
) -> Option<Vec<usize>> {
    let roots: Vec<usize> = (0..root.len()).filter(|&i| root[i] == i).collect();
    let mut ready: Vec<usize> = roots
        .iter()
        .copied()
        .filter(|&r| incoming[r] == 0)
        .rev()
        .collect();
    let mut order = Vec::with_capacity(roots.len());
    while let Some(r) = ready.pop() {
        order.push(r);
        for &(s, _) in &after[r] {
            incoming[s] -= 1;
            if incoming[s] == 0 {
                ready.push(s);
            }
        }
    }
    (order.len() == roots.len()).then_some(order)
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use super::super::level::{Attach, Item, ItemKind, Level, Piece};
    use super::super::position::{links, separation};
    use super::{candidates, inner_conflicts};

    pub(in crate::diagram::layout) fn item(kind: ItemKind, layer: usize, half: f64) -> Item {
        Item {
            kind,
            layer,
            du: 20.0,
            before: half,
            after: half,
        }
    }

    pub(in crate::diagram::layout) fn piece(edge: usize, items: Vec<usize>) -> Piece {
        Piece {
            edge,
            items,
            from: Attach::Centre,
            to: Attach::Centre,
            label: None,
        }
    }

    pub(in crate::diagram::layout) fn level(
        items: Vec<Item>,
        layers: Vec<Vec<usize>>,
        pieces: Vec<Piece>,
    ) -> Level {
        Level {
            items,
            layers,
            pieces,
            ports: BTreeMap::new(),
            piece_of: BTreeMap::new(),
            free_labels: Vec::new(),
        }
    }

    /// Node 0 fans out to 1, 2 and (by a long edge through dummies 3 and 4) to 5, beside wide 6.
    fn fan_with_a_long_edge() -> Level {
        let node = |c, layer, half| item(ItemKind::Node(c), layer, half);
        let items = vec![
            node(0, 0, 30.0),
            node(1, 1, 40.0),
            node(2, 1, 15.0),
            item(ItemKind::Dummy, 1, 0.0),
            item(ItemKind::Dummy, 2, 0.0),
            node(5, 3, 20.0),
            node(6, 2, 60.0),
        ];
        let layers = vec![vec![0], vec![1, 2, 3], vec![6, 4], vec![5]];
        let pieces = vec![
            piece(0, vec![0, 1]),
            piece(1, vec![0, 2]),
            piece(2, vec![0, 3, 4, 5]),
            piece(3, vec![1, 6]),
        ];
        level(items, layers, pieces)
    }

    #[test]
    fn layers_keep_their_order_and_gaps_and_long_edges_run_straight() {
        let level = fan_with_a_long_edge();
        let offsets = vec![(0.0, 0.0); level.pieces.len()];
        let all = candidates(&level, &links(&level, &offsets));
        assert_eq!(all.len(), 5, "the balance and the four runs");
        for anchor in &all {
            for layer in &level.layers {
                for pair in layer.windows(2) {
                    let least = separation(&level, pair[0], pair[1]);
                    assert!(
                        anchor[pair[1]] - anchor[pair[0]] >= least - 1e-9,
                        "{pair:?} closer than {least}: {anchor:?}"
                    );
                }
            }
            assert_eq!(anchor[3], anchor[4], "the long edge's dummies: {anchor:?}");
            assert_eq!(anchor[4], anchor[5], "the long edge's end: {anchor:?}");
        }
    }

    #[test]
    fn a_segment_crossing_one_between_two_dummies_is_never_lined_up() {
        // 0 -> 3 crosses the dummy segment 1 -> 2.
        let items = vec![
            item(ItemKind::Node(0), 0, 10.0),
            item(ItemKind::Dummy, 0, 0.0),
            item(ItemKind::Dummy, 1, 0.0),
            item(ItemKind::Node(3), 1, 10.0),
        ];
        let layers = vec![vec![0, 1], vec![2, 3]];
        let level = level(
            items,
            layers,
            vec![piece(0, vec![0, 3]), piece(1, vec![1, 2])],
        );
        let offsets = vec![(0.0, 0.0); 2];
        let conflicts = inner_conflicts(&level, &links(&level, &offsets));
        assert_eq!(conflicts.into_iter().collect::<Vec<_>>(), vec![(0, 3)]);
    }
}
