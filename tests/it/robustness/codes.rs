//! The catalogue stays complete: every diagnostic code the sources can emit has a test that shows
//! its message, place and exit status through the binary, and a row in README's table.
//!
//! Codes are found by reading `src/` for string literals shaped like a code (`"C001"`, `"E-syntax"`)
//! and by asking the linter for its rules. A code counts as covered when a snapshot under
//! `tests/it/snapshots/` prints it (`error[CODE]` or `warning[CODE]`), or when [`COVERED_ELSEWHERE`]
//! names the test file that asserts it. Adding a code without either fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use infrabook::diagram::lint::{RULES, UNKNOWN_LINT};

/// Codes tested outside the snapshots: (code, file whose test asserts it, why not a snapshot).
const COVERED_ELSEWHERE: &[(&str, &str, &str)] = &[
    (
        "E-sequence",
        "tests/it/sequence.rs",
        "error cases under tests/fixtures/sequence/errors, asserted with line and column",
    ),
    (
        "E-sequence-syntax",
        "tests/it/sequence.rs",
        "error cases under tests/fixtures/sequence/errors, asserted with line and column",
    ),
    (
        "I002",
        "tests/it/docstrees.rs",
        "init --from without the tool's config file",
    ),
    (
        "V001",
        "tests/it/docstrees.rs",
        "mkdocs.yml that is not YAML, through the binary",
    ),
    (
        "W001",
        "tests/it/docstrees.rs",
        "theme templates a copied Zola tree names, one warning per name, through the binary",
    ),
    (
        "V002",
        "tests/it/docstrees.rs",
        "SUMMARY.md entry without a file, through the binary",
    ),
    (
        "C000",
        "tests/it/cli.rs",
        "no site.toml: the message names an absolute temp path",
    ),
    (
        "C003",
        "tests/it/robustness/catalogue.rs",
        "fixture base_url_without_scheme, asserted line by line",
    ),
    (
        "E001",
        "tests/it/authoring.rs",
        "an unknown command in a formula, asserted with its place",
    ),
    (
        "N001",
        "tests/it/authoring.rs",
        "missing and outside-the-site includes, each asserted with its place",
    ),
    (
        "N002",
        "tests/it/authoring.rs",
        "a missing anchor and bad line ranges, each asserted with its place",
    ),
    (
        "N003",
        "tests/it/authoring.rs",
        "an include cycle written into a temporary copy of the fixture",
    ),
    (
        "P003",
        "tests/it/robustness/catalogue.rs",
        "invalid UTF-8 fixture, symlink loop and dangling link built in temp folders",
    ),
    (
        "T004",
        "tests/it/robustness/catalogue.rs",
        "fixture template_includes_itself, asserted line by line",
    ),
    (
        "K001",
        "tests/it/cards.rs",
        "a card cannot fail to draw, so its cache folder is made impossible to create",
    ),
    (
        "X001",
        "tests/it/search.rs",
        "no page makes Pagefind fail (empty, binary, unlabelled and odd-language pages all \
         index), so the build is started from a working directory that no longer exists",
    ),
];

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "rs") {
            found.push(path);
        }
    }
}

/// `C001`: one capital and three digits. `E-syntax`: the diagram engine's error codes.
fn is_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    let core = bytes.len() == 4
        && bytes[0].is_ascii_uppercase()
        && bytes[1..].iter().all(u8::is_ascii_digit);
    let engine = text.strip_prefix("E-").is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    });
    core || engine
}

/// Every string literal in `text` shaped like a code.
fn code_literals(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(['"', '\n']) else {
            break;
        };
        if rest[close..].starts_with('"') && is_code(&rest[..close]) {
            codes.push(rest[..close].to_string());
        }
    }
    codes
}

/// Every code the sources can emit: literals in `src/` and the linter's rules.
fn emitted_codes() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&manifest().join("src"), &mut files);
    let mut codes: BTreeSet<String> = files
        .iter()
        .flat_map(|file| code_literals(&std::fs::read_to_string(file).expect("source")))
        .collect();
    codes.extend(RULES.iter().map(|rule| rule.code.to_string()));
    codes.insert(UNKNOWN_LINT.to_string());
    codes
}

