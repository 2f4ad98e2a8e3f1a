use super::*;
use crate::diagram::model::{Head, Shape};
use crate::diagram::syntax::Ends;

fn diagram(source: &str) -> crate::diagram::model::Diagram {
    match prepare(source) {
        Ok((p, _)) => p.diagram,
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn shapes_and_arrows_are_read() {
    let d = diagram(
        "flowchart LR\n  a[Box] --> b(Round) -.-> c([Pill])\n  c ==> d[(DB)] --o e{Q?} --x f{{Hex}}\n  f <--> g((Ci)) --- h>Flag] -- text --> i[/In/]\n  i -->|yes| j[\\Out\\]\n",
    );
    let shape = |id: &str| diagram_node(&d, id).look.shape;
    assert_eq!(shape("a"), Shape::Rect);
    assert_eq!(shape("b"), Shape::Rounded);
    assert_eq!(shape("c"), Shape::Stadium);
    assert_eq!(shape("d"), Shape::Cylinder);
    assert_eq!(shape("e"), Shape::Diamond);
    assert_eq!(shape("f"), Shape::Hexagon);
    assert_eq!(shape("g"), Shape::Circle);
    assert_eq!(shape("h"), Shape::Flag);
    assert_eq!(shape("i"), Shape::Parallelogram);
    assert_eq!(shape("j"), Shape::ParallelogramAlt);
    assert_eq!(d.edges.len(), 9);
    assert!(d.edges[1].dashed);
    assert!(d.edges[2].look.thick);
    assert_eq!(d.edges[3].look.head, Head::Circle);
    assert_eq!(d.edges[4].look.head, Head::Cross);
    assert_eq!(d.edges[5].ends, Ends::Both);
    assert_eq!(d.edges[6].ends, Ends::None);
    assert_eq!(d.edges[7].label.as_deref(), Some("text"));
    assert_eq!(d.edges[8].label.as_deref(), Some("yes"));
}

fn diagram_node<'a>(
    d: &'a crate::diagram::model::Diagram,
    id: &str,
) -> &'a crate::diagram::model::Node {
    d.node(d.find(id).unwrap_or_else(|| panic!("no node {id}")))
}

#[test]
fn fan_out_gives_one_edge_per_pair() {
    let d = diagram("graph TD\nA & B --> C & D\n");
    assert_eq!(d.edges.len(), 4);
}

#[test]
fn inner_subgraph_wins_membership() {
    let d = diagram(
        "flowchart TB\nsubgraph outer [Outer]\n  a --> b\n  subgraph inner\n    direction LR\n    b --> c\n  end\nend\n",
    );
    let inner = d.find("inner").unwrap();
    let outer = d.find("outer").unwrap();
    assert_eq!(diagram_node(&d, "b").parent, Some(inner));
    assert_eq!(diagram_node(&d, "a").parent, Some(outer));
    assert_eq!(diagram_node(&d, "inner").parent, Some(outer));
    assert_eq!(diagram_node(&d, "outer").label, "Outer");
}

#[test]
fn a_syntax_error_points_at_the_token() {
    let source = "flowchart TD\n  A --> B\n  B --> C[unclosed\n";
    let Err(errors) = prepare(source) else {
        panic!("an error expected")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(&source[errors[0].span.start..errors[0].span.end], "[");
    assert!(
        errors[0].message.contains("expected `]`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn reversed_flows_keep_arrows_pointing_at_the_target() {
    let (p, _) = prepare("flowchart BT\nA --> B\n").unwrap();
    let a = p.layout.nodes[p.diagram.find("A").unwrap().index()];
    let b = p.layout.nodes[p.diagram.find("B").unwrap().index()];
    assert!(a.y > b.y, "A is below B");
    let route = &p.layout.edges[0].points;
    assert!(route.first().unwrap().y > route.last().unwrap().y);
}

#[test]
fn other_types_are_detected_by_keyword() {
    assert_eq!(
        detect("---\ntitle: x\n---\nflowchart LR\nA-->B"),
        Detected::Flowchart
    );
    match detect("%% c\nsequenceDiagram\nA->>B: hi") {
        Detected::Other { keyword, .. } => assert_eq!(keyword, "sequenceDiagram"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hints_and_cylinders_give_kinds() {
    let d = diagram(
        "flowchart LR\n%% kind: web web-server\nweb[Nginx] --> db[(MySQL)]\n%% kind: db db-primary\n",
    );
    assert_eq!(diagram_node(&d, "web").kind.as_str(), "web-server");
    assert_eq!(diagram_node(&d, "web").look.shape, Shape::Box);
    assert_eq!(diagram_node(&d, "db").kind.as_str(), "database");
    assert!(diagram_node(&d, "db").role.is_some());
    assert!(d.legend);
}

#[test]
fn styles_map_to_theme_accents_and_warn_once() {
    let (p, notes) = prepare(
        "flowchart LR\nclassDef hot fill:#f96,stroke:#333,stroke-width:4px,color:#fff\nA:::hot --> B\nstyle B stroke-dasharray: 5 5,font-size:20px\nlinkStyle 0 stroke:#00f,stroke-width:3px\nclick A href \"https://example.com\" \"tip\"\n",
    )
    .unwrap();
    let a = diagram_node(&p.diagram, "A");
    assert!(a.look.thick && a.look.accent.is_some());
    assert!(diagram_node(&p.diagram, "B").look.dashed);
    assert!(p.diagram.edges[0].look.thick);
    assert_eq!(
        a.link.as_ref().map(|l| l.value.as_str()),
        Some("https://example.com")
    );
    assert!(!notes.lint);
    let warnings = notes.warnings;
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("color"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.contains("font-size"));
}

#[test]
fn hinted_diagrams_read_protocols_and_replication_from_labels() {
    let d = diagram(
        "flowchart LR\n%% kind: u client\nu -->|HTTPS :443| a -- mysql --> db[(P)]\ndb -.->|replication| r[(R)]\na --> x\n",
    );
    assert!(d.edges[0].is_encrypted());
    assert_eq!(d.edges[1].proto.as_ref().map(|p| p.as_str()), Some("mysql"));
    assert_eq!(d.edges[2].kind.as_str(), "replication");
    assert!(d.edges[3].proto.is_none());
    let plain = diagram("flowchart LR\nu -->|HTTPS| a\n");
    assert!(
        plain.edges[0].proto.is_none(),
        "only hinted diagrams read labels"
    );
}

#[test]
fn allow_comments_reach_the_model() {
    let d = diagram("flowchart LR\n%% allow: single-writer, unmonitored-host\nA --> B\n");
    let names: Vec<&str> = d.allow.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(names, ["single-writer", "unmonitored-host"]);
}

#[test]
fn the_elk_header_is_a_flowchart_too() {
    assert_eq!(diagram("flowchart-elk TD\nA --> B\n").edges.len(), 1);
}
