//! Fitting a laid-out diagram to the page's text column.
//!
//! Takes the [`Prepared`] diagram as first laid out and returns the variant whose node labels show
//! largest in the page ([`shown_label_px`]: the SVG, margins and legend included, scaled into the
//! [`FIGURE_COLUMN`]). A diagram that fits
//! is returned as it is. One that does not is turned top to bottom when its source did not choose a
//! direction and that draws it larger; when it is still too wide for 12 px labels, these variants
//! (of both directions, unless the source chose `down`) are tried and the one with the largest
//! labels up to 12 px kept; among those that reach the same
//! size, the one easiest to follow: the least wire, with each crossing and bend counted as a stretch
//! of wire, so a drawing that already reads at 12 px is not traded for rows joined by long loops:
//!
//! * boxes joined only by non-ranking edges freed of their tier hint ([`untiered`]);
//! * the labels of edges that turn back (U-turns) drawn beyond their runs instead of between the
//!   boxes of a layer ([`u_turns`]);
//! * a left-to-right drawing wrapped into rows ([`wrapped`]): rows that show 12 px labels, or when
//!   no cut gets there, rows as narrow as the cuts allow;
//! * a top-to-bottom drawing laid out again with its layers too long for the column split into
//!   rows of layers ([`layers_split`]: ten hosts side by side become rows of a few hosts each, the
//!   layers below pushed down).
//!
//! Every variant passes [`layout::verify`], so fitting never trades an invariant for size; wrapping
//! and moving labels add no crossing (splitting layers may: it is a new layout, judged like the
//! others). The choice depends only on the layouts, so the same source
//! gives the same drawing.

mod u_turns;

use super::{COLUMN_WIDTH, Prepared, lay_out, layout, svg};

/// How much more readable the other direction must be before a diagram without `direction:` is
/// turned: a small gain is not worth giving up left-to-right reading.
const TURN_GAIN: f64 = 1.15;

/// Node labels are drawn at this size (px); the page shows them at this times the figure's scale.
const LABEL_PX: f64 = 14.0;

/// A crossing costs the reader about as much as this much more wire (in units) would.
const CROSSING_COST: i64 = 240;

/// A bend costs the reader about as much as this much more wire (in units) would.
const BEND_COST: i64 = 24;

/// Label sizes (CSS px) a drawing is wrapped to show, largest first: 12 px, and when no cut reaches
/// that, the next size one does. No smaller: wires run 12 units apart between the rows, which shows
/// them under 8 px apart below 9.3 px labels.
const WRAP_PX: [f64; 3] = [12.0, 11.0, 10.0];

/// Shares of the width that shows 12 px labels the layers of a top-to-bottom drawing are split
/// to ([`layers_split`]): the full width first, then narrower ones down to half of it, in steps of
/// 5 %, for rows that the runs between them widen past their estimate. How wide a split drawing
/// comes out does not follow the budget closely (placement packs some rows and not others), so
/// every step is tried and [`best`] judges the drawings.
const SPLIT_SHARES: [f64; 11] = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5];

/// Most boxes (containers included) of a drawing whose long layers [`layers_split`] tries to
/// split: each try lays the whole drawing out again, up to twice [`SPLIT_SHARES`] times, which a
/// drawing of thousands of boxes cannot afford (a 5,000-box one took over 15 minutes in a debug
/// build), and no split of one that large shows 12 px labels anyway. stress-60 has 60.
const MAX_SPLIT_BOXES: usize = 200;

/// Below this column scale, node labels show under 12 CSS px; then any gain in size is worth turning
/// for.
const LEGIBLE_SCALE: f64 = 12.0 / LABEL_PX;

pub use layout::FIGURE_COLUMN;

/// The size in CSS px at which a page shows the node labels of `prepared` on a wide screen.
pub fn shown_label_px(prepared: &Prepared) -> f64 {
    let width = svg::figure_width(&prepared.diagram, &prepared.layout);
    LABEL_PX * (FIGURE_COLUMN / width.max(1.0)).min(1.0)
}

