//! Crossing minimisation inside one level.
//!
//! Takes a [`Level`] whose layers hold items in input order and reorders each layer to reduce edge
//! crossings: alternating down and up barycenter sweeps, each followed by adjacent transpositions, and
//! the best order seen wins. Sorting is stable, so author order breaks ties. Containers are single
//! items here (their members are ordered inside their own level), which keeps every container
//! contiguous by construction.

use std::collections::BTreeMap;

use super::level::{ItemKind, Level};

const SWEEPS: usize = 8;
const TRANSPOSE_PASSES: usize = 6;

struct Neighbours {
    /// Neighbours in the layer before and after, per item.
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
}

/// `port_keys` gives, per edge, where the level above meets the edge; ports are put in that order and
/// stay fixed, so edges cross the container border without tangling.
pub(crate) fn order(level: &mut Level, port_keys: &BTreeMap<usize, f64>) {
    let neighbours = neighbours(level);
    sort_ports(level, port_keys);
    let mut layers = level.layers.clone();
    let mut position = vec![0usize; level.items.len()];
    refresh(&layers, &mut position);
    let mut best = layers.clone();
    let mut best_crossings = total_crossings(&layers, &neighbours, &position);
    for sweep in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let count = layers.len();
        // The port layers (first and last) stay as sorted.
        for step in 1..count.saturating_sub(1) {
            let l = if downward { step } else { count - 1 - step };
            let reference = if downward {
                &neighbours.up
            } else {
                &neighbours.down
            };
            sort_by_barycenter(&mut layers[l], reference, &position);
            refresh_layer(&layers[l], &mut position);
        }
        transpose(&mut layers, &neighbours, &mut position);
        let crossings = total_crossings(&layers, &neighbours, &position);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = layers.clone();
        }
    }
    level.layers = best;
}

fn sort_ports(level: &mut Level, port_keys: &BTreeMap<usize, f64>) {
    let mut key = vec![0.0; level.items.len()];
    for (edge, &piece) in &level.piece_of {
        if let (Some(&k), Some(p)) = (port_keys.get(edge), level.pieces.get(piece)) {
            for &item in [p.items.first(), p.items.last()].into_iter().flatten() {
                if matches!(level.items[item].kind, ItemKind::Port) {
                    key[item] = k;
                }
            }
        }
    }
    let last = level.layers.len().saturating_sub(1);
    for l in [0, last] {
        level.layers[l].sort_by(|&a, &b| key[a].total_cmp(&key[b]));
    }
}

fn neighbours(level: &Level) -> Neighbours {
    let n = level.items.len();
    let mut up = vec![Vec::new(); n];
    let mut down = vec![Vec::new(); n];
    for piece in &level.pieces {
        for pair in piece.items.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (la, lb) = (level.items[a].layer, level.items[b].layer);
            if la + 1 == lb {
                down[a].push(b);
                up[b].push(a);
            } else if lb + 1 == la {
                down[b].push(a);
                up[a].push(b);
            }
        }
    }
    Neighbours { up, down }
}

fn refresh(layers: &[Vec<usize>], position: &mut [usize]) {
    for layer in layers {
        refresh_layer(layer, position);
    }
}

fn refresh_layer(layer: &[usize], position: &mut [usize]) {
    for (i, &item) in layer.iter().enumerate() {
        position[item] = i;
    }
}

/// Sorts items with neighbours by their mean neighbour position; items without keep their slot.
fn sort_by_barycenter(layer: &mut [usize], reference: &[Vec<usize>], position: &[usize]) {
    let mut movable: Vec<(f64, usize, usize)> = layer
        .iter()
        .enumerate()
        .filter(|&(_, &item)| !reference[item].is_empty())
        .map(|(slot, &item)| {
            let nb = &reference[item];
            let sum: usize = nb.iter().map(|&x| position[x]).sum();
            (sum as f64 / nb.len() as f64, slot, item)
        })
        .collect();
    movable.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut next = movable.into_iter();
    for slot in layer.iter_mut() {
        if !reference[*slot].is_empty()
            && let Some((_, _, item)) = next.next()
        {
            *slot = item;
        }
    }
}

/// Crossings between edges at `a` and edges at `b` when `a` sits before `b` in a layer.
fn pair_crossings(a: usize, b: usize, neighbours: &Neighbours, position: &[usize]) -> usize {
    let count = |lists: &Vec<Vec<usize>>| {
        let mut c = 0;
        for &p in &lists[a] {
            for &q in &lists[b] {
                if position[p] > position[q] {
                    c += 1;
                }
            }
        }
        c
    };
    count(&neighbours.up) + count(&neighbours.down)
}

fn transpose(layers: &mut [Vec<usize>], neighbours: &Neighbours, position: &mut [usize]) {
    for _ in 0..TRANSPOSE_PASSES {
        let mut improved = false;
        let count = layers.len();
        for layer in layers.iter_mut().take(count.saturating_sub(1)).skip(1) {
            for i in 1..layer.len() {
                let (a, b) = (layer[i - 1], layer[i]);
                let kept = pair_crossings(a, b, neighbours, position);
                let swapped = pair_crossings(b, a, neighbours, position);
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

/// Edge crossings between every pair of adjacent layers.
fn total_crossings(layers: &[Vec<usize>], neighbours_of: &Neighbours, position: &[usize]) -> usize {
    let mut total = 0;
    for layer in layers {
        let mut ends: Vec<(usize, usize)> = Vec::new();
        for &a in layer {
            for &b in &neighbours_of.down[a] {
                ends.push((position[a], position[b]));
            }
        }
        ends.sort_unstable();
        for i in 0..ends.len() {
            for j in i + 1..ends.len() {
                if ends[i].0 < ends[j].0 && ends[i].1 > ends[j].1 {
                    total += 1;
                }
            }
        }
    }
    total
}
