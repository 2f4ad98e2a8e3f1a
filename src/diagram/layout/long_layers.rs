//! Splitting layers too long for the column into rows of layers.
//!
//! Takes one level's ranking (a layer per item), each item's extent across the layers and the
//! level's edges; returns the ranking with every layer that would lie wider across than a budget
//! split into consecutive layers (rows), its items dealt out over the fewest rows that fit, and
//! every layer below moved down to make room. The ordering, placing and routing stages then treat the result
//! like any ranking, so an edge from above to an item moved down runs as a dummy through the gaps
//! of the row above. The idea is that of bounded-width layering (Coffman and Graham): a layer holds
//! only as much as the width allows, at the cost of more layers.
//!
//! Widths are estimates made before anything is placed: item extents, the least gap between two
//! boxes, and an edge gap for each edge that runs through the layer. The caller judges the drawing
//! that results.

use super::rank::RankEdge;
use super::{EDGE_GAP, NODE_GAP};

/// One level's ranking and what decides how wide its layers lie.
pub(crate) struct Ranked<'a> {
    /// The layer of each item.
    pub ranks: &'a [usize],
    /// Each item's extent across the layers.
    pub across: &'a [f64],
    /// The edges that decide ranks, each at least `minlen` layers long (in either direction).
    pub edges: &'a [RankEdge],
    /// Edges that do not decide ranks but are drawn through the layers between their ends.
    pub loose: &'a [(usize, usize)],
}

/// How the items of a layer too wide are dealt out over rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFill {
    /// Over the fewest rows that each fit, as evenly as their count allows; one item a row when no
    /// fewer rows fit.
    Even,
    /// Each row as full as fits, the rest going on to the next (where the edges down from the
    /// rows above leave less room): fewer rows, but shorter ones towards the end.
    Full,
}

/// `level`'s ranks with each layer wider than `budget` split into rows of layers, the items dealt
/// out in index order (the order of the source) as `fill` says. `None` when no layer is too wide,
/// or when edges that join items of one layer push a row empty.
pub(crate) fn split_long_layers(level: &Ranked, budget: f64, fill: RowFill) -> Option<Vec<usize>> {
    let split = Split::new(level);
    let n = level.ranks.len();
    let mut ranks = level.ranks.to_vec();
    let mut changed = false;
    let mut layer = 0;
    while ranks.iter().any(|&r| r >= layer) {
        let items: Vec<usize> = (0..n).filter(|&i| ranks[i] == layer).collect();
        if items.len() < 2 || split.width(&ranks, layer) <= budget {
            layer += 1;
            continue;
        }
        let (rows, split_ranks) = match fill {
            RowFill::Even => split.evenly(&ranks, layer, &items, budget)?,
            RowFill::Full => split.first_row_full(&ranks, layer, &items, budget)?,
        };
        ranks = split_ranks;
        changed = true;
        layer += rows;
    }
    changed.then_some(ranks)
}

/// What splitting a layer needs to know of the level's edges.
struct Split<'a> {
    across: &'a [f64],
    /// Each ranking edge pointing down the layers as first ranked, with its least length, so
    /// pushing an item down pushes what follows it.
    oriented: Vec<(usize, usize, usize)>,
    /// Every edge drawn between the layers of its ends, ranking or not.
    drawn: Vec<(usize, usize)>,
}

impl<'a> Split<'a> {
    fn new(level: &Ranked<'a>) -> Self {
        let (n, ranks) = (level.ranks.len(), level.ranks);
        let valid = |a: usize, b: usize| a < n && b < n && a != b;
        let oriented: Vec<(usize, usize, usize)> = level
            .edges
            .iter()
            .filter(|e| valid(e.from, e.to))
            .map(|e| {
                let minlen = usize::try_from(e.minlen).unwrap_or(0);
                if ranks[e.from] <= ranks[e.to] {
                    (e.from, e.to, minlen)
                } else {
                    (e.to, e.from, minlen)
                }
            })
            .collect();
        let drawn = oriented
            .iter()
            .map(|&(a, b, _)| (a, b))
            .chain(level.loose.iter().copied().filter(|&(a, b)| valid(a, b)))
            .collect();
        Self {
            across: level.across,
            oriented,
            drawn,
        }
    }

