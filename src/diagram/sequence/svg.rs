//! SVG: [`Sequence`] + [`SequenceLayout`] -> the inline `<figure>`. The same conventions as the
//! `infra` figures: plain `<text>`, ids prefixed per diagram, colours only from classes styled by
//! `static/css/diagrams.css` ([`RULES`] is added to it), `role="img"` with a generated `<title>`
//! and `<desc>`, and the text alternative in a `<details>` under the drawing.

use std::fmt::Write as _;

use super::describe;
use super::geometry::*;
use super::layout::FIGURE_H;
use super::model::Sequence;
use super::parse::{Head as Tip, Line};
use crate::diagram::svg::writer::{escape, num};
use crate::diagram::text::CAP_HEIGHT;

/// Rules for sequence diagrams, in the palette language of [`crate::diagram::svg::style`] (`@name`
/// is a palette colour), appended to the infra rules so both outputs carry them.
pub const RULES: &str = "\
.diagram-svg .seq-box > .box { fill: @group; stroke: @group-stroke; stroke-width: 1; }
.diagram-svg .seq-lifeline { stroke: @group-stroke; stroke-width: 1.5; stroke-dasharray: 5 4; }
.diagram-svg .seq-participant > .box { fill: @node; stroke: @k-balancer; stroke-width: 1.5; }
.diagram-svg .seq-participant > .figure { fill: none; stroke: @k-balancer; stroke-width: 1.5; }
.diagram-svg .seq-activation { fill: @group; stroke: @k-generic; stroke-width: 1; }
.diagram-svg .seq-frame > .frame { fill: none; stroke: @muted; stroke-width: 1; }
.diagram-svg .seq-frame > .tag { fill: @group; stroke: @muted; stroke-width: 1; }
.diagram-svg .seq-frame > .divider { stroke: @muted; stroke-width: 1; stroke-dasharray: 4 3; }
.diagram-svg .seq-frame.kind-rect > .frame { fill: @group; stroke: @group-stroke; }
.diagram-svg .seq-destroyed { fill: none; stroke: @edge; stroke-width: 2; }
.diagram-svg .seq-participant > .rim { fill: none; stroke: @k-balancer; stroke-width: 1.5; }
.diagram-svg .seq-message { color: @edge; }
.diagram-svg .seq-message .line { fill: none; stroke: currentColor; stroke-width: 1.5; }
.diagram-svg .seq-message.dotted .line { stroke-dasharray: 5 4; }
.diagram-svg .seq-message .head { fill: currentColor; stroke: none; }
.diagram-svg .seq-message .open-head, .diagram-svg .seq-message .cross { fill: none; stroke: currentColor; stroke-width: 1.5; }
.diagram-svg .seq-note > .box { fill: @group; stroke: @k-data; stroke-width: 1; }
";

/// `rect rgb(...)` backgrounds: a light wash of the nearest palette family, which has a light and a
/// dark value, so the author's colour never makes text unreadable in either theme.
pub fn accent_rules() -> String {
    let mut out = String::new();
    for accent in crate::diagram::model::Accent::ALL {
        let _ = writeln!(
            out,
            ".diagram-svg .seq-frame.kind-rect.accent-{} > .frame {{ fill: @{f}; fill-opacity: 0.14; stroke: @{f}; stroke-opacity: 0.5; }}",
            accent.as_str(),
            f = accent.palette()
        );
    }
    out
}

/// The `<figure>` for a page.
pub fn figure(
    sequence: &Sequence,
    layout: &SequenceLayout,
    prefix: &str,
    caption: Option<&str>,
) -> String {
    let mut html = String::new();
    let _ = writeln!(
        html,
        r#"<figure class="diagram" id="{}" data-diagram="sequence">"#,
        escape(prefix)
    );
    html.push_str(&svg(sequence, layout, prefix));
    html.push_str(&describe::details(sequence));
    if let Some(caption) = caption.or(sequence.title.as_deref()) {
        let _ = writeln!(html, "<figcaption>{}</figcaption>", escape(caption));
    }
    html.push_str("</figure>\n");
    html
}

