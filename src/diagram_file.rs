//! The `infrabook diagram FILE` command: one `.infra` file (or a Mermaid flowchart, `.mmd`), drawn on its own as an SVG document (with its
//! own colours) or a PNG, outside any site. Takes the file's path and the chosen output; returns the
//! findings as diagnostics (pointing into the file) and the drawing's bytes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Sources, from_findings};
use crate::diagram::{self, Theme};

/// What to draw and where.
#[derive(Debug, Clone, Default)]
pub struct DiagramFileOptions {
    pub input: PathBuf,
    /// `None` writes the SVG to standard output; a path ending in `.png` gets a PNG, anything else SVG.
    pub output: Option<PathBuf>,
    pub theme: Theme,
}

/// The drawing and what the engine said about it.
#[derive(Debug, Default)]
pub struct DiagramFile {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    /// The encoded image, when the diagram had no errors.
    pub bytes: Option<Vec<u8>>,
}

/// Failures of the system rather than of the diagram.
#[derive(Debug, thiserror::Error)]
pub enum DiagramFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot draw {path} as PNG: {source}")]
    Png {
        path: PathBuf,
        source: diagram::PngError,
    },
}

fn wants_png(output: Option<&Path>) -> bool {
    output
        .and_then(Path::extension)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("png"))
}

/// Parses, checks, lays out and draws the diagram in `options.input`.
pub fn draw(options: &DiagramFileOptions) -> Result<DiagramFile, DiagramFileError> {
    let input = &options.input;
    let text = std::fs::read_to_string(input).map_err(|source| DiagramFileError::Read {
        path: input.clone(),
        source,
    })?;
    let label = input.to_string_lossy().replace('\\', "/");
    let mut sources = Sources::default();
    sources.insert(&label, Arc::from(text.as_str()));
    let same = |offset: usize| offset;
    let is_mermaid = input
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("mmd") || ext.eq_ignore_ascii_case("mermaid"));
    let drawn = if is_mermaid {
        diagram::mermaid::render_standalone_svg(&text, options.theme)
    } else {
        diagram::render_standalone_svg(&text, options.theme)
    };
    let (svg, findings) = match drawn {
        Ok(drawn) => drawn,
        Err(errors) => {
            return Ok(DiagramFile {
                diagnostics: from_findings(&errors, &label, &same),
                sources,
                bytes: None,
            });
        }
    };
    let bytes = if wants_png(options.output.as_deref()) {
        diagram::svg_to_png(&svg).map_err(|source| DiagramFileError::Png {
            path: input.clone(),
            source,
        })?
    } else {
        svg.into_bytes()
    };
    Ok(DiagramFile {
        diagnostics: from_findings(&findings, &label, &same),
        sources,
        bytes: Some(bytes),
    })
}
