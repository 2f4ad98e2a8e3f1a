//! One level of the nesting tree (a container, or the root) as a layered graph of *items*.
//!
//! Takes the level's children with their layers, the ports that ancestors asked for and the edges
//! routed at this level; returns the items (children, ports, dummies of long edges, labels) placed in
//! layers, and one *piece* per edge passing through the level: the chain of items it visits from its
//! `from` side to its `to` side. Layer 0 holds the ports on the level's start border and the last
//! layer those on its end border; children use the layers in between. Every piece joins items in
//! adjacent layers, except a *flat* piece (both ends in one layer), which turns in the next channel
//! (or, between neighbours, crosses the gap between them). An edge that ends on a child container
//! asks that container for a port of its own, so it meets the border at its own point.

use std::collections::BTreeMap;

use super::plan::{Plan, Top};

/// Which border of a container a port sits on, along the layer axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Start,
    End,
}

/// A request from an ancestor level: route `edge` between child `inner` and a port on our border.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PortRequest {
    pub edge: usize,
    pub side: Side,
    pub inner: usize,
    /// True when the edge leaves through the port (the real `from` end is inside).
    pub outgoing: bool,
    /// True when `inner` is the edge's real end; otherwise the edge continues into it.
    pub inner_is_end: bool,
    /// True when the edge ends at this container itself: the port is its end, with no piece inside.
    pub bare: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// A child node (leaf or container).
    Node(usize),
    /// A point on the level's own border.
    Port,
    /// A bend point of a long edge.
    Dummy,
    /// A dummy that carries its edge's label just below (or right of) the edge line.
    Label,
    /// A label placed beside its host item because its edge has no layer of its own, on the side
    /// of the edge's other end when that end shares the host's layer.
    FreeLabel { host: usize, other: usize },
}

/// Extents along the layer axis (`du`) and around the anchor line across it (`before`, `after`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub kind: ItemKind,
    pub layer: usize,
    pub du: f64,
    pub before: f64,
    pub after: f64,
}

impl Item {
    pub(crate) fn is_node(&self) -> bool {
        matches!(self.kind, ItemKind::Node(_))
    }

    /// Whether an edge runs straight across the whole layer through this item.
    pub(crate) fn is_pass_through(&self) -> bool {
        matches!(self.kind, ItemKind::Dummy | ItemKind::Label)
    }
}

/// Where on an end item a piece attaches, across the layer axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Attach {
    /// The item's centre (a real end) or its anchor (ports).
    Centre,
    /// First or second end of a self loop: a quarter above or below the centre.
    LoopUpper,
    LoopLower,
    /// A child container the edge continues into: at that container's port for the edge.
    Through(usize),
}

impl Attach {
    /// How far from the container's centre the edge's port sits, given each child container's port
    /// offsets by edge (`inner`); zero for every other attachment.
    pub(crate) fn shift(self, edge: usize, inner: &[BTreeMap<usize, f64>]) -> f64 {
        match self {
            Attach::Through(c) => inner
                .get(c)
                .and_then(|m| m.get(&edge))
                .copied()
                .unwrap_or(0.0),
            _ => 0.0,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub edge: usize,
    pub items: Vec<usize>,
    pub from: Attach,
    pub to: Attach,
    pub label: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub items: Vec<Item>,
    pub layers: Vec<Vec<usize>>,
    pub pieces: Vec<Piece>,
    /// Ports an ancestor asked for, by edge (so the ancestor can find where its edge enters).
    pub ports: BTreeMap<usize, usize>,
    /// Piece of each edge routed through this level.
    pub piece_of: BTreeMap<usize, usize>,
    /// Free labels, kept out of crossing minimisation and inserted beside their host afterwards.
    pub free_labels: Vec<usize>,
}

/// An edge whose ends meet at this level.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Routed<'a> {
    pub edge: usize,
    pub plan: &'a Plan,
    /// The edge's real `from` and `to` nodes.
    pub ends: (usize, usize),
    /// Label size `(du, dv)`.
    pub label: Option<(f64, f64)>,
}

/// What [`build`] needs to know about the whole graph.
pub(crate) struct LevelInput<'a> {
    pub children: &'a [usize],
    pub ranks: &'a [usize],
    pub requests: &'a [PortRequest],
    pub routed: Vec<Routed<'a>>,
    /// `(du, dv)` of each node; containers get their size later, once laid out.
    pub leaf_size: &'a dyn Fn(usize) -> (f64, f64),
    /// Whether a node is a container (and so has a level of its own).
    pub is_container: &'a dyn Fn(usize) -> bool,
}

