//! Words for readers who cannot see the drawing: the `<desc>` sentence and the `<details>` text
//! alternative (groups, nodes, connections), both generated from the model in declaration order.

use std::fmt::Write as _;

use super::writer::escape;
use crate::diagram::boxes::sub_line;
use crate::diagram::model::{Diagram, Edge, EdgeKind, NodeId, Ops};
use crate::diagram::syntax::Ends;

/// How a node is named in prose: its label, plus the container it sits in ("Nginx on Server 1").
fn name(diagram: &Diagram, id: NodeId) -> String {
    let node = diagram.node(id);
    let label = node.label.replace('\n', " ");
    match node.parent {
        Some(parent) => format!(
            "{label} on {}",
            diagram.node(parent).label.replace('\n', " ")
        ),
        None => label,
    }
}

/// "A, B and C".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The verb phrase for an edge, without its target ("connects over HTTPS to").
fn verb(edge: &Edge) -> String {
    let over = edge
        .proto
        .as_ref()
        .map(|p| format!(" over {}", p.display_name()))
        .unwrap_or_default();
    match edge.kind {
        EdgeKind::Replication => format!("replicates{over} to"),
        EdgeKind::Monitoring => format!("monitors{over}"),
        EdgeKind::Lookup => format!("looks up names{over} at"),
        EdgeKind::Request => match edge.ends {
            Ends::Forward => format!("connects{over} to"),
            Ends::Both | Ends::None => format!("exchanges traffic{over} with"),
        },
    }
}

fn ops_note(edge: &Edge) -> &'static str {
    match edge.ops {
        Some(Ops::Read) => " (reads)",
        Some(Ops::Write) => " (writes)",
        Some(Ops::ReadWrite) => " (reads and writes)",
        None => "",
    }
}

/// One paragraph: what each group holds, then one sentence per node that starts connections, with
/// targets sharing a verb grouped ("HAProxy connects over HTTP to Nginx on Server 1 and Nginx on
/// Server 2.").
pub fn sentence(diagram: &Diagram) -> String {
    let mut sentences = Vec::new();
    for id in diagram.node_ids().filter(|id| diagram.is_container(*id)) {
        let members: Vec<String> = diagram
            .node(id)
            .children
            .iter()
            .map(|c| diagram.node(*c).label.replace('\n', " "))
            .collect();
        sentences.push(format!(
            "{} contains {}.",
            name(diagram, id),
            join(&members)
        ));
    }
    let mut sources: Vec<NodeId> = Vec::new();
    for edge in &diagram.edges {
        if !sources.contains(&edge.from) {
            sources.push(edge.from);
        }
    }
    for source in sources {
        let mut clauses: Vec<(String, Vec<String>)> = Vec::new();
        for edge in diagram.edges.iter().filter(|e| e.from == source) {
            let target = format!("{}{}", name(diagram, edge.to), ops_note(edge));
            let verb = verb(edge);
            match clauses.iter_mut().find(|(v, _)| *v == verb) {
                Some((_, targets)) => targets.push(target),
                None => clauses.push((verb, vec![target])),
            }
        }
        let parts: Vec<String> = clauses
            .into_iter()
            .map(|(verb, targets)| format!("{verb} {}", join(&targets)))
            .collect();
        sentences.push(format!(
            "{} {}.",
            name(diagram, source),
            parts.join("; it ")
        ));
    }
    if sentences.is_empty() {
        let names: Vec<String> = diagram.node_ids().map(|id| name(diagram, id)).collect();
        sentences.push(format!("Shows {}.", join(&names)));
    }
    sentences.join(" ")
}

/// The `<details>` text alternative shown under the figure. Linked nodes are links here too: inside
/// an SVG assistive technology reads as one drawing, a list of links is easier to use.
pub fn details(diagram: &Diagram, hrefs: &[Option<String>]) -> String {
    let mut out =
        String::from("<details class=\"diagram-text\">\n<summary>Diagram as text</summary>\n");
    let groups: Vec<NodeId> = diagram
        .node_ids()
        .filter(|id| diagram.is_container(*id))
        .collect();
    if !groups.is_empty() {
        out.push_str("<p>Groups</p>\n<ul>\n");
        for id in groups {
            let node = diagram.node(id);
            let members: Vec<String> = node
                .children
                .iter()
                .map(|c| diagram.node(*c).label.replace('\n', " "))
                .collect();
            let _ = writeln!(
                out,
                "<li>{} ({}): {}</li>",
                escape(&name(diagram, id)),
                node.kind.noun(),
                escape(&join(&members))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<p>Nodes</p>\n<ul>\n");
    for id in diagram.node_ids().filter(|id| !diagram.is_container(*id)) {
        let node = diagram.node(id);
        let extra = sub_line(node).map(|s| format!(", {s}")).unwrap_or_default();
        let shown = match hrefs.get(id.index()).cloned().flatten() {
            Some(href) => format!(
                "<a href=\"{}\">{}</a>",
                escape(&href),
                escape(&name(diagram, id))
            ),
            None => escape(&name(diagram, id)),
        };
        let _ = writeln!(
            out,
            "<li>{shown}: {}{}</li>",
            node.kind.noun(),
            escape(&extra)
        );
    }
    out.push_str("</ul>\n");
    if !diagram.edges.is_empty() {
        out.push_str("<p>Connections</p>\n<ul>\n");
        for edge in &diagram.edges {
            out.push_str(&connection(diagram, edge));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
    out
}

fn connection(diagram: &Diagram, edge: &Edge) -> String {
    let arrow = match edge.ends {
        Ends::Forward => "→",
        Ends::Both => "↔",
        Ends::None => "—",
    };
    let mut facts: Vec<String> = Vec::new();
    if let Some(proto) = &edge.proto {
        facts.push(proto.display_name());
    }
    if let Some(port) = edge.port {
        facts.push(format!("port {port}"));
    }
    if edge.kind != EdgeKind::Request {
        facts.push(edge.kind.as_str().to_string());
    }
    if edge.ops.is_some() {
        facts.push(
            ops_note(edge)
                .trim()
                .trim_matches(|c| c == '(' || c == ')')
                .to_string(),
        );
    }
    if edge.proto.is_some() {
        facts.push(
            if edge.is_encrypted() {
                "encrypted"
            } else {
                "not encrypted"
            }
            .to_string(),
        );
    }
    let label = edge
        .label
        .as_deref()
        .map(|l| format!(": {l}"))
        .unwrap_or_default();
    format!(
        "<li>{} {arrow} {}{} ({})</li>\n",
        escape(&name(diagram, edge.from)),
        escape(&name(diagram, edge.to)),
        escape(&label),
        escape(&facts.join(", "))
    )
    .replace(" ()</li>", "</li>")
}
