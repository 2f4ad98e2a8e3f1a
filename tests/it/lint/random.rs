//! Property test: the linter on random diagrams with every kind, role, container and edge style.

use super::{Subject, diagram, lint};
use infrabook::diagram::model::NodeKind;
use proptest::prelude::*;

const KINDS: [&str; 14] = [
    "client",
    "external",
    "dns",
    "cdn",
    "firewall",
    "load-balancer",
    "web-server",
    "app-server",
    "database",
    "monitor",
    "host",
    "zone",
    "storage",
    "generic",
];
const EXTRAS: [&str; 6] = [
    "",
    "; role: primary",
    "; role: replica",
    "; tls: terminate",
    "; role: standalone",
    "; tls: passthrough",
];
const EDGE_ATTRS: [&str; 8] = [
    "{ proto: https }",
    "{ proto: http }",
    "",
    "{ kind: replication }",
    "{ kind: monitoring }",
    "{ ops: write }",
    "{ ops: rw; proto: mysql }",
    "{ kind: lookup; proto: dns }",
];
const ARROWS: [&str; 3] = ["->", "<->", "--"];

type Spec = (
    Vec<Option<usize>>,
    Vec<(usize, usize)>,
    Vec<(usize, usize, usize, usize)>,
);

fn source((parents, kinds, edges): &Spec) -> String {
    let path = |mut n: usize| {
        let mut parts = vec![format!("n{n}")];
        while let Some(p) = parents[n] {
            parts.push(format!("n{p}"));
            n = p;
        }
        parts.reverse();
        parts.join(".")
    };
    let inside =
        |a: usize, b: usize| std::iter::successors(parents[a], |p| parents[*p]).any(|x| x == b);
    let mut out = String::new();
    fn write(n: usize, parents: &[Option<usize>], kinds: &[(usize, usize)], out: &mut String) {
        let (kind, extra) = kinds[n];
        let extra = if KINDS[kind] == "database" || !EXTRAS[extra].contains("role") {
            EXTRAS[extra]
        } else {
            ""
        };
        out.push_str(&format!("n{n}: N{n} {{ kind: {}{extra}\n", KINDS[kind]));
        for c in (0..parents.len()).filter(|c| parents[*c] == Some(n)) {
            write(c, parents, kinds, out);
        }
        out.push_str("}\n");
    }
    for n in (0..parents.len()).filter(|n| parents[*n].is_none()) {
        write(n, parents, kinds, &mut out);
    }
    for (a, b, arrow, attrs) in edges {
        if a == b || inside(*a, *b) || inside(*b, *a) {
            continue;
        }
        out.push_str(&format!(
            "{} {} {} {}\n",
            path(*a),
            ARROWS[*arrow],
            path(*b),
            EDGE_ATTRS[*attrs]
        ));
    }
    out
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..16).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop::option::weighted(0.3, 0..i).boxed()
                }
            })
            .collect::<Vec<_>>();
        (
            parents,
            prop::collection::vec((0..KINDS.len(), 0..EXTRAS.len()), n),
            prop::collection::vec((0..n, 0..n, 0..ARROWS.len(), 0..EDGE_ATTRS.len()), 0..n * 2),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Findings point inside the source, never at a generic node, come out the same twice, and
    /// all go when every rule is allowed at the top.
    #[test]
    fn lints_are_sound_on_random_diagrams(spec in spec()) {
        let source = source(&spec);
        let d = diagram(&source);
        let lints = lint::check(&d);
        prop_assert_eq!(&lints, &lint::check(&d));
        for l in &lints {
            let span = l.finding.span;
            prop_assert!(span.start < span.end && span.end <= source.len(), "{:?}", l);
            if let Subject::Node(id) = l.subject {
                prop_assert!(d.node(id).kind != NodeKind::Generic, "{:?}", l);
            }
            prop_assert!(l.nodes.iter().all(|n| n.index() < d.nodes.len()));
        }
        let codes: Vec<&str> = lint::RULES.iter().map(|r| r.code).collect();
        let allowed = format!("allow: [{}]\n{source}", codes.join(", "));
        prop_assert!(lint::check(&diagram(&allowed)).is_empty());
    }
}
