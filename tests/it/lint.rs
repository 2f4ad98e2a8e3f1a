//! Tests: lint. Fixtures in `tests/fixtures/lint/<rule>/*.infra` (and `reference/`) list every finding
//! they must produce as `# expect: CODE SUBJECT` lines, where SUBJECT is a node path or `FROM -> TO` for
//! an edge; the linter must report exactly those, no more. `fires*` fixtures show a rule firing,
//! `quiet*` ones a design (often the redundant version of the same one) where it must not.

use std::path::{Path, PathBuf};

use infrabook::diagram::lint::{self, Lint, RULES, Subject};
use infrabook::diagram::model::{self, Diagram};
use infrabook::diagram::syntax::Ends;
use infrabook::diagram::{Finding, LinkResolver, RenderOptions, Severity, render, syntax};

fn diagram(source: &str) -> Diagram {
    let (document, errors) = syntax::parse(source);
    assert!(errors.is_empty(), "{errors:#?}");
    model::build(&document).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn subject(diagram: &Diagram, lint: &Lint) -> String {
    match lint.subject {
        Subject::Node(id) => diagram.node(id).path.clone(),
        Subject::Edge(id) => {
            let edge = diagram.edge(id);
            let arrow = match edge.ends {
                Ends::Forward => "->",
                Ends::Both => "<->",
                Ends::None => "--",
            };
            format!(
                "{} {arrow} {}",
                diagram.node(edge.from).path,
                diagram.node(edge.to).path
            )
        }
        Subject::Diagram => "diagram".to_string(),
    }
}

fn actual(source: &str) -> Vec<String> {
    let diagram = diagram(source);
    let mut found: Vec<String> = lint::check(&diagram)
        .iter()
        .map(|l| format!("{} {}", l.finding.code, subject(&diagram, l)))
        .collect();
    found.sort();
    found
}

fn expected(source: &str) -> Vec<String> {
    let mut lines: Vec<String> = source
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("# expect: ")
                .map(|e| e.trim().to_string())
        })
        .collect();
    lines.sort();
    lines
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "infra"))
        .collect();
    files.sort();
    files
}

fn lint_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

/// Compares a fixture's findings with its annotations; returns a description of any difference.
fn mismatch(path: &Path) -> Option<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let (actual, expected) = (actual(&source), expected(&source));
    (actual != expected).then(|| {
        format!(
            "{}\n  found:    {actual:?}\n  expected: {expected:?}",
            path.display()
        )
    })
}

