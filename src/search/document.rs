//! The search document of a rendered page: the few parts of the page that Pagefind reads, cut out
//! of the HTML the templates produced, so the indexer neither keeps nor parses the rest.
//!
//! [`SearchDocument::of_page`] takes a page's output path and HTML and returns its site-relative URL
//! with a small HTML document: the page's `<html>` start tag (its `lang`), its first `<title>`, the
//! start tags of the elements around the `data-pagefind-body` element, that element whole, and the
//! end tags. Pagefind gives the small document the same index entry as the whole page (the same
//! text, word positions, title and heading anchors), because everything cut away is something it
//! would have discarded: with a `data-pagefind-body` element it clears whatever came before it and
//! appends nothing after it.
//!
//! When a page could index differently without its other parts, the document is the whole page:
//! no `data-pagefind-body` element or more than one, another `data-pagefind-*` attribute outside it
//! (meta, filters, sort and ignore-all apply wherever they are), an `<h1>` or `<img>` outside it
//! (Pagefind's automatic title and image come from the first on the page), a `<br>` or text other
//! than white space directly inside an enclosing element after it, an enclosing element whose end
//! tag HTML lets a page leave out (`p`, `li`, ...), an element outside the body closed other than
//! by its own end tag (or not at all), or HTML this scanner cannot follow.

use memchr::{memchr, memchr3, memmem};

use super::page_url;

/// One page as the indexer takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    /// Site-relative (`/dns/records/`); the browser adds the base path.
    pub url: String,
    /// A complete HTML document for Pagefind (see the module documentation).
    pub html: String,
}

impl SearchDocument {
    /// The document of the page written at `path` (`dns/records/index.html`); `None` for files that
    /// are not pages a reader searches for (`404.html`, anything not `.html`).
    pub fn of_page(path: &str, html: &str) -> Option<SearchDocument> {
        let url = page_url(path)?;
        let html = search_part(html).unwrap_or_else(|| html.to_string());
        Some(SearchDocument { url, html })
    }
}

/// Elements whose content is not HTML: nothing inside them is a tag.
pub(super) const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noembed", "noframes",
];
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements HTML lets a page close implicitly; a scanner without HTML's tree rules cannot be sure
/// where they end, so none may enclose the body.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt",
    "rp", "colgroup", "caption",
];
const BODY_MARK: &str = "data-pagefind-body";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'h> {
    Start {
        name: &'h str,
        tag: &'h str,
        closed: bool,
    },
    End {
        name: &'h str,
    },
    Text(&'h str),
}

/// The parts of `html` Pagefind reads, as a small document; `None` when the whole page is needed.
fn search_part(html: &str) -> Option<String> {
    let mut scan = Scan::default();
    let mut tokens = Tokens::new(html);
    while let Some((token, start, end)) = tokens.next()? {
        scan.step(token, start, end)?;
    }
    scan.document(html)
}

/// What the scan has learned so far, token by token.
#[derive(Debug, Default)]
struct Scan<'h> {
    /// Open elements: name and start tag.
    stack: Vec<(&'h str, &'h str)>,
    html_tag: Option<&'h str>,
    title: Option<(usize, usize)>,
    title_start: Option<usize>,
    /// The elements around the body, outermost first, once the body's start tag is seen.
    ancestors: Option<Vec<(&'h str, &'h str)>>,
    /// The body element's byte range; its end is set when it closes.
    body: Option<(usize, Option<usize>)>,
    /// White space found directly inside each ancestor after the body, by ancestor depth.
    trailing: Vec<String>,
}

impl<'h> Scan<'h> {
    fn step(&mut self, token: Token<'h>, start: usize, end: usize) -> Option<()> {
        let inside = matches!(self.body, Some((_, None)));
        match token {
            Token::Start { name, tag, closed } => self.start(name, tag, closed, start, inside)?,
            Token::End { name } => self.end(name, end)?,
            Token::Text(text) => self.text(text, inside)?,
        }
        Some(())
    }

