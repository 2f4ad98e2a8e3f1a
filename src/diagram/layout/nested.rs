//! Containers that run in a direction of their own (a Mermaid `subgraph` or composite state with
//! its own `direction`). Such a container is laid out on its own, as a drawing whose root is the
//! container, and then placed in its parent as one leaf of that size; edges from outside to the
//! container itself end on its border. That only works when no edge joins a member to something
//! outside (the edge would have to cross the border of a block laid out separately), so, as
//! Mermaid does, a container with such an edge keeps its parent's direction.
//!
//! Takes the graph, the drawing's [`Orientation`] and one optional orientation per node; returns
//! the same [`Layout`] [`layout`] does, indexed like the input.

use std::collections::BTreeMap;

use super::{Direction, EdgeRoute, Layout, LayoutEdge, LayoutGraph, LayoutNode, Rect, layout};

/// Which way the layers of a block run, and whether they run backwards (bottom to top, right to
/// left).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Orientation {
    pub direction: Direction,
    pub reversed: bool,
}

/// Lays out `graph` in `orientation`; every container `c` with `own[c]` set and no edge between a
/// member and the outside is laid out in `own[c]` (when that differs from the direction around it).
/// Nodes past the end of `own` have none.
pub fn layout_nested(
    graph: &LayoutGraph,
    orientation: Orientation,
    own: &[Option<Orientation>],
) -> Layout {
    let owners = Owners::new(graph, orientation, own);
    let block = lay_out_block(graph, None, orientation, &owners);
    let mut result = Layout {
        nodes: vec![Rect::default(); graph.nodes.len()],
        edges: vec![EdgeRoute::default(); graph.edges.len()],
        width: block.width,
        height: block.height,
    };
    for (node, rect) in block.nodes {
        result.nodes[node] = rect;
    }
    for (edge, route) in block.edges {
        result.edges[edge] = route;
    }
    result
}

/// For every node, the orientation of the block it is laid out in: the innermost container of
/// its own holding it, else `orientation` (a container's own box sits in its parent's block). A
/// front end uses it to draw shapes that follow the flow (a fork bar lies across it).
pub fn block_orientations(
    graph: &LayoutGraph,
    orientation: Orientation,
    own: &[Option<Orientation>],
) -> Vec<Orientation> {
    let owners = Owners::new(graph, orientation, own);
    owners
        .owner
        .iter()
        .map(|owner| owner.and_then(|c| owners.own[c]).unwrap_or(orientation))
        .collect()
}

/// Lays out with every edge turned round when `reversed`, then turns each route back, so arrows
/// keep pointing from source to target.
fn lay_out_oriented(graph: &mut LayoutGraph, reversed: bool) -> Layout {
    let turn = |graph: &mut LayoutGraph| {
        for edge in &mut graph.edges {
            std::mem::swap(&mut edge.from, &mut edge.to);
        }
    };
    if !reversed {
        return layout(graph);
    }
    turn(graph);
    let mut result = layout(graph);
    turn(graph);
    for route in &mut result.edges {
        route.points.reverse();
    }
    result
}

/// The containers laid out on their own, and for every node the nearest of them holding it.
struct Owners {
    own: Vec<Option<Orientation>>,
    owner: Vec<Option<usize>>,
}

impl Owners {
    fn new(graph: &LayoutGraph, top: Orientation, declared: &[Option<Orientation>]) -> Owners {
        let count = graph.nodes.len();
        let Some(ancestors) = ancestor_lists(graph) else {
            // A parent cycle: no block of its own (the engine drops the cycle).
            return Owners {
                own: vec![None; count],
                owner: vec![None; count],
            };
        };
        let below = |node: usize, container: usize| ancestors[node].contains(&container);
        let mut own: Vec<Option<Orientation>> = (0..count)
            .map(|c| {
                let wanted = declared.get(c).copied().flatten()?;
                let crossing = graph.edges.iter().any(|e| {
                    let inside = |n: usize| n == c || (n < count && below(n, c));
                    (e.from < count && below(e.from, c) && !inside(e.to))
                        || (e.to < count && below(e.to, c) && !inside(e.from))
                });
                (graph.nodes[c].is_container && !crossing).then_some(wanted)
            })
            .collect();
        // A container running the way of the block around it needs no block of its own.
        let around = |c: usize, own: &[Option<Orientation>]| {
            ancestors[c].iter().find_map(|a| own[*a]).unwrap_or(top)
        };
        let same: Vec<usize> = (0..count)
            .filter(|c| own[*c].is_some_and(|o| o == around(*c, &own)))
            .collect();
        for c in same {
            own[c] = None;
        }
        let owner = (0..count)
            .map(|n| ancestors[n].iter().copied().find(|a| own[*a].is_some()))
            .collect();
        Owners { own, owner }
    }
}

