//! Parse: Mermaid `sequenceDiagram` text -> [`Statement`]s with byte spans, one per line.
//!
//! The language is line based, so the parser is too: each line is one statement, `%%` starts a
//! comment line, and a broken line gives one error and parsing resumes at the next. Keywords are
//! matched case-insensitively, as Mermaid does. Never panics, whatever the input.

use crate::diagram::syntax::Spanned;
use crate::diagram::{Finding, Severity, Span};

/// How a message line is drawn (`-` solid, `--` dotted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Solid,
    Dotted,
}

/// What the end of a message arrow looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// `->`: no arrowhead.
    None,
    /// `->>`: a filled arrowhead.
    Filled,
    /// `-x`: a cross (the message is lost or refused).
    Cross,
    /// `-)`: an open arrowhead (asynchronous).
    Open,
    /// `<<->>`: filled heads at both ends.
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrow {
    pub line: Line,
    pub head: Head,
}

/// Mermaid's arrows, longest first so `-->>` is not read as `-->`.
const ARROWS: [(&str, Line, Head); 10] = [
    ("<<-->>", Line::Dotted, Head::Both),
    ("<<->>", Line::Solid, Head::Both),
    ("-->>", Line::Dotted, Head::Filled),
    ("->>", Line::Solid, Head::Filled),
    ("-->", Line::Dotted, Head::None),
    ("--x", Line::Dotted, Head::Cross),
    ("--)", Line::Dotted, Head::Open),
    ("->", Line::Solid, Head::None),
    ("-x", Line::Solid, Head::Cross),
    ("-)", Line::Solid, Head::Open),
];

/// The arrows, as listed in error messages.
pub const ARROW_LIST: &str = "`->`, `->>`, `-->`, `-->>`, `-x`, `--x`, `-)`, `--)` or `<<->>`";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    LeftOf,
    RightOf,
    Over,
}

/// The blocks that group messages; `else`, `and` and `option` divide the first three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Loop,
    Alt,
    Opt,
    Par,
    Critical,
    Break,
    Rect,
}

