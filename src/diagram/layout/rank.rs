//! Layering of one level: which layer each child of a container (or of the root) sits in.
//!
//! Takes the level's rank-deciding edges (with a minimum length: 2 for labelled edges, so a label gets
//! a layer of its own) and tier hints; returns a layer per item, starting at 0. Cycles are broken by
//! [`super::acyclic`], then each connected part is ranked by network simplex (Gansner et al.), which
//! minimises the total edge length. Parts that edges do not connect are shifted so items of the same
//! tier line up, which is how tier hints seed the ranks when edges do not decide.

use super::acyclic::reversed_edges;

#[derive(Debug, Clone, Copy)]
pub(crate) struct RankEdge {
    pub from: usize,
    pub to: usize,
    pub minlen: i64,
}

/// Upper bound on simplex pivots, so degenerate inputs cannot loop for long.
const MAX_PIVOTS: usize = 4000;

/// Upper bound on edge visits by the pivots' cut-value search (each pivot costs up to edges
/// squared): a 5,000-edge diagram took minutes with the full pivot count. Below ~500 edges the limit
/// is [`MAX_PIVOTS`]; above, fewer pivots leave a feasible ranking that is just less compact.
const PIVOT_WORK: usize = 1_000_000_000;

/// `labelled` lists edges (ranked or not) whose label would like a layer between their ends: when
/// such an edge ends up spanning one layer and an end can move a layer out without breaking a
/// ranked edge, it does. `loose` lists the edges that do not rank (monitoring, replication,
/// lookups): an item joined only by such edges goes to the median layer of its neighbours.
pub(crate) fn rank(
    n: usize,
    edges: &[RankEdge],
    tiers: &[Option<u8>],
    labelled: &[(usize, usize)],
    loose: &[(usize, usize)],
) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let flips = reversed_edges(n, &pairs, tiers);
    let oriented: Vec<RankEdge> = edges
        .iter()
        .zip(&flips)
        .filter(|(e, _)| e.from != e.to && e.from < n && e.to < n)
        .map(|(e, &flip)| {
            let (from, to) = if flip { (e.to, e.from) } else { (e.from, e.to) };
            RankEdge {
                from,
                to,
                minlen: e.minlen.max(0),
            }
        })
        .collect();
    let components = components(n, &oriented);
    let mut ranks = vec![0i64; n];
    for nodes in &components {
        let mut local = vec![usize::MAX; n];
        for (i, &v) in nodes.iter().enumerate() {
            local[v] = i;
        }
        let part: Vec<RankEdge> = oriented
            .iter()
            .filter(|e| local[e.from] != usize::MAX)
            .map(|e| RankEdge {
                from: local[e.from],
                to: local[e.to],
                minlen: e.minlen,
            })
            .collect();
        let part_ranks = network_simplex(nodes.len(), &part);
        for (i, &v) in nodes.iter().enumerate() {
            ranks[v] = part_ranks[i];
        }
    }
    align_tiers(&components, &mut ranks, tiers);
    place_loose_items(&components, &mut ranks, tiers, loose);
    make_room_for_labels(&mut ranks, &oriented, labelled);
    close_empty_layers(&ranks, &oriented, labelled)
}

/// Renumbers ranks from 0 without layers that hold no item and that no edge (ranked, or labelled
/// and wanting room) crosses: tier alignment can leave such gaps between unconnected parts.
fn close_empty_layers(
    ranks: &[i64],
    edges: &[RankEdge],
    labelled: &[(usize, usize)],
) -> Vec<usize> {
    let min = ranks.iter().copied().min().unwrap_or(0);
    let max = ranks.iter().copied().max().unwrap_or(0);
    let span = usize::try_from(max - min).unwrap_or(0) + 1;
    let mut needed = vec![false; span];
    let slot = |r: i64| usize::try_from(r - min).unwrap_or(0);
    for &r in ranks {
        needed[slot(r)] = true;
    }
    let pairs = edges
        .iter()
        .map(|e| (e.from, e.to))
        .chain(labelled.iter().copied());
    for (a, b) in pairs {
        let (Some(&ra), Some(&rb)) = (ranks.get(a), ranks.get(b)) else {
            continue;
        };
        for r in ra.min(rb) + 1..ra.max(rb) {
            needed[slot(r)] = true;
        }
    }
    let mut renumber = vec![0usize; span];
    let mut next = 0;
    for (r, &keep) in needed.iter().enumerate() {
        renumber[r] = next;
        if keep {
            next += 1;
        }
    }
    ranks.iter().map(|&r| renumber[slot(r)]).collect()
}

