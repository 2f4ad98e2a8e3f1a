//! Parse + model + layout + SVG of a 20-node and a 60-node diagram (the fixtures
//! `twenty-nodes.infra` and `stress-60.infra`). Goals: under 1 ms median for 20 nodes, under 10 ms
//! for 60 nodes. Results and the comparison with `dot -Tsvg` are kept in `benches/README.md`.

use criterion::{Criterion, criterion_group, criterion_main};
use infrabook::diagram::{LinkResolver, RenderOptions, mermaid, render};

struct NoLinks;

impl LinkResolver for NoLinks {
    fn resolve(&self, target: &str) -> Result<String, String> {
        Ok(target.to_string())
    }
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/diagrams/{name}.infra",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bench_render(c: &mut Criterion) {
    let options = RenderOptions {
        id_prefix: "d",
        links: &NoLinks,
        caption: None,
    };
    for (name, label) in [
        ("twenty-nodes", "render 20 nodes"),
        ("stress-60", "render 60 nodes"),
    ] {
        let source = fixture(name);
        assert!(render(&source, &options).is_ok(), "{name} must render");
        c.bench_function(label, |b| {
            b.iter(|| render(std::hint::black_box(&source), &options))
        });
    }
}

/// A 10-message sequence diagram (`tests/fixtures/sequence/arrow-kinds.mmd`, every arrow kind) through
/// parse, model, layout and SVG. Goal: under 1 ms median.
fn bench_sequence(c: &mut Criterion) {
    use infrabook::diagram::sequence::{Header, render};
    let path = format!(
        "{}/tests/fixtures/sequence/arrow-kinds.mmd",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let html = render(&source, Header::Required, "d", None).expect("renders");
    assert_eq!(html.html.matches("<g class=\"seq-message ").count(), 10);
    c.bench_function("render 10-message sequence", |b| {
        b.iter(|| render(std::hint::black_box(&source), Header::Required, "d", None))
    });
}

/// The same engine through the Mermaid front end: a 20-node flowchart from the test corpus.
fn bench_mermaid(c: &mut Criterion) {
    let options = RenderOptions {
        id_prefix: "d",
        links: &NoLinks,
        caption: None,
    };
    let path = format!(
        "{}/tests/fixtures/mermaid/flowchart/53-twenty-nodes.mmd",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        mermaid::render(&source, &options).is_ok(),
        "the flowchart must render"
    );
    c.bench_function("render mermaid flowchart 20 nodes", |b| {
        b.iter(|| mermaid::render(std::hint::black_box(&source), &options))
    });
}

criterion_group!(benches, bench_render, bench_sequence, bench_mermaid);
criterion_main!(benches);
