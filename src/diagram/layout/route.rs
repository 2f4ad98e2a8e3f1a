//! Geometry of one level: layer and channel extents, item boxes, and orthogonal edge routes.
//!
//! Takes a placed [`Level`] (anchors across the layer axis) and the frame around its content; returns
//! the level's size and, in level-local coordinates `(u, v)` (`u` along the layers), every item's box,
//! every piece's polyline and every label's box. Routes leave an item through the border facing the
//! next layer, turn once on a *track* in the channel between the two layers (each perpendicular run
//! gets its own track where their spans overlap, so runs of different edges never share a line;
//! [`super::channels`] orders the tracks to avoid crossings, and a channel widens past the layer gap
//! when its tracks need the room), and cross intermediate layers through their dummies.
//! Channels hold no items, so a route can only meet items at its own ends. A flat piece between two
//! neighbours in a layer is drawn straight across the gap between them instead, label beside it.

use super::channels::{self, Segment};
use super::level::{Attach, ItemKind, Level};
use super::{EDGE_GAP, LABEL_GAP, LAYER_GAP, TRACK_SPACING};

/// The room a level keeps around its content; the header of a container is part of it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Frame {
    /// Least width of the first channel, header room included.
    pub start_pad: f64,
    /// Header room at the start of the first channel, kept free of tracks.
    pub header_u: f64,
    pub end_pad: f64,
    /// Room before the content across the layers, header room included.
    pub v_start: f64,
    pub v_end: f64,
    pub min_u: f64,
    pub min_v: f64,
    /// Distance between neighbouring tracks in a channel ([`TRACK_SPACING`] or wider).
    pub track_spacing: f64,
}

/// A box in level-local coordinates: `(u, v, du, dv)`.
pub(crate) type LocalBox = (f64, f64, f64, f64);

#[derive(Debug, Clone, Default)]
pub(crate) struct Geometry {
    pub size_u: f64,
    pub size_v: f64,
    pub boxes: Vec<LocalBox>,
    /// Anchor of each item across the layers, level-local.
    pub anchors: Vec<f64>,
    pub routes: Vec<Vec<(f64, f64)>>,
    pub labels: Vec<Option<LocalBox>>,
}

/// One run from an item to the next one along a piece.
struct Run {
    from: usize,
    to: usize,
    v_from: f64,
    v_to: f64,
    channel: usize,
    track: Option<usize>,
    flat: bool,
    /// The run's ends on the lower and the higher layer side of its channel.
    left_v: f64,
    right_v: f64,
}

pub(crate) fn geometry(
    level: &Level,
    anchor: &[f64],
    offsets: &[(f64, f64)],
    frame: &Frame,
) -> Geometry {
    let anchors: Vec<f64> = anchor.iter().map(|a| a + frame.v_start).collect();
    let direct = direct_pieces(level);
    let mut runs: Vec<Vec<Run>> = level
        .pieces
        .iter()
        .zip(offsets)
        .zip(&direct)
        .map(|((piece, &offset), &direct)| {
            if direct {
                Vec::new()
            } else {
                piece_runs(level, &piece.items, &anchors, offset)
            }
        })
        .collect();
    let spacing = frame.track_spacing.max(TRACK_SPACING);
    let tracks = assign_tracks(&mut runs, level.layers.len() - 1, spacing);
    let layout = FrameGeometry::new(level, &direct, &tracks, frame);
    let content_v = level
        .layers
        .iter()
        .flatten()
        .map(|&i| anchor[i] + level.items[i].after)
        .fold(0.0, f64::max);
    let boxes: Vec<LocalBox> = level
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let u = layout.centre(item.layer) - item.du / 2.0;
            (
                u,
                anchors[i] - item.before,
                item.du,
                item.before + item.after,
            )
        })
        .collect();
    let routes: Vec<Vec<(f64, f64)>> = runs
        .iter()
        .enumerate()
        .map(|(p, piece_runs)| {
            if direct[p] {
                direct_route(&boxes, &layout, level, &level.pieces[p].items)
            } else {
                route_points(level, &boxes, &layout, piece_runs)
            }
        })
        .collect();
    let labels: Vec<Option<LocalBox>> = level
        .pieces
        .iter()
        .zip(&direct)
        .map(|(p, &direct)| {
            p.label
                .map(|l| label_box(level, &boxes, &layout, l, direct))
        })
        .collect();
    let size_v = (frame.v_start + content_v + frame.v_end).max(frame.min_v);
    Geometry {
        size_u: layout.size_u(),
        size_v,
        boxes,
        anchors,
        routes,
        labels,
    }
}

