//! Node outlines other than the `infra` box (Mermaid's shapes), and the circle and cross edge ends.
//! The first element is always the one with class `box`, so the theme's box colours, hover and
//! accent rules apply to every shape alike; extra strokes (a cylinder's rim, a subroutine's inner
//! lines) carry class `box-line`.

use std::fmt::Write as _;

use super::writer::num;
use crate::diagram::boxes::metrics::{
    CORNER, CYLINDER_RY, DOUBLE_GAP, NOTE_FOLD, SUBROUTINE_INSET,
};
use crate::diagram::layout::{Point, Rect};
use crate::diagram::model::{Head, Shape};

fn polygon(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { " L" },
            num(*x),
            num(*y)
        );
    }
    format!(r#"<path class="box" d="{d} Z"/>"#)
}

fn rect(r: Rect, rx: f64) -> String {
    format!(
        r#"<rect class="box" x="{}" y="{}" width="{}" height="{}" rx="{}"/>"#,
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height),
        num(rx)
    )
}

/// The outline of a node of `shape` filling `r`.
pub fn outline(shape: Shape, r: Rect) -> String {
    let (x, y, w, h) = (r.x, r.y, r.width, r.height);
    let (cx, cy) = (x + w / 2.0, y + h / 2.0);
    let k = (h / 2.0).min(w / 4.0);
    match shape {
        Shape::Box => rect(r, CORNER),
        Shape::Rect => rect(r, 2.0),
        Shape::Rounded => rect(r, (h / 2.0).min(10.0)),
        Shape::Stadium => rect(r, h / 2.0),
        Shape::Subroutine => {
            let (a, b) = (x + SUBROUTINE_INSET, x + w - SUBROUTINE_INSET);
            format!(
                r#"{}<path class="box-line" d="M{} {} V{} M{} {} V{}"/>"#,
                rect(r, 0.0),
                num(a),
                num(y),
                num(y + h),
                num(b),
                num(y),
                num(y + h)
            )
        }
        Shape::Cylinder => {
            let (rx, ry) = (w / 2.0, CYLINDER_RY);
            format!(
                r#"<path class="box" d="M{x0} {top} A{rx} {ry} 0 0 1 {x1} {top} V{bottom} A{rx} {ry} 0 0 1 {x0} {bottom} Z"/><path class="box-line" d="M{x0} {top} A{rx} {ry} 0 0 0 {x1} {top}"/>"#,
                x0 = num(x),
                x1 = num(x + w),
                top = num(y + ry),
                bottom = num(y + h - ry),
                rx = num(rx),
                ry = num(ry),
            )
        }
        Shape::Circle => circle("box", cx, cy, w.min(h) / 2.0),
        Shape::DoubleCircle => {
            let outer = w.min(h) / 2.0;
            format!(
                "{}{}",
                circle("box", cx, cy, outer),
                circle("box-line", cx, cy, outer - DOUBLE_GAP)
            )
        }
        Shape::Diamond => polygon(&[(cx, y), (x + w, cy), (cx, y + h), (x, cy)]),
        Shape::Hexagon => polygon(&[
            (x + k, y),
            (x + w - k, y),
            (x + w, cy),
            (x + w - k, y + h),
            (x + k, y + h),
            (x, cy),
        ]),
        Shape::Parallelogram => polygon(&[(x + k, y), (x + w, y), (x + w - k, y + h), (x, y + h)]),
        Shape::ParallelogramAlt => {
            polygon(&[(x, y), (x + w - k, y), (x + w, y + h), (x + k, y + h)])
        }
        Shape::Trapezoid => polygon(&[(x + k, y), (x + w - k, y), (x + w, y + h), (x, y + h)]),
        Shape::TrapezoidAlt => polygon(&[(x, y), (x + w, y), (x + w - k, y + h), (x + k, y + h)]),
        Shape::Flag => polygon(&[
            (x, y),
            (x + w, y),
            (x + w, y + h),
            (x, y + h),
            (x + k / 2.0, cy),
        ]),
        Shape::StartDot => circle("box", cx, cy, w.min(h) / 2.0),
        Shape::EndDot => {
            let outer = w.min(h) / 2.0;
            format!(
                "{}{}",
                circle("box", cx, cy, outer),
                circle("box-line", cx, cy, outer - DOUBLE_GAP)
            )
        }
        Shape::Choice => polygon(&[(cx, y), (x + w, cy), (cx, y + h), (x, cy)]),
        Shape::Bar | Shape::BarVertical => rect(r, 2.0),
        Shape::Note => {
            let f = NOTE_FOLD.min(w / 2.0).min(h / 2.0);
            format!(
                r#"{}<path class="box-line" d="M{} {} V{} H{}"/>"#,
                polygon(&[
                    (x, y),
                    (x + w - f, y),
                    (x + w, y + f),
                    (x + w, y + h),
                    (x, y + h)
                ]),
                num(x + w - f),
                num(y),
                num(y + f),
                num(x + w)
            )
        }
    }
}

