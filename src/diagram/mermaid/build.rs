//! [`Flowchart`] -> [`Diagram`]: the same model the `infra` language builds, so lints, layout and
//! drawing are shared. Mermaid ids are global, so a node's path is its id. A node belongs to the
//! first subgraph closed among those that mention it (an inner subgraph closes before the one around
//! it, so the innermost wins, as in Mermaid).

use std::collections::BTreeMap;

use super::ast::{Flow, Flowchart, StyleTarget};
use super::{classes, style, text};
use crate::diagram::layout::Orientation;
use crate::diagram::model::{
    Diagram, Edge, EdgeKind, EdgeLook, Node, NodeId, NodeKind, NodeLook, Proto, Role, Shape,
};
use crate::diagram::suggest::nearest;
use crate::diagram::syntax::Spanned;
use crate::diagram::{Finding, Severity, Span};

/// A checked diagram plus the warnings the front end itself has (styles it could not use).
pub struct Built {
    pub diagram: Diagram,
    pub warnings: Vec<Finding>,
    /// The `direction` each node declares for its members (subgraphs only), indexed like the
    /// diagram's nodes; the layout honours it when no member links outside.
    pub own: Vec<Option<Orientation>>,
}

struct Draft {
    id: Spanned<String>,
    label: Option<String>,
    look: NodeLook,
    parent: Option<usize>,
    /// Subgraph index when this node is one.
    subgraph: Option<usize>,
    kind: NodeKind,
    role: Option<Role>,
    link: Option<Spanned<String>>,
}

pub fn build(chart: &Flowchart) -> Result<Built, Vec<Finding>> {
    let mut errors = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut ignored: Vec<(Span, String)> = chart.ignored.clone();
    let mut classes: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for mention in &chart.mentions {
        let index = *by_id.entry(mention.id.value.clone()).or_insert_with(|| {
            drafts.push(Draft {
                id: mention.id.clone(),
                label: None,
                look: NodeLook {
                    shape: Shape::Rect,
                    ..NodeLook::default()
                },
                parent: None,
                subgraph: None,
                kind: NodeKind::Generic,
                role: None,
                link: None,
            });
            drafts.len() - 1
        });
        let draft = &mut drafts[index];
        if let Some(text) = &mention.text {
            draft.label = Some(text::plain(text));
        }
        if let Some(shape) = mention.shape {
            draft.look.shape = shape;
        }
        classes
            .entry(index)
            .or_default()
            .extend(mention.classes.iter().cloned());
    }
    for (s, subgraph) in chart.subgraphs.iter().enumerate() {
        let index = by_id[&subgraph.id.value];
        drafts[index].subgraph = Some(s);
        drafts[index].label = Some(text::plain(&subgraph.title));
    }
    assign_parents(chart, &mut drafts, &by_id);
    for (nodes, class) in &chart.class_uses {
        for node in nodes {
            if let Some(index) = by_id.get(&node.value) {
                classes.entry(*index).or_default().push(class.value.clone());
            }
        }
    }
    for (index, names) in &classes {
        classes::apply_classes(
            &chart.class_defs,
            names,
            &mut drafts[*index].look,
            &mut ignored,
        );
    }
    for decl in &chart.styles {
        if let StyleTarget::Node(id) = &decl.target {
            let Some(index) = by_id.get(&id.value) else {
                errors.push(unknown(id, &by_id));
                continue;
            };
            classes::apply_style(
                &mut drafts[*index].look,
                &decl.props,
                decl.span,
                &mut ignored,
            );
        }
    }
    for click in &chart.clicks {
        match by_id.get(&click.node.value) {
            Some(index) => drafts[*index].link = Some(click.url.clone()),
            None => errors.push(unknown(&click.node, &by_id)),
        }
    }
    hints(chart, &mut drafts, &by_id, &mut errors);
    let (nodes, order) = nodes_in_tree_order(&drafts);
    let mut own = vec![None; nodes.len()];
    for (draft, at) in drafts.iter().zip(&order) {
        own[*at] = draft
            .subgraph
            .and_then(|s| chart.subgraphs[s].direction)
            .map(Flow::orientation);
    }
    let mut edges = edges(chart, &by_id, &order, &nodes, &mut errors, &mut ignored);
    if !chart.hints.is_empty() {
        edges.iter_mut().for_each(read_label_facts);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        return Err(errors);
    }
    // The legend (and kind icons on subgraphs) only for diagrams opted in with `%% kind:`: in a
    // plain flowchart a cylinder is just a drawing.
    let legend = !chart.hints.is_empty();
    let diagram = Diagram {
        title: chart.title.clone(),
        direction: chart.flow.orientation().direction,
        nodes,
        edges,
        allow: chart.allow.clone(),
        // Mermaid has no `expect:`; a finding a flowchart shows on purpose is accepted with `%% allow:`.
        expect: Vec::new(),
        expect_reason: None,
        paths: Vec::new(),
        legend,
    };
    Ok(Built {
        diagram,
        warnings: ignored_warning(&ignored).into_iter().collect(),
        own,
    })
}

