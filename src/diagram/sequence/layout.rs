//! Layout: [`Sequence`] -> [`SequenceLayout`]. Lifelines stand where [`columns`] puts them; rows
//! follow top to bottom, each message, note and block header in a band of its own, so nothing drawn
//! in one row can touch another. Labels are wrapped to a width; when the drawing is still wider than
//! the column, it is laid out again more tightly ([`columns::PACKINGS`]), and if even the tightest
//! packing is too wide the SVG is scaled down ([`SequenceLayout::scale`]).

use super::columns::{
    self, BADGE_ROOM, BAR, LABEL_PAD, NOTE_GAP, PACKINGS, PAD, Packing, SELF_GAP, SELF_W,
    bar_offset, left_offset,
};
use super::geometry::*;
use super::model::{Message, Row, Sequence};
use super::parse::{BlockKind, Placement};
use super::text::{Style, wrap};

/// Vertical space between rows.
const ROW_GAP: f64 = 12.0;
/// Space between a message label and its arrow.
const LABEL_GAP: f64 = 4.0;
/// Height of a block's keyword tab.
const TAG_H: f64 = 18.0;
/// Room between a block's frame and what it holds.
const FRAME_PAD: f64 = 10.0;
/// Height of the stick figure drawn for an actor.
pub const FIGURE_H: f64 = 34.0;
/// Blank space around the drawing.
const MARGIN: f64 = 8.0;

/// Lays out the diagram with the loosest packing that fits the column.
pub fn layout(sequence: &Sequence) -> SequenceLayout {
    let mut best = None;
    for packing in &PACKINGS {
        let candidate = lay_out(sequence, packing);
        if candidate.width <= super::COLUMN_WIDTH {
            return candidate;
        }
        best = Some(candidate);
    }
    best.unwrap_or_default()
}

/// A block being laid out: where it started and the horizontal extent of what it holds.
struct OpenFrame {
    kind: BlockKind,
    accent: Option<crate::diagram::model::Accent>,
    top: f64,
    label: Option<Text>,
    dividers: Vec<(f64, Option<Text>)>,
    extent: Option<(f64, f64)>,
}

struct Pass<'a> {
    sequence: &'a Sequence,
    packing: &'a Packing,
    x: Vec<f64>,
    y: f64,
    depth: Vec<u32>,
    /// Start y of each open activation, per participant.
    open_bars: Vec<Vec<f64>>,
    frames: Vec<OpenFrame>,
    /// Arrow y of the previous row when it was a message (activations start and end there).
    last_arrow: Option<f64>,
    /// Height of a participant box.
    head_h: f64,
    /// Top of the box of each participant drawn where `create` puts it.
    created: Vec<Option<f64>>,
    /// Participants whose lifeline ends at their next message, and where each one ended.
    doomed: Vec<bool>,
    ended: Vec<Option<f64>>,
    out: SequenceLayout,
}