fn circle(class: &str, cx: f64, cy: f64, r: f64) -> String {
    format!(
        r#"<circle class="{class}" cx="{}" cy="{}" r="{}"/>"#,
        num(cx),
        num(cy),
        num(r.max(0.0))
    )
}

/// Where the text block of a shaped node is centred: the middle of its box, moved below a
/// cylinder's top rim.
pub fn text_centre(shape: Shape, r: Rect) -> Point {
    let shift = if shape == Shape::Cylinder {
        CYLINDER_RY / 2.0
    } else {
        0.0
    };
    Point {
        x: r.x + r.width / 2.0,
        y: r.y + r.height / 2.0 + shift,
    }
}

/// Radius of a circle end, and half the size of a cross end.
const END_SIZE: f64 = 4.0;

/// A circle or cross end at `tip`, reached from `previous`; `None` for an arrowhead.
pub fn end_marker(head: Head, tip: Point, previous: Point) -> Option<String> {
    let (dx, dy) = (tip.x - previous.x, tip.y - previous.y);
    let length = dx.hypot(dy);
    let (ux, uy) = if length < f64::EPSILON {
        (0.0, 0.0)
    } else {
        (dx / length, dy / length)
    };
    let centre = Point {
        x: tip.x - ux * END_SIZE,
        y: tip.y - uy * END_SIZE,
    };
    match head {
        Head::Arrow => None,
        Head::Circle => Some(circle("head-open", centre.x, centre.y, END_SIZE)),
        Head::Cross => {
            let s = END_SIZE;
            Some(format!(
                r#"<path class="head-cross" d="M{} {} L{} {} M{} {} L{} {}"/>"#,
                num(centre.x - s),
                num(centre.y - s),
                num(centre.x + s),
                num(centre.y + s),
                num(centre.x - s),
                num(centre.y + s),
                num(centre.x + s),
                num(centre.y - s)
            ))
        }
    }
}

/// Moves an edge's end from the border of its node's box onto the node's outline, so a line meets
/// a diamond or a circle instead of stopping short of it. `tip` lies on the box `r`; the last
/// segment runs from `previous` to `tip` along one axis (routes are orthogonal). Other shapes, and
/// a diagonal segment, keep the point.
pub fn onto_outline(shape: Shape, r: Rect, tip: Point, previous: Point) -> Point {
    let (hw, hh) = (r.width / 2.0, r.height / 2.0);
    let (cx, cy) = (r.x + hw, r.y + hh);
    let vertical = (tip.x - previous.x).abs() < 0.01;
    let horizontal = (tip.y - previous.y).abs() < 0.01;
    if vertical == horizontal || hw <= 0.0 || hh <= 0.0 {
        return tip;
    }
    // Offset across the segment from the centre, half-size along and across it.
    let (across, half_along, half_across) = if vertical {
        (tip.x - cx, hh, hw)
    } else {
        (tip.y - cy, hw, hh)
    };
    let t = (across.abs() / half_across).min(1.0);
    let reach = match shape {
        Shape::Diamond | Shape::Choice => half_along * (1.0 - t),
        Shape::Circle | Shape::DoubleCircle | Shape::StartDot | Shape::EndDot => {
            half_along * (1.0 - t * t).sqrt()
        }
        Shape::Hexagon if !vertical => {
            let k = hh.min(hw / 2.0);
            half_along - k * t
        }
        Shape::Stadium if !vertical => half_along - hh + hh * (1.0 - t * t).sqrt(),
        _ => return tip,
    };
    let sign = if vertical {
        (tip.y - cy).signum()
    } else {
        (tip.x - cx).signum()
    };
    if vertical {
        Point {
            x: tip.x,
            y: cy + sign * reach,
        }
    } else {
        Point {
            x: cx + sign * reach,
            y: tip.y,
        }
    }
}
