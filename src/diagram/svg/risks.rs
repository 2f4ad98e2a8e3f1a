//! Risk call-outs: lint findings drawn on the figure. Each risk (a finding of one of the lint rules)
//! gets a number, in the order of [`crate::diagram::lint::check`]. In the SVG, the node a risk is
//! about carries a badge with that number: a diamond (a shape, not only a colour, so the mark survives
//! greyscale and colour blindness), linked to the matching list entry. Under the figure, the
//! "Risks in this design" admonition lists the risks in the same order, each linking to its rule on
//! the handbook's rule page ([`RULES_PAGE`], asked of the page's link resolver; when the site has no
//! such page the code is shown without a link).

use std::fmt::Write as _;

use super::Canvas;
use super::writer::{escape, num};
use crate::diagram::LinkResolver;
use crate::diagram::lint::{Lint, RULES_PAGE};
use crate::diagram::model::NodeId;
use crate::diagram::text::CAP_HEIGHT;

/// Half the diagonal of a badge's diamond.
const HALF: f64 = 10.0;
/// Distance between the centres of neighbouring badges on one node.
const STEP: f64 = 2.0 * HALF + 2.0;
/// Badge text size.
const TEXT_SIZE: f64 = 10.0;

/// The risks among `lints`, numbered from 1, in order.
pub fn numbered(lints: &[Lint]) -> impl Iterator<Item = (usize, &Lint)> {
    lints
        .iter()
        .filter(|l| l.is_risk())
        .enumerate()
        .map(|(i, l)| (i + 1, l))
}

/// The numbers of the risks marked on each node, in node order.
fn per_node(canvas: &Canvas) -> Vec<(NodeId, Vec<usize>)> {
    let mut marks: Vec<Vec<usize>> = vec![Vec::new(); canvas.diagram.nodes.len()];
    for (number, lint) in numbered(canvas.lints) {
        for node in &lint.nodes {
            if let Some(list) = marks.get_mut(node.index()) {
                list.push(number);
            }
        }
    }
    marks
        .into_iter()
        .enumerate()
        .filter(|(_, m)| !m.is_empty())
        .map(|(i, m)| (NodeId(i as u32), m))
        .collect()
}

/// Badges along the top edge of each concerned node, in number order, the last at its top-right corner.
pub fn badges(canvas: &Canvas, link_to_list: bool) -> String {
    let marks = per_node(canvas);
    if marks.is_empty() {
        return String::new();
    }
    let p = escape(canvas.prefix);
    let mut out = String::from(r#"<g class="risk-badges">"#);
    for (node, numbers) in marks {
        let Some(r) = canvas.layout.nodes.get(node.index()) else {
            continue;
        };
        let right = r.x + r.width + canvas.offset() - HALF - 4.0;
        let cy = r.y + canvas.offset();
        let count = numbers.len();
        for (k, number) in numbers.iter().enumerate() {
            let cx = right - (count - 1 - k) as f64 * STEP;
            out.push_str(&badge(&p, *number, cx, cy, link_to_list));
        }
    }
    out.push_str("</g>\n");
    out
}

fn badge(prefix: &str, number: usize, cx: f64, cy: f64, link: bool) -> String {
    let mut out = String::new();
    if link {
        let _ = write!(out, r##"<a href="#{prefix}-risk-{number}">"##);
    }
    let _ = write!(
        out,
        r#"<g class="risk-badge"><title>Risk {number}</title><path d="M{} {} L{} {} L{} {} L{} {} Z"/><text x="{}" y="{}" text-anchor="middle">{number}</text></g>"#,
        num(cx),
        num(cy - HALF),
        num(cx + HALF),
        num(cy),
        num(cx),
        num(cy + HALF),
        num(cx - HALF),
        num(cy),
        num(cx),
        num(cy + CAP_HEIGHT * TEXT_SIZE / 2.0),
    );
    if link {
        out.push_str("</a>");
    }
    out
}

/// The admonition listing the risks, or nothing when there are none.
pub fn admonition(lints: &[Lint], prefix: &str, links: &dyn LinkResolver) -> String {
    let mut items = String::new();
    for (number, lint) in numbered(lints) {
        let code = escape(&lint.finding.code);
        let target = format!("{RULES_PAGE}#{}", lint.finding.code);
        let rule = match links.resolve(&target) {
            Ok(url) if super::is_safe_url(&url) => {
                format!(r#"<a href="{}"><code>{code}</code></a>"#, escape(&url))
            }
            _ => format!("<code>{code}</code>"),
        };
        let _ = writeln!(
            items,
            r#"<li id="{}-risk-{number}">{} ({rule})</li>"#,
            escape(prefix),
            escape(&lint.finding.message),
        );
    }
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"admonition warning diagram-risks\" role=\"note\"><p class=\"admonition-title\">Risks in this design</p><ol>\n{items}</ol></div>\n"
    )
}
