//! Builds the [`Diagram`] from the AST in two passes: first declare every node (so edges may point
//! forward), then read attributes and resolve edges and paths.

use std::collections::BTreeMap;

use super::kinds::{EdgeKind, NodeKind, Ops, Proto, Role, Tls};
use super::{Diagram, Edge, Node, NodeId, RequestPath};
use crate::diagram::layout::Direction;
use crate::diagram::suggest::nearest;
use crate::diagram::syntax::{
    Attr, AttrValue, Document, EDGE_ATTRIBUTES, EdgeDecl, NODE_ATTRIBUTES, NodeDecl, NodeRef,
    Spanned, Statement,
};
use crate::diagram::{Finding, Severity, Span};

/// Checks and resolves a parsed document. `Err` carries every error found.
pub fn build(document: &Document) -> Result<Diagram, Vec<Finding>> {
    let mut builder = Builder::default();
    let direction = builder.direction(document);
    builder.declare(&document.statements, None);
    let declared = std::mem::take(&mut builder.declared);
    for (decl, id) in &declared {
        builder.node_attributes(decl, *id);
    }
    let edges = std::mem::take(&mut builder.pending_edges);
    for (decl, scope) in &edges {
        builder.edge(decl, *scope);
    }
    let paths = document
        .paths
        .iter()
        .filter_map(|path| builder.path(path))
        .collect();
    if !builder.errors.is_empty() {
        builder.errors.sort_by_key(|e| (e.span.start, e.span.end));
        return Err(builder.errors);
    }
    Ok(Diagram {
        title: document.title.as_ref().map(|t| t.value.clone()),
        direction,
        nodes: builder.nodes,
        edges: builder.edges,
        allow: document.allow.clone(),
        expect: document.expect.clone(),
        expect_reason: document.expect_reason.as_ref().map(|r| r.value.clone()),
        paths,
        legend: true,
    })
}

