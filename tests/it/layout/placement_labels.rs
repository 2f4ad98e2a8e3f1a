//! Labels of edges between boxes of one layer (replication, monitoring) keep out of the way of the
//! boxes they do not label.

use infrabook::diagram::layout::{Direction, Layout, LayoutEdge};

use super::{checked, graph, labelled, leaf};

/// An edge that does not rank, labelled 60 units wide.
fn replication(from: usize, to: usize) -> LayoutEdge {
    LayoutEdge {
        constrains_rank: false,
        ..labelled(from, to, 60.0)
    }
}

/// Three boxes in one layer joined in a ring (1 -> 2, 2 -> 3, 3 -> 1), as a Galera cluster's
/// write sets are; verified and laid out twice alike.
fn ring(direction: Direction) -> Layout {
    let nodes = vec![leaf(120.0, 40.0), leaf(120.0, 40.0), leaf(120.0, 40.0)];
    let edges = vec![replication(0, 1), replication(1, 2), replication(2, 0)];
    checked(&graph(direction, nodes, edges))
}

#[test]
fn neighbours_in_a_ring_are_joined_straight_across_their_gap() {
    for direction in [Direction::Down, Direction::Right] {
        let result = ring(direction);
        // The ring's closing edge turns in a channel; its label does not sit between the other
        // two pairs, so each of them is one straight segment.
        for e in [0, 1] {
            let points = &result.edges[e].points;
            assert_eq!(points.len(), 2, "{direction:?} edge {e}: {points:?}");
        }
    }
}
