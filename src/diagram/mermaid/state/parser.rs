//! State-diagram statements -> [`StateChart`]. Reads a line at a time with the flowchart's
//! [`Cursor`]; one error per broken statement, then reading resumes at the next line, so one typo
//! gives one error. Spans are byte offsets into the diagram source.

use super::ast::*;
use crate::diagram::mermaid::ast::Flow;
use crate::diagram::mermaid::cursor::Cursor;
use crate::diagram::mermaid::{classes, node, preamble, text};
use crate::diagram::syntax::{Spanned, syntax_error};
use crate::diagram::{Finding, Span};

/// How deep composite states may nest (as `infra` containers).
const MAX_DEPTH: usize = 16;

/// Parses a whole state diagram (front matter, directives and the `stateDiagram` header included).
pub fn parse(source: &str) -> (StateChart, Vec<Finding>) {
    let pre = preamble::read(source);
    let mut parser = Parser {
        cursor: Cursor::new(source),
        chart: StateChart {
            title: pre.title,
            ..StateChart::default()
        },
        open: Vec::new(),
        errors: Vec::new(),
    };
    parser.cursor.pos = pre.body;
    parser.header();
    parser.statements();
    for scope in parser.open.clone() {
        let index = scope.composite.unwrap_or_default();
        let id = parser.chart.composites[index].id.span;
        parser.errors.push(syntax_error(
            id,
            "this `state` block is never closed: expected `}`",
            None,
        ));
    }
    (parser.chart, parser.errors)
}

struct Parser<'s> {
    cursor: Cursor<'s>,
    chart: StateChart,
    /// The scopes of the composites open around the cursor, innermost last.
    open: Vec<Scope>,
    errors: Vec<Finding>,
}

/// The id `[*]` stands for in a scope: one start and one end per composite region.
pub fn pseudo_id(chart: &StateChart, scope: Scope, end: bool) -> String {
    let which = if end { "[*]end" } else { "[*]start" };
    match scope.composite {
        None => which.to_string(),
        Some(c) if scope.region == 0 => format!("{}/{which}", chart.composites[c].id.value),
        Some(c) => format!("{}/{}/{which}", chart.composites[c].id.value, scope.region),
    }
}

