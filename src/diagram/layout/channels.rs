//! Slots for the runs that cross one channel (the space between two layers), ordered through a
//! segment dependency graph as in ELK's orthogonal router.
//!
//! Takes the channel's segments (each run's ends on the lower and the higher layer side, across the
//! layers) in a preferred order; returns each segment's slot (0 nearest the lower layer) and the
//! number of slots. Two segments whose spans overlap need distinct slots, and one of them must lie
//! nearer the lower layer: a *dependency* points from the one that goes nearer to the other, the
//! way that crosses less (weight: the crossings it saves), the preferred order where both cross
//! alike. Cycles are broken by a greedy feedback arc order (Eades, Lin and Smyth) that gives up the
//! lightest dependencies, so the fewest crossings are added. Slots are the longest path from the
//! lower layer: segments that do not overlap share a slot, and the channel needs only as many
//! slots as its longest chain of overlapping segments.

/// One run across a channel, as the slot order sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Segment {
    /// Where the run meets the lower layer's side of the channel, across the layers.
    pub left_v: f64,
    /// Where it meets the higher layer's side (for a U-turn: its other end, on the lower side too).
    pub right_v: f64,
    /// A U-turn: both ends on the lower layer's side.
    pub flat: bool,
}

impl Segment {
    fn span(&self) -> (f64, f64) {
        (self.left_v.min(self.right_v), self.left_v.max(self.right_v))
    }

    fn overlaps(&self, other: &Segment, margin: f64) -> bool {
        let ((lo, hi), (olo, ohi)) = (self.span(), other.span());
        olo <= hi + margin && lo <= ohi + margin
    }
}

/// Crossings between two segments of one channel when `a`'s slot lies nearer the lower layer than
/// `b`'s: `b`'s horizontals on that side cross `a`'s vertical, and `a`'s on the far side cross `b`'s.
pub(crate) fn crossings(a: &Segment, b: &Segment) -> usize {
    let inside = |v: f64, s: &Segment| {
        let (lo, hi) = s.span();
        lo < v && v < hi
    };
    let near_b: &[f64] = if b.flat {
        &[b.left_v, b.right_v]
    } else {
        &[b.left_v]
    };
    let far_a: &[f64] = if a.flat { &[] } else { &[a.right_v] };
    near_b.iter().filter(|&&v| inside(v, a)).count()
        + far_a.iter().filter(|&&v| inside(v, b)).count()
}

/// `(slot per segment, slot count)`. Segments closer than `margin` across the layers count as
/// overlapping. `segments` come in the preferred order, which decides between equal choices.
pub(crate) fn slots(segments: &[Segment], margin: f64) -> (Vec<usize>, usize) {
    let graph = Dependencies::new(segments, margin);
    let order = graph.acyclic_order();
    let mut position = vec![0; segments.len()];
    for (at, &s) in order.iter().enumerate() {
        position[s] = at;
    }
    let mut slot = vec![0usize; segments.len()];
    for &s in &order {
        slot[s] = graph.neighbours[s]
            .iter()
            .filter(|d| position[d.other] < position[s])
            .map(|d| slot[d.other] + 1)
            .max()
            .unwrap_or(0);
    }
    let count = slot.iter().map(|s| s + 1).max().unwrap_or(0);
    (slot, count)
}

/// A dependency as one of its ends sees it.
#[derive(Debug, Clone, Copy)]
struct Link {
    other: usize,
    /// Whether the dependency points from `other` to this segment (`other` goes nearer).
    incoming: bool,
    weight: usize,
}

/// The dependency graph of one channel: for every pair of overlapping segments, one dependency.
struct Dependencies {
    neighbours: Vec<Vec<Link>>,
}

impl Dependencies {
    fn new(segments: &[Segment], margin: f64) -> Self {
        let mut neighbours = vec![Vec::new(); segments.len()];
        for i in 0..segments.len() {
            for j in i + 1..segments.len() {
                let (a, b) = (&segments[i], &segments[j]);
                if !a.overlaps(b, margin) {
                    continue;
                }
                let (i_first, j_first) = (crossings(a, b), crossings(b, a));
                let (from, to) = if j_first < i_first { (j, i) } else { (i, j) };
                let weight = i_first.abs_diff(j_first);
                neighbours[from].push(Link {
                    other: to,
                    incoming: false,
                    weight,
                });
                neighbours[to].push(Link {
                    other: from,
                    incoming: true,
                    weight,
                });
            }
        }
        Self { neighbours }
    }

