//! Packing a page's word positions the way the browser unpacks them.
//!
//! `locs`: positions sorted with the common weight (24 for a weight of 1; the format's initial
//! weight is 25, so the first position always switches weight unless a word weighs 25) first,
//! then by weight and position; a weight change is `-(weight + 1)` followed by the absolute
//! position, and other positions are the gap from the previous one. `meta_locs`: per metadata
//! field, `-(field + 1)` then gaps from the previous position in that field.

/// A word at `position` of the page's words, weighing `weight` (24 = normal, 0 = unweighted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub position: u32,
    pub weight: u8,
}

/// The weight the browser assumes before the first marker.
const INITIAL_WEIGHT: u8 = 25;

/// `hits` as `locs`.
pub fn locs(mut hits: Vec<Hit>) -> Vec<i32> {
    hits.sort_by_key(|hit| {
        (
            if hit.weight == INITIAL_WEIGHT {
                0
            } else {
                hit.weight
            },
            hit.position,
        )
    });
    let mut weight = INITIAL_WEIGHT;
    let mut last = 0;
    let mut locs = Vec::with_capacity(hits.len() + 2);
    for hit in hits {
        if hit.weight != weight {
            locs.push(-i32::from(hit.weight) - 1);
            locs.push(hit.position as i32);
            weight = hit.weight;
        } else {
            locs.push(hit.position.wrapping_sub(last) as i32);
        }
        last = hit.position;
    }
    locs
}

/// Positions `(field, position)` in the page's metadata as `meta_locs`.
pub fn meta_locs(mut hits: Vec<(u16, u32)>) -> Vec<i32> {
    hits.sort_unstable();
    let mut field = None;
    let mut last = 0;
    let mut locs = Vec::with_capacity(hits.len() + 2);
    for (id, position) in hits {
        if field != Some(id) {
            locs.push(-i32::from(id) - 1);
            field = Some(id);
            last = 0;
        }
        locs.push(position.wrapping_sub(last) as i32);
        last = position;
    }
    locs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(position: u32, weight: u8) -> Hit {
        Hit { position, weight }
    }

    #[test]
    fn normal_words_come_first_then_each_weight_with_a_marker() {
        let hits = vec![
            hit(9, 24),
            hit(0, 168),
            hit(4, 24),
            hit(12, 168),
            hit(2, 12),
        ];
        // weight 12 first (sorted by weight), then 24, then 168 (an h1).
        assert_eq!(locs(hits), vec![-13, 2, -25, 4, 5, -169, 0, 12]);
    }

    #[test]
    fn the_initial_weight_needs_no_marker() {
        assert_eq!(locs(vec![hit(3, 25), hit(7, 25)]), vec![3, 4]);
    }

    #[test]
    fn meta_positions_restart_per_field() {
        assert_eq!(
            meta_locs(vec![(3, 2), (0, 5), (0, 0)]),
            vec![-1, 0, 5, -4, 2]
        );
    }
}
