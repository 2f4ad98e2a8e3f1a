//! Model: parsed statements -> [`Sequence`]: participants in column order (declared first, then
//! created on first use, as Mermaid does), and the rows drawn top to bottom. Checks what the parser
//! cannot see line by line: blocks opened and closed in order, dividers inside the right block,
//! boxes not nested, activations balanced.

use super::parse::{Arrow, BlockKind, Placement, Statement};
use super::text::lines;
use crate::diagram::mermaid::accent;
use crate::diagram::model::Accent;
use crate::diagram::syntax::Spanned;
use crate::diagram::{Finding, Severity, Span};

#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub id: String,
    /// Label lines (`<br>` splits them).
    pub label: Vec<String>,
    pub actor: bool,
    /// `@{ "type": "database" }`: drawn as a cylinder.
    pub database: bool,
    /// Index into [`Sequence::boxes`].
    pub group: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub title: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub from: usize,
    pub to: usize,
    pub arrow: Arrow,
    pub text: Vec<String>,
    pub number: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Message(Message),
    Note {
        placement: Placement,
        /// One participant, or two for a note over both (left one first).
        over: Vec<usize>,
        text: Vec<String>,
    },
    BlockStart {
        kind: BlockKind,
        label: Vec<String>,
        /// A `rect`'s colour, as the nearest theme accent (so it has a light and a dark value).
        accent: Option<Accent>,
    },
    Divider {
        keyword: &'static str,
        label: Vec<String>,
    },
    BlockEnd,
    Activate(usize),
    Deactivate(usize),
    /// `create participant`: the participant's box is drawn here, its lifeline starts below it.
    Create(usize),
    /// `destroy`: the participant's lifeline ends, with a cross, at the next message.
    Destroy(usize),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sequence {
    pub title: Option<String>,
    pub participants: Vec<Participant>,
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
    /// What was read but not drawn as written (`M003`, `M004`); the diagram still renders.
    pub warnings: Vec<Finding>,
}

impl Sequence {
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.rows.iter().filter_map(|row| match row {
            Row::Message(m) => Some(m),
            _ => None,
        })
    }
}

/// Whether the `sequenceDiagram` header line must come first (a ```` ```mermaid ```` fence) or may
/// be left out (a ```` ```sequence ```` fence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    Required,
    Optional,
}

fn error(span: Span, message: impl Into<String>, help: Option<&str>) -> Finding {
    Finding {
        severity: Severity::Error,
        code: "E-sequence".to_string(),
        message: message.into(),
        span,
        labels: Vec::new(),
        help: help.map(str::to_string),
    }
}

/// One participant declaration, as the parser read it.
struct Declared<'a> {
    id: &'a Spanned<String>,
    alias: Option<&'a Spanned<String>>,
    actor: bool,
    kind: Option<&'a Spanned<String>>,
    create: bool,
}

struct Builder {
    sequence: Sequence,
    errors: Vec<Finding>,
    /// Open blocks: kind and the span of the line that opened them.
    blocks: Vec<(BlockKind, Span)>,
    open_box: Option<(usize, Span)>,
    /// How many times each participant is active.
    active: Vec<u32>,
    numbering: Option<(u32, u32)>,
    /// A `create` or `destroy` waiting for its message: participant, keyword, span of its line.
    pending: Option<(usize, &'static str, Span)>,
    /// `link`/`links` lines, and participant types drawn as a plain box.
    links: Vec<Span>,
    plain_types: Vec<(Span, String)>,
}

impl Builder {
    fn participant(&mut self, name: &Spanned<String>) -> usize {
        if let Some(i) = self
            .sequence
            .participants
            .iter()
            .position(|p| p.id == name.value)
        {
            return i;
        }
        self.sequence.participants.push(Participant {
            id: name.value.clone(),
            label: lines(&name.value),
            actor: false,
            database: false,
            group: None,
        });
        self.active.push(0);
        self.sequence.participants.len() - 1
    }