fn make_room_for_labels(ranks: &mut [i64], edges: &[RankEdge], labelled: &[(usize, usize)]) {
    for &(a, b) in labelled {
        let (Some(&ra), Some(&rb)) = (ranks.get(a), ranks.get(b)) else {
            continue;
        };
        if (ra - rb).abs() != 1 {
            continue;
        }
        let (early, late) = if ra < rb { (a, b) } else { (b, a) };
        let late_may_move = edges
            .iter()
            .filter(|e| e.from == late)
            .all(|e| ranks[e.to] - (ranks[late] + 1) >= e.minlen);
        let early_may_move = edges
            .iter()
            .filter(|e| e.to == early)
            .all(|e| (ranks[early] - 1) - ranks[e.from] >= e.minlen);
        if late_may_move {
            ranks[late] += 1;
        } else if early_may_move {
            ranks[early] -= 1;
        }
    }
}

/// Connected parts (ignoring direction), each sorted, largest first, then by lowest member.
fn components(n: usize, edges: &[RankEdge]) -> Vec<Vec<usize>> {
    let mut root: Vec<usize> = (0..n).collect();
    fn find(root: &mut [usize], mut v: usize) -> usize {
        while root[v] != v {
            root[v] = root[root[v]];
            v = root[v];
        }
        v
    }
    for e in edges {
        let (a, b) = (find(&mut root, e.from), find(&mut root, e.to));
        if a != b {
            root[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of = vec![usize::MAX; n];
    for v in 0..n {
        let r = find(&mut root, v);
        if group_of[r] == usize::MAX {
            group_of[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of[r]].push(v);
    }
    groups.sort_by_key(|g| (std::cmp::Reverse(g.len()), g[0]));
    groups
}

/// Shifts each part (after the first) so its tiered items sit where earlier parts put the same tier.
fn align_tiers(components: &[Vec<usize>], ranks: &mut [i64], tiers: &[Option<u8>]) {
    let mut tier_rank: Vec<Option<i64>> = vec![None; 256];
    for nodes in components {
        let mut wanted: Vec<i64> = nodes
            .iter()
            .filter_map(|&v| {
                let tier = tiers.get(v).copied().flatten()?;
                Some(expected_rank(&tier_rank, tier)? - ranks[v])
            })
            .collect();
        wanted.sort_unstable();
        let shift = wanted
            .get(wanted.len().saturating_sub(1) / 2)
            .copied()
            .unwrap_or(0);
        for &v in nodes {
            ranks[v] += shift;
        }
        for &v in nodes {
            if let Some(tier) = tiers.get(v).copied().flatten() {
                let slot = &mut tier_rank[usize::from(tier)];
                if slot.is_none() {
                    *slot = Some(ranks[v]);
                }
            }
        }
    }
}

/// Moves each untiered item that no ranked edge touches, but loose edges join to ranked items, to the
/// (lower) median layer of those neighbours when it has two or more, instead of layer 0: a
/// monitoring server watching every host then sits beside the hosts' middle, not before the first.
fn place_loose_items(
    components: &[Vec<usize>],
    ranks: &mut [i64],
    tiers: &[Option<u8>],
    loose: &[(usize, usize)],
) {
    let alone: Vec<usize> = components
        .iter()
        .filter(|c| c.len() == 1 && tiers.get(c[0]).copied().flatten().is_none())
        .map(|c| c[0])
        .collect();
    let is_alone = |v: usize| alone.contains(&v);
    for &v in &alone {
        let mut around: Vec<i64> = loose
            .iter()
            .filter_map(|&(a, b)| match (a == v, b == v) {
                (true, false) => Some(b),
                (false, true) => Some(a),
                _ => None,
            })
            .filter(|&w| w < ranks.len() && !is_alone(w))
            .map(|w| ranks[w])
            .collect();
        // With one neighbour the item would only widen that neighbour's layer.
        if around.len() < 2 {
            continue;
        }
        around.sort_unstable();
        ranks[v] = around[(around.len() - 1) / 2];
    }
}

/// Rank of `tier` as seen so far, extrapolated from the nearest known tier (one layer per tier).
fn expected_rank(tier_rank: &[Option<i64>], tier: u8) -> Option<i64> {
    (0..tier_rank.len())
        .filter_map(|t| tier_rank[t].map(|r| (t, r)))
        .min_by_key(|&(t, _)| (t as i64 - i64::from(tier)).abs())
        .map(|(t, r)| r + i64::from(tier) - t as i64)
}

/// Network simplex over one connected, acyclic part; returns ranks with minimum 0.
fn network_simplex(n: usize, edges: &[RankEdge]) -> Vec<i64> {
    let mut ranks = longest_path(n, edges);
    if n > 1 {
        let mut in_tree = feasible_tree(n, edges, &mut ranks);
        let pivots = MAX_PIVOTS.min(PIVOT_WORK / edges.len().saturating_mul(edges.len()).max(1));
        for _ in 0..pivots {
            let tree = Tree::new(n, edges, &in_tree);
            let Some((leave, head)) = tree.negative_cut(edges) else {
                break;
            };
            let Some((enter, slack)) = entering_edge(edges, &in_tree, &head, &ranks) else {
                break;
            };
            for v in 0..n {
                if head[v] {
                    ranks[v] += slack;
                }
            }
            in_tree[leave] = false;
            in_tree[enter] = true;
        }
    }
    let min = ranks.iter().copied().min().unwrap_or(0);
    ranks.iter().map(|r| r - min).collect()
}

fn slack(e: &RankEdge, ranks: &[i64]) -> i64 {
    ranks[e.to] - ranks[e.from] - e.minlen
}

/// Each node as far from the sources as its longest incoming path requires.
fn longest_path(n: usize, edges: &[RankEdge]) -> Vec<i64> {
    let mut indegree = vec![0usize; n];
    let mut outs = vec![Vec::new(); n];
    for e in edges {
        indegree[e.to] += 1;
        outs[e.from].push(*e);
    }
    let mut ranks = vec![0i64; n];
    let mut ready: Vec<usize> = (0..n).rev().filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for e in &outs[v] {
            ranks[e.to] = ranks[e.to].max(ranks[v] + e.minlen);
            indegree[e.to] -= 1;
            if indegree[e.to] == 0 {
                ready.push(e.to);
            }
        }
    }
    ranks
}

/// Grows a spanning tree of tight edges from node 0, shifting the tree to tighten the nearest edge
/// whenever it gets stuck.
fn feasible_tree(n: usize, edges: &[RankEdge], ranks: &mut [i64]) -> Vec<bool> {
    let mut in_tree = vec![false; edges.len()];
    let mut member = vec![false; n];
    member[0] = true;
    let mut size = 1;
    while size < n {
        let mut grew = true;
        while grew {
            grew = false;
            for (i, e) in edges.iter().enumerate() {
                if member[e.from] != member[e.to] && slack(e, ranks) == 0 {
                    member[e.from] = true;
                    member[e.to] = true;
                    in_tree[i] = true;
                    size += 1;
                    grew = true;
                }
            }
        }
        if size >= n {
            break;
        }
        let nearest = edges
            .iter()
            .filter(|e| member[e.from] != member[e.to])
            .min_by_key(|e| slack(e, ranks));
        let Some(e) = nearest else { break };
        let delta = if member[e.from] {
            slack(e, ranks)
        } else {
            -slack(e, ranks)
        };
        for v in 0..n {
            if member[v] {
                ranks[v] += delta;
            }
        }
    }
    in_tree
}

/// The current spanning tree, rooted at node 0, with post-order numbers for subtree tests.
struct Tree {
    low: Vec<usize>,
    lim: Vec<usize>,
    /// For each tree edge, its deeper end.
    child_of_edge: Vec<Option<usize>>,
}

impl Tree {
    fn new(n: usize, edges: &[RankEdge], in_tree: &[bool]) -> Self {
        let mut adjacent = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            if in_tree[i] {
                adjacent[e.from].push((e.to, i));
                adjacent[e.to].push((e.from, i));
            }
        }
        let mut low = vec![0; n];
        let mut lim = vec![0; n];
        let mut child_of_edge = vec![None; edges.len()];
        let mut seen = vec![false; n];
        let mut counter = 0;
        // (node, next neighbour index to visit)
        let mut stack = vec![(0usize, 0usize)];
        seen[0] = true;
        low[0] = counter;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&(w, edge)) = adjacent[v].get(*next) {
                *next += 1;
                if !seen[w] {
                    seen[w] = true;
                    child_of_edge[edge] = Some(w);
                    low[w] = counter;
                    stack.push((w, 0));
                }
            } else {
                lim[v] = counter;
                counter += 1;
                stack.pop();
            }
        }
        Self {
            low,
            lim,
            child_of_edge,
        }
    }

    fn in_subtree(&self, root: usize, v: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// First tree edge whose cut value is negative, with the nodes on its head side.
    fn negative_cut(&self, edges: &[RankEdge]) -> Option<(usize, Vec<bool>)> {
        for (i, e) in edges.iter().enumerate() {
            let Some(child) = self.child_of_edge[i] else {
                continue;
            };
            let (mut into, mut out_of) = (0i64, 0i64);
            for f in edges {
                let (a, b) = (self.in_subtree(child, f.from), self.in_subtree(child, f.to));
                if !a && b {
                    into += 1;
                } else if a && !b {
                    out_of += 1;
                }
            }
            let head_is_subtree = child == e.to;
            let cut = if head_is_subtree {
                into - out_of
            } else {
                out_of - into
            };
            if cut < 0 {
                let head = (0..self.lim.len())
                    .map(|v| self.in_subtree(child, v) == head_is_subtree)
                    .collect();
                return Some((i, head));
            }
        }
        None
    }
}

/// The non-tree edge from the head side to the tail side with the least slack.
fn entering_edge(
    edges: &[RankEdge],
    in_tree: &[bool],
    head: &[bool],
    ranks: &[i64],
) -> Option<(usize, i64)> {
    edges
        .iter()
        .enumerate()
        .filter(|&(i, e)| !in_tree[i] && head[e.from] && !head[e.to])
        .map(|(i, e)| (i, slack(e, ranks)))
        .min_by_key(|&(i, s)| (s, i))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A ranking edge of least length 1.
    pub(in crate::diagram::layout) fn edge(from: usize, to: usize) -> RankEdge {
        RankEdge {
            from,
            to,
            minlen: 1,
        }
    }

    #[test]
    fn a_chain_takes_one_layer_per_node() {
        assert_eq!(
            rank(3, &[edge(0, 1), edge(1, 2)], &[None; 3], &[], &[]),
            vec![0, 1, 2]
        );
    }

    #[test]
    fn simplex_pulls_a_source_next_to_its_target() {
        // 0 -> 1 -> 2 -> 3 and 4 -> 3: longest path puts 4 at 0, simplex moves it to 2.
        let edges = [edge(0, 1), edge(1, 2), edge(2, 3), edge(4, 3)];
        assert_eq!(rank(5, &edges, &[None; 5], &[], &[]), vec![0, 1, 2, 3, 2]);
    }

    #[test]
    fn minlen_two_leaves_a_layer_between() {
        let edges = [RankEdge {
            from: 0,
            to: 1,
            minlen: 2,
        }];
        assert_eq!(rank(2, &edges, &[None; 2], &[], &[]), vec![0, 2]);
    }

    #[test]
    fn loose_parts_line_up_by_tier() {
        // 0 (tier 0) -> 1 (tier 2); 2 (tier 2) stands alone and joins 1's layer.
        let ranks = rank(
            3,
            &[RankEdge {
                from: 0,
                to: 1,
                minlen: 2,
            }],
            &[Some(0), Some(2), Some(2)],
            &[],
            &[],
        );
        assert_eq!(ranks, vec![0, 2, 2]);
    }

    #[test]
    fn an_unranked_labelled_edge_gets_a_layer_for_its_label() {
        // 0 -> 1 ranks; 2 (tier of 1, so first put beside 1) hangs off 0 by an unranked labelled
        // edge and moves a layer out.
        let ranks = rank(
            3,
            &[edge(0, 1)],
            &[Some(0), Some(1), Some(1)],
            &[(0, 2)],
            &[],
        );
        assert_eq!(ranks, vec![0, 1, 2]);
    }

    #[test]
    fn far_tiers_leave_no_empty_layers() {
        // 0 (tier 0) -> 1 (tier 1); 2 (tier 200) stands alone: it goes right after, not 199 later.
        let ranks = rank(3, &[edge(0, 1)], &[Some(0), Some(1), Some(200)], &[], &[]);
        assert_eq!(ranks, vec![0, 1, 2]);
    }

    #[test]
    fn an_item_with_only_loose_edges_sits_at_their_median_layer() {
        // A chain 0 -> 1 -> 2 -> 3 -> 4; 5 watches 1, 2 and 3 by unranked edges: it joins layer 2,
        // not layer 0 where an unconnected item would start.
        let chain = [edge(0, 1), edge(1, 2), edge(2, 3), edge(3, 4)];
        let ranks = rank(6, &chain, &[None; 6], &[], &[(5, 1), (5, 2), (3, 5)]);
        assert_eq!(ranks, vec![0, 1, 2, 3, 4, 2]);
    }

    #[test]
    fn cycles_still_get_layers() {
        let ranks = rank(
            3,
            &[edge(0, 1), edge(1, 2), edge(2, 0)],
            &[None; 3],
            &[],
            &[],
        );
        assert_eq!(
            ranks
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            3
        );
    }
}
