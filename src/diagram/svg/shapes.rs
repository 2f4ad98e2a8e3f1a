//! Draws containers, edges and nodes, in that order, so lines run over group backgrounds but under
//! node boxes.

use std::fmt::Write as _;

use super::writer::{class_safe, escape, num};
use super::{Canvas, outline};
use crate::diagram::boxes::{self, metrics::*};
use crate::diagram::layout::{Point, Rect};
use crate::diagram::model::{Edge, EdgeKind, Head, NodeId, NodeKind, Shape};
use crate::diagram::syntax::Ends;
use crate::diagram::text::CAP_HEIGHT;

/// Length and half-width of an arrowhead.
const HEAD_LENGTH: f64 = 8.0;
const HEAD_HALF_WIDTH: f64 = 4.0;

pub fn draw(canvas: &Canvas) -> String {
    let mut out = String::new();
    let diagram = canvas.diagram;
    for id in diagram.node_ids().filter(|id| diagram.is_container(*id)) {
        out.push_str(&node(canvas, id, true));
    }
    for (index, edge) in diagram.edges.iter().enumerate() {
        out.push_str(&edge_group(canvas, index, edge));
    }
    for id in diagram.node_ids().filter(|id| !diagram.is_container(*id)) {
        out.push_str(&node(canvas, id, false));
    }
    out
}

fn shifted(canvas: &Canvas, rect: Rect) -> Rect {
    Rect {
        x: rect.x + canvas.offset(),
        y: rect.y + canvas.offset(),
        ..rect
    }
}

fn node(canvas: &Canvas, id: NodeId, is_container: bool) -> String {
    let node = canvas.diagram.node(id);
    let r = shifted(
        canvas,
        canvas
            .layout
            .nodes
            .get(id.index())
            .copied()
            .unwrap_or_default(),
    );
    let p = escape(canvas.prefix);
    let kind = node.kind.as_str();
    let mut classes = format!("node kind-{kind}");
    if is_container {
        classes.push_str(" group");
    }
    if let Some(role) = node.role {
        let _ = write!(classes, " role-{}", role.as_str());
    }
    classes.push_str(&look_classes(node, is_container));
    let mut out = format!(
        r#"<g class="{classes}" data-id="{}" data-kind="{kind}" data-box="{} {} {} {}">"#,
        escape(&node.path),
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height)
    );
    let href = canvas.hrefs.get(id.index()).cloned().flatten();
    if let Some(href) = &href {
        let _ = write!(out, r#"<a href="{}">"#, escape(href));
    }
    let shape = if is_container {
        Shape::Box
    } else {
        node.look.shape
    };
    out.push_str(&outline::outline(shape, r));
    if is_container {
        let plain = !canvas.diagram.legend && node.kind == NodeKind::Generic;
        out.push_str(&container_header(&p, node, r, plain));
    } else if node.look.has_icon() {
        out.push_str(&leaf_text(&p, node, r));
    } else if node.look.shape.shows_label() {
        out.push_str(&centred_text(node, r));
    }
    if href.is_some() {
        out.push_str("</a>");
    }
    out.push_str("</g>\n");
    out
}

/// Classes for a node's [`NodeLook`](crate::diagram::model::NodeLook): shape, dash, weight, accent.
fn look_classes(node: &crate::diagram::model::Node, is_container: bool) -> String {
    let look = &node.look;
    let mut classes = String::new();
    if look.shape != Shape::Box && !is_container {
        let _ = write!(classes, " shape-{}", look.shape.as_str());
    }
    if look.dashed {
        classes.push_str(" dashed");
    }
    if look.thick {
        classes.push_str(" thick");
    }
    if let Some(accent) = look.accent {
        let _ = write!(classes, " accent-{}", accent.as_str());
    }
    classes
}

/// The label of a shaped node, each line centred in the shape (no icon).
fn centred_text(node: &crate::diagram::model::Node, r: Rect) -> String {
    let centre = outline::text_centre(node.look.shape, r);
    let lines: Vec<&str> = boxes::label_lines(node).collect();
    let top = centre.y - lines.len() as f64 * LABEL_LINE / 2.0;
    let class = if node.look.bold {
        "label strong"
    } else {
        "label"
    };
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let baseline =
            top + i as f64 * LABEL_LINE + LABEL_LINE / 2.0 + CAP_HEIGHT * LABEL_SIZE / 2.0;
        let _ = write!(
            out,
            r#"<text class="{class}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(centre.x),
            num(baseline),
            escape(line)
        );
    }
    out
}

fn icon(prefix: &str, kind: &str, x: f64, y: f64) -> String {
    format!(
        r##"<use class="icon" href="#{prefix}-icon-{kind}" x="{}" y="{}" width="{}" height="{}"/>"##,
        num(x),
        num(y),
        num(ICON),
        num(ICON)
    )
}

fn text(class: &str, x: f64, baseline: f64, content: &str) -> String {
    format!(
        r#"<text class="{class}" x="{}" y="{}">{}</text>"#,
        num(x),
        num(baseline),
        escape(content)
    )
}

