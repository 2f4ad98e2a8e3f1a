//! Reading one page's HTML the way Pagefind 1.6 reads it, into a [`Digest`]: the indexable text
//! (with markers for weights and heading anchors inline), the text of each anchor, metadata
//! (`title` from the first `<h1>` or `<title>`), filters and the page's language.
//!
//! Pagefind folds its element tree upwards as it parses (each element's text is appended to its
//! parent's when the element closes), and the details of that fold decide the words and their
//! positions; to give the browser the same index, this parser keeps the same rules: which elements
//! end sentences, which are dropped ([`REMOVED`] and the caller's selectors), what
//! `data-pagefind-body`, `-ignore`, `-weight`, `-meta`, `-default-meta`, `-filter` and
//! `-index-attrs` do, and headings' automatic weights. `data-pagefind-sort` is not supported: a
//! page that uses it is indexed as if it were absent.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use lol_html::{HtmlRewriter, Settings, element, text};

use super::words::WORD_SYMBOLS;

/// What the fold needs of an element's start tag: its name (lower case) and its attributes (names
/// compared without regard to case, values as written, entities not decoded). Implemented for
/// lol_html's elements and for the start tags [`super::quick`] scans itself.
pub trait StartTag {
    fn name(&self) -> Cow<'_, str>;
    fn attribute(&self, name: &str) -> Option<String>;
    fn has_attribute(&self, name: &str) -> bool {
        self.attribute(name).is_some()
    }
}

impl StartTag for lol_html::html_content::Element<'_, '_> {
    fn name(&self) -> Cow<'_, str> {
        Cow::Owned(self.tag_name())
    }
    fn attribute(&self, name: &str) -> Option<String> {
        self.get_attribute(name)
    }
    fn has_attribute(&self, name: &str) -> bool {
        lol_html::html_content::Element::has_attribute(self, name)
    }
}

/// Elements that end a sentence: their text is set apart, with a full stop if it has none.
const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
/// Inline elements: they share the heading anchor of the element they are in.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
/// Elements never indexed.
pub const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];

/// What a page gives the index before its words are split.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The page's text, white space normalised, with `___PAGEFIND_…___` markers.
    pub text: String,
    pub filters: BTreeMap<String, Vec<String>>,
    pub meta: BTreeMap<String, String>,
    /// Anchor id (`<counter>:<id>`) to the text inside the anchored element.
    pub anchor_text: BTreeMap<String, String>,
    pub anchor_titles: BTreeMap<String, String>,
    /// The page has a `data-pagefind-body` element (pages without one are then left out).
    pub has_body: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Indexing,
    Ignored,
    Excluded,
    Body,
    ParentOfBody,
}

#[derive(Debug)]
struct Node {
    value: String,
    parent: Option<usize>,
    status: Status,
    filter: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchors: Option<Vec<String>>,
}

impl Node {
    fn new(parent: Option<usize>, status: Status) -> Node {
        Node {
            value: String::new(),
            parent,
            status,
            filter: None,
            meta: None,
            default_meta: None,
            weight: None,
            anchors: None,
        }
    }
}

#[derive(Debug)]
pub(super) struct Parse {
    nodes: Vec<Node>,
    current: usize,
    anchors: usize,
    filters: BTreeMap<String, Vec<String>>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_text: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
}

/// The digest of `html`; `excluded` are more selectors to drop (Pagefind's `exclude_selectors`).
/// Read by [`super::quick`] when it can follow the page, else by lol_html ([`digest_parsed`]).
pub fn digest(html: &str, excluded: &[&str]) -> Digest {
    super::quick::digest(html, excluded).unwrap_or_else(|| digest_parsed(html, excluded))
}