    fn start(
        &mut self,
        name: &'h str,
        tag: &'h str,
        closed: bool,
        start: usize,
        inside: bool,
    ) -> Option<()> {
        let (mut marks_body, mut pagefind_attribute) = (false, false);
        for n in attribute_names(tag) {
            marks_body |= n.eq_ignore_ascii_case(BODY_MARK);
            pagefind_attribute |= n
                .get(..14)
                .is_some_and(|p| p.eq_ignore_ascii_case("data-pagefind-"));
        }
        if !inside {
            let outside_after = self.body.is_some();
            let forbidden =
                one_of(name, &["h1", "img"]) || (name.eq_ignore_ascii_case("br") && outside_after);
            if forbidden || (!marks_body && pagefind_attribute) {
                return None;
            }
        }
        let void = one_of(name, VOID);
        let foreign = || self.stack.iter().any(|(n, _)| one_of(n, &["svg", "math"]));
        // HTML ignores `/>` on its own elements; this scanner would not, so it gives up instead.
        if closed && !void && !foreign() {
            return None;
        }
        if marks_body {
            if self.body.is_some() || void {
                return None;
            }
            if self.stack.iter().any(|(n, _)| one_of(n, OPTIONAL_END)) {
                return None;
            }
            self.ancestors = Some(self.stack.clone());
            self.trailing = vec![String::new(); self.stack.len()];
            self.body = Some((start, None));
        }
        if name.eq_ignore_ascii_case("html") && self.html_tag.is_none() && self.stack.is_empty() {
            self.html_tag = Some(tag);
        }
        if name.eq_ignore_ascii_case("title") && self.title.is_none() {
            self.title_start = Some(start);
        }
        if !closed && !void {
            self.stack.push((name, tag));
        }
        Some(())
    }

    fn end(&mut self, name: &'h str, end: usize) -> Option<()> {
        if name.eq_ignore_ascii_case("title") && self.title.is_none() {
            self.title = self.title_start.map(|s| (s, end));
        }
        let inside = matches!(self.body, Some((_, None)));
        let depth = self
            .stack
            .iter()
            .rposition(|(n, _)| n.eq_ignore_ascii_case(name));
        // Outside the body, every end tag must close the innermost open element: Pagefind runs an
        // element's end handler only at its own end tag, so an element closed implicitly (or an
        // end tag with nothing to close) leaves its bookkeeping where the cut-down page would not.
        let Some(depth) = depth.filter(|&d| inside || d + 1 == self.stack.len()) else {
            return inside.then_some(());
        };
        if let (true, Some(ancestors)) = (inside, &self.ancestors) {
            let body_depth = ancestors.len();
            // The body must close by its own end tag, with everything inside it closed.
            if depth < body_depth || (depth == body_depth && depth + 1 != self.stack.len()) {
                return None;
            }
            if depth == body_depth {
                self.body = self.body.map(|(start, _)| (start, Some(end)));
            }
        }
        self.stack.truncate(depth);
        Some(())
    }

    fn text(&mut self, text: &str, inside: bool) -> Option<()> {
        let (Some(ancestors), false) = (&self.ancestors, inside) else {
            return Some(());
        };
        // After the body: text directly inside an ancestor is appended to the index entry.
        let depth = self.stack.len();
        let direct =
            depth > 0 && depth <= ancestors.len() && self.stack[..depth] == ancestors[..depth];
        if direct {
            if !text.chars().all(char::is_whitespace) {
                return None;
            }
            self.trailing[depth - 1].push_str(text);
        }
        Some(())
    }

    fn document(self, html: &str) -> Option<String> {
        let (Some(html_tag), Some(ancestors), Some((start, Some(end))), true) = (
            self.html_tag,
            self.ancestors,
            self.body,
            // Elements left open at the end are wound up by Pagefind without their end handlers.
            self.stack.is_empty(),
        ) else {
            return None;
        };
        if !ancestors
            .first()
            .is_some_and(|(n, _)| n.eq_ignore_ascii_case("html"))
        {
            return None;
        }
        let mut out = String::with_capacity(end - start + 512);
        out.push_str(html_tag);
        if let Some((title_start, title_end)) = self.title {
            out.push_str("<head>");
            out.push_str(&html[title_start..title_end]);
            out.push_str("</head>");
        }
        for (_, tag) in &ancestors[1..] {
            out.push_str(tag);
        }
        out.push_str(&html[start..end]);
        for ((name, _), space) in ancestors.iter().zip(&self.trailing).rev() {
            out.push_str(space);
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        Some(out)
    }
}

/// The attribute names of the start tag `tag` (`<main class="m" data-pagefind-body>`), values
/// skipped; read as they are asked for, so a tag costs no allocation.
fn attribute_names(tag: &str) -> AttributeNames<'_> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let at = find_space_or(inner, b"/").unwrap_or(inner.len());
    AttributeNames { inner, at }
}

/// The iterator of [`attribute_names`]: `at` is where the next name may start.
struct AttributeNames<'h> {
    inner: &'h str,
    at: usize,
}

impl<'h> Iterator for AttributeNames<'h> {
    type Item = &'h str;

    fn next(&mut self) -> Option<&'h str> {
        let inner = self.inner;
        let bytes = inner.as_bytes();
        let mut at = self.at;
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            self.at = at;
            return None;
        }
        let len = find_space_or(&inner[at..], b"=/").unwrap_or(inner.len() - at);
        let name = &inner[at..at + len];
        at += len;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            at += match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    memchr(quote, &bytes[at + 1..]).map_or(inner.len(), |n| n + 2)
                }
                _ => find_space_or(&inner[at..], b"").unwrap_or(inner.len() - at),
            };
        }
        self.at = at;
        Some(name)
    }
}