impl Pass<'_> {
    fn extend(&mut self, left: f64, right: f64) {
        if let Some(frame) = self.frames.last_mut() {
            frame.extent = Some(match frame.extent {
                Some((l, r)) => (l.min(left), r.max(right)),
                None => (left, right),
            });
        }
    }

    fn row(&mut self, row: &Row) {
        let arrow = self.last_arrow.take();
        match row {
            Row::Message(m) if m.from == m.to => self.self_message(m),
            Row::Message(m) => self.message(m),
            Row::Note {
                placement,
                over,
                text,
            } => self.note(*placement, over, text),
            Row::BlockStart {
                kind,
                label,
                accent,
            } => self.block_start(*kind, label, *accent),
            Row::Create(p) => self.create(*p),
            Row::Destroy(p) => self.doomed[*p] = true,
            Row::Divider { label, .. } => self.divider(label),
            Row::BlockEnd => self.block_end(),
            Row::Activate(p) => {
                let start = arrow.unwrap_or(self.y);
                self.open_bars[*p].push(start);
                self.depth[*p] += 1;
                self.last_arrow = arrow;
            }
            Row::Deactivate(p) => {
                let end = arrow.unwrap_or(self.y);
                self.close_bar(*p, end);
                self.last_arrow = arrow;
            }
        }
    }

    fn close_bar(&mut self, p: usize, end: f64) {
        let Some(start) = self.open_bars[p].pop() else {
            return;
        };
        let level = self.open_bars[p].len() as f64;
        self.depth[p] = self.depth[p].saturating_sub(1);
        self.out.activations.push(Activation {
            participant: p,
            rect: Rect {
                x: self.x[p] - BAR / 2.0 + level * BAR / 2.0,
                y: start,
                w: BAR,
                h: (end - start).max(8.0),
            },
        });
    }

    /// A created participant's box gets a band of its own, so it touches no message.
    fn create(&mut self, p: usize) {
        self.created[p] = Some(self.y);
        let half = self.packing.head_min / 2.0;
        self.extend(self.x[p] - half, self.x[p] + half);
        self.y += self.head_h + ROW_GAP;
    }

    /// After a message: the lifelines of destroyed participants it touched end at its arrow.
    fn end_doomed(&mut self, m: &Message, y: f64) {
        for p in [m.from, m.to] {
            if self.doomed[p] {
                self.doomed[p] = false;
                self.ended[p] = Some(y);
            }
        }
    }

    fn message(&mut self, m: &Message) {
        let rightwards = m.to > m.from;
        let sign = if rightwards { 1.0 } else { -1.0 };
        let (from_depth, to_depth) = (self.depth[m.from], self.depth[m.to]);
        let (leave, arrive) = if rightwards {
            (bar_offset(from_depth), left_offset(to_depth))
        } else {
            (left_offset(from_depth), bar_offset(to_depth))
        };
        let x1 = self.x[m.from] + sign * leave;
        let x2 = self.x[m.to] - sign * arrive;
        let text = Text::new(
            wrap(&m.text, Style::Body, self.packing.message_max),
            Style::Body,
        );
        let y = self.y
            + if text.is_empty() {
                6.0
            } else {
                text.rect.h + LABEL_GAP
            };
        let badge = if m.number.is_some() { BADGE_ROOM } else { 0.0 };
        let (lo, hi) = if rightwards {
            (x1 + badge, x2)
        } else {
            (x2, x1 - badge)
        };
        let centre = (lo + hi) / 2.0;
        let text = {
            let w = text.rect.w;
            text.at(centre - w / 2.0, self.y)
        };
        self.extend(x1.min(x2), x1.max(x2));
        self.extend(text.rect.x, text.rect.right());
        self.out.messages.push(MessageShape {
            index: self.out.messages.len(),
            from: m.from,
            to: m.to,
            arrow: m.arrow,
            x1,
            x2,
            y,
            self_loop: None,
            text,
            number: m.number.map(|n| (x1, y, n)),
        });
        if m.number.is_some() {
            self.extend(x1 - NUMBER_R, x1 + NUMBER_R);
        }
        self.last_arrow = Some(y);
        self.y = y + ROW_GAP;
        self.end_doomed(m, y);
    }

    fn self_message(&mut self, m: &Message) {
        let x = self.x[m.from] + bar_offset(self.depth[m.from]);
        let text = Text::new(
            wrap(&m.text, Style::Body, self.packing.message_max),
            Style::Body,
        );
        let top = self.y + 4.0;
        let loop_h = (text.rect.h - 4.0).max(18.0);
        let right = x + SELF_W;
        let text = {
            let h = text.rect.h;
            text.at(right + SELF_GAP, (top + (loop_h - h) / 2.0).max(self.y))
        };
        self.extend(x - NUMBER_R, text.rect.right().max(right));
        let bottom = (top + loop_h).max(text.rect.bottom());
        self.out.messages.push(MessageShape {
            index: self.out.messages.len(),
            from: m.from,
            to: m.to,
            arrow: m.arrow,
            x1: x,
            x2: x,
            y: top,
            self_loop: Some((right, top + loop_h)),
            text,
            number: m.number.map(|n| (x, top, n)),
        });
        self.last_arrow = Some(top + loop_h);
        self.y = bottom + ROW_GAP;
        self.end_doomed(m, top + loop_h);
    }

    fn note(&mut self, placement: Placement, over: &[usize], text: &[String]) {
        let text = Text::new(wrap(text, Style::Body, self.packing.note_max), Style::Body);
        let w = (text.rect.w + 2.0 * PAD).max(40.0);
        let h = text.rect.h + 2.0 * 6.0;
        let first = over.first().copied().unwrap_or(0);
        let last = over.last().copied().unwrap_or(first);
        let x = match placement {
            Placement::RightOf => self.x[first] + bar_offset(self.depth[first]) + NOTE_GAP,
            Placement::LeftOf => self.x[first] - left_offset(self.depth[first]) - NOTE_GAP - w,
            Placement::Over if first == last => self.x[first] - w / 2.0,
            Placement::Over => {
                let (left, right) = (self.x[first] - 24.0, self.x[last] + 24.0);
                if right - left >= w {
                    left
                } else {
                    (left + right) / 2.0 - w / 2.0
                }
            }
        };
        let w = match placement {
            Placement::Over if first != last => w.max(self.x[last] - self.x[first] + 48.0),
            _ => w,
        };
        let rect = Rect { x, y: self.y, w, h };
        let text = {
            let tw = text.rect.w;
            text.at(rect.x + (rect.w - tw) / 2.0, rect.y + 6.0)
        };
        self.extend(rect.x, rect.right());
        self.out.notes.push(NoteShape {
            placement,
            over: over.to_vec(),
            rect,
            text,
        });
        self.y = rect.bottom() + ROW_GAP;
    }

    fn block_start(
        &mut self,
        kind: BlockKind,
        label: &[String],
        accent: Option<crate::diagram::model::Accent>,
    ) {
        let label = Some(Text::new(
            bracketed(wrap(label, Style::Body, self.packing.message_max)),
            Style::Body,
        ))
        .filter(|t| !t.is_empty() && kind != BlockKind::Rect);
        let header = match (&label, kind) {
            (_, BlockKind::Rect) => 0.0,
            (Some(t), _) => (t.rect.h + 4.0).max(TAG_H),
            (None, _) => TAG_H,
        };
        let label = label.map(|t| t.at(0.0, self.y + 2.0));
        self.frames.push(OpenFrame {
            kind,
            accent,
            top: self.y,
            label,
            dividers: Vec::new(),
            extent: None,
        });
        self.y += header + 8.0;
    }

    fn divider(&mut self, label: &[String]) {
        let y = self.y - ROW_GAP / 2.0;
        let label = Some(Text::new(
            bracketed(wrap(label, Style::Body, self.packing.message_max)),
            Style::Body,
        ))
        .filter(|t| !t.is_empty())
        .map(|t| t.at(0.0, y + 3.0));
        self.y = label.as_ref().map_or(y, |t| t.rect.bottom()) + 8.0;
        if let Some(frame) = self.frames.last_mut() {
            frame.dividers.push((y, label));
        }
    }

    fn block_end(&mut self) {
        let Some(open) = self.frames.pop() else {
            return;
        };
        let all = (
            self.x.first().copied().unwrap_or(0.0),
            self.x.last().copied().unwrap_or(0.0),
        );
        let (left, right) = open.extent.unwrap_or(all);
        let bottom = self.y - ROW_GAP + 8.0;
        let mut rect = Rect {
            x: left - FRAME_PAD,
            y: open.top,
            w: right - left + 2.0 * FRAME_PAD,
            h: bottom - open.top,
        };
        let tag = (open.kind != BlockKind::Rect).then(|| {
            let text = Text::new(vec![open.kind.keyword().to_string()], Style::Body);
            let tag = Rect {
                x: rect.x,
                y: rect.y,
                w: text.rect.w + 2.0 * 6.0,
                h: TAG_H,
            };
            let text = text.at(
                tag.x + 6.0,
                tag.y + (TAG_H - Style::Body.line_height()) / 2.0,
            );
            (tag, text)
        });
        let tag_right = tag.as_ref().map_or(rect.x, |(t, _)| t.right());
        let label = open.label.map(|t| {
            let y = t.rect.y;
            t.at(tag_right + 8.0, y)
        });
        let mut needed = label.as_ref().map_or(tag_right, |t| t.rect.right()) + 8.0 - rect.x;
        for (_, label) in &open.dividers {
            if let Some(t) = label {
                needed = needed.max(t.rect.w + 16.0);
            }
        }
        rect.w = rect.w.max(needed);
        let dividers = open
            .dividers
            .into_iter()
            .map(|(y, label)| Divider {
                y,
                label: label.map(|t| {
                    let (w, top) = (t.rect.w, t.rect.y);
                    t.at(rect.x + (rect.w - w) / 2.0, top)
                }),
            })
            .collect();
        self.y = bottom + ROW_GAP;
        let depth = self.frames.len();
        self.extend(rect.x, rect.right());
        self.out.frames.push(Frame {
            kind: open.kind,
            accent: open.accent,
            rect,
            tag,
            label,
            dividers,
            depth,
        });
    }
}

