//! `classDef` / `style` / `linkStyle` properties -> our small theme-safe set: dashed, thick, bold,
//! and an accent colour chosen from the theme palette by hue (never the raw colour, which would be
//! unreadable in one of the two themes). Every other property is reported once per block.

use super::ast::Prop;
use crate::diagram::model::{Accent, EdgeLook, NodeLook};

/// What a list of properties does to a node; names of the properties it could not use go to
/// `ignored`.
pub fn apply_node(look: &mut NodeLook, props: &[Prop], ignored: &mut Vec<String>) {
    for prop in props {
        match prop.key.as_str() {
            "stroke-dasharray" => look.dashed = true,
            "stroke-width" => look.thick = width(&prop.value) >= 2.0,
            "font-weight" => {
                look.bold = matches!(
                    prop.value.as_str(),
                    "bold" | "bolder" | "700" | "800" | "900"
                )
            }
            "fill" | "stroke" => match accent(&prop.value) {
                Some(a) => look.accent = Some(a),
                None => ignored.push(format!("{}:{}", prop.key, prop.value)),
            },
            _ => ignored.push(prop.key.clone()),
        }
    }
}

pub fn apply_edge(
    look: &mut EdgeLook,
    dashed: &mut bool,
    props: &[Prop],
    ignored: &mut Vec<String>,
) {
    for prop in props {
        match prop.key.as_str() {
            "stroke-dasharray" => *dashed = true,
            "stroke-width" => look.thick = width(&prop.value) >= 2.0,
            "stroke" => match accent(&prop.value) {
                Some(a) => look.accent = Some(a),
                None => ignored.push(format!("{}:{}", prop.key, prop.value)),
            },
            _ => ignored.push(prop.key.clone()),
        }
    }
}

fn width(value: &str) -> f64 {
    value.trim_end_matches("px").trim().parse().unwrap_or(1.0)
}

/// The palette family nearest in hue to a CSS colour; grey for a colour with little saturation.
/// `None` when the colour cannot be read (a CSS variable, `transparent`).
pub fn accent(value: &str) -> Option<Accent> {
    let (r, g, b) = rgb(value.trim())?;
    let (r, g, b) = (
        f64::from(r) / 255.0,
        f64::from(g) / 255.0,
        f64::from(b) / 255.0,
    );
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let chroma = max - min;
    if chroma < 0.12 {
        return Some(Accent::Grey);
    }
    let hue = if max == r {
        60.0 * ((g - b) / chroma).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / chroma + 2.0)
    } else {
        60.0 * ((r - g) / chroma + 4.0)
    };
    Some(match hue {
        h if !(15.0..345.0).contains(&h) => Accent::Red,
        h if h < 65.0 => Accent::Amber,
        h if h < 160.0 => Accent::Green,
        h if h < 195.0 => Accent::Teal,
        h if h < 255.0 => Accent::Blue,
        h if h < 290.0 => Accent::Purple,
        _ => Accent::Pink,
    })
}

fn rgb(value: &str) -> Option<(u8, u8, u8)> {
    if let Some(hex) = value.strip_prefix('#') {
        let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
        return match hex.len() {
            3 | 4 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 | 8 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        };
    }
    if let Some(inner) = value
        .strip_prefix("rgb(")
        .or_else(|| value.strip_prefix("rgba("))
    {
        let mut parts = inner
            .trim_end_matches(')')
            .split(',')
            .map(|p| p.trim().parse::<u8>());
        return Some((
            parts.next()?.ok()?,
            parts.next()?.ok()?,
            parts.next()?.ok()?,
        ));
    }
    let named = match value.to_ascii_lowercase().as_str() {
        "red" | "crimson" | "darkred" => (220, 20, 60),
        "orange" | "gold" | "yellow" => (255, 165, 0),
        "green" | "lime" | "darkgreen" | "lightgreen" => (0, 128, 0),
        "teal" | "cyan" | "aqua" => (0, 128, 128),
        "blue" | "navy" | "lightblue" | "steelblue" => (0, 0, 255),
        "purple" | "violet" | "indigo" => (128, 0, 128),
        "pink" | "magenta" | "fuchsia" | "hotpink" => (255, 105, 180),
        "grey" | "gray" | "black" | "white" | "silver" | "lightgrey" | "lightgray" => {
            (128, 128, 128)
        }
        _ => return None,
    };
    Some(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_map_to_palette_families_by_hue() {
        assert_eq!(accent("#f9f"), Some(Accent::Pink));
        assert_eq!(accent("#333"), Some(Accent::Grey));
        assert_eq!(accent("#ff0000"), Some(Accent::Red));
        assert_eq!(accent("rgb(0, 100, 255)"), Some(Accent::Blue));
        assert_eq!(accent("#bbf"), Some(Accent::Blue));
        assert_eq!(accent("var(--x)"), None);
    }
}
