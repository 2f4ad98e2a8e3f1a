//! Fence info strings as mdBook and MkDocs write them: the language is the first word before any
//! `,` (`rust,editable`), or the first `.class` of an attribute list (`{ .yaml .copy }`); a
//! `title="x.conf"` attribute is shown as the block's caption. The rest (mdBook's `editable`,
//! `ignore`, MkDocs' `linenums`, `hl_lines`) changes nothing here and is not a language. A `#id`
//! in the attribute list (`{ .sh #example }`) is the block's id, as attr_list gives it.

use crate::highlight::escape;

#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FenceInfo {
    pub language: String,
    pub title: Option<String>,
    pub id: Option<String>,
}

pub(super) fn parse(info: &str) -> FenceInfo {
    let info = info.trim();
    let (head, attributes) = match info.strip_prefix('{') {
        Some(rest) => ("", rest.trim_end_matches('}')),
        None => match info.find(|c: char| c.is_whitespace() || c == '{') {
            Some(at) => (
                &info[..at],
                info[at..]
                    .trim()
                    .trim_start_matches('{')
                    .trim_end_matches('}'),
            ),
            None => (info, ""),
        },
    };
    // MkDocs writes attributes without a language (```` ``` title="x" ````, ```` ``` hl_lines="3" ````)
    // and a language as a class without braces (```` ``` .sh ````).
    let (head, attributes) = if head.contains('=') {
        ("", info.trim_start_matches('{').trim_end_matches('}'))
    } else {
        (head.strip_prefix('.').unwrap_or(head), attributes)
    };
    let mut language = head.split(',').next().unwrap_or_default().to_string();
    if language.is_empty() {
        language = attributes
            .split_whitespace()
            .find_map(|word| word.strip_prefix('.'))
            .unwrap_or_default()
            .to_string();
    }
    let id = attributes
        .split_whitespace()
        .find_map(|word| word.strip_prefix('#'))
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    FenceInfo {
        language,
        title: title(attributes),
        id,
    }
}

/// The value of `title="..."` (or `title='...'`, or a bare word).
fn title(attributes: &str) -> Option<String> {
    let at = attributes.find("title=")?;
    let rest = &attributes[at + "title=".len()..];
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let inner = &rest[1..];
            &inner[..inner.find(quote).unwrap_or(inner.len())]
        }
        _ => rest.split_whitespace().next().unwrap_or_default(),
    };
    (!value.is_empty()).then(|| value.to_string())
}

/// The caption shown above a block with a `title`.
pub(super) fn title_html(title: &str) -> String {
    format!("<div class=\"code-title\">{}</div>\n", escape(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(info: &str) -> (String, Option<String>) {
        let parsed = parse(info);
        (parsed.language, parsed.title)
    }

    #[test]
    fn an_attribute_list_id_is_the_blocks_id() {
        let info = parse("{ .sh .no-copy #example }");
        assert_eq!(
            (info.language.as_str(), info.id.as_deref()),
            ("sh", Some("example"))
        );
        assert_eq!(parse("c# {#x}").id.as_deref(), Some("x"));
        assert_eq!(parse("c#").id, None);
        assert_eq!(parse("{ .sh # }").id, None);
    }

    #[test]
    fn languages_and_titles_come_out_of_every_dialect() {
        assert_eq!(of("rust"), ("rust".into(), None));
        assert_eq!(of("rust,editable,ignore"), ("rust".into(), None));
        assert_eq!(of("{ .yaml .copy }"), ("yaml".into(), None));
        assert_eq!(
            of("yaml title=\"x.conf\""),
            ("yaml".into(), Some("x.conf".into()))
        );
        assert_eq!(
            of("py title='a b.py' linenums=\"1\""),
            ("py".into(), Some("a b.py".into()))
        );
        assert_eq!(
            of("toml { title=\"site.toml\" }"),
            ("toml".into(), Some("site.toml".into()))
        );
        assert_eq!(of(""), (String::new(), None));
        assert_eq!(
            of("title=\".gitignore\""),
            (String::new(), Some(".gitignore".into()))
        );
        assert_eq!(
            of("title=\"Content tabs\" hl_lines=\"3\""),
            (String::new(), Some("Content tabs".into()))
        );
        assert_eq!(of("hl_lines=\"9-12\"\""), (String::new(), None));
        assert_eq!(of(".sh"), ("sh".into(), None));
        assert_eq!(of(".yaml title=\"a\""), ("yaml".into(), Some("a".into())));
    }
}
