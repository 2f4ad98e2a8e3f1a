//! Flowchart statements -> [`Flowchart`]. One error per broken statement, then reading resumes at
//! the next line, so one typo gives one error. Spans are byte offsets into the diagram source.

use super::arrow;
use super::ast::*;
use super::classes;
use super::cursor::Cursor;
use super::node;
use super::preamble;
use crate::diagram::syntax::{Spanned, syntax_error};
use crate::diagram::{Finding, Span};

/// How deep subgraphs may nest (as `infra` containers).
const MAX_DEPTH: usize = 16;

/// Parses a whole flowchart (front matter, directives and the `flowchart`/`graph` header included).
pub fn parse(source: &str) -> (Flowchart, Vec<Finding>) {
    let mut parser = Parser {
        cursor: Cursor::new(source),
        chart: Flowchart::default(),
        open: Vec::new(),
        errors: Vec::new(),
        closed: 0,
    };
    let pre = preamble::read(source);
    parser.chart.title = pre.title;
    // Comments above the header may carry hints too.
    while parser.cursor.pos < pre.body {
        parser.cursor.skip_blanks();
        if parser.cursor.rest().starts_with("%%") {
            parser.comment();
        } else {
            parser.cursor.skip_line();
        }
    }
    parser.cursor.pos = pre.body;
    parser.header();
    parser.statements();
    for index in parser.open.clone() {
        let id = parser.chart.subgraphs[index].id.span;
        parser.errors.push(syntax_error(
            id,
            "this `subgraph` is never closed: expected `end`",
            None,
        ));
    }
    (parser.chart, parser.errors)
}

struct Parser<'s> {
    cursor: Cursor<'s>,
    chart: Flowchart,
    /// Subgraphs open around the cursor, innermost last.
    open: Vec<usize>,
    errors: Vec<Finding>,
    closed: usize,
}

