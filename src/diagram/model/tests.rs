//! Model tests: name resolution, defaults and the facts lints read.

use super::*;
use crate::diagram::syntax::parse;

fn diagram(source: &str) -> Diagram {
    let (document, errors) = parse(source);
    assert!(errors.is_empty(), "{errors:#?}");
    build(&document).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn codes(source: &str) -> Vec<String> {
    let (document, _) = parse(source);
    build(&document)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn names_resolve_inside_out() {
    let d = diagram(
        "db: Shared\ns: S {\n  web: W\n  db: Local\n  web -> db\n  web -> lb\n}\nlb: LB\nlb -> s.web\n",
    );
    let edges: Vec<(String, String)> = d
        .edges
        .iter()
        .map(|e| (d.node(e.from).path.clone(), d.node(e.to).path.clone()))
        .collect();
    assert_eq!(
        edges,
        [
            ("s.web".into(), "s.db".into()),
            ("s.web".into(), "lb".into()),
            ("lb".into(), "s.web".into())
        ]
    );
}

#[test]
fn containers_know_members_and_members_their_ancestors() {
    let d = diagram("z: Z {\n  h: H {\n    app: App { kind: app-server }\n  }\n}\n");
    let app = d.find("z.h.app").unwrap();
    let ancestors: Vec<&str> = d.ancestors(app).map(|a| d.node(a).path.as_str()).collect();
    assert_eq!(ancestors, ["z.h", "z"]);
    assert!(d.is_container(d.find("z").unwrap()));
    assert!(!d.is_container(app));
    assert!(d.is_inside(app, d.find("z").unwrap()));
}

#[test]
fn defaults_and_attributes() {
    let d = diagram(
        "a: Alpha\nb { kind: database; role: replica; tech: MySQL 8; link: ../db.md }\nlb: LB { kind: load-balancer; tls: terminate }\na -> b { proto: HTTPS; ops: rw; port: 443 }\nb -> a { kind: replication }\n",
    );
    let a = d.node(d.find("a").unwrap());
    assert_eq!((a.kind, a.label.as_str()), (NodeKind::Generic, "Alpha"));
    let b = d.node(d.find("b").unwrap());
    assert_eq!(
        (b.kind, b.role, b.label.as_str()),
        (NodeKind::Database, Some(Role::Replica), "b")
    );
    assert_eq!(b.tech.as_deref(), Some("MySQL 8"));
    assert_eq!(b.link.as_ref().unwrap().value, "../db.md");
    assert_eq!(d.node(d.find("lb").unwrap()).tls, Some(Tls::Terminate));
    let e = &d.edges[0];
    assert_eq!(e.proto.as_ref().unwrap().as_str(), "https");
    assert!(e.is_encrypted());
    assert_eq!(
        (e.ops, e.port, e.kind),
        (Some(Ops::ReadWrite), Some(443), EdgeKind::Request)
    );
    assert_eq!(d.edges[1].kind, EdgeKind::Replication);
}

#[test]
fn chains_copy_attributes_to_every_edge_and_keep_their_own_spans() {
    let source = "a: A\nb: B\nc: C\na -> b -> c { proto: http }\n";
    let d = diagram(source);
    assert_eq!(d.edges.len(), 2);
    assert!(
        d.edges
            .iter()
            .all(|e| e.proto.as_ref().unwrap().as_str() == "http")
    );
    assert_eq!(
        &source[d.edges[0].span.start..d.edges[0].span.end],
        "a -> b"
    );
    assert_eq!(
        &source[d.edges[1].span.start..d.edges[1].span.end],
        "b -> c"
    );
}

#[test]
fn edges_from_and_to_follow_direction() {
    let d = diagram("a: A\nb: B\nc: C\na -> b\nb <-> c\n");
    let b = d.find("b").unwrap();
    assert_eq!(d.edges_from(b).count(), 1, "b <-> c leaves b");
    assert_eq!(d.edges_to(b).count(), 2, "a -> b and b <-> c arrive at b");
}

#[test]
fn allow_lists_and_paths_reach_the_model() {
    let d = diagram(
        "allow: [single-writer]\na: A { allow: [no-firewall] }\nb: B\na -> b { allow: plaintext-from-client }\npath \"P\": a -> b\n",
    );
    assert_eq!(d.allow[0].value, "single-writer");
    assert_eq!(d.node(d.find("a").unwrap()).allow[0].value, "no-firewall");
    assert_eq!(d.edges[0].allow[0].value, "plaintext-from-client");
    assert_eq!(d.paths[0].steps.len(), 2);
}

#[test]
fn every_model_error_is_collected() {
    let found = codes(
        "a: A { kind: nope }\na: again\nb: B { role: primary }\nx -> y\na -> b { port: 0; weight: 3 }\n",
    );
    assert_eq!(
        found,
        [
            "E-unknown-kind",
            "E-duplicate-id",
            "E-bad-value",
            "E-unknown-node",
            "E-unknown-node",
            "E-bad-value",
            "E-unknown-attribute"
        ]
    );
}