fn legible(prepared: &Prepared) -> bool {
    shown_label_px(prepared) >= 12.0
}

/// The scale a figure of this width is drawn at in the column (1 when it fits).
fn column_scale(layout: &layout::Layout) -> f64 {
    (COLUMN_WIDTH / layout.width.max(1.0)).min(1.0)
}

/// A diagram that does not say which way it flows is drawn left to right when that fits the column;
/// when it does not, and top to bottom would be drawn noticeably larger (or larger at all while left
/// to right would shrink its labels below 12 px), it is drawn top to bottom. When neither direction
/// shows labels at 12 px, the best variant of either is drawn.
pub(super) fn to_column(across: Prepared) -> Prepared {
    if column_scale(&across.layout) >= 1.0 {
        return across;
    }
    let down = laid_out_down(&across);
    let (scale_across, scale_down) = (column_scale(&across.layout), column_scale(&down.layout));
    let gain = if scale_across < LEGIBLE_SCALE {
        1.0
    } else {
        TURN_GAIN
    };
    let (chosen, other) = if scale_down > scale_across * gain {
        (down, across)
    } else {
        (across, down)
    };
    // Shown unshrunk, nothing reads better; shrunk but legible, a variant may read better still
    // (a turned drawing packed to just reach 12 px against its untiered other direction).
    if column_scale(&chosen.layout) >= 1.0 {
        return chosen;
    }
    let mut candidates = variants(&chosen);
    candidates.extend(variants(&other));
    candidates.push(other);
    best(chosen, candidates)
}

/// A diagram whose source chose its direction, drawn as its best variant when it is too wide for
/// 12 px labels. For `right` the variants include the drawing turned top to bottom: wrapped into
/// rows, a left-to-right drawing no longer reads in one line either, and each row break is a wire
/// across the drawing, so the reader is given whichever of the two is easier to follow. `down` is
/// never turned: across, it would only grow wider.
pub(super) fn keeping_direction(prepared: Prepared) -> Prepared {
    if legible(&prepared) {
        return prepared;
    }
    let mut candidates = variants(&prepared);
    if prepared.diagram.direction == layout::Direction::Right {
        let down = laid_out_down(&prepared);
        candidates.extend(variants(&down));
        candidates.push(down);
    }
    best(prepared, candidates)
}

/// `prepared`'s diagram laid out again top to bottom.
fn laid_out_down(prepared: &Prepared) -> Prepared {
    let mut diagram = prepared.diagram.clone();
    diagram.direction = layout::Direction::Down;
    lay_out(diagram)
}

/// A drawing whose front end fixed more than its direction (a Mermaid flowchart's subgraphs keep
/// their own): when too wide for 12 px labels, only wrapped into rows, never laid out again.
pub(super) fn wrapping_only(prepared: Prepared) -> Prepared {
    if legible(&prepared) {
        return prepared;
    }
    let candidates = wrapped(&prepared).into_iter().collect();
    best(prepared, candidates)
}

/// The sound variants of a drawing too wide for 12 px labels: itself untiered, each of the two with
/// its long layers split into rows (top to bottom) and each with its U-turn labels beyond their
/// runs, and each of those wrapped into rows (left to right).
fn variants(prepared: &Prepared) -> Vec<Prepared> {
    let mut found = vec![prepared.clone()];
    found.extend(untiered(prepared));
    let split: Vec<Prepared> = found.iter().flat_map(layers_split).collect();
    let outside: Vec<Prepared> = found.iter().filter_map(u_turns::labels_beyond).collect();
    found.extend(split);
    found.extend(outside);
    let rows: Vec<Prepared> = found.iter().filter_map(wrapped).collect();
    found.extend(rows);
    found.remove(0);
    found
}