/// Builds the level and returns the port requests it makes of the containers below it.
pub(crate) fn build(input: &LevelInput) -> (Level, Vec<(usize, PortRequest)>) {
    let layer_count = input.ranks.iter().max().map_or(0, |m| m + 1) + 2;
    let mut level = Level {
        items: Vec::new(),
        layers: vec![Vec::new(); layer_count],
        pieces: Vec::new(),
        ports: BTreeMap::new(),
        piece_of: BTreeMap::new(),
        free_labels: Vec::new(),
    };
    let mut item_of = BTreeMap::new();
    for (&child, &rank) in input.children.iter().zip(input.ranks) {
        let (du, dv) = (input.leaf_size)(child);
        let item = level.push(ItemKind::Node(child), rank + 1, du, dv / 2.0, dv / 2.0);
        item_of.insert(child, item);
    }
    for request in input.requests {
        level.add_requested(request, &item_of, input.is_container);
    }
    let mut requests = Vec::new();
    for &Routed {
        edge,
        plan,
        ends,
        label,
    } in &input.routed
    {
        let from = level.top_item(plan.from_top, &item_of);
        let to = level.top_item(plan.to_top, &item_of);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let (lf, lt) = (level.items[from].layer, level.items[to].layer);
        let exit = if lf <= lt { Side::End } else { Side::Start };
        let entry = if lf < lt { Side::Start } else { Side::End };
        let chains = [
            (&plan.from_chain, plan.from_top, ends.0, exit, true),
            (&plan.to_chain, plan.to_top, ends.1, entry, false),
        ];
        for (chain, top, end, side, outgoing) in chains {
            push_chain_requests(&mut requests, edge, chain, end, side, outgoing);
            // An edge ending on a container gets a port of its own there, so it never meets another
            // edge's port (and, going down, stays clear of the header text).
            let ends_on_container = top == Top::Node(end) || !chain.is_empty();
            if ends_on_container && !plan.is_self_loop() && (input.is_container)(end) {
                let request = PortRequest {
                    edge,
                    side,
                    inner: end,
                    outgoing,
                    inner_is_end: true,
                    bare: true,
                };
                requests.push((end, request));
            }
        }
        let (from_attach, to_attach) = if plan.is_self_loop() {
            (Attach::LoopUpper, Attach::LoopLower)
        } else {
            (
                top_attach(plan.from_top, ends.0, input.is_container),
                top_attach(plan.to_top, ends.1, input.is_container),
            )
        };
        level.add_piece(edge, (from, from_attach), (to, to_attach), label);
    }
    (level, requests)
}

fn top_attach(top: Top, end: usize, is_container: &dyn Fn(usize) -> bool) -> Attach {
    match top {
        Top::Node(x) if x != end || is_container(x) => Attach::Through(x),
        _ => Attach::Centre,
    }
}

fn push_chain_requests(
    out: &mut Vec<(usize, PortRequest)>,
    edge: usize,
    chain: &[usize],
    end: usize,
    side: Side,
    outgoing: bool,
) {
    for (i, &container) in chain.iter().enumerate() {
        let inner = if i == 0 { end } else { chain[i - 1] };
        let request = PortRequest {
            edge,
            side,
            inner,
            outgoing,
            inner_is_end: i == 0,
            bare: false,
        };
        out.push((container, request));
    }
}

impl Level {
    /// Adds the port an ancestor asked for and, unless the edge ends on this container itself, the
    /// piece from the port to the child the edge goes to.
    fn add_requested(
        &mut self,
        request: &PortRequest,
        item_of: &BTreeMap<usize, usize>,
        is_container: &dyn Fn(usize) -> bool,
    ) {
        if request.bare {
            let port = self.push_port(request.side);
            self.ports.insert(request.edge, port);
            return;
        }
        let Some(&inner) = item_of.get(&request.inner) else {
            return;
        };
        let port = self.push_port(request.side);
        self.ports.insert(request.edge, port);
        let attach = if request.inner_is_end && !is_container(request.inner) {
            Attach::Centre
        } else {
            Attach::Through(request.inner)
        };
        if request.outgoing {
            self.add_piece(request.edge, (inner, attach), (port, Attach::Centre), None);
        } else {
            self.add_piece(request.edge, (port, Attach::Centre), (inner, attach), None);
        }
    }

