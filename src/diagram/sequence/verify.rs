//! The layout's promises, checked: every coordinate finite and inside the drawing; participant boxes
//! apart; every text inside its box; message labels, arrows and notes never overlapping one another;
//! a message label between its two lifelines; a note beside a participant crossing no lifeline;
//! frames nested, never cutting through a label; the figure no wider than the column once scaled.
//! Tests run this on every fixture and on random diagrams.

use super::geometry::{Rect, SequenceLayout, Text, number_rect};
use super::parse::Placement;

/// Every broken promise, in words (empty when the layout is sound).
pub fn verify(layout: &SequenceLayout) -> Vec<String> {
    let mut problems = Vec::new();
    let canvas = Rect {
        x: 0.0,
        y: 0.0,
        w: layout.width,
        h: layout.height,
    };
    let items = items(layout);
    for (name, rect) in &items {
        if !rect.is_finite() {
            problems.push(format!("{name} has a non-finite coordinate"));
        } else if !canvas.contains(rect) {
            problems.push(format!("{name} {rect:?} is outside the drawing"));
        }
    }
    for (i, (a, ra)) in items.iter().enumerate() {
        for (b, rb) in &items[i + 1..] {
            if ra.overlaps(rb) && !same_owner(a, b) {
                problems.push(format!("{a} overlaps {b}"));
            }
        }
    }
    text_inside_boxes(layout, &mut problems);
    labels_between_lifelines(layout, &mut problems);
    frames_nest(layout, &items, &mut problems);
    if layout.width * layout.scale() > super::COLUMN_WIDTH + 0.01 {
        problems.push(format!(
            "drawn {} wide, wider than the column",
            layout.width * layout.scale()
        ));
    }
    problems
}

/// Items named `message 3 label` and `message 3 arrow` belong together and may touch.
fn same_owner(a: &str, b: &str) -> bool {
    let owner = |s: &str| s.rsplit_once(' ').map(|(o, _)| o.to_string());
    owner(a).is_some() && owner(a) == owner(b)
}

/// What must not overlap: heads, message labels and arrows, badges, notes, block headers.
fn items(layout: &SequenceLayout) -> Vec<(String, Rect)> {
    let mut out = Vec::new();
    for (row, heads) in [("head", &layout.heads), ("foot", &layout.feet)] {
        for h in heads {
            out.push((format!("{row} {} box", h.participant), h.rect));
        }
    }
    for m in &layout.messages {
        let owner = format!("message {}", m.index);
        if !m.text.is_empty() {
            out.push((format!("{owner} label"), m.text.rect));
        }
        let (left, right) = match m.self_loop {
            Some((x, _)) => (m.x1, x),
            None => (m.x1.min(m.x2), m.x1.max(m.x2)),
        };
        let bottom = m.self_loop.map_or(m.y, |(_, y)| y);
        out.push((
            format!("{owner} arrow"),
            Rect {
                x: left,
                y: m.y - 1.0,
                w: right - left,
                h: bottom - m.y + 2.0,
            },
        ));
        if let Some((x, y, _)) = m.number {
            out.push((format!("{owner} badge"), number_rect(x, y)));
        }
    }
    for (i, n) in layout.notes.iter().enumerate() {
        out.push((format!("note {i} box"), n.rect));
    }
    for (i, f) in layout.frames.iter().enumerate() {
        if let Some((tag, _)) = &f.tag {
            out.push((format!("frame {i} tag"), *tag));
        }
        if let Some(t) = &f.label {
            out.push((format!("frame {i} label"), t.rect));
        }
        for (d, divider) in f.dividers.iter().enumerate() {
            if let Some(t) = &divider.label {
                out.push((format!("frame {i} divider-{d}"), t.rect));
            }
        }
    }
    out
}

fn inside(name: &str, outer: &Rect, text: &Text, problems: &mut Vec<String>) {
    if !text.is_empty() && !outer.contains(&text.rect) {
        problems.push(format!("the text of {name} sticks out of its box"));
    }
}

fn text_inside_boxes(layout: &SequenceLayout, problems: &mut Vec<String>) {
    for h in layout.heads.iter().chain(&layout.feet) {
        inside(
            &format!("participant {}", h.participant),
            &h.rect,
            &h.text,
            problems,
        );
    }
    for (i, n) in layout.notes.iter().enumerate() {
        inside(&format!("note {i}"), &n.rect, &n.text, problems);
    }
    for (i, f) in layout.frames.iter().enumerate() {
        if let Some((tag, text)) = &f.tag {
            inside(&format!("frame {i} tag"), tag, text, problems);
        }
        for t in f
            .label
            .iter()
            .chain(f.dividers.iter().filter_map(|d| d.label.as_ref()))
        {
            inside(&format!("frame {i}"), &f.rect, t, problems);
        }
    }
    for (i, g) in layout.groups.iter().enumerate() {
        if let Some(t) = &g.title {
            inside(&format!("box {i}"), &g.rect, t, problems);
        }
    }
}

fn labels_between_lifelines(layout: &SequenceLayout, problems: &mut Vec<String>) {
    let lifelines: Vec<f64> = layout.lifelines.iter().map(|l| l.x).collect();
    for m in &layout.messages {
        let r = m.text.rect;
        if m.text.is_empty() {
            continue;
        }
        match m.self_loop {
            None => {
                let (lo, hi) = (m.x1.min(m.x2), m.x1.max(m.x2));
                if r.x < lo - 0.01 || r.right() > hi + 0.01 {
                    problems.push(format!(
                        "message {} label is not between its lifelines",
                        m.index
                    ));
                }
            }
            Some(_) => {
                if let Some(next) = lifelines.get(m.from + 1)
                    && r.right() > *next + 0.01
                {
                    problems.push(format!(
                        "message {} label crosses the next lifeline",
                        m.index
                    ));
                }
            }
        }
    }
    for (i, n) in layout.notes.iter().enumerate() {
        if n.placement == Placement::Over {
            continue;
        }
        if lifelines
            .iter()
            .any(|&x| n.rect.x < x - 0.01 && x + 0.01 < n.rect.right())
        {
            problems.push(format!("note {i} crosses a lifeline"));
        }
    }
}

fn frames_nest(layout: &SequenceLayout, items: &[(String, Rect)], problems: &mut Vec<String>) {
    let frames = &layout.frames;
    for (i, a) in frames.iter().enumerate() {
        for (j, b) in frames.iter().enumerate().skip(i + 1) {
            let nested = a.rect.contains(&b.rect) || b.rect.contains(&a.rect);
            if a.rect.overlaps(&b.rect) && !nested {
                problems.push(format!("frames {i} and {j} cross"));
            }
        }
        for (name, rect) in items {
            let own = name.starts_with(&format!("frame {i} "));
            if !own && rect.overlaps(&a.rect) && !a.rect.contains(rect) {
                problems.push(format!("frame {i}'s border cuts through {name}"));
            }
        }
    }
}
