//! Sequence diagrams: Mermaid's `sequenceDiagram` text in, inline SVG out, with our own layout.
//!
//! A sequence is not a layered graph, so it does not go through the `infra` engine: participants
//! stand in columns sized to their labels, time runs down, and every message, note and block header
//! gets a row of its own. The stages, each a function to a new type:
//!
//! 1. [`parse`]: `&str` -> statements with byte spans (one per line; errors name line and column
//!    through the caller's span mapping, and say what was expected).
//! 2. [`model`]: statements -> [`model::Sequence`]: participants in column order, rows in time
//!    order; blocks, boxes and activations checked for balance.
//! 3. [`layout`]: `Sequence` -> [`geometry::SequenceLayout`], measured with the font the site ships
//!    and packed to fit [`COLUMN_WIDTH`] ([`verify`] checks its promises).
//! 4. [`svg`]: the `<figure>`, styled by the same theme classes as `infra` figures.
//!
//! Two fences use it: ```` ```mermaid ```` whose first statement is `sequenceDiagram`, and our own
//! ```` ```sequence ````, the same language with the header optional.
//!
//! ```
//! use infrabook::diagram::sequence::{self, Header};
//!
//! let figure = sequence::render("Alice->>Bob: Hello", Header::Optional, "d1", None).unwrap();
//! assert!(figure.html.contains(">Hello</text>"));
//! let errors = sequence::render("sequenceDiagram\nloop Forever\nA->>B: hi\n", Header::Required, "d1", None)
//!     .unwrap_err();
//! assert_eq!(errors[0].message, "this `loop` block is never closed: expected `end`");
//! ```

mod columns;
mod describe;
pub mod geometry;
pub mod layout;
pub mod model;
pub mod parse;
pub mod svg;
pub mod text;
mod verify;

pub use model::Header;
pub use verify::verify;

use super::{Finding, Rendered};

/// The width the drawing must fit (the page's figure column, in CSS pixels; the sequence layout's
/// width includes its own margins).
pub const COLUMN_WIDTH: f64 = super::FIGURE_COLUMN;

/// A sequence checked and laid out, before drawing.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub sequence: model::Sequence,
    pub layout: geometry::SequenceLayout,
}

/// Parses, checks and lays out one diagram; `Err` carries every error (spans into `source`).
pub fn prepare(source: &str, header: Header) -> Result<Prepared, Vec<Finding>> {
    let (statements, errors) = parse::parse(source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let sequence = model::build(&statements, header)?;
    let layout = layout::layout(&sequence);
    Ok(Prepared { sequence, layout })
}

/// Parses, checks, lays out and draws one diagram as a page figure with ids starting `id_prefix`.
pub fn render(
    source: &str,
    header: Header,
    id_prefix: &str,
    caption: Option<&str>,
) -> Result<Rendered, Vec<Finding>> {
    let Prepared { sequence, layout } = prepare(source, header)?;
    Ok(Rendered {
        html: svg::figure(&sequence, &layout, id_prefix, caption),
        title: sequence.title.clone(),
        findings: sequence.warnings.clone(),
    })
}

/// A sequence in words (who takes part, then every message in order), for readers that get text
/// only; `None` when the source has errors.
pub fn describe_in_words(source: &str, header: Header) -> Option<String> {
    let (statements, errors) = parse::parse(source);
    if !errors.is_empty() {
        return None;
    }
    let sequence = model::build(&statements, header).ok()?;
    Some(describe::in_words(&sequence))
}

/// Whether a ```` ```mermaid ```` block is a sequence diagram: its first line that is not blank, a
/// `%%` comment or front matter is `sequenceDiagram`.
pub fn is_mermaid_sequence(source: &str) -> bool {
    let mut lines = source.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut in_front_matter = false;
    let mut first = true;
    for line in lines.by_ref() {
        if first && line == "---" {
            in_front_matter = true;
            first = false;
            continue;
        }
        first = false;
        if in_front_matter {
            in_front_matter = line != "---";
            continue;
        }
        if line.starts_with("%%") {
            continue;
        }
        return line.split_whitespace().next() == Some("sequenceDiagram");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_mermaid_sequences() {
        assert!(is_mermaid_sequence(
            "%% hi\n%%{init: {}}%%\n  sequenceDiagram\nA->>B: x"
        ));
        assert!(is_mermaid_sequence("---\ntitle: T\n---\nsequenceDiagram\n"));
        assert!(!is_mermaid_sequence("flowchart LR\nA-->B"));
        assert!(!is_mermaid_sequence(""));
    }

    #[test]
    fn a_small_sequence_verifies() {
        let source = "sequenceDiagram\nautonumber\nactor U as User\nU->>+W: GET /<br>with a long path\nloop Retry\nW->>W: think hard about it\nend\nNote right of W: cached\nW-->>-U: 200 OK\n";
        let prepared = prepare(source, Header::Required).unwrap();
        let problems = verify(&prepared.layout);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_verifier_catches_overlaps_and_text_outside_boxes() {
        let source = "A->>B: first message\nNote over A: a note\nB->>A: second";
        let mut layout = prepare(source, Header::Optional).unwrap().layout;
        layout.notes[0].rect.y = layout.messages[0].text.rect.y;
        layout.heads[0].rect.w = 4.0;
        let problems = verify(&layout);
        assert!(
            problems.iter().any(|p| p.contains("overlaps")),
            "{problems:#?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("sticks out")),
            "{problems:#?}"
        );
    }
}