    fn declare(&mut self, declared: Declared, span: Span) {
        let Declared {
            id,
            alias,
            actor,
            kind,
            create,
        } = declared;
        let known = self.sequence.participants.iter().any(|p| p.id == id.value);
        if create && known {
            self.errors.push(error(
                id.span,
                format!(
                    "`{}` already exists; `create` must come before its first use",
                    id.value
                ),
                None,
            ));
            return;
        }
        let index = self.participant(id);
        if create {
            self.sequence.rows.push(Row::Create(index));
            self.pending = Some((index, "create", span));
        }
        let participant = &mut self.sequence.participants[index];
        if let Some(alias) = alias {
            participant.label = lines(&alias.value);
        }
        participant.actor |= actor;
        if let Some(kind) = kind {
            match kind.value.to_ascii_lowercase().as_str() {
                "participant" => {}
                "actor" => participant.actor = true,
                "database" => participant.database = true,
                other => self.plain_types.push((kind.span, other.to_string())),
            }
        }
        if let Some((group, _)) = self.open_box {
            if known && participant.group != Some(group) {
                self.errors.push(error(
                    id.span,
                    format!(
                        "`{}` is already drawn outside this box; declare it inside the box first",
                        id.value
                    ),
                    None,
                ));
            }
            participant.group = Some(group);
        }
    }

    /// A `create` or `destroy` must be followed by a message to or from its participant.
    fn settle_pending(&mut self, statement: &Statement) {
        let Some((p, keyword, span)) = self.pending else {
            return;
        };
        if matches!(statement, Statement::Header | Statement::Autonumber(_)) {
            return;
        }
        let id = &self.sequence.participants[p].id;
        let involved =
            matches!(statement, Statement::Message(m) if m.from.value == *id || m.to.value == *id);
        let again = matches!(
            statement,
            Statement::Destroy(_) | Statement::Participant { create: true, .. }
        );
        if !involved && !again {
            self.errors.push(error(
                span,
                format!("`{keyword}` must be followed by a message to or from `{id}`"),
                Some(
                    &format!("for example `{keyword} participant B` then `A->>B: hello`")
                        .replace("destroy participant", "destroy"),
                ),
            ));
        }
        if !again || involved {
            self.pending = None;
        }
    }

    fn statement(&mut self, statement: &Spanned<Statement>) {
        let span = statement.span;
        self.settle_pending(&statement.value);
        match &statement.value {
            Statement::Header => {}
            Statement::Title(title) => self.sequence.title = Some(title.value.clone()),
            Statement::Autonumber(numbering) => self.numbering = *numbering,
            Statement::Participant {
                id,
                alias,
                actor,
                kind,
                create,
            } => self.declare(
                Declared {
                    id,
                    alias: alias.as_ref(),
                    actor: *actor,
                    kind: kind.as_ref(),
                    create: *create,
                },
                span,
            ),
            Statement::Destroy(name) => {
                let p = self.participant(name);
                self.sequence.rows.push(Row::Destroy(p));
                self.pending = Some((p, "destroy", span));
            }
            Statement::Link(keyword) => self.links.push(keyword.span),
            Statement::BoxStart(title) => self.box_start(title.as_ref(), span),
            Statement::Activate(name) => {
                let p = self.participant(name);
                self.active[p] += 1;
                self.sequence.rows.push(Row::Activate(p));
            }
            Statement::Deactivate(name) => {
                let p = self.participant(name);
                self.deactivate(p, name.span);
            }
            Statement::Note {
                placement,
                over,
                text,
            } => {
                let mut over: Vec<usize> = over.iter().map(|n| self.participant(n)).collect();
                over.sort_unstable();
                over.dedup();
                self.sequence.rows.push(Row::Note {
                    placement: *placement,
                    over,
                    text: lines(&text.value),
                });
            }
            Statement::BlockStart(kind, label) => {
                if self.open_box.is_some() {
                    self.errors.push(error(
                        span,
                        "a box holds only participants; close it with `end` first",
                        None,
                    ));
                    return;
                }
                self.blocks.push((*kind, span));
                let accent = (*kind == BlockKind::Rect)
                    .then(|| accent(label.value.trim()))
                    .flatten();
                self.sequence.rows.push(Row::BlockStart {
                    kind: *kind,
                    label: lines(&label.value),
                    accent,
                });
            }
            Statement::Divider(keyword, label) => self.divider(keyword, label, span),
            Statement::End => self.end(span),
            Statement::Message(m) => self.message(m),
        }
    }

    fn box_start(&mut self, title: Option<&Spanned<String>>, span: Span) {
        if let Some((_, open)) = self.open_box {
            let mut e = error(span, "boxes cannot be nested", None);
            e.labels.push((open, "this box is still open".to_string()));
            self.errors.push(e);
            return;
        }
        if !self.blocks.is_empty() || !self.sequence.rows.is_empty() {
            self.errors.push(error(
                span,
                "a box must come before the first message, note or block",
                None,
            ));
            return;
        }
        let title = title.map(|t| without_colour(&t.value)).unwrap_or_default();
        self.sequence.groups.push(Group {
            title: lines(title),
        });
        self.open_box = Some((self.sequence.groups.len() - 1, span));
    }

