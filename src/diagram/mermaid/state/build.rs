//! [`StateChart`] -> [`Diagram`]: the same model flowcharts and `infra` build, so layout and drawing
//! are shared. A state belongs to the composite (or concurrent region) it is first written in; a
//! composite to the one its `state X {` opens in. A composite with `--` regions gets one dashed,
//! untitled container per region, so each region is laid out as a block of its own.

use std::collections::BTreeMap;

use super::ast::{Pseudo, Scope, Side, StateChart};
use crate::diagram::layout::Direction;
use crate::diagram::mermaid::ast::Flow;
use crate::diagram::mermaid::build::{Built, ignored_warning};
use crate::diagram::mermaid::classes;
use crate::diagram::model::{
    Diagram, Edge, EdgeKind, EdgeLook, Node, NodeId, NodeKind, NodeLook, Shape,
};
use crate::diagram::syntax::{Ends, Spanned};
use crate::diagram::{Finding, Severity, Span};

/// What a node of the drawing is, for the words of the text alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    State,
    Pseudo(Pseudo),
    Composite,
    Region,
    Note,
}

#[derive(Default)]
struct Table {
    drafts: Vec<Draft>,
    by_id: BTreeMap<String, usize>,
    /// The scope each draft was first written in.
    first_scope: Vec<Scope>,
}

impl Table {
    fn add(&mut self, id: &Spanned<String>, role: Role, scope: Scope) -> usize {
        if let Some(index) = self.by_id.get(&id.value) {
            return *index;
        }
        self.drafts.push(Draft::new(id, role));
        self.first_scope.push(scope);
        self.by_id.insert(id.value.clone(), self.drafts.len() - 1);
        self.drafts.len() - 1
    }
}

impl Draft {
    fn new(id: &Spanned<String>, role: Role) -> Draft {
        Draft {
            id: id.clone(),
            name: None,
            descriptions: Vec::new(),
            role,
            parent: None,
            look: NodeLook {
                shape: Shape::Rounded,
                ..NodeLook::default()
            },
        }
    }
}

struct Draft {
    id: Spanned<String>,
    name: Option<String>,
    descriptions: Vec<String>,
    role: Role,
    parent: Option<usize>,
    look: NodeLook,
}

/// The checked diagram, the role of every node (same order as its nodes), and the warnings.
pub struct StateBuilt {
    pub built: Built,
    pub roles: Vec<Role>,
}

