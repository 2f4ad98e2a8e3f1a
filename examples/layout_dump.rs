//! Prints, for each `.infra` file given, one JSON line with the layout input (sizes, nesting, edges)
//! and our engine's result (boxes, routes, label boxes), in drawing units. `benches/layout-metrics.py`
//! measures it and feeds the same input to ELK, so both engines are judged by the same code. Under
//! `unfitted`, the same for the layout before it is fitted to the column.
//!
//! `cargo run --example layout_dump -- diagrams/*.infra > layouts.jsonl`

use std::io::Write;
use std::path::Path;

use infrabook::diagram::layout::{Direction, Rect};
use infrabook::diagram::{FIGURE_COLUMN, Prepared, prepare, prepare_unfitted, svg};
use serde_json::{Value, json};

fn rect(r: &Rect) -> Value {
    json!([r.x, r.y, r.width, r.height])
}

fn dump(path: &Path) -> Result<Value, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let errors = |e: Vec<_>| format!("{}: {} errors", path.display(), e.len());
    let prepared = prepare(&source).map_err(errors)?;
    let unfitted = prepare_unfitted(&source).map_err(errors)?;
    let mut value = drawn(&prepared);
    let name = path.file_stem().unwrap_or_default().to_string_lossy();
    let layout = &prepared.layout;
    let extra = json!({
        "name": name,
        // What the page's SVG adds around the drawing (margins, a legend wider than the drawing).
        "figure_margin": svg::figure_width(&prepared.diagram, layout) - layout.width,
        // The widest a page shows the SVG (CSS px): wider ones are scaled down to it.
        "figure_column": FIGURE_COLUMN,
        // The same diagram as first laid out, before fitting it to the column.
        "unfitted": drawn(&unfitted),
    });
    if let (Value::Object(all), Value::Object(extra)) = (&mut value, extra) {
        all.extend(extra);
    }
    Ok(value)
}

/// Direction, size, boxes and routes of one layout, with the input each came from.
fn drawn(prepared: &Prepared) -> Value {
    let (graph, layout) = (&prepared.graph, &prepared.layout);
    let nodes: Vec<Value> = graph
        .nodes
        .iter()
        .zip(&layout.nodes)
        .map(|(node, placed)| {
            json!({
                "size": [node.size.width, node.size.height],
                "parent": node.parent,
                "container": node.is_container,
                "box": rect(placed),
            })
        })
        .collect();
    let edges: Vec<Value> = graph
        .edges
        .iter()
        .zip(&layout.edges)
        .map(|(edge, route)| {
            json!({
                "from": edge.from,
                "to": edge.to,
                "ranks": edge.constrains_rank,
                "label": edge.label.map(|s| [s.width, s.height]),
                "points": route.points.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>(),
                "label_box": route.label.as_ref().map(rect),
            })
        })
        .collect();
    json!({
        "direction": match graph.direction { Direction::Right => "right", Direction::Down => "down" },
        "width": layout.width,
        "height": layout.height,
        "nodes": nodes,
        "edges": edges,
    })
}

fn main() -> std::process::ExitCode {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        match dump(Path::new(&arg)) {
            Ok(value) => {
                let _ = writeln!(out, "{value}");
            }
            Err(message) => {
                let _ = writeln!(std::io::stderr(), "{message}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
