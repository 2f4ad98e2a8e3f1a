//! Availability rules: `single-point-of-failure` and `single-writer`.
//!
//! A **single point of failure** is a component whose loss cuts every path from the clients to the
//! data tier (see [`super::traffic`]): with it removed (a host removed with everything on it), no
//! data-tier node that the clients reached before is reachable any more. It is reported only when it
//! has no **redundant peer**: for a database, another database joined to it by a replication edge
//! (a replica that could be promoted, or another primary); for anything else, another node of the same
//! kind (for hosts: running the same kinds of component) that is joined to it by an edge or shares a
//! request neighbour with it (the standby of an active-passive pair, which takes the same traffic to
//! the same servers). When a host is reported, what runs on it is not reported again.

use super::traffic::{self, Traffic, is_data, is_outside, machine, subtree};
use super::{Lint, name, node_lint, or_allow};
use crate::diagram::model::{Diagram, EdgeKind, NodeId, NodeKind, Role};

const SPOF: &str = "single-point-of-failure";
const SINGLE_WRITER: &str = "single-writer";

/// Kinds that are never a single point of failure themselves: where requests start, groupings,
/// watchers, boxes the lints ignore, and DNS and CDNs, which one box stands for but which are
/// distributed services by nature.
fn can_fail_alone(diagram: &Diagram, id: NodeId) -> bool {
    use NodeKind::*;
    let kind = diagram.node(id).kind;
    !is_outside(kind) && !matches!(kind, Zone | Generic | Monitor | Dns | Cdn)
}

pub fn single_point_of_failure(diagram: &Diagram, traffic: &Traffic) -> Vec<Lint> {
    let sources = traffic::outside_nodes(diagram);
    let nothing_removed = vec![false; diagram.nodes.len()];
    let reached = traffic.reach(&sources, &nothing_removed);
    let targets: Vec<NodeId> = diagram
        .node_ids()
        .filter(|id| reached[id.index()] && is_data(diagram.node(*id).kind))
        .collect();
    if targets.is_empty() {
        return Vec::new();
    }
    let mut reported = vec![false; diagram.nodes.len()];
    let mut lints = Vec::new();
    // Parents come before children, so a reported host is known before its members.
    for id in diagram.node_ids() {
        let on_a_path = subtree(diagram, id).iter().any(|n| reached[n.index()]);
        if !on_a_path || !can_fail_alone(diagram, id) {
            continue;
        }
        if diagram.ancestors(id).any(|a| reported[a.index()]) {
            continue;
        }
        if !cuts_all_paths(diagram, traffic, &sources, &targets, id) {
            continue;
        }
        if peers(diagram, traffic, id).next().is_some() {
            continue;
        }
        reported[id.index()] = true;
        lints.push(spof_lint(diagram, id, &sources));
    }
    lints
}

fn cuts_all_paths(
    diagram: &Diagram,
    traffic: &Traffic,
    sources: &[NodeId],
    targets: &[NodeId],
    id: NodeId,
) -> bool {
    let mut removed = vec![false; diagram.nodes.len()];
    for n in subtree(diagram, id) {
        removed[n.index()] = true;
    }
    let reached = traffic.reach(sources, &removed);
    !targets.iter().any(|t| reached[t.index()])
}

fn spof_lint(diagram: &Diagram, id: NodeId, sources: &[NodeId]) -> Lint {
    let node = diagram.node(id);
    let what = if node.kind == NodeKind::Host {
        "everything on it stops".to_string()
    } else {
        format!(
            "nothing else can do its work as {}",
            article(node.kind.noun())
        )
    };
    let message = if is_data(node.kind) {
        format!(
            "{} is a single point of failure: the clients reach no other copy of its data, so if it fails the data is out of reach",
            name(diagram, id)
        )
    } else {
        format!(
            "{} is a single point of failure: every path from the clients to the data passes through it, and if it fails {what}",
            name(diagram, id)
        )
    };
    let others: Vec<(NodeId, String)> = sources
        .iter()
        .take(1)
        .map(|s| (*s, "requests start here".to_string()))
        .collect();
    let help = format!(
        "add a second {} that can take over (an active-active or active-passive pair), {}",
        node.kind.noun(),
        or_allow(SPOF)
    );
    node_lint(diagram, SPOF, id, &others, message, help)
}

