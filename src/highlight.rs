//! Syntax highlighting at build time: code in, HTML with `hl-`-prefixed CSS classes out, plus the one
//! stylesheet (`css/highlight.css`) that colours those classes in light and dark mode.
//!
//! The grammar set (two-face's maintained bat collection) is a precompiled dump, loaded once per
//! process on first use and shared by every rendering thread. Lines already highlighted in the same
//! parser state are taken from a per-thread memo ([`line_memo`]), with output identical to
//! highlighting them afresh ([`code_block_uncached`]).

pub mod line_memo;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Fence names that do not match a grammar's own tokens but that people write.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("docker", "Dockerfile"),
    ("dockerfile", "Dockerfile"),
    ("apache", "Apache Conf"),
    ("apacheconf", "Apache Conf"),
    ("htaccess", "Apache Conf"),
    ("nginx", "nginx"),
    ("conf", "INI"),
    ("cfg", "INI"),
    ("systemd", "INI"),
    ("hcl", "Terraform"),
    ("http", "HTTP Request and Response"),
    ("yml", "YAML"),
    ("js", "JavaScript"),
    ("ts", "TypeScript"),
    ("py", "Python"),
    ("rs", "Rust"),
    ("golang", "Go"),
    ("patch", "Diff"),
    // Template languages docs trees show (mdBook's theme guide, Zola's): no grammar of their own,
    // so the markup they are written in.
    ("hbs", "HTML"),
    ("handlebars", "HTML"),
    ("tera", "Jinja2"),
    ("jinja", "Jinja2"),
];

/// Languages rendered plainly on purpose, without a warning. The bundled grammars have none for DNS
/// zone files or HAProxy configuration, which infrastructure pages use often.
const PLAIN: &[&str] = &[
    "",
    "text",
    "txt",
    "plain",
    "plaintext",
    "output",
    "log",
    "mermaid",
    "zone",
    "dns",
    "bind",
    "haproxy",
];

/// The grammar for a fence's language. Looking one up scans every grammar's name and file
/// extensions, and every code block asks twice, so each thread remembers its answers.
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    thread_local! {
        static FOUND: RefCell<HashMap<String, Option<&'static SyntaxReference>>> =
            RefCell::new(HashMap::new());
    }
    FOUND.with_borrow_mut(|found| {
        if let Some(syntax) = found.get(language) {
            return *syntax;
        }
        let syntax = search_syntax(language);
        // Fence names are few on any site; the bound only guards against a pathological one.
        if found.len() < 1024 {
            found.insert(language.to_string(), syntax);
        }
        syntax
    })
}

fn search_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let set = &*SYNTAXES;
    let lower = language.to_ascii_lowercase();
    if let Some((_, name)) = ALIASES.iter().find(|(alias, _)| *alias == lower) {
        if let Some(syntax) = set.find_syntax_by_name(name) {
            return Some(syntax);
        }
        if let Some(syntax) = set.find_syntax_by_token(name) {
            return Some(syntax);
        }
    }
    set.find_syntax_by_token(language)
        .or_else(|| set.find_syntax_by_name(language))
}

/// True when `language` (a fence's first word) is highlighted or plain on purpose; false for a
/// named language with no grammar, which [`code_block`] shows as plain text.
pub fn knows(language: &str) -> bool {
    let language = language.trim();
    PLAIN.contains(&language.to_ascii_lowercase().as_str()) || find_syntax(language).is_some()
}

/// Result of highlighting one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    /// The whole `<pre>` element.
    pub html: String,
    /// False when the language was named but is unknown (rendered as plain text).
    pub known: bool,
}

/// Renders a fenced block. `language` is the fence's first word (may be empty).
pub fn code_block(language: &str, code: &str) -> Highlighted {
    render_block(language, code, |syntax| {
        line_memo::highlight(syntax, &SYNTAXES, CLASS_STYLE, code)
    })
}

/// [`code_block`] without the line memo: every line parsed afresh by syntect's own HTML generator.
/// The reference the memo is tested against, and the baseline of the highlighting benchmarks.
pub fn code_block_uncached(language: &str, code: &str) -> Highlighted {
    render_block(language, code, |syntax| classed(syntax, code))
}

