//! Math: `$...$` (inline) and `$$...$$` (display) as pulldown-cmark reads them, written out at build
//! time as MathML Core by `math-core`, so a page needs no script or font to show a formula. A formula
//! the converter cannot read is an error at its place in the file.

use std::ops::Range;
use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::Event;

use super::Renderer;
use crate::diagnostics::Diagnostic;

/// Commands KaTeX and MathJax know that `math-core` 0.7 does not: the TeX logos, which docs write
/// in prose (`$\TeX$`, Zola's theme list). Drawn with the kerning of the logos; MathML Core cannot
/// lower a letter, so the E of TeX stays on the line.
const LOGO_MACROS: [(&str, &str); 2] = [
    ("TeX", r"\mathrm{T\kern-0.1667em E\kern-0.125em X}"),
    (
        "LaTeX",
        r"\mathrm{L\kern-0.3em{}^{\scriptscriptstyle A}\kern-0.15em T\kern-0.1667em E\kern-0.125em X}",
    ),
];

/// The converter, made once: its configuration (the logo macros) never changes.
static CONVERTER: LazyLock<Option<LatexToMathML>> = LazyLock::new(|| {
    let macros = LOGO_MACROS
        .iter()
        .map(|(name, body)| (name.to_string(), body.to_string()))
        .collect();
    LatexToMathML::new(MathCoreConfig {
        macros,
        ..MathCoreConfig::default()
    })
    .ok()
});

impl Renderer<'_, '_> {
    /// One formula; `span` is the whole `$...$` in the file.
    pub(super) fn math(&mut self, latex: &str, display: bool, span: Range<usize>) {
        let Some(converter) = CONVERTER.as_ref() else {
            return;
        };
        let mode = if display {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        match converter.convert_with_local_state(latex, mode) {
            Ok(result) => self.emit(Event::InlineHtml(result.mathml.into())),
            Err(error) => {
                let delimiter = if display { 2 } else { 1 };
                // The formula as written starts after its `$` (or `$$`).
                let start = (span.start + delimiter + error.0.start).min(span.end);
                let end = (span.start + delimiter + error.0.end).clamp(start, span.end);
                let at = if end > start { start..end } else { span };
                let diagnostic = Diagnostic::error(
                    "E001",
                    format!("cannot read the formula: {}", error.error_message()),
                )
                .at(self.input.path, at, error.label())
                .help("the formula is LaTeX math; write `\\$` for a dollar sign in text");
                self.error(diagnostic);
                self.emit(Event::Code(latex.to_string().into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_converter_writes_mathml_and_locates_errors() {
        let converter = CONVERTER.as_ref().expect("default config is valid");
        let ok = converter
            .convert_with_local_state(r"\frac{a}{b}", MathDisplay::Inline)
            .expect("converts");
        assert!(ok.mathml.starts_with("<math") && ok.mathml.contains("<mfrac>"));
        let error = converter
            .convert_with_local_state(r"x + \nosuch", MathDisplay::Inline)
            .err()
            .expect("an unknown command");
        assert_eq!(&r"x + \nosuch"[error.0.clone()], r"\nosuch");
    }

    /// Zola's docs write `$\TeX$` in a theme's description; math-core 0.7 has no `\TeX`.
    #[test]
    fn tex_logos_are_known_commands() {
        let converter = CONVERTER.as_ref().expect("the logo macros are valid");
        for latex in [r"\TeX", r"\LaTeX", r"\LaTeX{} and \TeX"] {
            let result = converter
                .convert_with_local_state(latex, MathDisplay::Inline)
                .unwrap_or_else(|e| panic!("{latex}: {}", e.error_message()));
            assert!(result.mathml.contains("T</mi>") || result.mathml.contains(">T<"));
        }
    }
}