impl Parser<'_> {
    /// `flowchart TD` / `graph LR` (direction optional, top-down by default).
    fn header(&mut self) {
        let c = &mut self.cursor;
        c.skip_blanks();
        let (found, span) = c.token_here();
        let word = c.take_word().map(|(w, _)| w);
        if !matches!(word, Some("flowchart" | "graph" | "flowchart-elk")) {
            self.errors.push(syntax_error(
                span,
                &format!("expected `flowchart` or `graph`, found {found}"),
                Some("a flowchart starts with `flowchart TD` or `graph LR`"),
            ));
            c.pos = c.src.len();
            return;
        }
        c.skip_blanks();
        if !c.at_statement_end() {
            let (found, span) = c.token_here();
            let direction = c.take_word().map(|(w, _)| w).or_else(|| {
                let one = c.peek().filter(|ch| matches!(ch, '>' | '<' | '^'));
                one.map(|_| {
                    c.bump();
                    &c.src[span.start..span.start + 1]
                })
            });
            match direction.and_then(Flow::parse) {
                Some(flow) => self.chart.flow = flow,
                None => self.errors.push(syntax_error(
                    span,
                    &format!("expected a direction (TD, TB, BT, LR or RL), found {found}"),
                    Some("write `flowchart TD` (top down) or `flowchart LR` (left to right)"),
                )),
            }
        }
        self.end_statement();
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
            } else {
                self.end_statement();
            }
        }
    }

    /// Blank lines, `;` and comments (a `%% kind:` comment is a hint).
    fn skip_separators(&mut self) {
        loop {
            let c = &mut self.cursor;
            while matches!(c.peek(), Some(' ' | '\t' | '\r' | '\n' | ';')) {
                c.bump();
            }
            if c.rest().starts_with("%%") {
                self.comment();
            } else {
                break;
            }
        }
    }

    /// A `%%` comment to the end of the line; `%% kind:` and `%% allow:` are read.
    fn comment(&mut self) {
        let (line, span) = self.cursor.take_line();
        if let Some(hint) = preamble::hint(line, span) {
            self.chart.hints.push(hint);
        }
        self.chart.allow.extend(preamble::allow(line, span));
    }

    /// After a statement: blanks, then a line end, `;` or a comment; anything else is an error.
    fn end_statement(&mut self) {
        self.cursor.skip_blanks();
        if !self.cursor.at_statement_end() {
            let (found, span) = self.cursor.token_here();
            self.errors.push(syntax_error(
                span,
                &format!(
                    "expected a link such as `-->`, `&` or the end of the statement, found {found}"
                ),
                Some("one statement per line, or separate statements with `;`"),
            ));
            self.cursor.skip_line();
        }
    }

    fn statement(&mut self) {
        let save = self.cursor.pos;
        let word = self.cursor.take_word().map(|(w, s)| (w.to_string(), s));
        let keyword_ends = self
            .cursor
            .peek()
            .is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '\r');
        if let Some((word, span)) = word {
            if keyword_ends || word == "end" {
                match word.as_str() {
                    "subgraph" => return self.subgraph(span),
                    "end" if keyword_ends => return self.end(span),
                    "direction" => return self.direction(),
                    "classDef" => return self.class_def(),
                    "class" => return self.class_use(),
                    "style" => return self.style(span),
                    "linkStyle" => return self.link_style(span),
                    "click" => return self.click(span),
                    _ => {}
                }
            }
            if matches!(word.as_str(), "accTitle" | "accDescr") {
                self.cursor.take_line();
                return;
            }
        }
        self.cursor.pos = save;
        self.chain();
    }

    /// `A & B --> C -- text --> D`: groups of nodes joined by links, one link per pair.
    fn chain(&mut self) {
        let Some(mut left) = self.group() else { return };
        loop {
            self.cursor.skip_blanks();
            let op_start = self.cursor.pos;
            let arrow = match arrow::read(&mut self.cursor) {
                Ok(Some(arrow)) => arrow,
                Ok(None) => return,
                Err(expected) => {
                    let span = Span {
                        start: op_start,
                        end: self.cursor.pos.max(op_start + 1).min(self.cursor.src.len()),
                    };
                    self.errors
                        .push(syntax_error(span, &format!("expected {expected}"), None));
                    return;
                }
            };
            self.cursor.skip_blanks();
            let Some(right) = self.group() else {
                if self.errors.is_empty() || self.cursor.at_statement_end() {
                    let (found, span) = self.cursor.token_here();
                    self.errors.push(syntax_error(
                        span,
                        &format!("expected a node after the link, found {found}"),
                        None,
                    ));
                }
                return;
            };
            for from in &left {
                for to in &right {
                    let span = Span {
                        start: from.span.start,
                        end: to.span.end,
                    };
                    self.chart.links.push(Link {
                        from: from.clone(),
                        to: to.clone(),
                        arrow: arrow.0,
                        label: arrow.1.clone(),
                        span,
                    });
                }
            }
            left = right;
        }
    }

    /// `A & B & C` (at least one node).
    fn group(&mut self) -> Option<Vec<Spanned<String>>> {
        let mut ids = vec![self.node()?];
        loop {
            let save = self.cursor.pos;
            self.cursor.skip_blanks();
            if self.cursor.eat("&") {
                self.cursor.skip_blanks();
                ids.push(self.node()?);
            } else {
                self.cursor.pos = save;
                return Some(ids);
            }
        }
    }

    fn node(&mut self) -> Option<Spanned<String>> {
        let Some((id, span)) = self.cursor.take_word() else {
            let (found, span) = self.cursor.token_here();
            self.errors.push(syntax_error(
                span,
                &format!("expected a node id, found {found}"),
                Some("a node id is letters, digits and `_` (e.g. `A`, `api_server`)"),
            ));
            return None;
        };
        let id = Spanned {
            value: id.to_string(),
            span,
        };
        let body = match node::body(&mut self.cursor) {
            Ok(body) => body,
            Err((span, message)) => {
                self.errors.push(syntax_error(span, &message, None));
                return None;
            }
        };
        if let Some(note) = body.ignored {
            self.chart.ignored.push((span, note));
        }
        let classes = node::classes(&mut self.cursor);
        self.chart.mentions.push(Mention {
            id: id.clone(),
            text: body.text,
            shape: body.shape,
            classes,
            subgraph: self.open.last().copied(),
        });
        Some(id)
    }

    /// `subgraph id [title]`, `subgraph id["title"]`, `subgraph "title"` or `subgraph some title`.
    fn subgraph(&mut self, keyword: Span) {
        self.cursor.skip_blanks();
        let (line, line_span) = peek_line(&self.cursor);
        let line = line.split("%%").next().unwrap_or("").trim_end();
        if line.is_empty() {
            self.errors.push(syntax_error(
                keyword,
                "expected a name after `subgraph`",
                Some("e.g. `subgraph api [API tier]`"),
            ));
            return;
        }
        if self.open.len() >= MAX_DEPTH {
            self.errors.push(syntax_error(
                keyword,
                "subgraphs are nested too deeply",
                Some("at most 16 subgraphs inside one another"),
            ));
            return;
        }
        let start = line_span.start;
        let (id, title) = match line.find('[') {
            Some(open) if line.ends_with(']') && open > 0 => {
                let id = line[..open].trim();
                let title = line[open + 1..line.len() - 1].trim().trim_matches('"');
                (
                    Spanned {
                        value: id.to_string(),
                        span: Span {
                            start,
                            end: start + id.len(),
                        },
                    },
                    title.to_string(),
                )
            }
            _ => {
                let title = line.trim_matches('"');
                (
                    Spanned {
                        value: title.to_string(),
                        span: Span {
                            start,
                            end: start + line.len(),
                        },
                    },
                    title.to_string(),
                )
            }
        };
        self.cursor.pos = start + line.len();
        let index = self.chart.subgraphs.len();
        self.chart.mentions.push(Mention {
            id: id.clone(),
            text: None,
            shape: None,
            classes: Vec::new(),
            subgraph: self.open.last().copied(),
        });
        self.chart.subgraphs.push(Subgraph {
            id,
            title,
            parent: self.open.last().copied(),
            closed: usize::MAX,
            direction: None,
        });
        self.open.push(index);
    }

    fn end(&mut self, span: Span) {
        match self.open.pop() {
            Some(index) => {
                self.chart.subgraphs[index].closed = self.closed;
                self.closed += 1;
            }
            None => self.errors.push(syntax_error(
                span,
                "`end` without an open `subgraph`",
                Some("remove it, or open the group with `subgraph name` above"),
            )),
        }
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
        if let Some(index) = self.open.last() {
            self.chart.subgraphs[*index].direction = Some(flow);
        } else {
            self.chart.flow = flow;
        }
    }

    fn class_def(&mut self) {
        if let Some(def) = classes::class_def(&mut self.cursor, &mut self.errors) {
            self.chart.class_defs.push(def);
        }
    }

    fn class_use(&mut self) {
        if let Some(class_use) = classes::class_use(&mut self.cursor, &mut self.errors, "node ids")
        {
            self.chart.class_uses.push(class_use);
        }
    }

    fn style(&mut self, keyword: Span) {
        let Some((nodes, props)) = classes::style(&mut self.cursor, &mut self.errors, "a node id")
        else {
            return;
        };
        for id in nodes {
            self.chart.styles.push(StyleDecl {
                target: StyleTarget::Node(id),
                props: props.clone(),
                span: keyword,
            });
        }
    }

    fn link_style(&mut self, keyword: Span) {
        let Some(words) = classes::expect_words(
            &mut self.cursor,
            &mut self.errors,
            "link numbers or `default`",
        ) else {
            return;
        };
        let target = if words.iter().any(|w| w.value == "default") {
            StyleTarget::AllLinks
        } else {
            let mut numbers = Vec::new();
            for word in &words {
                match word.value.parse::<usize>() {
                    Ok(n) => numbers.push(n),
                    Err(_) => {
                        self.errors.push(syntax_error(
                            word.span,
                            &format!("expected a link number, found `{}`", word.value),
                            Some("links are numbered from 0 in the order they are written"),
                        ));
                        return;
                    }
                }
            }
            StyleTarget::Links(numbers)
        };
        let props = classes::rest_props(&mut self.cursor);
        self.chart.styles.push(StyleDecl {
            target,
            props,
            span: keyword,
        });
    }

    /// `click A href "url" "tooltip" _blank`, `click A "url"`; callbacks are noted and ignored.
    fn click(&mut self, keyword: Span) {
        self.cursor.skip_blanks();
        let Some((node, node_span)) = self.cursor.take_word() else {
            let (found, span) = self.cursor.token_here();
            self.errors.push(syntax_error(
                span,
                &format!("expected a node id after `click`, found {found}"),
                None,
            ));
            return;
        };
        let node = Spanned {
            value: node.to_string(),
            span: node_span,
        };
        self.cursor.skip_blanks();
        if self.cursor.rest().starts_with("href") {
            self.cursor.eat("href");
            self.cursor.skip_blanks();
        }
        let (line, span) = self.cursor.take_line();
        let line = line.split("%%").next().unwrap_or("");
        match quoted(line, span.start) {
            Some(url) => self.chart.clicks.push(Click { node, url }),
            None => self
                .chart
                .ignored
                .push((keyword, "`click` callbacks (JavaScript)".to_string())),
        }
    }
}

fn peek_line<'s>(cursor: &Cursor<'s>) -> (&'s str, Span) {
    let rest = cursor.rest();
    let end = rest.find(['\n', ';']).unwrap_or(rest.len());
    (
        &rest[..end],
        Span {
            start: cursor.pos,
            end: cursor.pos + end,
        },
    )
}

/// The first `"..."` in `line` (which starts at `offset`).
fn quoted(line: &str, offset: usize) -> Option<Spanned<String>> {
    let open = line.find('"')?;
    let close = line[open + 1..].find('"')? + open + 1;
    Some(Spanned {
        value: line[open + 1..close].to_string(),
        span: Span {
            start: offset + open + 1,
            end: offset + close,
        },
    })
}
