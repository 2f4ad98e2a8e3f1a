//! Marks drawn over a finished drawing for the lints (issue 4): numbered badges on nodes a finding
//! concerns, and numbered steps along the edges of a request path. The lint stage decides what to
//! mark; this module only draws. Badges differ by shape as well as colour (a diamond for risks, a
//! circle for path steps), so they do not rely on colour alone.

use std::fmt::Write as _;

use super::Canvas;
use super::writer::{escape, num};
use crate::diagram::layout::Point;
use crate::diagram::model::{EdgeId, NodeId};
use crate::diagram::text::CAP_HEIGHT;

/// What to draw on top of a diagram. Empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    pub badges: Vec<Badge>,
    pub steps: Vec<Step>,
}

/// A numbered badge on a node's top-right corner, matching item `number` of the list under the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub node: NodeId,
    pub number: u32,
}

/// Step `number` of a request path travels `edge`; `reversed` when it goes from the edge's `to` end
/// back to its `from` end (a response, or `browser -> dns -> browser`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub edge: EdgeId,
    pub number: u32,
    pub reversed: bool,
}

const BADGE_RADIUS: f64 = 9.0;
const STEP_RADIUS: f64 = 8.0;
/// How far along its edge a step marker sits from the end it starts at.
const STEP_OFFSET: f64 = 20.0;
const NUMBER_SIZE: f64 = 10.0;

pub(crate) fn draw(canvas: &Canvas, overlay: &Overlay) -> String {
    if overlay.badges.is_empty() && overlay.steps.is_empty() {
        return String::new();
    }
    let mut out = String::from("<g class=\"overlay\">");
    let mut placed: Vec<Point> = Vec::new();
    for step in &overlay.steps {
        out.push_str(&step_marker(canvas, step, &mut placed));
    }
    // Several findings on one node: badges line up leftwards from the corner.
    let mut seen: Vec<NodeId> = Vec::new();
    for badge in &overlay.badges {
        let index = seen.iter().filter(|n| **n == badge.node).count();
        seen.push(badge.node);
        out.push_str(&badge_marker(canvas, badge, index));
    }
    out.push_str("</g>\n");
    out
}

fn number(x: f64, y: f64, value: u32) -> String {
    format!(
        r#"<text class="overlay-number" x="{}" y="{}" text-anchor="middle">{value}</text>"#,
        num(x),
        num(y + CAP_HEIGHT * NUMBER_SIZE / 2.0)
    )
}

fn badge_marker(canvas: &Canvas, badge: &Badge, index: usize) -> String {
    let Some(rect) = canvas.layout.nodes.get(badge.node.index()) else {
        return String::new();
    };
    let o = canvas.offset();
    let cx = rect.x + rect.width + o - (index as f64) * (BADGE_RADIUS * 2.0 + 2.0);
    let cy = rect.y + o;
    let r = BADGE_RADIUS;
    let mut out = format!(
        r#"<g class="badge" data-node="{}" data-number="{}"><path class="badge-shape" d="M{} {} L{} {} L{} {} L{} {} Z"/>"#,
        escape(&canvas.diagram.node(badge.node).path),
        badge.number,
        num(cx),
        num(cy - r),
        num(cx + r),
        num(cy),
        num(cx),
        num(cy + r),
        num(cx - r),
        num(cy)
    );
    out.push_str(&number(cx, cy, badge.number));
    out.push_str("</g>");
    out
}

/// Places a step marker on its edge, sliding further along when an earlier marker sits there (two
/// steps over one edge, or edges leaving one port).
fn step_marker(canvas: &Canvas, step: &Step, placed: &mut Vec<Point>) -> String {
    let Some(route) = canvas.layout.edges.get(step.edge.index()) else {
        return String::new();
    };
    let mut points: Vec<Point> = route.points.clone();
    if step.reversed {
        points.reverse();
    }
    let free = |p: &Point, placed: &[Point]| {
        placed
            .iter()
            .all(|q| (p.x - q.x).hypot(p.y - q.y) >= STEP_RADIUS * 2.0 + 1.0)
    };
    let candidates =
        (0..8).filter_map(|i| point_along(&points, STEP_OFFSET + i as f64 * STEP_RADIUS * 2.2));
    let first = point_along(&points, STEP_OFFSET);
    let Some(at) = candidates.into_iter().find(|p| free(p, placed)).or(first) else {
        return String::new();
    };
    placed.push(at);
    let o = canvas.offset();
    let (x, y) = (at.x + o, at.y + o);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<g class="step" data-step="{}"><circle class="step-shape" cx="{}" cy="{}" r="{}"/>"#,
        step.number,
        num(x),
        num(y),
        num(STEP_RADIUS)
    );
    out.push_str(&number(x, y, step.number));
    out.push_str("</g>");
    out
}

/// The point `distance` along a polyline (its last point if the line is shorter).
fn point_along(points: &[Point], distance: f64) -> Option<Point> {
    let mut left = distance;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        if length >= left && length > 0.0 {
            let t = left / length;
            return Some(Point {
                x: a.x + t * (b.x - a.x),
                y: a.y + t * (b.y - a.y),
            });
        }
        left -= length;
    }
    points.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_along_the_polyline() {
        let line = [
            Point { x: 0.0, y: 0.0 },
            Point { x: 10.0, y: 0.0 },
            Point { x: 10.0, y: 30.0 },
        ];
        assert_eq!(point_along(&line, 5.0), Some(Point { x: 5.0, y: 0.0 }));
        assert_eq!(point_along(&line, 20.0), Some(Point { x: 10.0, y: 10.0 }));
        assert_eq!(point_along(&line, 99.0), Some(Point { x: 10.0, y: 30.0 }));
        assert_eq!(point_along(&[], 1.0), None);
    }
}
