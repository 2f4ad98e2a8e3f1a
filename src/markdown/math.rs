//! Math: `$...$` (inline) and `$$...$$` (display) as pulldown-cmark reads them, written out at build
//! time as MathML Core by `math-core`, so a page needs no script or font to show a formula. A formula
//! the converter cannot read is an error at its place in the file.

use std::ops::Range;
use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::Event;

use super::Renderer;
use crate::diagnostics::Diagnostic;

/// The converter, made once: its configuration (no macros) never changes.
static CONVERTER: LazyLock<Option<LatexToMathML>> =
    LazyLock::new(|| LatexToMathML::new(MathCoreConfig::default()).ok());

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
}