    /// An order of all segments in which as little dependency weight as could be found points
    /// backwards: sinks go to the back, sources to the front, and otherwise the segment whose
    /// outgoing weight most exceeds its incoming weight goes to the front (the first such in the
    /// preferred order). Dependencies of weight 0 count as one crossing's worth less than any
    /// other, so a tie is given up before a crossing.
    fn acyclic_order(&self) -> Vec<usize> {
        let n = self.neighbours.len();
        let mut placed = vec![false; n];
        let (mut front, mut back) = (Vec::with_capacity(n), Vec::new());
        let live = |s: usize, placed: &[bool], incoming: bool| {
            self.neighbours[s]
                .iter()
                .filter(|l| l.incoming == incoming && !placed[l.other])
                .map(|l| 2 * l.weight + 1)
                .sum::<usize>()
        };
        while front.len() + back.len() < n {
            let remaining: Vec<usize> = (0..n).filter(|&s| !placed[s]).collect();
            let pick = remaining
                .iter()
                .copied()
                .find(|&s| live(s, &placed, true) == 0)
                .map(|s| (s, true))
                .or_else(|| {
                    remaining
                        .iter()
                        .copied()
                        .rev()
                        .find(|&s| live(s, &placed, false) == 0)
                        .map(|s| (s, false))
                })
                .unwrap_or_else(|| {
                    let gain =
                        |s: usize| live(s, &placed, false) as i64 - live(s, &placed, true) as i64;
                    let best = remaining
                        .iter()
                        .copied()
                        .max_by(|&a, &b| gain(a).cmp(&gain(b)).then(b.cmp(&a)))
                        .unwrap_or(remaining[0]);
                    (best, true)
                });
            placed[pick.0] = true;
            if pick.1 {
                front.push(pick.0);
            } else {
                back.push(pick.0);
            }
        }
        front.extend(back.into_iter().rev());
        front
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(left_v: f64, right_v: f64) -> Segment {
        Segment {
            left_v,
            right_v,
            flat: false,
        }
    }

    fn u_turn(a: f64, b: f64) -> Segment {
        Segment {
            left_v: a,
            right_v: b,
            flat: true,
        }
    }

    /// Crossings between all pairs of overlapping segments in different slots.
    fn total_crossings(segments: &[Segment], slot: &[usize]) -> usize {
        let mut total = 0;
        for i in 0..segments.len() {
            for j in 0..segments.len() {
                if slot[i] < slot[j] && segments[i].overlaps(&segments[j], 0.0) {
                    total += crossings(&segments[i], &segments[j]);
                }
            }
        }
        total
    }

    #[test]
    fn in_a_fan_out_the_longer_run_goes_nearer_the_source() {
        let (short, long) = (run(5.0, 10.0), run(5.0, 20.0));
        assert_eq!(crossings(&short, &long), 1);
        assert_eq!(crossings(&long, &short), 0);
        let (slot, count) = slots(&[short, long], 0.0);
        assert_eq!((slot, count), (vec![1, 0], 2));
    }

    #[test]
    fn a_u_turn_inside_another_does_not_cross_it() {
        let (inner, outer) = (u_turn(8.0, 12.0), u_turn(5.0, 20.0));
        assert_eq!(crossings(&inner, &outer), 0);
        assert_eq!(crossings(&outer, &inner), 2);
        assert_eq!(slots(&[outer, inner], 0.0), (vec![1, 0], 2));
    }

    #[test]
    fn segments_that_do_not_overlap_share_a_slot() {
        let segments = [run(0.0, 10.0), run(30.0, 40.0), run(35.0, 5.0)];
        let (slot, count) = slots(&segments, 4.0);
        assert_eq!(slot[0], slot[1]);
        assert_ne!(slot[0], slot[2]);
        assert_eq!(count, 2);
    }

    #[test]
    fn segments_closer_than_the_margin_get_their_own_slots() {
        let segments = [run(0.0, 10.0), run(12.0, 20.0)];
        assert_eq!(slots(&segments, 4.0).1, 2);
        assert_eq!(slots(&segments, 1.0).1, 1);
    }

    #[test]
    fn without_a_cycle_no_pair_crosses_more_than_it_must() {
        // A staircase going down and one going up through the same channel.
        let segments = [
            run(0.0, 100.0),
            run(10.0, 90.0),
            run(20.0, 80.0),
            run(95.0, 5.0),
            run(85.0, 15.0),
        ];
        let (slot, _) = slots(&segments, 0.0);
        let least: usize = (0..segments.len())
            .flat_map(|i| (i + 1..segments.len()).map(move |j| (i, j)))
            .map(|(i, j)| {
                crossings(&segments[i], &segments[j]).min(crossings(&segments[j], &segments[i]))
            })
            .sum();
        assert_eq!(total_crossings(&segments, &slot), least);
    }

    #[test]
    fn the_order_follows_the_preferred_order_where_nothing_crosses() {
        let parallel = [run(0.0, 0.0), run(0.0, 0.0)];
        assert_eq!(slots(&parallel, 1.0), (vec![0, 1], 2));
        assert_eq!(
            slots(&[parallel[1], parallel[0]], 1.0),
            (vec![0, 1], 2),
            "ties go in the order given"
        );
    }
}
