//! Ids a page defines besides its headings' slugs: attribute-list ids on headings (`{#x}`,
//! `{ #x .cls }`, `{ id="x" }`) and the `id=` / `<a name=>` of raw HTML, so links to them check out.

use pulldown_cmark::CowStr;

/// The id of a heading: `{#x}` as pulldown-cmark reads it, else an `id="x"` attribute.
pub(super) fn heading_id(id: Option<&str>, attrs: &[(CowStr, Option<CowStr>)]) -> Option<String> {
    if let Some(id) = id {
        return Some(id.to_string());
    }
    attrs
        .iter()
        .find(|(key, _)| key.as_ref() == "id")
        .and_then(|(_, value)| value.as_deref())
        .map(|value| value.trim_matches(['"', '\'']).to_string())
        .filter(|value| !value.is_empty())
}

/// Cheap test before [`ids_in`]: most raw HTML defines no id.
pub(super) fn may_define(html: &str) -> bool {
    html.contains("id=") || html.contains("name=")
}

/// The values of every `id=` attribute and of `name=` on `<a>` tags in `html`.
pub(super) fn ids_in(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut in_anchor_tag = false;
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'<' => {
                let rest = &html[at + 1..];
                in_anchor_tag = rest.len() > 1
                    && rest.as_bytes()[0].eq_ignore_ascii_case(&b'a')
                    && rest.as_bytes()[1].is_ascii_whitespace();
            }
            b'>' => in_anchor_tag = false,
            c if c.is_ascii_whitespace() => {
                let rest = &html[at + 1..];
                let value = if let Some(v) = rest.strip_prefix("id=") {
                    Some(v)
                } else if in_anchor_tag {
                    rest.strip_prefix("name=")
                } else {
                    None
                };
                if let Some(value) = value.and_then(attribute_value) {
                    ids.push(value.to_string());
                }
            }
            _ => {}
        }
        at += 1;
    }
    ids
}

/// A quoted or bare attribute value at the start of `text`.
fn attribute_value(text: &str) -> Option<&str> {
    let value = match text.chars().next()? {
        quote @ ('"' | '\'') => {
            let inner = &text[1..];
            &inner[..inner.find(quote)?]
        }
        _ => {
            let end = text
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .unwrap_or(text.len());
            &text[..end]
        }
    };
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_ids_and_anchor_names_are_found() {
        let html = r#"<div id="top" class="x"><a name=legacy></a><span data-id="no" id='two'></span><meta name="nope">"#;
        assert_eq!(ids_in(html), ["top", "legacy", "two"]);
        let attrs = vec![(CowStr::from("id"), Some(CowStr::from("\"x\"")))];
        assert_eq!(heading_id(None, &attrs).as_deref(), Some("x"));
        assert_eq!(heading_id(Some("y"), &attrs).as_deref(), Some("y"));
    }
}
