//! Link operators: `-->`, `---`, `-.->`, `==>`, `<-->`, `--o`, `--x`, `~~~`, with the text forms
//! `-- text -->` and `-->|text|`. Extra dashes (`---->`, Mermaid's "longer link") read the same.

use super::ast::Arrow;
use super::cursor::Cursor;
use crate::diagram::model::Head;
use crate::diagram::syntax::Ends;

/// The operator and its label, if one starts at the cursor. `Err` carries what was expected when an
/// operator was started but not finished (a `-- text` with no closing `-->`).
pub fn read(cursor: &mut Cursor) -> Result<Option<(Arrow, Option<String>)>, &'static str> {
    let start = cursor.pos;
    if cursor.eat("~~~") {
        while cursor.eat("~") {}
        let arrow = Arrow {
            ends: Ends::None,
            head: Head::Arrow,
            dashed: false,
            thick: false,
            invisible: true,
        };
        return Ok(Some((arrow, None)));
    }
    let start_head = start_marker(cursor);
    let Some((line, mut dashed, thick)) = line_char(cursor) else {
        cursor.pos = start;
        return Ok(None);
    };
    let mut run = 0;
    while cursor.eat(line) {
        run += 1;
    }
    let mut dots_then = None;
    if line == "-" && cursor.peek() == Some('.') {
        dashed = true;
        while cursor.eat(".") {}
        let mut tail = 0;
        while cursor.eat("-") {
            tail += 1;
        }
        dots_then = Some(tail);
    }
    let end = end_marker(cursor);
    // `--`, `==` or `-.` followed by text: the label form, closed by a full operator.
    let opens_label = match dots_then {
        Some(tail) => tail == 0,
        None => run == 1,
    };
    if end.is_none() && opens_label && start_head.is_none() {
        cursor.pos = start;
        return label_form(cursor);
    }
    if end.is_none() && run < 2 && dots_then.is_none() {
        cursor.pos = start;
        return Ok(None);
    }
    cursor.skip_blanks();
    let mut label = None;
    if cursor.eat("|") {
        let text_start = cursor.pos;
        let close = cursor.rest().find(['|', '\n']);
        match close {
            Some(close) if cursor.rest()[close..].starts_with('|') => {
                label = Some(
                    cursor.src[text_start..text_start + close]
                        .trim()
                        .to_string(),
                );
                cursor.pos = text_start + close + 1;
            }
            _ => return Err("a closing `|` after the link text"),
        }
    }
    let ends = match (start_head.is_some(), end.is_some()) {
        (true, true) => Ends::Both,
        (false, true) => Ends::Forward,
        _ => Ends::None,
    };
    Ok(Some((
        Arrow {
            ends,
            head: end.or(start_head).unwrap_or(Head::Arrow),
            dashed,
            thick,
            invisible: false,
        },
        label
            .map(|l| l.trim_matches('"').to_string())
            .filter(|l| !l.is_empty()),
    )))
}

fn line_char(cursor: &mut Cursor) -> Option<(&'static str, bool, bool)> {
    match cursor.peek() {
        Some('-') => {
            cursor.bump();
            Some(("-", false, false))
        }
        Some('=') => {
            cursor.bump();
            Some(("=", false, true))
        }
        _ => None,
    }
}

fn start_marker(cursor: &mut Cursor) -> Option<Head> {
    let next_is_line = matches!(cursor.peek_at(1), Some('-' | '='));
    let head = match cursor.peek() {
        Some('<') => Head::Arrow,
        Some('o') if next_is_line => Head::Circle,
        Some('x') if next_is_line => Head::Cross,
        _ => return None,
    };
    cursor.bump();
    Some(head)
}

/// `>`, or `o` / `x` not followed by a word character (so `--x B` is a cross, `--xyz` is not).
fn end_marker(cursor: &mut Cursor) -> Option<Head> {
    let boundary = !cursor.peek_at(1).is_some_and(super::cursor::is_word_char);
    let head = match cursor.peek() {
        Some('>') => Head::Arrow,
        Some('o') if boundary => Head::Circle,
        Some('x') if boundary => Head::Cross,
        _ => return None,
    };
    cursor.bump();
    Some(head)
}

/// `-- text -->`, `-. text .->`, `== text ==>`: the text runs to the closing operator.
fn label_form(cursor: &mut Cursor) -> Result<Option<(Arrow, Option<String>)>, &'static str> {
    let (closers, dashed, thick): (&[&str], bool, bool) = if cursor.eat("-.") {
        (&[".->", ".-"], true, false)
    } else if cursor.eat("==") {
        (&["==>", "===", "==o", "==x"], false, true)
    } else if cursor.eat("--") {
        (&["-->", "---", "--o", "--x"], false, false)
    } else {
        return Ok(None);
    };
    let text_start = cursor.pos;
    let line_end = cursor
        .rest()
        .find('\n')
        .map_or(cursor.src.len(), |i| cursor.pos + i);
    let line = &cursor.src[text_start..line_end];
    let found = closers
        .iter()
        .filter_map(|c| line.find(c).map(|i| (i, *c)))
        .min_by_key(|(i, c)| (*i, std::cmp::Reverse(c.len())));
    let Some((at, closer)) = found else {
        return Err("the rest of the link: `-->`, `---`, `.->` or `==>` after its text");
    };
    let label = line[..at].trim().trim_matches('"').to_string();
    cursor.pos = text_start + at + closer.len();
    // Longer closers (`--->`) read the same.
    while matches!(cursor.peek(), Some('-' | '=' | '.')) {
        cursor.bump();
    }
    let mut end = None;
    if closer.ends_with(['>', 'o', 'x']) {
        end = Some(match closer.chars().last() {
            Some('o') => Head::Circle,
            Some('x') => Head::Cross,
            _ => Head::Arrow,
        });
    } else if let Some(h) = end_marker(cursor) {
        end = Some(h);
    }
    Ok(Some((
        Arrow {
            ends: if end.is_some() {
                Ends::Forward
            } else {
                Ends::None
            },
            head: end.unwrap_or(Head::Arrow),
            dashed,
            thick,
            invisible: false,
        },
        Some(label).filter(|l| !l.is_empty()),
    )))
}
