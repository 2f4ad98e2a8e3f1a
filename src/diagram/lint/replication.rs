//! Replication rules: `write-to-replica` and `replication-direction`.
//!
//! A replica is a database with `role: replica`; a primary one with `role: primary`. Replication is an
//! edge of kind `replication`; `->` runs from the source of the changes to the copy.

use super::{Lint, edge_lint, name, node_lint, or_allow};
use crate::diagram::model::{Diagram, EdgeKind, NodeId, NodeKind, Role};
use crate::diagram::syntax::Ends;

const WRITE_TO_REPLICA: &str = "write-to-replica";
const DIRECTION: &str = "replication-direction";

fn has_role(diagram: &Diagram, id: NodeId, role: Role) -> bool {
    let node = diagram.node(id);
    node.kind == NodeKind::Database && node.role == Some(role)
}

/// A request edge whose `ops` include writes, arriving at a replica.
pub fn write_to_replica(diagram: &Diagram) -> Vec<Lint> {
    diagram
        .edge_ids()
        .filter_map(|id| {
            let edge = diagram.edge(id);
            let writes = edge.ops.is_some_and(|o| o.writes());
            if edge.kind != EdgeKind::Request || !writes || !has_role(diagram, edge.to, Role::Replica)
            {
                return None;
            }
            let message = format!(
                "{} sends writes to {}, a replica: a replica applies only the changes it copies from its primary, so these writes fail or are lost",
                name(diagram, edge.from),
                name(diagram, edge.to)
            );
            let help = format!(
                "send the writes to the primary and keep `ops: read` towards the replica, {}",
                or_allow(WRITE_TO_REPLICA)
            );
            Some(edge_lint(
                diagram,
                WRITE_TO_REPLICA,
                id,
                vec![edge.to, edge.from],
                message,
                help,
            ))
        })
        .collect()
}

/// Replication drawn from a replica to a primary, and replicas that nothing replicates to.
pub fn replication_direction(diagram: &Diagram) -> Vec<Lint> {
    let mut lints = Vec::new();
    let mut reversed_sources: Vec<NodeId> = Vec::new();
    for id in diagram.edge_ids() {
        let edge = diagram.edge(id);
        let backwards = edge.kind == EdgeKind::Replication
            && edge.ends == Ends::Forward
            && has_role(diagram, edge.from, Role::Replica)
            && has_role(diagram, edge.to, Role::Primary);
        if !backwards {
            continue;
        }
        reversed_sources.push(edge.from);
        let message = format!(
            "replication runs from {}, a replica, to {}, a primary: changes flow from a primary to its replicas",
            name(diagram, edge.from),
            name(diagram, edge.to)
        );
        let help = format!(
            "turn the arrow round (`primary -> replica {{ kind: replication }}`), or fix the roles, {}",
            or_allow(DIRECTION)
        );
        lints.push(edge_lint(
            diagram,
            DIRECTION,
            id,
            vec![edge.from, edge.to],
            message,
            help,
        ));
    }
    for id in diagram.node_ids() {
        if !has_role(diagram, id, Role::Replica) || reversed_sources.contains(&id) {
            continue;
        }
        let fed = diagram
            .edges_to(id)
            .any(|e| diagram.edge(e).kind == EdgeKind::Replication);
        if fed {
            continue;
        }
        let message = format!(
            "{} is a replica, but no replication reaches it: it holds a copy of nothing, and its data goes stale",
            name(diagram, id)
        );
        let help = format!(
            "draw the replication from its primary (`primary -> replica {{ kind: replication }}`), {}",
            or_allow(DIRECTION)
        );
        lints.push(node_lint(diagram, DIRECTION, id, &[], message, help));
    }
    lints
}
