//! Tests: layout. Hand-made graphs, large generated ones and random ones, all checked by the public
//! verifier, plus a few geometric facts the verifier does not know about (layer order, label place).

use infrabook::diagram::layout::{
    CONTAINER_PADDING, Direction, Layout, LayoutEdge, LayoutGraph, LayoutNode, Rect, Size, layout,
    verify,
};
use proptest::prelude::*;

fn leaf(width: f64, height: f64) -> LayoutNode {
    LayoutNode {
        size: Size { width, height },
        parent: None,
        is_container: false,
        tier: None,
    }
}

fn inside(node: LayoutNode, parent: usize) -> LayoutNode {
    LayoutNode {
        parent: Some(parent),
        ..node
    }
}

fn container(parent: Option<usize>) -> LayoutNode {
    LayoutNode {
        size: Size {
            width: 90.0,
            height: 20.0,
        },
        parent,
        is_container: true,
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

fn labelled(from: usize, to: usize, width: f64) -> LayoutEdge {
    LayoutEdge {
        label: Some(Size {
            width,
            height: 14.0,
        }),
        ..edge(from, to)
    }
}

fn loose(from: usize, to: usize) -> LayoutEdge {
    LayoutEdge {
        constrains_rank: false,
        ..edge(from, to)
    }
}

fn graph(direction: Direction, nodes: Vec<LayoutNode>, edges: Vec<LayoutEdge>) -> LayoutGraph {
    LayoutGraph {
        direction,
        nodes,
        edges,
    }
}

/// Lays out `g`, asserts the verifier finds nothing and a second run gives the same result.
fn checked(g: &LayoutGraph) -> Layout {
    let result = layout(g);
    let violations = verify(g, &result);
    let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert!(
        violations.is_empty(),
        "violations:\n{}\n{result:#?}",
        listed.join("\n")
    );
    assert_eq!(layout(g), result, "layout is not deterministic");
    result
}

/// Position along the layer axis.
fn along(direction: Direction, r: &Rect) -> (f64, f64) {
    match direction {
        Direction::Right => (r.x, r.x + r.width),
        Direction::Down => (r.y, r.y + r.height),
    }
}

const BOTH: [Direction; 2] = [Direction::Right, Direction::Down];

#[test]
fn chain_runs_along_the_direction() {
    for d in BOTH {
        let g = graph(d, vec![leaf(80.0, 40.0); 3], vec![edge(0, 1), edge(1, 2)]);
        let l = checked(&g);
        for (a, b) in [(0, 1), (1, 2)] {
            assert!(
                along(d, &l.nodes[a]).1 < along(d, &l.nodes[b]).0,
                "{d:?}: {a} before {b}"
            );
        }
    }
}

#[test]
fn diamond_puts_the_middle_pair_in_one_layer() {
    for d in BOTH {
        let edges = vec![edge(0, 1), edge(0, 2), edge(1, 3), edge(2, 3)];
        let l = checked(&graph(d, vec![leaf(60.0, 30.0); 4], edges));
        assert_eq!(along(d, &l.nodes[1]), along(d, &l.nodes[2]));
        assert!(along(d, &l.nodes[1]).1 < along(d, &l.nodes[3]).0);
    }
}

#[test]
fn cycle_is_laid_out_in_three_layers() {
    let g = graph(
        Direction::Right,
        vec![leaf(50.0, 30.0); 3],
        vec![edge(0, 1), edge(1, 2), edge(2, 0)],
    );
    let l = checked(&g);
    let mut xs: Vec<f64> = l.nodes.iter().map(|r| r.x).collect();
    xs.dedup();
    assert_eq!(xs.len(), 3);
}

/// zone { host { svc { a, b } c } } d, with edges crossing every border.
fn nested_three_deep(d: Direction) -> LayoutGraph {
    let nodes = vec![
        container(None),             // 0 zone
        container(Some(0)),          // 1 host
        container(Some(1)),          // 2 svc
        inside(leaf(70.0, 30.0), 2), // 3 a
        inside(leaf(70.0, 30.0), 2), // 4 b
        inside(leaf(70.0, 30.0), 1), // 5 c
        leaf(70.0, 30.0),            // 6 d
    ];
    let edges = vec![
        edge(6, 3),
        edge(3, 4),
        edge(4, 5),
        edge(5, 6),
        labelled(3, 5, 40.0),
        loose(6, 1),
    ];
    graph(d, nodes, edges)
}

#[test]
fn containers_nested_three_deep_hold_their_members() {
    for d in BOTH {
        let l = checked(&nested_three_deep(d));
        let within = |outer: &Rect, inner: &Rect| {
            outer.x < inner.x
                && outer.y < inner.y
                && inner.x + inner.width < outer.x + outer.width
                && inner.y + inner.height < outer.y + outer.height
        };
        assert!(within(&l.nodes[0], &l.nodes[1]));
        assert!(within(&l.nodes[1], &l.nodes[2]));
        assert!(within(&l.nodes[2], &l.nodes[3]));
        assert!(!within(&l.nodes[0], &l.nodes[6]));
    }
}

#[test]
fn edge_into_a_container_ends_on_its_border() {
    for d in BOTH {
        let nodes = vec![
            leaf(60.0, 30.0),
            container(None),
            inside(leaf(60.0, 30.0), 1),
        ];
        let l = checked(&graph(d, nodes, vec![loose(0, 1), edge(1, 2), edge(2, 1)]));
        assert!(l.edges.iter().all(|e| e.points.len() >= 2));
    }
}

#[test]
fn label_sits_between_its_ends() {
    for d in BOTH {
        let g = graph(d, vec![leaf(60.0, 30.0); 2], vec![labelled(0, 1, 120.0)]);
        let l = checked(&g);
        let label = l.edges[0].label.expect("label placed");
        assert!(along(d, &l.nodes[0]).1 <= along(d, &label).0);
        assert!(along(d, &label).1 <= along(d, &l.nodes[1]).0);
    }
}

#[test]
fn labels_of_flat_and_self_edges_are_placed() {
    for d in BOTH {
        let nodes = vec![
            leaf(60.0, 30.0),
            leaf(60.0, 30.0),
            container(None),
            inside(leaf(40.0, 20.0), 2),
        ];
        let edges = vec![
            LayoutEdge {
                constrains_rank: false,
                ..labelled(0, 1, 80.0)
            },
            labelled(1, 1, 50.0),
            labelled(2, 2, 50.0),
            labelled(2, 3, 30.0),
            labelled(3, 2, 30.0),
        ];
        let l = checked(&graph(d, nodes, edges));
        assert!(l.edges.iter().all(|e| e.label.is_some()));
    }
}

/// The two-server web stack of DESIGN.md section 5.
fn web_stack(d: Direction) -> LayoutGraph {
    let tiered = |tier: u8, parent: Option<usize>| LayoutNode {
        tier: Some(tier),
        parent,
        ..leaf(90.0, 40.0)
    };
    let nodes = vec![
        tiered(0, None),    // 0 browser
        tiered(1, None),    // 1 dns
        tiered(2, None),    // 2 lb
        container(None),    // 3 server1
        tiered(3, Some(3)), // 4 web
        tiered(4, Some(3)), // 5 app
        tiered(5, Some(3)), // 6 db
        container(None),    // 7 server2
        tiered(3, Some(7)), // 8 web
        tiered(4, Some(7)), // 9 app
        tiered(5, Some(7)), // 10 db
    ];
    let edges = vec![
        labelled(0, 1, 140.0),
        labelled(0, 2, 80.0),
        labelled(2, 4, 40.0),
        labelled(2, 8, 40.0),
        edge(4, 5),
        edge(8, 9),
        edge(5, 6),
        labelled(9, 6, 50.0),
        labelled(9, 10, 40.0),
        LayoutEdge {
            constrains_rank: false,
            ..labelled(6, 10, 80.0)
        },
    ];
    graph(d, nodes, edges)
}

#[test]
fn web_stack_lays_out_in_both_directions() {
    for d in BOTH {
        let l = checked(&web_stack(d));
        assert!(
            along(d, &l.nodes[0]).1 < along(d, &l.nodes[2]).0,
            "browser before lb"
        );
        assert!(
            along(d, &l.nodes[2]).1 < along(d, &l.nodes[3]).0,
            "lb before server1"
        );
    }
}

#[test]
fn loose_nodes_line_up_by_tier() {
    let tiered = |tier: u8| LayoutNode {
        tier: Some(tier),
        ..leaf(50.0, 30.0)
    };
    let nodes = vec![tiered(0), tiered(2), tiered(4), tiered(2), tiered(4)];
    let l = checked(&graph(
        Direction::Right,
        nodes,
        vec![edge(0, 1), edge(1, 2)],
    ));
    assert_eq!(l.nodes[3].x, l.nodes[1].x);
    assert_eq!(l.nodes[4].x, l.nodes[2].x);
}

#[test]
fn malformed_input_is_tolerated() {
    let mut nodes = vec![
        container(Some(1)),
        container(Some(0)),
        inside(leaf(f64::NAN, -5.0), 7),
        leaf(f64::INFINITY, 1e300),
    ];
    nodes.push(inside(leaf(10.0, 10.0), 3));
    let edges = vec![
        edge(0, 9),
        edge(2, 2),
        edge(4, 0),
        edge(1, 0),
        labelled(3, 4, f64::NAN),
    ];
    let g = graph(Direction::Down, nodes, edges);
    let l = checked(&g);
    assert!(
        l.edges[0].points.is_empty(),
        "an edge to a missing node gets no route"
    );
}

#[test]
fn empty_graph_has_an_empty_layout() {
    let l = checked(&LayoutGraph::default());
    assert!(l.nodes.is_empty() && l.edges.is_empty());
}

/// A deterministic graph of `n` nodes: hosts of three services, feeding each other in a ladder, with
/// some monitoring and labelled edges.
fn generated(n: usize, d: Direction) -> LayoutGraph {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut prev_services: Vec<usize> = Vec::new();
    while nodes.len() + 4 <= n {
        let host = nodes.len();
        nodes.push(container(None));
        let services: Vec<usize> = (0..3)
            .map(|i| {
                nodes.push(LayoutNode {
                    tier: Some(3 + i as u8),
                    ..inside(leaf(80.0, 36.0), host)
                });
                nodes.len() - 1
            })
            .collect();
        edges.push(edge(services[0], services[1]));
        edges.push(labelled(services[1], services[2], 44.0));
        if let Some(&p) = prev_services.get(1) {
            edges.push(edge(p, services[2]));
            edges.push(loose(services[2], host - 3));
        }
        if host % 3 == 0 && host > 0 {
            edges.push(labelled(0, services[0], 60.0));
        }
        prev_services = services;
    }
    while nodes.len() < n {
        nodes.push(leaf(70.0, 30.0));
        edges.push(edge(nodes.len() - 1, 1));
    }
    graph(d, nodes, edges)
}

#[test]
fn sixty_and_hundred_nodes_verify() {
    for n in [60, 100] {
        for d in BOTH {
            checked(&generated(n, d));
        }
    }
}

fn arbitrary_graph() -> impl Strategy<Value = LayoutGraph> {
    (1usize..25).prop_flat_map(|n| {
        let node = (
            0.0f64..160.0,
            0.0f64..80.0,
            proptest::option::weighted(0.6, 0..n + 1),
            proptest::bool::weighted(0.3),
            proptest::option::of(0u8..6),
        )
            .prop_map(|(w, h, parent, is_container, tier)| LayoutNode {
                size: Size {
                    width: w,
                    height: h,
                },
                parent,
                is_container,
                tier,
            });
        let edge = (
            0..n + 1,
            0..n,
            proptest::option::weighted(0.3, (1.0f64..120.0, 8.0f64..20.0)),
            proptest::bool::weighted(0.8),
        )
            .prop_map(|(from, to, label, constrains_rank)| LayoutEdge {
                from,
                to,
                label: label.map(|(width, height)| Size { width, height }),
                constrains_rank,
            });
        (
            proptest::collection::vec(node, n),
            proptest::collection::vec(edge, 0..2 * n),
            proptest::bool::ANY,
        )
            .prop_map(|(nodes, edges, down)| LayoutGraph {
                direction: if down {
                    Direction::Down
                } else {
                    Direction::Right
                },
                nodes,
                edges,
            })
    })
}

/// Any float at all: NaN, infinities, negatives, subnormals, huge values.
fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        proptest::num::f64::ANY,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-1.0),
        Just(1e300),
        0.0f64..300.0
    ]
}

