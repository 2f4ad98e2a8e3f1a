//! Standalone output: a complete SVG document with its own colours, and PNG through resvg. Used by
//! `infrabook diagram FILE -o OUT.svg|OUT.png`.

use std::sync::Arc;

use super::style::{Theme, standalone_css};
use super::{Canvas, Overlay, is_web_url, svg_element};
use crate::diagram::layout::Layout;
use crate::diagram::model::Diagram;
use crate::diagram::text::{REGULAR_OTF, SEMIBOLD_OTF};

/// Why a PNG could not be made (only possible for SVG this engine did not write, or absurd sizes).
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the SVG could not be read: {0}")]
    Parse(String),
    #[error("the image is too large or empty to rasterise")]
    Size,
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// Pixels per SVG unit in PNG output: 2 keeps text crisp on high-density screens.
pub const PNG_SCALE: f32 = 2.0;

/// An SVG document for `diagram` laid out as `layout`, with `overlay` drawn on top. Only absolute http(s) links survive (site
/// pages cannot be resolved outside a site); other `link:`s are drawn without a link.
pub fn document(diagram: &Diagram, layout: &Layout, theme: Theme, overlay: &Overlay) -> String {
    let hrefs: Vec<Option<String>> = diagram
        .nodes
        .iter()
        .map(|n| {
            let link = n.link.as_ref()?;
            is_web_url(&link.value).then(|| link.value.trim().to_string())
        })
        .collect();
    let canvas = Canvas {
        diagram,
        layout,
        prefix: "diagram",
        hrefs: &hrefs,
        overlay,
    };
    let css = standalone_css(theme);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        svg_element(&canvas, Some(&css))
    )
}

/// Rasterises an SVG document (as written by [`document`]) at [`PNG_SCALE`], with the shipped Inter
/// fonts so text matches the measurements.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PngError> {
    let mut options = resvg::usvg::Options {
        font_family: "Inter".to_string(),
        ..resvg::usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(REGULAR_OTF.to_vec());
    fonts.load_font_data(SEMIBOLD_OTF.to_vec());
    options.fontdb = Arc::clone(&options.fontdb);
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Parse(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or(PngError::Size)?;
    if size.width() > 16_384 || size.height() > 16_384 {
        return Err(PngError::Size);
    }
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(PngError::Size)?;
    let transform = resvg::tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
