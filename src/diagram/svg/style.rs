//! Colours and type for diagrams, written once here and emitted two ways: `static/css/diagrams.css`
//! for the site (custom properties, light and dark per the theme's conventions; see [`site_css`]) and
//! a self-contained `<style>` for standalone exports (plain colour values, which also suits renderers
//! without custom-property support such as resvg; see [`standalone_css`]).

use crate::diagram::model::{Accent, NodeKind};

/// Which colours a standalone export carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Light, switching to dark under `prefers-color-scheme: dark`.
    #[default]
    Auto,
}

/// `(name, light, dark)`. In the site CSS the base colours fall back to the theme's own variables.
const PALETTE: [(&str, &str, &str); 25] = [
    ("badge", "#b91c1c", "#f87171"),
    ("step", "#1d4ed8", "#93c5fd"),
    ("on-mark", "#ffffff", "#111318"),
    ("bg", "#ffffff", "#111318"),
    ("fg", "#1d2330", "#e7e9ee"),
    ("muted", "#5a6272", "#9da5b4"),
    ("node", "#ffffff", "#181c24"),
    ("group", "#f4f6f9", "#1a1e26"),
    ("group-stroke", "#c3c9d3", "#3b4250"),
    ("edge", "#687182", "#8f98a8"),
    ("secure", "#15803d", "#4ade80"),
    ("replication", "#7c3aed", "#b197fc"),
    ("monitoring", "#c2410c", "#fb923c"),
    ("lookup", "#0369a1", "#38bdf8"),
    ("k-client", "#475569", "#a3b1c6"),
    ("k-edge", "#0369a1", "#38bdf8"),
    ("k-firewall", "#dc2626", "#f87171"),
    ("k-balancer", "#7c3aed", "#b197fc"),
    ("k-web", "#2563eb", "#6ea8fe"),
    ("k-app", "#0f766e", "#2dd4bf"),
    ("k-queue", "#4d7c0f", "#a3e635"),
    ("k-data", "#b45309", "#fbbf24"),
    ("k-monitor", "#be185d", "#f472b6"),
    ("k-group", "#6b7280", "#9ca3af"),
    ("k-generic", "#6b7280", "#9ca3af"),
];

/// Site variables the diagram colours defer to, so a site theme that changes them is followed.
const SITE_FALLBACKS: [(&str, &str); 3] = [("bg", "--bg"), ("fg", "--fg"), ("muted", "--muted")];

fn family(kind: NodeKind) -> &'static str {
    use NodeKind::*;
    match kind {
        Client => "k-client",
        Dns | Cdn | External => "k-edge",
        Firewall => "k-firewall",
        LoadBalancer | ReverseProxy => "k-balancer",
        WebServer => "k-web",
        AppServer | Worker => "k-app",
        Queue | Cache => "k-queue",
        Database | Storage => "k-data",
        Monitor => "k-monitor",
        Host | Zone => "k-group",
        Generic => "k-generic",
    }
}

