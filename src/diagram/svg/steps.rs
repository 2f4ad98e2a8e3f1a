//! Request paths drawn on the figure: a numbered badge (a pill, unlike the diamond of a risk) on the
//! edge each step travels, and the step list under the drawing. The badge sits on the edge's longest
//! segment (edges leaving one port share their first segment, but rarely their longest), a quarter of
//! the way along it in the direction of travel, clear of the label the layout centres on the edge.
//! Steps that travel the same edge the same way again sit further along it, so badges do not stack.
//! With more than one path, each path's numbers carry its letter (`A1`, `B1`).
//! Paths are checked before drawing ([`crate::diagram::lint::paths::check`]); a step without an edge
//! is skipped here rather than drawn wrong.

use std::fmt::Write as _;

use super::Canvas;
use super::writer::{escape, num};
use crate::diagram::layout::Point;
use crate::diagram::lint::paths::{Hop, hops};
use crate::diagram::model::{Diagram, EdgeKind, Node};
use crate::diagram::syntax::Ends;
use crate::diagram::text::CAP_HEIGHT;

const HEIGHT: f64 = 18.0;
const TEXT_SIZE: f64 = 11.0;
/// Where along the longest segment a badge sits, and how much further each repeat moves it.
const FIRST_AT: f64 = 0.25;
const REPEAT_SHIFT: f64 = 0.2;

/// The badge text of step `number` (from 1) of path `path` (from 0).
fn step_label(diagram: &Diagram, path: usize, number: usize) -> String {
    if diagram.paths.len() > 1 {
        let letter = char::from(b'A' + (path % 26) as u8);
        format!("{letter}{number}")
    } else {
        number.to_string()
    }
}

/// Where the badge of a hop goes (see the module docs).
fn badge_point(canvas: &Canvas, hop: Hop, earlier_uses: usize) -> Option<Point> {
    let points = &canvas.layout.edges.get(hop.edge.index())?.points;
    let mut longest: Option<(f64, usize)> = None;
    for (i, pair) in points.windows(2).enumerate() {
        let length = (pair[1].x - pair[0].x).hypot(pair[1].y - pair[0].y);
        if longest.is_none_or(|(best, _)| length > best) {
            longest = Some((length, i));
        }
    }
    let (_, i) = longest?;
    let (a, b) = (points[i], points[i + 1]);
    let (start, end) = if hop.reversed { (b, a) } else { (a, b) };
    let t = (FIRST_AT + earlier_uses as f64 * REPEAT_SHIFT).min(0.9);
    let o = canvas.offset();
    Some(Point {
        x: start.x + (end.x - start.x) * t + o,
        y: start.y + (end.y - start.y) * t + o,
    })
}

/// The step badges of every path.
pub fn badges(canvas: &Canvas) -> String {
    let diagram = canvas.diagram;
    if diagram.paths.is_empty() {
        return String::new();
    }
    let mut used: Vec<(Hop, usize)> = Vec::new();
    let mut out = String::from(r#"<g class="path-steps">"#);
    for (index, path) in diagram.paths.iter().enumerate() {
        for (i, hop) in hops(diagram, path).into_iter().enumerate() {
            let Some(hop) = hop else { continue };
            let earlier = match used.iter_mut().find(|(h, _)| *h == hop) {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    used.push((hop, 1));
                    0
                }
            };
            let Some(at) = badge_point(canvas, hop, earlier) else {
                continue;
            };
            out.push_str(&pill(&step_label(diagram, index, i + 1), at));
        }
    }
    out.push_str("</g>\n");
    out
}

fn pill(text: &str, at: Point) -> String {
    let width = 10.0 + 7.0 * text.chars().count() as f64;
    format!(
        r#"<g class="path-step"><rect x="{}" y="{}" width="{}" height="{}" rx="{}"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
        num(at.x - width / 2.0),
        num(at.y - HEIGHT / 2.0),
        num(width),
        num(HEIGHT),
        num(HEIGHT / 2.0),
        num(at.x),
        num(at.y + CAP_HEIGHT * TEXT_SIZE / 2.0),
        escape(text)
    )
}

/// "Browser to Load balancer over HTTPS: www.foobar.com", or "DNS answers Browser" for a step that
/// travels an arrow backwards.
fn step_words(diagram: &Diagram, from: &Node, to: &Node, hop: Option<Hop>) -> String {
    let (from_name, to_name) = (from.label.replace('\n', " "), to.label.replace('\n', " "));
    let Some(hop) = hop else {
        return format!("{from_name} to {to_name}");
    };
    let edge = diagram.edge(hop.edge);
    if hop.reversed && edge.ends == Ends::Forward {
        return format!("{from_name} answers {to_name}");
    }
    if edge.kind == EdgeKind::Lookup {
        return format!("{from_name} asks {to_name}");
    }
    let over = edge
        .proto
        .as_ref()
        .map(|p| format!(" over {}", p.display_name()))
        .unwrap_or_default();
    let label = edge
        .label
        .as_ref()
        .map(|l| format!(": {}", l.replace('\n', " ")))
        .unwrap_or_default();
    format!("{from_name} to {to_name}{over}{label}")
}

/// The step lists placed under the drawing, one per path.
pub fn lists(diagram: &Diagram) -> String {
    let mut out = String::new();
    for (index, path) in diagram.paths.iter().enumerate() {
        let _ = writeln!(
            out,
            "<div class=\"diagram-path\"><p class=\"diagram-path-title\">Request path: {}</p><ol class=\"diagram-steps\">",
            escape(&path.name)
        );
        for (i, hop) in hops(diagram, path).into_iter().enumerate() {
            let from = diagram.node(path.steps[i].0);
            let to = diagram.node(path.steps[i + 1].0);
            let _ = writeln!(
                out,
                "<li><span class=\"step-number\">{}</span> {}</li>",
                step_label(diagram, index, i + 1),
                escape(&step_words(diagram, from, to, hop))
            );
        }
        out.push_str("</ol></div>\n");
    }
    out
}