    /// How wide `layer` lies across under `ranks`: its items with the least gap between two, and
    /// an edge gap for each edge that runs through it.
    fn width(&self, ranks: &[usize], layer: usize) -> f64 {
        let items: Vec<usize> = (0..ranks.len()).filter(|&i| ranks[i] == layer).collect();
        let boxes: f64 = items.iter().map(|&i| self.across[i]).sum();
        let through = (self.drawn.iter())
            .filter(|&&(a, b)| ranks[a].min(ranks[b]) < layer && layer < ranks[a].max(ranks[b]))
            .count();
        boxes + NODE_GAP * items.len().saturating_sub(1) as f64 + EDGE_GAP * through as f64
    }

    /// The fewest rows of as even counts as can be in which every row fits (one item a row when
    /// none do), and the ranks with `layer`'s `items` dealt out over them.
    fn evenly(
        &self,
        ranks: &[usize],
        layer: usize,
        items: &[usize],
        budget: f64,
    ) -> Option<(usize, Vec<usize>)> {
        let counts = |rows: usize| -> Vec<usize> {
            // The first `items.len() % rows` rows take one item more than the others.
            let (per_row, longer) = (items.len() / rows, items.len() % rows);
            (0..rows)
                .map(|r| per_row + usize::from(r < longer))
                .collect()
        };
        let candidates = (2..=items.len()).filter_map(|rows| {
            let split = self.dealt_into_rows(ranks, layer, items, &counts(rows))?;
            Some((rows, split))
        });
        first_fitting(candidates, |rows, split| {
            (layer..layer + rows).all(|l| self.width(split, l) <= budget)
        })
    }

    /// The ranks with as many of `layer`'s `items` kept in it as fit (at least one), the rest
    /// moved on to the next layer, to be split again there if need be.
    fn first_row_full(
        &self,
        ranks: &[usize],
        layer: usize,
        items: &[usize],
        budget: f64,
    ) -> Option<(usize, Vec<usize>)> {
        let candidates = (1..items.len()).rev().filter_map(|keep| {
            let split = self.dealt_into_rows(ranks, layer, items, &[keep, items.len() - keep])?;
            Some((1, split))
        });
        first_fitting(candidates, |_, split| self.width(split, layer) <= budget)
    }

    /// `ranks` with `items` (all of `layer`) dealt out in order over rows of `counts` items from
    /// `layer` on, the layers below moved down past them; `None` when that leaves a row empty.
    fn dealt_into_rows(
        &self,
        ranks: &[usize],
        layer: usize,
        items: &[usize],
        counts: &[usize],
    ) -> Option<Vec<usize>> {
        let rows = counts.len();
        let mut ranks = ranks.to_vec();
        for rank in &mut ranks {
            if *rank > layer {
                *rank += rows - 1;
            }
        }
        let mut next = 0;
        for (row, &count) in counts.iter().enumerate() {
            for &i in items.get(next..next + count)? {
                ranks[i] = layer + row;
            }
            next += count;
        }
        push_down(&mut ranks, &self.oriented)?;
        (layer..layer + rows)
            .all(|l| ranks.contains(&l))
            .then_some(ranks)
    }
}

/// The first of `candidates` (rows split off, ranks) that `fits`, or the last one when none does.
fn first_fitting(
    candidates: impl Iterator<Item = (usize, Vec<usize>)>,
    fits: impl Fn(usize, &[usize]) -> bool,
) -> Option<(usize, Vec<usize>)> {
    let mut last = None;
    for (rows, split) in candidates {
        if fits(rows, &split) {
            return Some((rows, split));
        }
        last = Some((rows, split));
    }
    last
}

