//! Slots for the runs that cross one channel (the space between two layers), ordered through a
//! segment dependency graph as in ELK's orthogonal router.
//!
//! Takes the channel's segments (each run's ends on the lower and the higher layer side, across the
//! layers) in a preferred order; returns each segment's slot (0 nearest the lower layer) and the
//! number of slots. Two segments whose spans overlap need distinct slots, and one of them must lie
//! nearer the lower layer: a *dependency* points from the one that goes nearer to the other, the
//! way that crosses less (weight: the crossings it saves), then the way that keeps their runs along
//! the layers apart ([`crowding`]), the preferred order where both draw alike. Cycles are broken by
//! a greedy feedback arc order (Eades, Lin and Smyth) that gives up the lightest dependencies, so
//! the fewest crossings are added; a sifting pass then improves that order
//! ([`Dependencies::sift`]). Slots are the longest path from the lower layer: segments that do not
//! overlap share a slot, and the channel needs only as many slots as its longest chain of
//! overlapping segments. Two that do not overlap but lie within the spacing get a dependency too,
//! one that lets them share a slot: when other segments part them, the one whose run on would pass
//! beside the other's end does not go nearer.

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

/// How crowded the runs along the layers would lie when `a`'s slot lies nearer the lower layer than
/// `b`'s: `a`'s run on to the higher layer then passes beside `b`'s runs from the lower layer,
/// between the two slots. Each such pair closer than `spacing` across the layers counts the
/// sixteenths of the spacing it lacks, rounded up (1 to [`CROWDING_STEPS`]), so a cycle of
/// dependencies gives up the pair that lies least short. (The other pairs of runs share their
/// stretch of the channel whichever slot goes nearer, so the order cannot part them.)
pub(crate) fn crowding(a: &Segment, b: &Segment, spacing: f64) -> usize {
    if a.flat || spacing <= 0.0 {
        return 0;
    }
    let near_b: &[f64] = if b.flat {
        &[b.left_v, b.right_v]
    } else {
        &[b.left_v]
    };
    near_b
        .iter()
        .map(|&v| (spacing - (v - a.right_v).abs()) / spacing)
        .filter(|&short| short > 1e-9)
        .map(|short| (short * CROWDING_STEPS as f64).ceil() as usize)
        .sum()
}

/// The most one pair of runs side by side counts in [`crowding`].
const CROWDING_STEPS: usize = 16;

/// What putting `a` nearer the lower layer than `b` costs: any crossing outweighs any crowding (at
/// most two pairs of runs, each [`CROWDING_STEPS`]).
fn cost(a: &Segment, b: &Segment, spacing: f64) -> usize {
    (2 * CROWDING_STEPS + 1) * crossings(a, b) + crowding(a, b, spacing)
}