    fn deactivate(&mut self, p: usize, span: Span) {
        if self.active[p] == 0 {
            self.errors.push(error(
                span,
                format!("`{}` is not active here", self.sequence.participants[p].id),
                Some("`deactivate` (or `-` after an arrow) must follow an `activate` (or `+`)"),
            ));
            return;
        }
        self.active[p] -= 1;
        self.sequence.rows.push(Row::Deactivate(p));
    }

    fn divider(&mut self, keyword: &'static str, label: &Spanned<String>, span: Span) {
        let fits = self
            .blocks
            .last()
            .is_some_and(|(kind, _)| kind.divider() == Some(keyword));
        if !fits {
            let parent = match keyword {
                "else" => "alt",
                "and" => "par",
                _ => "critical",
            };
            self.errors.push(error(
                span,
                format!("`{keyword}` outside an `{parent}` block"),
                Some(&format!("`{keyword}` divides an `{parent}` block: `{parent} ...`, `{keyword} ...`, `end`")),
            ));
            return;
        }
        self.sequence.rows.push(Row::Divider {
            keyword,
            label: lines(&label.value),
        });
    }

    fn end(&mut self, span: Span) {
        if self.open_box.take().is_some() {
            return;
        }
        if self.blocks.pop().is_none() {
            self.errors.push(error(
                span,
                "`end` without an open block",
                Some("`end` closes a `loop`, `alt`, `opt`, `par`, `critical`, `break`, `rect` or `box`"),
            ));
            return;
        }
        self.sequence.rows.push(Row::BlockEnd);
    }

    fn message(&mut self, m: &super::parse::Message) {
        let from = self.participant(&m.from);
        let to = self.participant(&m.to);
        let number = self.numbering.map(|(next, step)| {
            self.numbering = Some((next.saturating_add(step), step));
            next
        });
        self.sequence.rows.push(Row::Message(Message {
            from,
            to,
            arrow: m.arrow.value,
            text: lines(&m.text.value),
            number,
        }));
        if m.activate {
            self.active[to] += 1;
            self.sequence.rows.push(Row::Activate(to));
        }
        if m.deactivate {
            self.deactivate(from, m.arrow.span);
        }
    }
}

impl Builder {
    /// One warning per kind of thing read but not drawn as written.
    fn warnings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(first) = self.links.first() {
            out.push(Finding {
                severity: Severity::Warning,
                code: "M003".to_string(),
                message: format!(
                    "participant menus (`link`, `links`) are not drawn ({} in this diagram)",
                    self.links.len()
                ),
                span: *first,
                labels: Vec::new(),
                help: Some(
                    "a static page has no popup menu; link to those pages from the text instead"
                        .to_string(),
                ),
            });
        }
        if let Some((first, _)) = self.plain_types.first() {
            let mut types: Vec<&str> = self.plain_types.iter().map(|(_, t)| t.as_str()).collect();
            types.sort_unstable();
            types.dedup();
            out.push(Finding {
                severity: Severity::Warning,
                code: "M004".to_string(),
                message: format!(
                    "participant type drawn as a plain box: {}",
                    types.join(", ")
                ),
                span: *first,
                labels: Vec::new(),
                help: Some(
                    "`actor` and `database` have their own symbol; other types are boxes"
                        .to_string(),
                ),
            });
        }
        out
    }
}

/// CSS colour names Mermaid accepts at the start of a `box` line; the colour itself is not copied
/// (it would not follow the dark theme): every box gets the theme's group colour.
const COLOURS: [&str; 24] = [
    "transparent",
    "aqua",
    "black",
    "blue",
    "fuchsia",
    "gray",
    "grey",
    "green",
    "lime",
    "maroon",
    "navy",
    "olive",
    "orange",
    "purple",
    "red",
    "silver",
    "teal",
    "white",
    "yellow",
    "lightblue",
    "lightgreen",
    "lightgrey",
    "lightyellow",
    "pink",
];