/// Rules shared by both outputs; `@name` is a palette colour.
const RULES: &str = "\
.diagram-svg .canvas { fill: @bg; }
.diagram-svg .node > .box, .diagram-svg .node > a > .box { fill: @node; stroke: @k-generic; stroke-width: 1.5; }
.diagram-svg .node.group > .box, .diagram-svg .node.group > a > .box { fill: @group; stroke: @group-stroke; stroke-width: 1; }
.diagram-svg .node.group.kind-zone > .box, .diagram-svg .node.group.kind-zone > a > .box { stroke-dasharray: 6 4; }
.diagram-svg .node.group.kind-firewall > .box, .diagram-svg .node.group.kind-firewall > a > .box { stroke: @k-firewall; stroke-width: 2; }
.diagram-svg .label { fill: @fg; font-size: 14px; font-weight: 600; }
.diagram-svg .sub { fill: @muted; font-size: 12px; font-weight: 400; }
.diagram-svg .edge { color: @edge; }
.diagram-svg .edge .line { fill: none; stroke: currentColor; stroke-width: 1.5; }
.diagram-svg .edge .head { fill: currentColor; stroke: none; }
.diagram-svg .edge.secure { color: @secure; }
.diagram-svg .edge.secure .line { stroke-width: 2.5; }
.diagram-svg .edge.edge-replication { color: @replication; }
.diagram-svg .edge.edge-replication .line { stroke-dasharray: 8 4; }
.diagram-svg .edge.edge-monitoring { color: @monitoring; }
.diagram-svg .edge.edge-monitoring .line { stroke-dasharray: 2 3; }
.diagram-svg .edge.edge-lookup { color: @lookup; }
.diagram-svg .edge.edge-lookup .line { stroke-dasharray: 8 3 2 3; }
.diagram-svg .edge.dashed .line { stroke-dasharray: 6 4; }
.diagram-svg .label-bg { fill: @bg; }
.diagram-svg .label-bg.on-group { fill: @group; }
.diagram-svg .edge-text { fill: @fg; font-size: 12px; font-weight: 400; }
.diagram-svg .lock { color: @secure; }
.diagram-svg .legend-text { fill: @muted; font-size: 12px; font-weight: 400; }
.diagram-svg .badge-shape { fill: @badge; stroke: @bg; stroke-width: 1.5; }
.diagram-svg .step-shape { fill: @step; stroke: @bg; stroke-width: 1.5; }
.diagram-svg .overlay-number { fill: @on-mark; font-size: 10px; font-weight: 600; }
.diagram-svg .node > .box-line, .diagram-svg .node > a > .box-line { fill: none; stroke: @k-generic; stroke-width: 1.5; }
.diagram-svg .label.strong { font-weight: 700; }
.diagram-svg .node.dashed > .box, .diagram-svg .node.dashed > a > .box { stroke-dasharray: 6 4; }
.diagram-svg .node.thick > .box, .diagram-svg .node.thick > a > .box { stroke-width: 3; }
.diagram-svg .edge.thick .line { stroke-width: 3; }
.diagram-svg .edge .head-open { fill: @bg; stroke: currentColor; stroke-width: 1.5; }
.diagram-svg .edge .head-cross { fill: none; stroke: currentColor; stroke-width: 2; }
.diagram-svg .node.shape-start > .box, .diagram-svg .node.shape-bar > .box, .diagram-svg .node.shape-bar-vertical > .box { fill: @fg; stroke: @fg; }
.diagram-svg .node.shape-end > .box { fill: @bg; stroke: @fg; }
.diagram-svg .node.shape-end > .box-line { fill: @fg; stroke: none; }
.diagram-svg .node.shape-note > .box { fill: @group; stroke: @group-stroke; }
.diagram-svg .node.shape-note > .box-line { stroke: @group-stroke; stroke-width: 1; }
";