/// `(slot per segment, slot count)` for tracks `spacing` apart. Segments closer than half the
/// spacing across the layers count as overlapping. `segments` come in the preferred order, which
/// decides between equal choices.
pub(crate) fn slots(segments: &[Segment], spacing: f64) -> (Vec<usize>, usize) {
    let graph = Dependencies::new(segments, spacing);
    let mut order = graph.acyclic_order();
    graph.sift(&mut order);
    let mut position = vec![0; segments.len()];
    for (at, &s) in order.iter().enumerate() {
        position[s] = at;
    }
    let mut slot = vec![0usize; segments.len()];
    for &s in &order {
        slot[s] = graph.neighbours[s]
            .iter()
            .filter(|d| position[d.other] < position[s])
            .map(|d| slot[d.other] + usize::from(d.apart))
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
    /// What the other order would cost more ([`cost`]).
    weight: usize,
    /// The two segments overlap, so they need distinct slots; otherwise they may share one, and the
    /// dependency only keeps the later from lying nearer the lower layer.
    apart: bool,
}

impl Link {
    /// What an order pays for pointing this dependency backwards: its weight, and a little for
    /// leaving the preferred order (so a tie counts less than anything else given up).
    fn given_up(&self) -> usize {
        2 * self.weight + 1
    }
}

/// How many times [`Dependencies::sift`] goes over the order at most.
const SIFT_ROUNDS: usize = 3;

/// The dependency graph of one channel: for every pair of overlapping segments, one dependency.
struct Dependencies {
    neighbours: Vec<Vec<Link>>,
}

impl Dependencies {
    fn new(segments: &[Segment], spacing: f64) -> Self {
        let mut neighbours = vec![Vec::new(); segments.len()];
        for i in 0..segments.len() {
            for j in i + 1..segments.len() {
                let (a, b) = (&segments[i], &segments[j]);
                let apart = a.overlaps(b, spacing / 2.0);
                let (i_first, j_first) = (cost(a, b, spacing), cost(b, a, spacing));
                // Segments that need not be apart still crowd each other's runs when other
                // segments push them into different slots the wrong way round.
                if !apart && i_first == j_first {
                    continue;
                }
                let (from, to) = if j_first < i_first { (j, i) } else { (i, j) };
                let weight = i_first.abs_diff(j_first);
                neighbours[from].push(Link {
                    other: to,
                    incoming: false,
                    weight,
                    apart,
                });
                neighbours[to].push(Link {
                    other: from,
                    incoming: true,
                    weight,
                    apart,
                });
            }
        }
        Self { neighbours }
    }

    /// An order of all segments in which as little dependency weight as could be found points
    /// backwards: sinks go to the back, sources to the front, and otherwise the segment whose
    /// outgoing weight most exceeds its incoming weight goes to the front (the first such in the
    /// preferred order). Dependencies of weight 0 count as less than any other, so a tie is given
    /// up before a pair of runs side by side, and that before a crossing.
    fn acyclic_order(&self) -> Vec<usize> {
        let n = self.neighbours.len();
        let mut placed = vec![false; n];
        let (mut front, mut back) = (Vec::with_capacity(n), Vec::new());
        let live = |s: usize, placed: &[bool], incoming: bool| {
            self.neighbours[s]
                .iter()
                .filter(|l| l.incoming == incoming && !placed[l.other])
                .map(Link::given_up)
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

    /// Improves a greedy order: moves each segment in turn to the place where the dependencies it
    /// gives up weigh least (staying put on ties), until a round moves none. The greedy order can
    /// break a cycle at a heavy dependency when the segment holding it has more weight elsewhere.
    fn sift(&self, order: &mut Vec<usize>) {
        let mut towards = vec![None; self.neighbours.len()];
        for _ in 0..SIFT_ROUNDS {
            let mut moved = false;
            for s in order.clone() {
                for link in &self.neighbours[s] {
                    towards[link.other] = Some(*link);
                }
                let at = order.iter().position(|&x| x == s).unwrap_or(0);
                order.remove(at);
                // Cost of inserting `s` before index `k` of the rest, for every `k`.
                let mut cost: usize = self.neighbours[s]
                    .iter()
                    .filter(|l| l.incoming)
                    .map(Link::given_up)
                    .sum();
                let (mut best, mut best_cost) = (at, None);
                for k in 0..=order.len() {
                    if k > 0
                        && let Some(link) = towards[order[k - 1]]
                    {
                        if link.incoming {
                            cost -= link.given_up();
                        } else {
                            cost += link.given_up();
                        }
                    }
                    // Strictly better, or as good at the current place.
                    let better = best_cost.is_none_or(|c| cost < c || (k == at && cost == c));
                    if better {
                        (best, best_cost) = (k, Some(cost));
                    }
                }
                moved |= best != at;
                order.insert(best, s);
                for link in &self.neighbours[s] {
                    towards[link.other] = None;
                }
            }
            if !moved {
                break;
            }
        }
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

    /// Two jogs a little apart need no distinct slots, but when another segment puts one in a
    /// second slot, the other does not go nearer: its run on would pass beside the first's end.
    #[test]
    fn segments_close_but_apart_share_a_slot_or_keep_the_uncrowded_order() {
        let (left, right) = (run(338.0, 335.5), run(348.0, 345.5));
        assert!(!left.overlaps(&right, 5.0));
        assert!(crowding(&right, &left, 10.0) > 0);
        assert_eq!(crowding(&left, &right, 10.0), 0);
        assert_eq!(slots(&[left, right], 10.0), (vec![0, 0], 1));
        // `pushing` crosses `left` unless it goes nearer, so `left` takes the second slot.
        let pushing = run(336.5, 320.0);
        let (slot, _) = slots(&[left, right, pushing], 10.0);
        assert_eq!((slot[2], slot[0]), (0, 1));
        assert!(slot[1] >= slot[0], "{slot:?}");
    }

    #[test]
    fn a_u_turn_inside_another_does_not_cross_it() {
        let (inner, outer) = (u_turn(8.0, 12.0), u_turn(5.0, 20.0));
        assert_eq!(crossings(&inner, &outer), 0);
        assert_eq!(crossings(&outer, &inner), 2);
        assert_eq!(slots(&[outer, inner], 0.0), (vec![1, 0], 2));
    }

    #[test]
    fn a_run_on_to_the_higher_layer_does_not_pass_over_a_run_from_the_lower_layer_beside_it() {
        // Either order crosses nothing; `down` nearer the lower layer would run its end along
        // `next`'s start, 2 apart, between the two tracks.
        let (down, next) = (run(0.0, 50.0), run(52.0, 100.0));
        assert_eq!((crossings(&down, &next), crossings(&next, &down)), (0, 0));
        assert_eq!(
            crowding(&down, &next, 10.0),
            13,
            "8 of 10 short: 12.8 sixteenths"
        );
        assert_eq!(crowding(&next, &down, 10.0), 0);
        assert_eq!(slots(&[down, next], 10.0), (vec![1, 0], 2));
        assert_eq!(crowding(&down, &run(59.0, 100.0), 10.0), 2);
        assert_eq!(
            crowding(&down, &run(60.0, 100.0), 10.0),
            0,
            "a spacing apart is enough"
        );
    }

    #[test]
    fn a_cycle_gives_up_the_pair_that_lies_least_short_of_the_spacing() {
        // A run down beside two runs up (as in stress-60): `down` must go nearer than `near`
        // (else 0.5 apart) and `far` nearer than `down` (else 1 apart), but `near` nearer than
        // `far` too (else 4 apart): the last is given up.
        let (down, near, far) = (run(0.0, 48.0), run(27.0, 0.5), run(47.0, 31.0));
        assert_eq!(crowding(&far, &near, 10.0), 10);
        let (slot, count) = slots(&[down, near, far], 10.0);
        assert_eq!((slot, count), (vec![1, 2, 0], 3));
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
        assert_eq!(slots(&segments, 8.0).1, 2);
        assert_eq!(slots(&segments, 2.0).1, 1);
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
        assert_eq!(slots(&parallel, 2.0), (vec![0, 1], 2));
        assert_eq!(
            slots(&[parallel[1], parallel[0]], 2.0),
            (vec![0, 1], 2),
            "ties go in the order given"
        );
    }
}
