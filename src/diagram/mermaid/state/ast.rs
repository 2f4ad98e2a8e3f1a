//! What the state-diagram parser reads: every statement as written, with byte spans. Scopes
//! (which composite and which concurrent region a statement sits in) are recorded here; what they
//! mean for the drawing is [`super::build`]'s job.

use crate::diagram::Span;
use crate::diagram::mermaid::ast::{ClassDef, Flow, Prop};
use crate::diagram::syntax::Spanned;

/// Where a statement sits: the innermost open composite (index into [`StateChart::composites`])
/// and the concurrent region inside it (0 before the first `--`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Scope {
    pub composite: Option<usize>,
    pub region: usize,
}

/// A pseudo-state written with `<<choice>>`, `<<fork>>` or `<<join>>`, or `[*]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    Start,
    End,
    Choice,
    Fork,
    Join,
}

#[derive(Debug, Clone, Default)]
pub struct StateChart {
    pub title: Option<String>,
    pub flow: Flow,
    /// Every mention of a state, in source order (`[*]` as `[*]start` / `[*]end` ids per scope).
    pub mentions: Vec<Mention>,
    pub transitions: Vec<Transition>,
    pub composites: Vec<Composite>,
    pub notes: Vec<Note>,
    pub class_defs: Vec<ClassDef>,
    /// `class a,b name`.
    pub class_uses: Vec<(Vec<Spanned<String>>, Spanned<String>)>,
    /// `style a,b fill:...`.
    pub styles: Vec<(Spanned<String>, Vec<Prop>, Span)>,
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub id: Spanned<String>,
    pub scope: Scope,
    /// `state "Long name" as id`.
    pub name: Option<String>,
    /// `id : text` (one line each time it is written).
    pub description: Option<String>,
    pub pseudo: Option<Pseudo>,
    /// `:::name`.
    pub classes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Transition {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub label: Option<String>,
    pub span: Span,
}

/// `state X { ... }`: its id, where it was opened and how many `--` regions it has.
#[derive(Debug, Clone)]
pub struct Composite {
    pub id: Spanned<String>,
    pub scope: Scope,
    pub regions: usize,
    /// Its own `direction`, honoured when no transition leaves it.
    pub direction: Option<Flow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub struct Note {
    /// The state the note is attached to; `None` for a floating `note "text" as N`.
    pub target: Option<Spanned<String>>,
    pub side: Side,
    pub text: String,
    pub scope: Scope,
    pub span: Span,
}
