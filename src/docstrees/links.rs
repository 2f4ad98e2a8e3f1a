//! Broken links as warnings (`[links] broken = "warn"`, `--warn-links`): every broken link and
//! anchor is still reported with its place, but the site is written, so a docs tree brought from
//! another tool can be looked at before its legacy links are fixed.

use crate::build::BuildOptions;
use crate::config::{BrokenLinks, SiteConfig};
use crate::diagnostics::{Diagnostic, Severity};

/// The codes of broken links (L001) and broken anchors (L002).
const LINK_CODES: [&str; 2] = ["L001", "L002"];

pub fn as_warnings(config: &SiteConfig, options: &BuildOptions) -> bool {
    options.warn_links || config.links.broken == BrokenLinks::Warn
}

/// Turns broken-link errors into warnings; everything else is left as it is.
pub fn soften(diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        if LINK_CODES.contains(&diagnostic.code.as_str()) {
            diagnostic.severity = Severity::Warning;
        }
    }
}