/// An HTML tokenizer just good enough to follow the nesting of rendered pages: tags, comments,
/// raw text. `next` returns `None` (give up) on anything it cannot follow.
pub(super) struct Tokens<'h> {
    html: &'h str,
    at: usize,
}

impl<'h> Tokens<'h> {
    pub(super) fn new(html: &'h str) -> Tokens<'h> {
        Tokens { html, at: 0 }
    }

    /// `Some(None)` at the end of the input; `None` when the input is beyond this tokenizer.
    #[allow(clippy::option_option)]
    pub(super) fn next(&mut self) -> Option<Option<(Token<'h>, usize, usize)>> {
        let html = self.html;
        let rest = loop {
            let rest = &html[self.at.min(html.len())..];
            // Comments, doctypes and processing instructions say nothing about nesting.
            if rest.starts_with("<!--") {
                self.at += memmem::find(rest.as_bytes(), b"-->")? + 3;
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                self.at += memchr(b'>', rest.as_bytes())? + 1;
            } else {
                break rest;
            }
        };
        let start = self.at;
        if rest.is_empty() {
            return Some(None);
        }
        if !rest.starts_with('<') {
            let len = memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
            self.at += len;
            return Some(Some((Token::Text(&rest[..len]), start, self.at)));
        }
        let bytes = rest.as_bytes();
        let token = match bytes.get(1) {
            Some(b'/') => {
                let name = tag_name(&rest[2..])?;
                self.at += memchr(b'>', bytes)? + 1;
                Token::End { name }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name = tag_name(&rest[1..])?;
                let len = start_tag_len(rest)?;
                let tag = &rest[..len];
                self.at += len;
                let closed = tag.ends_with("/>");
                if one_of(name, RAW_TEXT) && !closed {
                    self.skip_raw_text(name)?;
                }
                Token::Start { name, tag, closed }
            }
            _ => {
                // A `<` that starts no tag is text.
                let len = memchr(b'<', &bytes[1..]).map_or(rest.len(), |n| n + 1);
                self.at += len;
                return Some(Some((Token::Text(&rest[..len]), start, self.at)));
            }
        };
        Some(Some((token, start, self.at)))
    }

    /// Moves to the end tag of the raw-text element `name`, which the next call returns.
    fn skip_raw_text(&mut self, name: &str) -> Option<()> {
        let rest = &self.html[self.at..];
        let at = memmem::find_iter(rest.as_bytes(), b"</").find(|&at| {
            rest.get(at + 2..at + 2 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })?;
        self.at += at;
        Some(())
    }
}

/// The tag name at the start of `text` (names compare without regard to case, as in HTML).
fn tag_name(text: &str) -> Option<&str> {
    let len = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':'))
        .unwrap_or(text.len());
    // The name ends at white space (HTML's, ASCII), `>` or `/`; any other character in it makes
    // it not plain.
    let ends = text.as_bytes()[len..]
        .first()
        .is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/');
    (len > 0 && ends).then_some(&text[..len])
}

/// Where in `text` the first white space or byte of `also` is. White space in a tag is HTML's
/// (ASCII: tab, line feed, form feed, carriage return, space): a no-break space or a vertical tab
/// is part of a name or value, as a browser reads it (and the scan never stalls on one).
fn find_space_or(text: &str, also: &[u8]) -> Option<usize> {
    text.bytes()
        .position(|b| b.is_ascii_whitespace() || also.contains(&b))
}