pub fn build(chart: &StateChart) -> Result<StateBuilt, Vec<Finding>> {
    let across = matches!(chart.flow, Flow::LeftRight | Flow::RightLeft);
    let mut table = Table::default();
    let mut classes: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for mention in &chart.mentions {
        let role = mention.pseudo.map_or(Role::State, Role::Pseudo);
        let index = table.add(&mention.id, role, mention.scope);
        let draft = &mut table.drafts[index];
        if let Some(pseudo) = mention.pseudo {
            draft.role = Role::Pseudo(pseudo);
        }
        if let Some(name) = &mention.name {
            draft.name = Some(name.clone());
        }
        if let Some(text) = &mention.description {
            draft.descriptions.push(text.clone());
        }
        classes
            .entry(index)
            .or_default()
            .extend(mention.classes.iter().cloned());
    }
    // Composites, then their regions, then notes (so every scope has a node to belong to).
    let mut composite_node: Vec<usize> = Vec::new();
    for composite in &chart.composites {
        let index = table.add(&composite.id, Role::Composite, composite.scope);
        table.drafts[index].role = Role::Composite;
        composite_node.push(index);
    }
    let mut regions: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut region_count: BTreeMap<usize, usize> = BTreeMap::new();
    for (c, composite) in chart.composites.iter().enumerate() {
        let count = region_count.entry(composite_node[c]).or_insert(1);
        *count = (*count).max(composite.regions);
    }
    for (c, composite) in chart.composites.iter().enumerate() {
        let node = composite_node[c];
        if region_count[&node] < 2 {
            continue;
        }
        for r in 0..composite.regions {
            let id = Spanned {
                value: format!("{}/region-{}", composite.id.value, r + 1),
                span: composite.id.span,
            };
            let index = table.add(&id, Role::Region, Scope::default());
            table.drafts[index].look.dashed = true;
            table.drafts[index].parent = Some(node);
            regions.insert((node, r), index);
        }
    }
    let scope_parent = |scope: Scope| -> Option<usize> {
        let c = scope.composite?;
        let node = composite_node[c];
        Some(regions.get(&(node, scope.region)).copied().unwrap_or(node))
    };
    let Table {
        mut drafts,
        mut by_id,
        mut first_scope,
    } = table;
    for (c, composite) in chart.composites.iter().enumerate() {
        let node = composite_node[c];
        if drafts[node].parent.is_none() {
            drafts[node].parent = scope_parent(composite.scope).filter(|p| *p != node);
        }
    }
    for index in 0..drafts.len() {
        if drafts[index].role == Role::Composite || drafts[index].role == Role::Region {
            continue;
        }
        if let Some(parent) = scope_parent(first_scope[index]) {
            if !is_below(&drafts, parent, index) && parent != index {
                drafts[index].parent = Some(parent);
            }
        }
    }
    // Notes sit with the state they describe.
    let mut note_links: Vec<(usize, usize, Side, Span)> = Vec::new();
    for (n, note) in chart.notes.iter().enumerate() {
        let id = Spanned {
            value: format!("note-{}", n + 1),
            span: note.span,
        };
        let index = drafts.len();
        by_id.insert(id.value.clone(), index);
        first_scope.push(note.scope);
        drafts.push(Draft::new(&id, Role::Note));
        drafts[index].role = Role::Note;
        drafts[index].name = Some(note.text.clone());
        drafts[index].look.shape = Shape::Note;
        match &note.target {
            Some(target) => {
                let state = by_id[&target.value];
                drafts[index].parent = drafts[state].parent;
                note_links.push((state, index, note.side, note.span));
            }
            None => drafts[index].parent = scope_parent(note.scope),
        }
    }
    for draft in drafts.iter_mut() {
        draft.look.shape = match draft.role {
            Role::Pseudo(Pseudo::Start) => Shape::StartDot,
            Role::Pseudo(Pseudo::End) => Shape::EndDot,
            Role::Pseudo(Pseudo::Choice) => Shape::Choice,
            // Turned across the flow of its block once the block's direction is known.
            Role::Pseudo(Pseudo::Fork | Pseudo::Join) => Shape::Bar,
            Role::Note => Shape::Note,
            _ => Shape::Rounded,
        };
    }
    let mut ignored: Vec<(Span, String)> = Vec::new();
    styles(chart, &by_id, &mut drafts, classes, &mut ignored);
    let (nodes, order, roles) = nodes_in_tree_order(&drafts);
    let mut own = vec![None; nodes.len()];
    for (c, composite) in chart.composites.iter().enumerate() {
        if let Some(flow) = composite.direction {
            own[order[composite_node[c]]] = Some(flow.orientation());
        }
    }
    let mut errors = Vec::new();
    let mut edges = Vec::new();
    for transition in &chart.transitions {
        let from = NodeId(order[by_id[&transition.from.value]] as u32);
        let to = NodeId(order[by_id[&transition.to.value]] as u32);
        let nested = |a: NodeId, b: NodeId| {
            std::iter::successors(nodes[a.index()].parent, |p| nodes[p.index()].parent)
                .any(|p| p == b)
        };
        if nested(from, to) || nested(to, from) {
            errors.push(Finding {
                severity: Severity::Error,
                code: "E-bad-edge".to_string(),
                message: "a transition cannot join a composite state to a state inside it"
                    .to_string(),
                span: transition.span,
                labels: Vec::new(),
                help: Some(
                    "inside the composite, start from `[*]` instead: `[*] --> Inner`".to_string(),
                ),
            });
            continue;
        }
        edges.push(edge(
            from,
            to,
            transition.label.clone(),
            Ends::Forward,
            transition.span,
        ));
    }
    for (state, note, side, span) in note_links {
        let (state, note) = (NodeId(order[state] as u32), NodeId(order[note] as u32));
        let (from, to) = match side {
            Side::Left => (note, state),
            Side::Right => (state, note),
        };
        let mut link = edge(from, to, None, Ends::None, span);
        link.dashed = true;
        edges.push(link);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let diagram = Diagram {
        title: chart.title.clone(),
        direction: if across {
            Direction::Right
        } else {
            Direction::Down
        },
        nodes,
        edges,
        allow: Vec::new(),
        expect: Vec::new(),
        expect_reason: None,
        paths: Vec::new(),
        legend: false,
    };
    Ok(StateBuilt {
        built: Built {
            diagram,
            warnings: ignored_warning(&ignored).into_iter().collect(),
            own,
        },
        roles,
    })
}

fn edge(from: NodeId, to: NodeId, label: Option<String>, ends: Ends, span: Span) -> Edge {
    Edge {
        from,
        to,
        label: label.map(|l| l.replace('\n', " ")),
        ends,
        dashed: false,
        proto: None,
        ops: None,
        kind: EdgeKind::Request,
        port: None,
        allow: Vec::new(),
        span,
        look: EdgeLook::default(),
    }
}

/// `classDef` + `class` / `:::`, and `style`, through the flowchart's theme-safe mapping.
fn styles(
    chart: &StateChart,
    by_id: &BTreeMap<String, usize>,
    drafts: &mut [Draft],
    mut classes: BTreeMap<usize, Vec<String>>,
    ignored: &mut Vec<(Span, String)>,
) {
    for (states, class) in &chart.class_uses {
        for state in states {
            match by_id.get(&state.value) {
                Some(index) => classes.entry(*index).or_default().push(class.value.clone()),
                None => ignored.push((
                    state.span,
                    format!("class on unknown state {}", state.value),
                )),
            }
        }
    }
    for (index, names) in &classes {
        classes::apply_classes(&chart.class_defs, names, &mut drafts[*index].look, ignored);
    }
    for (id, props, span) in &chart.styles {
        match by_id.get(&id.value) {
            Some(index) => classes::apply_style(&mut drafts[*index].look, props, *span, ignored),
            None => ignored.push((*span, format!("style on unknown state {}", id.value))),
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

/// What a state shows: its name (or id), then its description lines.
fn label(draft: &Draft) -> String {
    match draft.role {
        Role::Pseudo(Pseudo::Start) => "Start".to_string(),
        Role::Pseudo(Pseudo::End) => "End".to_string(),
        Role::Pseudo(_) => draft.id.value.clone(),
        Role::Region => String::new(),
        Role::Note => draft.name.clone().unwrap_or_default(),
        Role::State | Role::Composite => {
            let mut lines = vec![draft.name.clone().unwrap_or_else(|| draft.id.value.clone())];
            if draft.role == Role::State {
                lines.extend(draft.descriptions.iter().cloned());
            }
            lines.join("\n")
        }
    }
}

/// Nodes with parents before children (depth first, in first-mention order); `order[draft]` is the
/// node's index.
fn nodes_in_tree_order(drafts: &[Draft]) -> (Vec<Node>, Vec<usize>, Vec<Role>) {
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
    let roles = sequence.iter().map(|&i| drafts[i].role).collect();
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
            Node {
                path: d.id.value.clone(),
                label: label(d),
                kind: NodeKind::Generic,
                role: None,
                tls: None,
                link: None,
                tech: None,
                parent: d.parent.map(|p| NodeId(order[p] as u32)),
                children,
                allow: Vec::new(),
                span: d.id.span,
                look: d.look,
            }
        })
        .collect();
    (nodes, order, roles)
}
