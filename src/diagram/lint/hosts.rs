//! Machine rules: `unmonitored-host` and `monolithic-host`.
//!
//! The machines are the `host` nodes and the server nodes outside every host (see
//! [`super::traffic::machine`]).

use super::traffic::{is_server, subtree};
use super::{Lint, name, node_lint, or_allow};
use crate::diagram::model::{Diagram, NodeId, NodeKind};

const UNMONITORED: &str = "unmonitored-host";
const MONOLITHIC: &str = "monolithic-host";

fn machines(diagram: &Diagram) -> impl Iterator<Item = NodeId> + '_ {
    diagram.node_ids().filter(|id| {
        let node = diagram.node(*id);
        let in_host = diagram
            .ancestors(*id)
            .any(|a| diagram.node(a).kind == NodeKind::Host);
        node.kind == NodeKind::Host || (is_server(node.kind) && !in_host)
    })
}

/// A machine is watched when a `monitor` runs on it (an agent inside it), or an edge of any kind
/// joins a monitor to it, to something on it, or to a container around it (watching a zone watches
/// what is in it).
fn is_watched(diagram: &Diagram, id: NodeId, monitors: &[NodeId]) -> bool {
    let covers = |n: NodeId| n == id || diagram.is_inside(n, id) || diagram.is_inside(id, n);
    let in_monitor = |n: NodeId| monitors.iter().any(|m| n == *m || diagram.is_inside(n, *m));
    if monitors.iter().any(|m| diagram.is_inside(*m, id)) {
        return true;
    }
    diagram
        .edges
        .iter()
        .any(|e| (in_monitor(e.from) && covers(e.to)) || (in_monitor(e.to) && covers(e.from)))
}

pub fn unmonitored_host(diagram: &Diagram) -> Vec<Lint> {
    let monitors: Vec<NodeId> = diagram
        .node_ids()
        .filter(|id| diagram.node(*id).kind == NodeKind::Monitor)
        .collect();
    machines(diagram)
        .filter(|id| !is_watched(diagram, *id, &monitors))
        .map(|id| {
            let message = format!(
                "{} is watched by no monitor: when it fails or fills up, nobody is told until users complain",
                name(diagram, id)
            );
            let help = format!(
                "draw a `monitor` that watches it (`mon -> {} {{ kind: monitoring }}`) or an agent inside it, {}",
                diagram.node(id).path,
                or_allow(UNMONITORED)
            );
            node_lint(diagram, UNMONITORED, id, &[], message, help)
        })
        .collect()
}

/// The first component of a tier running on `host` itself (not inside a host nested in it).
fn tier_member(diagram: &Diagram, host: NodeId, kinds: &[NodeKind]) -> Option<NodeId> {
    subtree(diagram, host).into_iter().skip(1).find(|n| {
        let on_this_host = diagram
            .ancestors(*n)
            .find(|a| diagram.node(*a).kind == NodeKind::Host)
            == Some(host);
        on_this_host && kinds.contains(&diagram.node(*n).kind)
    })
}

pub fn monolithic_host(diagram: &Diagram) -> Vec<Lint> {
    const WEB: &[NodeKind] = &[NodeKind::WebServer];
    const APP: &[NodeKind] = &[NodeKind::AppServer];
    const DATA: &[NodeKind] = &[NodeKind::Database];
    diagram
        .node_ids()
        .filter(|id| diagram.node(*id).kind == NodeKind::Host)
        .filter_map(|host| {
            let web = tier_member(diagram, host, WEB)?;
            let app = tier_member(diagram, host, APP)?;
            let db = tier_member(diagram, host, DATA)?;
            let message = format!(
                "{} runs the web server, the application and the database together: they compete for its memory and CPU, cannot be scaled apart, and fail together",
                name(diagram, host)
            );
            let help = format!(
                "give each tier its own machines (web, application, database), {}",
                or_allow(MONOLITHIC)
            );
            let others = [
                (web, "web tier".to_string()),
                (app, "application tier".to_string()),
                (db, "data tier".to_string()),
            ];
            Some(node_lint(diagram, MONOLITHIC, host, &others, message, help))
        })
        .collect()
}