impl BlockKind {
    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::Loop => "loop",
            BlockKind::Alt => "alt",
            BlockKind::Opt => "opt",
            BlockKind::Par => "par",
            BlockKind::Critical => "critical",
            BlockKind::Break => "break",
            BlockKind::Rect => "rect",
        }
    }

    /// The keyword that divides this block into sections, if any.
    pub fn divider(self) -> Option<&'static str> {
        match self {
            BlockKind::Alt => Some("else"),
            BlockKind::Par => Some("and"),
            BlockKind::Critical => Some("option"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub from: Spanned<String>,
    pub arrow: Spanned<Arrow>,
    /// `+` after the arrow: the target becomes active.
    pub activate: bool,
    /// `-` after the arrow: the sender stops being active.
    pub deactivate: bool,
    pub to: Spanned<String>,
    pub text: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `sequenceDiagram`.
    Header,
    Title(Spanned<String>),
    /// `autonumber`, `autonumber off`, `autonumber 10 5` (start, step).
    Autonumber(Option<(u32, u32)>),
    Participant {
        id: Spanned<String>,
        alias: Option<Spanned<String>>,
        actor: bool,
        /// The `"type"` of `participant A@{ "type": "database" }`, as written.
        kind: Option<Spanned<String>>,
        /// `create participant A`: A appears where the next message creates it.
        create: bool,
    },
    /// `destroy A`: A's lifeline ends at the next message.
    Destroy(Spanned<String>),
    /// `link A: ...` or `links A: {...}`: a participant's menu, not drawn (the span is the keyword).
    Link(Spanned<String>),
    BoxStart(Option<Spanned<String>>),
    Activate(Spanned<String>),
    Deactivate(Spanned<String>),
    Note {
        placement: Placement,
        over: Vec<Spanned<String>>,
        text: Spanned<String>,
    },
    BlockStart(BlockKind, Spanned<String>),
    /// `else`, `and` or `option` with its label; the `&str` is the keyword as Mermaid spells it.
    Divider(&'static str, Spanned<String>),
    End,
    Message(Message),
}

/// Errors and statements of one source; each statement carries the span of its whole line.
pub fn parse(source: &str) -> (Vec<Spanned<Statement>>, Vec<Finding>) {
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    let mut front_matter = FrontMatter::new(source);
    for raw in source.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let was_inside = front_matter.inside;
        if let Some(title) = front_matter.line(line, start) {
            statements.push(Spanned {
                span: title.span,
                value: Statement::Title(title),
            });
            continue;
        }
        if was_inside || front_matter.inside {
            continue;
        }
        let cursor = Cursor::new(line, start);
        if cursor.rest().is_empty() || cursor.rest().starts_with("%%") {
            continue;
        }
        let span = cursor.span_of(cursor.rest());
        match statement(cursor) {
            Ok(value) => statements.push(Spanned { value, span }),
            Err(error) => errors.push(error),
        }
    }
    (statements, errors)
}

/// Mermaid's `---` front matter at the very top: only `title:` is read, the rest is skipped.
struct FrontMatter {
    inside: bool,
    seen_any: bool,
}

impl FrontMatter {
    fn new(source: &str) -> Self {
        FrontMatter {
            inside: false,
            seen_any: source.trim_start().is_empty(),
        }
    }

    fn line(&mut self, line: &str, start: usize) -> Option<Spanned<String>> {
        let trimmed = line.trim();
        if !self.seen_any && !trimmed.is_empty() {
            self.seen_any = true;
            if trimmed == "---" {
                self.inside = true;
                return None;
            }
        }
        if !self.inside {
            return None;
        }
        if trimmed == "---" {
            self.inside = false;
            return None;
        }
        let value = trimmed.strip_prefix("title:")?.trim();
        let at = start + line.find(value).unwrap_or(0);
        Some(Spanned {
            value: value.trim_matches('"').to_string(),
            span: Span {
                start: at,
                end: at + value.len(),
            },
        })
    }
}

/// The unread part of one line and where it sits in the source.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    text: &'a str,
    /// Offset in the source of `text[0]`.
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(line: &'a str, at: usize) -> Self {
        let trimmed = line.trim_start();
        Cursor {
            text: trimmed.trim_end(),
            at: at + (line.len() - trimmed.len()),
        }
    }

    fn rest(&self) -> &'a str {
        self.text
    }

    /// The span of `part`, which must be a slice of this cursor's text.
    fn span_of(&self, part: &str) -> Span {
        let start = self.at + (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        Span {
            start,
            end: start + part.len(),
        }
    }

    fn spanned(&self, part: &str) -> Spanned<String> {
        Spanned {
            value: part.to_string(),
            span: self.span_of(part),
        }
    }

    /// Splits off the first word; the cursor moves past it and the spaces after it.
    fn word(self) -> (&'a str, Cursor<'a>) {
        let end = self
            .text
            .find(char::is_whitespace)
            .unwrap_or(self.text.len());
        let (word, rest) = self.text.split_at(end);
        let trimmed = rest.trim_start();
        let skipped = end + (rest.len() - trimmed.len());
        (
            word,
            Cursor {
                text: trimmed,
                at: self.at + skipped,
            },
        )
    }

    fn skip(self, bytes: usize) -> Cursor<'a> {
        let rest = &self.text[bytes..];
        let trimmed = rest.trim_start();
        Cursor {
            text: trimmed,
            at: self.at + bytes + (rest.len() - trimmed.len()),
        }
    }

    fn error(&self, part: &str, message: impl Into<String>, help: Option<&str>) -> Finding {
        let mut span = self.span_of(part);
        if span.start == span.end {
            // Point at something: the end of the line is shown as one column.
            span.end = span.start;
        }
        Finding {
            severity: Severity::Error,
            code: "E-sequence-syntax".to_string(),
            message: message.into(),
            span,
            labels: Vec::new(),
            help: help.map(str::to_string),
        }
    }
}