    fn push(&mut self, kind: ItemKind, layer: usize, du: f64, before: f64, after: f64) -> usize {
        let id = self.items.len();
        self.items.push(Item {
            kind,
            layer,
            du,
            before,
            after,
        });
        if !matches!(kind, ItemKind::FreeLabel { .. }) {
            self.layers[layer].push(id);
        }
        id
    }

    fn push_port(&mut self, side: Side) -> usize {
        let layer = match side {
            Side::Start => 0,
            Side::End => self.layers.len() - 1,
        };
        self.push(ItemKind::Port, layer, 0.0, 0.0, 0.0)
    }

    fn top_item(&mut self, top: Top, item_of: &BTreeMap<usize, usize>) -> Option<usize> {
        match top {
            Top::Node(x) => item_of.get(&x).copied(),
            Top::StartPort => Some(self.push_port(Side::Start)),
            Top::EndPort => Some(self.push_port(Side::End)),
        }
    }

    /// Adds the piece `from -> to` with a dummy in every layer between; a label takes the middle
    /// dummy, or becomes a free label beside a real end when there is no layer between.
    fn add_piece(
        &mut self,
        edge: usize,
        (from, from_attach): (usize, Attach),
        (to, to_attach): (usize, Attach),
        label: Option<(f64, f64)>,
    ) {
        let (lf, lt) = (self.items[from].layer, self.items[to].layer);
        let between: Vec<usize> = if lf < lt {
            (lf + 1..lt).collect()
        } else {
            (lt + 1..lf).rev().collect()
        };
        let middle = between.len() / 2;
        let mut items = vec![from];
        let mut label_item = None;
        for (i, &layer) in between.iter().enumerate() {
            let item = match label {
                Some((du, dv)) if i == middle => {
                    let id = self.push(ItemKind::Label, layer, du, 0.0, super::LABEL_GAP + dv);
                    label_item = Some(id);
                    id
                }
                _ => self.push(ItemKind::Dummy, layer, 0.0, 0.0, 0.0),
            };
            items.push(item);
        }
        items.push(to);
        if let (Some((du, dv)), None) = (label, label_item) {
            let (host, other) = if self.items[from].is_node() {
                (from, to)
            } else {
                (to, from)
            };
            let layer = self.items[host].layer;
            let kind = ItemKind::FreeLabel { host, other };
            let id = self.push(kind, layer, du, dv / 2.0, dv / 2.0);
            self.free_labels.push(id);
            label_item = Some(id);
        }
        self.piece_of.insert(edge, self.pieces.len());
        self.pieces.push(Piece {
            edge,
            items,
            from: from_attach,
            to: to_attach,
            label: label_item,
        });
    }

    /// Puts every free label next to its host: towards the other end when both share a layer and
    /// nothing but labels lies between them (the edge crosses the gap straight, label beside it),
    /// away from it when something does (the edge turns in a channel and its label would only hold
    /// the two boxes apart), otherwise after the host.
    pub(crate) fn insert_free_labels(&mut self) {
        for &label in &self.free_labels {
            let item = self.items[label];
            let ItemKind::FreeLabel { host, other } = item.kind else {
                continue;
            };
            let layer = &self.layers[item.layer];
            let host_at = layer.iter().position(|&x| x == host);
            let other_at = layer.iter().position(|&x| x == other);
            let is_label = |x: usize| matches!(self.items[x].kind, ItemKind::FreeLabel { .. });
            let between_only_labels = |h: usize, o: usize| {
                layer
                    .iter()
                    .take(h.max(o))
                    .skip(h.min(o) + 1)
                    .all(|&x| is_label(x))
            };
            // The host's neighbour towards the other end, when a flat edge joins the two straight
            // across their gap: a label between them would bend that edge into a channel.
            let joined_straight = |h: usize, o: usize| {
                let next = if o < h {
                    layer[..h].iter().rev().find(|&&x| !is_label(x))
                } else {
                    layer[h + 1..].iter().find(|&&x| !is_label(x))
                };
                next.is_some_and(|&n| {
                    self.pieces.iter().any(|p| {
                        p.items.len() == 2
                            && p.items.contains(&host)
                            && p.items.contains(&n)
                            && p.from == Attach::Centre
                            && p.to == Attach::Centre
                    })
                })
            };
            let at = match (host_at, other_at) {
                (Some(h), Some(o)) if !between_only_labels(h, o) && joined_straight(h, o) => {
                    if o < h { h + 1 } else { h }
                }
                (Some(h), Some(o)) if o < h => h,
                (Some(h), _) => h + 1,
                (None, _) => layer.len(),
            };
            self.layers[item.layer].insert(at, label);
        }
    }
}