/// [`digest`] by lol_html, whatever the HTML.
pub fn digest_parsed(html: &str, excluded: &[&str]) -> Digest {
    let parse = Rc::new(RefCell::new(Parse::new()));
    let removed = excluded
        .iter()
        .copied()
        .chain(REMOVED.iter().copied())
        .map(|selector| format!("html {selector}"))
        .collect::<Vec<_>>()
        .join(", ");
    let (on_start, on_removed, on_text) = (parse.clone(), parse.clone(), parse.clone());
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![
                element!("html, html *", move |el| {
                    let id = start(&mut on_start.borrow_mut(), el);
                    let tag = el.tag_name();
                    let ender = on_start.clone();
                    match el.end_tag_handlers() {
                        Some(handlers) => handlers.push(Box::new(move |end| {
                            finish(&mut ender.borrow_mut(), id, &end.name());
                            Ok(())
                        })),
                        None => finish_void(&mut on_start.borrow_mut(), id, &tag, el),
                    }
                    Ok(())
                }),
                element!(removed, move |_| {
                    on_removed.borrow_mut().remove_current();
                    Ok(())
                }),
                text!("html", move |chunk| {
                    on_text.borrow_mut().text(chunk.as_str());
                    Ok(())
                }),
            ],
            strict: false,
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    // Pagefind skips a page it cannot parse; so does this: what was read so far is kept.
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
    let parse = Rc::try_unwrap(parse)
        .map(RefCell::into_inner)
        .unwrap_or_else(|shared| std::mem::replace(&mut shared.borrow_mut(), Parse::new()));
    wrap(parse)
}

impl Parse {
    pub(super) fn new() -> Parse {
        Parse {
            nodes: vec![Node::new(None, Status::Indexing)],
            current: 0,
            anchors: 0,
            filters: BTreeMap::new(),
            meta: BTreeMap::new(),
            default_meta: BTreeMap::new(),
            anchor_text: BTreeMap::new(),
            anchor_titles: BTreeMap::new(),
        }
    }

    /// The current element matched a removed selector: it is not indexed.
    pub(super) fn remove_current(&mut self) {
        let current = self.current;
        self.nodes[current].status = Status::Ignored;
    }

    /// A piece of text inside the current element.
    pub(super) fn text(&mut self, chunk: &str) {
        let current = self.current;
        let node = &mut self.nodes[current];
        node.value.push_str(chunk);
        let ignored = matches!(node.status, Status::Ignored | Status::Excluded);
        if let (false, Some(anchors)) = (ignored, &node.anchors) {
            for anchor in anchors {
                self.anchor_text
                    .entry(anchor.clone())
                    .or_default()
                    .push_str(chunk);
            }
        }
    }
}

/// An element opens: a new node under the current one; returns its index.
pub(super) fn start(parse: &mut Parse, el: &impl StartTag) -> usize {
    let tag = el.name();
    let ignore = el.attribute("data-pagefind-ignore").map(|value| {
        match value.to_ascii_lowercase().as_str() {
            "" | "index" | "true" => Status::Ignored,
            _ => Status::Excluded,
        }
    });
    let status = if el.has_attribute("data-pagefind-body") {
        Status::Body
    } else {
        ignore.unwrap_or(Status::Indexing)
    };
    let parent = parse.current;
    let mut anchor = None;
    if !matches!(status, Status::Excluded | Status::Ignored)
        && let Some(id) = el.attribute("id")
    {
        let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
        let outside_body =
            parse.nodes[parent].status == Status::ParentOfBody && status != Status::Body;
        if !outside_body {
            let counter = parse.anchors;
            parse.nodes[parent]
                .value
                .push_str(&format!(" ___PAGEFIND_ANCHOR___{tag}:{counter}:{id} "));
            anchor = Some(format!("{counter}:{id}"));
            parse.anchors += 1;
        }
    }
    if let (Some(anchor), Some(title)) = (&anchor, el.attribute("data-pagefind-title")) {
        let title = normalize_content(&title);
        if !title.is_empty() {
            parse.anchor_titles.insert(anchor.clone(), title);
        }
    }
    if status != Status::Excluded {
        if let Some(attributes) = el.attribute("data-pagefind-index-attrs") {
            for attribute in attributes.split(',') {
                let mut value = el.attribute(attribute.trim()).unwrap_or_default();
                if value.chars().last().is_some_and(ends_sentence) {
                    value.push('.');
                }
                let parent = &mut parse.nodes[parent].value;
                parent.push(' ');
                parent.push_str(&value);
                parent.push(' ');
            }
        }
        if tag == "br" {
            parse.nodes[parent].value.push(' ');
        }
    }
    let parent_node = &parse.nodes[parent];
    let mut anchors = parent_node
        .anchors
        .clone()
        .filter(|_| INLINE.contains(&&*tag));
    if let Some(anchor) = anchor {
        anchors.get_or_insert_with(Vec::new).push(anchor);
    }
    let mut node = Node::new(
        Some(parent),
        if parent_node.status == Status::Excluded {
            Status::Excluded
        } else {
            status
        },
    );
    node.filter = el
        .attribute("data-pagefind-filter")
        .map(|a| attribute_list(&a, el));
    node.meta = el
        .attribute("data-pagefind-meta")
        .map(|a| attribute_list(&a, el));
    node.default_meta = el
        .attribute("data-pagefind-default-meta")
        .map(|a| attribute_list(&a, el));
    node.weight = el.attribute("data-pagefind-weight");
    node.anchors = anchors;
    parse.nodes.push(node);
    let id = parse.nodes.len() - 1;
    parse.current = id;
    id
}