fn wild_sizes(g: LayoutGraph) -> impl Strategy<Value = LayoutGraph> {
    let n = g.nodes.len();
    let m = g.edges.len();
    (
        proptest::collection::vec((wild(), wild()), n),
        proptest::collection::vec((wild(), wild()), m),
    )
        .prop_map(move |(node_sizes, label_sizes)| {
            let mut g = g.clone();
            for (node, (width, height)) in g.nodes.iter_mut().zip(node_sizes) {
                node.size = Size { width, height };
            }
            for (edge, (width, height)) in g.edges.iter_mut().zip(label_sizes) {
                edge.label = edge.label.map(|_| Size { width, height });
            }
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn wild_sizes_never_break_the_invariants(g in arbitrary_graph().prop_flat_map(wild_sizes)) {
        let result = layout(&g);
        let violations: Vec<String> = verify(&g, &result).iter().map(ToString::to_string).collect();
        prop_assert!(violations.is_empty(), "{}", violations.join("\n"));
        prop_assert_eq!(layout(&g), result);
    }

    #[test]
    fn random_graphs_keep_every_invariant(g in arbitrary_graph()) {
        let result = layout(&g);
        let violations: Vec<String> = verify(&g, &result).iter().map(ToString::to_string).collect();
        prop_assert!(violations.is_empty(), "{}", violations.join("\n"));
        prop_assert!(result.width.is_finite() && result.height.is_finite());
        prop_assert_eq!(layout(&g), result);
    }
}

#[test]
fn deep_nesting_is_laid_out_without_recursion_limits() {
    let depth: usize = 200;
    let mut nodes: Vec<LayoutNode> = (0..depth).map(|i| container(i.checked_sub(1))).collect();
    nodes.push(inside(leaf(40.0, 20.0), depth - 1));
    nodes.push(leaf(40.0, 20.0));
    let edges = vec![
        labelled(depth, depth + 1, 30.0),
        edge(depth + 1, depth),
        loose(depth + 1, depth / 2),
    ];
    let l = checked(&graph(Direction::Right, nodes, edges));
    assert!(l.width.is_finite() && l.height.is_finite());
}

/// Proper crossings between segments of different edges.
fn crossings(l: &Layout) -> usize {
    infrabook::diagram::drawn_crossings(l)
}

#[test]
fn a_fan_out_and_a_fan_in_do_not_cross() {
    for d in BOTH {
        let mut edges: Vec<LayoutEdge> = (1..6).map(|i| edge(0, i)).collect();
        edges.extend((1..6).map(|i| edge(i, 6)));
        let l = checked(&graph(d, vec![leaf(60.0, 30.0); 7], edges));
        assert_eq!(crossings(&l), 0, "{d:?}");
    }
}

#[test]
fn edges_into_a_container_keep_their_order_at_its_border() {
    for d in BOTH {
        // a -> zone.x and b -> zone.y, plus a monitor hanging off the zone itself.
        let nodes = vec![
            leaf(60.0, 30.0),
            leaf(60.0, 30.0),
            container(None),
            inside(leaf(60.0, 30.0), 2),
            inside(leaf(60.0, 30.0), 2),
            leaf(60.0, 30.0),
        ];
        let edges = vec![edge(0, 3), edge(1, 4), edge(0, 1), loose(5, 2), edge(3, 4)];
        let l = checked(&graph(d, nodes, edges));
        assert_eq!(crossings(&l), 0, "{d:?}");
    }
}

#[test]
fn no_edge_crosses_a_container_header() {
    for d in BOTH {
        for g in [web_stack(d), nested_three_deep(d), generated(40, d)] {
            let l = checked(&g);
            for (k, node) in g.nodes.iter().enumerate().filter(|(_, n)| n.is_container) {
                let b = l.nodes[k];
                let text = Rect {
                    x: b.x + CONTAINER_PADDING,
                    y: b.y,
                    width: node.size.width,
                    height: node.size.height,
                };
                for (e, route) in l.edges.iter().enumerate() {
                    let hit = route.points.windows(2).any(|w| {
                        let (x0, x1) = (w[0].x.min(w[1].x), w[0].x.max(w[1].x));
                        let (y0, y1) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
                        x1 > text.x
                            && x0 < text.x + text.width
                            && y1 > text.y
                            && y0 < text.y + text.height
                    });
                    assert!(!hit, "{d:?}: edge {e} crosses the header of container {k}");
                }
            }
        }
    }
}

#[test]
fn hosts_linked_middle_to_middle_share_a_layer() {
    for d in BOTH {
        let l = checked(&web_stack(d));
        let (s1, s2) = (along(d, &l.nodes[3]), along(d, &l.nodes[7]));
        assert!(
            s1.0 < s2.1 && s2.0 < s1.1,
            "{d:?}: server boxes {s1:?} and {s2:?} share no layer"
        );
        // The replication label sits between the two servers, across the layers.
        let label = l.edges[9].label.expect("replication label");
        let across = |r: &Rect| match d {
            Direction::Right => (r.y, r.y + r.height),
            Direction::Down => (r.x, r.x + r.width),
        };
        let (a, b, m) = (across(&l.nodes[3]), across(&l.nodes[7]), across(&label));
        let (upper, lower) = if a.0 < b.0 { (a, b) } else { (b, a) };
        assert!(
            upper.1 <= m.0 && m.1 <= lower.0,
            "{d:?}: label {m:?} not between {a:?} and {b:?}"
        );
    }
}

#[test]
fn replication_between_neighbours_is_one_straight_line_with_its_label_beside() {
    for d in BOTH {
        // app -> primary, app -> replica; primary -> replica is replication (does not rank).
        let nodes = vec![leaf(70.0, 30.0); 3];
        let edges = vec![
            edge(0, 1),
            edge(0, 2),
            LayoutEdge {
                constrains_rank: false,
                ..labelled(1, 2, 70.0)
            },
        ];
        let l = checked(&graph(d, nodes, edges));
        let route = &l.edges[2];
        assert_eq!(route.points.len(), 2, "{d:?}: {route:?}");
        let label = route.label.expect("label");
        let (p, q) = (route.points[0], route.points[1]);
        match d {
            Direction::Right => assert!(p.x == q.x && label.x > p.x, "{d:?}: {route:?}"),
            Direction::Down => assert!(p.y == q.y && label.y > p.y, "{d:?}: {route:?}"),
        }
    }
}

#[test]
fn an_unranked_labelled_edge_carries_its_label_on_the_line() {
    for d in BOTH {
        let tiered = |tier: u8| LayoutNode {
            tier: Some(tier),
            ..leaf(80.0, 30.0)
        };
        let nodes = vec![tiered(0), tiered(1), tiered(2)];
        let edges = vec![
            labelled(0, 2, 60.0),
            LayoutEdge {
                constrains_rank: false,
                ..labelled(0, 1, 140.0)
            },
        ];
        let l = checked(&graph(d, nodes, edges));
        let label = l.edges[1].label.expect("lookup label");
        assert!(along(d, &l.nodes[0]).1 <= along(d, &label).0, "{d:?}");
        assert!(along(d, &label).1 <= along(d, &l.nodes[1]).0, "{d:?}");
    }
}

#[test]
fn edges_meeting_one_side_of_a_node_meet_it_at_distinct_points() {
    for d in BOTH {
        let nodes = vec![
            leaf(80.0, 60.0),
            leaf(60.0, 30.0),
            leaf(60.0, 30.0),
            leaf(60.0, 30.0),
        ];
        let l = checked(&graph(d, nodes, vec![edge(0, 1), edge(0, 2), edge(0, 3)]));
        let mut starts: Vec<(f64, f64)> = l
            .edges
            .iter()
            .map(|e| (e.points[0].x, e.points[0].y))
            .collect();
        starts.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        starts.dedup();
        assert_eq!(starts.len(), 3, "{d:?}: {starts:?}");
    }
}

mod channels;
mod jogs;
mod placement;
mod placement_labels;
mod placement_unfitted;
mod ports;

#[test]
fn edges_from_a_wide_box_to_boxes_it_overlaps_run_straight() {
    for d in BOTH {
        // A box wider (across the layers) than the two it feeds together: both edges can meet it
        // off centre and run straight, with distinct points on its side.
        let (wide, small) = match d {
            Direction::Right => (leaf(80.0, 200.0), leaf(60.0, 70.0)),
            Direction::Down => (leaf(200.0, 40.0), leaf(70.0, 30.0)),
        };
        let nodes = vec![wide, small.clone(), small];
        let l = checked(&graph(d, nodes, vec![edge(0, 1), edge(0, 2)]));
        for route in &l.edges {
            assert_eq!(route.points.len(), 2, "{d:?}: {route:?}");
        }
        assert_ne!(l.edges[0].points[0], l.edges[1].points[0], "{d:?}");
    }
}

#[test]
fn a_box_with_one_edge_moves_to_meet_its_neighbour_in_a_straight_line() {
    // The request path drawn downwards: the query from the application server (inside Server 1)
    // to the database runs straight, the container moving over rather than the edge stepping.
    let nodes = vec![
        leaf(107.0, 38.0),            // 0 browser
        leaf(177.0, 54.0),            // 1 resolver
        leaf(196.0, 54.0),            // 2 lb
        container(None),              // 3 server1
        inside(leaf(129.0, 54.0), 3), // 4 web
        inside(leaf(174.0, 54.0), 3), // 5 app
        leaf(144.0, 54.0),            // 6 db
        leaf(164.0, 54.0),            // 7 replica
    ];
    let edges = vec![
        LayoutEdge {
            constrains_rank: false,
            ..labelled(0, 1, 160.0)
        },
        labelled(0, 2, 170.0),
        labelled(2, 4, 60.0),
        labelled(4, 5, 40.0),
        labelled(5, 6, 40.0),
        LayoutEdge {
            constrains_rank: false,
            ..labelled(6, 7, 80.0)
        },
    ];
    let l = checked(&graph(Direction::Down, nodes, edges));
    for e in [2, 3, 4] {
        assert_eq!(l.edges[e].points.len(), 2, "edge {e}: {:?}", l.edges[e]);
    }
}
