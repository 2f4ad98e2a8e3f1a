//! The stages run over the nesting tree.
//!
//! Takes the input graph and returns the [`Layout`]: ranks every level children first, builds and
//! orders levels parents first (twice, so each level knows where its edges go inside its child
//! containers), positions and routes levels children first (a container's size comes from its own
//! level), then places levels inside each other and joins each edge's pieces into one polyline.

mod returning;

use std::collections::BTreeMap;

use super::attach;
use super::hierarchy::Hierarchy;
use super::level::{self, Attach, ItemKind, Level, LevelInput, Piece, PortRequest, Routed};
use super::long_layers;
use super::plan::{self, Plan, Top};
use super::rank::{self, RankEdge};
use super::route::{self, Frame, Geometry, LocalBox};
use super::{
    Axes, Direction, EDGE_GAP, EdgeRoute, Layout, LayoutGraph, MARGIN, NODE_GAP, PADDING, Size,
    order, position,
};

/// Whether a node sits in the first and/or last layer of its level.
#[derive(Debug, Clone, Copy)]
struct AtEdge {
    first: bool,
    last: bool,
}

pub(super) struct Engine<'a> {
    graph: &'a LayoutGraph,
    axes: Axes,
    hierarchy: Hierarchy,
    plans: Vec<Option<Plan>>,
    /// Edges routed at each level (index: container, or the root).
    routed_at: Vec<Vec<usize>>,
    tiers: Vec<Option<u8>>,
    /// How wide across the top level's layers may lie, margins included, before they are split
    /// into rows of layers ([`long_layers`]); `None` leaves the ranking as it is.
    layer_budget: Option<(f64, long_layers::RowFill)>,
}

impl<'a> Engine<'a> {
    /// Nothing here depends on the edge spacing, so one engine (and its built levels) serves every
    /// spacing round of [`super::layout`].
    pub(super) fn new(graph: &'a LayoutGraph) -> Self {
        let hierarchy = Hierarchy::new(&graph.nodes);
        let plans = plan::plan_edges(graph, &hierarchy);
        let mut routed_at = vec![Vec::new(); graph.nodes.len() + 1];
        for (edge, plan) in plans.iter().enumerate() {
            if let Some(plan) = plan {
                routed_at[plan.level].push(edge);
            }
        }
        let tiers = effective_tiers(graph, &hierarchy);
        Self {
            graph,
            axes: Axes(graph.direction),
            hierarchy,
            plans,
            routed_at,
            tiers,
            layer_budget: None,
        }
    }

    /// The engine that splits the top level's layers wider across than `width` (margins
    /// included) into rows of layers, filled as `fill` says.
    pub(super) fn splitting_layers_past(self, width: f64, fill: long_layers::RowFill) -> Self {
        Self {
            layer_budget: Some((width - 2.0 * MARGIN, fill)),
            ..self
        }
    }

    /// Ranks every level, children first: whether an edge's ends sit at the edge of their containers
    /// decides how it constrains the containers' own ranks.
    fn rank_levels(&self) -> Vec<Vec<usize>> {
        let n = self.graph.nodes.len();
        let mut ranks = vec![Vec::new(); n + 1];
        let mut at_edge = vec![
            AtEdge {
                first: true,
                last: true
            };
            n
        ];
        let mut across: Vec<f64> = (self.graph.nodes.iter())
            .map(|node| self.axes.extent(node.size).1)
            .collect();
        for &k in self.hierarchy.levels_pre_order().iter().rev() {
            let children = self.hierarchy.children(k);
            let level_ranks = self.rank_level(k, children, &at_edge, &across);
            // Only the split reads how wide a container lies; a plain layout skips the estimate.
            if k < n && self.layer_budget.is_some() {
                across[k] = self.estimated_across(children, &level_ranks, &across, across[k]);
            }
            let last = level_ranks.iter().copied().max().unwrap_or(0);
            for (&c, &r) in children.iter().zip(&level_ranks) {
                at_edge[c] = AtEdge {
                    first: r == 0,
                    last: r == last,
                };
            }
            ranks[k] = level_ranks;
        }
        ranks
    }

