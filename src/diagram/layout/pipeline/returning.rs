//! Paths that leave a container and come back into it.
//!
//! A container's members are ranked on their own, by the edges between them. A path that runs from
//! one member out through nodes outside the container and back into another member (a queue read
//! by a worker outside that writes to the primary beside the queue) orders those two members just
//! as an edge between them would: ranking the whole graph at once puts the second member in a later
//! layer. Ranking the container without it puts both in one layer, and the edges that fan from
//! outside into both then cross where a later layer would have let them pass on either side.
//!
//! Takes the graph, its nesting and one container; returns pairs of that container's children
//! (indices into its child list) joined by such a path, leaving out every pair that would close a
//! cycle with the container's own edges or an earlier pair.

use super::super::LayoutGraph;
use super::super::hierarchy::Hierarchy;

/// Where a node sits relative to the container being ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Inside it, under the child with this index in its child list.
    Member(usize),
    /// The container itself: a path through its border is not a path round it.
    Container,
    Outside,
}

/// The pairs `(from, to)` of children of `container` joined by a rank-deciding path that runs only
/// through nodes outside it, given the pairs its own edges already join (`inner`), in the order
/// found (members by child index, then targets by child index).
pub(super) fn returning_pairs(
    graph: &LayoutGraph,
    hierarchy: &Hierarchy,
    container: usize,
    inner: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let children = hierarchy.children(container);
    let n = graph.nodes.len();
    if container >= n || children.len() < 2 {
        return Vec::new();
    }
    let places: Vec<Place> = (0..n).map(|x| place(hierarchy, container, x)).collect();
    let mut out_edges = vec![Vec::new(); n];
    for edge in graph.edges.iter().filter(|e| e.constrains_rank) {
        if edge.from < n && edge.to < n && edge.from != edge.to {
            out_edges[edge.from].push(edge.to);
        }
    }
    let mut joined: Vec<Vec<usize>> = vec![Vec::new(); children.len()];
    for &(a, b) in inner {
        if a < children.len() && b < children.len() {
            joined[a].push(b);
        }
    }
    let mut pairs = Vec::new();
    for from in 0..children.len() {
        for to in reached_from_outside(&places, &out_edges, from) {
            if to != from && !joined[from].contains(&to) && !reaches(&joined, to, from) {
                joined[from].push(to);
                pairs.push((from, to));
            }
        }
    }
    pairs
}

fn place(hierarchy: &Hierarchy, container: usize, node: usize) -> Place {
    if node == container {
        return Place::Container;
    }
    let children = hierarchy.children(container);
    let top = std::iter::once(node)
        .chain(hierarchy.ancestors(node))
        .take_while(|&x| x != container)
        .last()
        .filter(|&x| hierarchy.parent(x) == Some(container));
    match top.and_then(|t| children.iter().position(|&c| c == t)) {
        Some(i) => Place::Member(i),
        None => Place::Outside,
    }
}

/// The children reached from child `from` by leaving the container and walking outside nodes only,
/// sorted.
fn reached_from_outside(places: &[Place], out_edges: &[Vec<usize>], from: usize) -> Vec<usize> {
    let mut seen = vec![false; places.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    let step = |next: usize, seen: &mut [bool], stack: &mut Vec<usize>, found: &mut Vec<usize>| {
        match places[next] {
            Place::Outside if !seen[next] => {
                seen[next] = true;
                stack.push(next);
            }
            Place::Member(m) => found.push(m),
            _ => {}
        }
    };
    for (x, _) in places
        .iter()
        .enumerate()
        .filter(|(_, p)| **p == Place::Member(from))
    {
        for &next in &out_edges[x] {
            if places[next] == Place::Outside {
                step(next, &mut seen, &mut stack, &mut found);
            }
        }
    }
    while let Some(x) = stack.pop() {
        for &next in &out_edges[x] {
            step(next, &mut seen, &mut stack, &mut found);
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether `to` is reachable from `from` along `joined`.
fn reaches(joined: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; joined.len()];
    let mut stack = vec![from];
    while let Some(x) = stack.pop() {
        if x == to {
            return true;
        }
        if !std::mem::replace(&mut seen[x], true) {
            stack.extend(joined[x].iter().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::{Direction, LayoutEdge, LayoutNode, Size};

    fn edge(from: usize, to: usize, constrains_rank: bool) -> LayoutEdge {
        LayoutEdge {
            from,
            to,
            label: None,
            constrains_rank,
        }
    }

    /// Container 0 holds 1, 2 and 3; 4 and 5 are outside. 1 -> 4 -> 2 returns; 2 -> 5 -> 1 would
    /// close a cycle with it and is left out; a path through a loose edge does not rank.
    #[test]
    fn paths_out_and_back_join_members_without_cycles() {
        let parents = [None, Some(0), Some(0), Some(0), None, None];
        let nodes = (parents.iter().enumerate())
            .map(|(i, &parent)| LayoutNode {
                size: Size::default(),
                parent,
                is_container: i == 0,
                tier: None,
            })
            .collect();
        let graph = LayoutGraph {
            direction: Direction::Right,
            nodes,
            edges: vec![
                edge(1, 4, true),
                edge(4, 2, true),
                edge(2, 5, true),
                edge(5, 1, true),
                edge(3, 4, false),
            ],
        };
        let hierarchy = Hierarchy::new(&graph.nodes);
        // Children of 0 in order: 1, 2, 3 (local 0, 1, 2).
        assert_eq!(returning_pairs(&graph, &hierarchy, 0, &[]), vec![(0, 1)]);
        assert_eq!(
            returning_pairs(&graph, &hierarchy, 0, &[(1, 0)]),
            Vec::<(usize, usize)>::new(),
            "an inner edge 2 -> 1 wins over the path"
        );
        assert!(returning_pairs(&graph, &hierarchy, hierarchy.root(), &[]).is_empty());
    }
}