/// Filters and metadata an element declares, recorded when it closes.
fn record(parse: &mut Parse, id: usize) {
    let node = &parse.nodes[id];
    let pairs = |list: &Option<Vec<String>>| -> Vec<(String, String)> {
        list.iter()
            .flatten()
            .filter_map(|item| pair(item, &node.value))
            .collect()
    };
    let (filters, meta, defaults) = (
        pairs(&node.filter),
        pairs(&node.meta),
        pairs(&node.default_meta),
    );
    for (filter, value) in filters {
        parse.filters.entry(filter).or_default().push(value);
    }
    parse.meta.extend(meta);
    parse.default_meta.extend(defaults);
}

/// `name:value` as given, or `name` with the element's text as the value.
fn pair(item: &str, text: &str) -> Option<(String, String)> {
    match item.split_once(':') {
        Some((name, value)) => Some((name.to_string(), normalize_content(value))),
        None if text.is_empty() => None,
        None => Some((item.to_string(), normalize_content(text))),
    }
}

/// An element closes: its text goes to its parent's, as Pagefind's fold does.
pub(super) fn finish(parse: &mut Parse, id: usize, tag: &str) {
    let Some(parent) = parse.nodes[id].parent else {
        return;
    };
    parse.current = parent;
    let status = parse.nodes[id].status;
    if status == Status::Excluded {
        return;
    }
    record(parse, id);
    let value = &parse.nodes[id].value;
    if tag == "h1" && !parse.meta.contains_key("auto_title") && !value.trim().is_empty() {
        let title = normalize_content(value);
        parse.meta.insert("auto_title".into(), title);
    }
    if tag == "title" && !parse.meta.contains_key("auto_page_title") {
        let title = normalize_content(value);
        parse.meta.insert("auto_page_title".into(), title);
    }
    if status == Status::Ignored {
        return;
    }
    let mut value = std::mem::take(&mut parse.nodes[id].value);
    if SENTENCE.contains(&tag) {
        value.insert(0, ' ');
        if value.chars().last().is_some_and(ends_sentence) {
            value.push('.');
        }
        value.push(' ');
    }
    let weight = parse.nodes[id].weight.clone();
    let auto_weight = match tag {
        "h1" => Some("7"),
        "h2" => Some("6"),
        "h3" => Some("5"),
        "h4" => Some("4"),
        "h5" => Some("3"),
        "h6" => Some("2"),
        _ => None,
    };
    if let Some(weight) = weight {
        value = format!(" ___PAGEFIND_WEIGHT___{weight} {value} ___END_PAGEFIND_WEIGHT___ ");
    } else if let Some(weight) = auto_weight {
        value = format!(" ___PAGEFIND_AUTO_WEIGHT___{weight} {value} ___END_PAGEFIND_WEIGHT___ ");
    }
    let parent = &mut parse.nodes[parent];
    if parent.status == Status::ParentOfBody
        && !matches!(status, Status::Body | Status::ParentOfBody)
    {
        return;
    }
    fold(parent, status, &value, true);
}