fn snapshots() -> String {
    let dir = manifest().join("tests/it/snapshots");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("snapshots") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "snap") {
            text.push_str(&std::fs::read_to_string(path).expect("snapshot"));
        }
    }
    text
}

fn shown_in(text: &str, code: &str) -> bool {
    text.contains(&format!("error[{code}]")) || text.contains(&format!("warning[{code}]"))
}

#[test]
fn the_scan_finds_codes_in_string_literals_only() {
    let text =
        "let a = \"C001\"; // C002\nlet b = \"E-syntax\".into(); \"no\" \"H1\" \"x\n\"L001\"";
    assert_eq!(code_literals(text), ["C001", "E-syntax", "L001"]);
    let codes = emitted_codes();
    for known in ["C000", "X001", "E-unknown-kind", "single-point-of-failure"] {
        assert!(codes.contains(known), "{known} in {codes:?}");
    }
}

#[test]
fn every_code_has_a_test_through_the_binary() {
    let snapshots = snapshots();
    let mut missing = Vec::new();
    for code in emitted_codes() {
        let elsewhere = COVERED_ELSEWHERE.iter().find(|(c, _, _)| *c == code);
        let covered = match elsewhere {
            Some((_, file, _)) => {
                let text = std::fs::read_to_string(manifest().join(file)).expect("test file");
                text.contains(&format!("[{code}]")) || text.contains(&format!("\"{code}\""))
            }
            None => shown_in(&snapshots, &code),
        };
        if !covered {
            missing.push(code);
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a fixture and snapshot (add tests/fixtures/invalid/<case>/ and an \
         `invalid_<case>` test in tests/it/cli.rs) or an entry in COVERED_ELSEWHERE: {missing:?}"
    );
}

/// An entry in the explicit list must name a code that still exists and is not in a snapshot
/// already, so the list shrinks as fixtures are added.
#[test]
fn the_list_of_codes_covered_elsewhere_is_not_stale() {
    let codes = emitted_codes();
    let snapshots = snapshots();
    for (code, file, _) in COVERED_ELSEWHERE {
        assert!(codes.contains(*code), "{code} is no longer emitted");
        assert!(
            !shown_in(&snapshots, code),
            "{code} has a snapshot: remove it from COVERED_ELSEWHERE"
        );
        assert!(manifest().join(file).is_file(), "{file}");
    }
}

#[test]
fn readme_lists_every_code_in_its_table() {
    let readme = std::fs::read_to_string(manifest().join("README.md")).expect("README");
    let rows: BTreeSet<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|row| row.split(" |").next())
        .map(|cell| cell.trim_matches('`'))
        .collect();
    let emitted = emitted_codes();
    let missing: Vec<&String> = emitted
        .iter()
        .filter(|c| !rows.contains(c.as_str()))
        .collect();
    assert!(missing.is_empty(), "README's error table lacks {missing:?}");
    let stale: Vec<&&str> = rows
        .iter()
        .filter(|cell| is_code(cell) && !emitted.contains(**cell))
        .collect();
    assert!(
        stale.is_empty(),
        "README lists codes nothing emits: {stale:?}"
    );
}

/// Every folder under `tests/fixtures/invalid/` is built by some test.
#[test]
fn every_invalid_fixture_is_used() {
    let mut tests = Vec::new();
    rust_files(&manifest().join("tests/it"), &mut tests);
    let text: String = tests
        .iter()
        .map(|file| std::fs::read_to_string(file).expect("test"))
        .collect();
    for entry in std::fs::read_dir(manifest().join("tests/fixtures/invalid")).expect("fixtures") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            text.contains(&format!("\"{name}\"")) || text.contains(&format!("invalid/{name}\"")),
            "fixture invalid/{name} is built by no test"
        );
    }
}