impl Parser<'_> {
    fn scope(&self) -> Scope {
        self.open.last().copied().unwrap_or_default()
    }

    /// `stateDiagram` or `stateDiagram-v2`.
    fn header(&mut self) {
        let c = &mut self.cursor;
        c.skip_blanks();
        let (found, span) = c.token_here();
        let word = c.take_word().map(|(w, _)| w);
        if !matches!(word, Some("stateDiagram" | "stateDiagram-v2")) {
            self.errors.push(syntax_error(
                span,
                &format!("expected `stateDiagram-v2`, found {found}"),
                Some("a state diagram starts with `stateDiagram-v2`"),
            ));
            c.pos = c.src.len();
            return;
        }
        self.end_statement("the end of the line");
    }

    fn statements(&mut self) {
        loop {
            self.skip_separators();
            if self.cursor.at_end() {
                break;
            }
            let before = self.errors.len();
            self.statement();
            if self.errors.len() > before {
                self.cursor.skip_line();
            }
        }
    }

    /// Blank lines, `;` and `%%` comments.
    fn skip_separators(&mut self) {
        loop {
            let c = &mut self.cursor;
            while matches!(c.peek(), Some(' ' | '\t' | '\r' | '\n' | ';')) {
                c.bump();
            }
            if c.rest().starts_with("%%") {
                c.take_line();
            } else {
                break;
            }
        }
    }

    /// After a statement: blanks, then a line end, `;` or a comment; anything else is an error.
    fn end_statement(&mut self, expected: &str) {
        self.cursor.skip_blanks();
        if !self.cursor.at_statement_end() {
            let (found, span) = self.cursor.token_here();
            self.errors.push(syntax_error(
                span,
                &format!("expected {expected}, found {found}"),
                Some("one statement per line, or separate statements with `;`"),
            ));
        }
    }

    fn statement(&mut self) {
        let c = &mut self.cursor;
        let rest = c.rest();
        if rest.starts_with('}') {
            let span = c.here();
            c.bump();
            self.close(span);
            return self.end_statement("the end of the line after `}`");
        }
        if rest.starts_with("--") && !rest.starts_with("-->") {
            let span = Span {
                start: c.pos,
                end: c.pos + 2,
            };
            c.pos += 2;
            self.region(span);
            return self.end_statement("the end of the line after `--`");
        }
        let save = c.pos;
        if let Some((word, span)) = c.take_word() {
            let ends = c.peek().is_none_or(|ch| " \t\r\n;".contains(ch));
            if ends {
                match word {
                    "state" => return self.state(),
                    "note" => return self.note(span),
                    "direction" => return self.direction(),
                    "classDef" => return self.class_def(),
                    "class" => return self.class_use(),
                    "style" => return self.style(span),
                    "hide" | "scale" | "accTitle" => {
                        c.take_line();
                        return;
                    }
                    "accDescr" => return self.acc_descr(),
                    _ => {}
                }
            }
            if matches!(word, "accTitle" | "accDescr") {
                c.take_line();
                return;
            }
        }
        self.cursor.pos = save;
        self.state_statement();
    }

    /// `a`, `a : text`, `a --> b`, `a --> b : label` (either end may be `[*]`).
    fn state_statement(&mut self) {
        let Some(from) = self.endpoint(false) else {
            return;
        };
        self.cursor.skip_blanks();
        if self.cursor.eat("-->") {
            self.cursor.skip_blanks();
            let Some(to) = self.endpoint(true) else {
                return;
            };
            self.cursor.skip_blanks();
            let label = if self.cursor.eat(":") {
                Some(self.rest_text()).filter(|l| !l.is_empty())
            } else {
                self.end_statement("`:` and a label, or the end of the transition");
                None
            };
            let span = Span {
                start: from.span.start,
                end: to.span.end,
            };
            self.chart.transitions.push(Transition {
                from,
                to,
                label,
                span,
            });
        } else if self.cursor.eat(":") {
            let text = self.rest_text();
            if let Some(mention) = self.chart.mentions.last_mut() {
                mention.description = Some(text).filter(|t| !t.is_empty());
            }
        } else {
            self.end_statement("`-->`, `:` and a description, or the end of the statement");
        }
    }

    /// A state id or `[*]`, with its `:::class` names; records the mention.
    fn endpoint(&mut self, as_target: bool) -> Option<Spanned<String>> {
        let scope = self.scope();
        let start = self.cursor.pos;
        let (id, pseudo) = if self.cursor.eat("[*]") {
            let value = pseudo_id(&self.chart, scope, as_target);
            let pseudo = if as_target {
                Pseudo::End
            } else {
                Pseudo::Start
            };
            (
                Spanned {
                    value,
                    span: Span {
                        start,
                        end: start + 3,
                    },
                },
                Some(pseudo),
            )
        } else {
            let Some((word, span)) = self.cursor.take_word() else {
                let (found, span) = self.cursor.token_here();
                self.errors.push(syntax_error(
                    span,
                    &format!("expected a state id or `[*]`, found {found}"),
                    Some("a state id is letters, digits and `_` (e.g. `Idle`, `s1`)"),
                ));
                return None;
            };
            (
                Spanned {
                    value: word.to_string(),
                    span,
                },
                None,
            )
        };
        let classes = node::classes(&mut self.cursor);
        self.chart.mentions.push(Mention {
            id: id.clone(),
            scope,
            name: None,
            description: None,
            pseudo,
            classes,
        });
        Some(id)
    }

    /// The rest of the line as label text (a `%%` comment ends it).
    fn rest_text(&mut self) -> String {
        let (line, _) = self.cursor.take_line();
        let line = line.split("%%").next().unwrap_or("");
        text::plain(line)
    }

    /// `state X`, `state "Name" as X`, then `{`, `<<choice>>`, `<<fork>>`, `<<join>>`, `: text`.
    fn state(&mut self) {
        self.cursor.skip_blanks();
        let mut name = None;
        if self.cursor.peek() == Some('"') {
            let open = self.cursor.here();
            self.cursor.bump();
            let rest = self.cursor.rest();
            let Some(close) = rest
                .find(['"', '\n'])
                .filter(|i| rest[*i..].starts_with('"'))
            else {
                self.errors.push(syntax_error(
                    open,
                    "this name is never closed: expected `\"`",
                    None,
                ));
                return;
            };
            name = Some(text::plain(&rest[..close]));
            self.cursor.pos += close + 1;
            self.cursor.skip_blanks();
            let (found, span) = self.cursor.token_here();
            let as_word = self.cursor.take_word().map(|(w, _)| w);
            if as_word != Some("as") {
                self.errors.push(syntax_error(
                    span,
                    &format!("expected `as` and a state id, found {found}"),
                    Some("write `state \"Long name\" as s1`"),
                ));
                return;
            }
            self.cursor.skip_blanks();
        }
        let Some(id) = self.endpoint(false) else {
            return;
        };
        if self.chart.mentions.last().and_then(|m| m.pseudo).is_some() {
            self.errors.push(syntax_error(
                id.span,
                "expected a state id after `state`, found `[*]`",
                None,
            ));
            return;
        }
        let mention = self.chart.mentions.len() - 1;
        self.chart.mentions[mention].name = name;
        self.cursor.skip_blanks();
        if self.cursor.rest().starts_with("<<") {
            let (found, span) = self.cursor.token_here();
            let pseudo = [
                ("<<choice>>", Pseudo::Choice),
                ("<<fork>>", Pseudo::Fork),
                ("<<join>>", Pseudo::Join),
            ]
            .into_iter()
            .find(|(word, _)| self.cursor.eat(word));
            match pseudo {
                Some((_, pseudo)) => self.chart.mentions[mention].pseudo = Some(pseudo),
                None => {
                    self.errors.push(syntax_error(
                        span,
                        &format!("expected `<<choice>>`, `<<fork>>` or `<<join>>`, found {found}"),
                        None,
                    ));
                    return;
                }
            }
            return self.end_statement("the end of the line");
        }
        if self.cursor.eat("{") {
            return self.open_composite(id);
        }
        if self.cursor.eat(":") {
            let text = self.rest_text();
            self.chart.mentions[mention].description = Some(text).filter(|t| !t.is_empty());
            return;
        }
        self.end_statement("`{`, `<<choice>>`, `<<fork>>`, `<<join>>` or the end of the line");
    }

    fn open_composite(&mut self, id: Spanned<String>) {
        if self.open.len() >= MAX_DEPTH {
            self.errors.push(syntax_error(
                id.span,
                "composite states are nested too deeply",
                Some("at most 16 composite states inside one another"),
            ));
            return;
        }
        let index = self.chart.composites.len();
        self.chart.composites.push(Composite {
            id,
            scope: self.scope(),
            regions: 1,
            direction: None,
        });
        self.open.push(Scope {
            composite: Some(index),
            region: 0,
        });
        self.end_statement("the end of the line after `{`");
    }

    fn close(&mut self, span: Span) {
        if self.open.pop().is_none() {
            self.errors.push(syntax_error(
                span,
                "`}` without an open `state X {`",
                Some("remove it, or open the composite state with `state Name {` above"),
            ));
        }
    }

    /// `--` between concurrent regions of a composite state.
    fn region(&mut self, span: Span) {
        match self.open.last_mut() {
            Some(scope) => {
                scope.region += 1;
                let index = scope.composite.unwrap_or_default();
                self.chart.composites[index].regions = scope.region + 1;
            }
            None => self.errors.push(syntax_error(
                span,
                "`--` separates concurrent regions, but no composite state is open",
                Some("write `--` between the regions inside `state Name { ... }`"),
            )),
        }
    }

    /// `note left of X : text`, `note right of X` ... `end note`, or `note "text" as N`.
    fn note(&mut self, keyword: Span) {
        let scope = self.scope();
        self.cursor.skip_blanks();
        if self.cursor.peek() == Some('"') {
            let (line, span) = self.cursor.take_line();
            let line = line.split("%%").next().unwrap_or("").trim_end();
            let close = line[1..].find('"').map(|i| i + 1);
            let Some(close) = close else {
                self.errors.push(syntax_error(
                    Span {
                        start: span.start,
                        end: span.start + 1,
                    },
                    "this note text is never closed: expected `\"`",
                    None,
                ));
                return;
            };
            self.chart.notes.push(Note {
                target: None,
                side: Side::Right,
                text: text::plain(&line[1..close]),
                scope,
                span: keyword,
            });
            return;
        }
        let (found, span) = self.cursor.token_here();
        let side = match self.cursor.take_word().map(|(w, _)| w) {
            Some("left") => Side::Left,
            Some("right") => Side::Right,
            _ => {
                self.errors.push(syntax_error(
                    span,
                    &format!("expected `left of` or `right of`, found {found}"),
                    Some("write `note right of State : text`"),
                ));
                return;
            }
        };
        self.cursor.skip_blanks();
        let (found, span) = self.cursor.token_here();
        if self.cursor.take_word().map(|(w, _)| w) != Some("of") {
            self.errors.push(syntax_error(
                span,
                &format!("expected `of`, found {found}"),
                None,
            ));
            return;
        }
        self.cursor.skip_blanks();
        let Some(target) = self.endpoint(false) else {
            return;
        };
        self.cursor.skip_blanks();
        let text = if self.cursor.eat(":") {
            self.rest_text()
        } else {
            let before = self.errors.len();
            self.end_statement("`:` and the note's text, or a line end and `end note`");
            if self.errors.len() > before {
                return;
            }
            self.cursor.skip_line();
            let mut lines = Vec::new();
            loop {
                if self.cursor.at_end() {
                    self.errors.push(syntax_error(
                        keyword,
                        "this note is never closed: expected `end note`",
                        None,
                    ));
                    return;
                }
                let (line, _) = self.cursor.take_line();
                self.cursor.skip_line();
                if line.trim() == "end note" {
                    break;
                }
                lines.push(text::plain(line));
            }
            lines.join("\n")
        };
        self.chart.notes.push(Note {
            target: Some(target),
            side,
            text,
            scope,
            span: keyword,
        });
    }

    fn direction(&mut self) {
        self.cursor.skip_blanks();
        let (found, span) = self.cursor.token_here();
        let flow = self.cursor.take_word().and_then(|(w, _)| Flow::parse(w));
        let Some(flow) = flow else {
            self.errors.push(syntax_error(
                span,
                &format!("expected a direction (TB, TD, BT, LR or RL), found {found}"),
                None,
            ));
            return;
        };
        // Inside a composite Mermaid turns that composite only.
        match self.open.last().and_then(|scope| scope.composite) {
            Some(c) => self.chart.composites[c].direction = Some(flow),
            None => self.chart.flow = flow,
        }
        self.end_statement("the end of the line");
    }

    /// `accDescr: text` (read by the word check) or `accDescr { ... }` over several lines.
    fn acc_descr(&mut self) {
        let (line, _) = self.cursor.take_line();
        if line.trim() == "{" {
            while !self.cursor.at_end() {
                self.cursor.skip_line();
                if self.cursor.rest().trim_start().starts_with('}') {
                    self.cursor.take_line();
                    break;
                }
            }
        }
    }

    fn class_def(&mut self) {
        if let Some(def) = classes::class_def(&mut self.cursor, &mut self.errors) {
            self.chart.class_defs.push(def);
        }
    }

    fn class_use(&mut self) {
        let Some(class_use) = classes::class_use(&mut self.cursor, &mut self.errors, "state ids")
        else {
            return;
        };
        self.chart.class_uses.push(class_use);
        self.end_statement("the end of the line");
    }

    fn style(&mut self, keyword: Span) {
        let Some((states, props)) =
            classes::style(&mut self.cursor, &mut self.errors, "a state id")
        else {
            return;
        };
        for id in states {
            self.chart.styles.push((id, props.clone(), keyword));
        }
    }
}