/// For each node, its containers from the innermost out; `None` when the parents form a cycle.
fn ancestor_lists(graph: &LayoutGraph) -> Option<Vec<Vec<usize>>> {
    let count = graph.nodes.len();
    (0..count)
        .map(|node| {
            let mut list = Vec::new();
            let mut current = graph.nodes[node].parent.filter(|p| *p < count);
            while let Some(p) = current {
                if list.len() > count {
                    return None;
                }
                list.push(p);
                current = graph.nodes[p].parent.filter(|q| *q < count);
            }
            Some(list)
        })
        .collect()
}

/// One block's boxes and routes in its own coordinates.
struct Block {
    nodes: Vec<(usize, Rect)>,
    edges: Vec<(usize, EdgeRoute)>,
    width: f64,
    height: f64,
}

/// Lays out the members of `root` (the whole drawing for `None`): containers of their own inside
/// it first, each then standing in as one leaf of its size.
fn lay_out_block(
    graph: &LayoutGraph,
    root: Option<usize>,
    orientation: Orientation,
    owners: &Owners,
) -> Block {
    let members: Vec<usize> = (0..graph.nodes.len())
        .filter(|n| Some(*n) == root || owners.owner[*n] == root)
        .collect();
    let local: BTreeMap<usize, usize> = members.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let inner: BTreeMap<usize, Block> = members
        .iter()
        .filter(|n| Some(**n) != root)
        .filter_map(|n| Some((*n, owners.own[*n]?)))
        .map(|(n, o)| (n, lay_out_block(graph, Some(n), o, owners)))
        .collect();
    let nodes = members
        .iter()
        .map(|n| {
            let node = &graph.nodes[*n];
            match inner.get(n) {
                Some(block) => LayoutNode {
                    size: block.root_size(*n),
                    parent: node.parent.and_then(|p| local.get(&p).copied()),
                    is_container: false,
                    tier: None,
                },
                None => LayoutNode {
                    parent: node
                        .parent
                        .filter(|_| Some(*n) != root)
                        .and_then(|p| local.get(&p).copied()),
                    ..node.clone()
                },
            }
        })
        .collect();
    let edges: Vec<(usize, LayoutEdge)> = graph
        .edges
        .iter()
        .enumerate()
        .filter_map(|(e, edge)| {
            let (from, to) = (*local.get(&edge.from)?, *local.get(&edge.to)?);
            Some((
                e,
                LayoutEdge {
                    from,
                    to,
                    ..edge.clone()
                },
            ))
        })
        .collect();
    let mut block_graph = LayoutGraph {
        direction: orientation.direction,
        nodes,
        edges: edges.iter().map(|(_, e)| e.clone()).collect(),
    };
    let drawn = lay_out_oriented(&mut block_graph, orientation.reversed);
    let mut block = Block {
        nodes: Vec::new(),
        edges: Vec::new(),
        width: drawn.width,
        height: drawn.height,
    };
    for (n, rect) in members.iter().zip(&drawn.nodes) {
        block.nodes.push((*n, *rect));
        if let Some(own) = inner.get(n) {
            block.take_inner(own, *n, *rect);
        }
    }
    for ((e, _), route) in edges.iter().zip(drawn.edges) {
        block.edges.push((*e, route));
    }
    block
}

impl Block {
    fn root_rect(&self, root: usize) -> Rect {
        self.nodes
            .iter()
            .find(|(n, _)| *n == root)
            .map_or(Rect::default(), |(_, r)| *r)
    }

    fn root_size(&self, root: usize) -> super::Size {
        let rect = self.root_rect(root);
        super::Size {
            width: rect.width,
            height: rect.height,
        }
    }

    /// Moves `inner` (the block of container `root`) so its root lands on `placed`, centred if
    /// the leaf came out larger than asked.
    fn take_inner(&mut self, inner: &Block, root: usize, placed: Rect) {
        let own = inner.root_rect(root);
        let dx = placed.x + (placed.width - own.width) / 2.0 - own.x;
        let dy = placed.y + (placed.height - own.height) / 2.0 - own.y;
        let shift = |r: Rect| Rect {
            x: r.x + dx,
            y: r.y + dy,
            ..r
        };
        for (n, rect) in &inner.nodes {
            if *n != root {
                self.nodes.push((*n, shift(*rect)));
            }
        }
        for (e, route) in &inner.edges {
            let mut route = route.clone();
            for point in &mut route.points {
                point.x += dx;
                point.y += dy;
            }
            route.label = route.label.map(shift);
            self.edges.push((*e, route));
        }
    }
}