fn svg(sequence: &Sequence, layout: &SequenceLayout, prefix: &str) -> String {
    let p = escape(prefix);
    let scale = layout.scale();
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg sequence-svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="{p}-title" aria-describedby="{p}-desc">"#,
        num(layout.width),
        num(layout.height),
        num(layout.width * scale),
        num(layout.height * scale),
    );
    let title = sequence.title.as_deref().unwrap_or("Sequence diagram");
    let _ = writeln!(out, r#"<title id="{p}-title">{}</title>"#, escape(title));
    let _ = writeln!(
        out,
        r#"<desc id="{p}-desc">{}</desc>"#,
        escape(&describe::sentence(sequence))
    );
    for g in &layout.groups {
        out.push_str("<g class=\"seq-box\">");
        rect(&mut out, "box", &g.rect);
        if let Some(t) = &g.title {
            text(&mut out, t, "sub");
        }
        out.push_str("</g>\n");
    }
    for f in layout
        .frames
        .iter()
        .filter(|f| f.kind == super::parse::BlockKind::Rect)
    {
        frame(&mut out, f);
    }
    for l in &layout.lifelines {
        let _ = writeln!(
            out,
            r#"<line class="seq-lifeline" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            num(l.top),
            num(l.bottom),
            x = num(l.x)
        );
        if l.destroyed {
            let d = 7.0;
            let _ = writeln!(
                out,
                r#"<path class="seq-destroyed" d="M{} {} L{} {} M{} {} L{} {}"/>"#,
                num(l.x - d),
                num(l.bottom - d),
                num(l.x + d),
                num(l.bottom + d),
                num(l.x - d),
                num(l.bottom + d),
                num(l.x + d),
                num(l.bottom - d),
            );
        }
    }
    for a in &layout.activations {
        rect(&mut out, "seq-activation", &a.rect);
    }
    for f in layout
        .frames
        .iter()
        .filter(|f| f.kind != super::parse::BlockKind::Rect)
    {
        frame(&mut out, f);
    }
    for m in &layout.messages {
        message(&mut out, sequence, m);
    }
    for n in &layout.notes {
        out.push_str("<g class=\"seq-note\">");
        rect(&mut out, "box", &n.rect);
        text(&mut out, &n.text, "edge-text");
        out.push_str("</g>\n");
    }
    for h in layout.heads.iter().chain(&layout.feet) {
        head(&mut out, sequence, h);
    }
    out.push_str("</svg>\n");
    out
}

fn rect(out: &mut String, class: &str, r: &Rect) {
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/>"#,
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    );
}

/// One `<text>` per line, centred in the text's box, baselines placed so capitals sit in the middle
/// of each line.
fn text(out: &mut String, t: &Text, class: &str) {
    let size = t.style.size();
    let lh = t.style.line_height();
    let x = t.rect.x + t.rect.w / 2.0;
    for (i, line) in t.lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let baseline = t.rect.y + i as f64 * lh + lh / 2.0 + CAP_HEIGHT * size / 2.0;
        let _ = write!(
            out,
            r#"<text class="{class}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(x),
            num(baseline),
            escape(line)
        );
    }
}

fn head(out: &mut String, sequence: &Sequence, h: &Head) {
    let participant = &sequence.participants[h.participant];
    let class = if h.actor {
        "seq-participant actor"
    } else {
        "seq-participant"
    };
    let _ = write!(
        out,
        r#"<g class="{class}" data-id="{}">"#,
        escape(&participant.id)
    );
    if h.actor {
        let cx = h.rect.x + h.rect.w / 2.0;
        let top = h.rect.y + 4.0;
        let r = 5.0;
        let body = top + 2.0 * r;
        let _ = write!(
            out,
            r#"<path class="figure" d="M{cx} {body} m-{r} 0 a{r} {r} 0 1 1 {d} 0 a{r} {r} 0 1 1 -{d} 0 M{cx} {body} V{hip} M{l} {arms} H{rr} M{cx} {hip} L{l} {foot} M{cx} {hip} L{rr} {foot}"/>"#,
            cx = num(cx),
            body = num(body - r),
            r = num(r),
            d = num(2.0 * r),
            hip = num(body + 12.0),
            arms = num(body + 5.0),
            l = num(cx - 9.0),
            rr = num(cx + 9.0),
            foot = num((top + FIGURE_H - 6.0).min(body + 22.0)),
        );
    } else if participant.database {
        cylinder(out, &h.rect);
    } else {
        rect(out, "box", &h.rect);
    }
    text(out, &h.text, "label");
    out.push_str("</g>\n");
}

/// A database participant: a box with rounded top and bottom rims, the label in the middle.
fn cylinder(out: &mut String, r: &Rect) {
    let ry = (r.h * 0.12).clamp(3.0, 7.0);
    let _ = write!(
        out,
        r#"<path class="box" d="M{l} {t} A{rx} {ry} 0 0 1 {rr} {t} V{b} A{rx} {ry} 0 0 1 {l} {b} Z"/><path class="rim" d="M{l} {t} A{rx} {ry} 0 0 0 {rr} {t}"/>"#,
        l = num(r.x),
        rr = num(r.right()),
        t = num(r.y + ry),
        b = num(r.bottom() - ry),
        rx = num(r.w / 2.0),
        ry = num(ry),
    );
}

