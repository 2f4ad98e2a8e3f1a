//! Tests: sequence diagrams. Every case in `tests/fixtures/sequence/*.mmd` renders through the
//! Mermaid entry (header required), draws every message with its label as `<text>`, passes the layout
//! verifier and renders byte-identically twice. Error cases in `tests/fixtures/sequence/errors/`
//! carry their expected errors as `%% error: L:C message` lines. Random sequences from proptest must
//! verify too. Fixture sites check both fence forms and the page file:line:col of errors.

use std::path::{Path, PathBuf};

use infrabook::diagram::Finding;
use infrabook::diagram::sequence::{self, Header, prepare, verify};
use proptest::prelude::*;

use crate::site::SiteTest;

fn cases(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
        .collect();
    files.sort();
    files
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn format_error(source: &str, finding: &Finding) -> String {
    let (line, column) = line_col(source, finding.span.start);
    format!("{line}:{column} {}", finding.message)
}

/// The message lines of a source, found without the parser: a line with an arrow that is not a
/// keyword line. Each gives its label as the reader should see it (`<br>` read as a space).
fn source_messages(source: &str) -> Vec<String> {
    let keywords = ["%%", "note ", "participant ", "actor ", "title"];
    source
        .lines()
        .map(str::trim)
        .filter(|l| {
            !keywords
                .iter()
                .any(|k| l.to_ascii_lowercase().starts_with(k))
        })
        .filter(|l| ["->", "-x", "-)"].iter().any(|a| l.contains(a)))
        .map(|l| {
            let label = l.split_once(':').map_or("", |(_, t)| t);
            decode(&label.replace("<br/>", " ").replace("<br>", " "))
        })
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Mermaid's entity codes in a source label, as a reader sees them (`#35;`, `#9829;`, `#quot;`).
fn decode(text: &str) -> String {
    let mut out = text.to_string();
    for (code, c) in [
        ("quot", "\""),
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("infin", "∞"),
    ] {
        out = out.replace(&format!("#{code};"), c);
    }
    while let Some(at) = out.find('#') {
        let Some(end) = out[at..].find(';').map(|e| at + e) else {
            break;
        };
        let Some(c) = out[at + 1..end]
            .parse::<u32>()
            .ok()
            .and_then(char::from_u32)
        else {
            break;
        };
        out.replace_range(at..=end, &c.to_string());
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of every `<text>` inside each message group, in drawing order.
fn drawn_messages(html: &str) -> Vec<String> {
    html.split("<g class=\"seq-message ")
        .skip(1)
        .map(|group| {
            let group = &group[..group.find("</g>").expect("group closed")];
            let texts: Vec<String> = group
                .split("<text class=\"edge-text\"")
                .skip(1)
                .map(|t| {
                    let start = t.find('>').unwrap() + 1;
                    let end = t.find("</text>").unwrap();
                    unescape(&t[start..end])
                })
                .collect();
            texts.join(" ")
        })
        .collect()
}

fn render(source: &str) -> String {
    sequence::render(source, Header::Required, "d1", None)
        .unwrap_or_else(|errors| {
            let list: Vec<String> = errors.iter().map(|e| format_error(source, e)).collect();
            panic!("{list:#?}")
        })
        .html
}

#[test]
fn every_case_renders_every_message_and_verifies() {
    let files = cases("tests/fixtures/sequence");
    assert!(files.len() >= 15, "only {} cases", files.len());
    for path in files {
        let name = path.display().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        assert!(source.starts_with("%% source: "), "{name}: no source line");
        let html = render(&source);
        assert!(
            html.starts_with("<figure class=\"diagram\" id=\"d1\" data-diagram=\"sequence\">"),
            "{name}"
        );
        assert!(!html.contains("foreignObject"), "{name}");
        assert!(!html.contains("NaN") && !html.contains("inf"), "{name}");
        assert!(html.contains("<desc id=\"d1-desc\">"), "{name}");
        for id in html.split(" id=\"").skip(1) {
            assert!(id.starts_with("d1"), "{name}: unprefixed id");
        }
        let expected = source_messages(&source);
        assert!(!expected.is_empty(), "{name}: no messages found");
        assert_eq!(drawn_messages(&html), expected, "{name}: messages drawn");
        let details = &html[html.find("<details").expect("text alternative")..];
        assert_eq!(
            details.matches("<li>").count()
                - details
                    .split("<p>Messages</p>")
                    .next()
                    .unwrap()
                    .matches("<li>")
                    .count()
                - details
                    .split("<p>Notes</p>")
                    .nth(1)
                    .map_or(0, |n| n.matches("<li>").count()),
            expected.len(),
            "{name}: one text line per message"
        );
        let prepared = prepare(&source, Header::Required).unwrap();
        let problems = verify(&prepared.layout);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        assert_eq!(render(&source), html, "{name}: deterministic");
        if let Ok(dir) = std::env::var("INFRABOOK_SEQUENCE_HTML") {
            std::fs::create_dir_all(&dir).unwrap();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            std::fs::write(Path::new(&dir).join(format!("{stem}.html")), &html).unwrap();
        }
    }
}

#[test]
fn error_cases_report_line_column_and_what_was_expected() {
    let files = cases("tests/fixtures/sequence/errors");
    assert!(files.len() >= 6, "only {} error cases", files.len());
    let mut codes = std::collections::BTreeSet::new();
    for path in files {
        let name = path.display().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = source
            .lines()
            .filter_map(|l| l.strip_prefix("%% error: "))
            .map(str::to_string)
            .collect();
        assert!(!expected.is_empty(), "{name}: no expected errors");
        let errors = sequence::render(&source, Header::Required, "d1", None)
            .err()
            .unwrap_or_else(|| panic!("{name}: rendered without error"));
        let got: Vec<String> = errors.iter().map(|e| format_error(&source, e)).collect();
        assert_eq!(got, expected, "{name}");
        codes.extend(errors.iter().map(|e| e.code.clone()));
        for e in &errors {
            assert!(
                e.span.start <= e.span.end && e.span.end <= source.len(),
                "{name}"
            );
        }
    }
    // Syntax errors and errors of meaning (an inactive participant deactivated) have their own codes.
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    assert_eq!(codes, ["E-sequence", "E-sequence-syntax"]);
}

#[test]
fn the_sequence_fence_needs_no_header_but_mermaid_does() {
    assert!(sequence::render("A->>B: hi", Header::Optional, "d1", None).is_ok());
    let errors = sequence::render("A->>B: hi", Header::Required, "d1", None).unwrap_err();
    assert_eq!(
        errors[0].message,
        "expected `sequenceDiagram` as the first line"
    );
}

#[test]
fn a_wide_sequence_is_packed_into_the_column() {
    let names: Vec<String> = (0..14).map(|i| format!("Participant number {i}")).collect();
    let mut source = String::from("sequenceDiagram\n");
    for pair in names.windows(2) {
        source.push_str(&format!(
            "{}->>{}: a message with quite a long label\n",
            pair[0], pair[1]
        ));
    }
    let prepared = prepare(&source, Header::Required).unwrap();
    assert!(verify(&prepared.layout).is_empty());
    assert!(prepared.layout.width * prepared.layout.scale() <= sequence::COLUMN_WIDTH);
    let html = render(&source);
    assert!(
        html.contains(&format!("width=\"{:.1}\"", sequence::COLUMN_WIDTH)),
        "drawn at the column width"
    );
}

#[test]
fn both_fences_render_in_a_site_and_other_mermaid_is_left_alone() {
    let site = SiteTest::new("sites/sequence");
    let result = site.build();
    let errors: Vec<_> = result.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let html = crate::site::output(&result, "handshake/index.html");
    assert_eq!(html.matches("data-diagram=\"sequence\"").count(), 2);
    assert!(html.contains("<figcaption>Key exchange</figcaption>"));
    assert!(html.contains("<figcaption>Login</figcaption>"));
    assert!(html.contains(">ClientHello</text>") && html.contains(">Hi</text>"));
    assert!(!html.contains("flowchart LR\n    A --&gt; B</text>"));
}

#[test]
fn a_sequence_error_points_into_the_page_with_a_caret() {
    let site = SiteTest::new("invalid/sequence_error");
    let result = site.build();
    assert!(result.site.is_none(), "a sequence error fails the build");
    let places: Vec<(String, Option<(usize, usize)>)> = result
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.location.as_ref())
        .map(|l| (l.path.clone(), result.sources.line_col(l)))
        .collect();
    let page = "content/page.md".to_string();
    assert_eq!(
        places,
        [(page.clone(), Some((9, 11))), (page, Some((13, 1)))]
    );
    let output = site.command().arg("build").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/page.md:9:11"), "{stderr}");
    assert!(stderr.contains("unknown arrow `=>>`"), "{stderr}");
    assert!(stderr.contains("^^^"), "{stderr}");
}

/// A random but valid sequence: messages of every arrow between five participants (self-messages
/// included), notes in every placement, nested blocks with dividers, activations.
fn random_source(ops: &[(u8, u8, u8, u8)], words: &[String]) -> String {
    const NAMES: [&str; 5] = ["A", "Bob", "Carol Server", "D", "Eve"];
    const ARROWS: [&str; 8] = ["->", "->>", "-->", "-->>", "-x", "--x", "-)", "--)"];
    let mut out = String::from("sequenceDiagram\nparticipant A\n");
    let mut open: Vec<&str> = Vec::new();
    let mut active = [0u32; 5];
    for (i, &(op, a, b, c)) in ops.iter().enumerate() {
        let word = |k: usize| words[(i + k) % words.len()].clone();
        let (a, b) = (a as usize % 5, b as usize % 5);
        match op % 8 {
            0..=2 => {
                let mut sign = "";
                if c % 5 == 0 {
                    sign = "+";
                    active[b] += 1;
                } else if c % 5 == 1 && active[a] > 0 {
                    sign = "-";
                    active[a] -= 1;
                }
                let arrow = ARROWS[c as usize % 8];
                out.push_str(&format!(
                    "{}{arrow}{sign}{}: {}\n",
                    NAMES[a],
                    NAMES[b],
                    word(0)
                ));
            }
            3 => {
                let place = match c % 4 {
                    0 => format!("left of {}", NAMES[a]),
                    1 => format!("right of {}", NAMES[a]),
                    2 => format!("over {}", NAMES[a]),
                    _ => format!("over {},{}", NAMES[a], NAMES[b]),
                };
                out.push_str(&format!("Note {place}: {}\n", word(1)));
            }
            4 if open.len() < 3 => {
                let kind =
                    ["loop", "alt", "opt", "par", "critical", "break", "rect"][c as usize % 7];
                out.push_str(&format!("{kind} {}\n", word(2)));
                open.push(kind);
            }
            5 => match open.last() {
                Some(&"alt") => out.push_str(&format!("else {}\n", word(3))),
                Some(&"par") => out.push_str(&format!("and {}\n", word(3))),
                Some(&"critical") => out.push_str(&format!("option {}\n", word(3))),
                _ => {}
            },
            6 if !open.is_empty() => {
                open.pop();
                out.push_str("end\n");
            }
            7 => out.push_str(&format!("{0}->>{0}: {1}\n", NAMES[a], word(4))),
            _ => {}
        }
    }
    for _ in open {
        out.push_str("end\n");
    }
    out
}

fn label() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z]{1,12}", 1..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_sequences_verify(
        ops in prop::collection::vec(any::<(u8, u8, u8, u8)>(), 1..40),
        words in prop::collection::vec(label(), 1..6),
    ) {
        let source = random_source(&ops, &words);
        let prepared = prepare(&source, Header::Required);
        prop_assert!(prepared.is_ok(), "{source}\n{:?}", prepared.err());
        let prepared = prepared.unwrap();
        let problems = verify(&prepared.layout);
        prop_assert!(problems.is_empty(), "{source}\n{problems:#?}");
    }

    #[test]
    fn the_parser_never_panics(source in "\\PC{0,200}") {
        let _ = sequence::render(&source, Header::Optional, "d1", None);
    }
}

