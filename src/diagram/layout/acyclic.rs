//! Cycle removal by the greedy heuristic of Eades, Lin and Smyth.
//!
//! Takes the rank-deciding edges of one level and returns, per edge, whether it must be reversed so the
//! graph becomes acyclic. The heuristic builds a vertex sequence (sources to the front, sinks to the
//! back, otherwise the vertex with the largest out-minus-in degree) and reverses the edges that point
//! backwards in it; ties go to the lower tier hint, then to the lower index, so results are stable.

/// `edges` are `(from, to)` pairs over `0..n`; self loops are never reversed.
pub(crate) fn reversed_edges(
    n: usize,
    edges: &[(usize, usize)],
    tiers: &[Option<u8>],
) -> Vec<bool> {
    let mut out_deg = vec![0usize; n];
    let mut in_deg = vec![0usize; n];
    let mut outs = vec![Vec::new(); n];
    let mut ins = vec![Vec::new(); n];
    for &(u, v) in edges {
        if u != v && u < n && v < n {
            out_deg[u] += 1;
            in_deg[v] += 1;
            outs[u].push(v);
            ins[v].push(u);
        }
    }
    let mut graph = Remaining {
        alive: vec![true; n],
        count: n,
        out_deg,
        in_deg,
        outs,
        ins,
    };
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    while graph.count > 0 {
        let mut progress = false;
        for v in 0..n {
            if graph.alive[v] && graph.out_deg[v] == 0 {
                graph.remove(v);
                back.push(v);
                progress = true;
            }
        }
        for v in 0..n {
            if graph.alive[v] && graph.in_deg[v] == 0 {
                graph.remove(v);
                front.push(v);
                progress = true;
            }
        }
        if progress {
            continue;
        }
        let best = (0..n).filter(|&v| graph.alive[v]).max_by_key(|&v| {
            let delta = graph.out_deg[v] as i64 - graph.in_deg[v] as i64;
            let tier = tiers.get(v).copied().flatten().unwrap_or(u8::MAX);
            (delta, std::cmp::Reverse(tier), std::cmp::Reverse(v))
        });
        match best {
            Some(v) => {
                graph.remove(v);
                front.push(v);
            }
            None => break,
        }
    }
    let mut position = vec![0usize; n];
    for (i, &v) in front.iter().chain(back.iter().rev()).enumerate() {
        position[v] = i;
    }
    edges
        .iter()
        .map(|&(u, v)| u < n && v < n && position[u] > position[v])
        .collect()
}

/// The part of the graph not yet placed in the sequence, with live degrees.
struct Remaining {
    alive: Vec<bool>,
    count: usize,
    out_deg: Vec<usize>,
    in_deg: Vec<usize>,
    outs: Vec<Vec<usize>>,
    ins: Vec<Vec<usize>>,
}

impl Remaining {
    fn remove(&mut self, v: usize) {
        self.alive[v] = false;
        self.count -= 1;
        for &w in &self.outs[v] {
            self.in_deg[w] -= 1;
        }
        for &w in &self.ins[v] {
            self.out_deg[w] -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_triangle_loses_exactly_one_edge() {
        let flips = reversed_edges(3, &[(0, 1), (1, 2), (2, 0)], &[None; 3]);
        assert_eq!(flips.iter().filter(|&&f| f).count(), 1);
    }

    #[test]
    fn a_dag_keeps_every_edge() {
        let flips = reversed_edges(4, &[(0, 1), (1, 2), (0, 3), (3, 2)], &[None; 4]);
        assert!(flips.iter().all(|&f| !f));
    }

    #[test]
    fn the_lower_tier_wins_a_two_cycle() {
        let flips = reversed_edges(2, &[(1, 0), (0, 1)], &[Some(4), Some(5)]);
        assert_eq!(flips, vec![true, false]);
    }
}