#[derive(Default)]
struct Builder<'d> {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    by_path: BTreeMap<String, NodeId>,
    declared: Vec<(&'d NodeDecl, NodeId)>,
    /// Edge declarations with the container they were written in.
    pending_edges: Vec<(&'d EdgeDecl, Option<NodeId>)>,
    errors: Vec<Finding>,
}

fn error(code: &str, span: Span, message: String) -> Finding {
    Finding {
        severity: Severity::Error,
        code: code.to_string(),
        message,
        span,
        labels: Vec::new(),
        help: None,
    }
}

fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    nearest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

impl<'d> Builder<'d> {
    fn direction(&mut self, document: &Document) -> Direction {
        let Some(direction) = &document.direction else {
            return Direction::Right;
        };
        match direction.value.as_str() {
            "right" => Direction::Right,
            "down" => Direction::Down,
            other => {
                let mut finding = error(
                    "E-bad-value",
                    direction.span,
                    format!("unknown direction `{other}`; use `right` or `down`"),
                );
                finding.help = did_you_mean(other, ["right", "down"]);
                self.errors.push(finding);
                Direction::Right
            }
        }
    }

    fn declare(&mut self, statements: &'d [Statement], parent: Option<NodeId>) {
        for statement in statements {
            match statement {
                Statement::Node(decl) => self.declare_node(decl, parent),
                Statement::Edge(decl) => self.pending_edges.push((decl, parent)),
            }
        }
    }

    fn declare_node(&mut self, decl: &'d NodeDecl, parent: Option<NodeId>) {
        let path = match parent {
            Some(p) => format!("{}.{}", self.nodes[p.index()].path, decl.id.value),
            None => decl.id.value.clone(),
        };
        if let Some(first) = self.by_path.get(&path) {
            let mut finding = error(
                "E-duplicate-id",
                decl.id.span,
                format!("`{path}` is declared twice"),
            );
            let first_span = self.nodes[first.index()].span;
            finding
                .labels
                .push((first_span, "first declared here".to_string()));
            self.errors.push(finding);
            return;
        }
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            path: path.clone(),
            label: decl
                .label
                .as_ref()
                .map_or_else(|| decl.id.value.clone(), |l| l.value.clone()),
            kind: NodeKind::Generic,
            role: None,
            tls: None,
            link: None,
            tech: None,
            parent,
            children: Vec::new(),
            allow: Vec::new(),
            span: decl.id.span,
            look: Default::default(),
        });
        if let Some(p) = parent {
            self.nodes[p.index()].children.push(id);
        }
        self.by_path.insert(path, id);
        self.declared.push((decl, id));
        self.declare(&decl.children, Some(id));
    }

    // ----- node attributes -----

    fn node_attributes(&mut self, decl: &NodeDecl, id: NodeId) {
        let mut seen: Vec<&str> = Vec::new();
        for attr in &decl.attrs {
            if seen.contains(&attr.key.value.as_str()) {
                self.duplicate_attribute(attr);
                continue;
            }
            seen.push(&attr.key.value);
            self.node_attribute(attr, id);
        }
        let node = &self.nodes[id.index()];
        if node.role.is_some() && node.kind != NodeKind::Database {
            let span = decl
                .attrs
                .iter()
                .find(|a| a.key.value == "role")
                .map_or(decl.id.span, |a| a.span);
            let mut finding = error(
                "E-bad-value",
                span,
                "`role` applies only to databases".to_string(),
            );
            finding.help = Some("add `kind: database`, or remove `role`".to_string());
            self.errors.push(finding);
        }
    }

    fn node_attribute(&mut self, attr: &Attr, id: NodeId) {
        match attr.key.value.as_str() {
            "kind" => {
                if let Some(kind) =
                    self.closed_value(attr, NodeKind::parse, NodeKind::names(), "kind")
                {
                    self.nodes[id.index()].kind = kind;
                }
            }
            "role" => {
                self.nodes[id.index()].role =
                    self.closed_value(attr, Role::parse, Role::names(), "role");
            }
            "tls" => {
                self.nodes[id.index()].tls =
                    self.closed_value(attr, Tls::parse, Tls::names(), "tls");
            }
            "link" => self.nodes[id.index()].link = self.text(attr).cloned(),
            "tech" => self.nodes[id.index()].tech = self.text(attr).map(|t| t.value.clone()),
            "allow" => self.nodes[id.index()].allow = list(attr),
            _ => self.unknown_attribute(attr, &NODE_ATTRIBUTES, "node"),
        }
    }

    fn duplicate_attribute(&mut self, attr: &Attr) {
        self.errors.push(error(
            "E-duplicate-attribute",
            attr.key.span,
            format!("`{}` is set twice", attr.key.value),
        ));
    }

    fn unknown_attribute(&mut self, attr: &Attr, known: &[&str], what: &str) {
        let mut finding = error(
            "E-unknown-attribute",
            attr.key.span,
            format!("unknown {what} attribute `{}`", attr.key.value),
        );
        finding.help = did_you_mean(&attr.key.value, known.iter().copied())
            .or_else(|| Some(format!("{what} attributes are {}", known.join(", "))));
        self.errors.push(finding);
    }

    /// The attribute's single text value, or an error if a list was given.
    fn text<'a>(&mut self, attr: &'a Attr) -> Option<&'a Spanned<String>> {
        match &attr.value {
            AttrValue::Text(text) => Some(text),
            AttrValue::List(_) => {
                self.errors.push(error(
                    "E-bad-value",
                    attr.value.span(attr.span),
                    format!("`{}` takes one value, not a list", attr.key.value),
                ));
                None
            }
        }
    }

    /// A value from a closed list; an error listing the choices (and the nearest one) otherwise.
    fn closed_value<T>(
        &mut self,
        attr: &Attr,
        parse: fn(&str) -> Option<T>,
        names: impl Iterator<Item = &'static str>,
        what: &str,
    ) -> Option<T> {
        let text = self.text(attr)?;
        if let Some(value) = parse(&text.value) {
            return Some(value);
        }
        let names: Vec<&str> = names.collect();
        let code = if what == "kind" {
            "E-unknown-kind"
        } else {
            "E-bad-value"
        };
        let mut finding = error(code, text.span, format!("unknown {what} `{}`", text.value));
        let list = format!("{what} is one of: {}", names.join(", "));
        finding.help = Some(match nearest(&text.value, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? {list}"),
            None => list,
        });
        self.errors.push(finding);
        None
    }

    // ----- edges -----

    fn edge(&mut self, decl: &EdgeDecl, scope: Option<NodeId>) {
        let ends: Vec<Option<NodeId>> = decl.ends.iter().map(|r| self.resolve(r, scope)).collect();
        let template = self.edge_attributes(decl);
        for (i, arrow) in decl.arrows.iter().enumerate() {
            let (Some(from), Some(to)) = (ends[i], ends.get(i + 1).copied().flatten()) else {
                continue;
            };
            let span = Span {
                start: decl.ends[i].span.start,
                end: decl.ends[i + 1].span.end,
            };
            if !self.check_edge_ends(from, to, span) {
                continue;
            }
            self.edges.push(Edge {
                from,
                to,
                ends: arrow.value.ends,
                dashed: arrow.value.dashed,
                span,
                ..template.clone()
            });
        }
    }

    /// Refuses edges a drawing cannot show: to itself, or between a container and its own member.
    fn check_edge_ends(&mut self, from: NodeId, to: NodeId, span: Span) -> bool {
        let nested = |inner: NodeId, outer: NodeId, nodes: &[Node]| {
            std::iter::successors(nodes[inner.index()].parent, |p| nodes[p.index()].parent)
                .any(|a| a == outer)
        };
        let message = if from == to {
            "an edge cannot join a node to itself".to_string()
        } else if nested(from, to, &self.nodes) || nested(to, from, &self.nodes) {
            "an edge cannot join a container to a node inside it".to_string()
        } else {
            return true;
        };
        self.errors.push(error("E-bad-edge", span, message));
        false
    }

    /// Reads an edge's attributes once; the result is copied into each edge of a chain.
    fn edge_attributes(&mut self, decl: &EdgeDecl) -> Edge {
        let mut edge = Edge {
            from: NodeId(0),
            to: NodeId(0),
            label: decl.label.as_ref().map(|l| l.value.clone()),
            ends: crate::diagram::syntax::Ends::Forward,
            dashed: false,
            proto: None,
            ops: None,
            kind: EdgeKind::Request,
            port: None,
            allow: Vec::new(),
            span: decl.span,
            look: Default::default(),
        };
        let mut seen: Vec<&str> = Vec::new();
        for attr in &decl.attrs {
            if seen.contains(&attr.key.value.as_str()) {
                self.duplicate_attribute(attr);
                continue;
            }
            seen.push(&attr.key.value);
            self.edge_attribute(attr, &mut edge);
        }
        edge
    }

    fn edge_attribute(&mut self, attr: &Attr, edge: &mut Edge) {
        match attr.key.value.as_str() {
            "proto" => edge.proto = self.proto(attr),
            "ops" => edge.ops = self.closed_value(attr, Ops::parse, Ops::names(), "ops"),
            "kind" => {
                if let Some(kind) =
                    self.closed_value(attr, EdgeKind::parse, EdgeKind::names(), "edge kind")
                {
                    edge.kind = kind;
                }
            }
            "port" => edge.port = self.port(attr),
            "allow" => edge.allow = list(attr),
            _ => self.unknown_attribute(attr, &EDGE_ATTRIBUTES, "edge"),
        }
    }

    fn proto(&mut self, attr: &Attr) -> Option<Proto> {
        let text = self.text(attr)?;
        let proto = Proto::parse(&text.value);
        if proto.is_none() {
            let mut finding = error(
                "E-bad-value",
                text.span,
                format!("`{}` is not a protocol name", text.value),
            );
            finding.help = Some(
                "write one word such as `https`, `http`, `tcp`, `mysql` or `postgres+tls`"
                    .to_string(),
            );
            self.errors.push(finding);
        }
        proto
    }

    fn port(&mut self, attr: &Attr) -> Option<u16> {
        let text = self.text(attr)?;
        match text.value.parse::<u16>() {
            Ok(port) if port > 0 => Some(port),
            _ => {
                self.errors.push(error(
                    "E-bad-value",
                    text.span,
                    format!("`{}` is not a port number (1-65535)", text.value),
                ));
                None
            }
        }
    }

    // ----- names -----

    /// Looks `reference` up inside `scope`, then in each container around it, then at the top.
    fn resolve(&mut self, reference: &NodeRef, scope: Option<NodeId>) -> Option<NodeId> {
        let dotted = reference.dotted();
        let mut current = scope;
        loop {
            let candidate = match current {
                Some(s) => format!("{}.{}", self.nodes[s.index()].path, dotted),
                None => dotted.clone(),
            };
            if let Some(id) = self.by_path.get(&candidate) {
                return Some(*id);
            }
            match current {
                Some(s) => current = self.nodes[s.index()].parent,
                None => break,
            }
        }
        self.unknown_node(reference, &dotted, scope);
        None
    }

    fn unknown_node(&mut self, reference: &NodeRef, dotted: &str, scope: Option<NodeId>) {
        let prefix = scope.map(|s| format!("{}.", self.nodes[s.index()].path));
        let mut candidates: Vec<&str> = self.by_path.keys().map(String::as_str).collect();
        if let Some(prefix) = &prefix {
            candidates.extend(
                self.by_path
                    .keys()
                    .filter_map(|p| p.strip_prefix(prefix.as_str())),
            );
        }
        let mut finding = error(
            "E-unknown-node",
            reference.span,
            format!("unknown node `{dotted}`"),
        );
        finding.help = did_you_mean(dotted, candidates)
            .or_else(|| Some("declare it first, e.g. `name: Label { kind: generic }`; nodes inside a container are reached as `container.name`".to_string()));
        self.errors.push(finding);
    }

    fn path(&mut self, decl: &crate::diagram::syntax::PathDecl) -> Option<RequestPath> {
        let steps: Vec<Option<(NodeId, Span)>> = decl
            .steps
            .iter()
            .map(|r| self.resolve(r, None).map(|id| (id, r.span)))
            .collect();
        let steps: Option<Vec<_>> = steps.into_iter().collect();
        Some(RequestPath {
            name: decl.name.value.clone(),
            steps: steps?,
            span: decl.span,
        })
    }
}

/// `allow: [a, b]` or `allow: a`.
fn list(attr: &Attr) -> Vec<Spanned<String>> {
    match &attr.value {
        AttrValue::List(items) => items.clone(),
        AttrValue::Text(text) => vec![text.clone()],
    }
}
