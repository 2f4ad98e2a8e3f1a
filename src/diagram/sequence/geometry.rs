//! The laid-out drawing: rectangles and text blocks in SVG units, what [`super::layout`] produces and
//! [`super::svg`] and [`super::verify`] read.

use super::parse::{Arrow, BlockKind, Placement};
use super::text::Style;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two overlap with positive area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const E: f64 = 0.01;
        self.x < other.right() - E
            && other.x < self.right() - E
            && self.y < other.bottom() - E
            && other.y < self.bottom() - E
    }

    pub fn contains(&self, other: &Rect) -> bool {
        const E: f64 = 0.01;
        other.x >= self.x - E
            && other.y >= self.y - E
            && other.right() <= self.right() + E
            && other.bottom() <= self.bottom() + E
    }

    pub fn is_finite(&self) -> bool {
        [self.x, self.y, self.w, self.h]
            .iter()
            .all(|v| v.is_finite())
    }

    fn shift(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
    }
}

/// Lines of text and the box they fill once set (`rect`), centred on `rect` horizontally.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub lines: Vec<String>,
    pub style: Style,
    pub rect: Rect,
}

impl Text {
    pub fn new(lines: Vec<String>, style: Style) -> Self {
        let (w, h) = super::text::size(&lines, style);
        Text {
            lines,
            style,
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w,
                h,
            },
        }
    }

    pub fn at(mut self, x: f64, y: f64) -> Self {
        self.rect.x = x;
        self.rect.y = y;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub participant: usize,
    pub rect: Rect,
    pub text: Text,
    pub actor: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageShape {
    /// Index of the message among the diagram's messages.
    pub index: usize,
    pub from: usize,
    pub to: usize,
    pub arrow: Arrow,
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
    /// For a message to oneself: the loop's right edge and the y it returns at.
    pub self_loop: Option<(f64, f64)>,
    pub text: Text,
    /// Autonumber badge: centre and number.
    pub number: Option<(f64, f64, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoteShape {
    pub placement: Placement,
    pub over: Vec<usize>,
    pub rect: Rect,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Divider {
    pub y: f64,
    pub label: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub kind: BlockKind,
    /// A `rect`'s colour as a theme accent.
    pub accent: Option<crate::diagram::model::Accent>,
    pub rect: Rect,
    /// The keyword tab in the top-left corner (none for `rect`).
    pub tag: Option<(Rect, Text)>,
    pub label: Option<Text>,
    pub dividers: Vec<Divider>,
    /// How many frames enclose this one.
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupShape {
    pub rect: Rect,
    pub title: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Activation {
    pub participant: usize,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lifeline {
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
    /// `destroy`: the lifeline ends at `bottom` with a cross, and has no foot box.
    pub destroyed: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SequenceLayout {
    pub width: f64,
    pub height: f64,
    pub groups: Vec<GroupShape>,
    /// Participant boxes at the top, and their mirror at the bottom.
    pub heads: Vec<Head>,
    pub feet: Vec<Head>,
    pub lifelines: Vec<Lifeline>,
    pub frames: Vec<Frame>,
    pub activations: Vec<Activation>,
    pub messages: Vec<MessageShape>,
    pub notes: Vec<NoteShape>,
}

impl SequenceLayout {
    /// The factor the figure is drawn at so it fits the column (1 when it already fits).
    pub fn scale(&self) -> f64 {
        (super::COLUMN_WIDTH / self.width.max(1.0)).min(1.0)
    }

    /// Moves everything by (dx, dy).
    pub fn shift(&mut self, dx: f64, dy: f64) {
        for g in &mut self.groups {
            g.rect.shift(dx, dy);
            if let Some(t) = &mut g.title {
                t.rect.shift(dx, dy);
            }
        }
        for h in self.heads.iter_mut().chain(self.feet.iter_mut()) {
            h.rect.shift(dx, dy);
            h.text.rect.shift(dx, dy);
        }
        for l in &mut self.lifelines {
            l.x += dx;
            l.top += dy;
            l.bottom += dy;
        }
        for f in &mut self.frames {
            f.rect.shift(dx, dy);
            if let Some((r, t)) = &mut f.tag {
                r.shift(dx, dy);
                t.rect.shift(dx, dy);
            }
            if let Some(t) = &mut f.label {
                t.rect.shift(dx, dy);
            }
            for d in &mut f.dividers {
                d.y += dy;
                if let Some(t) = &mut d.label {
                    t.rect.shift(dx, dy);
                }
            }
        }
        for a in &mut self.activations {
            a.rect.shift(dx, dy);
        }
        for m in &mut self.messages {
            m.x1 += dx;
            m.x2 += dx;
            m.y += dy;
            if let Some((x, y)) = &mut m.self_loop {
                *x += dx;
                *y += dy;
            }
            m.text.rect.shift(dx, dy);
            if let Some((x, y, _)) = &mut m.number {
                *x += dx;
                *y += dy;
            }
        }
        for n in &mut self.notes {
            n.rect.shift(dx, dy);
            n.text.rect.shift(dx, dy);
        }
    }

    /// The smallest rectangle holding everything drawn.
    pub fn bounds(&self) -> Rect {
        let mut rects: Vec<Rect> = Vec::new();
        rects.extend(self.groups.iter().map(|g| g.rect));
        rects.extend(
            self.groups
                .iter()
                .filter_map(|g| g.title.as_ref().map(|t| t.rect)),
        );
        rects.extend(self.heads.iter().chain(&self.feet).map(|h| h.rect));
        rects.extend(self.frames.iter().map(|f| f.rect));
        rects.extend(self.messages.iter().map(|m| m.text.rect));
        for m in &self.messages {
            let right = m.self_loop.map_or(m.x1.max(m.x2), |(x, _)| x);
            rects.push(Rect {
                x: m.x1.min(m.x2),
                y: m.y,
                w: right - m.x1.min(m.x2),
                h: 0.0,
            });
            if let Some((x, y, _)) = m.number {
                rects.push(number_rect(x, y));
            }
        }
        rects.extend(self.notes.iter().map(|n| n.rect));
        let mut out = rects.first().copied().unwrap_or_default();
        for r in rects {
            let x = out.x.min(r.x);
            let y = out.y.min(r.y);
            out.w = out.right().max(r.right()) - x;
            out.h = out.bottom().max(r.bottom()) - y;
            out.x = x;
            out.y = y;
        }
        out
    }
}

/// Radius of the autonumber badge.
pub const NUMBER_R: f64 = 8.0;

pub fn number_rect(x: f64, y: f64) -> Rect {
    Rect {
        x: x - NUMBER_R,
        y: y - NUMBER_R,
        w: NUMBER_R * 2.0,
        h: NUMBER_R * 2.0,
    }
}