fn render_block(
    language: &str,
    code: &str,
    highlight: impl FnOnce(&'static SyntaxReference) -> Option<String>,
) -> Highlighted {
    let language = language.trim();
    let plain = PLAIN.contains(&language.to_ascii_lowercase().as_str());
    let syntax = if plain { None } else { find_syntax(language) };
    let body = syntax.and_then(highlight);
    let lang_attr = escape(language);
    let html = match (language.is_empty(), body) {
        (true, _) => format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code)),
        (false, Some(body)) => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{body}</code></pre>\n"
        ),
        (false, None) => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
            escape(code)
        ),
    };
    Highlighted {
        html,
        known: plain || syntax.is_some(),
    }
}

fn classed(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        // A grammar that fails on some input degrades to plain text rather than failing the build.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// Escapes text for HTML element content and attribute values.
///
/// Every template variable goes through here, so runs without special characters are copied
/// whole rather than character by character (the special characters are all ASCII, so byte
/// positions are character boundaries).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
}

/// Names accepted by `[highlight] light_theme` / `dark_theme`.
pub fn theme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|name| name.as_name())
        .collect()
}

fn theme_by_name(name: &str) -> Option<EmbeddedThemeName> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|theme| theme.as_name().eq_ignore_ascii_case(name))
}

/// The stylesheet for both themes, or the name that is not a known theme.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let themes = two_face::theme::extra();
    let light_theme = themes.get(theme_by_name(light).ok_or_else(|| light.to_string())?);
    let dark_theme = themes.get(theme_by_name(dark).ok_or_else(|| dark.to_string())?);
    let light_css =
        css_for_theme_with_class_style(light_theme, CLASS_STYLE).map_err(|e| e.to_string())?;
    let dark_css =
        css_for_theme_with_class_style(dark_theme, CLASS_STYLE).map_err(|e| e.to_string())?;
    let mut out =
        String::from("/* Generated by infrabook from the configured highlight themes. */\n");
    out.push_str(&scope(&light_css, ":root"));
    out.push_str(&scope(&dark_css, "[data-theme=\"dark\"]"));
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&scope(&dark_css, ":root:not([data-theme=\"light\"])"));
    out.push_str("}\n");
    Ok(out)
}

/// Prefixes every selector of a flat rule list (syntect emits no nesting) with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let selectors = strip_comments(&rest[..open]);
        let body = &rest[open..open + close + 1];
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                // The theme's base rule targets `.hl-code`; apply it to our `<pre class="code">`.
                let s = if s == ".hl-code" { "pre.code" } else { s };
                format!("{prefix} {s}")
            })
            .collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(",\n"));
            out.push(' ');
            out.push_str(body);
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infrastructure_languages_are_known() {
        for lang in [
            "bash",
            "sh",
            "nginx",
            "apache",
            "ini",
            "toml",
            "yaml",
            "json",
            "sql",
            "python",
            "javascript",
            "rust",
            "go",
            "dockerfile",
            "diff",
            "http",
        ] {
            assert!(
                code_block(lang, "x = 1\n").known,
                "{lang} should be highlighted"
            );
        }
    }

    /// The mdBook guide writes ```` ```hbs ```` and ```` ```handlebars ````, the Zola docs ```` ```tera ````.
    #[test]
    fn template_languages_of_docs_trees_are_known() {
        for lang in ["hbs", "handlebars", "tera", "jinja"] {
            assert!(
                code_block(lang, "{{#if x}}<b>{{ y }}</b>{{/if}}\n").known,
                "{lang} should be highlighted"
            );
        }
    }

    #[test]
    fn highlighted_code_uses_prefixed_classes() {
        let out = code_block("rust", "fn main() {}\n");
        assert!(
            out.html.starts_with(
                "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\">"
            )
        );
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
    }

    #[test]
    fn escape_replaces_only_the_five_special_characters() {
        assert_eq!(
            escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
        );
        assert_eq!(escape("Größe → 🙂 <"), "Größe → 🙂 &lt;");
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let out = code_block("klingon", "<b>&</b>\n");
        assert!(!out.known);
        assert!(out.html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
    }

    #[test]
    fn stylesheet_has_light_and_both_dark_scopes() {
        let css = stylesheet("InspiredGitHub", "OneHalfDark").unwrap();
        assert!(css.contains(":root .hl-"));
        assert!(css.contains("[data-theme=\"dark\"] .hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(css.contains(":root:not([data-theme=\"light\"]) .hl-"));
        assert!(stylesheet("nope", "OneHalfDark").is_err());
    }
}