/// Moves items down until every edge is at least its minimum length again; `None` if that does not
/// settle (it always does for a ranking that met the lengths before items were moved down).
fn push_down(ranks: &mut [usize], oriented: &[(usize, usize, usize)]) -> Option<()> {
    for _ in 0..=ranks.len() {
        let mut moved = false;
        for &(a, b, minlen) in oriented {
            if ranks[b] < ranks[a] + minlen {
                ranks[b] = ranks[a] + minlen;
                moved = true;
            }
        }
        if !moved {
            return Some(());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::rank::tests::edge;
    use super::*;

    fn ranked<'a>(ranks: &'a [usize], across: &'a [f64], edges: &'a [RankEdge]) -> Ranked<'a> {
        Ranked {
            ranks,
            across,
            edges,
            loose: &[],
        }
    }

    /// A root (0) fanning out to `hosts` items (1..) that all feed one sink, each item 100 across.
    fn fan(hosts: usize) -> (Vec<usize>, Vec<f64>, Vec<RankEdge>) {
        let sink = hosts + 1;
        let mut ranks = vec![0];
        ranks.extend(std::iter::repeat_n(1, hosts));
        ranks.push(2);
        let mut edges: Vec<RankEdge> = (1..=hosts).map(|h| edge(0, h)).collect();
        edges.extend((1..=hosts).map(|h| edge(h, sink)));
        (ranks, vec![100.0; hosts + 2], edges)
    }

    #[test]
    fn a_layer_too_wide_goes_on_in_the_next_layer_and_the_layers_below_move_down() {
        let (ranks, across, edges) = fan(6);
        let level = ranked(&ranks, &across, &edges);
        // Three boxes and their two gaps take 348; the three moved on send three runs through.
        let split = split_long_layers(&level, 400.0, RowFill::Even).unwrap();
        assert_eq!(split, vec![0, 1, 1, 1, 2, 2, 2, 3]);
    }

    #[test]
    fn a_row_still_too_wide_is_split_again() {
        let (ranks, across, edges) = fan(6);
        let level = ranked(&ranks, &across, &edges);
        let split = split_long_layers(&level, 280.0, RowFill::Full).unwrap();
        assert_eq!(split, vec![0, 1, 1, 2, 2, 3, 3, 4]);
        for e in &edges {
            assert!(split[e.to] > split[e.from], "{e:?} no longer points down");
        }
    }

    #[test]
    fn a_full_fill_leaves_the_last_row_short_where_an_even_one_deals_rows_alike() {
        let (ranks, across, edges) = fan(7);
        let level = ranked(&ranks, &across, &edges);
        let even = split_long_layers(&level, 400.0, RowFill::Even).unwrap();
        assert_eq!(even, vec![0, 1, 1, 1, 2, 2, 3, 3, 4]);
        let full = split_long_layers(&level, 400.0, RowFill::Full).unwrap();
        assert_eq!(full, vec![0, 1, 1, 1, 2, 2, 2, 3, 4]);
    }

    #[test]
    fn layers_that_fit_are_left_alone() {
        let (ranks, across, edges) = fan(3);
        let level = ranked(&ranks, &across, &edges);
        assert_eq!(split_long_layers(&level, 400.0, RowFill::Even), None);
        assert_eq!(split_long_layers(&level, 400.0, RowFill::Full), None);
    }

    #[test]
    fn an_item_joined_to_a_moved_one_in_its_layer_moves_with_it() {
        // 1 and 2 share a layer, joined by an edge that wants no layer between them.
        let ranks = [0, 1, 1, 1];
        let across = [100.0; 4];
        let edges = [
            edge(0, 1),
            edge(0, 2),
            edge(0, 3),
            RankEdge {
                from: 3,
                to: 2,
                minlen: 0,
            },
        ];
        let level = ranked(&ranks, &across, &edges);
        let split = split_long_layers(&level, 250.0, RowFill::Even).unwrap();
        assert!(split[2] >= split[3], "{split:?}");
        assert!(split[1] < split[3], "{split:?}");
    }
}
