//! Renders each Mermaid file given (flowchart or `sequenceDiagram`) in-process, the way a page
//! build does, and prints one JSON line per file: the median time of parse + layout + draw over
//! 200 runs (the verifier not included), the drawing's size, and what our verifiers find (overlaps,
//! text outside its box). Each figure is written to `OUT/NAME.ours.svg` for
//! `benches/mermaid/compare.mjs`.
//!
//! `cargo run --release --example mermaid_corpus -- OUT tests/fixtures/mermaid/flowchart/*.mmd`

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use infrabook::diagram::sequence::{self, Header};
use infrabook::diagram::{LinkResolver, RenderOptions, layout, mermaid};
use serde_json::json;

/// The allocator the `infrabook` binary uses, so the times are those of a page build.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

struct AnyLink;

impl LinkResolver for AnyLink {
    fn resolve(&self, target: &str) -> Result<String, String> {
        Ok(target.to_string())
    }
}

/// Renders once; the figure HTML and the verifier's complaints.
fn render(source: &str) -> Result<(String, Vec<String>), String> {
    if sequence::is_mermaid_sequence(source) {
        let prepared =
            sequence::prepare(source, Header::Required).map_err(|e| e[0].message.clone())?;
        let problems = sequence::verify(&prepared.layout);
        let html = sequence::render(source, Header::Required, "d1", None)
            .map_err(|e| e[0].message.clone())?
            .html;
        return Ok((html, problems));
    }
    let options = RenderOptions {
        id_prefix: "d1",
        links: &AnyLink,
        caption: None,
    };
    let (prepared, _) = mermaid::prepare(source).map_err(|e| e[0].message.clone())?;
    let problems = layout::verify(&prepared.graph, &prepared.layout)
        .iter()
        .map(|v| format!("{v:?}"))
        .collect();
    let html = mermaid::render(source, &options)
        .map_err(|e| e[0].message.clone())?
        .html;
    Ok((html, problems))
}

/// What a page build pays for one block: parse, lay out and draw (no verifier).
fn draw(source: &str) -> bool {
    if sequence::is_mermaid_sequence(source) {
        return sequence::render(source, Header::Required, "d1", None).is_ok();
    }
    let options = RenderOptions {
        id_prefix: "d1",
        links: &AnyLink,
        caption: None,
    };
    mermaid::render(source, &options).is_ok()
}

/// Width and height of the first `viewBox`.
fn view_box(html: &str) -> (f64, f64) {
    let Some(at) = html.find("viewBox=\"") else {
        return (0.0, 0.0);
    };
    let rest = &html[at + 9..];
    let numbers: Vec<f64> = rest[..rest.find('"').unwrap_or(0)]
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers.as_slice() {
        [_, _, w, h] => (*w, *h),
        _ => (0.0, 0.0),
    }
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: mermaid_corpus OUT FILE...")?;
    let mut stdout = std::io::stdout().lock();
    for path in args {
        let source = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let name = Path::new(&path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (html, problems) = render(&source).map_err(|e| format!("{path}: {e}"))?;
        let runs = 200;
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let _ = std::hint::black_box(draw(std::hint::black_box(&source)));
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        times.sort_by(f64::total_cmp);
        std::fs::write(Path::new(&out).join(format!("{name}.ours.svg")), &html)
            .map_err(|e| format!("{out}: {e}"))?;
        let (width, height) = view_box(&html);
        let line = json!({
            "name": name,
            "kind": if sequence::is_mermaid_sequence(&source) { "sequence" } else { "flowchart" },
            "micros": times[runs / 2],
            "width": width,
            "height": height,
            "problems": problems,
        });
        writeln!(stdout, "{line}").map_err(|e| e.to_string())?;
    }
    Ok(())
}
