//! Crossing minimisation inside one level.
//!
//! Takes a [`Level`] whose layers hold items in input order and reorders each layer to reduce edge
//! crossings (and the span of flat edges, which turn in a channel and cross what lies between their
//! ends): alternating down and up barycenter sweeps, each followed by adjacent transpositions, and
//! the best order seen wins. Sorting is stable, so author order breaks ties. Containers are single
//! items here (their members are ordered inside their own level), which keeps every container
//! contiguous by construction. An edge that continues into a child container counts from where it
//! goes inside that container (a fraction of a slot), and the ports on this level's own border keep
//! the order in which the level above meets them; ports the level above cannot tell apart (their
//! keys tie) move like any other item among themselves.

use std::collections::BTreeMap;

use super::level::{Attach, Level};

const SWEEPS: usize = 8;
const TRANSPOSE_PASSES: usize = 6;

/// One edge segment between adjacent layers; `*_shift` is a fraction of a slot added to the end's
/// position (where inside a child container the edge goes).
#[derive(Debug, Clone, Copy)]
struct Segment {
    upper: usize,
    lower: usize,
    upper_shift: f64,
    lower_shift: f64,
}

struct Graph {
    segments: Vec<Segment>,
    /// Segments whose lower (upper) end is the item.
    from_above: Vec<Vec<usize>>,
    from_below: Vec<Vec<usize>>,
    /// Other ends of flat edges (same layer), per item: keeping them close keeps U-turns short.
    flat: Vec<Vec<usize>>,
    layer_of: Vec<usize>,
}

/// Per child container, per edge: the fraction of a slot where the edge goes inside it.
pub(crate) type InnerShifts = [BTreeMap<usize, f64>];

/// Reorders `level`'s layers. `port_keys` gives, per edge, where the level above meets it.
pub(crate) fn order(level: &mut Level, port_keys: &BTreeMap<usize, f64>, inner: &InnerShifts) {
    let graph = graph(level, inner);
    let key = sort_ports(level, port_keys);
    let mut layers = level.layers.clone();
    let mut position = vec![0usize; level.items.len()];
    for layer in &layers {
        refresh(layer, &mut position);
    }
    let mut best = layers.clone();
    let mut best_cost = total_cost(&layers, &graph, &position);
    for sweep in 0..SWEEPS {
        if best_cost == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let count = layers.len();
        // A port layer (first or last) keeps the order of its keys; ports that tie move freely.
        for step in 1..count {
            let l = if downward { step } else { count - 1 - step };
            if l == 0 || l == count - 1 {
                for tied in tied_runs(&layers[l], &key) {
                    sort_by_barycenter(&mut layers[l][tied], &graph, downward, &position);
                }
            } else {
                sort_by_barycenter(&mut layers[l], &graph, downward, &position);
            }
            refresh(&layers[l], &mut position);
        }
        transpose(&mut layers, &graph, &key, &mut position);
        let cost = total_cost(&layers, &graph, &position);
        if cost < best_cost {
            best_cost = cost;
            best = layers.clone();
        }
    }
    level.layers = best;
}

/// Where, as a fraction of a slot in (-0.4, 0.4), each port's edge goes inside the level.
pub(crate) fn port_shifts(level: &Level) -> BTreeMap<usize, f64> {
    let mut slot = vec![(0usize, 1usize); level.items.len()];
    for layer in &level.layers {
        for (i, &item) in layer.iter().enumerate() {
            slot[item] = (i, layer.len());
        }
    }
    let mut shifts = BTreeMap::new();
    for (&edge, &port) in &level.ports {
        let Some(piece) = level.piece_of.get(&edge).and_then(|&p| level.pieces.get(p)) else {
            continue;
        };
        let inner = if piece.items.first() == Some(&port) {
            piece.items.get(1)
        } else {
            piece.items.iter().rev().nth(1)
        };
        if let Some(&inner) = inner {
            let (i, len) = slot[inner];
            shifts.insert(edge, ((i as f64 + 0.5) / len as f64 - 0.5) * 0.8);
        }
    }
    shifts
}

/// Sorts both port layers by their keys and returns the key of every item (0 for a port without
/// one, and for every other item).
fn sort_ports(level: &mut Level, port_keys: &BTreeMap<usize, f64>) -> Vec<f64> {
    let mut key = vec![0.0; level.items.len()];
    for (edge, &port) in &level.ports {
        if let Some(&k) = port_keys.get(edge) {
            key[port] = k;
        }
    }
    let last = level.layers.len().saturating_sub(1);
    for l in [0, last] {
        level.layers[l].sort_by(|&a, &b| key[a].total_cmp(&key[b]));
    }
    key
}

/// The ranges of a key-sorted layer whose items share one key.
fn tied_runs(layer: &[usize], key: &[f64]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=layer.len() {
        if i == layer.len() || key[layer[i]] != key[layer[start]] {
            runs.push(start..i);
            start = i;
        }
    }
    runs
}