fn assert_fixtures(paths: &[PathBuf]) {
    let failures: Vec<String> = paths.iter().filter_map(|p| mismatch(p)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reference_architectures_give_exactly_the_findings_of_the_notes() {
    let files = fixture_files(&lint_root().join("reference"));
    assert!(files.len() >= 4);
    assert_fixtures(&files);
}

/// Every rule has a folder with at least one fixture where it fires and one where it stays quiet,
/// and each fixture gives exactly its annotated findings.
#[test]
fn every_rule_fires_and_stays_quiet_where_it_should() {
    let mut all = Vec::new();
    for rule in RULES {
        let files = fixture_files(&lint_root().join(rule.code));
        let stem = |p: &PathBuf| p.file_stem().unwrap().to_string_lossy().into_owned();
        let fires: Vec<&PathBuf> = files
            .iter()
            .filter(|p| stem(p).starts_with("fires"))
            .collect();
        let quiet: Vec<&PathBuf> = files
            .iter()
            .filter(|p| stem(p).starts_with("quiet"))
            .collect();
        assert!(!fires.is_empty() && !quiet.is_empty(), "{}", rule.code);
        for path in &fires {
            let source = std::fs::read_to_string(path).unwrap();
            let code = format!("{} ", rule.code);
            assert!(
                expected(&source).iter().any(|e| e.starts_with(&code)),
                "{}: a fires fixture must expect its rule",
                path.display()
            );
        }
        for path in &quiet {
            let source = std::fs::read_to_string(path).unwrap();
            let code = format!("{} ", rule.code);
            assert!(
                !expected(&source).iter().any(|e| e.starts_with(&code)),
                "{}: a quiet fixture must not expect its rule",
                path.display()
            );
        }
        all.extend(files);
    }
    assert_fixtures(&all);
}

struct SiteLinks;

impl LinkResolver for SiteLinks {
    fn resolve(&self, target: &str) -> Result<String, String> {
        match target.strip_prefix("@/reference/lint-rules.md") {
            Some(anchor) => Ok(format!("/handbook/reference/lint-rules/{anchor}")),
            None => Err("no such page".to_string()),
        }
    }
}

struct NoPages;

impl LinkResolver for NoPages {
    fn resolve(&self, _: &str) -> Result<String, String> {
        Err("no such page".to_string())
    }
}

fn render_with(
    source: &str,
    links: &dyn LinkResolver,
) -> Result<infrabook::diagram::Rendered, Vec<Finding>> {
    render(
        source,
        &RenderOptions {
            id_prefix: "d1",
            links,
            caption: None,
        },
    )
}

fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

const TWO_SERVERS: &str = "\
c: Client { kind: client }
lb: Balancer { kind: load-balancer }
s1: Server 1 { kind: host; web: Web { kind: web-server } }
s2: Server 2 { kind: host; web: Web { kind: web-server } }
db: DB { kind: database }
c -> lb { proto: http }
lb -> s1.web
lb -> s2.web
s1.web -> db
s2.web -> db
";

#[test]
fn allow_at_the_top_on_a_node_on_its_container_and_on_an_edge_hides_findings() {
    let all = actual(TWO_SERVERS);
    assert!(
        all.contains(&"single-point-of-failure lb".to_string()),
        "{all:?}"
    );
    assert!(all.contains(&"unmonitored-host s1".to_string()), "{all:?}");
    assert!(
        all.contains(&"plaintext-from-client c -> lb".to_string()),
        "{all:?}"
    );

    let top = format!("allow: [unmonitored-host]\n{TWO_SERVERS}");
    assert!(
        !actual(&top)
            .iter()
            .any(|f| f.starts_with("unmonitored-host"))
    );
    assert_eq!(
        actual(&top).len(),
        all.len() - 4,
        "only the allowed rule goes"
    );

    let on_node = TWO_SERVERS.replace(
        "lb: Balancer { kind: load-balancer }",
        "lb: Balancer { kind: load-balancer; allow: [single-point-of-failure, no-firewall] }",
    );
    let found = actual(&on_node);
    assert!(!found.contains(&"single-point-of-failure lb".to_string()));
    assert!(!found.contains(&"no-firewall lb".to_string()));
    assert!(
        found.contains(&"unmonitored-host lb".to_string()),
        "other rules stay"
    );
    assert!(
        found.contains(&"single-point-of-failure db".to_string()),
        "other nodes stay"
    );

    let on_edge = TWO_SERVERS.replace(
        "c -> lb { proto: http }",
        "c -> lb { proto: http; allow: plaintext-from-client }",
    );
    assert!(
        !actual(&on_edge)
            .iter()
            .any(|f| f.starts_with("plaintext-from-client"))
    );
    let on_end = TWO_SERVERS.replace(
        "c: Client { kind: client }",
        "c: Client { kind: client; allow: [plaintext-from-client] }",
    );
    assert!(
        !actual(&on_end)
            .iter()
            .any(|f| f.starts_with("plaintext-from-client")),
        "an edge's end accepts the edge's findings"
    );

    let on_container = "s: S {\n  kind: host\n  allow: [monolithic-host, unmonitored-host]\n  w: W { kind: web-server }\n  a: A { kind: app-server }\n  d: D { kind: database }\n}\n";
    assert_eq!(actual(on_container), vec!["single-writer s.d"]);
    let on_container = on_container.replace(
        "allow: [monolithic-host, unmonitored-host]",
        "allow: [monolithic-host, unmonitored-host, single-writer]",
    );
    assert!(
        actual(&on_container).is_empty(),
        "a container's allow covers its members"
    );
}

#[test]
fn an_allow_naming_no_rule_is_a_warning_with_a_suggestion() {
    let source = "allow: [single-point-of-faliure]\nc: C { kind: client; allow: [bogus] }\n";
    let diagram = diagram(source);
    let lints = lint::check(&diagram);
    assert_eq!(lints.len(), 2, "{lints:#?}");
    let first = &lints[0].finding;
    assert_eq!(first.code, lint::UNKNOWN_LINT);
    assert_eq!(first.severity, Severity::Warning);
    assert_eq!(
        &source[first.span.start..first.span.end],
        "single-point-of-faliure"
    );
    assert_eq!(
        first.help.as_deref(),
        Some("did you mean `single-point-of-failure`?")
    );
    assert!(
        lints[1]
            .finding
            .help
            .as_deref()
            .unwrap()
            .starts_with("rules are single-point-of-failure, ")
    );
    assert!(
        !lints.iter().any(Lint::is_risk),
        "not shown as a risk under the figure"
    );
}

#[test]
fn findings_are_warnings_on_the_declaration_with_help_and_labels() {
    let diagram = diagram(TWO_SERVERS);
    let lints = lint::check(&diagram);
    for lint in &lints {
        let f = &lint.finding;
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.help.as_deref().is_some_and(|h| h.contains("allow: [")),
            "{f:?}"
        );
        assert!(
            !f.message.is_empty() && !f.message.contains("`lb`"),
            "messages name labels: {f:?}"
        );
    }
    let spof = lints
        .iter()
        .find(|l| {
            l.finding.code == "single-point-of-failure" && l.finding.message.starts_with("Balancer")
        })
        .unwrap();
    assert_eq!(
        &TWO_SERVERS[spof.finding.span.start..spof.finding.span.end],
        "lb"
    );
    assert_eq!(line_col(TWO_SERVERS, spof.finding.span.start), (2, 1));
    assert_eq!(spof.finding.labels.len(), 1);
    assert_eq!(spof.finding.labels[0].1, "requests start here");
    let edge = lints
        .iter()
        .find(|l| l.finding.code == "plaintext-from-client")
        .unwrap();
    assert_eq!(
        &TWO_SERVERS[edge.finding.span.start..edge.finding.span.end],
        "c -> lb"
    );
    let spans: Vec<_> = lints.iter().map(|l| l.finding.span).collect();
    let mut sorted = spans.clone();
    sorted.sort();
    assert_eq!(spans, sorted, "sorted by position");
    assert_eq!(lint::check(&diagram), lints, "deterministic");
}

#[test]
fn rendered_figure_lists_risks_numbered_like_the_badges_and_links_each_rule() {
    let rendered = render_with(TWO_SERVERS, &SiteLinks).unwrap();
    let risks = rendered
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    assert_eq!(risks, actual(TWO_SERVERS).len());
    let html = &rendered.html;
    let admonition = html.find("<div class=\"admonition warning diagram-risks\" role=\"note\"><p class=\"admonition-title\">Risks in this design</p><ol>").expect("admonition");
    assert!(
        admonition > html.find("</figure>").unwrap(),
        "under the figure"
    );
    assert_eq!(html.matches("<li id=\"d1-risk-").count(), risks);
    assert_eq!(
        html.matches("<g class=\"badge\"").count(),
        risks,
        "one badge per risk"
    );
    for n in 1..=risks {
        assert!(html.contains(&format!("<li id=\"d1-risk-{n}\">")));
        let badge = format!("data-number=\"{n}\"");
        assert_eq!(html.matches(&badge).count(), 1);
    }
    assert!(html.contains("<a href=\"/handbook/reference/lint-rules/#single-point-of-failure\"><code>single-point-of-failure</code></a>"));
    // The badge of the balancer's first risk sits on its box's top edge.
    let first = rendered
        .findings
        .iter()
        .position(|f| f.message.starts_with("Balancer"))
        .unwrap()
        + 1;
    let badge = html
        .split(&format!("data-node=\"lb\" data-number=\"{first}\""))
        .nth(1)
        .unwrap();
    let lb = html.split("data-id=\"lb\"").nth(1).unwrap();
    let lb_top = lb
        .split("data-box=\"")
        .nth(1)
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap();
    assert!(
        badge.contains(&format!(" {lb_top} L")),
        "diamond's side corners on y = {lb_top}"
    );

    let unlinked = render_with(TWO_SERVERS, &NoPages).unwrap().html;
    assert!(
        unlinked.contains("(<code>single-point-of-failure</code>)"),
        "no page, no link"
    );

    let quiet = render_with("allow: [single-writer, unmonitored-host]\na: A { kind: app-server }\nd: D { kind: database }\na -> d\n", &SiteLinks).unwrap();
    assert!(quiet.findings.is_empty());
    assert!(!quiet.html.contains("diagram-risks") && !quiet.html.contains("class=\"badge\""));
}

const PATHS: &str = "\
allow: [single-point-of-failure, single-writer, no-firewall, unmonitored-host]
browser: Browser { kind: client }
dns: DNS { kind: dns }
lb: Balancer { kind: load-balancer }
s: Server {
  kind: host
  web: Web { kind: web-server }
  db: DB { kind: database }
}
browser -> dns: where? { kind: lookup; proto: dns }
browser -> lb { proto: https }
lb -> s
s.web -> s.db { proto: mysql }
path \"Visit\": browser -> dns -> browser -> lb -> s.web -> s.db
";

#[test]
fn a_path_along_edges_renders_numbered_steps_and_a_step_list() {
    let rendered = render_with(PATHS, &SiteLinks).unwrap();
    let html = &rendered.html;
    assert_eq!(html.matches("<g class=\"step\"").count(), 5);
    for n in 1..=5 {
        assert!(html.contains(&format!("<span class=\"step-number\">{n}</span>")));
        assert!(html.contains(&format!("<g class=\"step\" data-step=\"{n}\">")));
    }
    assert!(html.contains("<p class=\"diagram-path-title\">Request path: Visit</p>"));
    assert!(html.contains("<span class=\"step-number\">1</span>Browser asks DNS</li>"));
    assert!(html.contains("<span class=\"step-number\">2</span>DNS answers Browser</li>"));
    assert!(
        html.contains("<span class=\"step-number\">3</span>Browser to Balancer over HTTPS</li>")
    );
    // `lb -> s` is drawn to the host; the step to its web server travels that edge.
    assert!(html.contains("<span class=\"step-number\">4</span>Balancer to Web</li>"));
    let list = html.find("diagram-path").unwrap();
    assert!(
        list > html.find("</figure>").unwrap(),
        "right under the figure"
    );

    let two = format!("{PATHS}path \"Back\": s.db -> s.web\n");
    let html = render_with(&two, &SiteLinks).unwrap().html;
    assert_eq!(
        html.matches("<g class=\"step\"").count(),
        6,
        "numbers run on across paths"
    );
    assert!(html.contains("<span class=\"step-number\">6</span>DB answers Web</li>"));
}

#[test]
fn a_path_step_without_an_edge_is_an_error_spanning_the_two_steps() {
    let source = PATHS.replace("lb -> s.web -> s.db", "lb -> s.db -> dns");
    let errors = render_with(&source, &SiteLinks).unwrap_err();
    let described: Vec<String> = errors
        .iter()
        .map(|e| {
            let (l1, c1) = line_col(&source, e.span.start);
            let (l2, c2) = line_col(&source, e.span.end);
            format!("{} {l1}:{c1}-{l2}:{c2} {}", e.code, e.message)
        })
        .collect();
    assert_eq!(
        described,
        vec![
            "E-path-no-edge 14:50-14:61 request path \"Visit\" goes from `s.db` to `dns`, but no edge joins them"
                .to_string()
        ]
    );
    assert_eq!(errors[0].severity, Severity::Error);
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("declare `s.db -> dns`")
    );
    // `lb -> s.db` is fine: `lb -> s` reaches everything on the host.
    assert!(
        infrabook::diagram::prepare(&source).is_err(),
        "prepare refuses it too"
    );
}

