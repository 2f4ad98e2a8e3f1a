//! Syntax: `infra` source text -> [`Document`] (an AST with byte spans) plus every syntax error.
//!
//! Parsing never fails and never panics: it always returns the statements it understood, and each
//! statement it could not read becomes one error, after which it resumes at the next line. Names are not
//! resolved here (that is the model's job); the AST keeps everything the author wrote, including the
//! `allow:` and `path` statements the lints read.

mod lexer;
mod parser;

pub use lexer::{Arrow, Ends};

use super::{Finding, Severity, Span};

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A whole diagram: top-level settings and statements in source order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub title: Option<Spanned<String>>,
    pub direction: Option<Spanned<String>>,
    /// `allow: [codes]` at the top: lint findings accepted for the whole diagram.
    pub allow: Vec<Spanned<String>>,
    /// `expect: [codes] "reason"` at the top: findings the diagram exists to show (a teaching
    /// diagram). They are still drawn and listed under it, but reported as notes, not warnings.
    pub expect: Vec<Spanned<String>>,
    /// The reason given with `expect:`.
    pub expect_reason: Option<Spanned<String>>,
    pub paths: Vec<PathDecl>,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    Node(NodeDecl),
    Edge(EdgeDecl),
}

/// `id: Label { attrs and child statements }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeDecl {
    pub id: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub attrs: Vec<Attr>,
    /// Nodes and edges declared inside the braces; a node with child nodes is a container.
    pub children: Vec<Statement>,
    /// From the id to the end of the declaration.
    pub span: Span,
}

/// `a -> b -> c: label { attrs }`: one declaration, one edge per arrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeDecl {
    pub ends: Vec<NodeRef>,
    /// `arrows[i]` joins `ends[i]` and `ends[i + 1]`.
    pub arrows: Vec<Spanned<Arrow>>,
    pub label: Option<Spanned<String>>,
    pub attrs: Vec<Attr>,
    pub span: Span,
}

/// A dotted path such as `server1.db`, resolved relative to the enclosing container first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRef {
    pub segments: Vec<String>,
    pub span: Span,
}

impl NodeRef {
    pub fn dotted(&self) -> String {
        self.segments.join(".")
    }
}

/// `path "Name": a -> b -> c`: a request path the lints check and draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathDecl {
    pub name: Spanned<String>,
    pub steps: Vec<NodeRef>,
    pub span: Span,
}

/// `key: value` or `key: [a, b]` inside braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub key: Spanned<String>,
    pub value: AttrValue,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrValue {
    Text(Spanned<String>),
    List(Vec<Spanned<String>>),
}

impl AttrValue {
    pub fn span(&self, fallback: Span) -> Span {
        match self {
            AttrValue::Text(text) => text.span,
            AttrValue::List(items) => match (items.first(), items.last()) {
                (Some(first), Some(last)) => Span {
                    start: first.span.start,
                    end: last.span.end,
                },
                _ => fallback,
            },
        }
    }
}

/// Keys that are attributes (not child nodes) inside a node's braces.
pub const NODE_ATTRIBUTES: [&str; 6] = ["kind", "role", "tls", "link", "tech", "allow"];
/// Keys allowed inside an edge's braces.
pub const EDGE_ATTRIBUTES: [&str; 5] = ["proto", "ops", "kind", "port", "allow"];
/// Settings allowed at the top of a diagram (besides node and edge statements).
pub const TOP_LEVEL_SETTINGS: [&str; 5] = ["title", "direction", "allow", "expect", "path"];

/// Parses a whole diagram. See the module docs for the guarantees.
pub fn parse(source: &str) -> (Document, Vec<Finding>) {
    let mut errors = Vec::new();
    let tokens = lexer::lex(source, &mut errors);
    let document = parser::parse_tokens(source, &tokens, &mut errors);
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    (document, errors)
}

pub(crate) fn syntax_error(span: Span, message: &str, help: Option<&str>) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "E-syntax".to_string(),
        message: message.to_string(),
        span,
        labels: Vec::new(),
        help: help.map(str::to_string),
    }
}

#[cfg(test)]
mod tests;
