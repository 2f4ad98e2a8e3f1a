//! Splits every edge along the nesting tree.
//!
//! Takes the sanitised hierarchy and the edges; returns, per edge, the *level* (innermost container,
//! or the root) where its two ends meet, the two items it joins at that level, and the containers it
//! must cross on each side to reach its real ends. Each container is laid out as one block, so an edge
//! only ever runs inside containers that hold one of its ends: inside each crossed container the edge
//! is routed from its end to a *port* on the container's border, and the level above continues from
//! there. Invalid edges (an end out of range) get no plan and no route.

use super::LayoutGraph;
use super::hierarchy::Hierarchy;

/// One end of an edge as seen at the level where it is routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Top {
    /// A child of the level (the real end, or a container holding it).
    Node(usize),
    /// The level's own border at the start of the layer axis (an edge from a container to a member).
    StartPort,
    /// The level's own border at the end of the layer axis (an edge from a member to its container).
    EndPort,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub level: usize,
    pub from_top: Top,
    pub to_top: Top,
    /// Containers strictly between `from` and `level`, innermost first.
    pub from_chain: Vec<usize>,
    /// Containers strictly between `to` and `level`, innermost first.
    pub to_chain: Vec<usize>,
}

impl Plan {
    pub(crate) fn is_self_loop(&self) -> bool {
        self.from_top == self.to_top
    }
}

pub(crate) fn plan_edges(graph: &LayoutGraph, h: &Hierarchy) -> Vec<Option<Plan>> {
    let n = graph.nodes.len();
    graph
        .edges
        .iter()
        .map(|e| (e.from < n && e.to < n).then(|| plan_edge(h, e.from, e.to)))
        .collect()
}

fn plan_edge(h: &Hierarchy, a: usize, b: usize) -> Plan {
    if a == b {
        return Plan {
            level: h.level_of(a),
            from_top: Top::Node(a),
            to_top: Top::Node(a),
            from_chain: Vec::new(),
            to_chain: Vec::new(),
        };
    }
    if h.is_ancestor(a, b) {
        let to_chain = chain_below(h, b, a);
        return Plan {
            level: a,
            from_top: Top::StartPort,
            to_top: Top::Node(to_chain.last().copied().unwrap_or(b)),
            from_chain: Vec::new(),
            to_chain,
        };
    }
    if h.is_ancestor(b, a) {
        let from_chain = chain_below(h, a, b);
        return Plan {
            level: b,
            from_top: Top::Node(from_chain.last().copied().unwrap_or(a)),
            to_top: Top::EndPort,
            from_chain,
            to_chain: Vec::new(),
        };
    }
    let level = common_level(h, a, b);
    let from_chain = chain_below(h, a, level);
    let to_chain = chain_below(h, b, level);
    Plan {
        level,
        from_top: Top::Node(from_chain.last().copied().unwrap_or(a)),
        to_top: Top::Node(to_chain.last().copied().unwrap_or(b)),
        from_chain,
        to_chain,
    }
}

/// Proper ancestors of `node` that lie strictly inside `level`, innermost first.
fn chain_below(h: &Hierarchy, node: usize, level: usize) -> Vec<usize> {
    h.ancestors(node).take_while(|&a| a != level).collect()
}

/// Innermost container holding both `a` and `b`, or the root.
fn common_level(h: &Hierarchy, a: usize, b: usize) -> usize {
    let of_a: Vec<usize> = h.ancestors(a).collect();
    h.ancestors(b)
        .find(|anc| of_a.contains(anc))
        .unwrap_or(h.root())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::layout::{LayoutEdge, LayoutNode, Size};

    /// 0 zone { 1 host { 2 web } 3 db }, 4 client.
    fn nested() -> LayoutGraph {
        let node = |parent, is_container| LayoutNode {
            size: Size::default(),
            parent,
            is_container,
            tier: None,
        };
        let edge = |from, to| LayoutEdge {
            from,
            to,
            label: None,
            constrains_rank: true,
        };
        LayoutGraph {
            nodes: vec![
                node(None, true),
                node(Some(0), true),
                node(Some(1), false),
                node(Some(0), false),
                node(None, false),
            ],
            edges: vec![edge(4, 2), edge(2, 3), edge(1, 2), edge(2, 9), edge(3, 3)],
            ..LayoutGraph::default()
        }
    }

    #[test]
    fn edges_meet_at_the_innermost_common_level() {
        let g = nested();
        let h = Hierarchy::new(&g.nodes);
        let plans = plan_edges(&g, &h);
        let client_to_web = plans[0].as_ref().expect("valid");
        assert_eq!(client_to_web.level, h.root());
        assert_eq!(
            (client_to_web.from_top, client_to_web.to_top),
            (Top::Node(4), Top::Node(0))
        );
        assert_eq!(client_to_web.to_chain, vec![1, 0]);
        let web_to_db = plans[1].as_ref().expect("valid");
        assert_eq!(
            (web_to_db.level, web_to_db.from_chain.clone()),
            (0, vec![1])
        );
        let host_to_web = plans[2].as_ref().expect("valid");
        assert_eq!(
            (host_to_web.level, host_to_web.from_top),
            (1, Top::StartPort)
        );
        assert!(plans[3].is_none(), "an end out of range gets no plan");
        assert!(plans[4].as_ref().expect("valid").is_self_loop());
    }
}
