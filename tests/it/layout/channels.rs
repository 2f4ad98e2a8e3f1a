//! Channel routing on the Mermaid corpus (issue 16): parallel edges keep the edge spacing apart in
//! drawing units, whatever scale a page shows the drawing at.

use infrabook::diagram::mermaid::prepare;

use crate::mermaid_corpus::cases;
use crate::routing::under_spacing;

#[test]
fn mermaid_cases_keep_parallel_edges_the_edge_spacing_apart() {
    let mut over = Vec::new();
    let mut checked = 0;
    for folder in ["flowchart", "state"] {
        for path in cases(folder) {
            let source = std::fs::read_to_string(&path).expect("readable case");
            let Ok((prepared, _)) = prepare(&source) else {
                continue;
            };
            checked += 1;
            let found = under_spacing(&prepared);
            if !found.is_empty() {
                over.push(format!("{}: {found:?}", path.display()));
            }
        }
    }
    assert!(checked >= 40, "only {checked} cases drawn");
    assert!(over.is_empty(), "{}", over.join("\n"));
}