fn statement(cursor: Cursor) -> Result<Statement, Finding> {
    let (word, rest) = cursor.word();
    let keyword = word.to_ascii_lowercase();
    let label = |rest: Cursor| rest.spanned(rest.rest());
    match keyword.as_str() {
        "sequencediagram" if rest.rest().is_empty() => Ok(Statement::Header),
        "title" | "title:" => Ok(Statement::Title(label(rest))),
        "autonumber" => autonumber(rest),
        "participant" | "actor" => participant(rest, keyword == "actor", word, false),
        "create" => create(rest),
        "destroy" => Ok(Statement::Destroy(name(rest, word)?)),
        "link" | "links" if rest.rest().contains(':') => Ok(Statement::Link(cursor.spanned(word))),
        "box" => Ok(Statement::BoxStart(
            Some(label(rest)).filter(|l| !l.value.is_empty()),
        )),
        "activate" => Ok(Statement::Activate(name(rest, word)?)),
        "deactivate" => Ok(Statement::Deactivate(name(rest, word)?)),
        "note" => note(rest),
        "loop" => Ok(Statement::BlockStart(BlockKind::Loop, label(rest))),
        "alt" => Ok(Statement::BlockStart(BlockKind::Alt, label(rest))),
        "opt" => Ok(Statement::BlockStart(BlockKind::Opt, label(rest))),
        "par" => Ok(Statement::BlockStart(BlockKind::Par, label(rest))),
        "critical" => Ok(Statement::BlockStart(BlockKind::Critical, label(rest))),
        "break" => Ok(Statement::BlockStart(BlockKind::Break, label(rest))),
        "rect" => Ok(Statement::BlockStart(BlockKind::Rect, label(rest))),
        "else" => Ok(Statement::Divider("else", label(rest))),
        "and" => Ok(Statement::Divider("and", label(rest))),
        "option" => Ok(Statement::Divider("option", label(rest))),
        "end" if rest.rest().is_empty() => Ok(Statement::End),
        _ => message(cursor),
    }
}

fn autonumber(rest: Cursor) -> Result<Statement, Finding> {
    let text = rest.rest();
    if text.is_empty() {
        return Ok(Statement::Autonumber(Some((1, 1))));
    }
    if text.eq_ignore_ascii_case("off") {
        return Ok(Statement::Autonumber(None));
    }
    let numbers: Vec<Option<u32>> = text.split_whitespace().map(|n| n.parse().ok()).collect();
    match numbers.as_slice() {
        [Some(start)] => Ok(Statement::Autonumber(Some((*start, 1)))),
        [Some(start), Some(step)] => Ok(Statement::Autonumber(Some((*start, *step)))),
        _ => Err(rest.error(
            text,
            "expected `autonumber`, `autonumber off` or `autonumber START STEP`",
            None,
        )),
    }
}

fn name(rest: Cursor, keyword: &str) -> Result<Spanned<String>, Finding> {
    if rest.rest().is_empty() {
        return Err(rest.error(
            rest.rest(),
            format!("expected a participant name after `{keyword}`"),
            None,
        ));
    }
    Ok(rest.spanned(rest.rest()))
}

/// `create participant A` or `create actor A as Label`.
fn create(rest: Cursor) -> Result<Statement, Finding> {
    let (word, after) = rest.word();
    match word.to_ascii_lowercase().as_str() {
        "participant" | "actor" => {
            participant(after, word.eq_ignore_ascii_case("actor"), word, true)
        }
        _ => Err(rest.error(
            word,
            "expected `participant` or `actor` after `create`",
            Some("for example `create participant Carl`"),
        )),
    }
}

/// `participant A`, `participant A as Label`, `participant A@{ "type": "database" }`.
fn participant(
    rest: Cursor,
    actor: bool,
    keyword: &str,
    create: bool,
) -> Result<Statement, Finding> {
    if let Some((id, kind, alias)) = metadata(rest)? {
        return Ok(Statement::Participant {
            id: name(id, keyword)?,
            alias,
            actor,
            kind,
            create,
        });
    }
    let kind = None;
    let id = name(rest, keyword)?;
    let text = rest.rest();
    let alias_at = text
        .match_indices(" as ")
        .next()
        .or_else(|| text.match_indices("\tas ").next());
    let Some((at, _)) = alias_at else {
        return Ok(Statement::Participant {
            id,
            alias: None,
            actor,
            kind,
            create,
        });
    };
    let id_text = text[..at].trim_end();
    let alias = rest.skip(at + 4);
    if alias.rest().is_empty() {
        return Err(alias.error(alias.rest(), "expected a label after `as`", None));
    }
    Ok(Statement::Participant {
        id: rest.spanned(id_text),
        alias: Some(alias.spanned(alias.rest())),
        actor,
        kind,
        create,
    })
}

/// `A@{ "type": "database", "alias": "Orders" }` -> the id's cursor, the type and the alias, when
/// the line carries metadata; nothing may follow the closing `}`.
type Metadata<'a> = (Cursor<'a>, Option<Spanned<String>>, Option<Spanned<String>>);

