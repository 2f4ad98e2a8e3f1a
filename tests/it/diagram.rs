//! Tests: diagram. Every fixture in `tests/fixtures/diagrams/*.infra` is rendered, checked for the
//! structure the SVG promises, snapshotted, and rendered twice to prove determinism. Error fixtures in
//! `tests/fixtures/diagrams/errors/` carry their expected errors as `# error: L:C-L:C message` lines.
//!
//! Set `INFRABOOK_DIAGRAM_PNG=some/dir` to also write light and dark PNGs of every fixture to look at.

use std::path::{Path, PathBuf};

use infrabook::diagram::layout::verify;
use infrabook::diagram::{
    Finding, LinkResolver, RenderOptions, Rendered, Theme, prepare, render, render_standalone_svg,
    svg_to_png,
};
use proptest::prelude::*;

mod dot;
mod random;

/// Resolves `*.md` targets to pretty URLs, fails on anything containing `missing`.
struct TestLinks;

impl LinkResolver for TestLinks {
    fn resolve(&self, target: &str) -> Result<String, String> {
        if target.contains("missing") {
            return Err("no such page".to_string());
        }
        Ok(format!(
            "/site/{}",
            target.trim_start_matches("../").replace(".md", "/")
        ))
    }
}

fn render_str(source: &str) -> Result<Rendered, Vec<Finding>> {
    render(
        source,
        &RenderOptions {
            id_prefix: "d1",
            links: &TestLinks,
            caption: None,
        },
    )
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "infra"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn format_error(source: &str, finding: &Finding) -> String {
    let (l1, c1) = line_col(source, finding.span.start);
    let (l2, c2) = line_col(source, finding.span.end);
    format!("{l1}:{c1}-{l2}:{c2} {}", finding.message)
}

#[test]
fn every_fixture_renders_with_the_promised_structure() {
    let files = fixtures("tests/fixtures/diagrams");
    assert!(files.len() >= 15, "only {} fixtures", files.len());
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let rendered = render_str(&source).unwrap_or_else(|errors| {
            let list: Vec<String> = errors.iter().map(|e| format_error(&source, e)).collect();
            panic!("{}: {list:#?}", path.display())
        });
        check_structure(&stem(&path), &source, &rendered.html);
        let prepared = prepare(&source).unwrap();
        let violations = verify(&prepared.graph, &prepared.layout);
        assert!(violations.is_empty(), "{}: {violations:#?}", path.display());
        write_pngs_if_asked(&stem(&path), &source);
        write_svg_if_asked(&stem(&path), &source);
        insta::assert_snapshot!(stem(&path), rendered.html);
    }
}

fn check_structure(name: &str, source: &str, html: &str) {
    assert!(
        html.starts_with("<figure class=\"diagram\" id=\"d1\">"),
        "{name}"
    );
    // A drawing with links is a named group (its links reachable), any other one an image.
    let role = if html.contains("\"><a href") {
        "group"
    } else {
        "img"
    };
    assert!(html.contains(&format!("role=\"{role}\"")), "{name}");
    assert!(html.contains("<title id=\"d1-title\">"), "{name}");
    assert!(html.contains("<desc id=\"d1-desc\">"), "{name}");
    assert!(html.contains("<details class=\"diagram-text\">"), "{name}");
    assert!(!html.contains("foreignObject"), "{name}");
    assert!(!html.contains("NaN") && !html.contains("inf"), "{name}");
    for id in html.split(" id=\"").skip(1) {
        assert!(
            id.starts_with("d1"),
            "{name}: unprefixed id {}",
            &id[..id.len().min(20)]
        );
    }
    let nodes = html.matches("<g class=\"node ").count();
    let (document, _) = infrabook::diagram::syntax::parse(source);
    let diagram = infrabook::diagram::model::build(&document).unwrap();
    assert_eq!(nodes, diagram.nodes.len(), "{name}: one group per node");
    assert_eq!(
        html.matches("<g class=\"edge ").count(),
        diagram.edges.len(),
        "{name}"
    );
    for node in &diagram.nodes {
        let marker = format!("data-id=\"{}\"", node.path);
        let at = html
            .find(&marker)
            .unwrap_or_else(|| panic!("{name}: no node {}", node.path));
        let rest = &html[at..];
        let group_end = rest.find("</g>").unwrap();
        assert!(
            rest[..group_end].contains("<rect class=\"box\""),
            "{name}: {} has no box",
            node.path
        );
    }
}

