//! Words for readers who cannot see the drawing: the `<desc>` sentence and the `<details>` text
//! alternative: the participants, then one line per message in order (with the block it sits in),
//! then the notes.

use std::fmt::Write as _;

use super::model::{Message, Row, Sequence};
use super::parse::{BlockKind, Head, Line, Placement};
use crate::diagram::svg::writer::escape;

fn name(sequence: &Sequence, p: usize) -> String {
    sequence.participants[p].label.join(" ")
}

/// "A, B and C".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn sentence(sequence: &Sequence) -> String {
    let names: Vec<String> = (0..sequence.participants.len())
        .map(|p| name(sequence, p))
        .collect();
    let count = sequence.messages().count();
    let plural = if count == 1 { "" } else { "s" };
    let mut out = format!(
        "Sequence diagram: {count} message{plural} between {}.",
        join(&names)
    );
    if let Some(first) = sequence.messages().next() {
        let _ = write!(out, " It starts with {}.", message_line(sequence, first));
    }
    out
}

/// Who takes part, then every message in order: one line of plain text.
pub fn in_words(sequence: &Sequence) -> String {
    let names: Vec<String> = (0..sequence.participants.len())
        .map(|p| name(sequence, p))
        .collect();
    let lines: Vec<String> = sequence
        .messages()
        .map(|m| message_line(sequence, m))
        .collect();
    let plural = if lines.len() == 1 { "" } else { "s" };
    let mut out = match &sequence.title {
        Some(title) => format!("{title}. "),
        None => String::new(),
    };
    let _ = write!(
        out,
        "Sequence diagram: {} message{plural} between {}",
        lines.len(),
        join(&names)
    );
    if !lines.is_empty() {
        let _ = write!(out, ": {}", lines.join("; "));
    }
    out.push('.');
    out
}

/// What kind of message the arrow says it is.
fn kind(message: &Message) -> &'static str {
    match (message.arrow.head, message.arrow.line) {
        (Head::Cross, _) => " (lost)",
        (Head::Open, _) => " (async)",
        (_, Line::Dotted) => " (reply)",
        _ => "",
    }
}

fn message_line(sequence: &Sequence, m: &Message) -> String {
    let text = m.text.join(" ");
    let text = if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    };
    let arrow = if m.arrow.head == Head::Both {
        "↔"
    } else {
        "→"
    };
    format!(
        "{} {arrow} {}{text}{}",
        name(sequence, m.from),
        name(sequence, m.to),
        kind(m)
    )
}

pub fn details(sequence: &Sequence) -> String {
    let mut out =
        String::from("<details class=\"diagram-text\">\n<summary>Diagram as text</summary>\n");
    out.push_str("<p>Participants</p>\n<ul>\n");
    for (p, participant) in sequence.participants.iter().enumerate() {
        let role = if participant.actor { " (actor)" } else { "" };
        let _ = writeln!(out, "<li>{}{role}</li>", escape(&name(sequence, p)));
    }
    out.push_str("</ul>\n");
    let mut notes = Vec::new();
    if sequence.messages().next().is_some() {
        out.push_str("<p>Messages</p>\n<ol>\n");
    }
    let mut context: Vec<String> = Vec::new();
    for row in &sequence.rows {
        match row {
            Row::Message(m) => {
                let within = context
                    .last()
                    .filter(|c| !c.is_empty())
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<li>{}{}</li>",
                    escape(&message_line(sequence, m)),
                    escape(&within)
                );
            }
            Row::BlockStart {
                kind: BlockKind::Rect,
                ..
            } => {
                // A background colour says nothing to a reader: keep the enclosing block's words.
                context.push(context.last().cloned().unwrap_or_default());
            }
            Row::BlockStart { kind, label, .. } => {
                context.push(
                    format!("{} {}", kind.keyword(), label.join(" "))
                        .trim()
                        .to_string(),
                );
            }
            Row::Divider { keyword, label } => {
                if let Some(last) = context.last_mut() {
                    *last = format!("{keyword} {}", label.join(" ")).trim().to_string();
                }
            }
            Row::BlockEnd => {
                context.pop();
            }
            Row::Note {
                placement,
                over,
                text,
            } => {
                let names: Vec<String> = over.iter().map(|p| name(sequence, *p)).collect();
                let place = match placement {
                    Placement::LeftOf => "left of",
                    Placement::RightOf => "right of",
                    Placement::Over => "over",
                };
                notes.push(format!("Note {place} {}: {}", join(&names), text.join(" ")));
            }
            Row::Activate(_) | Row::Deactivate(_) | Row::Create(_) | Row::Destroy(_) => {}
        }
    }
    if sequence.messages().next().is_some() {
        out.push_str("</ol>\n");
    }
    if !notes.is_empty() {
        out.push_str("<p>Notes</p>\n<ul>\n");
        for note in notes {
            let _ = writeln!(out, "<li>{}</li>", escape(&note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
    out
}
