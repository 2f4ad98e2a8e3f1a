//! The page's [`Digest`] without lol_html, for the HTML our own templates write: the same fold
//! ([`super::extract`]'s `start`, `finish`, `finish_void`) driven by the small tokenizer of
//! [`crate::search::document`] instead of lol_html's parser and selector machine, about which it
//! must agree on every page it reads.
//!
//! It gives up (`None`, and the caller parses with lol_html) on anything where its reading could
//! differ from lol_html's: an end tag that does not close the innermost open element (lol_html
//! pops implicitly closed elements without their end handlers), an element left open, an element
//! outside `<html>`, a tag name in upper case, a selector other than `tag` or `tag.class`, HTML
//! elements inside SVG or MathML, raw text in foreign content that holds a `<`, CDATA, and the elements whose
//! content HTML reads as text but this tokenizer would not (`iframe`, `noscript`, ...).

use std::borrow::Cow;

use memchr::memchr;

use super::extract::{self, Digest, Parse, StartTag};
use crate::search::document::{RAW_TEXT, Token, Tokens, VOID, one_of};

/// Elements whose content HTML reads as raw text but [`Tokens`] reads as markup.
const UNFOLLOWED: &[&str] = &[
    "iframe",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "basefont",
    "bgsound",
    "keygen",
];
/// Foreign elements whose content is HTML again (lol_html switches namespace there): this reader
/// follows them while they hold only text (an SVG `title` is raw text to [`Tokens`]).
const INTEGRATION: &[&str] = &["foreignobject", "desc", "annotation-xml"];

/// The digest of `html` as [`extract::digest_parsed`] reads it, or `None` where this reading is
/// not sure to be the same.
pub fn digest(html: &str, excluded: &[&str]) -> Option<Digest> {
    if holds_cdata_mark(html) {
        return None;
    }
    let removed = excluded
        .iter()
        .chain(extract::REMOVED)
        .map(|selector| Selector::of(selector))
        .collect::<Option<Vec<_>>>()?;
    let mut parse = Parse::new();
    // Open elements: name and the node of each; `foreign` counts the open `svg`/`math`.
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut foreign = 0usize;
    let mut tokens = Tokens::new(html);
    while let Some((token, start, end)) = tokens.next()? {
        match token {
            Token::Text(text) => {
                if !open.is_empty() {
                    parse.text(text);
                }
            }
            Token::Start { name, tag, closed } => {
                let element = Scanned::of(name, tag)?;
                let inside_html = open.first().is_some_and(|(n, _)| *n == "html");
                if !(inside_html || (open.is_empty() && name == "html")) {
                    return None;
                }
                // Text inside an integration point reads the same either way; elements would not.
                let in_integration = open.last().is_some_and(|(n, _)| one_of(n, INTEGRATION));
                if one_of(name, UNFOLLOWED)
                    || (foreign > 0 && (in_integration || !in_foreign_is_foreign(name)))
                {
                    return None;
                }
                let id = extract::start(&mut parse, &element);
                let void = if foreign > 0 {
                    closed
                } else {
                    one_of(name, VOID)
                };
                if void {
                    extract::finish_void(&mut parse, id, name, &element);
                }
                if inside_html && removed.iter().any(|s| s.matches(&element)) {
                    parse.remove_current();
                }
                if void {
                    continue;
                }
                if one_of(name, RAW_TEXT) {
                    // HTML ignores `/>` here and reads on as text; the tokenizer would not.
                    if closed {
                        return None;
                    }
                    let raw = &html[start + tag.len()..end];
                    if foreign > 0 && raw.contains('<') {
                        return None;
                    }
                    parse.text(raw);
                }
                if name == "svg" || name == "math" {
                    foreign += 1;
                }
                open.push((name, id));
            }
            Token::End { name } => {
                let (top, id) = open.pop()?;
                if top != name {
                    return None;
                }
                if top == "svg" || top == "math" {
                    foreign -= 1;
                }
                extract::finish(&mut parse, id, top);
            }
        }
    }
    open.is_empty().then(|| extract::wrap(parse))
}