fn assign_parents(chart: &Flowchart, drafts: &mut [Draft], by_id: &BTreeMap<String, usize>) {
    let mut best: BTreeMap<usize, usize> = BTreeMap::new();
    for mention in &chart.mentions {
        let index = by_id[&mention.id.value];
        let Some(s) = mention.subgraph else { continue };
        if drafts[index].subgraph == Some(s) {
            continue;
        }
        if let Some(own) = drafts[index].subgraph {
            // A subgraph's parent is where it was opened, not where it is linked from.
            if chart.subgraphs[own].parent != Some(s) {
                continue;
            }
        }
        let closed = chart.subgraphs[s].closed;
        let current = best.get(&index).map(|b| chart.subgraphs[*b].closed);
        if current.is_none_or(|c| closed < c) {
            best.insert(index, s);
        }
    }
    for (index, s) in best {
        let parent = by_id[&chart.subgraphs[s].id.value];
        if parent != index && !is_below(drafts, parent, index) {
            drafts[index].parent = Some(parent);
        }
    }
}

/// Whether `node` already sits (at any depth) inside `container`.
fn is_below(drafts: &[Draft], node: usize, container: usize) -> bool {
    let mut current = drafts[node].parent;
    let mut steps = 0;
    while let Some(p) = current {
        if p == container || steps > drafts.len() {
            return true;
        }
        current = drafts[p].parent;
        steps += 1;
    }
    false
}

/// Nodes with parents before children (depth first, in first-mention order); `order[draft]` is
/// the node's index.
fn nodes_in_tree_order(drafts: &[Draft]) -> (Vec<Node>, Vec<usize>) {
    let mut order = vec![usize::MAX; drafts.len()];
    let mut sequence = Vec::new();
    fn visit(i: usize, drafts: &[Draft], order: &mut Vec<usize>, sequence: &mut Vec<usize>) {
        if order[i] != usize::MAX {
            return;
        }
        order[i] = sequence.len();
        sequence.push(i);
        for (child, draft) in drafts.iter().enumerate() {
            if draft.parent == Some(i) {
                visit(child, drafts, order, sequence);
            }
        }
    }
    for (i, draft) in drafts.iter().enumerate() {
        if draft.parent.is_none() {
            visit(i, drafts, &mut order, &mut sequence);
        }
    }
    let nodes = sequence
        .iter()
        .map(|&i| {
            let d = &drafts[i];
            let children = drafts
                .iter()
                .enumerate()
                .filter(|(_, c)| c.parent == Some(i))
                .map(|(c, _)| NodeId(order[c] as u32))
                .collect();
            let mut look = d.look;
            if d.kind != NodeKind::Generic && look.shape == Shape::Rect {
                // A hinted plain box gets the kind's icon, like an `infra` node.
                look.shape = Shape::Box;
            }
            Node {
                path: d.id.value.clone(),
                label: d.label.clone().unwrap_or_else(|| d.id.value.clone()),
                kind: d.kind,
                role: d.role,
                tls: None,
                link: d.link.clone(),
                tech: None,
                parent: d.parent.map(|p| NodeId(order[p] as u32)),
                children,
                allow: Vec::new(),
                span: d.id.span,
                look,
            }
        })
        .collect();
    (nodes, order)
}

fn edges(
    chart: &Flowchart,
    by_id: &BTreeMap<String, usize>,
    order: &[usize],
    nodes: &[Node],
    errors: &mut Vec<Finding>,
    ignored: &mut Vec<(Span, String)>,
) -> Vec<Edge> {
    let mut looks: Vec<(EdgeLook, bool)> = chart
        .links
        .iter()
        .map(|l| {
            (
                EdgeLook {
                    thick: l.arrow.thick,
                    head: l.arrow.head,
                    accent: None,
                },
                l.arrow.dashed,
            )
        })
        .collect();
    for decl in &chart.styles {
        let numbers: Vec<usize> = match &decl.target {
            StyleTarget::Node(_) => continue,
            StyleTarget::AllLinks => (0..looks.len()).collect(),
            StyleTarget::Links(numbers) => numbers.clone(),
        };
        let mut lost = Vec::new();
        for n in numbers {
            match looks.get_mut(n) {
                Some((look, dashed)) => style::apply_edge(look, dashed, &decl.props, &mut lost),
                None => lost.push(format!("link {n} (there are {})", chart.links.len())),
            }
        }
        lost.dedup();
        if !lost.is_empty() {
            ignored.push((decl.span, lost.join(", ")));
        }
    }
    let mut edges = Vec::new();
    for (link, (look, dashed)) in chart.links.iter().zip(looks) {
        if link.arrow.invisible {
            continue;
        }
        let (from, to) = (by_id[&link.from.value], by_id[&link.to.value]);
        let (from, to) = (NodeId(order[from] as u32), NodeId(order[to] as u32));
        let nested = |a: NodeId, b: NodeId| {
            std::iter::successors(nodes[a.index()].parent, |p| nodes[p.index()].parent)
                .any(|p| p == b)
        };
        if nested(from, to) || nested(to, from) {
            errors.push(Finding {
                severity: Severity::Error,
                code: "E-bad-edge".to_string(),
                message: "a link cannot join a subgraph to a node inside it".to_string(),
                span: link.span,
                labels: Vec::new(),
                help: Some("link the node to something outside the subgraph".to_string()),
            });
            continue;
        }
        edges.push(Edge {
            from,
            to,
            label: link
                .label
                .as_deref()
                .map(|l| text::plain(l).replace('\n', " ")),
            ends: link.arrow.ends,
            dashed,
            proto: None,
            ops: None,
            kind: EdgeKind::Request,
            port: None,
            allow: Vec::new(),
            span: link.span,
            look,
        });
    }
    edges
}