/// `current`, or the candidate whose labels show largest in the page up to 12 px, then at 12 px the
/// one easiest to follow ([`Score::reading_cost`]: wire length with crossings and bends) and under
/// it the one with fewer crossings, then fewer bends, then larger labels still, then the earlier one.
fn best(current: Prepared, candidates: Vec<Prepared>) -> Prepared {
    let mut chosen = current;
    let mut chosen_score = Score::of(&chosen);
    for candidate in candidates {
        let score = Score::of(&candidate);
        if score.beats(&chosen_score) {
            chosen = candidate;
            chosen_score = score;
        }
    }
    chosen
}

/// What makes one drawing of a diagram better than another for the column.
#[derive(Debug, Clone, Copy)]
struct Score {
    /// Node label size in CSS px as displayed, in hundredths (so rounding noise never decides).
    label_px: i64,
    crossings: usize,
    bends: usize,
    /// Drawn length of every edge, in whole units.
    wire_length: i64,
}

impl Score {
    fn of(prepared: &Prepared) -> Self {
        let layout = &prepared.layout;
        let wire_length: f64 = layout
            .edges
            .iter()
            .flat_map(|e| e.points.windows(2))
            .map(|w| (w[0].x - w[1].x).abs() + (w[0].y - w[1].y).abs())
            .sum();
        Self {
            label_px: (shown_label_px(prepared) * 100.0).floor() as i64,
            crossings: drawn_crossings(layout),
            bends: layout
                .edges
                .iter()
                .map(|e| e.points.len().saturating_sub(2))
                .sum(),
            wire_length: wire_length.round() as i64,
        }
    }

    /// Labels at 12 px are the bar every drawing is held to; above it they gain nothing, so two
    /// drawings that both clear it are judged by how they read. Below it, larger labels win.
    fn legible_px(&self) -> i64 {
        self.label_px.min(Self::LEGIBLE)
    }

    /// 12 px, in the hundredths [`Score::label_px`] counts.
    const LEGIBLE: i64 = 1200;

    /// How hard the drawing is to follow, in units of wire: a crossing or a bend costs as much as
    /// a stretch of wire the eye could have followed instead.
    fn reading_cost(&self) -> i64 {
        self.wire_length + self.crossings as i64 * CROSSING_COST + self.bends as i64 * BEND_COST
    }

    /// What decides between two drawings whose labels show the same size up to 12 px: at 12 px
    /// how they read; under it, as before wire length was weighed, fewer crossings (a drawing that
    /// small is hard to follow whatever its wires do).
    fn first_cost(&self) -> i64 {
        if self.label_px >= Self::LEGIBLE {
            self.reading_cost()
        } else {
            self.crossings as i64
        }
    }

    fn beats(&self, other: &Self) -> bool {
        let key = |s: &Self| {
            (
                s.legible_px(),
                std::cmp::Reverse(s.first_cost()),
                std::cmp::Reverse(s.bends),
                s.label_px,
            )
        };
        key(self) > key(other)
    }
}

/// Points where a horizontal segment of one edge crosses a vertical segment of another, inside both
/// (two edges that only meet at an end do not cross).
pub fn drawn_crossings(layout: &layout::Layout) -> usize {
    const EPS: f64 = 1e-6;
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    for (e, route) in layout.edges.iter().enumerate() {
        for pair in route.points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            if (p.y - q.y).abs() < EPS {
                horizontal.push((e, p.y, p.x.min(q.x), p.x.max(q.x)));
            } else if (p.x - q.x).abs() < EPS {
                vertical.push((e, p.x, p.y.min(q.y), p.y.max(q.y)));
            }
        }
    }
    let mut count = 0;
    for &(a, y, x0, x1) in &horizontal {
        for &(b, x, y0, y1) in &vertical {
            let inside = x0 + EPS < x && x < x1 - EPS && y0 + EPS < y && y < y1 - EPS;
            if a != b && inside {
                count += 1;
            }
        }
    }
    count
}