/// A container's header: the kind's icon and the label; `plain` (a Mermaid subgraph) leaves the
/// icon out.
fn container_header(
    prefix: &str,
    node: &crate::diagram::model::Node,
    r: Rect,
    plain: bool,
) -> String {
    let mut out = String::new();
    if !plain {
        out = icon(
            prefix,
            node.kind.as_str(),
            r.x + PAD_X,
            r.y + (HEADER_HEIGHT - ICON) / 2.0,
        );
    }
    let baseline = r.y + HEADER_HEIGHT / 2.0 + CAP_HEIGHT * LABEL_SIZE / 2.0;
    let x = if plain {
        r.x + PAD_X
    } else {
        r.x + PAD_X + ICON + ICON_GAP
    };
    let header = boxes::header_text(node);
    if !header.is_empty() {
        // An untitled container (a state diagram's concurrent region) draws no empty `<text>`.
        out.push_str(&text("label", x, baseline, &header));
    }
    out
}

fn leaf_text(prefix: &str, node: &crate::diagram::model::Node, r: Rect) -> String {
    let mut out = icon(
        prefix,
        node.kind.as_str(),
        r.x + PAD_X,
        r.y + (r.height - ICON) / 2.0,
    );
    let sub = boxes::sub_line(node);
    let lines: Vec<&str> = boxes::label_lines(node).collect();
    let block = lines.len() as f64 * LABEL_LINE + if sub.is_some() { SUB_LINE } else { 0.0 };
    let top = r.y + (r.height - block) / 2.0;
    let x = r.x + PAD_X + ICON + ICON_GAP;
    for (i, line) in lines.iter().enumerate() {
        let baseline =
            top + i as f64 * LABEL_LINE + LABEL_LINE / 2.0 + CAP_HEIGHT * LABEL_SIZE / 2.0;
        out.push_str(&text("label", x, baseline, line));
    }
    if let Some(sub) = sub {
        let baseline =
            top + lines.len() as f64 * LABEL_LINE + SUB_LINE / 2.0 + CAP_HEIGHT * SUB_SIZE / 2.0;
        out.push_str(&text("sub", x, baseline, &sub));
    }
    out
}

/// The classes that style an edge: protocol, kind, encryption and line style.
pub fn edge_classes(edge: &Edge) -> String {
    let mut classes = String::from("edge");
    if let Some(proto) = &edge.proto {
        let _ = write!(classes, " proto-{}", class_safe(proto.as_str()));
    }
    let _ = write!(classes, " edge-{}", edge.kind.as_str());
    // `plain` only when the protocol is known to be unencrypted; with no protocol nothing is claimed.
    classes.push_str(match &edge.proto {
        Some(proto) if proto.is_encrypted() => " secure",
        Some(_) => " plain",
        None => " unspecified",
    });
    if edge.dashed {
        classes.push_str(" dashed");
    }
    if edge.look.thick {
        classes.push_str(" thick");
    }
    if let Some(accent) = edge.look.accent {
        let _ = write!(classes, " accent-{}", accent.as_str());
    }
    classes
}

fn edge_group(canvas: &Canvas, index: usize, edge: &Edge) -> String {
    let diagram = canvas.diagram;
    let route = canvas.layout.edges.get(index).cloned().unwrap_or_default();
    let o = canvas.offset();
    let mut points: Vec<Point> = route
        .points
        .iter()
        .map(|p| Point {
            x: p.x + o,
            y: p.y + o,
        })
        .collect();
    if points.len() >= 2 {
        let n = points.len();
        points[n - 1] = onto_outline(canvas, edge.to, points[n - 1], points[n - 2]);
        points[0] = onto_outline(canvas, edge.from, points[0], points[1]);
    }
    let mut out = format!(
        r#"<g class="{}" data-from="{}" data-to="{}">"#,
        edge_classes(edge),
        escape(&diagram.node(edge.from).path),
        escape(&diagram.node(edge.to).path)
    );
    if points.len() >= 2 {
        let head_at_end = edge.ends != Ends::None;
        let head_at_start = edge.ends == Ends::Both;
        out.push_str(&line(&points, head_at_start, head_at_end));
        let n = points.len();
        if head_at_end {
            out.push_str(&end(edge.look.head, points[n - 1], points[n - 2]));
        }
        if head_at_start {
            out.push_str(&end(edge.look.head, points[0], points[1]));
        }
    }
    if let Some(size) = boxes::edge_label_size(edge) {
        let rect = route
            .label
            .map(|r| shifted(canvas, r))
            .unwrap_or_else(|| fallback_label_rect(&points, size));
        let on_group = inside_a_group(canvas, rect);
        out.push_str(&edge_label(canvas.prefix, edge, rect, on_group));
    }
    out.push_str("</g>\n");
    out
}

/// An end moved onto the outline of a shaped leaf node (a diamond, a circle).
fn onto_outline(canvas: &Canvas, id: NodeId, tip: Point, previous: Point) -> Point {
    if canvas.diagram.is_container(id) {
        return tip;
    }
    let shape = canvas.diagram.node(id).look.shape;
    match canvas.layout.nodes.get(id.index()) {
        Some(rect) => outline::onto_outline(shape, shifted(canvas, *rect), tip, previous),
        None => tip,
    }
}