/// `child`'s text into `parent`: appended, or (a body) replacing what came before it.
fn fold(parent: &mut Node, status: Status, value: &str, clear_once: bool) {
    match status {
        Status::Ignored | Status::Excluded => {}
        Status::Indexing => parent.value.push_str(value),
        Status::Body | Status::ParentOfBody => {
            if !clear_once || parent.status != Status::ParentOfBody {
                parent.value.clear();
            }
            parent.value.push_str(value);
            parent.status = Status::ParentOfBody;
        }
    }
}

/// An element without content (`<img>`, `<br>`): closed at once.
pub(super) fn finish_void(parse: &mut Parse, id: usize, tag: &str, el: &impl StartTag) {
    if let Some(parent) = parse.nodes[id].parent {
        parse.current = parent;
    }
    if parse.nodes[id].status == Status::Excluded {
        return;
    }
    record(parse, id);
    let titled = parse.meta.contains_key("auto_title") || parse.meta.contains_key("title");
    if tag == "img"
        && titled
        && !parse.meta.contains_key("auto_image")
        && let Some(src) = el.attribute("src")
    {
        parse
            .meta
            .insert("auto_image".into(), normalize_content(&src));
        if let Some(alt) = el.attribute("alt") {
            parse
                .meta
                .insert("auto_image_alt".into(), normalize_content(&alt));
        }
    }
}

/// The end of the page: what is still open folds into the root; metadata settles.
pub(super) fn wrap(mut parse: Parse) -> Digest {
    let mut id = parse.current;
    while let Some(parent) = parse.nodes[id].parent {
        let value = std::mem::take(&mut parse.nodes[id].value);
        let status = parse.nodes[id].status;
        let parent_node = &mut parse.nodes[parent];
        if parent_node.status != Status::ParentOfBody {
            fold(parent_node, status, &value, false);
        }
        id = parent;
    }
    let mut meta = parse.meta;
    if let Some(image) = meta.remove("auto_image") {
        let alt = meta.remove("auto_image_alt").unwrap_or_default();
        if !meta.contains_key("image") {
            meta.insert("image".into(), image);
            meta.insert("image_alt".into(), alt);
        }
    }
    for automatic in ["auto_title", "auto_page_title"] {
        if let Some(title) = meta.remove(automatic) {
            meta.entry("title".into()).or_insert(title);
        }
    }
    let mut all_meta = parse.default_meta;
    all_meta.extend(meta);
    let root = &parse.nodes[0];
    Digest {
        text: normalize_content(&root.value),
        filters: parse.filters,
        meta: all_meta,
        anchor_text: parse.anchor_text,
        anchor_titles: parse.anchor_titles,
        has_body: root.status == Status::ParentOfBody,
    }
}

/// `data-pagefind-meta="title, image[src], author:Jane"` as `["title", "image:<src>", "author:Jane"]`.
fn attribute_list(input: &str, el: &impl StartTag) -> Vec<String> {
    if let Some((names, literal)) = input.split_once(':') {
        let mut list = attribute_list(names, el);
        if let Some(last) = list.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return list;
    }
    input
        .split(',')
        .map(|item| {
            let item = item.trim();
            match item.split_once('[') {
                Some((name, rest))
                    if rest.ends_with(']')
                        && !name.trim().is_empty()
                        && !name.contains([':', ']']) =>
                {
                    let attribute = &rest[..rest.len() - 1];
                    let value = el.attribute(attribute).unwrap_or_default();
                    format!("{}:{value}", name.trim())
                }
                _ => item.to_string(),
            }
        })
        .collect()
}

/// Characters after which a block needs no added full stop... inverted: those that get one.
fn ends_sentence(c: char) -> bool {
    c.is_alphanumeric()
        || WORD_SYMBOLS.contains(&c)
        || unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\'' | '"' | ')' | '$' | '*')
}