fn article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// The kinds of component running inside a container (what makes two hosts interchangeable).
fn member_kinds(diagram: &Diagram, id: NodeId) -> Vec<NodeKind> {
    let mut kinds: Vec<NodeKind> = subtree(diagram, id)
        .into_iter()
        .skip(1)
        .map(|n| diagram.node(n).kind)
        .filter(|k| !matches!(k, NodeKind::Generic | NodeKind::Monitor))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// Nodes that could take over from `id` (see the module docs).
fn peers<'a>(
    diagram: &'a Diagram,
    traffic: &'a Traffic,
    id: NodeId,
) -> impl Iterator<Item = NodeId> + 'a {
    let node = diagram.node(id);
    let is_database = node.kind == NodeKind::Database;
    let shape = member_kinds(diagram, id);
    let mine = neighbours(diagram, traffic, id);
    diagram.node_ids().filter(move |w| {
        let other = diagram.node(*w);
        if *w == id || other.kind != node.kind {
            return false;
        }
        if diagram.is_inside(*w, id) || diagram.is_inside(id, *w) {
            return false;
        }
        if is_database {
            return joined(diagram, id, *w, Some(EdgeKind::Replication));
        }
        if member_kinds(diagram, *w) != shape {
            return false;
        }
        let theirs = neighbours(diagram, traffic, *w);
        let shares = mine.0.iter().any(|n| theirs.0.contains(n))
            || mine.1.iter().any(|n| theirs.1.contains(n));
        shares || joined(diagram, id, *w, None)
    })
}

/// Whether an edge (of `kind`, if given) joins anything in `a`'s subtree to anything in `b`'s.
fn joined(diagram: &Diagram, a: NodeId, b: NodeId, kind: Option<EdgeKind>) -> bool {
    let in_a = |n: NodeId| n == a || diagram.is_inside(n, a);
    let in_b = |n: NodeId| n == b || diagram.is_inside(n, b);
    diagram.edges.iter().any(|e| {
        kind.is_none_or(|k| e.kind == k)
            && ((in_a(e.from) && in_b(e.to)) || (in_b(e.from) && in_a(e.to)))
    })
}

/// Where requests into and out of `id`'s subtree come from and go to, each named by its machine (or
/// itself when it has none), so `lb -> server1` and `lb -> server1.web` count as the same neighbour.
fn neighbours(diagram: &Diagram, traffic: &Traffic, id: NodeId) -> (Vec<NodeId>, Vec<NodeId>) {
    let inside = subtree(diagram, id);
    let unit = |n: NodeId| machine(diagram, n).unwrap_or(n);
    let collect = |lists: &[Vec<NodeId>]| {
        let mut out: Vec<NodeId> = inside
            .iter()
            .flat_map(|n| lists[n.index()].iter().copied())
            .filter(|n| !inside.contains(n))
            .map(unit)
            .collect();
        out.sort();
        out.dedup();
        out
    };
    (collect(&traffic.direct_in), collect(&traffic.direct_out))
}

/// A database accepts writes unless it is a replica.
fn accepts_writes(diagram: &Diagram, id: NodeId) -> bool {
    let node = diagram.node(id);
    node.kind == NodeKind::Database && node.role != Some(Role::Replica)
}

pub fn single_writer(diagram: &Diagram) -> Vec<Lint> {
    let writers: Vec<NodeId> = diagram
        .node_ids()
        .filter(|id| accepts_writes(diagram, *id))
        .collect();
    let [writer] = writers[..] else {
        return Vec::new();
    };
    let replicas: Vec<(NodeId, String)> = diagram
        .node_ids()
        .filter(|id| {
            let node = diagram.node(*id);
            node.kind == NodeKind::Database && node.role == Some(Role::Replica)
        })
        .map(|id| (id, "serves reads, but accepts no writes".to_string()))
        .collect();
    let consequence = if replicas.is_empty() {
        "when it fails, nothing can be written until it is back"
    } else {
        "when it fails, writes stop until a replica is promoted, even though reads go on"
    };
    let message = format!(
        "{} is the only database that accepts writes: {consequence}",
        name(diagram, writer)
    );
    let help = format!(
        "let a second database accept writes (a multi-primary cluster such as Galera or group replication), or automate the promotion of a replica, {}",
        or_allow(SINGLE_WRITER)
    );
    vec![node_lint(
        diagram,
        SINGLE_WRITER,
        writer,
        &replicas,
        message,
        help,
    )]
}
