//! Text in sequence diagrams: `<br>` line breaks, word wrapping to a width, and the measured size of
//! a block of lines (with the crate's font metrics, [`crate::diagram::text`]).

use crate::diagram::mermaid::entities;
use crate::diagram::text::{Weight, width};

/// A kind of text, with the size and weight the stylesheet gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Participant names (`.label`: 14px semibold).
    Name,
    /// Messages, notes and block labels (`.edge-text`: 12px regular).
    Body,
}

impl Style {
    pub fn size(self) -> f64 {
        match self {
            Style::Name => 14.0,
            Style::Body => 12.0,
        }
    }

    pub fn weight(self) -> Weight {
        match self {
            Style::Name => Weight::SemiBold,
            Style::Body => Weight::Regular,
        }
    }

    pub fn line_height(self) -> f64 {
        self.size() * 1.3
    }

    pub fn class(self) -> &'static str {
        match self {
            Style::Name => "label",
            Style::Body => "edge-text",
        }
    }

    pub fn measure(self, text: &str) -> f64 {
        width(text, self.weight(), self.size())
    }
}

/// Splits a label at `<br>`, `<br/>` and `<br />` (any case), trims each line and decodes
/// Mermaid's entity codes (`#35;`, `#9829;`, `#quot;`).
pub fn lines(text: &str) -> Vec<String> {
    let mut out = split_br(text);
    for line in &mut out {
        if line.contains('#') {
            *line = entities(line);
        }
    }
    out
}

fn split_br(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(at) = lower.find("<br") else {
            break;
        };
        match lower[at..].find('>') {
            Some(close)
                if lower[at + 3..at + close]
                    .trim()
                    .trim_end_matches('/')
                    .trim()
                    .is_empty() =>
            {
                out.push(rest[..at].trim().to_string());
                rest = &rest[at + close + 1..];
            }
            _ => break,
        }
    }
    out.push(rest.trim().to_string());
    if out.len() > 1 {
        out.retain(|l| !l.is_empty());
    }
    out
}

/// Wraps each line at word boundaries so no line is wider than `max` (a single word wider than
/// `max` keeps its own line).
pub fn wrap(lines: &[String], style: Style, max: f64) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let mut current = String::new();
        for word in line.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if !current.is_empty() && style.measure(&candidate) > max {
                out.push(std::mem::replace(&mut current, word.to_string()));
            } else {
                current = candidate;
            }
        }
        out.push(current);
    }
    out
}

/// Width and height of the lines set in `style`.
pub fn size(lines: &[String], style: Style) -> (f64, f64) {
    let width = lines.iter().map(|l| style.measure(l)).fold(0.0, f64::max);
    (width, lines.len() as f64 * style.line_height())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn br_splits_lines() {
        assert_eq!(lines("a<br>b<BR/>c<br />d"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a <b>"), ["a <b>"]);
        assert_eq!(lines(""), [""]);
        assert_eq!(
            lines("I #9829; you #35;1 #quot;hi#quot;"),
            ["I ♥ you #1 \"hi\""]
        );
        assert_eq!(lines("#notacode and # alone"), ["#notacode and # alone"]);
    }

    #[test]
    fn wrapping_keeps_lines_under_the_limit() {
        let long = vec!["the quick brown fox jumps over the lazy dog".to_string()];
        let wrapped = wrap(&long, Style::Body, 80.0);
        assert!(wrapped.len() > 2);
        assert!(wrapped.iter().all(|l| Style::Body.measure(l) <= 80.0));
        assert_eq!(wrapped.join(" "), long[0]);
    }
}
