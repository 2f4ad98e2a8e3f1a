//! Recursive-descent parser over the token list. Each statement either parses or pushes one error
//! and skips to the end of its line (or the closing brace of its block), so one typo yields one error.

use super::lexer::{Ends, Token, TokenKind, unquote};
use super::{
    Attr, AttrValue, Document, EdgeDecl, NODE_ATTRIBUTES, NodeDecl, NodeRef, PathDecl, Spanned,
    Statement, TOP_LEVEL_SETTINGS, syntax_error,
};
use crate::diagram::suggest::nearest;
use crate::diagram::{Finding, Span};

/// Deeper nesting than this is refused, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 16;

/// Marks a statement that failed; its error has already been pushed.
struct Failed;

type Parsed<T> = Result<T, Failed>;

pub fn parse_tokens(source: &str, tokens: &[Token], errors: &mut Vec<Finding>) -> Document {
    let mut parser = Parser {
        source,
        tokens,
        pos: 0,
        depth: 0,
        errors,
    };
    let mut document = Document::default();
    loop {
        parser.skip_separators();
        match parser.kind(0) {
            TokenKind::Eof => break,
            TokenKind::RBrace => {
                let span = parser.bump().span;
                parser.error(span, "unmatched `}`", None);
            }
            _ => {
                if parser.top_level(&mut document).is_err() {
                    parser.recover();
                }
            }
        }
    }
    document
}

/// What the braces being read belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Node,
    Edge,
}

struct Parser<'a, 'e> {
    source: &'a str,
    tokens: &'a [Token],
    pos: usize,
    depth: usize,
    errors: &'e mut Vec<Finding>,
}

impl Parser<'_, '_> {
    // ----- token access -----

    fn token(&self, ahead: usize) -> Token {
        // The lexer always ends the list with Eof, and `bump` never moves past it.
        let last = self.tokens.len().saturating_sub(1);
        self.tokens[(self.pos + ahead).min(last)]
    }

    fn kind(&self, ahead: usize) -> TokenKind {
        self.token(ahead).kind
    }

    fn text(&self, token: Token) -> &str {
        &self.source[token.span.start..token.span.end]
    }

