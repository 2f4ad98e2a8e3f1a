//! Horizontal layout: where each participant's lifeline stands. Each pair of neighbours starts as
//! far apart as their boxes need; then every message, self-message, note and box title that must fit
//! between two lifelines widens the gaps it spans, shortest spans first, spreading the missing width
//! evenly over them.

use super::model::{Row, Sequence};
use super::parse::Placement;
use super::text::{Style, size, wrap};

/// How tightly a drawing is packed; [`super::layout`] tries these in order until one fits.
#[derive(Debug, Clone, Copy)]
pub struct Packing {
    pub message_max: f64,
    pub note_max: f64,
    pub name_max: f64,
    pub head_min: f64,
    pub gap: f64,
}

pub const PACKINGS: [Packing; 3] = [
    Packing {
        message_max: 300.0,
        note_max: 200.0,
        name_max: 150.0,
        head_min: 90.0,
        gap: 36.0,
    },
    Packing {
        message_max: 170.0,
        note_max: 150.0,
        name_max: 110.0,
        head_min: 70.0,
        gap: 20.0,
    },
    Packing {
        message_max: 120.0,
        note_max: 110.0,
        name_max: 80.0,
        head_min: 56.0,
        gap: 12.0,
    },
];

/// Padding inside participant boxes and notes.
pub const PAD: f64 = 8.0;
/// Space kept on each side of a message label, between it and the lifelines.
pub const LABEL_PAD: f64 = 6.0;
/// Width of an activation bar; nested activations step right by half of it.
pub const BAR: f64 = 10.0;
/// Width of a self-message loop, and the gap between it and its label.
pub const SELF_W: f64 = 28.0;
pub const SELF_GAP: f64 = 6.0;
/// Space between a lifeline and a note beside it.
pub const NOTE_GAP: f64 = 6.0;
/// Extra room between neighbouring participants in different boxes.
pub const BOX_PAD: f64 = 8.0;
/// Room an autonumber badge takes at the start of an arrow.
pub const BADGE_ROOM: f64 = 20.0;

/// Distance between the lifelines `a` and `b` (a < b) must be at least `need`.
struct Need {
    a: usize,
    b: usize,
    need: f64,
}

/// How far an arrow end on the left side stands off the lifeline of an active participant: nested
/// bars step right, so the first bar's left edge is the leftmost.
pub fn left_offset(depth: u32) -> f64 {
    if depth == 0 { 0.0 } else { BAR / 2.0 }
}

/// How far an arrow end stands off the lifeline of a participant that is `depth` times active, on
/// the right side (the widest case, so the column spacing uses it for both).
pub fn bar_offset(depth: u32) -> f64 {
    if depth == 0 {
        0.0
    } else {
        BAR / 2.0 + (depth - 1) as f64 * BAR / 2.0
    }
}

/// Width a message label takes, badge included.
pub fn message_room(text: &[String], packing: &Packing, numbered: bool) -> f64 {
    let wrapped = wrap(text, Style::Body, packing.message_max);
    let (w, _) = size(&wrapped, Style::Body);
    w + 2.0 * LABEL_PAD + if numbered { BADGE_ROOM } else { 0.0 }
}

/// Lifeline x of each participant (the first at 0), given the head widths.
pub fn place(sequence: &Sequence, heads: &[f64], packing: &Packing) -> Vec<f64> {
    let n = sequence.participants.len();
    if n == 0 {
        return Vec::new();
    }
    let mut gaps: Vec<f64> = (0..n.saturating_sub(1))
        .map(|k| {
            let (left, right) = (&sequence.participants[k], &sequence.participants[k + 1]);
            let boxes = if left.group != right.group {
                2.0 * BOX_PAD
            } else {
                0.0
            };
            heads[k] / 2.0 + heads[k + 1] / 2.0 + packing.gap + boxes
        })
        .collect();
    let mut needs = needs(sequence, heads, packing);
    needs.sort_by_key(|n| n.b - n.a);
    for Need { a, b, need } in needs {
        let span = &mut gaps[a..b];
        let have: f64 = span.iter().sum();
        if have < need {
            let add = (need - have) / span.len() as f64;
            span.iter_mut().for_each(|g| *g += add);
        }
    }
    let mut x = 0.0;
    let mut out = vec![0.0];
    for g in gaps {
        x += g;
        out.push(x);
    }
    out
}

fn needs(sequence: &Sequence, heads: &[f64], packing: &Packing) -> Vec<Need> {
    let n = sequence.participants.len();
    let mut depth = vec![0u32; n];
    let mut out = Vec::new();
    for row in &sequence.rows {
        match row {
            Row::Message(m) if m.from != m.to => {
                let (a, b) = (m.from.min(m.to), m.from.max(m.to));
                let room = message_room(&m.text, packing, m.number.is_some());
                let need = room + bar_offset(depth[m.from]) + bar_offset(depth[m.to]) + 12.0;
                out.push(Need { a, b, need });
            }
            Row::Message(m) if m.from + 1 < n => {
                let (w, _) = size(
                    &wrap(&m.text, Style::Body, packing.message_max),
                    Style::Body,
                );
                let need = bar_offset(depth[m.from]) + SELF_W + SELF_GAP + w + LABEL_PAD;
                out.push(Need {
                    a: m.from,
                    b: m.from + 1,
                    need,
                });
            }
            Row::Note {
                placement,
                over,
                text,
            } => {
                let (w, _) = size(&wrap(text, Style::Body, packing.note_max), Style::Body);
                let room = w + 2.0 * PAD + 2.0 * NOTE_GAP;
                match (placement, over.first()) {
                    (Placement::RightOf, Some(&p)) if p + 1 < n => out.push(Need {
                        a: p,
                        b: p + 1,
                        need: room + bar_offset(depth[p]) + bar_offset(depth[p + 1]),
                    }),
                    (Placement::LeftOf, Some(&p)) if p > 0 => out.push(Need {
                        a: p - 1,
                        b: p,
                        need: room + bar_offset(depth[p]) + bar_offset(depth[p - 1]),
                    }),
                    _ => {}
                }
            }
            Row::Activate(p) => depth[*p] += 1,
            Row::Deactivate(p) => depth[*p] = depth[*p].saturating_sub(1),
            _ => {}
        }
    }
    out.extend(group_needs(sequence, heads, packing));
    out
}

/// A box title must fit over the box's participants.
fn group_needs(sequence: &Sequence, heads: &[f64], packing: &Packing) -> Vec<Need> {
    let mut out = Vec::new();
    for (g, group) in sequence.groups.iter().enumerate() {
        let members: Vec<usize> = (0..sequence.participants.len())
            .filter(|p| sequence.participants[*p].group == Some(g))
            .collect();
        let (Some(&a), Some(&b)) = (members.first(), members.last()) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (w, _) = size(
            &wrap(&group.title, Style::Body, packing.note_max),
            Style::Body,
        );
        out.push(Need {
            a,
            b,
            need: w + 2.0 * PAD - heads[a] / 2.0 - heads[b] / 2.0,
        });
    }
    out
}
