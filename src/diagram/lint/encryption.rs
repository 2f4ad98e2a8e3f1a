//! Encryption rules: `plaintext-from-client` and `plaintext-after-termination`.
//!
//! An edge is encrypted when its `proto` is an encrypted protocol (`https`, `tls`, `ssh`, anything
//! ending in `+tls`, ...). An edge that names no protocol claims no encryption, so it counts as
//! plaintext here.

use super::traffic::{Traffic, crosses_boundary, is_outside};
use super::{Lint, edge_lint, name, node_lint, or_allow};
use crate::diagram::model::{Diagram, EdgeId, EdgeKind, NodeId, NodeKind, Tls};
use crate::diagram::syntax::Ends;

const FROM_CLIENT: &str = "plaintext-from-client";
const AFTER_TERMINATION: &str = "plaintext-after-termination";

/// The end an edge carries requests out of, when that end is an outside node and the other is not.
fn outside_end(diagram: &Diagram, id: EdgeId) -> Option<(NodeId, NodeId)> {
    let edge = diagram.edge(id);
    let outside = |n: NodeId| is_outside(diagram.node(n).kind);
    if outside(edge.from) && !outside(edge.to) {
        Some((edge.from, edge.to))
    } else if edge.ends != Ends::Forward && outside(edge.to) && !outside(edge.from) {
        Some((edge.to, edge.from))
    } else {
        None
    }
}

/// A request edge from a client or external node that is not encrypted. Lookups (DNS) are a
/// different matter and are not request edges; requests to a `dns` node are skipped for the same
/// reason, and so are `generic` ends, which the lints ignore.
pub fn plaintext_from_client(diagram: &Diagram) -> Vec<Lint> {
    diagram
        .edge_ids()
        .filter_map(|id| {
            let edge = diagram.edge(id);
            if edge.kind != EdgeKind::Request || edge.is_encrypted() {
                return None;
            }
            let (outside, inside) = outside_end(diagram, id)?;
            if matches!(diagram.node(inside).kind, NodeKind::Dns | NodeKind::Generic) {
                return None;
            }
            let how = match &edge.proto {
                Some(proto) => format!("over {}, which is not encrypted", proto.display_name()),
                None => "without naming an encrypted protocol".to_string(),
            };
            let message = format!(
                "{} connects to {} {how}: anyone on the way can read and change what is sent, passwords included",
                name(diagram, outside),
                name(diagram, inside)
            );
            let help = format!(
                "serve this connection over HTTPS or TLS and say so with `proto: https` (or `proto: tls`), {}",
                or_allow(FROM_CLIENT)
            );
            Some(edge_lint(diagram, FROM_CLIENT, id, vec![inside, outside], message, help))
        })
        .collect()
}

/// For each node with `tls: terminate`: unencrypted request hops that carry the decrypted traffic on
/// (through nodes on the same machine and zone) until one crosses to another machine or zone.
pub fn plaintext_after_termination(diagram: &Diagram, traffic: &Traffic) -> Vec<Lint> {
    diagram
        .node_ids()
        .filter(|id| {
            let node = diagram.node(*id);
            node.tls == Some(Tls::Terminate) && node.kind != NodeKind::Generic
        })
        .filter_map(|id| {
            let crossings = plaintext_crossings(diagram, traffic, id);
            (!crossings.is_empty()).then(|| termination_lint(diagram, id, &crossings))
        })
        .collect()
}

/// Nodes on another machine or zone that receive the decrypted traffic of `terminator` in clear.
fn plaintext_crossings(diagram: &Diagram, traffic: &Traffic, terminator: NodeId) -> Vec<NodeId> {
    let mut seen = vec![terminator];
    let mut stack = vec![terminator];
    let mut crossings = Vec::new();
    while let Some(at) = stack.pop() {
        for next in traffic.next(at) {
            if seen.contains(next) {
                continue;
            }
            seen.push(*next);
            let hop = hop_edge(diagram, at, *next);
            if hop.is_none_or(|e| diagram.edge(e).is_encrypted()) {
                continue;
            }
            if crosses_boundary(diagram, terminator, *next) {
                crossings.push(*next);
            } else if diagram.node(*next).tls.is_none() {
                stack.push(*next);
            }
        }
    }
    crossings.sort();
    crossings
}

/// The request edge that carries a hop from `at` (or a container around it) to `next`.
fn hop_edge(diagram: &Diagram, at: NodeId, next: NodeId) -> Option<EdgeId> {
    let sources: Vec<NodeId> = std::iter::once(at).chain(diagram.ancestors(at)).collect();
    diagram.edge_ids().find(|e| {
        let edge = diagram.edge(*e);
        let forward = sources.contains(&edge.from) && edge.to == next;
        let backward =
            edge.ends != Ends::Forward && sources.contains(&edge.to) && edge.from == next;
        edge.kind == EdgeKind::Request && (forward || backward)
    })
}

fn termination_lint(diagram: &Diagram, id: NodeId, crossings: &[NodeId]) -> Lint {
    let names: Vec<String> = crossings.iter().map(|n| name(diagram, *n)).collect();
    let message = format!(
        "{} terminates TLS, then sends the decrypted traffic unencrypted to {} on another machine or zone: anyone on the internal network can read it",
        name(diagram, id),
        names.join(", ")
    );
    let help = format!(
        "re-encrypt towards the servers (`proto: https` on those edges) or pass TLS through (`tls: passthrough`), {}",
        or_allow(AFTER_TERMINATION)
    );
    let others: Vec<(NodeId, String)> = crossings
        .iter()
        .map(|n| (*n, "receives it in clear".to_string()))
        .collect();
    node_lint(diagram, AFTER_TERMINATION, id, &others, message, help)
}