fn metadata<'a>(rest: Cursor<'a>) -> Result<Option<Metadata<'a>>, Finding> {
    let text = rest.rest();
    let Some(open) = text.find("@{") else {
        return Ok(None);
    };
    let Some(close) = text[open..].find('}').map(|c| open + c) else {
        return Err(rest.error(
            &text[open..],
            "expected `}` to close the participant's `@{ ... }`",
            Some(r#"for example `participant DB@{ "type": "database" }`"#),
        ));
    };
    let after = text[close + 1..].trim();
    if !after.is_empty() {
        return Err(rest.error(
            after,
            "expected the end of the line after `@{ ... }`",
            Some(r#"give the label inside: `participant DB@{ "type": "database", "alias": "Orders" }`"#),
        ));
    }
    let inside = &text[open + 2..close];
    let field = |key: &str| field(inside, key).map(|v| rest.spanned(v));
    let id = Cursor {
        text: text[..open].trim_end(),
        at: rest.at,
    };
    Ok(Some((id, field("type"), field("alias"))))
}

/// The value of `"key": "value"` (quotes optional) in a participant's metadata.
fn field<'a>(inside: &'a str, key: &str) -> Option<&'a str> {
    let at = inside.find(key)?;
    let after = inside[at + key.len()..].trim_start_matches(['"', '\'', ' ']);
    let value = after.strip_prefix(':')?.trim_start();
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => {
            let body = &value[1..];
            &body[..body.find(quote)?]
        }
        _ => value[..value.find([',', ' ']).unwrap_or(value.len())].trim(),
    };
    Some(value).filter(|v| !v.is_empty())
}

fn note(rest: Cursor) -> Result<Statement, Finding> {
    let text = rest.rest();
    let lower = text.to_ascii_lowercase();
    let (placement, skip) = if lower.starts_with("left of ") {
        (Placement::LeftOf, 8)
    } else if lower.starts_with("right of ") {
        (Placement::RightOf, 9)
    } else if lower.starts_with("over ") {
        (Placement::Over, 5)
    } else {
        let (word, _) = rest.word();
        return Err(rest.error(
            word,
            "expected `left of`, `right of` or `over` after `Note`",
            Some("for example `Note right of Alice: thinks` or `Note over Alice,Bob: both`"),
        ));
    };
    let after = rest.skip(skip);
    let Some(colon) = after.rest().find(':') else {
        return Err(after.error(
            &after.rest()[after.rest().len()..],
            "expected `:` and the note's text",
            None,
        ));
    };
    let names = &after.rest()[..colon];
    let mut over = Vec::new();
    for part in names.split(',') {
        let trimmed = part.trim();
        if trimmed.is_empty() {
            return Err(after.error(part, "expected a participant name", None));
        }
        over.push(after.spanned(trimmed));
    }
    if over.len() > 2 || (over.len() == 2 && placement != Placement::Over) {
        return Err(after.error(
            names,
            "a note sits beside one participant, or over one or two",
            None,
        ));
    }
    let text = after.skip(colon + 1);
    Ok(Statement::Note {
        placement,
        over,
        text: text.spanned(text.rest()),
    })
}

/// Where the arrow of a message line starts: the first place, before the text's `:`, where one of
/// Mermaid's arrows begins, so a name may hold a `-` that starts no arrow (`mkdocs-material ->> fork`),
/// as Mermaid's own lexer allows. With no arrow at all, the first arrow-like character, so the error
/// can point at what was written instead (`=>>`, a lone `-`).
fn arrow_at(text: &str) -> Option<usize> {
    let head = text.find(':').map_or(text, |colon| &text[..colon]);
    head.char_indices()
        .map(|(i, _)| i)
        .find(|&i| {
            ARROWS
                .iter()
                .any(|(token, _, _)| head[i..].starts_with(token))
        })
        .or_else(|| head.find(['-', '<', '=', '~', '>']))
}