fn write_svg_if_asked(name: &str, source: &str) {
    let Ok(dir) = std::env::var("INFRABOOK_DIAGRAM_SVG") else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    let (svg, _) = render_standalone_svg(source, Theme::Light).unwrap();
    std::fs::write(Path::new(&dir).join(format!("{name}.svg")), svg).unwrap();
}

fn write_pngs_if_asked(name: &str, source: &str) {
    let Ok(dir) = std::env::var("INFRABOOK_DIAGRAM_PNG") else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    for (theme, suffix) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
        let (svg, _) = render_standalone_svg(source, theme).unwrap();
        let png = svg_to_png(&svg).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}-{suffix}.png")), png).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}-{suffix}.svg")), svg).unwrap();
    }
}

/// Each error fixture's `# error: L:C-L:C message` lines must match the errors exactly.
#[test]
fn error_fixtures_report_exactly_the_annotated_errors() {
    let files = fixtures("tests/fixtures/diagrams/errors");
    assert!(files.len() >= 10);
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let mut expected: Vec<String> = source
            .lines()
            .filter_map(|l| l.trim().strip_prefix("# error: ").map(str::to_string))
            .collect();
        let errors = match render_str(&source) {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        };
        let mut actual: Vec<String> = errors.iter().map(|e| format_error(&source, e)).collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected, "{}", path.display());
    }
}

#[test]
fn unknown_kind_lists_the_kinds_and_suggests_one() {
    let errors = render_str("db: MySQL { kind: databse }").unwrap_err();
    assert_eq!(errors[0].code, "E-unknown-kind");
    let help = errors[0].help.as_deref().unwrap();
    assert!(help.starts_with("did you mean `database`?"), "{help}");
    assert!(
        help.contains("client, dns, cdn, firewall, load-balancer"),
        "{help}"
    );
}

#[test]
fn unknown_node_suggests_the_nearest_path() {
    let source = "s: S {\n  web: W\n}\nlb: LB\nlb -> s.wbe\n";
    let errors = render_str(source).unwrap_err();
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `s.web`?"));
}

