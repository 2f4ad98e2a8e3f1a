//! Sanitised nesting of the input nodes.
//!
//! Takes the raw `parent` fields and returns a forest the engine can trust: a parent index that is out
//! of range, points at the node itself or at a node that is not a container is dropped, and every
//! parent cycle is cut at the node that closes it. Every node then has a *level*: the container it sits
//! in, or the virtual root (index `nodes.len()`). The verifier uses the same rules, so both agree on
//! what "member" and "ancestor" mean for malformed input.

use super::LayoutNode;

pub(crate) struct Hierarchy {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Containers and the root, parents before children (root first).
    levels: Vec<usize>,
}

impl Hierarchy {
    pub(crate) fn new(nodes: &[LayoutNode]) -> Self {
        let n = nodes.len();
        let mut parent: Vec<Option<usize>> = (0..n)
            .map(|i| {
                nodes[i]
                    .parent
                    .filter(|&p| p < n && p != i && nodes[p].is_container)
            })
            .collect();
        break_cycles(&mut parent);
        let mut children = vec![Vec::new(); n + 1];
        for (i, p) in parent.iter().enumerate() {
            children[p.unwrap_or(n)].push(i);
        }
        let mut levels = Vec::new();
        let mut stack = vec![n];
        while let Some(k) = stack.pop() {
            levels.push(k);
            for &c in children[k].iter().rev() {
                if nodes[c].is_container {
                    stack.push(c);
                }
            }
        }
        Self {
            parent,
            children,
            levels,
        }
    }

    /// The index standing for the whole drawing.
    pub(crate) fn root(&self) -> usize {
        self.parent.len()
    }

    pub(crate) fn parent(&self, node: usize) -> Option<usize> {
        self.parent.get(node).copied().flatten()
    }

    /// The container `node` is drawn in, or the root.
    pub(crate) fn level_of(&self, node: usize) -> usize {
        self.parent(node).unwrap_or(self.root())
    }

    pub(crate) fn children(&self, level: usize) -> &[usize] {
        self.children.get(level).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn levels_pre_order(&self) -> &[usize] {
        &self.levels
    }

    /// Proper ancestors of `node`, innermost first.
    pub(crate) fn ancestors(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent(node), |&p| self.parent(p))
    }

    /// Whether `anc` is a proper ancestor of `node`.
    pub(crate) fn is_ancestor(&self, anc: usize, node: usize) -> bool {
        self.ancestors(node).any(|a| a == anc)
    }

    pub(crate) fn is_ancestor_or_self(&self, anc: usize, node: usize) -> bool {
        anc == node || self.is_ancestor(anc, node)
    }
}

/// Cuts each parent cycle at the last node of the walk that closes it.
fn break_cycles(parent: &mut [Option<usize>]) {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; parent.len()];
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut current = start;
        loop {
            if state[current] == DONE {
                break;
            }
            if state[current] == ON_PATH {
                if let Some(&last) = path.last() {
                    parent[last] = None;
                }
                break;
            }
            state[current] = ON_PATH;
            path.push(current);
            match parent[current] {
                Some(p) => current = p,
                None => break,
            }
        }
        for node in path {
            state[node] = DONE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::Size;

    fn node(parent: Option<usize>, is_container: bool) -> LayoutNode {
        LayoutNode {
            size: Size::default(),
            parent,
            is_container,
            tier: None,
        }
    }

    #[test]
    fn parent_cycles_are_cut_and_bad_parents_dropped() {
        let nodes = vec![
            node(Some(1), true),
            node(Some(0), true),
            node(Some(9), false),
            node(Some(2), false),
        ];
        let h = Hierarchy::new(&nodes);
        assert_eq!(h.parent(0), Some(1));
        assert_eq!(h.parent(1), None);
        assert_eq!(h.parent(2), None);
        assert_eq!(h.parent(3), None, "node 2 is not a container");
        assert_eq!(h.levels_pre_order(), &[4, 1, 0]);
        assert!(h.is_ancestor(1, 0));
        assert!(!h.is_ancestor(0, 1));
    }
}
