//! Tests: lint. Fixtures in `tests/fixtures/lint/<rule>/*.infra` (and `reference/`) list every finding
//! they must produce as `# expect: CODE SUBJECT` lines, where SUBJECT is a node path or `FROM -> TO` for
//! an edge; the linter must report exactly those, no more. `fires*` fixtures show a rule firing,
//! `quiet*` ones a design (often the redundant version of the same one) where it must not.

use std::path::{Path, PathBuf};

use infrabook::diagram::lint::{self, Lint, RULES, Subject};
use infrabook::diagram::model::{self, Diagram};
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
            format!(
                "{} -> {}",
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
        .filter_map(|l| l.trim().strip_prefix("# expect: ").map(|e| e.trim().to_string()))
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

fn assert_fixture(path: &Path) {
    let source = std::fs::read_to_string(path).unwrap();
    assert_eq!(actual(&source), expected(&source), "{}", path.display());
}

#[test]
fn reference_architectures_give_exactly_the_findings_of_the_notes() {
    let files = fixture_files(&lint_root().join("reference"));
    assert!(files.len() >= 4);
    for path in files {
        assert_fixture(&path);
    }
}

/// Every rule has a folder with at least one fixture where it fires and one where it stays quiet,
/// and each fixture gives exactly its annotated findings.
#[test]
fn every_rule_fires_and_stays_quiet_where_it_should() {
    for rule in RULES {
        let files = fixture_files(&lint_root().join(rule.code));
        let stem = |p: &PathBuf| p.file_stem().unwrap().to_string_lossy().into_owned();
        let fires: Vec<&PathBuf> = files.iter().filter(|p| stem(p).starts_with("fires")).collect();
        let quiet: Vec<&PathBuf> = files.iter().filter(|p| stem(p).starts_with("quiet")).collect();
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
        for path in files {
            assert_fixture(&path);
        }
    }
}
