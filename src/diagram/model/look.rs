//! How a node or edge is drawn when a front end says more than its kind does: the outline shape,
//! line weight and dash, and an accent colour from the theme's palette. The `infra` language leaves
//! all of it at the default (an icon box, a normal line); the Mermaid front end fills it in from
//! node shapes, arrow styles and `classDef`/`style`/`linkStyle`.

/// The outline of a leaf node. [`Shape::Box`] is the `infra` box with the kind's icon; every other
/// shape centres its text and draws no icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    #[default]
    Box,
    /// A plain rectangle.
    Rect,
    /// A rectangle with rounded corners.
    Rounded,
    /// A pill: half circles at both ends.
    Stadium,
    /// A rectangle with a second vertical line inside each end.
    Subroutine,
    Cylinder,
    Circle,
    DoubleCircle,
    Diamond,
    Hexagon,
    /// Slanted to the right.
    Parallelogram,
    /// Slanted to the left.
    ParallelogramAlt,
    /// Wider at the bottom.
    Trapezoid,
    /// Wider at the top.
    TrapezoidAlt,
    /// A rectangle with a notch cut into its left end (Mermaid's "asymmetric" `>text]`).
    Flag,
    /// A state diagram's start: a small filled circle, no text.
    StartDot,
    /// A state diagram's end: a filled circle inside a ring, no text.
    EndDot,
    /// A state diagram's choice: a small diamond, no text.
    Choice,
    /// A fork or join drawn across a top-to-bottom flow: a thick horizontal bar, no text.
    Bar,
    /// A fork or join in a left-to-right flow: a thick vertical bar, no text.
    BarVertical,
    /// A note: a sheet with its top right corner folded.
    Note,
}

impl Shape {
    /// The class written on the node, `shape-...`.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Box => "box",
            Shape::Rect => "rect",
            Shape::Rounded => "rounded",
            Shape::Stadium => "stadium",
            Shape::Subroutine => "subroutine",
            Shape::Cylinder => "cylinder",
            Shape::Circle => "circle",
            Shape::DoubleCircle => "double-circle",
            Shape::Diamond => "diamond",
            Shape::Hexagon => "hexagon",
            Shape::Parallelogram => "parallelogram",
            Shape::ParallelogramAlt => "parallelogram-alt",
            Shape::Trapezoid => "trapezoid",
            Shape::TrapezoidAlt => "trapezoid-alt",
            Shape::Flag => "flag",
            Shape::StartDot => "start",
            Shape::EndDot => "end",
            Shape::Choice => "choice",
            Shape::Bar => "bar",
            Shape::BarVertical => "bar-vertical",
            Shape::Note => "note",
        }
    }

    /// Whether the label is drawn inside the shape (pseudo-states are named only in the text
    /// alternative).
    pub fn shows_label(self) -> bool {
        !matches!(
            self,
            Shape::StartDot | Shape::EndDot | Shape::Choice | Shape::Bar | Shape::BarVertical
        )
    }
}

/// A colour family of the theme palette (light and dark values both defined there), so an accent
/// stays readable in either theme whatever colour the author wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Accent {
    Red,
    Amber,
    Green,
    Teal,
    Blue,
    Purple,
    Pink,
    Grey,
}

impl Accent {
    pub const ALL: [Accent; 8] = [
        Accent::Red,
        Accent::Amber,
        Accent::Green,
        Accent::Teal,
        Accent::Blue,
        Accent::Purple,
        Accent::Pink,
        Accent::Grey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Accent::Red => "red",
            Accent::Amber => "amber",
            Accent::Green => "green",
            Accent::Teal => "teal",
            Accent::Blue => "blue",
            Accent::Purple => "purple",
            Accent::Pink => "pink",
            Accent::Grey => "grey",
        }
    }

    /// The palette entry this accent draws with.
    pub fn palette(self) -> &'static str {
        match self {
            Accent::Red => "k-firewall",
            Accent::Amber => "k-data",
            Accent::Green => "k-queue",
            Accent::Teal => "k-app",
            Accent::Blue => "k-web",
            Accent::Purple => "k-balancer",
            Accent::Pink => "k-monitor",
            Accent::Grey => "k-generic",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeLook {
    pub shape: Shape,
    pub dashed: bool,
    pub thick: bool,
    pub bold: bool,
    pub accent: Option<Accent>,
}

/// What sits at an arrow's end (both ends when the edge is two-way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Head {
    #[default]
    Arrow,
    Circle,
    Cross,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EdgeLook {
    pub thick: bool,
    pub head: Head,
    pub accent: Option<Accent>,
}

impl NodeLook {
    /// Whether the kind's icon is drawn (only in the plain `infra` box).
    pub fn has_icon(&self) -> bool {
        self.shape == Shape::Box
    }
}
