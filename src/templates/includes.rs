//! Include cycles: Tera expands `{% include %}` recursively at render time with no depth limit, so a
//! template that includes itself (directly or through others) overflows the stack and aborts the
//! process. This finds every such cycle before anything is rendered.

use std::collections::BTreeMap;
use std::ops::Range;

/// A template that includes itself through `chain`; `span` is the first include tag of the cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeCycle {
    pub template: String,
    pub span: Range<usize>,
    /// The names from `template` back to itself, e.g. `["a.html", "b.html", "a.html"]`.
    pub chain: Vec<String>,
}

/// The templates each `{% include "name" %}` tag in `text` names, with the tag's byte span.
fn includes(text: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        let Some(close) = text[open..].find("%}").map(|i| open + i + 2) else {
            break;
        };
        let tag = text[open + 2..close - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if let Some(rest) = tag.strip_prefix("include") {
            let rest = rest.trim_start();
            let quote = rest
                .chars()
                .next()
                .filter(|q| matches!(q, '"' | '\'' | '`'));
            if let Some(name) = quote.and_then(|q| rest[1..].split(q).next()) {
                found.push((name.to_string(), open..close));
            }
        }
        from = close;
    }
    found
}

/// Every template that reaches itself through includes (one report per template in a cycle).
pub fn cycles<'a>(templates: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<IncludeCycle> {
    let graph: BTreeMap<&str, Vec<(String, Range<usize>)>> = templates
        .map(|(name, text)| (name, includes(text)))
        .collect();
    let mut found = Vec::new();
    for (&start, edges) in &graph {
        for (first, span) in edges {
            if let Some(mut chain) = path_back(&graph, first, start) {
                chain.insert(0, start.to_string());
                found.push(IncludeCycle {
                    template: start.to_string(),
                    span: span.clone(),
                    chain,
                });
                break;
            }
        }
    }
    found
}

/// The include path from `from` to `to`, if there is one (breadth-first, so the shortest).
fn path_back(
    graph: &BTreeMap<&str, Vec<(String, Range<usize>)>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    let mut previous: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from.to_string()]);
    let mut seen = std::collections::BTreeSet::from([from.to_string()]);
    while let Some(name) = queue.pop_front() {
        if name == to {
            let mut chain = vec![name.clone()];
            let mut at = name;
            while let Some(before) = previous.get(&at) {
                chain.push(before.clone());
                at = before.clone();
            }
            chain.reverse();
            return Some(chain);
        }
        for (next, _) in graph.get(name.as_str()).into_iter().flatten() {
            if seen.insert(next.clone()) {
                previous.insert(next.clone(), name.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_including_itself_is_a_cycle() {
        let text = "<p>{% include \"page.html\" %}</p>";
        let found = cycles([("page.html", text)].into_iter());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].chain, ["page.html", "page.html"]);
        assert_eq!(&text[found[0].span.clone()], "{% include \"page.html\" %}");
    }

    #[test]
    fn indirect_cycles_are_found_and_plain_includes_are_not() {
        let templates = [
            ("a.html", "{%- include 'b.html' -%}"),
            ("b.html", "{% include \"a.html\" %}"),
            ("c.html", "{% include \"d.html\" %}{% include \"d.html\" %}"),
            ("d.html", "leaf {% if x %}{% endif %}"),
        ];
        let found = cycles(templates.into_iter());
        let names: Vec<_> = found.iter().map(|c| c.chain.join(" -> ")).collect();
        assert_eq!(
            names,
            ["a.html -> b.html -> a.html", "b.html -> a.html -> b.html"]
        );
    }
}
