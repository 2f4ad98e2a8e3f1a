//! Heading slug rules a site can choose (`[markdown] slug`), so `#anchor` links written for the tool
//! a docs tree came from keep working:
//!
//! - `github` (default): lower-case; letters, digits, `-` and `_` kept; each space becomes `-`;
//!   everything else dropped (`TLS 1.3 handshake` -> `tls-13-handshake`).
//! - `zola`: Zola's default (`slugify.anchors = "on"`): accents folded to ASCII, lower-case, every
//!   run of other characters (underscores and spaces included) becomes one `-`, none at the ends
//!   (`load_data` -> `load-data`).
//! - `python-markdown`: the `toc` extension's `slugify` that MkDocs uses: accents folded to ASCII
//!   and other non-ASCII dropped, characters other than word characters, spaces and `-` dropped,
//!   lower-case, runs of spaces and `-` become one `-` (`load_data` -> `load_data`).

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlugRule {
    #[default]
    Github,
    Zola,
    PythonMarkdown,
}

/// The slug of a heading's text under `rule`; `section` when nothing is left.
pub fn slug(rule: SlugRule, text: &str) -> String {
    let slug = match rule {
        SlugRule::Github => return super::headings::slugify(text),
        SlugRule::Zola => zola(text),
        SlugRule::PythonMarkdown => python_markdown(text),
    };
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// NFKD, then only ASCII: `é` -> `e`, `ß` and CJK dropped.
fn ascii_folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfkd().filter(char::is_ascii)
}

fn zola(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in ascii_folded(text) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn python_markdown(text: &str) -> String {
    let kept: String = ascii_folded(text)
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_ascii_whitespace())
        .collect();
    let mut out = String::with_capacity(kept.len());
    for c in kept.trim().chars() {
        if c == '-' || c.is_ascii_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_slugs_as_its_tool_does() {
        let cases = [
            ("load_data", "load_data", "load-data", "load_data"),
            (
                "TLS 1.3 handshake",
                "tls-13-handshake",
                "tls-1-3-handshake",
                "tls-13-handshake",
            ),
            (
                "CNAME & A records",
                "cname--a-records",
                "cname-a-records",
                "cname-a-records",
            ),
            (
                "Café  déjà-vu",
                "café--déjà-vu",
                "cafe-deja-vu",
                "cafe-deja-vu",
            ),
            ("get_page()", "get_page", "get-page", "get_page"),
            ("!!!", "section", "section", "section"),
        ];
        for (text, github, zola, python) in cases {
            assert_eq!(slug(SlugRule::Github, text), github, "{text}");
            assert_eq!(slug(SlugRule::Zola, text), zola, "{text}");
            assert_eq!(slug(SlugRule::PythonMarkdown, text), python, "{text}");
        }
    }
}