fn frame(out: &mut String, f: &Frame) {
    let accent = f
        .accent
        .map(|a| format!(" accent-{}", a.as_str()))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"<g class="seq-frame kind-{}{accent}">"#,
        f.kind.keyword()
    );
    rect(out, "frame", &f.rect);
    if let Some((tag, t)) = &f.tag {
        let _ = write!(
            out,
            r#"<path class="tag" d="M{} {} H{} V{} L{} {} H{} Z"/>"#,
            num(tag.x),
            num(tag.y),
            num(tag.right()),
            num(tag.bottom() - 5.0),
            num(tag.right() - 5.0),
            num(tag.bottom()),
            num(tag.x),
        );
        text(out, t, "edge-text");
    }
    for t in f.label.iter() {
        text(out, t, "edge-text");
    }
    for d in &f.dividers {
        let _ = write!(
            out,
            r#"<line class="divider" x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            num(f.rect.x),
            num(f.rect.right()),
            y = num(d.y)
        );
        if let Some(t) = &d.label {
            text(out, t, "edge-text");
        }
    }
    out.push_str("</g>\n");
}

fn message(out: &mut String, sequence: &Sequence, m: &MessageShape) {
    let style = match m.arrow.line {
        Line::Solid => "solid",
        Line::Dotted => "dotted",
    };
    let _ = write!(
        out,
        r#"<g class="seq-message {style}" data-from="{}" data-to="{}" data-index="{}">"#,
        escape(&sequence.participants[m.from].id),
        escape(&sequence.participants[m.to].id),
        m.index + 1
    );
    let (end_x, end_y, direction) = match m.self_loop {
        Some((right, bottom)) => {
            let _ = write!(
                out,
                r#"<path class="line" d="M{} {} H{} V{} H{}"/>"#,
                num(m.x1),
                num(m.y),
                num(right),
                num(bottom),
                num(m.x1 + 2.0)
            );
            (m.x1, bottom, -1.0)
        }
        None => {
            let direction = if m.x2 >= m.x1 { 1.0 } else { -1.0 };
            let _ = write!(
                out,
                r#"<path class="line" d="M{} {} H{}"/>"#,
                num(m.x1),
                num(m.y),
                num(m.x2 - direction * 2.0)
            );
            (m.x2, m.y, direction)
        }
    };
    tip(out, m.arrow.head, end_x, end_y, direction);
    if m.arrow.head == Tip::Both && m.self_loop.is_none() {
        tip(out, Tip::Filled, m.x1, m.y, -direction);
    }
    if !m.text.is_empty() {
        if m.self_loop.is_none() {
            let r = m.text.rect;
            let bg = Rect {
                x: r.x - 2.0,
                y: r.y,
                w: r.w + 4.0,
                h: r.h,
            };
            rect(out, "label-bg", &bg);
        }
        text(out, &m.text, "edge-text");
    }
    if let Some((x, y, n)) = m.number {
        let _ = write!(
            out,
            r#"<circle class="step-shape" cx="{}" cy="{}" r="{}"/><text class="overlay-number" x="{}" y="{}" text-anchor="middle">{n}</text>"#,
            num(x),
            num(y),
            num(NUMBER_R),
            num(x),
            num(y + CAP_HEIGHT * 10.0 / 2.0)
        );
    }
    out.push_str("</g>\n");
}

/// The end of an arrow at (x, y), pointing along `direction` (+1 right, -1 left).
fn tip(out: &mut String, head: Tip, x: f64, y: f64, direction: f64) {
    let back = x - direction * 9.0;
    match head {
        Tip::None => {}
        Tip::Filled | Tip::Both => {
            let _ = write!(
                out,
                r#"<path class="head" d="M{} {} L{} {} L{} {} Z"/>"#,
                num(x),
                num(y),
                num(back),
                num(y - 4.5),
                num(back),
                num(y + 4.5)
            );
        }
        Tip::Open => {
            let _ = write!(
                out,
                r#"<path class="open-head" d="M{} {} L{} {} L{} {}"/>"#,
                num(back),
                num(y - 4.5),
                num(x),
                num(y),
                num(back),
                num(y + 4.5)
            );
        }
        Tip::Cross => {
            let c = x - direction * 5.0;
            let _ = write!(
                out,
                r#"<path class="cross" d="M{} {} L{} {} M{} {} L{} {}"/>"#,
                num(c - 4.0),
                num(y - 4.0),
                num(c + 4.0),
                num(y + 4.0),
                num(c - 4.0),
                num(y + 4.0),
                num(c + 4.0),
                num(y - 4.0)
            );
        }
    }
}