/// Inside SVG or MathML, the HTML elements that end foreign content (lol_html's tree builder
/// leaves the foreign namespace at them); everything else stays foreign.
fn in_foreign_is_foreign(name: &str) -> bool {
    const BREAKOUT: &[&str] = &[
        "b",
        "big",
        "blockquote",
        "body",
        "br",
        "center",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "hr",
        "i",
        "img",
        "li",
        "listing",
        "menu",
        "meta",
        "nobr",
        "ol",
        "p",
        "pre",
        "ruby",
        "s",
        "small",
        "span",
        "strong",
        "strike",
        "sub",
        "sup",
        "table",
        "tt",
        "u",
        "ul",
        "var",
        "font",
    ];
    !one_of(name, BREAKOUT)
}

/// Whether `html` holds `<![` anywhere (CDATA, which this reader leaves to lol_html): found by
/// its rare `[`, so the page is searched for one byte instead of three.
fn holds_cdata_mark(html: &str) -> bool {
    let mut from = 0;
    while let Some(n) = memchr(b'[', &html.as_bytes()[from..]) {
        let at = from + n;
        if html.as_bytes()[..at].ends_with(b"<!") {
            return true;
        }
        from = at + 1;
    }
    false
}

/// A start tag read from the page's text, read once: the values the fold asks of every element
/// are kept, any other is read from the tag again when asked for, so an element costs no
/// allocation.
struct Scanned<'h> {
    name: &'h str,
    /// The tag after its name (`class="a b" id=x hidden>`).
    rest: &'h str,
    /// Whether an attribute's name starts with `data-pagefind`: most elements have none, and then
    /// the fold's many `data-pagefind-*` questions are answered without reading the tag again.
    pagefind: bool,
    /// The first value of each of [`COMMON`], if the tag has it.
    common: [Option<&'h str>; COMMON.len()],
}

/// The attributes the fold asks of elements without `data-pagefind` ones (anchors, the excluded
/// selectors' classes, the automatic image).
const COMMON: [&str; 4] = ["id", "class", "src", "alt"];

/// `data-pagefind`, the prefix of every attribute Pagefind reads for itself.
const PAGEFIND_PREFIX: &str = "data-pagefind";

fn is_pagefind(name: &str) -> bool {
    // Asked of every attribute of every element, and of every name the fold asks for (those
    // are written in lower case): exact bytes first, most others fail at their first byte.
    let (name, prefix) = (name.as_bytes(), PAGEFIND_PREFIX.as_bytes());
    name.starts_with(prefix)
        || (name.len() >= prefix.len()
            && (name[0] | 0x20) == b'd'
            && name[..prefix.len()].eq_ignore_ascii_case(prefix))
}

impl<'h> Scanned<'h> {
    /// `None` for a name in upper case (lol_html would lower it; so could this, but the pages
    /// this reader is for never have one) or a tag this reader cannot split into attributes.
    fn of(name: &'h str, tag: &'h str) -> Option<Scanned<'h>> {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let rest = &tag[1 + name.len()..];
        let mut scanned = Scanned {
            name,
            rest,
            pagefind: false,
            common: [None; COMMON.len()],
        };
        let mut attributes = Attributes { rest };
        while let Some((name, value)) = attributes.next()? {
            scanned.pagefind |= is_pagefind(name);
            if let Some(at) = COMMON.iter().position(|c| c.eq_ignore_ascii_case(name)) {
                scanned.common[at].get_or_insert(value);
            }
        }
        Some(scanned)
    }

    /// The value of the first attribute called `name`, as written.
    fn value(&self, name: &str) -> Option<&'h str> {
        if let Some(at) = COMMON.iter().position(|c| c.eq_ignore_ascii_case(name)) {
            return self.common[at];
        }
        if !self.pagefind && is_pagefind(name) {
            return None;
        }
        let mut attributes = Attributes { rest: self.rest };
        // The tag was read whole by `of`, so `next` gives up nowhere here.
        while let Some((n, value)) = attributes.next()? {
            if n.eq_ignore_ascii_case(name) {
                return Some(value);
            }
        }
        None
    }
}