/// A block's condition as Mermaid shows it, `[in brackets]`; an empty condition stays empty.
fn bracketed(mut lines: Vec<String>) -> Vec<String> {
    if lines.iter().all(|l| l.is_empty()) {
        return lines;
    }
    if let Some(first) = lines.first_mut() {
        first.insert(0, '[');
    }
    if let Some(last) = lines.last_mut() {
        last.push(']');
    }
    lines
}

fn heads(sequence: &Sequence, packing: &Packing) -> Vec<(Text, f64)> {
    sequence
        .participants
        .iter()
        .map(|p| {
            let text = Text::new(wrap(&p.label, Style::Name, packing.name_max), Style::Name);
            let mut w = (text.rect.w + 2.0 * PAD).max(packing.head_min);
            if let Some(g) = p.group {
                let alone = sequence
                    .participants
                    .iter()
                    .filter(|q| q.group == Some(g))
                    .count()
                    == 1;
                if alone {
                    let title = &sequence.groups[g].title;
                    let (tw, _) =
                        super::text::size(&wrap(title, Style::Body, packing.note_max), Style::Body);
                    w = w.max(tw + 2.0 * PAD);
                }
            }
            (text, w)
        })
        .collect()
}

fn lay_out(sequence: &Sequence, packing: &Packing) -> SequenceLayout {
    let heads = heads(sequence, packing);
    let widths: Vec<f64> = heads.iter().map(|(_, w)| *w).collect();
    let x = columns::place(sequence, &widths, packing);
    let titles: Vec<Text> = sequence
        .groups
        .iter()
        .map(|g| Text::new(wrap(&g.title, Style::Body, packing.note_max), Style::Body))
        .collect();
    let title_band = titles
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| t.rect.h + 8.0)
        .fold(if titles.is_empty() { 0.0 } else { 8.0 }, f64::max);
    let head_h = sequence
        .participants
        .iter()
        .zip(&heads)
        .map(|(p, (t, _))| t.rect.h + 2.0 * PAD + if p.actor { FIGURE_H } else { 0.0 })
        .fold(0.0, f64::max);
    let n = sequence.participants.len();
    let mut pass = Pass {
        sequence,
        packing,
        x: x.clone(),
        y: title_band + head_h + ROW_GAP,
        depth: vec![0; n],
        open_bars: vec![Vec::new(); n],
        frames: Vec::new(),
        last_arrow: None,
        head_h,
        created: vec![None; n],
        doomed: vec![false; n],
        ended: vec![None; n],
        out: SequenceLayout::default(),
    };
    for row in &pass.sequence.rows {
        pass.row(row);
    }
    let bottom = pass.y;
    for p in 0..n {
        while !pass.open_bars[p].is_empty() {
            pass.close_bar(p, bottom - ROW_GAP / 2.0);
        }
    }
    let (created, ended) = (pass.created.clone(), pass.ended.clone());
    let mut out = pass.out;
    let make_heads = |top: f64, feet: bool| -> Vec<Head> {
        sequence
            .participants
            .iter()
            .enumerate()
            .filter(|(i, _)| !(feet && ended[*i].is_some()))
            .map(|(i, p)| {
                let top = if feet { top } else { created[i].unwrap_or(top) };
                let (text, w) = heads[i].clone();
                let rect = Rect {
                    x: x[i] - w / 2.0,
                    y: top,
                    w,
                    h: head_h,
                };
                let tw = text.rect.w;
                let text_top = if p.actor {
                    rect.bottom() - PAD - text.rect.h
                } else {
                    rect.y + (rect.h - text.rect.h) / 2.0
                };
                Head {
                    participant: i,
                    rect,
                    text: text.at(x[i] - tw / 2.0, text_top),
                    actor: p.actor,
                }
            })
            .collect()
    };
    out.heads = make_heads(title_band, false);
    out.feet = make_heads(bottom, true);
    out.lifelines = x
        .iter()
        .enumerate()
        .map(|(i, &x)| Lifeline {
            x,
            top: created[i].unwrap_or(title_band) + head_h,
            bottom: ended[i].unwrap_or(bottom),
            destroyed: ended[i].is_some(),
        })
        .collect();
    out.groups = groups(sequence, &out.heads, titles, bottom + head_h);
    let bounds = out.bounds();
    out.shift(MARGIN - bounds.x, MARGIN - bounds.y);
    out.width = bounds.w + 2.0 * MARGIN;
    out.height = bounds.h + 2.0 * MARGIN;
    out
}

fn groups(sequence: &Sequence, heads: &[Head], titles: Vec<Text>, bottom: f64) -> Vec<GroupShape> {
    titles
        .into_iter()
        .enumerate()
        .filter_map(|(g, title)| {
            let members: Vec<&Head> = heads
                .iter()
                .filter(|h| sequence.participants[h.participant].group == Some(g))
                .collect();
            let left = members
                .iter()
                .map(|h| h.rect.x)
                .fold(f64::INFINITY, f64::min);
            let right = members
                .iter()
                .map(|h| h.rect.right())
                .fold(f64::NEG_INFINITY, f64::max);
            if members.is_empty() {
                return None;
            }
            let rect = Rect {
                x: left - columns::BOX_PAD,
                y: 0.0,
                w: right - left + 2.0 * columns::BOX_PAD,
                h: bottom + columns::BOX_PAD,
            };
            let title = (!title.is_empty()).then(|| {
                let w = title.rect.w;
                title.at(rect.x + (rect.w - w) / 2.0, 4.0)
            });
            Some(GroupShape { rect, title })
        })
        .collect()
}

/// Space the label of a message needs on each side (used by the verifier's tolerance).
pub const LABEL_SIDE: f64 = LABEL_PAD;