    /// Builds and orders every level, parents first (a parent's ranks decide its children's ports).
    pub(super) fn build_levels(&self) -> Vec<Option<Level>> {
        let n = self.graph.nodes.len();
        let all_ranks = self.rank_levels();
        let mut levels: Vec<Option<Level>> = (0..=n).map(|_| None).collect();
        let mut requests: Vec<Vec<PortRequest>> = vec![Vec::new(); n + 1];
        let mut port_keys: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n + 1];
        for &k in self.hierarchy.levels_pre_order() {
            let children = self.hierarchy.children(k);
            let ranks = &all_ranks[k];
            let routed = self.routed_at[k]
                .iter()
                .filter_map(|&e| {
                    let plan = self.plans[e].as_ref()?;
                    let edge = &self.graph.edges[e];
                    let label = edge.label.map(|l| self.axes.extent(l));
                    Some(Routed {
                        edge: e,
                        plan,
                        ends: (edge.from, edge.to),
                        label,
                    })
                })
                .collect();
            let leaf_size = |c: usize| self.axes.extent(self.graph.nodes[c].size);
            let is_container = |c: usize| self.graph.nodes.get(c).is_some_and(|n| n.is_container);
            let input = LevelInput {
                children,
                ranks,
                requests: &requests[k],
                routed,
                leaf_size: &leaf_size,
                is_container: &is_container,
            };
            let (mut level, asks) = level::build(&input);
            for (container, request) in asks {
                requests[container].push(request);
            }
            order::order(&mut level, &port_keys[k], &[]);
            record_port_keys(&level, &[], PortTies::Free, &mut port_keys);
            levels[k] = Some(level);
        }
        // Second pass: now each level knows where its edges go inside its child containers. Ports
        // between sibling containers follow the upstream one and tie otherwise, so the downstream
        // one orders them with its members; the third pass makes the upstream one follow that.
        self.reorder(&mut levels, PortTies::Free);
        self.reorder(&mut levels, PortTies::Downstream);
        for level in levels.iter_mut().flatten() {
            level.insert_free_labels();
        }
        levels
    }

    /// Orders every level again, parents first, knowing where edges go inside child containers.
    fn reorder(&self, levels: &mut [Option<Level>], ties: PortTies) {
        let inner: Vec<BTreeMap<usize, f64>> = levels
            .iter()
            .map(|l| l.as_ref().map(order::port_shifts).unwrap_or_default())
            .collect();
        let mut port_keys: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); levels.len()];
        for &k in self.hierarchy.levels_pre_order() {
            if let Some(level) = levels[k].as_mut() {
                order::order(level, &port_keys[k], &inner);
                record_port_keys(level, &inner, ties, &mut port_keys);
            }
        }
    }

    /// About how wide across the layers a container of `children` (ranked `ranks`, each `across`
    /// wide) lies, before anything is placed: its widest layer of members with the least gaps
    /// between them, within its padding, and no narrower than its header needs (`header`: the
    /// header's own extent across, its text width in a `Down` drawing, its height in a `Right` one).
    fn estimated_across(
        &self,
        children: &[usize],
        ranks: &[usize],
        across: &[f64],
        header: f64,
    ) -> f64 {
        let mut layers: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
        for (&c, &r) in children.iter().zip(ranks) {
            let (sum, count) = layers.entry(r).or_default();
            *sum += across[c];
            *count += 1;
        }
        let widest = layers
            .values()
            .map(|&(sum, count)| sum + NODE_GAP * count.saturating_sub(1) as f64)
            .fold(0.0, f64::max);
        let inside = widest + 2.0 * PADDING;
        match self.axes.0 {
            Direction::Down => inside.max(header + 2.0 * PADDING),
            Direction::Right => inside + header,
        }
    }

    /// An edge between members of two sibling containers only pushes the second container a layer
    /// further when it leaves from the last layer of the first or enters at the first layer of the
    /// second; otherwise (say from a middle member to a middle member) the two may share a layer.
    /// At the top level, with a layer budget, layers too wide are then split ([`long_layers`]).
    fn rank_level(
        &self,
        k: usize,
        children: &[usize],
        at_edge: &[AtEdge],
        across: &[f64],
    ) -> Vec<usize> {
        let local = |node: usize| children.iter().position(|&c| c == node);
        let mut edges = Vec::new();
        let mut labelled = Vec::new();
        let mut loose = Vec::new();
        for &e in &self.routed_at[k] {
            let Some(plan) = &self.plans[e] else { continue };
            let edge = &self.graph.edges[e];
            let (Top::Node(a), Top::Node(b)) = (plan.from_top, plan.to_top) else {
                continue;
            };
            let (Some(from), Some(to)) = (local(a), local(b)) else {
                continue;
            };
            if a == b {
                continue;
            }
            let minlen = self.minlen(plan, e, at_edge);
            if edge.label.is_some() && (minlen < 2 || !edge.constrains_rank) {
                labelled.push((from, to));
            }
            if edge.constrains_rank {
                edges.push(RankEdge { from, to, minlen });
            } else {
                loose.push((from, to));
            }
        }
        let inner: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
        let returning = returning::returning_pairs(self.graph, &self.hierarchy, k, &inner);
        // A path out and back in spreads the container over layers of the flow around it: there
        // its members go where the edges put them, as a ranking of the whole graph would, not in
        // line with members of their tier (a cache the same tier as a primary written by that path).
        let tiers: Vec<Option<u8>> = children
            .iter()
            .map(|&c| self.tiers[c].filter(|_| returning.is_empty()))
            .collect();
        for &(from, to) in &returning {
            edges.push(RankEdge {
                from,
                to,
                minlen: 1,
            });
        }
        let ranks = rank::rank(children.len(), &edges, &tiers, &labelled, &loose);
        let Some((budget, fill)) = self.layer_budget.filter(|_| k == self.hierarchy.root()) else {
            return ranks;
        };
        let across: Vec<f64> = children.iter().map(|&c| across[c]).collect();
        let ranked = long_layers::Ranked {
            ranks: &ranks,
            across: &across,
            edges: &edges,
            loose: &loose,
        };
        long_layers::split_long_layers(&ranked, budget, fill).unwrap_or(ranks)
    }

    /// 1 (2 with a label), or 0 when the edge leaves a container from a middle layer and enters
    /// another at a middle layer.
    fn minlen(&self, plan: &Plan, e: usize, at_edge: &[AtEdge]) -> i64 {
        let edge = &self.graph.edges[e];
        let inner = |end: usize, chain: &[usize]| -> Vec<usize> {
            std::iter::once(end)
                .chain(chain.iter().copied())
                .take(chain.len())
                .collect()
        };
        let exits_cleanly = inner(edge.from, &plan.from_chain)
            .iter()
            .all(|&x| at_edge[x].last);
        let enters_cleanly = inner(edge.to, &plan.to_chain)
            .iter()
            .all(|&x| at_edge[x].first);
        match (exits_cleanly || enters_cleanly, edge.label.is_some()) {
            (false, _) => 0,
            (true, true) => 2,
            (true, false) => 1,
        }
    }

    /// Positions and routes every level, children first (a container's size comes from its level),
    /// `spacing` apart where edges run in parallel (tracks, ports on one side). The first stage
    /// that depends on the spacing: the levels [`Self::build_levels`] gives do not.
    pub(super) fn place_levels(
        &self,
        mut levels: Vec<Option<Level>>,
        spacing: f64,
    ) -> (Vec<Option<Level>>, Vec<Option<Geometry>>) {
        let mut geometries: Vec<Option<Geometry>> = (0..levels.len()).map(|_| None).collect();
        for &k in self.hierarchy.levels_pre_order().iter().rev() {
            let Some(mut level) = levels[k].take() else {
                continue;
            };
            for item in &mut level.items {
                if let ItemKind::Node(c) = item.kind
                    && let Some(g) = &geometries[c]
                {
                    item.du = g.size_u;
                    item.before = g.size_v / 2.0;
                    item.after = g.size_v / 2.0;
                }
            }
            let mut offsets: Vec<(f64, f64)> = level
                .pieces
                .iter()
                .map(|piece| {
                    let first = piece.items.first().copied().unwrap_or(0);
                    let last = piece.items.last().copied().unwrap_or(0);
                    let ends = (&levels[..], &geometries[..]);
                    let from = self.attach_offset(&level, first, piece.from, piece.edge, ends);
                    let to = self.attach_offset(&level, last, piece.to, piece.edge, ends);
                    (from, to)
                })
                .collect();
            let direct = route::direct_pieces(&level);
            attach::pad_lines(&mut level, spacing);
            attach::spread(
                &mut level,
                &direct,
                &mut offsets,
                &attach::Room {
                    gap: spacing.max(EDGE_GAP),
                    can_grow: &|c| self.graph.nodes.get(c).is_some_and(|n| !n.is_container),
                },
            );
            let port_floor = self.header_clearance(k).map(|clear| clear - PADDING);
            let pack_past = (k == self.hierarchy.root() && self.axes.0 == Direction::Down)
                .then_some(position::LEGIBLE_SPAN);
            let position::Placement { anchor, offsets } =
                position::place(&level, &direct, offsets, port_floor, pack_past);
            let frame = Frame {
                track_spacing: spacing,
                ..self.frame(k)
            };
            geometries[k] = Some(route::geometry(&level, &anchor, &offsets, &frame));
            levels[k] = Some(level);
        }
        (levels, geometries)
    }

    /// Where a piece attaches to its end item, relative to the item's anchor.
    fn attach_offset(
        &self,
        level: &Level,
        item: usize,
        attach: Attach,
        edge: usize,
        (levels, geometries): (&[Option<Level>], &[Option<Geometry>]),
    ) -> f64 {
        let it = &level.items[item];
        let quarter = (it.before + it.after) / 4.0;
        match attach {
            Attach::Centre => 0.0,
            Attach::LoopUpper => -quarter,
            Attach::LoopLower => quarter,
            Attach::Through(c) => {
                let port = levels[c].as_ref().and_then(|l| l.ports.get(&edge).copied());
                match (port, &geometries[c]) {
                    (Some(port), Some(g)) => g.anchors[port] - g.size_v / 2.0,
                    _ => 0.0,
                }
            }
        }
    }

    /// In the `Down` direction a container's header sits across the border edges enter by: the
    /// least level-local `v` an edge may cross that border at, clear of the header text.
    fn header_clearance(&self, k: usize) -> Option<f64> {
        let node = self.graph.nodes.get(k).filter(|n| n.is_container)?;
        let (text_width, _) = Axes(Direction::Right).extent(node.size);
        (self.axes.0 == Direction::Down).then_some(PADDING + text_width + EDGE_GAP)
    }

    fn frame(&self, k: usize) -> Frame {
        let Some(node) = self.graph.nodes.get(k) else {
            return Frame {
                start_pad: MARGIN,
                end_pad: MARGIN,
                v_start: MARGIN,
                v_end: MARGIN,
                ..Frame::default()
            };
        };
        let header = Size {
            width: node.size.width,
            height: node.size.height,
        };
        let (w, h) = Axes(Direction::Right).extent(header);
        match self.axes.0 {
            Direction::Right => Frame {
                start_pad: PADDING,
                end_pad: PADDING,
                v_start: PADDING + h,
                v_end: PADDING,
                min_u: w + 2.0 * PADDING,
                ..Frame::default()
            },
            Direction::Down => Frame {
                start_pad: PADDING + h,
                header_u: h,
                end_pad: PADDING,
                v_start: PADDING,
                v_end: PADDING,
                min_v: w + 2.0 * PADDING,
                ..Frame::default()
            },
        }
    }

    /// Places levels inside each other and joins each edge's pieces.
    pub(super) fn assemble(
        &self,
        levels: &[Option<Level>],
        geometries: &[Option<Geometry>],
    ) -> Layout {
        let n = self.graph.nodes.len();
        let mut origin = vec![(0.0, 0.0); n + 1];
        let mut boxes: Vec<LocalBox> = vec![(0.0, 0.0, 0.0, 0.0); n];
        for &k in self.hierarchy.levels_pre_order() {
            let (Some(level), Some(geometry)) = (&levels[k], &geometries[k]) else {
                continue;
            };
            let (ou, ov) = origin[k];
            for (i, item) in level.items.iter().enumerate() {
                if let ItemKind::Node(c) = item.kind {
                    let (u, v, du, dv) = geometry.boxes[i];
                    boxes[c] = (ou + u, ov + v, du, dv);
                    origin[c] = (ou + u, ov + v);
                }
            }
        }
        let edges = (0..self.graph.edges.len())
            .map(|e| self.edge_route(e, levels, geometries, &origin))
            .collect();
        let root = self.hierarchy.root();
        let (size_u, size_v) = geometries[root]
            .as_ref()
            .map_or((0.0, 0.0), |g| (g.size_u, g.size_v));
        let size = self.axes.rect((0.0, 0.0, size_u, size_v));
        Layout {
            nodes: boxes.into_iter().map(|b| self.axes.rect(b)).collect(),
            edges,
            width: size.width,
            height: size.height,
        }
    }

    fn edge_route(
        &self,
        e: usize,
        levels: &[Option<Level>],
        geometries: &[Option<Geometry>],
        origin: &[(f64, f64)],
    ) -> EdgeRoute {
        let Some(plan) = &self.plans[e] else {
            return EdgeRoute::default();
        };
        let path = plan
            .from_chain
            .iter()
            .chain(std::iter::once(&plan.level))
            .chain(plan.to_chain.iter().rev());
        let mut points = Vec::new();
        let mut label = None;
        for &k in path {
            let (Some(level), Some(geometry)) = (&levels[k], &geometries[k]) else {
                continue;
            };
            let Some(&piece) = level.piece_of.get(&e) else {
                continue;
            };
            let (ou, ov) = origin[k];
            points.extend(
                geometry.routes[piece]
                    .iter()
                    .map(|&(u, v)| (ou + u, ov + v)),
            );
            if k == plan.level
                && let Some((u, v, du, dv)) = geometry.labels[piece]
            {
                label = Some(self.axes.rect((ou + u, ov + v, du, dv)));
            }
        }
        EdgeRoute {
            points: route::simplify(points)
                .into_iter()
                .map(|p| self.axes.point(p))
                .collect(),
            label,
        }
    }
}