/// The handbook's own sequence fences keep the layout promises too.
#[test]
fn handbook_sequences_verify() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut found = 0;
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for block in text.split("```sequence\n").skip(1) {
            let source = &block[..block.find("```").expect("fence closed")];
            let prepared = prepare(source, Header::Optional)
                .unwrap_or_else(|e| panic!("{}: {e:#?}", entry.path().display()));
            let problems = verify(&prepared.layout);
            assert!(
                problems.is_empty(),
                "{}: {problems:#?}",
                entry.path().display()
            );
            found += 1;
        }
    }
    assert!(found >= 4, "only {found} sequence diagrams in the handbook");
}

/// Participant menus and participant types without a symbol: the build succeeds with one warning
/// of each kind, at the first line concerned.
#[test]
fn menus_and_plain_participant_types_are_warnings() {
    let site = SiteTest::new("invalid/sequence_warnings");
    let output = site.command().arg("build").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let summary = stderr.lines().last().unwrap_or_default().to_string();
    let stderr = stderr.replace(&summary, "");
    assert!(stderr.contains("content/page.md:8:30"), "{stderr}");
    assert!(stderr.contains("content/page.md:10:5"), "{stderr}");
    insta::assert_snapshot!("sequence_warnings", stderr);
}

/// `create` draws the box where the participant appears, below the others; `destroy` ends the
/// lifeline at the next message with a cross and leaves no box at the bottom.
#[test]
fn created_participants_start_lower_and_destroyed_ones_end_early() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sequence/create-destroy.mmd");
    let source = std::fs::read_to_string(path).unwrap();
    let prepared = prepare(&source, Header::Required).unwrap();
    let ids: Vec<&str> = prepared
        .sequence
        .participants
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["Alice", "Bob", "Carl", "D"]);
    let layout = &prepared.layout;
    let top = layout.heads[0].rect.y;
    assert_eq!(layout.heads[1].rect.y, top);
    let carl = layout.heads[2].rect;
    let donald = layout.heads[3].rect;
    assert!(
        carl.y > layout.messages[1].y,
        "Carl appears after message 2"
    );
    assert!(
        donald.y > layout.messages[2].y,
        "Donald appears after Carl's greeting"
    );
    assert!(
        layout.messages[2].y > carl.bottom(),
        "the greeting reaches Carl below his box"
    );
    assert_eq!(layout.lifelines[2].top, carl.bottom());
    let ended: Vec<bool> = layout.lifelines.iter().map(|l| l.destroyed).collect();
    assert_eq!(ended, [false, true, true, false]);
    assert_eq!(layout.lifelines[2].bottom, layout.messages[4].y);
    assert_eq!(layout.lifelines[1].bottom, layout.messages[5].y);
    let feet: Vec<usize> = layout.feet.iter().map(|f| f.participant).collect();
    assert_eq!(feet, [0, 3]);
    let html = render(&source);
    assert_eq!(html.matches("class=\"seq-destroyed\"").count(), 2);
}

/// `rect rgb(...)` becomes the nearest theme accent (a class), never the author's colour;
/// a `database` participant is a cylinder; entity codes are decoded.
#[test]
fn rect_colours_types_and_entities_are_drawn_theme_safe() {
    let html = render(
        "sequenceDiagram\nrect rgb(191, 223, 255)\nA->>B: hi\nend\nrect rgba(0, 200, 0, 0.1)\nB->>A: ok\nend\n",
    );
    assert!(html.contains("seq-frame kind-rect accent-blue"), "{html}");
    assert!(html.contains("seq-frame kind-rect accent-green"), "{html}");
    assert!(!html.contains("rgb("), "the colour itself is not copied");
    let html = render(
        "sequenceDiagram\nparticipant DB@{ \"type\": \"database\", \"alias\": \"Orders DB\" }\nA->>DB: I #9829; #35;1 #quot;x#quot;\n",
    );
    assert!(html.contains("class=\"rim\""), "a cylinder's rim");
    assert!(html.contains(">Orders DB</text>"));
    assert!(html.contains(">I ♥ #1 &quot;x&quot;</text>"), "{html}");
    assert!(!html.contains("@{"));
}
