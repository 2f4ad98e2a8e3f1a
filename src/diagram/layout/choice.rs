//! How straight a finished placement of one level is drawn, to choose between placements.
//!
//! Takes a placed [`Level`], its direct pieces and attach offsets; returns what a reader sees of
//! its edges' offsets once [`straight`](super::straight) has slid the attach points: per piece, the
//! distance across the layers between its two ends, and a cost per step between two of its items
//! (two bends), higher between two dummies, where the edge could have run straight, and higher
//! again for two steps in one channel where one leaves on the line the other arrives by (their runs
//! would share it). Changes nothing.

use super::EDGE_GAP;
use super::level::Level;
use super::straight;

/// What a jog (two bends) costs, as an offset: a bend is worth a little drift of the ends.
const JOG: f64 = 12.0;
/// What a long edge's step between two of its dummies costs: it could have run straight there.
const DRIFT: f64 = 4.0 * JOG;
/// What two steps in one channel whose runs would share a line cost: the routes cannot be told
/// apart there.
const COINCIDENT: f64 = 8.0 * JOG;

/// A placement as [`straight`](super::straight) leaves it, and how straight that is drawn.
pub(crate) struct Drawn {
    /// The cost: ends' offsets plus what the steps between them cost (see the module docs).
    pub(crate) offset: f64,
    pub(crate) anchor: Vec<f64>,
    pub(crate) offsets: Vec<(f64, f64)>,
}

/// Straightens `anchor` and `offsets` as the pipeline would and scores the result; the
/// straightened placement is handed back so the one chosen need not be straightened again.
pub(crate) fn drawn(
    level: &Level,
    direct: &[bool],
    mut anchor: Vec<f64>,
    mut offsets: Vec<(f64, f64)>,
) -> Drawn {
    straight::straighten(level, direct, &mut anchor, &mut offsets);
    Drawn {
        offset: drawn_offset(level, &anchor, &offsets),
        anchor,
        offsets,
    }
}

/// The cost of a placement already straightened.
fn drawn_offset(level: &Level, anchor: &[f64], offsets: &[(f64, f64)]) -> f64 {
    let mut cost = 0.0;
    let mut steps = Vec::new();
    for (piece, &(from, to)) in level.pieces.iter().zip(offsets) {
        let last = piece.items.len().saturating_sub(1);
        let at = |k: usize| {
            let shift = match k {
                0 => from,
                k if k == last => to,
                _ => 0.0,
            };
            anchor[piece.items[k]] + shift
        };
        if last > 0 {
            cost += (at(0) - at(last)).abs();
        }
        for k in (1..=last).filter(|&k| (at(k) - at(k - 1)).abs() > 1e-6) {
            let through = |k: usize| level.items[piece.items[k]].is_pass_through();
            cost += if through(k) && through(k - 1) {
                DRIFT
            } else {
                JOG
            };
            let (a, b) = (piece.items[k - 1], piece.items[k]);
            let (la, lb) = (level.items[a].layer, level.items[b].layer);
            if la != lb {
                steps.push(Step {
                    channel: la.min(lb),
                    near: if la < lb { at(k - 1) } else { at(k) },
                    far: if la < lb { at(k) } else { at(k - 1) },
                });
            }
        }
    }
    cost + COINCIDENT * coincident(&mut steps) as f64
}

/// A piece stepping across the layers in the channel after layer `channel`: it runs from the
/// near layer at `near` and on into the far one at `far`.
struct Step {
    channel: usize,
    near: f64,
    far: f64,
}

/// Pairs of steps in one channel where one leaves the near layer on the line (or nearly) that the
/// other enters the far layer by: their runs along the channel would share that line.
fn coincident(steps: &mut [Step]) -> usize {
    steps.sort_by_key(|s| s.channel);
    steps
        .chunk_by(|a, b| a.channel == b.channel)
        .map(|channel| {
            channel
                .iter()
                .enumerate()
                .flat_map(|(i, s)| {
                    channel
                        .iter()
                        .enumerate()
                        .filter(move |&(j, t)| j != i && (t.far - s.near).abs() < EDGE_GAP / 2.0)
                })
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::super::EDGE_GAP;
    use super::super::align::tests::{item, level, piece};
    use super::super::level::ItemKind;
    use super::{DRIFT, JOG, Step, coincident, drawn};

    /// Box 0 over box 2, joined through dummy 1; box 2 is `width` across.
    fn long_edge(width: f64) -> super::super::level::Level {
        let items = vec![
            item(ItemKind::Node(0), 0, 20.0),
            item(ItemKind::Dummy, 1, 0.0),
            item(ItemKind::Dummy, 2, 0.0),
            item(ItemKind::Node(3), 3, width / 2.0),
        ];
        let layers = vec![vec![0], vec![1], vec![2], vec![3]];
        level(items, layers, vec![piece(0, vec![0, 1, 2, 3])])
    }

    #[test]
    fn steps_whose_runs_would_share_a_line_are_counted_per_shared_line() {
        let step = |channel, near, far| Step { channel, near, far };
        // 0 leaves at 10 and arrives at 50; 1 leaves at 50 (on 0's arrival line) for 10 (on 0's
        // leaving line): two coincidences. 2 is in another channel, 3 keeps a gap.
        let mut steps = vec![
            step(0, 10.0, 50.0),
            step(0, 50.0, 10.0),
            step(1, 50.0, 10.0),
            step(0, 30.0, 50.0 + EDGE_GAP),
        ];
        assert_eq!(coincident(&mut steps), 2);
    }

    #[test]
    fn a_straight_edge_costs_nothing() {
        let level = long_edge(40.0);
        let placed = drawn(&level, &[false], vec![20.0; 4], vec![(0.0, 0.0)]);
        assert_eq!(placed.offset, 0.0);
    }

    #[test]
    fn an_edge_that_can_slide_along_its_box_is_measured_as_drawn() {
        // The wide box's attach point slides under the dummies: only the first box's
        // centre line is left, so the edge runs straight.
        let level = long_edge(200.0);
        let placed = drawn(
            &level,
            &[false],
            vec![20.0, 20.0, 20.0, 60.0],
            vec![(0.0, 0.0)],
        );
        assert_eq!(placed.offset, 0.0);
    }

    #[test]
    fn a_drift_between_dummies_costs_more_than_a_jog_at_an_end() {
        // A box on either side of every item of the edge: nothing can move to straighten it.
        let mut level = long_edge(40.0);
        let mut gap = Vec::new();
        for layer in 0..4 {
            let on_line = level.layers[layer][0];
            let (left, right) = (level.items.len(), level.items.len() + 1);
            for id in [left, right] {
                level.items.push(item(ItemKind::Node(id), layer, 10.0));
            }
            level.layers[layer] = vec![left, on_line, right];
            gap.push(super::super::position::separation(&level, left, on_line));
        }
        let hemmed = |at: [f64; 4]| {
            let mut anchor = at.to_vec();
            for (layer, &v) in at.iter().enumerate() {
                anchor.extend([v - gap[layer], v + gap[layer]]);
            }
            drawn(&level, &[false], anchor, vec![(0.0, 0.0)]).offset
        };
        let at_end = hemmed([20.0, 20.0, 20.0, -60.0]);
        let between = hemmed([20.0, 20.0, -60.0, -60.0]);
        assert_eq!(at_end, 80.0 + JOG);
        assert_eq!(between, 80.0 + DRIFT);
    }
}
