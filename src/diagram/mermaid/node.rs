//! One node reference: `id`, `id[text]` in any of the bracket shapes, `id@{ shape: ..., label: ... }`,
//! then any `:::class`.

use super::cursor::Cursor;
use crate::diagram::Span;
use crate::diagram::model::Shape;

/// Openers longest first, so `((` is not read as `(`; each with its closers and shapes.
const OPENERS: [(&str, &[(&str, Shape)]); 13] = [
    ("(((", &[(")))", Shape::DoubleCircle)]),
    ("((", &[("))", Shape::Circle)]),
    ("([", &[("])", Shape::Stadium)]),
    ("[[", &[("]]", Shape::Subroutine)]),
    ("[(", &[(")]", Shape::Cylinder)]),
    (
        "[/",
        &[("/]", Shape::Parallelogram), ("\\]", Shape::Trapezoid)],
    ),
    (
        "[\\",
        &[
            ("\\]", Shape::ParallelogramAlt),
            ("/]", Shape::TrapezoidAlt),
        ],
    ),
    ("{{", &[("}}", Shape::Hexagon)]),
    ("(", &[(")", Shape::Rounded)]),
    ("[", &[("]", Shape::Rect)]),
    ("{", &[("}", Shape::Diamond)]),
    (">", &[("]", Shape::Flag)]),
    ("@{", &[("}", Shape::Rect)]),
];

/// The text and shape written after an id.
pub struct Body {
    pub text: Option<String>,
    pub shape: Option<Shape>,
    /// `@{ ... }` keys we do not use, for the one "ignored" note.
    pub ignored: Option<String>,
}

/// Reads a shape body at the cursor if one starts there. `Err((span, expected))` when it is not
/// closed.
pub fn body(cursor: &mut Cursor) -> Result<Body, (Span, String)> {
    let none = Body {
        text: None,
        shape: None,
        ignored: None,
    };
    let Some((open, closers)) = OPENERS
        .iter()
        .find(|(open, _)| cursor.rest().starts_with(open))
    else {
        return Ok(none);
    };
    let open_span = Span {
        start: cursor.pos,
        end: cursor.pos + open.len(),
    };
    cursor.pos += open.len();
    if *open == "@{" {
        return metadata(cursor, open_span);
    }
    let (text, close_at, shape, close_len) = if cursor.rest().trim_start().starts_with('"') {
        quoted_then_closer(cursor, closers)
    } else {
        raw_until_closer(cursor, closers)
    }
    .ok_or_else(|| {
        let list: Vec<String> = closers.iter().map(|(c, _)| format!("`{c}`")).collect();
        (
            open_span,
            format!("`{open}` is not closed: expected {}", list.join(" or ")),
        )
    })?;
    cursor.pos = close_at + close_len;
    Ok(Body {
        text: Some(text),
        shape: Some(shape),
        ignored: None,
    })
}

type Found = (String, usize, Shape, usize);

fn quoted_then_closer(cursor: &Cursor, closers: &[(&str, Shape)]) -> Option<Found> {
    let rest = cursor.rest();
    let quote = rest.find('"')?;
    let after = &rest[quote + 1..];
    let close_quote = after.find('"')?;
    let text = after[..close_quote].to_string();
    let mut at = cursor.pos + quote + 1 + close_quote + 1;
    let tail = &cursor.src[at..];
    let blanks = tail.len() - tail.trim_start_matches([' ', '\t']).len();
    at += blanks;
    let (closer, shape) = closers
        .iter()
        .find(|(c, _)| cursor.src[at..].starts_with(c))?;
    Some((text, at, *shape, closer.len()))
}

fn raw_until_closer(cursor: &Cursor, closers: &[(&str, Shape)]) -> Option<Found> {
    let rest = cursor.rest();
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let (i, closer, shape) = closers
        .iter()
        .filter_map(|(c, s)| line.find(c).map(|i| (i, *c, *s)))
        .min_by_key(|(i, _, _)| *i)?;
    Some((
        line[..i].trim().to_string(),
        cursor.pos + i,
        shape,
        closer.len(),
    ))
}

/// `@{ shape: cyl, label: "Orders" }`.
fn metadata(cursor: &mut Cursor, open_span: Span) -> Result<Body, (Span, String)> {
    let rest = cursor.rest();
    let mut in_quote = false;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '}' if !in_quote => {
                close = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(close) = close else {
        return Err((open_span, "`@{` is not closed: expected `}`".to_string()));
    };
    let inside = &rest[..close];
    cursor.pos += close + 1;
    let mut body = Body {
        text: None,
        shape: Some(Shape::Rect),
        ignored: None,
    };
    let mut ignored = Vec::new();
    for pair in split_pairs(inside) {
        let Some((key, value)) = pair.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim().trim_matches(['"', '\'']));
        match key {
            "shape" => body.shape = Some(named_shape(value)),
            "label" => body.text = Some(value.to_string()),
            _ => ignored.push(format!("`{key}`")),
        }
    }
    if !ignored.is_empty() {
        body.ignored = Some(format!("node data {}", ignored.join(", ")));
    }
    Ok(body)
}

/// Splits `a: 1, b: "x, y"` at the commas outside quotes.
fn split_pairs(text: &str) -> Vec<&str> {
    let mut pairs = Vec::new();
    let (mut start, mut in_quote) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            ',' | '\n' if !in_quote => {
                pairs.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pairs.push(&text[start..]);
    pairs
}

/// Mermaid's named shapes (and their aliases) mapped to the closest outline we draw.
pub fn named_shape(name: &str) -> Shape {
    match name.to_ascii_lowercase().as_str() {
        "rounded" | "event" => Shape::Rounded,
        "stadium" | "pill" | "terminal" => Shape::Stadium,
        "fr-rect" | "subproc" | "subprocess" | "subroutine" | "framed-rectangle" => {
            Shape::Subroutine
        }
        "cyl"
        | "cylinder"
        | "database"
        | "db"
        | "lin-cyl"
        | "disk"
        | "h-cyl"
        | "das"
        | "horizontal-cylinder"
        | "lined-cylinder" => Shape::Cylinder,
        "circle" | "circ" | "sm-circ" | "start" | "small-circle" | "f-circ" | "junction"
        | "fr-circ" | "stop" | "filled-circle" => Shape::Circle,
        "dbl-circ" | "double-circle" => Shape::DoubleCircle,
        "diam" | "diamond" | "decision" | "question" => Shape::Diamond,
        "hex" | "hexagon" | "prepare" => Shape::Hexagon,
        "lean-r" | "lean-right" | "in-out" => Shape::Parallelogram,
        "lean-l" | "lean-left" | "out-in" => Shape::ParallelogramAlt,
        "trap-b" | "trapezoid" | "priority" | "trapezoid-bottom" => Shape::Trapezoid,
        "trap-t" | "inv-trapezoid" | "manual" | "trapezoid-top" => Shape::TrapezoidAlt,
        "odd" | "asymmetric" | "flag" | "paper-tape" => Shape::Flag,
        _ => Shape::Rect,
    }
}

/// `:::name` after a node (several may follow).
pub fn classes(cursor: &mut Cursor) -> Vec<String> {
    let mut names = Vec::new();
    while cursor.eat(":::") {
        if let Some((name, _)) = cursor.take_word() {
            names.push(name.to_string());
        }
    }
    names
}