/// Only used if the layout returned no label box: centre the label on the middle of the route.
fn fallback_label_rect(points: &[Point], size: crate::diagram::layout::Size) -> Rect {
    let middle = match points {
        [] => Point::default(),
        [only] => *only,
        _ => {
            let i = (points.len() - 1) / 2;
            Point {
                x: (points[i].x + points[i + 1].x) / 2.0,
                y: (points[i].y + points[i + 1].y) / 2.0,
            }
        }
    };
    Rect {
        x: middle.x - size.width / 2.0,
        y: middle.y - size.height / 2.0,
        width: size.width,
        height: size.height,
    }
}

/// The polyline, pulled back where an arrowhead sits so its end hides under the head.
fn line(points: &[Point], head_at_start: bool, head_at_end: bool) -> String {
    let mut pts = points.to_vec();
    let n = pts.len();
    if head_at_end {
        pts[n - 1] = pull_back(pts[n - 1], pts[n - 2]);
    }
    if head_at_start {
        pts[0] = pull_back(pts[0], pts[1]);
    }
    let mut d = String::new();
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { " L" },
            num(p.x),
            num(p.y)
        );
    }
    format!(r#"<path class="line" d="{d}"/>"#)
}

fn unit(from: Point, to: Point) -> (f64, f64, f64) {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = (dx * dx + dy * dy).sqrt();
    if length < f64::EPSILON {
        (0.0, 0.0, 0.0)
    } else {
        (dx / length, dy / length, length)
    }
}

fn pull_back(tip: Point, previous: Point) -> Point {
    let (ux, uy, length) = unit(previous, tip);
    let back = (HEAD_LENGTH * 0.75).min(length / 2.0);
    Point {
        x: tip.x - ux * back,
        y: tip.y - uy * back,
    }
}

/// An arrowhead, or the circle or cross a Mermaid edge ends in.
fn end(kind: Head, tip: Point, previous: Point) -> String {
    outline::end_marker(kind, tip, previous).unwrap_or_else(|| head(tip, previous))
}

fn head(tip: Point, previous: Point) -> String {
    let (ux, uy, _) = unit(previous, tip);
    let base = Point {
        x: tip.x - ux * HEAD_LENGTH,
        y: tip.y - uy * HEAD_LENGTH,
    };
    let (nx, ny) = (-uy * HEAD_HALF_WIDTH, ux * HEAD_HALF_WIDTH);
    format!(
        r#"<path class="head" d="M{} {} L{} {} L{} {} Z"/>"#,
        num(tip.x),
        num(tip.y),
        num(base.x + nx),
        num(base.y + ny),
        num(base.x - nx),
        num(base.y - ny)
    )
}

/// Whether a label sits on a container's background, so its backing matches that instead of the page.
fn inside_a_group(canvas: &Canvas, label: Rect) -> bool {
    let (cx, cy) = (label.x + label.width / 2.0, label.y + label.height / 2.0);
    canvas
        .diagram
        .node_ids()
        .filter(|id| canvas.diagram.is_container(*id))
        .filter_map(|id| {
            canvas
                .layout
                .nodes
                .get(id.index())
                .map(|r| shifted(canvas, *r))
        })
        .any(|r| r.x <= cx && cx <= r.x + r.width && r.y <= cy && cy <= r.y + r.height)
}

fn edge_label(prefix: &str, edge: &Edge, r: Rect, on_group: bool) -> String {
    let class = if on_group {
        "label-bg on-group"
    } else {
        "label-bg"
    };
    let mut out = format!(
        r#"<g class="edge-label"><rect class="{class}" x="{}" y="{}" width="{}" height="{}" rx="3"/>"#,
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height)
    );
    let mut x = r.x + EDGE_LABEL_PAD;
    if boxes::shows_lock(edge) {
        let _ = write!(
            out,
            r##"<use class="lock" href="#{}-icon-lock" x="{}" y="{}" width="{}" height="{}"/>"##,
            escape(prefix),
            num(x),
            num(r.y + (r.height - LOCK) / 2.0),
            num(LOCK),
            num(LOCK)
        );
        x += LOCK + LOCK_GAP;
    }
    if let Some(label) = &edge.label {
        let baseline = r.y + r.height / 2.0 + CAP_HEIGHT * EDGE_LABEL_SIZE / 2.0;
        out.push_str(&text("edge-text", x, baseline, label));
    }
    out.push_str("</g>");
    out
}

/// Line-style families used by the legend, in legend order.
pub fn line_style(edge: &Edge) -> &'static str {
    match edge.kind {
        EdgeKind::Replication => "replication",
        EdgeKind::Monitoring => "monitoring",
        EdgeKind::Lookup => "lookup",
        EdgeKind::Request if edge.is_encrypted() => "secure",
        EdgeKind::Request if edge.proto.is_some() => "plain",
        EdgeKind::Request => "unspecified",
    }
}
