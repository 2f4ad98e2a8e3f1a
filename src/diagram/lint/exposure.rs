//! Exposure rules: `no-firewall` and `exposed-database`.
//!
//! Both use "passes a firewall" from [`super::traffic`]: a hop to or from a `firewall` node, or one
//! that enters a firewall-guarded container.

use super::traffic::{Traffic, machine, outside_nodes, passes_firewall, zone};
use super::{Lint, name, node_lint, or_allow};
use crate::diagram::model::{Diagram, EdgeKind, NodeId, NodeKind};

const NO_FIREWALL: &str = "no-firewall";
const EXPOSED_DATABASE: &str = "exposed-database";

/// What `no-firewall` reports when a client's requests reach `id` unfiltered: its machine, or the
/// node itself when it is a balancer or database with no machine.
fn front_line(diagram: &Diagram, id: NodeId) -> Option<NodeId> {
    let kind = diagram.node(id).kind;
    machine(diagram, id).or_else(|| {
        matches!(
            kind,
            NodeKind::LoadBalancer | NodeKind::ReverseProxy | NodeKind::Database
        )
        .then_some(id)
    })
}

/// Walks from each client along request hops that pass no firewall; the first machine, balancer or
/// database met on each walk is reported once (what lies behind it is reached through it).
pub fn no_firewall(diagram: &Diagram, traffic: &Traffic) -> Vec<Lint> {
    let mut first_client: Vec<Option<NodeId>> = vec![None; diagram.nodes.len()];
    for client in outside_nodes(diagram) {
        let mut seen = vec![false; diagram.nodes.len()];
        seen[client.index()] = true;
        let mut stack = vec![client];
        while let Some(at) = stack.pop() {
            for next in traffic.next(at) {
                if seen[next.index()] || passes_firewall(diagram, at, *next) {
                    continue;
                }
                seen[next.index()] = true;
                match front_line(diagram, *next) {
                    Some(front) => {
                        first_client[front.index()].get_or_insert(client);
                    }
                    None => stack.push(*next),
                }
            }
        }
    }
    diagram
        .node_ids()
        .filter_map(|id| first_client[id.index()].map(|client| (id, client)))
        .map(|(id, client)| {
            let message = format!(
                "{} reaches {} without passing a firewall: every port it listens on is open to the world",
                name(diagram, client),
                name(diagram, id)
            );
            let help = format!(
                "put a `firewall` in front of it (or inside the host, which guards the whole machine) that lets through only the ports clients need, {}",
                or_allow(NO_FIREWALL)
            );
            let others = [(client, "requests start here".to_string())];
            node_lint(diagram, NO_FIREWALL, id, &others, message, help)
        })
        .collect()
}

/// A database that accepts a request edge from an outside node, or from a node in another zone,
/// where the edge passes no firewall.
pub fn exposed_database(diagram: &Diagram) -> Vec<Lint> {
    diagram
        .node_ids()
        .filter(|id| diagram.node(*id).kind == NodeKind::Database)
        .filter_map(|db| {
            let mut sources: Vec<NodeId> = diagram
                .edges_to(db)
                .map(|e| diagram.edge(e))
                .filter(|e| e.kind == EdgeKind::Request)
                .map(|e| if e.to == db { e.from } else { e.to })
                .filter(|s| exposes(diagram, *s, db))
                .collect();
            sources.sort();
            sources.dedup();
            (!sources.is_empty()).then(|| exposed_lint(diagram, db, &sources))
        })
        .collect()
}

fn exposes(diagram: &Diagram, source: NodeId, db: NodeId) -> bool {
    let kind = diagram.node(source).kind;
    if kind == NodeKind::Generic {
        return false;
    }
    let foreign = super::traffic::is_outside(kind) || zone(diagram, source) != zone(diagram, db);
    foreign && !passes_firewall(diagram, source, db)
}

fn exposed_lint(diagram: &Diagram, db: NodeId, sources: &[NodeId]) -> Lint {
    let names: Vec<String> = sources.iter().map(|s| name(diagram, *s)).collect();
    let message = format!(
        "{} accepts connections from {} with no firewall in between: a database should only be reachable from its own servers",
        name(diagram, db),
        names.join(", ")
    );
    let help = format!(
        "put a `firewall` between them (or in the database's zone or host), or keep the database in the zone of the servers that use it, {}",
        or_allow(EXPOSED_DATABASE)
    );
    let others: Vec<(NodeId, String)> = sources
        .iter()
        .map(|s| (*s, "connects from here".to_string()))
        .collect();
    node_lint(diagram, EXPOSED_DATABASE, db, &others, message, help)
}