/// `A->>+B: text`: a sender, an arrow, an optional `+`/`-`, a receiver and an optional text.
fn message(cursor: Cursor) -> Result<Statement, Finding> {
    let text = cursor.rest();
    let Some(at) = arrow_at(text) else {
        let (word, _) = cursor.word();
        return Err(cursor.error(
            word,
            format!("unknown statement `{word}`"),
            Some(
                "expected a message such as `Alice->>Bob: Hello`, or `participant`, `Note`, `loop`, `alt`, `end`...",
            ),
        ));
    };
    let from = text[..at].trim_end();
    if from.is_empty() {
        return Err(cursor.error(
            &text[..at],
            "expected the sender's name before the arrow",
            None,
        ));
    }
    let after = &text[at..];
    let Some((arrow_text, line, head)) = ARROWS
        .iter()
        .find(|(token, _, _)| after.starts_with(token))
        .copied()
    else {
        let end = after
            .find(|c: char| c.is_whitespace() || c.is_alphanumeric())
            .unwrap_or(after.len())
            .max(1);
        let bad = &after[..end.min(after.len())];
        return Err(cursor.error(
            bad,
            format!("unknown arrow `{bad}`: expected {ARROW_LIST}"),
            None,
        ));
    };
    let arrow = Spanned {
        value: Arrow { line, head },
        span: cursor.span_of(&after[..arrow_text.len()]),
    };
    let mut rest = &after[arrow_text.len()..];
    let (activate, deactivate) = match rest.chars().next() {
        Some('+') => (true, false),
        Some('-') => (false, true),
        _ => (false, false),
    };
    if activate || deactivate {
        rest = &rest[1..];
    }
    let (to, text) = match rest.find(':') {
        Some(colon) => (&rest[..colon], &rest[colon + 1..]),
        None => (rest, &rest[rest.len()..]),
    };
    let to_trimmed = to.trim();
    if to_trimmed.is_empty() {
        return Err(cursor.error(
            to,
            format!("expected the receiver's name after `{arrow_text}`"),
            None,
        ));
    }
    Ok(Statement::Message(Message {
        from: cursor.spanned(from),
        arrow,
        activate,
        deactivate,
        to: cursor.spanned(to_trimmed),
        text: cursor.spanned(text.trim()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(source: &str) -> Statement {
        let (statements, errors) = parse(source);
        assert!(errors.is_empty(), "{errors:?}");
        statements.into_iter().next().expect("a statement").value
    }

    #[test]
    fn messages_read_every_arrow() {
        let Statement::Message(m) = one("Alice-->>+Bob: Hi there") else {
            panic!()
        };
        assert_eq!(m.from.value, "Alice");
        assert_eq!(m.to.value, "Bob");
        assert_eq!(m.text.value, "Hi there");
        assert_eq!(m.arrow.value.line, Line::Dotted);
        assert_eq!(m.arrow.value.head, Head::Filled);
        assert!(m.activate);
        assert_eq!(m.arrow.span, Span { start: 5, end: 9 });
        let Statement::Message(m) = one("  A --x B") else {
            panic!()
        };
        assert_eq!(m.arrow.value.head, Head::Cross);
        assert_eq!(m.to.span, Span { start: 8, end: 9 });
    }

    #[test]
    fn participants_notes_and_blocks() {
        assert!(matches!(
            one("actor C as Carol Client"),
            Statement::Participant { actor: true, alias: Some(ref a), .. } if a.value == "Carol Client"
        ));
        let Statement::Note {
            placement, over, ..
        } = one("Note over A,B: text")
        else {
            panic!()
        };
        assert_eq!(placement, Placement::Over);
        assert_eq!(over.len(), 2);
        assert!(matches!(
            one("loop Every minute"),
            Statement::BlockStart(BlockKind::Loop, _)
        ));
        assert_eq!(one("END"), Statement::End);
    }

    #[test]
    fn names_may_hold_a_dash_that_starts_no_arrow() {
        let Statement::Message(m) = one("mkdocs-material ->> fork: fork on GitHub") else {
            panic!()
        };
        assert_eq!(m.from.value, "mkdocs-material");
        assert_eq!(m.to.value, "fork");
        let Statement::Message(m) = one("web-1->>db-primary: a-b -> c") else {
            panic!()
        };
        assert_eq!(m.from.value, "web-1");
        assert_eq!(m.to.value, "db-primary");
        assert_eq!(m.text.value, "a-b -> c");
    }

    #[test]
    fn a_bad_arrow_points_at_itself() {
        let (_, errors) = parse("sequenceDiagram\n  A -> B: ok\n  A - B: bad\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span.start, 33);
        assert!(errors[0].message.starts_with("unknown arrow `-`"));
    }

    #[test]
    fn comments_and_front_matter_are_skipped() {
        let (statements, errors) = parse("---\ntitle: Hi\n---\n%% note\nsequenceDiagram\n");
        assert!(errors.is_empty());
        assert_eq!(statements.len(), 2);
    }
}