/// Prints the findings on every `.infra` file under `INFRABOOK_LINT_DIR` (for reviewing a site's
/// diagrams by hand: `INFRABOOK_LINT_DIR=../content/diagrams cargo test --test it lint::print -- --nocapture`),
/// and with `INFRABOOK_LINT_PNG=dir` writes a light PNG of each to look at.
#[test]
#[allow(clippy::print_stdout)]
fn print_findings_of_a_folder_if_asked() {
    let Ok(dir) = std::env::var("INFRABOOK_LINT_DIR") else {
        return;
    };
    for path in fixture_files(Path::new(&dir)) {
        let source = std::fs::read_to_string(&path).unwrap();
        let (document, errors) = syntax::parse(&source);
        let built = if errors.is_empty() {
            model::build(&document)
        } else {
            Err(errors)
        };
        let name = path.file_name().unwrap().to_string_lossy();
        match built {
            Err(errors) => println!("{name}: {} errors", errors.len()),
            Ok(diagram) => {
                let path_errors = lint::paths::check(&diagram);
                let found: Vec<String> = lint::check(&diagram)
                    .iter()
                    .map(|l| format!("{} {}", l.finding.code, subject(&diagram, l)))
                    .chain(path_errors.iter().map(|e| e.message.clone()))
                    .collect();
                println!("{name}: {found:?}");
                if let Ok(out) = std::env::var("INFRABOOK_LINT_PNG") {
                    let theme = infrabook::diagram::Theme::Light;
                    if let Ok((svg, _)) = infrabook::diagram::render_standalone_svg(&source, theme)
                    {
                        let png = infrabook::diagram::svg_to_png(&svg).unwrap();
                        let file = Path::new(&out).join(format!("{name}.png"));
                        std::fs::write(file, png).unwrap();
                    }
                }
            }
        }
    }
}

mod random;