fn without_colour(title: &str) -> &str {
    let trimmed = title.trim();
    let lower = trimmed.to_ascii_lowercase();
    let functional = ["rgb(", "rgba(", "hsl(", "hsla("]
        .iter()
        .any(|f| lower.starts_with(f));
    if functional {
        return match trimmed.find(')') {
            Some(close) => trimmed[close + 1..].trim(),
            None => "",
        };
    }
    let (first, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
    let first = first.to_ascii_lowercase();
    if first.starts_with('#') || COLOURS.contains(&first.as_str()) {
        rest.trim()
    } else {
        trimmed
    }
}

/// Builds the model, or returns every error found. `source_len` places the errors that belong at the
/// end of the text (a block never closed points at its opening line instead).
pub fn build(statements: &[Spanned<Statement>], header: Header) -> Result<Sequence, Vec<Finding>> {
    let mut builder = Builder {
        sequence: Sequence::default(),
        errors: Vec::new(),
        blocks: Vec::new(),
        open_box: None,
        active: Vec::new(),
        numbering: None,
        pending: None,
        links: Vec::new(),
        plain_types: Vec::new(),
    };
    for (index, statement) in statements.iter().enumerate() {
        let is_header = statement.value == Statement::Header;
        if is_header && index > 0 {
            builder.errors.push(error(
                statement.span,
                "`sequenceDiagram` must be the first line",
                None,
            ));
        }
        if index == 0 && !is_header && header == Header::Required {
            builder.errors.push(error(
                statement.span,
                "expected `sequenceDiagram` as the first line",
                None,
            ));
        }
        builder.statement(statement);
    }
    if let Some((_, span)) = builder.open_box {
        builder.errors.push(error(
            span,
            "this `box` is never closed: expected `end`",
            None,
        ));
    }
    for (kind, span) in builder.blocks.iter().rev() {
        builder.errors.push(error(
            *span,
            format!(
                "this `{}` block is never closed: expected `end`",
                kind.keyword()
            ),
            None,
        ));
    }
    if builder.errors.is_empty() && builder.sequence.participants.is_empty() {
        let span = statements.first().map(|s| s.span).unwrap_or_default();
        builder.errors.push(error(
            span,
            "a sequence diagram needs at least one participant or message",
            Some("for example `Alice->>Bob: Hello`"),
        ));
    }
    if let Some((p, keyword, span)) = builder.pending {
        let id = &builder.sequence.participants[p].id;
        builder.errors.push(error(
            span,
            format!("`{keyword}` must be followed by a message to or from `{id}`"),
            None,
        ));
    }
    builder.sequence.warnings = builder.warnings();
    // Activations left open at the end are simply drawn to the bottom, as Mermaid does.
    if builder.errors.is_empty() {
        Ok(builder.sequence)
    } else {
        builder.errors.sort_by_key(|e| e.span.start);
        Err(builder.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_str(source: &str) -> Result<Sequence, Vec<Finding>> {
        let (statements, errors) = super::super::parse::parse(source);
        assert!(errors.is_empty(), "{errors:?}");
        build(&statements, Header::Optional)
    }

    #[test]
    fn participants_come_in_declaration_then_use_order() {
        let s = build_str("participant B\nA->>B: hi\nC-->>A: yo\n").unwrap();
        let ids: Vec<&str> = s.participants.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["B", "A", "C"]);
        assert_eq!(s.messages().count(), 2);
    }

    #[test]
    fn blocks_must_balance() {
        let errors = build_str("loop x\nA->>B: hi\n").unwrap_err();
        assert!(errors[0].message.contains("`loop` block is never closed"));
        let errors = build_str("A->>B: hi\nend\n").unwrap_err();
        assert_eq!(errors[0].message, "`end` without an open block");
        let errors = build_str("A->>B: hi\nelse no\n").unwrap_err();
        assert_eq!(errors[0].message, "`else` outside an `alt` block");
    }

    #[test]
    fn activations_must_balance() {
        assert!(build_str("A->>+B: hi\nB-->>-A: ok\n").is_ok());
        let errors = build_str("A->>B: hi\nB-->>-A: ok\n").unwrap_err();
        assert_eq!(errors[0].message, "`B` is not active here");
    }

    #[test]
    fn box_colours_are_dropped_from_titles() {
        assert_eq!(without_colour("Purple Alice & John"), "Alice & John");
        assert_eq!(without_colour("rgb(33,66,99) Backend"), "Backend");
        assert_eq!(without_colour("Backend services"), "Backend services");
    }

    #[test]
    fn autonumber_counts_messages() {
        let s = build_str("autonumber 10 5\nA->>B: a\nB->>A: b\n").unwrap();
        let numbers: Vec<Option<u32>> = s.messages().map(|m| m.number).collect();
        assert_eq!(numbers, [Some(10), Some(15)]);
    }
}
