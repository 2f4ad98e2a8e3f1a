//! `diagram::prepare_unfitted`: the layout before fitting, which `benches/layout-metrics.py` measures
//! beside the fitted one to tell placement from fitting.

use std::path::Path;

use infrabook::diagram::{prepare, prepare_unfitted};

fn source(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(path).expect("readable diagram")
}

#[test]
fn a_diagram_that_fits_is_drawn_the_same_unfitted() {
    let text = source("tests/fixtures/diagrams/direction-down.infra");
    let (fitted, unfitted) = (prepare(&text).unwrap(), prepare_unfitted(&text).unwrap());
    assert_eq!(fitted.layout, unfitted.layout);
}

#[test]
fn a_wrapped_diagram_is_drawn_in_one_row_unfitted() {
    // Too wide for 12 px labels in one row, so fitting wraps it into rows.
    let text = source("tests/fixtures/diagrams/two-server-stack.infra");
    let (fitted, unfitted) = (prepare(&text).unwrap(), prepare_unfitted(&text).unwrap());
    assert!(
        unfitted.layout.width > fitted.layout.width + 100.0,
        "unfitted {} vs fitted {}",
        unfitted.layout.width,
        fitted.layout.width
    );
    assert!(unfitted.layout.height < fitted.layout.height);
    assert_eq!(unfitted.layout.nodes.len(), fitted.layout.nodes.len());
    assert_eq!(unfitted.layout.edges.len(), fitted.layout.edges.len());
}

#[test]
fn errors_are_reported_unfitted_too() {
    assert!(prepare_unfitted("a -> \n{").is_err());
}
