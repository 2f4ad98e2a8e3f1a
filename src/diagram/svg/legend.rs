//! The legend under a drawing: only the node kinds and line styles the diagram uses, flowed into rows
//! no wider than the drawing.

use std::fmt::Write as _;

use super::shapes::line_style;
use super::writer::{escape, num};
use crate::diagram::model::Diagram;
use crate::diagram::text::{CAP_HEIGHT, Weight, width};

const TEXT_SIZE: f64 = 12.0;
const ROW: f64 = 20.0;
const SWATCH_ICON: f64 = 14.0;
const SWATCH_LINE: f64 = 24.0;
const SWATCH_GAP: f64 = 6.0;
const ITEM_GAP: f64 = 18.0;
const MIN_WIDTH: f64 = 240.0;

enum Swatch {
    Icon(&'static str),
    Line(&'static str),
}

struct Item {
    swatch: Swatch,
    text: String,
    x: f64,
    row: usize,
}

pub struct Legend {
    items: Vec<Item>,
    pub width: f64,
    pub height: f64,
}

/// Line styles with their legend text, in the order shown.
const LINE_STYLES: [(&str, &str); 6] = [
    ("secure", "encrypted"),
    ("plain", "unencrypted"),
    ("unspecified", "protocol not given"),
    ("replication", "replication"),
    ("monitoring", "monitoring"),
    ("lookup", "lookup"),
];

impl Legend {
    pub fn new(diagram: &Diagram, drawing_width: f64) -> Legend {
        let mut items = Vec::new();
        if !diagram.legend {
            return Self::flow(items, drawing_width);
        }
        for kind in super::used_kinds(diagram) {
            items.push((Swatch::Icon(kind.as_str()), kind.noun().to_string()));
        }
        let used = |style: &str| diagram.edges.iter().any(|e| line_style(e) == style);
        for (style, text) in LINE_STYLES {
            // Unencrypted and unstated connections are drawn alike, so they share one entry.
            let text = match style {
                "plain" if used("unspecified") => "unencrypted or protocol not given",
                "unspecified" if used("plain") => continue,
                _ => text,
            };
            if used(style) {
                items.push((Swatch::Line(style), text.to_string()));
            }
        }
        if diagram.edges.iter().any(|e| e.dashed) {
            items.push((Swatch::Line("dashed"), "dashed".to_string()));
        }
        Self::flow(items, drawing_width.max(MIN_WIDTH))
    }

    fn flow(raw: Vec<(Swatch, String)>, max_width: f64) -> Legend {
        let mut items = Vec::new();
        let (mut x, mut row, mut widest) = (0.0f64, 0usize, 0.0f64);
        for (swatch, text) in raw {
            let swatch_width = match swatch {
                Swatch::Icon(_) => SWATCH_ICON,
                Swatch::Line(_) => SWATCH_LINE,
            };
            let item_width = swatch_width + SWATCH_GAP + width(&text, Weight::Regular, TEXT_SIZE);
            if x > 0.0 && x + item_width > max_width {
                x = 0.0;
                row += 1;
            }
            items.push(Item {
                swatch,
                text,
                x,
                row,
            });
            widest = widest.max(x + item_width);
            x += item_width + ITEM_GAP;
        }
        let height = if items.is_empty() {
            0.0
        } else {
            (row + 1) as f64 * ROW
        };
        Legend {
            items,
            width: widest.ceil(),
            height,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn draw(&self, prefix: &str, left: f64, top: f64) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut out = String::from(r#"<g class="legend">"#);
        for item in &self.items {
            let x = left + item.x;
            let middle = top + item.row as f64 * ROW + ROW / 2.0;
            let text_x = match item.swatch {
                Swatch::Icon(kind) => {
                    let _ = write!(
                        out,
                        r##"<use class="icon kind-{kind}" href="#{}-icon-{kind}" x="{}" y="{}" width="{}" height="{}"/>"##,
                        escape(prefix),
                        num(x),
                        num(middle - SWATCH_ICON / 2.0),
                        num(SWATCH_ICON),
                        num(SWATCH_ICON)
                    );
                    x + SWATCH_ICON + SWATCH_GAP
                }
                Swatch::Line(style) => {
                    let class = match style {
                        "secure" | "plain" | "unspecified" | "dashed" => {
                            format!("swatch edge {style}")
                        }
                        kind => format!("swatch edge edge-{kind}"),
                    };
                    let _ = write!(
                        out,
                        r#"<g class="{class}"><path class="line" d="M{} {} h{}"/></g>"#,
                        num(x),
                        num(middle),
                        num(SWATCH_LINE)
                    );
                    x + SWATCH_LINE + SWATCH_GAP
                }
            };
            let _ = write!(
                out,
                r#"<text class="legend-text" x="{}" y="{}">{}</text>"#,
                num(text_x),
                num(middle + CAP_HEIGHT * TEXT_SIZE / 2.0),
                escape(&item.text)
            );
        }
        out.push_str("</g>\n");
        out
    }
}
