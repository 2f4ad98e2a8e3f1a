//! Styles for what the lint stage adds to a figure: risk badges, request path steps and the list of
//! risks. Kept apart from the base styles in [`super::style`], which appends them to both the site CSS
//! and standalone exports; `@name` is a palette colour there.

/// Rules inside the SVG (both outputs).
pub const SVG_RULES: &str = "\
/* Lint overlays (src/diagram/svg/overlays.rs): risk badges and request path steps. */
.diagram-svg .risk-badge path { fill: @risk; stroke: @bg; stroke-width: 1.5; }
.diagram-svg .risk-badge text { fill: @node; font-size: 10px; font-weight: 600; }
.diagram-svg .path-step rect { fill: @fg; stroke: @bg; stroke-width: 1.5; }
.diagram-svg .path-step text { fill: @bg; font-size: 11px; font-weight: 600; }
";

/// Rules for the page around the SVG (site CSS only): the step lists and the risk list.
pub const PAGE_RULES: &str = "\
/* Lint overlays (src/diagram/svg/overlays.rs): request path step lists and the risks admonition. */
.diagram-path { margin: 0.75rem 0 0; font-size: 0.9em; }
.diagram-path-title { font-weight: 600; margin: 0 0 0.25rem; }
.diagram-steps { list-style: none; padding-left: 0; margin: 0; }
.diagram-steps li { margin: 0.2rem 0; }
.diagram-steps .step-number { display: inline-block; min-width: 1.6em; padding: 0 0.35em; border-radius: 0.8em; background: var(--dg-fg); color: var(--dg-bg); font-weight: 600; font-size: 0.85em; text-align: center; }
.diagram-risks ol { margin: 0.25rem 0 0; }
.diagram-risks li { margin: 0.25rem 0; }
.diagram-risks li::marker { font-weight: 600; }
.diagram-risks li:target { outline: 2px solid currentColor; outline-offset: 2px; }
";
