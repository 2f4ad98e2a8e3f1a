//! The comment shortcodes of the Material for MkDocs docs (`<!-- md:setting config.x -->`,
//! `<!-- md:option tags.tags_file -->`), which the hook of their docs (`shortcodes.py`) turns into
//! linkable names that other pages point at. Here the comments stay comments, but the ids they
//! stand for are ids of the page, so those links check out:
//!
//! - `md:setting NAME` gives `NAME` (`config.tags_file`);
//! - `md:option NAME` gives `+NAME` (`+tags.tags_file`).
//!
//! Other shortcodes (`md:version`, `md:flag`, `md:default`, ...) draw badges and define no id.

/// Cheap test before [`defined_in`].
pub(super) fn may_define(html: &str) -> bool {
    html.contains("<!-- md:")
}

/// A name a shortcode makes linkable: the page's id for it and the short name shown
/// (`config.tags_file` shows `tags_file`; `+type:note` shows `note`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Defined {
    pub id: String,
    pub name: String,
}

/// What the shortcodes in `html` define, in order.
pub(super) fn defined_in(html: &str) -> Vec<Defined> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<!-- md:") {
        rest = &rest[at + "<!-- md:".len()..];
        let Some(end) = rest.find(" -->") else { break };
        let shortcode = &rest[..end];
        rest = &rest[end..];
        let kind_end = shortcode
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(shortcode.len());
        let (kind, argument) = shortcode.split_at(kind_end);
        let argument = argument.trim();
        if argument.is_empty() {
            continue;
        }
        let (id, separators): (String, &[char]) = match kind.to_ascii_lowercase().as_str() {
            "setting" => (argument.to_string(), &['.', '*']),
            "option" => (format!("+{argument}"), &['.', ':']),
            _ => continue,
        };
        let name = argument.rsplit(separators).next().unwrap_or(argument);
        found.push(Defined {
            id,
            name: name.to_string(),
        });
    }
    found
}

/// The names `md:setting` shortcodes in a page's Markdown define: the hook also writes a link
/// reference definition for each (`[config.x]: #config.x`), which the page's `[text][config.x]`
/// links use.
pub(super) fn setting_names(markdown: &str) -> Vec<String> {
    if !may_define(markdown) {
        return Vec::new();
    }
    defined_in(markdown)
        .into_iter()
        .filter(|defined| !defined.id.starts_with('+'))
        .map(|defined| defined.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_options_define_their_names() {
        let html = "<!-- md:version 9.2.0 -->\n<!-- md:setting config.tags_file -->\n";
        assert!(may_define(html));
        let ids = |html: &str| -> Vec<(String, String)> {
            defined_in(html)
                .into_iter()
                .map(|d| (d.id, d.name))
                .collect()
        };
        assert_eq!(ids(html), [("config.tags_file".into(), "tags_file".into())]);
        assert_eq!(
            ids("<!-- md:option type:note --> and <!-- md:option blog.post_dir -->"),
            [
                ("+type:note".into(), "note".into()),
                ("+blog.post_dir".into(), "post_dir".into())
            ]
        );
        assert_eq!(setting_names(html), ["config.tags_file"]);
    }

    #[test]
    fn other_shortcodes_and_plain_comments_define_nothing() {
        for html in [
            "<!-- md:flag experimental -->",
            "<!-- md:default none -->",
            "<!-- md:setting -->",
            "<!-- md:setting config.x",
            "<!-- a comment -->",
        ] {
            assert_eq!(defined_in(html), Vec::<Defined>::new(), "{html}");
        }
    }
}
