//! The terms the rules share, defined once over the model.
//!
//! - **Request edge**: an edge of kind `request` (the default). `replication`, `monitoring` and
//!   `lookup` edges carry no user requests. A `->` edge carries requests from its first end to its
//!   second; `<->` and `--` carry them both ways.
//! - **Outside node**: a node of kind `client` or `external`; requests start there.
//! - **Data tier**: nodes of kind `database` or `storage`.
//! - **Path from the clients to the data tier**: a walk along request edges from an outside node to a
//!   data-tier node. Containers take part: an edge into a container reaches every member, and a member
//!   may use any request edge leaving a container around it (an edge drawn from `server1` is an edge
//!   from whatever runs on `server1`). `generic` nodes carry traffic like any node but are never
//!   reported.
//! - **Machine**: the innermost `host` container around a node, the node itself if it is a `host`, or,
//!   for a server kind (balancer, proxy, web, app, worker, queue, cache, database, storage) outside
//!   every host, the node itself: a box drawn on its own stands for its own machine.
//! - **Zone**: the innermost `zone` container around a node (none at the top level).
//! - **Crosses a host or zone boundary**: the two ends of an edge are on different machines, or in
//!   different zones. A node with no machine (a firewall or DNS box at the top level) is on none, so
//!   an edge from a machine to it crosses.
//! - **Firewall-guarded container**: a container of kind `firewall`, or a `host` or `zone` with a
//!   `firewall` among its direct members (a host firewall guards the whole machine).
//! - **Passes a firewall**: an edge with a `firewall` at either end, or one that enters a guarded
//!   container from outside it.

use crate::diagram::model::{Diagram, EdgeKind, NodeId, NodeKind};
use crate::diagram::syntax::Ends;

pub fn is_outside(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Client | NodeKind::External)
}

pub fn is_data(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Database | NodeKind::Storage)
}

/// Kinds that run as a server process on some machine.
pub fn is_server(kind: NodeKind) -> bool {
    use NodeKind::*;
    matches!(
        kind,
        LoadBalancer
            | ReverseProxy
            | WebServer
            | AppServer
            | Worker
            | Queue
            | Cache
            | Database
            | Storage
    )
}

/// See the module docs: the host around `id`, `id` itself if it is a host or a lone server.
pub fn machine(diagram: &Diagram, id: NodeId) -> Option<NodeId> {
    let node = diagram.node(id);
    if node.kind == NodeKind::Host {
        return Some(id);
    }
    diagram
        .ancestors(id)
        .find(|a| diagram.node(*a).kind == NodeKind::Host)
        .or_else(|| is_server(node.kind).then_some(id))
}

pub fn zone(diagram: &Diagram, id: NodeId) -> Option<NodeId> {
    diagram
        .ancestors(id)
        .find(|a| diagram.node(*a).kind == NodeKind::Zone)
}

pub fn crosses_boundary(diagram: &Diagram, a: NodeId, b: NodeId) -> bool {
    machine(diagram, a) != machine(diagram, b) || zone(diagram, a) != zone(diagram, b)
}

pub fn is_guarded(diagram: &Diagram, container: NodeId) -> bool {
    let node = diagram.node(container);
    match node.kind {
        NodeKind::Firewall => diagram.is_container(container),
        NodeKind::Host | NodeKind::Zone => node
            .children
            .iter()
            .any(|c| diagram.node(*c).kind == NodeKind::Firewall),
        _ => false,
    }
}

/// Whether the hop from `from` to `to` passes a firewall (see the module docs).
pub fn passes_firewall(diagram: &Diagram, from: NodeId, to: NodeId) -> bool {
    let is_firewall = |n: NodeId| diagram.node(n).kind == NodeKind::Firewall;
    if is_firewall(from) || is_firewall(to) {
        return true;
    }
    std::iter::once(to)
        .chain(diagram.ancestors(to))
        .filter(|c| is_guarded(diagram, *c))
        .any(|c| from != c && !diagram.is_inside(from, c))
}

/// `id` and every node inside it.
pub fn subtree(diagram: &Diagram, id: NodeId) -> Vec<NodeId> {
    let mut out = vec![id];
    let mut i = 0;
    while i < out.len() {
        out.extend(diagram.node(out[i]).children.iter().copied());
        i += 1;
    }
    out
}

/// The request graph, with containers, ready for walks.
pub struct Traffic {
    /// Where a request can go next from each node (see the module docs), sorted, no repeats.
    next: Vec<Vec<NodeId>>,
    /// Ends of request edges leaving and arriving at each node itself, for comparing neighbours.
    pub direct_out: Vec<Vec<NodeId>>,
    pub direct_in: Vec<Vec<NodeId>>,
}