/// Protocol names an edge label may start with in a hinted diagram (`HTTPS`, `mysql :3306`).
const LABEL_PROTOCOLS: [&str; 24] = [
    "https",
    "http",
    "tcp",
    "udp",
    "tls",
    "grpc",
    "grpcs",
    "mysql",
    "postgres",
    "postgresql",
    "redis",
    "amqp",
    "amqps",
    "kafka",
    "dns",
    "ssh",
    "ws",
    "wss",
    "smtp",
    "smtps",
    "ldap",
    "ldaps",
    "nfs",
    "mtls",
];

/// In a diagram opted in to the lints, a label's first word says what the edge is: a protocol
/// (`HTTPS`, `mysql`, anything ending in `+tls`), or `replication` / `monitoring`.
fn read_label_facts(edge: &mut Edge) {
    let Some(label) = &edge.label else { return };
    let first = label
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match first.as_str() {
        "replication" | "replicates" | "replicate" => edge.kind = EdgeKind::Replication,
        "monitoring" | "monitors" | "monitor" => edge.kind = EdgeKind::Monitoring,
        word if LABEL_PROTOCOLS.contains(&word) || word.ends_with("+tls") => {
            edge.proto = Proto::parse(word);
        }
        _ => {}
    }
}

/// `%% kind:` comments, and cylinders as databases.
fn hints(
    chart: &Flowchart,
    drafts: &mut [Draft],
    by_id: &BTreeMap<String, usize>,
    errors: &mut Vec<Finding>,
) {
    for draft in drafts.iter_mut() {
        if draft.look.shape == Shape::Cylinder && draft.subgraph.is_none() {
            draft.kind = NodeKind::Database;
        }
    }
    for hint in &chart.hints {
        let Some(index) = by_id.get(&hint.node.value) else {
            errors.push(unknown(&hint.node, by_id));
            continue;
        };
        match NodeKind::parse(&hint.kind.value) {
            Some(kind) => drafts[*index].kind = kind,
            None => {
                let names: Vec<&str> = NodeKind::names().collect();
                let help = match nearest(&hint.kind.value, names.iter().copied()) {
                    Some(near) => format!(
                        "did you mean `{near}`? kind is one of: {}",
                        names.join(", ")
                    ),
                    None => format!("kind is one of: {}", names.join(", ")),
                };
                errors.push(Finding {
                    severity: Severity::Error,
                    code: "E-unknown-kind".to_string(),
                    message: format!("unknown kind `{}`", hint.kind.value),
                    span: hint.kind.span,
                    labels: Vec::new(),
                    help: Some(help),
                });
            }
        }
        if let Some(role) = &hint.role {
            match Role::parse(&role.value) {
                Some(r) if drafts[*index].kind == NodeKind::Database => {
                    drafts[*index].role = Some(r)
                }
                _ => errors.push(Finding {
                    severity: Severity::Error,
                    code: "E-bad-value".to_string(),
                    message: format!("`{}` is not a database role", role.value),
                    span: role.span,
                    labels: Vec::new(),
                    help: Some(
                        "a role follows `database`: primary, replica or standalone".to_string(),
                    ),
                }),
            }
        }
    }
}

fn unknown(id: &Spanned<String>, by_id: &BTreeMap<String, usize>) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "E-unknown-node".to_string(),
        message: format!("unknown node `{}`", id.value),
        span: id.span,
        labels: Vec::new(),
        help: nearest(&id.value, by_id.keys().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?")),
    }
}

/// One warning for the whole block, naming everything that was not drawn.
pub(super) fn ignored_warning(ignored: &[(Span, String)]) -> Option<Finding> {
    let (first, _) = ignored.first()?;
    let mut names: Vec<&str> = ignored.iter().map(|(_, n)| n.as_str()).collect();
    names.dedup();
    Some(Finding {
        severity: Severity::Warning,
        code: "M002".to_string(),
        message: format!("mermaid styles not drawn: {}", names.join("; ")),
        span: *first,
        labels: Vec::new(),
        help: Some(
            "our theme draws dashed, thick and bold, and maps fill/stroke colours to its palette; \
             other properties are ignored"
                .to_string(),
        ),
    })
}
