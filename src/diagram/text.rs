//! Text measurement with the font the site ships (Inter), so boxes fit their labels without a
//! browser. The full OTF faces live in `fonts/` beside this file and are embedded in the binary and
//! parsed once; the site itself ships only subset WOFF2 copies (`static/fonts/`).

use std::sync::LazyLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

/// The regular face, also used for the standalone SVG/PNG export.
pub const REGULAR_OTF: &[u8] = include_bytes!("fonts/Inter-Regular.otf");
/// The semibold face used for node labels.
pub const SEMIBOLD_OTF: &[u8] = include_bytes!("fonts/Inter-SemiBold.otf");

static REGULAR: LazyLock<Option<FontRef<'static>>> =
    LazyLock::new(|| FontRef::try_from_slice(REGULAR_OTF).ok());
static SEMIBOLD: LazyLock<Option<FontRef<'static>>> =
    LazyLock::new(|| FontRef::try_from_slice(SEMIBOLD_OTF).ok());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    SemiBold,
}

/// Height of capital letters as a fraction of the font size (Inter's cap height is 1490/2048 units);
/// used to centre a line of text optically on a baseline.
pub const CAP_HEIGHT: f64 = 0.727;

/// Advance width in pixels of `text` set in Inter at `size` pixels, kerning included. Characters the
/// font lacks count as the font's fallback glyph, which is about as wide as a letter.
pub fn width(text: &str, weight: Weight, size: f64) -> f64 {
    let font = match weight {
        Weight::Regular => &*REGULAR,
        Weight::SemiBold => &*SEMIBOLD,
    };
    let Some(font) = font else {
        // Only reachable if the embedded file is corrupt; a rough average keeps drawings usable.
        return text.chars().count() as f64 * size * 0.6;
    };
    // ab_glyph scales by the font's full line height (ascent - descent), while CSS `font-size` is the
    // em size; convert so a 14px label measures like a browser sets it.
    let em = font.units_per_em().unwrap_or(2048.0);
    let scale = size as f32 * font.height_unscaled() / em;
    let scaled = font.as_scaled(PxScale::from(scale));
    let mut total = 0.0f32;
    let mut previous = None;
    for c in text.chars() {
        let glyph = scaled.glyph_id(c);
        if let Some(prev) = previous {
            total += scaled.kern(prev, glyph);
        }
        total += scaled.h_advance(glyph);
        previous = Some(glyph);
    }
    f64::from(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_parse() {
        assert!(REGULAR.is_some());
        assert!(SEMIBOLD.is_some());
    }

    #[test]
    fn wider_text_measures_wider() {
        let narrow = width("ill", Weight::Regular, 14.0);
        let wide = width("WWW", Weight::Regular, 14.0);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        assert!(width("Nginx", Weight::SemiBold, 14.0) > width("Nginx", Weight::Regular, 14.0));
        assert_eq!(width("", Weight::Regular, 14.0), 0.0);
    }

    #[test]
    fn measures_in_css_pixels() {
        // Inter's advance for "M" is about 0.86 em, so at 100px it is ~86px wide.
        let m = width("M", Weight::Regular, 100.0);
        assert!((80.0..92.0).contains(&m), "{m}");
    }

    #[test]
    fn scales_with_size() {
        let small = width("HAProxy", Weight::Regular, 10.0);
        let large = width("HAProxy", Weight::Regular, 20.0);
        assert!((large / small - 2.0).abs() < 0.01);
    }
}
