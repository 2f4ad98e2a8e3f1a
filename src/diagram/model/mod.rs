//! Model: [`Document`](super::syntax::Document) -> [`Diagram`], the checked meaning of a diagram.
//!
//! Names are resolved (a dotted path is looked up relative to the container the statement sits in,
//! then outwards up to the top), kinds and attribute values are checked against the closed
//! vocabularies in [`kinds`], and every error is collected with its span. Nodes and edges live in
//! vectors indexed by [`NodeId`] and [`EdgeId`]; parents come before their children. This is what the
//! lints, the layout front end and the SVG writer read: none of them look at the syntax.

mod build;
pub mod kinds;
pub mod look;

pub use build::build;
pub use kinds::{EdgeKind, NodeKind, Ops, Proto, Role, Tls};
pub use look::{Accent, EdgeLook, Head, NodeLook, Shape};

use super::Span;
use super::layout::Direction;
use super::syntax::{Ends, Spanned};

/// Index of a node in [`Diagram::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// Index of an edge in [`Diagram::edges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl EdgeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    pub title: Option<String>,
    pub direction: Direction,
    /// In declaration order, parents before children.
    pub nodes: Vec<Node>,
    /// One per arrow, in declaration order (a chain `a -> b -> c` gives two).
    pub edges: Vec<Edge>,
    /// Lint codes accepted for the whole diagram (`allow:` at the top), as written.
    pub allow: Vec<Spanned<String>>,
    /// Lint codes the diagram exists to show (`expect:`), with the reason given.
    pub expect: Vec<Spanned<String>>,
    pub expect_reason: Option<String>,
    pub paths: Vec<RequestPath>,
    /// Whether the legend is drawn (`infra` always; Mermaid only when a `%% kind:` hint opts in).
    pub legend: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The full dotted path, e.g. `server1.db`; unique in the diagram.
    pub path: String,
    /// Shown in the box; the last path segment when no label was written.
    pub label: String,
    pub kind: NodeKind,
    pub role: Option<Role>,
    pub tls: Option<Tls>,
    /// `link:` target as written (resolved when drawing).
    pub link: Option<Spanned<String>>,
    /// Product name shown under the label.
    pub tech: Option<String>,
    pub parent: Option<NodeId>,
    /// Child nodes in declaration order; non-empty means this node is a container.
    pub children: Vec<NodeId>,
    /// Lint codes accepted for this node.
    pub allow: Vec<Spanned<String>>,
    /// The id as written in its declaration.
    pub span: Span,
    /// Shape and style beyond the kind (the default for `infra`).
    pub look: NodeLook,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub label: Option<String>,
    /// Direction as drawn: `->` forward, `<->` both, `--` none.
    pub ends: Ends,
    pub dashed: bool,
    pub proto: Option<Proto>,
    pub ops: Option<Ops>,
    pub kind: EdgeKind,
    pub port: Option<u16>,
    pub allow: Vec<Spanned<String>>,
    /// From the first end to the second end of this arrow in the declaration.
    pub span: Span,
    /// Line weight, end markers and accent (the default for `infra`).
    pub look: EdgeLook,
}

impl Edge {
    pub fn is_encrypted(&self) -> bool {
        self.proto.as_ref().is_some_and(Proto::is_encrypted)
    }
}

/// `path "Name": a -> b -> c`, with every step resolved. Whether consecutive steps are joined by an
/// edge is for the lints to judge.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPath {
    pub name: String,
    pub steps: Vec<(NodeId, Span)>,
    pub span: Span,
}

impl Diagram {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn edge(&self, id: EdgeId) -> &Edge {
        &self.edges[id.index()]
    }

    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    pub fn edge_ids(&self) -> impl Iterator<Item = EdgeId> + '_ {
        (0..self.edges.len() as u32).map(EdgeId)
    }

    pub fn is_container(&self, id: NodeId) -> bool {
        !self.node(id).children.is_empty()
    }

    /// The containers around `id`, innermost first.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).parent, |p| self.node(*p).parent)
    }

    /// Whether `inner` lies (at any depth) inside `outer`.
    pub fn is_inside(&self, inner: NodeId, outer: NodeId) -> bool {
        self.ancestors(inner).any(|a| a == outer)
    }

    pub fn find(&self, path: &str) -> Option<NodeId> {
        self.node_ids().find(|id| self.node(*id).path == path)
    }

    /// Edges leaving `id`, in declaration order (an undirected or two-way edge leaves both ends).
    pub fn edges_from(&self, id: NodeId) -> impl Iterator<Item = EdgeId> + '_ {
        self.edge_ids().filter(move |e| {
            let edge = self.edge(*e);
            edge.from == id || (edge.to == id && edge.ends != Ends::Forward)
        })
    }

    /// Edges arriving at `id`, in declaration order.
    pub fn edges_to(&self, id: NodeId) -> impl Iterator<Item = EdgeId> + '_ {
        self.edge_ids().filter(move |e| {
            let edge = self.edge(*e);
            edge.to == id || (edge.from == id && edge.ends != Ends::Forward)
        })
    }
}

#[cfg(test)]
mod tests;
