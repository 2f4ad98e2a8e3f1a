//! What the flowchart parser reads: every statement as written, with byte spans. Nothing is resolved
//! here (which subgraph owns a node, what a class means): that is [`super::model`]'s job.

use crate::diagram::Span;
use crate::diagram::layout::{Direction, Orientation};
use crate::diagram::model::{Head, Shape};
use crate::diagram::syntax::{Ends, Spanned};

/// The direction keyword of the header or a subgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flow {
    #[default]
    TopDown,
    BottomUp,
    LeftRight,
    RightLeft,
}

impl Flow {
    pub fn parse(word: &str) -> Option<Flow> {
        match word.to_ascii_uppercase().as_str() {
            "TB" | "TD" | "V" => Some(Flow::TopDown),
            "BT" | "^" => Some(Flow::BottomUp),
            "LR" | ">" => Some(Flow::LeftRight),
            "RL" | "<" => Some(Flow::RightLeft),
            _ => None,
        }
    }

    /// The layout engine's way of saying the same.
    pub fn orientation(self) -> Orientation {
        Orientation {
            direction: match self {
                Flow::TopDown | Flow::BottomUp => Direction::Down,
                Flow::LeftRight | Flow::RightLeft => Direction::Right,
            },
            reversed: matches!(self, Flow::BottomUp | Flow::RightLeft),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Flowchart {
    pub title: Option<String>,
    pub flow: Flow,
    /// Every mention of a node, in source order (a node may be mentioned many times).
    pub mentions: Vec<Mention>,
    /// Every link, in source order (invisible `~~~` ones too, so `linkStyle` numbers match).
    pub links: Vec<Link>,
    pub subgraphs: Vec<Subgraph>,
    pub class_defs: Vec<ClassDef>,
    /// `class a,b name`.
    pub class_uses: Vec<(Vec<Spanned<String>>, Spanned<String>)>,
    pub styles: Vec<StyleDecl>,
    pub clicks: Vec<Click>,
    /// `%% kind: NODE KIND [ROLE]` comments.
    pub hints: Vec<Hint>,
    /// `%% allow: rule, rule`: lint findings accepted for the whole diagram.
    pub allow: Vec<Spanned<String>>,
    /// Statements read but not drawn (`click` callbacks, unknown `@{}` keys), one note each.
    pub ignored: Vec<(Span, String)>,
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub id: Spanned<String>,
    pub text: Option<String>,
    pub shape: Option<Shape>,
    pub classes: Vec<String>,
    /// The innermost subgraph open where this mention is written.
    pub subgraph: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrow {
    pub ends: Ends,
    pub head: Head,
    pub dashed: bool,
    pub thick: bool,
    /// `~~~`: takes part in layout in Mermaid, never drawn; we leave it out.
    pub invisible: bool,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub arrow: Arrow,
    pub label: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Subgraph {
    pub id: Spanned<String>,
    pub title: String,
    pub parent: Option<usize>,
    /// The order subgraphs were closed in (`end`): an inner subgraph closes before the outer one.
    pub closed: usize,
    pub direction: Option<Flow>,
}

#[derive(Debug, Clone)]
pub struct ClassDef {
    pub names: Vec<String>,
    pub props: Vec<Prop>,
}

/// One `key:value` of a style list, with its span.
#[derive(Debug, Clone)]
pub struct Prop {
    pub key: String,
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StyleTarget {
    Node(Spanned<String>),
    /// `linkStyle 0,2`: link numbers in declaration order.
    Links(Vec<usize>),
    /// `linkStyle default`.
    AllLinks,
}

#[derive(Debug, Clone)]
pub struct StyleDecl {
    pub target: StyleTarget,
    pub props: Vec<Prop>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Click {
    pub node: Spanned<String>,
    pub url: Spanned<String>,
}

#[derive(Debug, Clone)]
pub struct Hint {
    pub node: Spanned<String>,
    pub kind: Spanned<String>,
    pub role: Option<Spanned<String>>,
}