/// `prepared` laid out again with no tier hint on boxes that no ranking edge touches, when there is
/// such a box and the result is sound.
fn untiered(prepared: &Prepared) -> Option<Prepared> {
    let mut graph = prepared.graph.clone();
    let mut ranked = vec![false; graph.nodes.len()];
    for edge in graph.edges.iter().filter(|e| e.constrains_rank) {
        for end in [edge.from, edge.to] {
            if let Some(flag) = ranked.get_mut(end) {
                *flag = true;
            }
        }
    }
    let mut changed = false;
    for (node, &ranked) in graph.nodes.iter_mut().zip(&ranked) {
        if !ranked && !node.is_container && node.tier.is_some() {
            node.tier = None;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let layout = layout::layout(&graph);
    layout::verify(&graph, &layout)
        .is_empty()
        .then(|| Prepared {
            diagram: prepared.diagram.clone(),
            graph,
            layout,
        })
}

/// `prepared`, when it is drawn top to bottom too wide for 12 px labels, laid out again with the
/// layers too long for them split into rows of layers ([`layout::layout_splitting_wide_layers`]),
/// each sound layout that differs: rows filled evenly and rows filled in turn, for the width that
/// shows 12 px labels and, because the split only estimates how wide a layer lies (the runs
/// between the rows widen it), for narrower widths.
fn layers_split(prepared: &Prepared) -> Vec<Prepared> {
    let too_many = prepared.graph.nodes.len() > MAX_SPLIT_BOXES;
    if too_many || legible(prepared) || prepared.graph.direction != layout::Direction::Down {
        return Vec::new();
    }
    let around = svg::figure_width(&prepared.diagram, &prepared.layout) - prepared.layout.width;
    let legible_width = FIGURE_COLUMN / LEGIBLE_SCALE - around;
    let mut found: Vec<Prepared> = Vec::new();
    for fill in [layout::RowFill::Even, layout::RowFill::Full] {
        for share in SPLIT_SHARES {
            let width = legible_width * share;
            let layout = layout::layout_splitting_wide_layers(&prepared.graph, width, fill);
            let new = layout != prepared.layout && found.iter().all(|f| f.layout != layout);
            if !new || !layout::verify(&prepared.graph, &layout).is_empty() {
                continue;
            }
            let split = Prepared {
                diagram: prepared.diagram.clone(),
                graph: prepared.graph.clone(),
                layout,
            };
            let reached = legible(&split);
            found.push(split);
            // Narrower widths only add rows to a drawing that already shows 12 px labels.
            if reached {
                break;
            }
        }
    }
    found
}

/// `prepared` cut into rows, when it is too wide and can be cut soundly: into rows that show its
/// labels at 12 px when it can, else at the largest of [`WRAP_PX`] its cuts reach. Only a
/// left-to-right drawing wraps: its cuts run between layers, so each row reads on from the last; a
/// top-to-bottom one would be cut along its flow, splitting every layer.
fn wrapped(prepared: &Prepared) -> Option<Prepared> {
    if legible(prepared) || prepared.graph.direction != layout::Direction::Right {
        return None;
    }
    // The SVG's margins and legend, which scale with the drawing.
    let around = svg::figure_width(&prepared.diagram, &prepared.layout) - prepared.layout.width;
    let shown = shown_label_px(prepared);
    let widths: Vec<f64> = WRAP_PX
        .iter()
        .take_while(|&&px| px > shown)
        .map(|&px| FIGURE_COLUMN * LABEL_PX / px - around)
        .collect();
    layout::wrap_first(&prepared.layout, &widths, |rows| {
        layout::verify(&prepared.graph, rows).is_empty()
    })
    .map(|rows| Prepared {
        diagram: prepared.diagram.clone(),
        graph: prepared.graph.clone(),
        layout: rows,
    })
}