fn graph(level: &Level, inner: &InnerShifts) -> Graph {
    let n = level.items.len();
    let mut graph = Graph {
        segments: Vec::new(),
        from_above: vec![Vec::new(); n],
        from_below: vec![Vec::new(); n],
        flat: vec![Vec::new(); n],
        layer_of: level.items.iter().map(|item| item.layer).collect(),
    };
    let shift = |attach: Attach, edge: usize| attach.shift(edge, inner);
    for piece in &level.pieces {
        let last = piece.items.len().saturating_sub(2);
        for (i, pair) in piece.items.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            let sa = if i == 0 {
                shift(piece.from, piece.edge)
            } else {
                0.0
            };
            let sb = if i == last {
                shift(piece.to, piece.edge)
            } else {
                0.0
            };
            let (la, lb) = (level.items[a].layer, level.items[b].layer);
            let segment = if la + 1 == lb {
                Segment {
                    upper: a,
                    lower: b,
                    upper_shift: sa,
                    lower_shift: sb,
                }
            } else if lb + 1 == la {
                Segment {
                    upper: b,
                    lower: a,
                    upper_shift: sb,
                    lower_shift: sa,
                }
            } else {
                if la == lb && a != b {
                    graph.flat[a].push(b);
                    graph.flat[b].push(a);
                }
                continue;
            };
            graph.from_above[segment.lower].push(graph.segments.len());
            graph.from_below[segment.upper].push(graph.segments.len());
            graph.segments.push(segment);
        }
    }
    graph
}

fn refresh(layer: &[usize], position: &mut [usize]) {
    for (i, &item) in layer.iter().enumerate() {
        position[item] = i;
    }
}

/// The positions of `item`'s neighbours in the layer above (or below).
fn neighbour_positions<'a>(
    graph: &'a Graph,
    item: usize,
    above: bool,
    position: &'a [usize],
) -> impl Iterator<Item = f64> + 'a {
    let list = if above {
        &graph.from_above[item]
    } else {
        &graph.from_below[item]
    };
    list.iter().map(move |&s| {
        let seg = graph.segments[s];
        if above {
            position[seg.upper] as f64 + seg.upper_shift
        } else {
            position[seg.lower] as f64 + seg.lower_shift
        }
    })
}

/// Sorts items with neighbours by their mean neighbour position; items without keep their slot.
fn sort_by_barycenter(layer: &mut [usize], graph: &Graph, above: bool, position: &[usize]) {
    let has_neighbours = |item: usize| {
        let list = if above {
            &graph.from_above[item]
        } else {
            &graph.from_below[item]
        };
        !list.is_empty()
    };
    let mut movable: Vec<(f64, usize, usize)> = layer
        .iter()
        .enumerate()
        .filter(|&(_, &item)| has_neighbours(item))
        .map(|(slot, &item)| {
            let (sum, count) = neighbour_positions(graph, item, above, position)
                .fold((0.0, 0.0), |(s, c), p| (s + p, c + 1.0));
            (sum / count, slot, item)
        })
        .collect();
    movable.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut next = movable.into_iter();
    for slot in layer.iter_mut() {
        if has_neighbours(*slot)
            && let Some((_, _, item)) = next.next()
        {
            *slot = item;
        }
    }
}

/// Crossings between edges at `a` and edges at `b` when `a` sits before `b` in a layer.
fn pair_crossings(a: usize, b: usize, graph: &Graph, position: &[usize]) -> usize {
    let mut count = 0;
    for above in [true, false] {
        for p in neighbour_positions(graph, a, above, position) {
            count += neighbour_positions(graph, b, above, position)
                .filter(|&q| p > q)
                .count();
        }
    }
    count
}

/// Total distance of the flat edges at `a` and `b` when `a` sits at `slot_a` and `b` beside it.
fn flat_span(a: usize, b: usize, slot_a: usize, graph: &Graph, position: &[usize]) -> usize {
    let slot_b = if slot_a == position[a].min(position[b]) {
        slot_a + 1
    } else {
        slot_a - 1
    };
    let span = |item: usize, slot: usize, other: usize| -> usize {
        graph.flat[item]
            .iter()
            .filter(|&&x| x != other)
            .map(|&x| slot.abs_diff(position[x]))
            .sum()
    };
    span(a, slot_a, b) + span(b, slot_b, a)
}

/// Swaps neighbours while that lowers the cost; in a port layer only ports with one key.
fn transpose(layers: &mut [Vec<usize>], graph: &Graph, key: &[f64], position: &mut [usize]) {
    let count = layers.len();
    for _ in 0..TRANSPOSE_PASSES {
        let mut improved = false;
        for (l, layer) in layers.iter_mut().enumerate() {
            let ports = l == 0 || l + 1 == count;
            for i in 1..layer.len() {
                let (a, b) = (layer[i - 1], layer[i]);
                if ports && key[a] != key[b] {
                    continue;
                }
                let kept =
                    pair_crossings(a, b, graph, position) + flat_span(a, b, i - 1, graph, position);
                let swapped =
                    pair_crossings(b, a, graph, position) + flat_span(a, b, i, graph, position);
                if swapped < kept {
                    layer.swap(i - 1, i);
                    position[a] = i;
                    position[b] = i - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between adjacent layers plus the extra span of flat edges.
fn total_cost(layers: &[Vec<usize>], graph: &Graph, position: &[usize]) -> usize {
    let mut total = 0;
    let mut ends: Vec<Vec<(f64, f64)>> = vec![Vec::new(); layers.len()];
    for seg in &graph.segments {
        let upper = position[seg.upper] as f64 + seg.upper_shift;
        let lower = position[seg.lower] as f64 + seg.lower_shift;
        if let Some(pairs) = ends.get_mut(graph.layer_of[seg.upper]) {
            pairs.push((upper, lower));
        }
    }
    for (a, others) in graph.flat.iter().enumerate() {
        for &b in others {
            // Each flat edge is seen from both ends; count its extra span once.
            if a < b {
                total += position[a].abs_diff(position[b]).saturating_sub(1);
            }
        }
    }
    for pairs in &ends {
        for (i, p) in pairs.iter().enumerate() {
            total += pairs[i + 1..]
                .iter()
                .filter(|q| (p.0 - q.0) * (p.1 - q.1) < 0.0)
                .count();
        }
    }
    total
}