fn piece_runs(
    level: &Level,
    items: &[usize],
    anchors: &[f64],
    (off_from, off_to): (f64, f64),
) -> Vec<Run> {
    let last = items.len().saturating_sub(2);
    items
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let (a, b) = (pair[0], pair[1]);
            let v_from = anchors[a] + if i == 0 { off_from } else { 0.0 };
            let v_to = anchors[b] + if i == last { off_to } else { 0.0 };
            let (la, lb) = (level.items[a].layer, level.items[b].layer);
            let flat = la == lb;
            let needs_track = flat || (v_from - v_to).abs() > 1e-9;
            let v_to = if needs_track { v_to } else { v_from };
            let (left_v, right_v) = if la <= lb {
                (v_from, v_to)
            } else {
                (v_to, v_from)
            };
            Run {
                from: a,
                to: b,
                v_from,
                v_to,
                channel: la.min(lb),
                track: needs_track.then_some(0),
                flat,
                left_v,
                right_v,
            }
        })
        .collect()
}

/// Gives every perpendicular run a track in its channel ([`channels::slots`]): runs whose spans
/// overlap get distinct tracks, ordered to avoid crossings; where no order crosses less, U-turns go
/// nearest the layer they turn back to (shortest innermost), then runs going down (those starting
/// higher further out), then runs going up (those starting lower further out). Returns the number
/// of tracks per channel.
fn assign_tracks(runs: &mut [Vec<Run>], channel_count: usize, spacing: f64) -> Vec<usize> {
    let mut by_channel: Vec<Vec<(usize, usize)>> = vec![Vec::new(); channel_count];
    for (p, piece) in runs.iter().enumerate() {
        for (r, run) in piece.iter().enumerate() {
            if run.track.is_some()
                && let Some(list) = by_channel.get_mut(run.channel)
            {
                list.push((p, r));
            }
        }
    }
    let mut counts = vec![0; channel_count];
    for (channel, list) in by_channel.iter_mut().enumerate() {
        list.sort_by(|&(p, r), &(q, s)| {
            let (a, b) = (track_key(&runs[p][r]), track_key(&runs[q][s]));
            a.0.cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
        });
        let segments: Vec<Segment> = list
            .iter()
            .map(|&(p, r)| {
                let run = &runs[p][r];
                Segment {
                    left_v: run.left_v,
                    right_v: run.right_v,
                    flat: run.flat,
                }
            })
            .collect();
        let (slots, count) = channels::slots(&segments, spacing);
        for (&(p, r), slot) in list.iter().zip(slots) {
            runs[p][r].track = Some(slot);
        }
        counts[channel] = count;
    }
    counts
}

/// Sort key for a run's track: group (U-turn, down, up), then position.
fn track_key(run: &Run) -> (u8, f64, f64) {
    if run.flat {
        let span = (run.v_from - run.v_to).abs();
        (0, span, run.v_from.min(run.v_to))
    } else if run.left_v < run.right_v {
        (1, -run.left_v, -run.right_v)
    } else {
        (2, run.left_v, run.right_v)
    }
}

