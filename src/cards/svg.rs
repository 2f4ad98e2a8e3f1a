//! A card drawn as an SVG document: site name at the top, the page title large and wrapped to the
//! width, the section at the bottom, in the default theme's light colours.

use crate::diagram::text::{self, Weight};

use super::Card;

/// The card's size in pixels (what Open Graph and Twitter's large summary card expect).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const MARGIN: f64 = 80.0;
const BG: &str = "#ffffff";
const FG: &str = "#1c2128";
const MUTED: &str = "#57606a";
const ACCENT: &str = "#0a5bc4";
const ACCENT_SOFT: &str = "#e6f0fc";
/// Title sizes tried in turn; the first at which the title fits in [`TITLE_LINES`] lines wins, and
/// the last is cut with an ellipsis when even it does not.
const TITLE_SIZES: [f64; 3] = [72.0, 60.0, 52.0];
const TITLE_LINES: usize = 3;

/// The card as a standalone SVG document. Its `width`/`height` are half the view box because
/// [`crate::diagram::svg_to_png`] rasterises at twice the SVG size: the PNG is [`WIDTH`]×[`HEIGHT`].
pub fn document(card: &Card) -> String {
    let text_width = f64::from(WIDTH) - 2.0 * MARGIN;
    let (size, lines) = title_lines(&card.title, text_width);
    let line_height = (size * 1.15).round();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Inter\">",
        WIDTH / 2,
        HEIGHT / 2
    );
    out.push_str(&format!(
        "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BG}\"/><rect width=\"{WIDTH}\" height=\"16\" fill=\"{ACCENT}\"/>"
    ));
    out.push_str(&format!(
        "<rect x=\"{MARGIN}\" y=\"84\" width=\"12\" height=\"44\" rx=\"3\" fill=\"{ACCENT}\"/><text x=\"{}\" y=\"120\" font-size=\"34\" font-weight=\"600\" fill=\"{ACCENT}\">{}</text>",
        MARGIN + 28.0,
        escape(&fit(&card.site, Weight::SemiBold, 34.0, text_width - 28.0))
    ));
    // The title block sits between the site name and the section line, centred in that space.
    let block = line_height * (lines.len() as f64 - 1.0) + size * text::CAP_HEIGHT;
    let top = 170.0 + ((470.0 - 170.0) - block) / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let baseline = top + size * text::CAP_HEIGHT + line_height * i as f64;
        out.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"{baseline:.1}\" font-size=\"{size}\" font-weight=\"600\" fill=\"{FG}\">{}</text>",
            escape(line)
        ));
    }
    if !card.section.is_empty() {
        let section = fit(&card.section, Weight::Regular, 34.0, text_width - 48.0);
        let pill = text::width(&section, Weight::Regular, 34.0) + 48.0;
        out.push_str(&format!(
            "<rect x=\"{MARGIN}\" y=\"500\" width=\"{pill:.1}\" height=\"64\" rx=\"32\" fill=\"{ACCENT_SOFT}\"/><text x=\"{}\" y=\"544\" font-size=\"34\" fill=\"{MUTED}\">{}</text>",
            MARGIN + 24.0,
            escape(&section)
        ));
    }
    out.push_str("</svg>");
    out
}

/// The title wrapped at word boundaries: the largest size at which it fits, and its lines.
fn title_lines(title: &str, width: f64) -> (f64, Vec<String>) {
    for size in TITLE_SIZES {
        let lines = wrap(title, size, width);
        if lines.len() <= TITLE_LINES {
            return (size, lines);
        }
    }
    let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let mut lines = wrap(title, size, width);
    let rest = lines.split_off(TITLE_LINES - 1).join(" ");
    lines.push(fit(&rest, Weight::SemiBold, size, width));
    (size, lines)
}

/// Greedy word wrap; a single word wider than the line is cut to fit.
fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || text::width(&candidate, Weight::SemiBold, size) <= width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| fit(&l, Weight::SemiBold, size, width))
        .collect()
}

/// `text` as is when it fits in `width`, else cut at a character with an ellipsis.
fn fit(text: &str, weight: Weight, size: f64, width: f64) -> String {
    if text::width(text, weight, size) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if text::width(&cut, weight, size) <= width {
            return cut;
        }
    }
    "…".to_string()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_wraps_within_the_width_and_three_lines() {
        let title = "A very long page title about authoritative and recursive DNS resolvers, caching, negative answers and what TTLs really mean for operators";
        let (size, lines) = title_lines(title, 1040.0);
        assert!(lines.len() <= TITLE_LINES, "{lines:?}");
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(
                text::width(line, Weight::SemiBold, size) <= 1040.0,
                "{line}"
            );
        }
        assert!(lines.last().unwrap().ends_with('…'), "{lines:?}");
    }

    #[test]
    fn text_is_escaped() {
        let card = Card {
            path: "card.png".into(),
            title: "Caddy & <nginx>".into(),
            section: String::new(),
            site: "S".into(),
        };
        assert!(document(&card).contains("Caddy &amp; &lt;nginx&gt;"));
    }
}