/// For every edge that continues into a child container, where the edge meets that container in
/// this level's order, so the child can put its ports in the same order.
fn record_port_keys(
    level: &Level,
    inner: &[BTreeMap<usize, f64>],
    ties: PortTies,
    keys: &mut [BTreeMap<usize, f64>],
) {
    let mut slot = vec![0usize; level.items.len()];
    for layer in &level.layers {
        for (i, &item) in layer.iter().enumerate() {
            slot[item] = i;
        }
    }
    let shift = |attach: Attach, edge: usize| attach.shift(edge, inner);
    for piece in &level.pieces {
        let n = piece.items.len();
        if n < 2 {
            continue;
        }
        let ends = [
            (piece.from, piece.items[0], piece.items[1], piece.to),
            (piece.to, piece.items[n - 1], piece.items[n - 2], piece.from),
        ];
        for (attach, end, next, other) in ends {
            let Attach::Through(c) = attach else { continue };
            // A U-turn to a neighbour in the same layer: the further its other end reaches into
            // that neighbour, the further out this end goes, so U-turns nest instead of crossing.
            let key = if level.items[next].layer != level.items[end].layer {
                slot[next] as f64 + shared_shift(level, piece, ties, &shift)
            } else if slot[next] < slot[end] {
                -1.0 - shift(other, piece.edge)
            } else {
                f64::from(u32::MAX) - shift(other, piece.edge)
            };
            if let Some(map) = keys.get_mut(c) {
                map.insert(piece.edge, key);
            }
        }
    }
}