/// `(first track position offset, width)` per channel.
fn channel_extents(tracks: &[usize], channel_count: usize, frame: &Frame) -> Vec<(f64, f64)> {
    let spacing = frame.track_spacing.max(TRACK_SPACING);
    (0..channel_count)
        .map(|c| {
            let header = if c == 0 { frame.header_u } else { 0.0 };
            let least = match (c == 0, c + 1 == channel_count) {
                (true, true) => frame.start_pad + frame.end_pad,
                (true, false) => frame.start_pad,
                (false, true) => frame.end_pad,
                (false, false) => LAYER_GAP,
            };
            let count = tracks[c] as f64;
            let margin = spacing.min(EDGE_GAP);
            let needed = if count == 0.0 {
                spacing
            } else {
                2.0 * margin + (count - 1.0) * spacing
            };
            let width = least.max(header + needed);
            let spread = (count - 1.0).max(0.0) * spacing;
            let first = header + (width - header - spread) / 2.0;
            (first, width)
        })
        .collect()
}

struct FrameGeometry {
    layer_start: Vec<f64>,
    layer_width: Vec<f64>,
    /// `(first track offset, width)` per channel.
    channels: Vec<(f64, f64)>,
    track_spacing: f64,
}

impl FrameGeometry {
    /// Lays out layers and channels along the layer axis; the last channel widens to `min_u`.
    fn new(level: &Level, direct: &[bool], tracks: &[usize], frame: &Frame) -> Self {
        let layer_width = layer_widths(level, direct);
        let mut channels = channel_extents(tracks, tracks.len(), frame);
        let natural_u: f64 =
            layer_width.iter().sum::<f64>() + channels.iter().map(|c| c.1).sum::<f64>();
        if let Some(last) = channels.last_mut()
            && natural_u < frame.min_u
        {
            last.1 += frame.min_u - natural_u;
        }
        let mut layer_start = Vec::with_capacity(layer_width.len());
        let mut at = 0.0;
        for (l, width) in layer_width.iter().enumerate() {
            layer_start.push(at);
            at += width + channels.get(l).map_or(0.0, |c| c.1);
        }
        Self {
            layer_start,
            layer_width,
            channels,
            track_spacing: frame.track_spacing.max(TRACK_SPACING),
        }
    }

    /// Where the level ends: the start of its last (port) layer, which has no width.
    fn size_u(&self) -> f64 {
        let last = self.layer_start.len().saturating_sub(1);
        self.layer_start
            .get(last)
            .map_or(0.0, |s| s + self.layer_width[last])
    }

    fn centre(&self, layer: usize) -> f64 {
        self.layer_start[layer] + self.layer_width[layer] / 2.0
    }

    fn track_u(&self, channel: usize, track: usize) -> f64 {
        let start = self.layer_start[channel] + self.layer_width[channel];
        start + self.channels[channel].0 + track as f64 * self.track_spacing
    }
}

/// The `u` where a route leaves or enters `item` on its start or end side.
fn border_u(
    level: &Level,
    boxes: &[LocalBox],
    frame: &FrameGeometry,
    item: usize,
    end_side: bool,
) -> f64 {
    let it = &level.items[item];
    if it.is_pass_through() {
        let start = frame.layer_start[it.layer];
        if end_side {
            start + frame.layer_width[it.layer]
        } else {
            start
        }
    } else {
        let (u, _, du, _) = boxes[item];
        if end_side { u + du } else { u }
    }
}

fn route_points(
    level: &Level,
    boxes: &[LocalBox],
    frame: &FrameGeometry,
    runs: &[Run],
) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for run in runs {
        let (la, lb) = (level.items[run.from].layer, level.items[run.to].layer);
        let (exit_end, entry_end) = match la.cmp(&lb) {
            std::cmp::Ordering::Less => (true, false),
            std::cmp::Ordering::Greater => (false, true),
            std::cmp::Ordering::Equal => (true, true),
        };
        let exit = border_u(level, boxes, frame, run.from, exit_end);
        let entry = border_u(level, boxes, frame, run.to, entry_end);
        points.push((exit, run.v_from));
        if let Some(track) = run.track {
            let u = frame.track_u(run.channel, track);
            points.push((u, run.v_from));
            points.push((u, run.v_to));
        }
        points.push((entry, run.v_to));
    }
    simplify(points)
}

