//! Text for language models: `llms.txt` (the llmstxt.org layout: an H1, a blockquote, then one H2
//! per section with a list of links) and each page's Markdown, rewritten for a reader that has only
//! the text: every diagram fence (`infra`, `mermaid`, `sequence`) and every image of an `.infra` file
//! becomes its description in words, and every link to a page of the site points at that page's
//! Markdown (`/dns/records/index.md#cname`) instead of its source file.
//!
//! The page is parsed with pulldown-cmark only to find where fences, links and link reference
//! definitions sit; everything else is copied byte for byte.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

/// One page listed in `llms.txt`.
pub struct LlmsPage {
    pub title: String,
    /// The URL of the page's Markdown (`…/dns/records/index.md`).
    pub url: String,
    pub description: String,
}

/// `llms.txt`: `sections` as (heading, pages), in reading order.
pub fn llms_txt(title: &str, description: &str, sections: &[(String, Vec<LlmsPage>)]) -> String {
    let mut out = format!("# {title}\n\n");
    if !description.is_empty() {
        out.push_str(&format!("> {description}\n\n"));
    }
    for (heading, pages) in sections.iter().filter(|(_, p)| !p.is_empty()) {
        out.push_str(&format!("## {heading}\n\n"));
        for page in pages {
            out.push_str(&format!("- [{}]({})", page.title, page.url));
            if !page.description.is_empty() {
                out.push_str(&format!(": {}", page.description));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// What the site tells [`page_markdown`] about the things a page's Markdown points at.
pub trait MarkdownSite {
    /// A fenced block of `language` in words, or `None` to keep the block as it is (code, or a
    /// diagram that does not parse).
    fn describe_fence(&self, language: &str, code: &str) -> Option<String>;
    /// The diagram file an image names (`../diagrams/stack.infra`) in words; `None` keeps the image.
    fn describe_file(&self, target: &str) -> Option<String>;
    /// The URL to write for a link target as the author wrote it; `None` keeps it (external links,
    /// same-page anchors, targets the site does not know).
    fn link(&self, target: &str) -> Option<String>;
}

/// A page as Markdown: its title and description, then `body` (includes already expanded) with
/// its diagrams in words and its links pointing at the site's Markdown pages.
pub fn page_markdown(
    title: &str,
    description: &str,
    body: &str,
    site: &dyn MarkdownSite,
) -> String {
    let mut out = format!("# {title}\n\n");
    if !description.is_empty() {
        out.push_str(&format!("{description}\n\n"));
    }
    let mut edits = edits(body, site);
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&body[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// A fence being read: its language, where the whole block sits, and its code.
struct OpenFence {
    language: String,
    code: String,
}

/// Every replacement to make in `body`: (byte range, new text), in no particular order.
fn edits(body: &str, site: &dyn MarkdownSite) -> Vec<(Range<usize>, String)> {
    let parser = Parser::new_ext(body, options());
    let mut edits = Vec::new();
    for (_, definition) in parser.reference_definitions().iter() {
        if let Some(url) = site.link(&definition.dest) {
            if let Some(at) = destination(body, definition.span.clone(), &definition.dest, "]:") {
                edits.push((at, url));
            }
        }
    }
    let mut fence: Option<OpenFence> = None;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                fence = Some(OpenFence {
                    language: language(&info),
                    code: String::new(),
                });
            }
            Event::Text(text) if fence.is_some() => {
                if let Some(open) = &mut fence {
                    open.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let words = fence
                    .take()
                    .and_then(|open| site.describe_fence(&open.language, &open.code));
                if let Some(words) = words {
                    edits.push(quote(body, range, &words));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) if is_diagram_file(&dest_url) => {
                if let Some(words) = site.describe_file(&dest_url) {
                    edits.push(quote(body, range, &words));
                } else {
                    edits.extend(inline_link(body, range, link_type, &dest_url, site));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => edits.extend(inline_link(body, range, link_type, &dest_url, site)),
            _ => {}
        }
    }
    edits
}

/// The edit for an inline link (`[text](target)`) whose target the site rewrites. Reference links
/// are rewritten at their definition, autolinks are always external.
fn inline_link(
    body: &str,
    range: Range<usize>,
    link_type: LinkType,
    target: &str,
    site: &dyn MarkdownSite,
) -> Option<(Range<usize>, String)> {
    if link_type != LinkType::Inline {
        return None;
    }
    let url = site.link(target)?;
    Some((destination(body, range, target, "](")?, url))
}

/// Where `target` is written in `body[range]`, right after `opener` (`](` or `]:`), blanks and an
/// optional `<`. `None` when it is written differently (with escapes), which is then left alone.
fn destination(
    body: &str,
    range: Range<usize>,
    target: &str,
    opener: &str,
) -> Option<Range<usize>> {
    let text = body.get(range.clone())?;
    text.match_indices(opener).find_map(|(at, _)| {
        let after = at + opener.len();
        let rest = &text[after..];
        let trimmed = rest.trim_start();
        let trimmed = trimmed.strip_prefix('<').unwrap_or(trimmed);
        let start = range.start + after + (rest.len() - trimmed.len());
        trimmed
            .starts_with(target)
            .then(|| start..start + target.len())
    })
}

/// `range` (a fence or an image) replaced by `words` as a quote, keeping the line ending.
fn quote(body: &str, range: Range<usize>, words: &str) -> (Range<usize>, String) {
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let block = &body[range.clone()];
    let ending = if block.ends_with('\n') { "\n" } else { "" };
    let line_start = body[..range.start]
        .rsplit('\n')
        .next()
        .is_none_or(|before| before.trim().is_empty());
    let text = if line_start {
        format!("> {words}{ending}")
    } else {
        format!("{words}{ending}")
    };
    (range, text)
}

/// The language of a fence info string: its first word, before any `,` or attribute list.
fn language(info: &str) -> String {
    let info = info.trim();
    let head = info
        .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()
        .unwrap_or_default();
    head.to_string()
}

fn is_diagram_file(target: &str) -> bool {
    target
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .ends_with(".infra")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Describes `infra` fences and `.infra` files, and sends `.md` links to `/md/…`.
    struct Fake;

    impl MarkdownSite for Fake {
        fn describe_fence(&self, language: &str, code: &str) -> Option<String> {
            (language == "infra").then(|| format!("words for {}", code.trim()))
        }
        fn describe_file(&self, target: &str) -> Option<String> {
            Some(format!("file {target}"))
        }
        fn link(&self, target: &str) -> Option<String> {
            target
                .contains(".md")
                .then(|| format!("/md/{}", target.replace(".md", "/index.md")))
        }
    }

    #[test]
    fn infra_fences_become_their_description() {
        let body = "Intro.\n\n```infra\na: A\n```\n\n```toml\nx = 1\n```\n";
        let md = page_markdown("T", "D", body, &Fake);
        assert_eq!(
            md,
            "# T\n\nD\n\nIntro.\n\n> words for a: A\n\n```toml\nx = 1\n```\n"
        );
    }

    #[test]
    fn a_fence_in_a_list_item_stays_in_the_item() {
        let body = "- step\n\n  ```infra\n  a: A\n  ```\n- next\n";
        let md = page_markdown("T", "", body, &Fake);
        assert_eq!(md, "# T\n\n- step\n\n  > words for a: A\n- next\n");
    }

    #[test]
    fn inline_and_reference_links_are_rewritten_external_ones_kept() {
        let body = "See [a](../a.md#x \"t\"), [b][ref], <https://x.org/a.md>, [c](https://e.org/).\n\
                    \n[ref]: <b.md>\n";
        let md = page_markdown("T", "", body, &Fake);
        assert_eq!(
            md,
            "# T\n\nSee [a](/md/../a/index.md#x \"t\"), [b][ref], <https://x.org/a.md>, \
             [c](https://e.org/).\n\n[ref]: </md/b/index.md>\n"
        );
    }

    #[test]
    fn an_image_of_a_diagram_file_becomes_its_description() {
        let body =
            "Before.\n\n![The stack](../diagrams/stack.infra)\n\nInline ![x](s.infra) too.\n";
        let md = page_markdown("T", "", body, &Fake);
        assert_eq!(
            md,
            "# T\n\nBefore.\n\n> file ../diagrams/stack.infra\n\nInline file s.infra too.\n"
        );
    }

    #[test]
    fn a_link_whose_text_holds_the_target_is_rewritten_at_its_destination() {
        let body = "[a.md](a.md)\n";
        assert_eq!(
            page_markdown("T", "", body, &Fake),
            "# T\n\n[a.md](/md/a/index.md)\n"
        );
    }
}
