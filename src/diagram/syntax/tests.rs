//! Parser tests on small inputs; whole-file error fixtures live in `tests/fixtures/diagrams/errors/`.

use super::*;

fn parse_ok(source: &str) -> Document {
    let (document, errors) = parse(source);
    assert!(errors.is_empty(), "{errors:#?}");
    document
}

fn node(statement: &Statement) -> &NodeDecl {
    match statement {
        Statement::Node(node) => node,
        Statement::Edge(edge) => panic!("expected a node, got {edge:?}"),
    }
}

fn edge(statement: &Statement) -> &EdgeDecl {
    match statement {
        Statement::Edge(edge) => edge,
        Statement::Node(node) => panic!("expected an edge, got {node:?}"),
    }
}

#[test]
fn settings_nodes_and_edges() {
    let doc = parse_ok(
        "title: My stack\ndirection: down\nweb: Nginx { kind: web-server }\nweb -> db: reads { ops: read }\n",
    );
    assert_eq!(doc.title.as_ref().unwrap().value, "My stack");
    assert_eq!(doc.direction.as_ref().unwrap().value, "down");
    let web = node(&doc.statements[0]);
    assert_eq!(web.id.value, "web");
    assert_eq!(web.label.as_ref().unwrap().value, "Nginx");
    assert_eq!(web.attrs[0].key.value, "kind");
    let e = edge(&doc.statements[1]);
    assert_eq!(e.ends[1].dotted(), "db");
    assert_eq!(e.label.as_ref().unwrap().value, "reads");
}

#[test]
fn labels_keep_inner_punctuation_and_quotes_unescape() {
    let doc = parse_ok("a -> b: HTTPS :443\nc: \"Cache {hot}; # not a comment\"\n");
    assert_eq!(
        edge(&doc.statements[0]).label.as_ref().unwrap().value,
        "HTTPS :443"
    );
    assert_eq!(
        node(&doc.statements[1]).label.as_ref().unwrap().value,
        "Cache {hot}; # not a comment"
    );
}

#[test]
fn containers_nest_and_dotted_paths_split() {
    let doc = parse_ok(
        "s1: Server 1 {\n  kind: host\n  web: Nginx { kind: web-server }\n  web -> db\n  db: DB\n}\nlb -> s1.web\n",
    );
    let server = node(&doc.statements[0]);
    assert_eq!(server.attrs.len(), 1);
    assert_eq!(server.children.len(), 3);
    assert_eq!(edge(&doc.statements[1]).ends[1].segments, vec!["s1", "web"]);
}

#[test]
fn chains_and_every_arrow_form() {
    let doc = parse_ok("a -> b <-> c -- d ..> e <..> f .. g");
    let e = edge(&doc.statements[0]);
    assert_eq!(e.ends.len(), 7);
    let forms: Vec<(Ends, bool)> = e
        .arrows
        .iter()
        .map(|a| (a.value.ends, a.value.dashed))
        .collect();
    assert_eq!(
        forms,
        vec![
            (Ends::Forward, false),
            (Ends::Both, false),
            (Ends::None, false),
            (Ends::Forward, true),
            (Ends::Both, true),
            (Ends::None, true),
        ]
    );
}

#[test]
fn allow_and_paths_are_kept_for_the_lints() {
    let doc = parse_ok(
        "allow: [single-writer, no-firewall]\na: A { allow: single-point-of-failure }\npath \"Visit\": a -> b -> a\n",
    );
    let codes: Vec<&str> = doc.allow.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(codes, ["single-writer", "no-firewall"]);
    assert_eq!(doc.paths[0].name.value, "Visit");
    assert_eq!(doc.paths[0].steps.len(), 3);
    assert!(
        matches!(&node(&doc.statements[0]).attrs[0].value, AttrValue::Text(t) if t.value == "single-point-of-failure")
    );
}

#[test]
fn semicolons_separate_statements_and_lists_span_lines() {
    let doc = parse_ok("a: A; b: B\nallow: [\n  x,\n  y\n]\n");
    assert_eq!(doc.statements.len(), 2);
    assert_eq!(doc.allow.len(), 2);
}

#[test]
fn one_error_per_broken_line_then_recovery() {
    let (doc, errors) = parse("a: A\n@@@ nonsense {\n  b: B\n}\nc: C\n");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(doc.statements.len(), 2, "a and c survive");
}

#[test]
fn empty_input_is_an_empty_document() {
    let (doc, errors) = parse("");
    assert!(errors.is_empty() && doc.statements.is_empty());
}