    fn bump(&mut self) -> Token {
        let token = self.token(0);
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        token
    }

    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .map_or(0, |i| self.tokens[i].span.end)
    }

    fn error(&mut self, span: Span, message: &str, help: Option<&str>) {
        self.errors.push(syntax_error(span, message, help));
    }

    fn fail<T>(&mut self, message: &str, help: Option<&str>) -> Parsed<T> {
        let span = self.token(0).span;
        self.error(span, message, help);
        Err(Failed)
    }

    fn skip_separators(&mut self) {
        while matches!(self.kind(0), TokenKind::Newline | TokenKind::Semi) {
            self.bump();
        }
    }

    /// Skips the rest of a broken statement: to the end of its line, or to the `}` closing the block
    /// it sits in (left for the block to consume). Braces opened on the way are skipped whole.
    fn recover(&mut self) {
        let mut nesting = 0usize;
        loop {
            match self.kind(0) {
                TokenKind::Eof => return,
                TokenKind::Newline | TokenKind::Semi if nesting == 0 => return,
                TokenKind::RBrace if nesting == 0 => return,
                TokenKind::RBrace => nesting -= 1,
                TokenKind::LBrace => nesting += 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn expect_statement_end(&mut self, what: &str) -> Parsed<()> {
        match self.kind(0) {
            TokenKind::Newline | TokenKind::Semi | TokenKind::RBrace | TokenKind::Eof => Ok(()),
            _ => self.fail(
                &format!("unexpected text after {what}"),
                Some("put each statement on its own line or separate them with `;`"),
            ),
        }
    }

    // ----- statements -----

    fn top_level(&mut self, document: &mut Document) -> Parsed<()> {
        let first = self.token(0);
        if first.kind == TokenKind::Word && self.kind(1) == TokenKind::Colon {
            let key = self.text(first).to_string();
            match key.as_str() {
                "title" | "direction" => return self.setting(document, &key),
                "allow" => {
                    self.bump();
                    self.bump();
                    let items = self.list_or_single("allow")?;
                    document.allow.extend(items);
                    return self.expect_statement_end("`allow`");
                }
                "expect" => return self.expect_setting(document),
                "path" => {
                    return self.fail(
                        "a path needs a quoted name",
                        Some("write `path \"Visiting the site\": browser -> lb -> web`"),
                    );
                }
                _ if NODE_ATTRIBUTES.contains(&key.as_str()) => {
                    return self.fail(
                        &format!("`{key}` is a node attribute, not a diagram setting"),
                        Some("put it inside a node's braces: `web: Nginx { kind: web-server }`; settings at the top are title, direction, allow and path"),
                    );
                }
                _ => {}
            }
        }
        if first.kind == TokenKind::Word
            && self.text(first) == "path"
            && self.kind(1) == TokenKind::Str
        {
            let path = self.path_decl()?;
            document.paths.push(path);
            return Ok(());
        }
        let statement = self.statement()?;
        if let Statement::Node(node) = &statement {
            self.check_misspelt_setting(node);
        }
        document.statements.push(statement);
        Ok(())
    }

    /// `titel: My site` parses as a node; when such a node has no braces and its id is a near miss of
    /// a setting, the author almost certainly meant the setting.
    fn check_misspelt_setting(&mut self, node: &NodeDecl) {
        if !node.attrs.is_empty() || !node.children.is_empty() || node.label.is_none() {
            return;
        }
        if let Some(setting) = nearest(&node.id.value, TOP_LEVEL_SETTINGS) {
            let help = format!(
                "did you mean `{setting}:`? A node needs braces or an edge to be clear: `{}: Label {{ kind: generic }}`",
                node.id.value
            );
            self.error(
                node.id.span,
                &format!("unknown setting `{}`", node.id.value),
                Some(&help),
            );
        }
    }

    fn setting(&mut self, document: &mut Document, key: &str) -> Parsed<()> {
        let key_span = self.bump().span;
        self.bump();
        let Some(value) = self.free_text() else {
            return self.fail(&format!("`{key}` needs a value"), None);
        };
        let slot = if key == "title" {
            &mut document.title
        } else {
            &mut document.direction
        };
        if slot.is_some() {
            self.error(key_span, &format!("`{key}` is set twice"), None);
        }
        *slot = Some(value);
        self.expect_statement_end(&format!("`{key}`"))
    }

    fn path_decl(&mut self) -> Parsed<PathDecl> {
        let start = self.bump().span.start;
        let name_token = self.bump();
        let name = Spanned {
            value: unquote(self.text(name_token)),
            span: name_token.span,
        };
        if self.kind(0) != TokenKind::Colon {
            return self.fail("expected `:` after the path name", None);
        }
        self.bump();
        let mut steps = vec![self.node_ref()?];
        while let TokenKind::Arrow(arrow) = self.kind(0) {
            let span = self.bump().span;
            if arrow.ends != Ends::Forward || arrow.dashed {
                self.error(span, "steps of a path are joined with `->`", None);
            }
            steps.push(self.node_ref()?);
        }
        if steps.len() < 2 {
            return self.fail("a path needs at least two steps joined with `->`", None);
        }
        self.expect_statement_end("the path")?;
        Ok(PathDecl {
            name,
            steps,
            span: Span {
                start,
                end: self.prev_end(),
            },
        })
    }

    /// A node or an edge statement (at the top or inside a node's braces).
    fn statement(&mut self) -> Parsed<Statement> {
        if self.kind(0) != TokenKind::Word {
            return self.fail(
                "expected a node (`id: Label { ... }`) or an edge (`a -> b`)",
                None,
            );
        }
        match self.kind(1) {
            TokenKind::Dot | TokenKind::Arrow(_) => Ok(Statement::Edge(self.edge_decl()?)),
            TokenKind::Colon
            | TokenKind::LBrace
            | TokenKind::Newline
            | TokenKind::Semi
            | TokenKind::RBrace
            | TokenKind::Eof => Ok(Statement::Node(self.node_decl()?)),
            _ => {
                self.bump();
                self.fail(
                    "expected `:`, `{` or an arrow (`->`, `<->`, `--`, `..>`)",
                    None,
                )
            }
        }
    }

    fn node_decl(&mut self) -> Parsed<NodeDecl> {
        let id_token = self.bump();
        let id = Spanned {
            value: self.text(id_token).to_string(),
            span: id_token.span,
        };
        let mut label = None;
        if self.kind(0) == TokenKind::Colon {
            self.bump();
            label = self.free_text();
        }
        let (mut attrs, mut children) = (Vec::new(), Vec::new());
        if self.kind(0) == TokenKind::LBrace {
            self.block(Block::Node, &mut attrs, &mut children);
        }
        self.expect_statement_end("the node")?;
        Ok(NodeDecl {
            id,
            label,
            attrs,
            children,
            span: Span {
                start: id_token.span.start,
                end: self.prev_end(),
            },
        })
    }

    fn edge_decl(&mut self) -> Parsed<EdgeDecl> {
        let first = self.node_ref()?;
        let start = first.span.start;
        let mut ends = vec![first];
        let mut arrows = Vec::new();
        while let TokenKind::Arrow(arrow) = self.kind(0) {
            let span = self.bump().span;
            arrows.push(Spanned { value: arrow, span });
            ends.push(self.node_ref()?);
        }
        if arrows.is_empty() {
            return self.fail(
                "expected an arrow (`->`, `<->`, `--`, `..>`) after the node path",
                Some(
                    "nodes inside a container are declared inside its braces, not with a dotted id",
                ),
            );
        }
        let mut label = None;
        if self.kind(0) == TokenKind::Colon {
            self.bump();
            label = self.free_text();
        }
        let mut attrs = Vec::new();
        if self.kind(0) == TokenKind::LBrace {
            self.block(Block::Edge, &mut attrs, &mut Vec::new());
        }
        self.expect_statement_end("the edge")?;
        Ok(EdgeDecl {
            ends,
            arrows,
            label,
            attrs,
            span: Span {
                start,
                end: self.prev_end(),
            },
        })
    }

    fn node_ref(&mut self) -> Parsed<NodeRef> {
        let mut segments = Vec::new();
        let start = self.token(0).span.start;
        loop {
            if self.kind(0) != TokenKind::Word {
                return self.fail("expected a node id", None);
            }
            let token = self.bump();
            segments.push(self.text(token).to_string());
            if self.kind(0) != TokenKind::Dot {
                break;
            }
            self.bump();
        }
        Ok(NodeRef {
            segments,
            span: Span {
                start,
                end: self.prev_end(),
            },
        })
    }

    // ----- blocks and attributes -----

    /// Reads `{ ... }`. Errors inside are reported and skipped; the block itself always ends, at its
    /// `}` or at the end of the input (an unclosed-brace error pointing at the `{`).
    fn block(&mut self, block: Block, attrs: &mut Vec<Attr>, children: &mut Vec<Statement>) {
        let open = self.bump().span;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.error(
                open,
                "containers are nested too deeply",
                Some("at most 16 levels"),
            );
            self.skip_block_body();
        } else {
            self.block_body(block, open, attrs, children);
        }
        self.depth -= 1;
    }

    fn block_body(
        &mut self,
        block: Block,
        open: Span,
        attrs: &mut Vec<Attr>,
        children: &mut Vec<Statement>,
    ) {
        loop {
            self.skip_separators();
            match self.kind(0) {
                TokenKind::RBrace => {
                    self.bump();
                    return;
                }
                TokenKind::Eof => {
                    self.error(open, "unclosed `{`", Some("add the matching `}`"));
                    return;
                }
                _ => {
                    if self.block_item(block, attrs, children).is_err() {
                        self.recover();
                    }
                }
            }
        }
    }

    fn skip_block_body(&mut self) {
        let mut nesting = 1usize;
        while nesting > 0 {
            match self.bump().kind {
                TokenKind::Eof => return,
                TokenKind::LBrace => nesting += 1,
                TokenKind::RBrace => nesting -= 1,
                _ => {}
            }
        }
    }

    fn block_item(
        &mut self,
        block: Block,
        attrs: &mut Vec<Attr>,
        children: &mut Vec<Statement>,
    ) -> Parsed<()> {
        let first = self.token(0);
        let is_key = first.kind == TokenKind::Word && self.kind(1) == TokenKind::Colon;
        let key = self.text(first).to_string();
        if block == Block::Edge {
            if !is_key {
                return self.fail("expected `key: value` inside an edge's braces", None);
            }
            attrs.push(self.attr()?);
            return self.expect_statement_end("the attribute");
        }
        if is_key && NODE_ATTRIBUTES.contains(&key.as_str()) {
            attrs.push(self.attr()?);
            return self.expect_statement_end("the attribute");
        }
        if is_key && matches!(key.as_str(), "title" | "direction") {
            return self.fail(
                &format!("`{key}` is only allowed at the top of a diagram"),
                None,
            );
        }
        let statement = self.statement()?;
        if let Statement::Node(node) = &statement {
            self.check_misspelt_attribute(node);
        }
        children.push(statement);
        Ok(())
    }

    /// Inside braces `knd: database` reads as a child node; when it has no braces of its own and its
    /// id is a near miss of an attribute, it is an attribute typo.
    fn check_misspelt_attribute(&mut self, node: &NodeDecl) {
        if !node.attrs.is_empty() || !node.children.is_empty() || node.label.is_none() {
            return;
        }
        if let Some(attribute) = nearest(&node.id.value, NODE_ATTRIBUTES) {
            let mut finding = syntax_error(
                node.id.span,
                &format!("unknown node attribute `{}`", node.id.value),
                Some(&format!(
                    "did you mean `{attribute}`? (a child node needs braces here: `{}: Label {{ }}`)",
                    node.id.value
                )),
            );
            finding.code = "E-unknown-attribute".to_string();
            self.errors.push(finding);
        }
    }

    fn attr(&mut self) -> Parsed<Attr> {
        let key_token = self.bump();
        let key = Spanned {
            value: self.text(key_token).to_string(),
            span: key_token.span,
        };
        self.bump();
        let value = if self.kind(0) == TokenKind::LBracket {
            AttrValue::List(self.list()?)
        } else {
            match self.free_text() {
                Some(text) => AttrValue::Text(text),
                None => return self.fail(&format!("`{}` needs a value", key.value), None),
            }
        };
        Ok(Attr {
            key,
            value,
            span: Span {
                start: key_token.span.start,
                end: self.prev_end(),
            },
        })
    }

    /// `expect: [codes] "reason"`: the reason is required, so the source says why a finding is
    /// not a problem here.
    fn expect_setting(&mut self, document: &mut Document) -> Parsed<()> {
        self.bump();
        self.bump();
        let items = self.list_or_single("expect")?;
        let token = self.token(0);
        if token.kind != TokenKind::Str {
            return self.fail(
                "`expect` needs a reason",
                Some("say why the diagram shows these findings: `expect: [single-writer] \"reference architecture: the page explains each risk\"`"),
            );
        }
        self.bump();
        document.expect.extend(items);
        document.expect_reason = Some(Spanned {
            value: unquote(self.text(token)),
            span: token.span,
        });
        self.expect_statement_end("`expect`")
    }

    fn list_or_single(&mut self, key: &str) -> Parsed<Vec<Spanned<String>>> {
        if self.kind(0) == TokenKind::LBracket {
            return self.list();
        }
        match self.free_text() {
            Some(text) => Ok(vec![text]),
            None => self.fail(&format!("`{key}` needs a value"), None),
        }
    }

    /// `[a, b, "c d"]`, possibly spread over several lines.
    fn list(&mut self) -> Parsed<Vec<Spanned<String>>> {
        let open = self.bump().span;
        let mut items = Vec::new();
        loop {
            while self.kind(0) == TokenKind::Newline {
                self.bump();
            }
            let token = self.token(0);
            match token.kind {
                TokenKind::RBracket => {
                    self.bump();
                    return Ok(items);
                }
                TokenKind::Word | TokenKind::Str => {
                    self.bump();
                    let raw = self.text(token);
                    let value = if token.kind == TokenKind::Str {
                        unquote(raw)
                    } else {
                        raw.to_string()
                    };
                    items.push(Spanned {
                        value,
                        span: token.span,
                    });
                    while self.kind(0) == TokenKind::Newline {
                        self.bump();
                    }
                    match self.kind(0) {
                        TokenKind::Comma => {
                            self.bump();
                        }
                        TokenKind::RBracket => {}
                        _ => return self.fail("expected `,` or `]` in the list", None),
                    }
                }
                TokenKind::Eof => {
                    self.error(open, "unclosed `[`", Some("add the matching `]`"));
                    return Err(Failed);
                }
                _ => return self.fail("expected a name in the list", None),
            }
        }
    }

    /// Free text up to the end of the statement or an opening brace: labels and attribute values. A
    /// single quoted string is unquoted; anything else is taken verbatim, trimmed.
    fn free_text(&mut self) -> Option<Spanned<String>> {
        let first = self.token(0);
        let mut last = None;
        while !matches!(
            self.kind(0),
            TokenKind::LBrace
                | TokenKind::RBrace
                | TokenKind::Newline
                | TokenKind::Semi
                | TokenKind::Eof
        ) {
            last = Some(self.bump());
        }
        let last = last?;
        let span = Span {
            start: first.span.start,
            end: last.span.end,
        };
        let raw = &self.source[span.start..span.end];
        let value = if first == last && first.kind == TokenKind::Str {
            unquote(raw)
        } else {
            raw.trim().to_string()
        };
        Some(Spanned { value, span })
    }
}
