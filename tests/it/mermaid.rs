//! Tests: Mermaid flowcharts. Every case in `tests/fixtures/mermaid/flowchart/*.mmd` (first line
//! `%% source: ...`, second `%% expect: nodes=N edges=M`, counted by hand from the source) is
//! rendered and checked: node and edge groups as expected, every label drawn as plain `<text>`
//! (never `foreignObject`), the layout verifier clean, the same bytes twice. Then a fixture site
//! with mermaid blocks is built whole, and broken blocks fail the build at the right place.

use std::path::Path;

use infrabook::diagram::RenderOptions;
use infrabook::diagram::layout::verify;
use infrabook::diagram::mermaid::{prepare, render};

use crate::mermaid_corpus::{Web, cases, escape, expected, node_box, routes_cross, texts};
use crate::site::SiteTest;

#[test]
fn the_corpus_has_forty_sourced_cases() {
    let cases = cases("flowchart");
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for case in &cases {
        let source = std::fs::read_to_string(case).expect("case");
        assert!(
            source.starts_with("%% source: "),
            "{}: first line names its source",
            case.display()
        );
    }
}

#[test]
fn every_case_renders_every_node_label_and_edge() {
    for case in cases("flowchart") {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&case).expect("case");
        let options = RenderOptions {
            id_prefix: "m1",
            links: &Web,
            caption: None,
        };
        let rendered = render(&source, &options).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let html = &rendered.html;
        assert!(!html.contains("foreignObject"), "{name}: foreignObject");
        assert_eq!(
            html.matches(r#"<g class="node "#).count(),
            expected(&source, "nodes"),
            "{name}: node groups"
        );
        assert_eq!(
            html.matches(r#"<g class="edge "#).count(),
            expected(&source, "edges"),
            "{name}: edge groups"
        );
        let (prepared, _) = prepare(&source).expect("prepares");
        let drawn = texts(html);
        for node in &prepared.diagram.nodes {
            for line in node.label.split('\n') {
                assert!(
                    drawn.iter().any(|t| t.contains(&escape(line))),
                    "{name}: label line {line:?} not drawn as <text>"
                );
            }
        }
        for edge in &prepared.diagram.edges {
            if let Some(label) = &edge.label {
                assert!(
                    drawn.iter().any(|t| *t == escape(label)),
                    "{name}: edge label {label:?} not drawn"
                );
            }
        }
        let violations = verify(&prepared.graph, &prepared.layout);
        assert!(violations.is_empty(), "{name}: {violations:?}");
        let again = render(&source, &options).expect("renders again");
        assert_eq!(*html, again.html, "{name}: deterministic");
    }
}

#[test]
fn a_fixture_site_with_mermaid_blocks_builds_whole() {
    let site = SiteTest::new("sites/mermaid");
    let output = site.command().arg("build").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let page = site.read("public/flows/index.html");
    assert_eq!(page.matches(r#"<figure class="diagram""#).count(), 3);
    assert!(page.contains("<figcaption>Checkout</figcaption>"));
    assert!(
        page.contains(r#"<a href="/docs/other/#details">"#),
        "click link resolved"
    );
    assert!(page.contains(r#"data-id="db" data-kind="database""#));
    assert!(page.contains("shape-cylinder") && page.contains("accent-amber"));
    assert!(!page.contains("foreignObject"));
    // The class diagram stays code, with one warning naming the page line and the type; the
    // sequence diagram after it goes to the sequence engine.
    assert!(page.contains(r#"data-lang="mermaid""#));
    assert_eq!(stderr.matches("warning[M001]").count(), 1, "{stderr}");
    assert!(stderr.contains("content/flows.md:32:1"), "{stderr}");
    assert!(stderr.contains("`classDiagram`"), "{stderr}");
    assert_eq!(page.matches(r#"<g class="seq-message "#).count(), 1);
    let check = site.command().arg("check").output().expect("runs");
    assert_eq!(check.status.code(), Some(0));
}

fn failing_build(case: &str) -> String {
    let site = SiteTest::new(&format!("invalid/{case}"));
    site.write("public/.infrabook-output", "");
    site.write("public/index.html", "previous build\n");
    let output = site.command().arg("build").output().expect("runs");
    assert_eq!(output.status.code(), Some(1), "{case}: exit code");
    assert_eq!(site.read("public/index.html"), "previous build\n");
    let check = site.command().arg("check").output().expect("runs");
    assert_eq!(check.status.code(), Some(1), "{case}: check fails too");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The caret lands on the unclosed `[` in the page (line 10 of the file, column 17).
#[test]
fn a_syntax_error_names_the_place_in_the_page() {
    let stderr = failing_build("mermaid_syntax");
    assert!(stderr.contains("content/page.md:10:17"), "{stderr}");
    insta::assert_snapshot!("mermaid_syntax", stderr);
}

#[test]
fn a_broken_click_link_fails_like_any_link() {
    let stderr = failing_build("mermaid_broken_click");
    assert!(stderr.contains("content/page.md:8:19"), "{stderr}");
    insta::assert_snapshot!("mermaid_broken_click", stderr);
}

#[test]
fn unsupported_styles_warn_once_per_block() {
    let source = "flowchart LR\nA --> B\nstyle A color:#fff,font-size:20px\nstyle B rx:5\n";
    let warnings = prepare(source).expect("prepares").1.warnings;
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "M002");
}

/// An unsupported type and an undrawable style: the build succeeds with one warning each.
#[test]
fn unsupported_types_and_styles_are_warnings() {
    let site = SiteTest::new("invalid/mermaid_warnings");
    let output = site.command().arg("build").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let summary = stderr.lines().last().unwrap_or_default().to_string();
    let stderr = stderr.replace(&summary, "");
    insta::assert_snapshot!("mermaid_warnings", stderr);
}

/// The README's opt-in example gives the warnings the README says it gives, and nothing else.
#[test]
fn the_readme_lint_example_gives_the_promised_warnings() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let section = &readme[readme.find("### Mermaid diagrams").expect("section")..];
    let start = section.find("```mermaid\n").expect("example") + "```mermaid\n".len();
    let source = &section[start..start + section[start..].find("```").expect("end")];
    let options = RenderOptions {
        id_prefix: "m1",
        links: &Web,
        caption: None,
    };
    let rendered = render(source, &options).expect("renders");
    let mut codes: Vec<&str> = rendered.findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        ["no-firewall", "single-point-of-failure", "single-writer"]
    );
}

fn check_spans(source: &str, errors: &[infrabook::diagram::Finding]) {
    for error in errors {
        assert!(error.span.start <= error.span.end && error.span.end <= source.len());
        assert!(
            source.is_char_boundary(error.span.start) && source.is_char_boundary(error.span.end)
        );
    }
}

fn mermaid_soup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "flowchart TD\n",
        "graph LR;",
        "A",
        "b1",
        "Ünï",
        " ",
        "\n",
        ";",
        "-->",
        "---",
        "-.->",
        "==>",
        "<-->",
        "--o",
        "--x",
        "~~~",
        "-- t -->",
        "-->|x|",
        "|",
        "&",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "((",
        "))",
        "[(",
        ")]",
        ">",
        "/",
        "\\",
        "\"",
        "`",
        "**",
        "<br>",
        "@{ shape: cyl }",
        ":::c",
        "subgraph s [T]\n",
        "end\n",
        "direction LR\n",
        "classDef c fill:#f00\n",
        "class A c\n",
        "style A stroke-width:3px\n",
        "linkStyle 0 stroke:#00f\n",
        "click A \"https://e.org\"\n",
        "%% kind: A db-primary\n",
        "%% allow: x\n",
        "%%{init: {}}%%\n",
        "---\ntitle: t\n---\n",
        "#quot;",
        "#",
        "é",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest::proptest! {
    #[test]
    fn the_mermaid_front_end_never_panics(source in mermaid_soup()) {
        let options = RenderOptions { id_prefix: "m1", links: &Web, caption: None };
        match render(&source, &options) {
            Err(errors) => check_spans(&source, &errors),
            Ok(rendered) => {
                proptest::prop_assert!(rendered.html.contains("</figure>"));
                check_spans(&source, &rendered.findings);
            }
        }
    }

    #[test]
    fn any_text_after_the_header_never_panics(body in "\\PC{0,200}") {
        let source = format!("flowchart LR\n{body}");
        if let Err(errors) = prepare(&source) {
            check_spans(&source, &errors);
        }
    }
}

#[test]
fn deep_subgraph_nesting_is_refused_not_overflowed() {
    let source = format!("flowchart TD\n{}", "subgraph s\n".repeat(5000));
    let errors = prepare(&source).expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.message == "subgraphs are nested too deeply")
    );
}

fn centre(rect: infrabook::diagram::layout::Rect) -> (f64, f64) {
    (rect.x + rect.width / 2.0, rect.y + rect.height / 2.0)
}

/// `direction LR` in a subgraph of a top-down chart, with only the subgraph itself linked from
/// outside: its members run left to right on one line, inside its box, and the chart around it
/// still runs top to bottom.
#[test]
fn a_subgraph_with_its_own_direction_runs_that_way() {
    let source = "flowchart TB\n  start --> pipeline --> done\n  subgraph pipeline\n    direction LR\n    build --> test --> ship\n  end\n";
    let (prepared, _) = prepare(source).expect("prepares");
    let [build, test, ship] = ["build", "test", "ship"]
        .map(|id| centre(node_box(&prepared.diagram, &prepared.layout, id)));
    assert!(
        build.0 < test.0 && test.0 < ship.0,
        "{build:?} {test:?} {ship:?}"
    );
    assert!((build.1 - test.1).abs() < 0.5 && (test.1 - ship.1).abs() < 0.5);
    let group = node_box(&prepared.diagram, &prepared.layout, "pipeline");
    for id in ["build", "test", "ship"] {
        let member = node_box(&prepared.diagram, &prepared.layout, id);
        assert!(
            member.x >= group.x && member.x + member.width <= group.x + group.width,
            "{id} inside the subgraph"
        );
    }
    let (start, done) = (
        centre(node_box(&prepared.diagram, &prepared.layout, "start")),
        centre(node_box(&prepared.diagram, &prepared.layout, "done")),
    );
    assert!(start.1 < group.y && done.1 > group.y + group.height);
    assert!(verify(&prepared.graph, &prepared.layout).is_empty());
    // The link into the subgraph ends on its border.
    let into = &prepared.layout.edges[0].points;
    let end = into.last().expect("routed");
    assert!(
        (end.y - group.y).abs() < 0.5,
        "{end:?} on the top of {group:?}"
    );
}

/// The same subgraph with a member linked from outside keeps the chart's direction (Mermaid's
/// rule: "If any of a subgraph's nodes are linked to the outside, subgraph direction will be
/// ignored").
#[test]
fn a_subgraph_whose_member_links_outside_keeps_the_parent_direction() {
    let source = "flowchart TB\n  start --> build\n  subgraph pipeline\n    direction LR\n    build --> test --> ship\n  end\n";
    let (prepared, _) = prepare(source).expect("prepares");
    let [build, test, ship] = ["build", "test", "ship"]
        .map(|id| centre(node_box(&prepared.diagram, &prepared.layout, id)));
    assert!(
        build.1 < test.1 && test.1 < ship.1,
        "{build:?} {test:?} {ship:?}"
    );
    assert!(verify(&prepared.graph, &prepared.layout).is_empty());
}

/// Directions nest: an `RL` subgraph inside an `LR` one inside a `TB` chart, each drawn its way,
/// the same bytes every time.
#[test]
fn subgraph_directions_nest_and_stay_deterministic() {
    let source = "flowchart TB\n  top --> outer\n  subgraph outer\n    direction LR\n    a --> inner\n    subgraph inner\n      direction RL\n      x --> y\n    end\n  end\n";
    let (prepared, _) = prepare(source).expect("prepares");
    let (a, inner) = (
        node_box(&prepared.diagram, &prepared.layout, "a"),
        node_box(&prepared.diagram, &prepared.layout, "inner"),
    );
    assert!(a.x + a.width <= inner.x, "a left of inner: {a:?} {inner:?}");
    let (x, y) = (
        centre(node_box(&prepared.diagram, &prepared.layout, "x")),
        centre(node_box(&prepared.diagram, &prepared.layout, "y")),
    );
    assert!(y.0 < x.0 && (x.1 - y.1).abs() < 0.5, "RL: {x:?} {y:?}");
    let edge = prepared
        .diagram
        .edges
        .iter()
        .position(|e| prepared.diagram.nodes[e.from.index()].path == "x")
        .expect("x --> y");
    let points = &prepared.layout.edges[edge].points;
    assert!(
        points[0].x > points.last().unwrap().x,
        "the arrow still runs from x to y"
    );
    assert!(verify(&prepared.graph, &prepared.layout).is_empty());
    let options = RenderOptions {
        id_prefix: "m1",
        links: &Web,
        caption: None,
    };
    let first = render(source, &options).expect("renders").html;
    assert_eq!(first, render(source, &options).expect("renders").html);
}

/// The sourced corpus cases of the rule: Mermaid's own limitation example keeps `subgraph1`'s
/// `TB` (only the subgraph is linked) and turns `subgraph2` to the chart's `LR` (a member is), and
/// the Qiita chart's `LR` subgraph runs left to right inside a top-down flow.
#[test]
fn the_corpus_cases_of_subgraph_direction_follow_mermaids_rule() {
    let read = |case: &str| {
        let path = format!("tests/fixtures/mermaid/flowchart/{case}.mmd");
        let source = std::fs::read_to_string(path).expect("case");
        prepare(&source).expect("prepares").0
    };
    let limitation = read("54-subgraph-direction-limitation");
    let at = |id| centre(node_box(&limitation.diagram, &limitation.layout, id));
    assert!(at("top1").1 < at("bottom1").1, "subgraph1 keeps TB");
    assert!((at("top1").0 - at("bottom1").0).abs() < 0.5);
    assert!(at("top2").0 < at("bottom2").0, "subgraph2 follows LR");
    assert!((at("top2").1 - at("bottom2").1).abs() < 0.5);
    let qiita = read("55-subgraph-direction-lr-in-td");
    let at = |id| centre(node_box(&qiita.diagram, &qiita.layout, id));
    assert!(at("DB1").0 < at("DB2").0 && at("DB2").0 < at("DB3").0);
    assert!(at("N1").1 < at("N2").1, "the TB subgraph runs down");
    assert!(at("Start").1 < at("Phase1").1 && at("Review").1 < at("End").1);
}

/// Directions on a graph whose containers form a parent cycle, or name nodes out of range, give a
/// layout of the right shape instead of a panic or endless recursion.
#[test]
fn own_directions_on_a_broken_nesting_do_not_panic() {
    use infrabook::diagram::layout::{
        Direction, LayoutEdge, LayoutGraph, LayoutNode, Orientation, Size, layout_nested,
    };
    let node = |parent, is_container| LayoutNode {
        size: Size {
            width: 40.0,
            height: 20.0,
        },
        parent,
        is_container,
        tier: None,
    };
    let graph = LayoutGraph {
        direction: Direction::Down,
        nodes: vec![
            node(Some(1), true),
            node(Some(0), true),
            node(Some(0), false),
            node(Some(9), false),
        ],
        edges: vec![LayoutEdge {
            from: 2,
            to: 3,
            label: None,
            constrains_rank: true,
        }],
    };
    let across = Some(Orientation {
        direction: Direction::Right,
        reversed: true,
    });
    let layout = layout_nested(&graph, Orientation::default(), &[across, across]);
    assert_eq!(layout.nodes.len(), 4);
    assert_eq!(layout.edges.len(), 1);
    assert!(layout.width.is_finite() && layout.height.is_finite());
}

/// Pairs of edges whose routes cross.
fn crossing_pairs(layout: &infrabook::diagram::layout::Layout) -> usize {
    let routes = &layout.edges;
    (0..routes.len())
        .map(|i| {
            (i + 1..routes.len())
                .filter(|&j| routes_cross(&routes[i].points, &routes[j].points))
                .count()
        })
        .sum()
}

/// A path from a subgraph's member out and back into another member (queue -> worker -> primary)
/// puts the second a layer later inside the subgraph, as ranking the whole chart would; a member
/// only entered from outside (the cache) stays in the first layer, whatever its kind.
#[test]
fn a_path_out_of_a_subgraph_and_back_orders_the_members_it_joins() {
    let source = "flowchart LR\n  subgraph app\n    api\n    worker\n  end\n  subgraph data\n    queue[/Queue/]\n    db[(Primary)]\n    cache[(Cache)]\n  end\n  api --> queue --> worker --> db\n  api --> cache\n  api --> db\n";
    let (prepared, _) = prepare(source).expect("prepares");
    let [queue, db, cache] =
        ["queue", "db", "cache"].map(|id| node_box(&prepared.diagram, &prepared.layout, id));
    assert!(queue.x + queue.width < db.x, "{queue:?} before {db:?}");
    assert!(cache.x + cache.width < db.x, "{cache:?} before {db:?}");
    assert!(verify(&prepared.graph, &prepared.layout).is_empty());
}

/// The 20-node benchmark chart: two APIs that both write the primary and the cache, a worker
/// between the queue and the primary, a monitor on the primary. Ranked with the worker's path, it
/// draws with no more crossings than mermaid-cli's one, and the same bytes every time.
#[test]
fn the_twenty_node_chart_crosses_no_more_than_mermaid_cli() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mermaid/flowchart/53-twenty-nodes.mmd");
    let source = std::fs::read_to_string(path).expect("fixture");
    let (prepared, _) = prepare(&source).expect("prepares");
    assert!(verify(&prepared.graph, &prepared.layout).is_empty());
    let crossings = crossing_pairs(&prepared.layout);
    assert!(crossings <= 1, "{crossings} crossings");
    let (again, _) = prepare(&source).expect("prepares");
    assert_eq!(again.layout, prepared.layout);
}
