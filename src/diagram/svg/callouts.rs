//! What the lint stage adds under a figure, for every reader (the badges in the drawing only point
//! here): the step list of each request path, and the "Risks in this design" admonition. Numbers match
//! the drawing's step markers and risk badges ([`crate::diagram::lint::marks`]). Each risk links to its
//! rule on the handbook's rule page ([`RULES_PAGE`], asked of the page's link resolver, with the rule's
//! code as the anchor); on a site without that page the code is shown without a link.

use std::fmt::Write as _;

use super::writer::escape;
use crate::diagram::LinkResolver;
use crate::diagram::lint::marks::{numbered_risks, numbered_steps};
use crate::diagram::lint::paths::{Hop, hops};
use crate::diagram::lint::{Lint, RULES_PAGE};
use crate::diagram::model::{Diagram, EdgeKind, Node};
use crate::diagram::syntax::Ends;

/// Styles for the call-outs, appended to the site CSS by [`super::style::site_css`]. They sit outside
/// the figure, so they use the site's own variables.
pub const PAGE_RULES: &str = "\
/* Lint call-outs under a figure (src/diagram/svg/callouts.rs): request path steps and risks. */
.diagram-path { margin: 0.75rem 0 0; font-size: 0.9em; }
.diagram-path-title { font-weight: 600; margin: 0 0 0.25rem; }
.diagram-steps { list-style: none; padding-left: 0; margin: 0; }
.diagram-steps li { margin: 0.2rem 0; }
.diagram-steps .step-number { display: inline-block; min-width: 1.5em; margin-right: 0.35em; border-radius: 0.75em; background: var(--accent, #1d4ed8); color: var(--bg, #ffffff); font-weight: 600; font-size: 0.85em; text-align: center; }
.diagram-risks ol { margin: 0.25rem 0 0; }
.diagram-risks li { margin: 0.25rem 0; }
.diagram-risks li::marker { font-weight: 600; }
";

/// The step lists of the diagram's request paths (nothing when it has none).
pub fn step_lists(diagram: &Diagram) -> String {
    let steps = numbered_steps(diagram);
    let mut out = String::new();
    for (p, path) in diagram.paths.iter().enumerate() {
        let _ = writeln!(
            out,
            "<div class=\"diagram-path\"><p class=\"diagram-path-title\">Request path: {}</p><ol class=\"diagram-steps\">",
            escape(&path.name)
        );
        let path_hops = hops(diagram, path);
        for (number, _, i) in steps.iter().filter(|(_, q, _)| *q == p) {
            let from = diagram.node(path.steps[*i].0);
            let to = diagram.node(path.steps[*i + 1].0);
            let _ = writeln!(
                out,
                "<li><span class=\"step-number\">{number}</span>{}</li>",
                escape(&step_words(diagram, from, to, path_hops[*i]))
            );
        }
        out.push_str("</ol></div>\n");
    }
    out
}

/// "Browser to Load balancer over HTTPS: www.foobar.com", "Browser asks DNS" for a lookup, or
/// "DNS answers Browser" for a step that travels an arrow backwards.
fn step_words(diagram: &Diagram, from: &Node, to: &Node, hop: Option<Hop>) -> String {
    let (from_name, to_name) = (from.label.replace('\n', " "), to.label.replace('\n', " "));
    let Some(hop) = hop else {
        return format!("{from_name} to {to_name}");
    };
    let edge = diagram.edge(hop.edge);
    if hop.reversed && edge.ends == Ends::Forward {
        return format!("{from_name} answers {to_name}");
    }
    if edge.kind == EdgeKind::Lookup {
        return format!("{from_name} asks {to_name}");
    }
    let over = edge
        .proto
        .as_ref()
        .map(|p| format!(" over {}", p.display_name()))
        .unwrap_or_default();
    let label = edge
        .label
        .as_ref()
        .map(|l| format!(": {}", l.replace('\n', " ")))
        .unwrap_or_default();
    format!("{from_name} to {to_name}{over}{label}")
}

/// The admonition listing the risks among `lints`, or nothing when there are none.
pub fn risks(lints: &[Lint], prefix: &str, links: &dyn LinkResolver) -> String {
    let mut items = String::new();
    for (number, lint) in numbered_risks(lints) {
        let code = escape(&lint.finding.code);
        let target = format!("{RULES_PAGE}#{}", lint.finding.code);
        let rule = match links.resolve(&target) {
            Ok(url) if super::is_safe_url(&url) => {
                format!(r#"<a href="{}"><code>{code}</code></a>"#, escape(&url))
            }
            _ => format!("<code>{code}</code>"),
        };
        let _ = writeln!(
            items,
            r#"<li id="{}-risk-{number}">{} ({rule})</li>"#,
            escape(prefix),
            escape(&lint.finding.message),
        );
    }
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"admonition warning diagram-risks\" role=\"note\"><p class=\"admonition-title\">Risks in this design</p><ol>\n{items}</ol></div>\n"
    )
}
