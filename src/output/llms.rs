//! Text for language models: `llms.txt` (the llmstxt.org layout: an H1, a blockquote, then one H2
//! per section with a list of links) and each page's Markdown, with every `infra` diagram replaced
//! by its description in words.

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

/// A page as Markdown: its title and description, then `body` with each ```` ```infra ```` fence
/// replaced by `describe(source)` as a quote (a fence that does not parse is kept as it is).
pub fn page_markdown(
    title: &str,
    description: &str,
    body: &str,
    describe: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = format!("# {title}\n\n");
    if !description.is_empty() {
        out.push_str(&format!("{description}\n\n"));
    }
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        let is_infra = fence.is_some_and(|f| trimmed[f.len()..].trim() == "infra");
        let Some(fence) = fence.filter(|_| is_infra) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let mut source = String::new();
        let mut block = format!("{line}\n");
        for inner in lines.by_ref() {
            block.push_str(inner);
            block.push('\n');
            if inner.trim_start().starts_with(fence) {
                break;
            }
            source.push_str(inner);
            source.push('\n');
        }
        match describe(&source) {
            Some(words) => out.push_str(&format!("> {words}\n")),
            None => out.push_str(&block),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infra_fences_become_their_description() {
        let body = "Intro.\n\n```infra\na: A\n```\n\n```toml\nx = 1\n```\n";
        let md = page_markdown("T", "D", body, &|s| Some(format!("words for {}", s.trim())));
        assert_eq!(
            md,
            "# T\n\nD\n\nIntro.\n\n> words for a: A\n\n```toml\nx = 1\n```\n"
        );
    }
}
