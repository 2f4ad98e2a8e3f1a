//! Label text as Mermaid writes it, made plain for our `<text>`: markdown strings (`"`**bold**`"`),
//! `<br>` line breaks, `#quot;`-style entity codes; and `key:value` style lists.

use super::ast::Prop;
use crate::diagram::Span;

/// The plain text of a label: `<br>` becomes a line break, markdown emphasis markers and the
/// backquotes of a markdown string are dropped, entity codes are decoded, and runs of blanks shrink.
pub fn plain(label: &str) -> String {
    let mut text = label.trim().to_string();
    if text.len() >= 2 && text.starts_with('`') && text.ends_with('`') {
        text = text[1..text.len() - 1].to_string();
    }
    for br in ["<br/>", "<br />", "<br>", "<BR>", "<BR/>", "\\n"] {
        text = text.replace(br, "\n");
    }
    text = text.replace("**", "").replace("__", "");
    text = strip_single_emphasis(&text);
    text = entities(&text);
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `*word*` / `_word_` at word boundaries lose their markers; `snake_case` keeps its underscore.
fn strip_single_emphasis(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '*' | '_') {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(i + 1);
            let inner = |x: Option<&char>| x.is_some_and(|x| x.is_alphanumeric());
            if !(inner(before) && inner(after)) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// Mermaid's `#name;` and `#123;` codes.
pub(crate) fn entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let code = after.find(';').map(|end| &after[..end]);
        let decoded = code.and_then(|code| match code {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some(' '),
            "35" => Some('#'),
            "infin" => Some('∞'),
            "hellip" => Some('…'),
            "mdash" => Some('—'),
            "ndash" => Some('–'),
            "rarr" => Some('→'),
            "larr" => Some('←'),
            "harr" => Some('↔'),
            "copy" => Some('©'),
            n => n.parse::<u32>().ok().and_then(char::from_u32),
        });
        match (decoded, code) {
            (Some(c), Some(code)) => {
                out.push(c);
                rest = &after[code.len() + 1..];
            }
            _ => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `fill:#f9f,stroke:#333,stroke-width:4px` (written at `offset`) -> one [`Prop`] each.
pub fn props(text: &str, offset: usize) -> Vec<Prop> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split(',') {
        let at = offset + start;
        start += piece.len() + 1;
        let Some((key, value)) = piece.split_once(':') else {
            continue;
        };
        let lead = piece.len() - piece.trim_start().len();
        out.push(Prop {
            key: key.trim().to_ascii_lowercase(),
            value: value.trim().trim_end_matches(';').trim().to_string(),
            span: Span {
                start: at + lead,
                end: at + piece.trim_end().len(),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_strings_and_breaks_become_plain_lines() {
        assert_eq!(plain("`**Bold** and *it*`"), "Bold and it");
        assert_eq!(plain("one<br>two<br/>three"), "one\ntwo\nthree");
        assert_eq!(
            plain("snake_case #quot;x#quot; #9829;"),
            "snake_case \"x\" ♥"
        );
    }

    #[test]
    fn props_keep_their_spans() {
        let props = props("fill:#f9f, stroke-dasharray: 5 5", 100);
        assert_eq!(props[1].key, "stroke-dasharray");
        assert_eq!(props[1].value, "5 5");
        assert_eq!(props[1].span.start, 111);
    }
}