impl Traffic {
    pub fn new(diagram: &Diagram) -> Traffic {
        let count = diagram.nodes.len();
        let mut direct_out = vec![Vec::new(); count];
        let mut direct_in = vec![Vec::new(); count];
        for edge in diagram.edges.iter().filter(|e| e.kind == EdgeKind::Request) {
            direct_out[edge.from.index()].push(edge.to);
            direct_in[edge.to.index()].push(edge.from);
            if edge.ends != Ends::Forward {
                direct_out[edge.to.index()].push(edge.from);
                direct_in[edge.from.index()].push(edge.to);
            }
        }
        let next = diagram
            .node_ids()
            .map(|id| {
                let mut next: Vec<NodeId> = diagram.node(id).children.clone();
                for n in std::iter::once(id).chain(diagram.ancestors(id)) {
                    next.extend(direct_out[n.index()].iter().copied());
                }
                next.sort();
                next.dedup();
                next
            })
            .collect();
        Traffic {
            next,
            direct_out,
            direct_in,
        }
    }

    /// Which nodes a request can reach from `sources` without stepping on a `removed` node.
    pub fn reach(&self, sources: &[NodeId], removed: &[bool]) -> Vec<bool> {
        let mut seen = vec![false; self.next.len()];
        let mut stack: Vec<NodeId> = Vec::new();
        for s in sources {
            if !removed[s.index()] && !seen[s.index()] {
                seen[s.index()] = true;
                stack.push(*s);
            }
        }
        while let Some(n) = stack.pop() {
            for m in &self.next[n.index()] {
                if !removed[m.index()] && !seen[m.index()] {
                    seen[m.index()] = true;
                    stack.push(*m);
                }
            }
        }
        seen
    }

    /// Where a request can go next from `id`.
    pub fn next(&self, id: NodeId) -> &[NodeId] {
        &self.next[id.index()]
    }
}

/// Outside nodes, in declaration order.
pub fn outside_nodes(diagram: &Diagram) -> Vec<NodeId> {
    diagram
        .node_ids()
        .filter(|id| is_outside(diagram.node(*id).kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{model, syntax};

    fn diagram(source: &str) -> Diagram {
        let (document, errors) = syntax::parse(source);
        assert!(errors.is_empty(), "{errors:?}");
        model::build(&document).unwrap()
    }

    const SOURCE: &str = "\
c: C { kind: client }
fw: F { kind: firewall }
lb: L { kind: load-balancer }
h: H {
  kind: host
  guard: G { kind: firewall }
  web: W { kind: web-server }
}
z: Z {
  kind: zone
  app: A { kind: app-server }
  g: Box { kind: generic }
}
c -> fw -> lb
lb -> h
h -> z.app { kind: monitoring }
z.app <-> z.g
";

    #[test]
    fn machines_zones_and_boundaries() {
        let d = diagram(SOURCE);
        let id = |p: &str| d.find(p).unwrap();
        assert_eq!(machine(&d, id("h.web")), Some(id("h")));
        assert_eq!(machine(&d, id("h")), Some(id("h")));
        assert_eq!(
            machine(&d, id("lb")),
            Some(id("lb")),
            "a lone server is its own machine"
        );
        assert_eq!(machine(&d, id("fw")), None);
        assert_eq!(zone(&d, id("z.app")), Some(id("z")));
        assert!(crosses_boundary(&d, id("lb"), id("fw")));
        assert!(crosses_boundary(&d, id("lb"), id("h.web")));
        assert!(!crosses_boundary(&d, id("h.guard"), id("h.web")));
        assert!(crosses_boundary(&d, id("z.g"), id("lb")), "zone differs");
    }

    #[test]
    fn firewalls_guard_what_they_stand_in_front_of_or_inside() {
        let d = diagram(SOURCE);
        let id = |p: &str| d.find(p).unwrap();
        assert!(is_guarded(&d, id("h")));
        assert!(!is_guarded(&d, id("z")));
        assert!(passes_firewall(&d, id("c"), id("fw")));
        assert!(
            passes_firewall(&d, id("lb"), id("h.web")),
            "entering a guarded host"
        );
        assert!(
            passes_firewall(&d, id("h.guard"), id("h.web")),
            "a hop from a firewall"
        );
        assert!(
            !passes_firewall(&d, id("h.web"), id("lb")),
            "leaving a guarded host"
        );
        assert!(!passes_firewall(&d, id("lb"), id("z.app")));
    }

    #[test]
    fn requests_enter_containers_and_leave_by_their_edges_only_on_request_edges() {
        let d = diagram(SOURCE);
        let id = |p: &str| d.find(p).unwrap();
        let t = Traffic::new(&d);
        let reached = t.reach(&[id("c")], &vec![false; d.nodes.len()]);
        for p in ["fw", "lb", "h", "h.web", "h.guard"] {
            assert!(reached[id(p).index()], "{p}");
        }
        assert!(
            !reached[id("z.app").index()],
            "monitoring edges carry no requests"
        );
        assert!(
            t.next(id("z.g")).contains(&id("z.app")),
            "two-way edges run both ways"
        );
        let mut removed = vec![false; d.nodes.len()];
        removed[id("lb").index()] = true;
        assert!(!t.reach(&[id("c")], &removed)[id("h.web").index()]);
    }
}