impl StartTag for Scanned<'_> {
    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.name)
    }
    fn attribute(&self, name: &str) -> Option<String> {
        self.value(name).map(str::to_string)
    }
    fn has_attribute(&self, name: &str) -> bool {
        self.value(name).is_some()
    }
}

/// The attributes of a start tag after its name (`class="a b" id=x hidden>`), one at a time.
struct Attributes<'h> {
    rest: &'h str,
}

impl<'h> Attributes<'h> {
    /// The next name and value (`""` for none); `Some(None)` at the end of the tag, `None` for a
    /// tag this reader cannot split.
    #[allow(clippy::option_option)]
    fn next(&mut self) -> Option<Option<(&'h str, &'h str)>> {
        // Every delimiter is ASCII, so the tag is read by bytes; any byte found is at a character
        // boundary.
        let space = |b: &u8| b.is_ascii_whitespace();
        let rest = skip_while(self.rest, |b| space(b) || *b == b'/');
        if rest.starts_with('>') || rest.is_empty() {
            self.rest = rest;
            return Some(None);
        }
        let len = rest
            .bytes()
            .position(|b| space(&b) || matches!(b, b'=' | b'>' | b'/'))
            .unwrap_or(rest.len());
        // HTML reads `"`, `'` and `<` in a name as part of it; this reader leaves such tags alone.
        let name = &rest[..len];
        if name.is_empty() || name.bytes().any(|b| matches!(b, b'"' | b'\'' | b'<')) {
            return None;
        }
        let rest = skip_while(&rest[len..], space);
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = skip_while(after, space);
            match after.bytes().next() {
                Some(quote @ (b'"' | b'\'')) => {
                    let close = memchr(quote, &after.as_bytes()[1..])? + 1;
                    self.rest = &after[close + 1..];
                    &after[1..close]
                }
                _ => {
                    let len = after
                        .bytes()
                        .position(|b| space(&b) || b == b'>')
                        .unwrap_or(after.len());
                    self.rest = &after[len..];
                    &after[..len]
                }
            }
        } else {
            self.rest = rest;
            ""
        };
        Some(Some((name, value)))
    }
}

/// `text` after its leading ASCII bytes that `skip` accepts.
fn skip_while(text: &str, skip: impl Fn(&u8) -> bool) -> &str {
    let at = text.bytes().position(|b| !skip(&b)).unwrap_or(text.len());
    &text[at..]
}

/// `tag` or `tag.class`, the only selectors this reader matches itself.
struct Selector<'s> {
    tag: &'s str,
    class: Option<&'s str>,
}