#[test]
fn rendering_is_byte_identical_across_runs() {
    for path in fixtures("tests/fixtures/diagrams") {
        let source = std::fs::read_to_string(&path).unwrap();
        let first = render_str(&source).unwrap().html;
        let second = render_str(&source).unwrap().html;
        assert_eq!(first, second, "{}", path.display());
        let (a, _) = render_standalone_svg(&source, Theme::Auto).unwrap();
        let (b, _) = render_standalone_svg(&source, Theme::Auto).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn linked_nodes_become_anchors_and_text_is_escaped() {
    let source = "title: A <b>&\nx: \"<X & Y>\" { link: ../dns/index.md }\ny: Y { link: https://e.com/?a=1&b=2 }\nx -> y: \"a<b\"";
    let html = render_str(source).unwrap().html;
    assert!(html.contains(r#"<a href="/site/dns/index/">"#), "{html}");
    assert!(
        html.contains(r#"<li><a href="/site/dns/index/">&lt;X &amp; Y&gt;</a>: component</li>"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="https://e.com/?a=1&amp;b=2">"#));
    assert!(html.contains("&lt;X &amp; Y&gt;"));
    assert!(html.contains("<figcaption>A &lt;b&gt;&amp;</figcaption>"));
    assert!(!html.contains("<b>"));
}

#[test]
fn encrypted_edges_differ_and_carry_a_lock() {
    let html = render_str("a: A\nb: B\nc: C\na -> b { proto: https }\nb -> c { proto: http }")
        .unwrap()
        .html;
    assert!(
        html.contains(
            r#"<g class="edge proto-https edge-request secure" data-from="a" data-to="b">"#
        )
    );
    assert!(
        html.contains(
            r#"<g class="edge proto-http edge-request plain" data-from="b" data-to="c">"#
        )
    );
    assert_eq!(
        html.matches(r##"href="#d1-icon-lock""##).count(),
        1,
        "one lock, on the https edge"
    );
    assert!(
        html.contains(">encrypted</text>") && html.contains(">unencrypted</text>"),
        "legend"
    );
}

#[test]
fn legend_lists_only_what_is_used() {
    let html = render_str("a: A { kind: client }\nb: B { kind: web-server }\na -> b")
        .unwrap()
        .html;
    assert!(html.contains(">client</text>") && html.contains(">web server</text>"));
    assert!(!html.contains(">database</text>"));
    assert!(!html.contains(">replication</text>"));
}

#[test]
fn description_reads_like_the_drawing() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/diagrams/two-server-stack.infra"),
    )
    .unwrap();
    let html = render_str(&source).unwrap().html;
    assert!(
        html.contains("Browser looks up names over DNS at DNS; it connects over HTTPS to HAProxy."),
        "{html}"
    );
    assert!(
        html.contains("HAProxy connects over HTTP to Nginx on Server 1 and Nginx on Server 2.")
    );
    assert!(html.contains("Server 1 contains Nginx, Gunicorn and MySQL."));
}

#[test]
fn standalone_export_has_its_own_dark_colours_and_rasterises() {
    let source = "title: T\na: A { kind: client }\nb: B { kind: database; role: primary }\na -> b { proto: https }";
    let (auto, _) = render_standalone_svg(source, Theme::Auto).unwrap();
    assert!(auto.starts_with("<?xml"));
    assert!(auto.contains("@media (prefers-color-scheme: dark)"));
    assert!(!auto.contains("var(--"));
    let (light, _) = render_standalone_svg(source, Theme::Light).unwrap();
    let (dark, _) = render_standalone_svg(source, Theme::Dark).unwrap();
    assert_ne!(light, dark);
    let png = svg_to_png(&dark).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn site_css_file_matches_the_generator() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/css/diagrams.css");
    let generated = infrabook::diagram::svg::style::site_css();
    if std::env::var_os("INFRABOOK_WRITE_CSS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "static/css/diagrams.css is stale: rerun with INFRABOOK_WRITE_CSS=1"
    );
}

fn check_spans(source: &str, findings: &[Finding]) {
    for f in findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= source.len(),
            "{f:?}"
        );
        assert!(
            source.is_char_boundary(f.span.start) && source.is_char_boundary(f.span.end),
            "{f:?}"
        );
    }
}

/// Fragments of the language, so random input reaches deep into the parser.
fn infra_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b.c",
        "server1",
        ": ",
        "{",
        "}",
        "[",
        "]",
        ",",
        ";",
        "\n",
        " ",
        "->",
        "<->",
        "--",
        "..>",
        "..",
        ".",
        "kind",
        "database",
        "title",
        "direction",
        "allow",
        "path",
        "\"q\"",
        "\"open",
        "#",
        "é",
        "link",
        "proto",
        "https",
        "port",
        "99",
        "role",
        "primary",
        "\\",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn parser_never_panics_on_any_text(source in "\\PC{0,200}") {
        let (_, errors) = infrabook::diagram::syntax::parse(&source);
        check_spans(&source, &errors);
        if let Err(errors) = render_str(&source) {
            check_spans(&source, &errors);
        }
    }

    #[test]
    fn parser_never_panics_on_language_soup(source in infra_soup()) {
        let (_, errors) = infrabook::diagram::syntax::parse(&source);
        check_spans(&source, &errors);
        match render_str(&source) {
            Err(errors) => check_spans(&source, &errors),
            Ok(rendered) => prop_assert!(rendered.html.contains("</figure>")),
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let source = "a {".repeat(5000);
    let errors = render_str(&source).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.message == "containers are nested too deeply")
    );
}

#[test]
fn overlay_draws_numbered_badges_and_path_steps_for_the_lints() {
    use infrabook::diagram::model::EdgeId;
    use infrabook::diagram::svg::{Badge, Overlay, Step, export, figure};
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagrams/request-path.infra"),
    )
    .unwrap();
    let prepared = prepare(&source).unwrap();
    let diagram = &prepared.diagram;
    let path = &diagram.paths[0];
    // Step i goes from steps[i] to steps[i + 1] over whichever edge joins them.
    let steps: Vec<Step> = path
        .steps
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let (a, b) = (pair[0].0, pair[1].0);
            let edge = diagram
                .edge_ids()
                .find(|e| {
                    let e = diagram.edge(*e);
                    (e.from, e.to) == (a, b) || (e.from, e.to) == (b, a)
                })
                .unwrap();
            Step {
                edge,
                number: i as u32 + 1,
                reversed: diagram.edge(edge).from != a,
            }
        })
        .collect();
    assert_eq!(steps.len(), 5);
    assert!(
        steps[1].reversed,
        "dns -> browser runs the lookup edge backwards"
    );
    let overlay = Overlay {
        badges: vec![
            Badge {
                node: diagram.find("lb").unwrap(),
                number: 1,
            },
            Badge {
                node: diagram.find("db").unwrap(),
                number: 2,
            },
        ],
        steps,
    };
    let html = figure(diagram, &prepared.layout, "d1", &TestLinks, &overlay, None).unwrap();
    assert!(html.contains(r#"<g class="badge" data-node="lb" data-number="1">"#));
    assert_eq!(html.matches(r#"<g class="step" data-step=""#).count(), 5);
    assert!(!html.contains(&format!("{:?}", EdgeId(0))));
    if let Ok(dir) = std::env::var("INFRABOOK_DIAGRAM_PNG") {
        let svg = export::document(diagram, &prepared.layout, Theme::Light, &overlay);
        std::fs::write(
            Path::new(&dir).join("overlay-light.png"),
            svg_to_png(&svg).unwrap(),
        )
        .unwrap();
    }
}

/// A chain of `n` web servers, each label long enough that the chain is wide when drawn across.
pub(crate) fn wide_chain(direction: Option<&str>, n: usize) -> String {
    let mut source = String::new();
    if let Some(direction) = direction {
        source.push_str(&format!("direction: {direction}\n"));
    }
    for i in 0..n {
        source.push_str(&format!(
            "n{i}: Web server number {i} {{ kind: web-server }}\n"
        ));
    }
    for i in 1..n {
        source.push_str(&format!("n{} -> n{i}\n", i - 1));
    }
    source
}

#[test]
fn a_diagram_without_direction_turns_down_only_when_across_does_not_fit() {
    use infrabook::diagram::COLUMN_WIDTH;
    use infrabook::diagram::layout::Direction;
    let narrow = prepare(&wide_chain(None, 2)).unwrap();
    assert!(
        narrow.layout.width <= COLUMN_WIDTH,
        "two boxes fit the column"
    );
    assert_eq!(narrow.diagram.direction, Direction::Right);

    let wide = prepare(&wide_chain(None, 6)).unwrap();
    assert_eq!(wide.diagram.direction, Direction::Down);
    assert!(wide.layout.width <= COLUMN_WIDTH && wide.layout.height > wide.layout.width);
    assert!(verify(&wide.graph, &wide.layout).is_empty());

    // Asked for, `right` is kept while the drawing fits the column (too wide, it is wrapped into
    // rows or turned, whichever reads better: tests/it/fit.rs); `down` is kept whatever its width.
    let asked = prepare(&wide_chain(Some("right"), 2)).unwrap();
    assert_eq!(asked.diagram.direction, Direction::Right);
    let asked = prepare(&wide_chain(Some("down"), 6)).unwrap();
    assert_eq!(asked.diagram.direction, Direction::Down);
}

/// monitoring-push across is 942 units (labels at 10.1 px in the 680-unit column) and top to bottom
/// 830 (11.5 px; 12.8 px in the 760 px page column): less than the usual 15% gain for turning, but
/// worth it while across would shrink labels below 12 px.
#[test]
fn a_diagram_turns_down_for_a_small_gain_when_across_would_shrink_labels_below_12_px() {
    use infrabook::diagram::COLUMN_WIDTH;
    use infrabook::diagram::layout::Direction;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("diagrams/monitoring-push.infra");
    let prepared = prepare(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(prepared.diagram.direction, Direction::Down);
    let label_px = 14.0 * (COLUMN_WIDTH / prepared.layout.width).min(1.0);
    assert!(label_px >= 11.0, "labels at {label_px:.1} px");
    assert!(verify(&prepared.graph, &prepared.layout).is_empty());
}

/// A diagram with no request edge is about its lookups or its monitoring: those edges set the
/// layers, so the boxes follow them in the flow (before, nothing ranked and every box sat in one
/// layer, its edges drawn as loops beside it).
#[test]
fn a_diagram_with_no_request_is_laid_out_along_its_other_edges() {
    for kind in ["lookup", "monitoring"] {
        let source = format!(
            "direction: right\n\
             a: Client {{ kind: client }}\n\
             b: Resolver {{ kind: dns }}\n\
             c: Root {{ kind: dns }}\n\
             d: Authority {{ kind: dns }}\n\
             a -> b {{ kind: {kind} }}\n\
             b -> c {{ kind: {kind} }}\n\
             b -> d {{ kind: {kind} }}\n"
        );
        let prepared = prepare(&source).unwrap();
        let boxes = &prepared.layout.nodes;
        let (a, b) = (&boxes[0], &boxes[1]);
        assert!(
            a.x + a.width < b.x,
            "{kind}: the resolver follows the client"
        );
        for end in &boxes[2..] {
            assert!(
                b.x + b.width < end.x,
                "{kind}: the servers follow the resolver"
            );
        }
        assert!(verify(&prepared.graph, &prepared.layout).is_empty());
    }
}