pub(super) fn one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The length of the start tag at the start of `text`, up to and including its `>`; quoted
/// attribute values may hold `>`.
fn start_tag_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 1;
    // Only `>` and quotes matter; a quote opens a value only after `=` and white space, which
    // is looked for behind it (a value already skipped ends in its quote, so the look stops there).
    while let Some(n) = memchr3(b'>', b'"', b'\'', &bytes[at..]) {
        at += n;
        let quote = bytes[at];
        if quote == b'>' {
            return Some(at + 1);
        }
        let before = bytes[1..at]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map(|i| bytes[1 + i]);
        if before == Some(b'=') {
            at += memchr(quote, &bytes[at + 1..])? + 1;
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
        )
    }

    const MAIN: &str = "<main class=\"main\" data-pagefind-body>\n<h1 id=\"t\">Title</h1><p>Text &lt;main&gt;</p><!-- </main> --><script>let x = \"</main>\";</script>\n</main>";

    #[test]
    fn a_themed_page_keeps_only_its_title_ancestors_and_body() {
        let html = page(
            "<title>Title · Site</title>\n<script>var a = 1 < 2;</script>\n",
            &format!(
                "<header><a href=\"/\">Site</a><input id=\"nav-toggle\"></header>\n<div class=\"layout\">\n<nav class=\"sidebar\"><ul><li><a href=\"/x/\">X</a></li></ul></nav>\n{MAIN}\n<aside class=\"toc\"><p>On this page</p></aside>\n</div>\n<footer>f</footer>"
            ),
        );
        let document = SearchDocument::of_page("a/index.html", &html).expect("a page");
        assert_eq!(document.url, "/a/");
        assert_eq!(
            document.html,
            format!(
                "<html lang=\"en\"><head><title>Title · Site</title></head><body><div class=\"layout\">\
                 {MAIN}\n\n</div>\n\n</body>\n</html>"
            ),
            "white space after the body stays: Pagefind adds a full stop after text that ends a block"
        );
    }

    #[test]
    fn pages_that_could_index_differently_are_kept_whole() {
        let cases = [
            ("no body mark", page("", "<main><p>x</p></main>")),
            (
                "two bodies",
                page("", &format!("{MAIN}<div data-pagefind-body>y</div>")),
            ),
            (
                "meta outside",
                page("<meta data-pagefind-meta=\"author:A\">", MAIN),
            ),
            (
                "h1 outside",
                page("", &format!("<header><h1>Site</h1></header>{MAIN}")),
            ),
            (
                "image outside",
                page("", &format!("{MAIN}<img src=\"a.png\">")),
            ),
            (
                "text after",
                page("", &format!("<div>{MAIN} tail words</div>")),
            ),
            ("br after", page("", &format!("<div>{MAIN}<br></div>"))),
            ("inside a paragraph", page("", &format!("<p>{MAIN}"))),
            (
                "unclosed body",
                page("", "<main data-pagefind-body><p>x</p>"),
            ),
            ("self-closed div", page("", &format!("<div/>{MAIN}"))),
            (
                "ignored ancestor",
                page(
                    "",
                    &format!("<div data-pagefind-ignore=\"all\">{MAIN}</div>"),
                ),
            ),
        ];
        for (what, html) in cases {
            assert_eq!(search_part(&html), None, "{what}");
            let document = SearchDocument::of_page("a.html", &html).expect("a page");
            assert_eq!(document.html, html, "{what}");
        }
    }

    fn names(tag: &str) -> Vec<&str> {
        attribute_names(tag).collect()
    }

    #[test]
    fn the_body_mark_must_be_an_attribute() {
        assert_eq!(names("<main data-pagefind-body>"), [BODY_MARK]);
        assert_eq!(
            names("<main class=\"m x\" id=a data-pagefind-body=\"\" hidden>"),
            ["class", "id", BODY_MARK, "hidden"]
        );
        assert_eq!(
            names("<a title=\"see data-pagefind-body\" href='/'/>"),
            ["title", "href"]
        );
        assert_eq!(start_tag_len("<a title=\"a > b\" href='x'>rest"), Some(26));
        assert_eq!(start_tag_len("<a title=\"never closed>"), None);
    }

    #[test]
    fn quotes_open_a_value_only_after_equals() {
        assert_eq!(names("<a é=\"v w\" b>"), ["é", "b"]);
        assert_eq!(start_tag_len("<a b = \"x>y\">z"), Some(13));
        assert_eq!(
            start_tag_len("<a b\"c>d\">"),
            Some(7),
            "a quote not after `=` is text"
        );
        assert_eq!(start_tag_len("<a b='x'\"y>z"), Some(11));
        let mut tokens = Tokens::new("<!-- a -> --><p>t</p>");
        let start = Token::Start {
            name: "p",
            tag: "<p>",
            closed: false,
        };
        assert_eq!(tokens.next(), Some(Some((start, 13, 16))));
    }

    /// The scan looped for ever (growing memory) on a tag with a no-break space or a vertical tab
    /// between attributes: it split names at Unicode white space but skipped only ASCII's.
    #[test]
    fn a_no_break_space_in_a_tag_does_not_stall_the_scan() {
        assert_eq!(names("<a x\u{b}y\u{a0}z=1 w>"), ["x\u{b}y\u{a0}z", "w"]);
        assert_eq!(names("<a x=1\u{a0}2 y>"), ["x", "y"]);
        assert_eq!(
            Tokens::new("<a\u{a0}b>").next(),
            None,
            "not a plain tag name"
        );
        let html = page("", &format!("<div x\u{a0}y=1>{MAIN}</div>"));
        let document = SearchDocument::of_page("a.html", &html).expect("a page");
        assert!(document.html.len() < html.len(), "cut to its search part");
    }

    #[test]
    fn files_that_are_not_pages_have_no_document() {
        assert_eq!(SearchDocument::of_page("404.html", &page("", MAIN)), None);
        assert_eq!(SearchDocument::of_page("css/site.css", "body{}"), None);
    }
}