/// Between two sibling containers (a piece of two items, both ends `Through`), the ports on both
/// borders must come in one order or the edges cross in the gap. Both follow where each edge goes
/// inside the upstream container (the one in the earlier layer), then, among edges from one place
/// there (see [`PortTies`]), where it goes inside the downstream one.
/// Zero for every other piece, whose port is ordered by its neighbour's slot alone.
fn shared_shift(
    level: &Level,
    piece: &Piece,
    ties: PortTies,
    shift: &dyn Fn(Attach, usize) -> f64,
) -> f64 {
    /// Small enough that the downstream end only breaks ties: shifts of distinct slots differ by
    /// at least `0.8 / layer length`.
    const DOWNSTREAM_WEIGHT: f64 = 1e-4;
    let (&[first, second], Attach::Through(_), Attach::Through(_)) =
        (piece.items.as_slice(), piece.from, piece.to)
    else {
        return 0.0;
    };
    let (upstream, downstream) = if level.items[first].layer <= level.items[second].layer {
        (piece.from, piece.to)
    } else {
        (piece.to, piece.from)
    };
    let tie_break = match ties {
        PortTies::Free => 0.0,
        PortTies::Downstream => DOWNSTREAM_WEIGHT * shift(downstream, piece.edge),
    };
    shift(upstream, piece.edge) + tie_break
}

/// How ports between sibling containers that leave one place in the upstream container are keyed.
#[derive(Debug, Clone, Copy)]
enum PortTies {
    /// Alike, so the crossing minimiser of each container orders them.
    Free,
    /// By where they go inside the downstream container.
    Downstream,
}

/// A node's own tier, or for a container without one, the lowest tier among its members.
fn effective_tiers(graph: &LayoutGraph, hierarchy: &Hierarchy) -> Vec<Option<u8>> {
    let mut tiers: Vec<Option<u8>> = graph.nodes.iter().map(|n| n.tier).collect();
    for &k in hierarchy.levels_pre_order().iter().rev() {
        if k < tiers.len() && tiers[k].is_none() {
            tiers[k] = hierarchy.children(k).iter().filter_map(|&c| tiers[c]).min();
        }
    }
    tiers
}
