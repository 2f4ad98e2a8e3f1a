//! Placement across the layers: what `position` and `straight` promise on any sizes.

use infrabook::diagram::layout::{
    Direction, LayoutEdge, LayoutGraph, LayoutNode, Rect, Size, layout, verify,
};
use proptest::prelude::*;

fn node(width: f64, height: f64, parent: Option<usize>, is_container: bool) -> LayoutNode {
    LayoutNode {
        size: Size { width, height },
        parent,
        is_container,
        tier: None,
    }
}

fn edge(from: usize, to: usize) -> LayoutEdge {
    LayoutEdge {
        from,
        to,
        label: None,
        constrains_rank: true,
    }
}

fn direction(down: bool) -> Direction {
    if down {
        Direction::Down
    } else {
        Direction::Right
    }
}

/// `(start, end)` of a box across the layers.
fn across(d: Direction, r: &Rect) -> (f64, f64) {
    match d {
        Direction::Right => (r.y, r.y + r.height),
        Direction::Down => (r.x, r.x + r.width),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A chain of boxes each joined to the next by its only edge, in consecutive layers, is drawn
    /// as straight lines whatever the boxes' sizes.
    #[test]
    fn a_chain_of_single_edge_boxes_is_drawn_straight(
        sizes in proptest::collection::vec((30.0f64..240.0, 20.0f64..90.0), 2..7),
        down in proptest::bool::ANY,
    ) {
        let d = direction(down);
        let nodes: Vec<LayoutNode> = sizes.iter().map(|&(w, h)| node(w, h, None, false)).collect();
        let edges = (1..nodes.len()).map(|i| edge(i - 1, i)).collect();
        let g = LayoutGraph { direction: d, nodes, edges };
        let l = layout(&g);
        prop_assert!(verify(&g, &l).is_empty());
        for (e, route) in l.edges.iter().enumerate() {
            prop_assert_eq!(route.points.len(), 2, "edge {} bends: {:?}", e, route);
        }
    }

    /// A box inside a container drawn top to bottom, whose header is wider than the box: the edge
    /// into the container does not step sideways inside it, port and member lining up.
    #[test]
    fn a_chain_entering_a_container_past_its_header_runs_straight(
        header in 120.0f64..260.0,
        sizes in proptest::collection::vec((40.0f64..110.0, 20.0f64..60.0), 1..2),
    ) {
        let mut nodes = vec![node(100.0, 40.0, None, false), node(header, 20.0, None, true)];
        nodes.extend(sizes.iter().map(|&(w, h)| node(w, h, Some(1), false)));
        let mut edges = vec![edge(0, 2)];
        edges.extend((3..nodes.len()).map(|i| edge(i - 1, i)));
        let g = LayoutGraph { direction: Direction::Down, nodes, edges };
        let l = layout(&g);
        prop_assert!(verify(&g, &l).is_empty());
        let inner = l.edges[0].points.iter().filter(|p| p.y >= l.nodes[1].y).count();
        prop_assert!(inner <= 2, "the edge steps inside the container: {:?}", l.edges[0]);
    }

    /// Boxes of one layer (a fan) never overlap across the layers, and keep the least gap.
    #[test]
    fn boxes_of_one_layer_keep_apart(
        sizes in proptest::collection::vec((10.0f64..200.0, 10.0f64..80.0), 2..8),
        down in proptest::bool::ANY,
    ) {
        let d = direction(down);
        let mut nodes = vec![node(80.0, 40.0, None, false)];
        nodes.extend(sizes.iter().map(|&(w, h)| node(w, h, None, false)));
        let edges = (1..nodes.len()).map(|i| edge(0, i)).collect();
        let g = LayoutGraph { direction: d, nodes, edges };
        let l = layout(&g);
        let mut spans: Vec<(f64, f64)> = l.nodes[1..].iter().map(|r| across(d, r)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in spans.windows(2) {
            prop_assert!(pair[1].0 - pair[0].1 >= 24.0 - 1e-6, "{:?}", spans);
        }
    }
}

/// Steps across the layers shorter than this between two runs along them are jogs a reader
/// cannot tell from a drawing error (a long edge drifting a few units from layer to layer).
const HAIRLINE_STEP: f64 = 4.0;

/// Points of `route` where it steps across the layers by less than [`HAIRLINE_STEP`] between two
/// runs along them, as `(before, after)` coordinates across.
fn hairline_steps(d: Direction, points: &[infrabook::diagram::layout::Point]) -> Vec<(f64, f64)> {
    let p: Vec<(f64, f64)> = points
        .iter()
        .map(|q| match d {
            Direction::Right => (q.x, q.y),
            Direction::Down => (q.y, q.x),
        })
        .collect();
    p.windows(4)
        .filter(|w| {
            let step = (w[2].1 - w[1].1).abs();
            w[0].1 == w[1].1
                && w[1].0 == w[2].0
                && w[2].1 == w[3].1
                && (w[1].0 - w[0].0) * (w[3].0 - w[2].0) > 0.0
                && step > 0.0
                && step < HAIRLINE_STEP
        })
        .map(|w| (w[1].1, w[2].1))
        .collect()
}

/// Regression: long edges in the state diagrams (say `25-tcp-connection`) drifted a few units at
/// every layer, the weighted fit leaving their dummies just off one line.
#[test]
fn long_edges_of_state_diagrams_never_drift_by_a_hairline() {
    let cases = crate::mermaid_corpus::cases("state");
    assert!(!cases.is_empty());
    let mut drifts = Vec::new();
    for case in &cases {
        let source = std::fs::read_to_string(case).expect("case");
        let Ok((prepared, _, _)) = infrabook::diagram::mermaid::state::prepare(&source) else {
            continue;
        };
        let d = prepared.graph.direction;
        for (e, route) in prepared.layout.edges.iter().enumerate() {
            for step in hairline_steps(d, &route.points) {
                drifts.push(format!(
                    "{} edge {e}: {step:?} {:?}",
                    case.display(),
                    route.points
                ));
            }
        }
    }
    assert!(drifts.is_empty(), "{}", drifts.join("\n"));
}

/// An active-passive balancer pair between a firewall and two web servers (the handbook's
/// `lb-ha-pair`): every level keeps the placement drawn straightest, so one more of the first
/// balancer's edges runs straight than with the four Brandes–Köpf runs balanced.
#[test]
fn a_balancer_pair_keeps_the_placement_drawn_straightest() {
    let sizes = [
        (107.0, 38.0),
        (138.0, 54.0),
        (285.0, 54.0),
        (285.0, 54.0),
        (139.0, 54.0),
        (141.0, 54.0),
    ];
    let nodes = sizes
        .iter()
        .map(|&(w, h)| node(w, h, None, false))
        .collect();
    let labelled = |from, to, width| LayoutEdge {
        label: Some(Size {
            width,
            height: 18.0,
        }),
        ..edge(from, to)
    };
    let edges = vec![
        labelled(0, 1, 154.0),
        labelled(1, 2, 82.0),
        labelled(1, 3, 97.0),
        labelled(2, 3, 168.0),
        labelled(2, 4, 21.0),
        labelled(2, 5, 21.0),
        labelled(3, 4, 21.0),
        labelled(3, 5, 21.0),
    ];
    let g = LayoutGraph {
        direction: Direction::Down,
        nodes,
        edges,
    };
    let l = layout(&g);
    assert!(verify(&g, &l).is_empty());
    let straight: Vec<usize> = (0..l.edges.len())
        .filter(|&e| l.edges[e].points.len() == 2)
        .collect();
    assert!(
        straight.len() >= 6,
        "only {straight:?} straight: {:?}",
        l.edges
    );
}