impl<'s> Selector<'s> {
    fn of(selector: &'s str) -> Option<Selector<'s>> {
        let (tag, class) = match selector.split_once('.') {
            Some((tag, class)) => (tag, Some(class)),
            None => (selector, None),
        };
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        (plain(tag) && class.is_none_or(plain)).then_some(Selector { tag, class })
    }

    fn matches(&self, element: &Scanned) -> bool {
        element.name == self.tag
            && self.class.is_none_or(|class| {
                element
                    .value("class")
                    .is_some_and(|list| list.split_ascii_whitespace().any(|c| c == class))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both readers on `html`: this one must follow it and agree with lol_html.
    fn same(html: &str) {
        let excluded = crate::search::EXCLUDED;
        let quick = digest(html, excluded).expect("followed");
        assert_eq!(quick, extract::digest_parsed(html, excluded), "{html}");
    }

    #[test]
    fn pagefind_attributes_are_known_in_any_case() {
        for name in [
            "data-pagefind-body",
            "DATA-PAGEFIND-IGNORE",
            "Data-Pagefind-meta",
        ] {
            assert!(is_pagefind(name), "{name}");
        }
        for name in [
            "data-pagefin",
            "class",
            "",
            "dáta-pagefind",
            "eata-pagefind-body",
        ] {
            assert!(!is_pagefind(name), "{name}");
        }
    }

    #[test]
    fn a_rendered_page_reads_as_lol_html_reads_it() {
        same(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><title>T &amp; U</title>\
             <style>p > a { x: 1 }</style><script>if (a < b) {}</script></head>\
             <body><nav><a href=/>Home</a></nav><main data-pagefind-body>\
             <h1 id=\"top\">Big <a class=\"anchor\" href=\"#top\">#</a></h1>\
             <p>Words &lt;here&gt; <code>x</code><br>next<img src=a.png alt='A b'></p>\
             <details class=\"diagram-text\"><summary>s</summary>hidden</details>\
             <h2 id=two data-pagefind-weight=\"3\">Two</h2><ul><li>one</li><li>two</li></ul>\
             <svg viewBox=\"0 0 1 1\"><title>Diagram</title><desc id=d>Two &amp; boxes</desc><g><path d=\"M0 0\"/></g>\
             <text x=1>label</text></svg><!-- a comment -->\
             <div data-pagefind-ignore>gone</div><span data-pagefind-ignore=all>all gone</span>\
             <p data-pagefind-meta=\"author\">Ann</p><p data-pagefind-filter=\"tag:ops\">ops</p>\
             <span data-pagefind-index-attrs=\"title\" title=\"Hover text\">x</span>\
             </main><footer>foot</footer></body></html>\n",
        );
    }

    #[test]
    fn a_page_without_a_body_element_and_with_meta_everywhere_reads_the_same() {
        same(
            "<html><head><title>Only title</title><meta data-pagefind-meta=\"image[content]\" \
             content=\"/i.png\"></head><body data-pagefind-filter=\"section:a, kind:b\">\
             <h1>Head</h1><p data-pagefind-default-meta=\"summary\">Text, more: yes</p>\
             <table><tr><td>cell</td></tr></table></body></html>",
        );
    }

    #[test]
    fn html_it_cannot_follow_goes_to_lol_html() {
        let excluded = crate::search::EXCLUDED;
        for html in [
            "<html><body><p>unclosed</body></html>",
            "<html><body><div></span></div></body></html>",
            "<html><body><noscript><p>x</p></noscript></body></html>",
            "<HTML><body>x</body></HTML>",
            "<html><body><svg><foreignObject><p>x</p></foreignObject></svg></body></html>",
            "<html><body><svg><desc><b>x</b></desc></svg></body></html>",
            "<html><body><svg><![CDATA[x]]></svg></body></html>",
            "<p>before</p><html><body>x</body></html>",
        ] {
            assert_eq!(digest(html, excluded), None, "{html}");
            // The caller's reading is lol_html's then.
            assert_eq!(
                extract::digest(html, excluded),
                extract::digest_parsed(html, excluded)
            );
        }
        assert_eq!(digest("<html><body>x</body></html>", &["main > p"]), None);
    }

    #[test]
    fn attributes_are_read_as_written() {
        let mut attributes = Attributes {
            rest: r#" class="a b" id=x hidden data-x='q "r"' id=y>"#,
        };
        let mut names = Vec::new();
        while let Some((n, v)) = attributes.next().expect("read") {
            names.push(format!("{n}={v}"));
        }
        assert_eq!(
            names,
            ["class=a b", "id=x", "hidden=", r#"data-x=q "r""#, "id=y"]
        );
        let tag = r#"<p class="a b" id=x hidden ID=y DATA-PAGEFIND-IGNORE>"#;
        let scanned = Scanned::of("p", tag).expect("read");
        assert_eq!(
            scanned.value("id"),
            Some("x"),
            "the first of a repeated name"
        );
        assert_eq!(scanned.value("data-pagefind-ignore"), Some(""));
        let plain = Scanned::of("p", "<p id=x data-page=1>").expect("read");
        assert!(!plain.pagefind);
        assert_eq!(plain.value("data-pagefind-body"), None);
        assert_eq!(plain.value("data-page"), Some("1"));
        assert!(
            Scanned::of("p", "<p a\"b=1>").is_none(),
            "a quote in a name"
        );
        assert!(
            Scanned::of("p", "<p title=\"open>").is_none(),
            "an unclosed quote"
        );
        assert!(holds_cdata_mark("x <![CDATA[ y"));
        assert!(!holds_cdata_mark("a[0] <! [x] <!x[ ["));
    }
}
