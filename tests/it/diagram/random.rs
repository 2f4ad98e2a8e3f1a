//! Property test: random valid diagrams go through the whole front end and the layout verifier.

use infrabook::diagram::layout::verify;
use infrabook::diagram::prepare;
use proptest::prelude::*;

use super::render_str;

/// A random valid diagram: node `i` sits in node `parents[i]` (an earlier node) or at the top.
#[derive(Debug, Clone)]
struct RandomDiagram {
    parents: Vec<Option<usize>>,
    kinds: Vec<usize>,
    edges: Vec<(usize, usize, usize, bool)>,
    down: bool,
}

const RANDOM_KINDS: [&str; 8] = [
    "client",
    "load-balancer",
    "web-server",
    "app-server",
    "database",
    "monitor",
    "firewall",
    "generic",
];
const RANDOM_EDGE_KINDS: [&str; 4] = ["request", "replication", "monitoring", "lookup"];

impl RandomDiagram {
    fn path(&self, node: usize) -> String {
        match self.parents[node] {
            Some(p) => format!("{}.n{node}", self.path(p)),
            None => format!("n{node}"),
        }
    }

    fn inside(&self, inner: usize, outer: usize) -> bool {
        std::iter::successors(self.parents[inner], |p| self.parents[*p]).any(|a| a == outer)
    }

    fn write_node(&self, node: usize, depth: usize, out: &mut String) {
        let indent = "  ".repeat(depth);
        out.push_str(&format!(
            "{indent}n{node}: Node {node} {{ kind: {}\n",
            RANDOM_KINDS[self.kinds[node]]
        ));
        for child in (0..self.parents.len()).filter(|c| self.parents[*c] == Some(node)) {
            self.write_node(child, depth + 1, out);
        }
        out.push_str(&format!("{indent}}}\n"));
    }

    fn source(&self) -> String {
        let mut out = format!("direction: {}\n", if self.down { "down" } else { "right" });
        for node in (0..self.parents.len()).filter(|n| self.parents[*n].is_none()) {
            self.write_node(node, 0, &mut out);
        }
        for (from, to, kind, labelled) in &self.edges {
            if from == to || self.inside(*from, *to) || self.inside(*to, *from) {
                continue;
            }
            let label = if *labelled { ": a label" } else { "" };
            out.push_str(&format!(
                "{} -> {}{label} {{ kind: {}; proto: https }}\n",
                self.path(*from),
                self.path(*to),
                RANDOM_EDGE_KINDS[*kind]
            ));
        }
        out
    }
}

fn random_diagram() -> impl Strategy<Value = RandomDiagram> {
    (1usize..14).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop::option::weighted(0.35, 0..i).boxed()
                }
            })
            .collect::<Vec<_>>();
        (
            parents,
            prop::collection::vec(0..RANDOM_KINDS.len(), n),
            prop::collection::vec(
                (0..n, 0..n, 0..RANDOM_EDGE_KINDS.len(), any::<bool>()),
                0..n * 2,
            ),
            any::<bool>(),
        )
            .prop_map(|(parents, kinds, edges, down)| RandomDiagram {
                parents,
                kinds,
                edges,
                down,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The front end turns any valid diagram into a layout the verifier accepts, and draws it the
    /// same way twice.
    #[test]
    fn random_valid_diagrams_render_and_verify(random in random_diagram()) {
        let source = random.source();
        let prepared = prepare(&source).map_err(|e| TestCaseError::fail(format!("{source}\n{e:#?}")))?;
        let violations = verify(&prepared.graph, &prepared.layout);
        prop_assert!(violations.is_empty(), "{}\n{:#?}", source, violations);
        let first = render_str(&source).unwrap().html;
        prop_assert_eq!(first, render_str(&source).unwrap().html);
    }
}
