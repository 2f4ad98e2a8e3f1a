//! DOT equivalents of the fixtures, for `benches/diagram-quality.sh` (Graphviz comparison).

use std::path::Path;

use infrabook::diagram::layout::Direction;
use infrabook::diagram::model::{Diagram, EdgeKind, NodeId};
use infrabook::diagram::syntax::Ends;
use infrabook::diagram::{Prepared, prepare};

use super::{fixtures, stem};

/// The Graphviz equivalent of a fixture for `benches/diagram-quality.sh`: same boxes (fixed sizes from
/// our measurements), clusters for containers, `constraint=false` where our edges do not rank.
fn dot_equivalent(prepared: &Prepared) -> String {
    let diagram = &prepared.diagram;
    let rankdir = match diagram.direction {
        Direction::Right => "LR",
        Direction::Down => "TB",
    };
    let mut out = format!(
        "digraph G {{\n  graph [rankdir={rankdir}, compound=true, fontname=\"Inter\", fontsize=14];\n  node [shape=box, style=rounded, fixedsize=true, fontname=\"Inter\", fontsize=14];\n  edge [fontname=\"Inter\", fontsize=12];\n"
    );
    for id in diagram
        .node_ids()
        .filter(|id| diagram.node(*id).parent.is_none())
    {
        dot_node(prepared, id, 1, &mut out);
    }
    for edge in &diagram.edges {
        let (from, ltail) = dot_end(diagram, edge.from);
        let (to, lhead) = dot_end(diagram, edge.to);
        let mut attrs = Vec::new();
        if let Some(label) = &edge.label {
            attrs.push(format!("label={}", dot_quote(label)));
        }
        if let Some(c) = ltail {
            attrs.push(format!("ltail=cluster_{c}"));
        }
        if let Some(c) = lhead {
            attrs.push(format!("lhead=cluster_{c}"));
        }
        if edge.kind != EdgeKind::Request {
            attrs.push("constraint=false".to_string());
        }
        match edge.ends {
            Ends::Both => attrs.push("dir=both".to_string()),
            Ends::None => attrs.push("dir=none".to_string()),
            Ends::Forward => {}
        }
        out.push_str(&format!("  n{from} -> n{to} [{}];\n", attrs.join(", ")));
    }
    out.push_str("}\n");
    out
}

fn dot_quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

fn dot_node(prepared: &Prepared, id: NodeId, depth: usize, out: &mut String) {
    let node = prepared.diagram.node(id);
    let indent = "  ".repeat(depth);
    if node.children.is_empty() {
        let size = prepared.graph.nodes[id.index()].size;
        out.push_str(&format!(
            "{indent}n{} [label={}, width={:.3}, height={:.3}];\n",
            id.0,
            dot_quote(&node.label),
            size.width / 72.0,
            size.height / 72.0
        ));
        return;
    }
    out.push_str(&format!(
        "{indent}subgraph cluster_{} {{\n{indent}  label={};\n",
        id.0,
        dot_quote(&node.label)
    ));
    for child in &node.children {
        dot_node(prepared, *child, depth + 1, out);
    }
    out.push_str(&format!("{indent}}}\n"));
}

/// A DOT edge end: a leaf itself, or a container's first leaf plus the cluster to clip to.
fn dot_end(diagram: &Diagram, id: NodeId) -> (u32, Option<u32>) {
    let mut leaf = id;
    while let Some(first) = diagram.node(leaf).children.first() {
        leaf = *first;
    }
    (leaf.0, (leaf != id).then_some(id.0))
}

#[test]
fn dot_equivalents_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/dot");
    let write = std::env::var_os("INFRABOOK_WRITE_DOT").is_some();
    for path in fixtures("tests/fixtures/diagrams") {
        let source = std::fs::read_to_string(&path).unwrap();
        let dot = dot_equivalent(&prepare(&source).unwrap());
        let target = dir.join(format!("{}.dot", stem(&path)));
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&target, &dot).unwrap();
        }
        let on_disk = std::fs::read_to_string(&target).unwrap_or_default();
        assert!(
            on_disk == dot,
            "{} is stale: rerun with INFRABOOK_WRITE_DOT=1",
            target.display()
        );
    }
}
