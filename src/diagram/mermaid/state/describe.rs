//! Words for a state diagram, in place of the architecture wording the shared SVG stage writes:
//! "Start, then Idle. Idle goes to Running on “start” and to Stopped." for the `<desc>`, and a
//! `<details>` list of states, transitions and notes.

use std::fmt::Write as _;

use super::ast::Pseudo;
use super::build::Role;
use crate::diagram::model::{Diagram, NodeId};
use crate::diagram::svg::writer::escape;

/// `html` (a figure or standalone SVG from the shared stage) with its title, `<desc>` and
/// `<details>` rewritten for states.
pub fn replace(html: &str, prefix: &str, diagram: &Diagram, roles: &[Role]) -> String {
    let mut out = html.to_string();
    if diagram.title.is_none() {
        let old = format!(
            r#"<title id="{}-title">Architecture diagram</title>"#,
            escape(prefix)
        );
        let new = format!(
            r#"<title id="{}-title">State diagram</title>"#,
            escape(prefix)
        );
        out = out.replacen(&old, &new, 1);
    }
    let open = format!(r#"<desc id="{}-desc">"#, escape(prefix));
    if let Some(start) = out.find(&open).map(|i| i + open.len()) {
        if let Some(len) = out[start..].find("</desc>") {
            out.replace_range(start..start + len, &escape(&sentence(diagram, roles)));
        }
    }
    let open = "<details class=\"diagram-text\">";
    if let Some(start) = out.find(open) {
        if let Some(len) = out[start..].find("</details>\n") {
            out.replace_range(
                start..start + len + "</details>\n".len(),
                &details(diagram, roles),
            );
        }
    }
    out
}

/// The composite a node sits in (skipping the untitled region containers).
fn composite(diagram: &Diagram, roles: &[Role], id: NodeId) -> Option<NodeId> {
    diagram
        .ancestors(id)
        .find(|a| roles[a.index()] != Role::Region)
}

fn first_line(text: &str) -> String {
    text.split('\n').next().unwrap_or("").to_string()
}

/// How a node is named in prose.
fn name(diagram: &Diagram, roles: &[Role], id: NodeId) -> String {
    let node = diagram.node(id);
    let inside = composite(diagram, roles, id).map(|c| first_line(&diagram.node(c).label));
    let scoped = |word: &str| match &inside {
        Some(c) => format!("{word} of {c}"),
        None => word.to_string(),
    };
    match roles[id.index()] {
        Role::Pseudo(Pseudo::Start) => scoped("Start"),
        Role::Pseudo(Pseudo::End) => scoped("the end"),
        Role::Pseudo(Pseudo::Choice) => format!("the choice {}", node.label),
        Role::Pseudo(Pseudo::Fork) => format!("the fork {}", node.label),
        Role::Pseudo(Pseudo::Join) => format!("the join {}", node.label),
        Role::Note => format!("the note “{}”", node.label.replace('\n', " ")),
        Role::Region => "a region".to_string(),
        Role::State | Role::Composite => first_line(&node.label),
    }
}

/// `text` with its first letter in upper case, to start a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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

fn is_note_link(roles: &[Role], edge: &crate::diagram::model::Edge) -> bool {
    roles[edge.from.index()] == Role::Note || roles[edge.to.index()] == Role::Note
}

/// States (and composites) directly in `container`, through its regions.
fn members(diagram: &Diagram, roles: &[Role], container: NodeId) -> Vec<String> {
    diagram
        .node(container)
        .children
        .iter()
        .filter(|c| matches!(roles[c.index()], Role::State | Role::Composite))
        .map(|c| name(diagram, roles, *c))
        .collect()
}

pub fn sentence(diagram: &Diagram, roles: &[Role]) -> String {
    let mut sentences = Vec::new();
    for id in diagram.node_ids() {
        if roles[id.index()] != Role::Composite || !diagram.is_container(id) {
            continue;
        }
        let regions: Vec<NodeId> = diagram
            .node(id)
            .children
            .iter()
            .copied()
            .filter(|c| roles[c.index()] == Role::Region)
            .collect();
        if regions.is_empty() {
            sentences.push(format!(
                "{} contains {}.",
                name(diagram, roles, id),
                join(&members(diagram, roles, id))
            ));
        } else {
            let parts: Vec<String> = regions
                .iter()
                .map(|r| join(&members(diagram, roles, *r)))
                .collect();
            sentences.push(format!(
                "{} runs {} regions at once: {}.",
                name(diagram, roles, id),
                regions.len(),
                parts.join("; ")
            ));
        }
    }
    let mut sources: Vec<NodeId> = Vec::new();
    for edge in diagram.edges.iter().filter(|e| !is_note_link(roles, e)) {
        if !sources.contains(&edge.from) {
            sources.push(edge.from);
        }
    }
    for source in sources {
        let targets: Vec<String> = diagram
            .edges
            .iter()
            .filter(|e| e.from == source && !is_note_link(roles, e))
            .map(|e| {
                let on = e
                    .label
                    .as_deref()
                    .map(|l| format!(" on “{l}”"))
                    .unwrap_or_default();
                format!("{}{on}", name(diagram, roles, e.to))
            })
            .collect();
        let who = capitalised(&name(diagram, roles, source));
        if roles[source.index()] == Role::Pseudo(Pseudo::Start) {
            sentences.push(format!("{who}, then {}.", join(&targets)));
        } else {
            let to: Vec<String> = targets.iter().map(|t| format!("to {t}")).collect();
            sentences.push(format!("{who} goes {}.", join(&to)));
        }
    }
    for id in diagram.node_ids() {
        let label = &diagram.node(id).label;
        if roles[id.index()] == Role::State && label.contains('\n') {
            let lines: Vec<&str> = label.split('\n').skip(1).collect();
            sentences.push(format!("{}: {}.", first_line(label), lines.join("; ")));
        }
    }
    for edge in diagram.edges.iter().filter(|e| is_note_link(roles, e)) {
        let (note, state) = if roles[edge.from.index()] == Role::Note {
            (edge.from, edge.to)
        } else {
            (edge.to, edge.from)
        };
        sentences.push(format!(
            "Note on {}: {}.",
            name(diagram, roles, state),
            diagram.node(note).label.replace('\n', " ")
        ));
    }
    if sentences.is_empty() {
        let names: Vec<String> = diagram
            .node_ids()
            .filter(|id| roles[id.index()] != Role::Region)
            .map(|id| name(diagram, roles, id))
            .collect();
        sentences.push(if names.is_empty() {
            "An empty state diagram.".to_string()
        } else {
            format!("Shows {}.", join(&names))
        });
    }
    sentences.join(" ")
}

pub fn details(diagram: &Diagram, roles: &[Role]) -> String {
    let mut out =
        String::from("<details class=\"diagram-text\">\n<summary>Diagram as text</summary>\n");
    out.push_str("<p>States</p>\n<ul>\n");
    for id in diagram.node_ids() {
        if !matches!(roles[id.index()], Role::State | Role::Composite) {
            continue;
        }
        let label = &diagram.node(id).label;
        let mut line = first_line(label);
        let more: Vec<&str> = label.split('\n').skip(1).collect();
        if !more.is_empty() {
            let _ = write!(line, ": {}", more.join("; "));
        }
        if let Some(c) = composite(diagram, roles, id) {
            let _ = write!(line, " (in {})", first_line(&diagram.node(c).label));
        }
        let _ = writeln!(out, "<li>{}</li>", escape(&line));
    }
    out.push_str("</ul>\n");
    let transitions: Vec<_> = diagram
        .edges
        .iter()
        .filter(|e| !is_note_link(roles, e))
        .collect();
    if !transitions.is_empty() {
        out.push_str("<p>Transitions</p>\n<ul>\n");
        for edge in transitions {
            let label = edge
                .label
                .as_deref()
                .map(|l| format!(": {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li>{} → {}{}</li>",
                escape(&name(diagram, roles, edge.from)),
                escape(&name(diagram, roles, edge.to)),
                escape(&label)
            );
        }
        out.push_str("</ul>\n");
    }
    let notes: Vec<NodeId> = diagram
        .node_ids()
        .filter(|id| roles[id.index()] == Role::Note)
        .collect();
    if !notes.is_empty() {
        out.push_str("<p>Notes</p>\n<ul>\n");
        for note in notes {
            let on = diagram
                .edges
                .iter()
                .find(|e| e.from == note || e.to == note)
                .map(|e| if e.from == note { e.to } else { e.from })
                .map(|s| format!("On {}: ", name(diagram, roles, s)))
                .unwrap_or_default();
            let text = diagram.node(note).label.replace('\n', " ");
            let _ = writeln!(out, "<li>{}</li>", escape(&format!("{on}{text}")));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
    out
}