/// Entities decoded, ends trimmed, line breaks and runs of white space made one space.
pub fn normalize_content(content: &str) -> String {
    let decoded = html_escape::decode_html_entities(content);
    let trimmed = decoded.trim();
    if trimmed.contains('\n') {
        collapse_runs(&join_lines(trimmed))
    } else {
        collapse_runs(trimmed)
    }
}

/// One space for each run of `\n` and `\r\n`; the lines are copied whole.
fn join_lines(text: &str) -> String {
    let bytes = text.as_bytes();
    let breaks_at = |at: usize| match bytes.get(at) {
        Some(b'\n') => 1,
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => 2,
        _ => 0,
    };
    let mut lines = String::with_capacity(text.len());
    let (mut at, mut kept) = (0, 0);
    while at < bytes.len() {
        if breaks_at(at) == 0 {
            at += 1;
            continue;
        }
        lines.push_str(&text[kept..at]);
        while breaks_at(at) > 0 {
            at += breaks_at(at);
        }
        lines.push(' ');
        kept = at;
    }
    lines.push_str(&text[kept..]);
    lines
}

/// A single white-space character kept as it is, a run of two or more made one space; the text
/// between runs is copied a stretch at a time.
fn collapse_runs(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut spaced = String::with_capacity(text.len());
    // The run of white space being read: where it starts and how many characters it has; `kept`
    // is where the stretch of other characters not yet copied starts. Read by bytes: a
    // character is decoded only where a byte is not ASCII.
    let (mut run_start, mut run, mut kept) = (0, 0usize, 0);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (space, len) = if b.is_ascii() {
            // `char::is_whitespace` counts the vertical tab, `u8::is_ascii_whitespace` does not.
            (b.is_ascii_whitespace() || b == 0x0b, 1)
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if run == 0 {
                spaced.push_str(&text[kept..at]);
                run_start = at;
            }
            run += 1;
        } else if run > 0 {
            flush_run(&mut spaced, &text[run_start..at], run);
            run = 0;
            kept = at;
        }
        at += len;
    }
    if run > 0 {
        flush_run(&mut spaced, &text[run_start..], run);
    } else {
        spaced.push_str(&text[kept..]);
    }
    spaced
}

fn flush_run(out: &mut String, run_text: &str, run: usize) {
    match run {
        0 => {}
        1 => out.push_str(run_text),
        _ => out.push(' '),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_normalised_like_pagefind() {
        assert_eq!(normalize_content("  a\n\n b &amp;\tc  \r\n"), "a b &\tc");
        assert_eq!(normalize_content("x  \t y"), "x y");
        assert_eq!(normalize_content("a\r b\r\n\r\nc\u{a0}d"), "a b c\u{a0}d");
        assert_eq!(
            normalize_content("one\ttwo \u{2003} three"),
            "one\ttwo three"
        );
        assert_eq!(collapse_runs("é  ü\u{2003}ß \n"), "é ü\u{2003}ß ");
        assert_eq!(collapse_runs(""), "");
        assert_eq!(join_lines("a\n\r\n\nb\r\r\nc\rd\n"), "a b\r c\rd ");
        assert_eq!(collapse_runs("  x"), " x");
        assert_eq!(
            collapse_runs("a\u{b}\u{b}b\u{b}c\u{85}\u{a0}d"),
            "a b\u{b}c d"
        );
    }

    #[test]
    fn the_body_replaces_the_page_and_headings_weigh_more() {
        let digest = digest(
            "<html lang=en><head><title>T</title></head><body><p>chrome</p>\
             <main data-pagefind-body><h1 id=top>Big <a class=anchor href=#top>#</a></h1>\
             <p>Words here</p><nav>menu</nav></main></body></html>",
            &["a.anchor"],
        );
        assert!(digest.has_body);
        assert_eq!(
            digest.text,
            "___PAGEFIND_ANCHOR___h1:0:top ___PAGEFIND_AUTO_WEIGHT___7 Big ___END_PAGEFIND_WEIGHT___ Words here."
        );
        assert_eq!(digest.meta.get("title").map(String::as_str), Some("Big"));
        assert_eq!(
            digest.anchor_text.get("0:top").map(String::as_str),
            Some("Big ")
        );
    }
}
