//! What the drawing marks for the lint stage: [`Lint`]s and request paths -> [`Overlay`].
//!
//! Risks (findings of the rules in [`super::RULES`]) are numbered from 1 in the order of
//! [`super::check`]; each puts a badge with its number on the node it is about, matching item
//! `number` of the "Risks in this design" list. Request path steps are numbered from 1 across all
//! paths in declaration order (a second path goes on from where the first stopped), matching the step
//! lists under the figure; a step that follows no edge gets no number here (it is an error found by
//! [`super::paths::check`] before drawing).

use super::Lint;
use super::paths::hops;
use crate::diagram::model::Diagram;
use crate::diagram::svg::{Badge, Overlay, Step};

/// The risks among `lints`, numbered from 1, in order.
pub fn numbered_risks(lints: &[Lint]) -> impl Iterator<Item = (u32, &Lint)> {
    lints
        .iter()
        .filter(|l| l.is_risk())
        .zip(1u32..)
        .map(|(l, n)| (n, l))
}

/// One numbered step per hop of every path, paired with the path index and the hop index.
pub fn numbered_steps(diagram: &Diagram) -> Vec<(u32, usize, usize)> {
    let mut out = Vec::new();
    let mut number = 0u32;
    for (p, path) in diagram.paths.iter().enumerate() {
        for i in 0..path.steps.len().saturating_sub(1) {
            number += 1;
            out.push((number, p, i));
        }
    }
    out
}

/// Badges for the risks and markers for the path steps.
pub fn overlay(diagram: &Diagram, lints: &[Lint]) -> Overlay {
    let mut badges: Vec<Badge> = Vec::new();
    for (number, lint) in numbered_risks(lints) {
        badges.extend(lint.nodes.iter().map(|node| Badge {
            node: *node,
            number,
        }));
    }
    // The drawing lines a node's badges up leftwards from its corner in the order given; giving them
    // highest first makes them read in ascending order, left to right.
    badges.sort_by(|a, b| {
        (a.node, std::cmp::Reverse(a.number)).cmp(&(b.node, std::cmp::Reverse(b.number)))
    });
    let hops_per_path: Vec<_> = diagram.paths.iter().map(|p| hops(diagram, p)).collect();
    let steps = numbered_steps(diagram)
        .into_iter()
        .filter_map(|(number, p, i)| {
            let hop = hops_per_path[p][i]?;
            Some(Step {
                edge: hop.edge,
                number,
                reversed: hop.reversed,
            })
        })
        .collect();
    Overlay { badges, steps }
}