/// Flat pieces between two nodes that are neighbours in their layer (with at most the piece's own
/// label between them): these run straight across the gap instead of turning in a channel.
pub(crate) fn direct_pieces(level: &Level) -> Vec<bool> {
    let mut slot = vec![0usize; level.items.len()];
    for layer in &level.layers {
        for (i, &item) in layer.iter().enumerate() {
            slot[item] = i;
        }
    }
    level
        .pieces
        .iter()
        .map(|piece| {
            let [a, b] = piece.items[..] else {
                return false;
            };
            let (ia, ib) = (&level.items[a], &level.items[b]);
            if a == b || ia.layer != ib.layer || !ia.is_node() || !ib.is_node() {
                return false;
            }
            if piece.from != Attach::Centre || piece.to != Attach::Centre {
                return false;
            }
            let (lo, hi) = (slot[a].min(slot[b]), slot[a].max(slot[b]));
            let layer = &level.layers[ia.layer];
            layer[lo + 1..hi].iter().all(|&x| Some(x) == piece.label)
        })
        .collect()
}

/// Widest item per layer; the label of a direct piece sits beside the line through the layer's
/// centre, so it needs twice its width.
fn layer_widths(level: &Level, direct: &[bool]) -> Vec<f64> {
    let mut width: Vec<f64> = level
        .layers
        .iter()
        .map(|layer| layer.iter().map(|&i| level.items[i].du).fold(0.0, f64::max))
        .collect();
    for (piece, _) in level.pieces.iter().zip(direct).filter(|(_, d)| **d) {
        if let Some(label) = piece.label {
            let item = &level.items[label];
            width[item.layer] = width[item.layer].max(2.0 * (item.du + LABEL_GAP));
        }
    }
    width
}

/// The straight line between two neighbours in a layer, from the facing borders.
fn direct_route(
    boxes: &[LocalBox],
    frame: &FrameGeometry,
    level: &Level,
    items: &[usize],
) -> Vec<(f64, f64)> {
    let (a, b) = (items[0], items[1]);
    let u = frame.centre(level.items[a].layer);
    let ((_, va, _, da), (_, vb, _, db)) = (boxes[a], boxes[b]);
    if va < vb {
        vec![(u, va + da), (u, vb)]
    } else {
        vec![(u, va), (u, vb + db)]
    }
}

/// Drops repeated points and middle points of straight runs.
pub(crate) fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let same_u = a.0 == b.0 && b.0 == p.0 && (a.1 - b.1) * (b.1 - p.1) >= 0.0;
            let same_v = a.1 == b.1 && b.1 == p.1 && (a.0 - b.0) * (b.0 - p.0) >= 0.0;
            if same_u || same_v {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// A label's box: below the line of its dummy, beside the line of a direct piece, or its item's box.
fn label_box(
    level: &Level,
    boxes: &[LocalBox],
    frame: &FrameGeometry,
    label: usize,
    direct: bool,
) -> LocalBox {
    let (u, v, du, dv) = boxes[label];
    if direct {
        return (
            frame.centre(level.items[label].layer) + LABEL_GAP,
            v,
            du,
            dv,
        );
    }
    match level.items[label].kind {
        ItemKind::Label => (u, v + LABEL_GAP, du, (dv - LABEL_GAP).max(0.0)),
        ItemKind::FreeLabel { host, other } => {
            // Towards where the edge leaves the layer: the end side for a U-turn or a later end,
            // the start side for an earlier end.
            let layer = level.items[host].layer;
            let start = frame.layer_start[layer];
            if level.items[other].layer >= layer {
                (start + frame.layer_width[layer] - du, v, du, dv)
            } else {
                (start, v, du, dv)
            }
        }
        _ => (u, v, du, dv),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_keeps_corners_and_reversals() {
        let points = vec![
            (0.0, 0.0),
            (5.0, 0.0),
            (10.0, 0.0),
            (10.0, 0.0),
            (10.0, 5.0),
            (10.0, 0.0),
        ];
        assert_eq!(
            simplify(points),
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (10.0, 0.0)]
        );
    }
}
