//! Helpers shared by the Mermaid corpus tests (`mermaid.rs` for flowcharts, `mermaid_state.rs` for
//! state diagrams): the cases of one fixture folder, their `%% expect:` counts, and the text an SVG
//! draws.

use std::path::{Path, PathBuf};

use infrabook::diagram::LinkResolver;
use infrabook::diagram::layout::Point;

/// Resolves every link to a root-relative URL, as a site would.
pub struct Web;

impl LinkResolver for Web {
    fn resolve(&self, target: &str) -> Result<String, String> {
        Ok(format!("/{target}"))
    }
}

/// The `.mmd` cases of `tests/fixtures/mermaid/<folder>`, sorted.
pub fn cases(folder: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mermaid")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
        .collect();
    files.sort();
    files
}

/// The number a case's `%% expect:` line gives for `key` (`nodes`, `edges`).
pub fn expected(source: &str, key: &str) -> usize {
    let line = source
        .lines()
        .find(|l| l.starts_with("%% expect:"))
        .expect("an expect line");
    let value = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key}= in {line}"));
    value.parse().expect("a number")
}

/// The contents of every `<text>` element of an SVG, in order.
pub fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].to_string())
        })
        .collect()
}

/// Text as the SVG writer escapes it.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The box the layout gave the node with Mermaid id `id` (`note-1` for a state diagram's first
/// note).
pub fn node_box(
    diagram: &infrabook::diagram::model::Diagram,
    layout: &infrabook::diagram::layout::Layout,
    id: &str,
) -> infrabook::diagram::layout::Rect {
    let index = diagram
        .nodes
        .iter()
        .position(|n| n.path == id)
        .unwrap_or_else(|| panic!("no node {id}"));
    layout.nodes[index]
}

/// Whether two polylines cross properly (touching ends do not count).
pub fn routes_cross(a: &[Point], b: &[Point]) -> bool {
    let side = |p: &Point, q: &Point, r: &Point| {
        let turn = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
        // Not `signum`, which calls 0 positive: a point on the line is on neither side.
        (turn > 0.0) as i8 - (turn < 0.0) as i8
    };
    a.windows(2).any(|s| {
        b.windows(2).any(|t| {
            side(&s[0], &s[1], &t[0]) * side(&s[0], &s[1], &t[1]) < 0
                && side(&t[0], &t[1], &s[0]) * side(&t[0], &t[1], &s[1]) < 0
        })
    })
}