/// Only in the site CSS: how the figure sits in a page.
const PAGE_RULES: &str = "\
.diagram { margin: 1.5rem 0; }
.diagram-svg { display: block; max-width: 100%; height: auto; margin: 0 auto; font-family: \"Inter\", var(--font-body, system-ui), sans-serif; }
.diagram figcaption { text-align: center; color: var(--muted, #5a6272); font-size: 0.9em; margin-top: 0.5rem; }
.diagram-text { font-size: 0.9em; margin-top: 0.5rem; }
.diagram-text summary { cursor: pointer; color: var(--muted, #5a6272); }
.diagram-text p { margin: 0.5rem 0 0.25rem; font-weight: 600; }
.diagram-text ul { margin: 0; }
.diagram-svg a:hover > .box, .diagram-svg a:focus-visible > .box { stroke-width: 3; }
.diagram-svg a:focus { outline: none; }
@media print { .diagram-text { display: none; } }
";

fn kind_rules() -> String {
    let mut out = String::new();
    for kind in NodeKind::ALL {
        let k = kind.as_str();
        let f = family(*kind);
        out.push_str(&format!(
            ".diagram-svg .node.kind-{k} > .box, .diagram-svg .node.kind-{k} > a > .box {{ stroke: @{f}; }}\n"
        ));
        out.push_str(&format!(
            ".diagram-svg .kind-{k} > .icon, .diagram-svg .kind-{k} > a > .icon, .diagram-svg .icon.kind-{k} {{ color: @{f}; }}\n"
        ));
    }
    // Containers keep their quiet group stroke whatever their kind: the group rules that follow are
    // more specific.
    out
}

/// Accents (from Mermaid `classDef`/`style`/`linkStyle`) after everything else, so they win over
/// the kind colours; each is a palette family, so it has a light and a dark value.
fn accent_rules() -> String {
    let mut out = String::new();
    for accent in Accent::ALL {
        let (a, f) = (accent.as_str(), accent.palette());
        out.push_str(&format!(
            ".diagram-svg .node.accent-{a} > .box, .diagram-svg .node.accent-{a} > a > .box, .diagram-svg .node.accent-{a} > .box-line, .diagram-svg .node.accent-{a} > a > .box-line {{ stroke: @{f}; }}\n"
        ));
        out.push_str(&format!(
            ".diagram-svg .edge.accent-{a} {{ color: @{f}; }}\n"
        ));
    }
    out
}

fn rules() -> String {
    let mut out = RULES.to_string();
    out.push_str(&accent_rules());
    let kinds = kind_rules();
    // Kind colours must not override the group box colours, so they go before the group rules.
    let split = out.find(".diagram-svg .node.group > .box").unwrap_or(0);
    out.insert_str(split, &kinds);
    out.push_str(crate::diagram::sequence::svg::RULES);
    out.push_str(&crate::diagram::sequence::svg::accent_rules());
    out
}

/// Replaces every `@name` with what `value` says for that palette entry (longest names first, so
/// `@group-stroke` is not read as `@group`).
fn fill(template: &str, value: impl Fn(&str, &str, &str) -> String) -> String {
    let mut names: Vec<&(&str, &str, &str)> = PALETTE.iter().collect();
    names.sort_by_key(|(name, _, _)| std::cmp::Reverse(name.len()));
    let mut out = template.to_string();
    for (name, light, dark) in names {
        out = out.replace(&format!("@{name}"), &value(name, light, dark));
    }
    out
}

fn variables(selector: &str, dark: bool) -> String {
    let mut out = format!("{selector} {{\n");
    for (name, light_value, dark_value) in PALETTE {
        let value = if dark { dark_value } else { light_value };
        match SITE_FALLBACKS.iter().find(|(n, _)| *n == name) {
            Some((_, site)) => out.push_str(&format!("  --dg-{name}: var({site}, {value});\n")),
            None => out.push_str(&format!("  --dg-{name}: {value};\n")),
        }
    }
    out.push_str("}\n");
    out
}

/// The content of `static/css/diagrams.css`. A test keeps the file equal to this.
pub fn site_css() -> String {
    let mut out = String::from(
        "/* Diagram colours and type. Generated by src/diagram/svg/style.rs (site_css); edit there. */\n",
    );
    out.push_str(&variables(".diagram", false));
    out.push_str(&variables("[data-theme=\"dark\"] .diagram", true));
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&variables(
        ":root:not([data-theme=\"light\"]) .diagram",
        true,
    ));
    out.push_str("}\n");
    out.push_str(PAGE_RULES);
    out.push_str(super::callouts::PAGE_RULES);
    out.push_str(&fill(&rules(), |name, _, _| format!("var(--dg-{name})")));
    out
}

/// The `<style>` content of a standalone SVG document.
pub fn standalone_css(theme: Theme) -> String {
    let base = ".diagram-svg { font-family: \"Inter\", system-ui, sans-serif; }\n";
    let light = fill(&rules(), |_, light, _| light.to_string());
    let dark = fill(&rules(), |_, _, dark| dark.to_string());
    match theme {
        Theme::Light => format!("{base}{light}"),
        Theme::Dark => format!("{base}{dark}"),
        Theme::Auto => format!("{base}{light}@media (prefers-color-scheme: dark) {{\n{dark}}}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        assert!(!site_css().contains('@') || !site_css().replace("@media", "").contains('@'));
        assert!(
            !standalone_css(Theme::Auto)
                .replace("@media", "")
                .contains('@')
        );
        assert!(!standalone_css(Theme::Dark).contains("var("));
    }

    #[test]
    fn dark_rules_appear_twice_in_site_css() {
        let css = site_css();
        assert!(css.contains("[data-theme=\"dark\"] .diagram {"));
        assert!(css.contains(":root:not([data-theme=\"light\"]) .diagram {"));
        assert!(css.contains(".diagram-svg .node.kind-database > .box"));
    }
}
