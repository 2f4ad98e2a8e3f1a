//! Tests: Mermaid state diagrams. Every case in `tests/fixtures/mermaid/state/*.mmd` (first line
//! `%% source: ...`, second `%% expect: nodes=N edges=M`, counted by hand from the source: every
//! state, `[*]` per scope, composite, concurrent region and note is a node; every transition and
//! every note's link an edge) is rendered and checked as the flowchart corpus is: node and edge
//! groups as expected, state and transition labels drawn as plain `<text>` (never
//! `foreignObject`), the layout verifier clean, the same bytes twice. Then broken diagrams fail with
//! their place, and a page with a broken one fails the build at the right line and column.

use infrabook::diagram::RenderOptions;
use infrabook::diagram::layout::{Point, verify};
use infrabook::diagram::mermaid::state::{Role, prepare, render};

use crate::mermaid_corpus::{Web, cases, escape, expected, node_box, routes_cross, texts};
use crate::site::SiteTest;

fn options() -> RenderOptions<'static> {
    RenderOptions {
        id_prefix: "s1",
        links: &Web,
        caption: None,
    }
}

#[test]
fn the_corpus_has_fifteen_sourced_cases() {
    let cases = cases("state");
    assert!(cases.len() >= 15, "{} cases", cases.len());
    for case in &cases {
        let source = std::fs::read_to_string(case).expect("case");
        assert!(
            source.starts_with("%% source: "),
            "{}: first line names its source",
            case.display()
        );
    }
}

#[test]
fn every_case_renders_every_state_and_transition() {
    for case in cases("state") {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&case).expect("case");
        let rendered = render(&source, &options()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let html = &rendered.html;
        assert!(!html.contains("foreignObject"), "{name}: foreignObject");
        assert_eq!(
            html.matches(r#"<g class="node "#).count(),
            expected(&source, "nodes"),
            "{name}: node groups"
        );
        assert_eq!(
            html.matches(r#"<g class="edge "#).count(),
            expected(&source, "edges"),
            "{name}: edge groups"
        );
        let (prepared, roles, _) = prepare(&source).expect("prepares");
        let drawn = texts(html);
        for (node, role) in prepared.diagram.nodes.iter().zip(&roles) {
            if !matches!(role, Role::State | Role::Composite | Role::Note) {
                continue;
            }
            for line in node.label.split('\n') {
                assert!(
                    drawn.iter().any(|t| t.contains(&escape(line))),
                    "{name}: label line {line:?} not drawn as <text>"
                );
            }
        }
        for edge in &prepared.diagram.edges {
            if let Some(label) = &edge.label {
                assert!(
                    drawn.iter().any(|t| *t == escape(label)),
                    "{name}: transition label {label:?} not drawn"
                );
            }
        }
        let violations = verify(&prepared.graph, &prepared.layout);
        assert!(violations.is_empty(), "{name}: {violations:?}");
        let again = render(&source, &options()).expect("renders again");
        assert_eq!(*html, again.html, "{name}: deterministic");
    }
}

#[test]
fn the_figure_reads_as_a_state_diagram() {
    let source = "stateDiagram-v2\n[*] --> Idle\nIdle --> Running : start\nRunning --> [*]\nnote right of Idle : waits\n";
    let html = render(source, &options()).expect("renders").html;
    assert!(html.contains(r#"<title id="s1-title">State diagram</title>"#));
    assert!(html.contains(
        "Start, then Idle. Idle goes to Running on “start”. Running goes to the end. Note on Idle: waits."
    ));
    assert!(html.contains("<li>Idle → Running: start</li>"), "{html}");
    assert!(html.contains("shape-start") && html.contains("shape-end"));
    assert!(html.contains("shape-note"));
    assert!(!html.contains("Architecture diagram"));
}

#[test]
fn styles_map_to_the_palette_and_the_rest_warns_once() {
    let source = "stateDiagram-v2\nclassDef bad fill:#f00,color:white,font-style:italic\nA:::bad --> B\nstyle B stroke:#00f\n";
    let rendered = render(source, &options()).expect("renders");
    assert!(rendered.html.contains("accent-red"));
    assert!(rendered.html.contains("accent-blue"));
    let codes: Vec<&str> = rendered.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["M002"]);
    assert!(rendered.findings[0].message.contains("font-style"));
}

/// (source, the text the error points at, words of its message).
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "stateDiagram-v2\nA --> \n",
        "\n",
        "expected a state id or `[*]`",
    ),
    ("stateDiagram-v2\nA -> B\n", "->", "expected `-->`"),
    (
        "stateDiagram-v2\nstate X <<history>>\n",
        "<<history>>",
        "expected `<<choice>>`",
    ),
    (
        "stateDiagram-v2\nstate Busy {\n  A --> B\n",
        "Busy",
        "never closed: expected `}`",
    ),
    ("stateDiagram-v2\nA --> B\n}\n", "}", "without an open"),
    (
        "stateDiagram-v2\nnote over A : x\n",
        "over",
        "expected `left of` or `right of`",
    ),
    (
        "stateDiagram-v2\nnote right of A\n  text\n",
        "note",
        "expected `end note`",
    ),
    (
        "stateDiagram-v2\nA --> B\n--\n",
        "--",
        "no composite state is open",
    ),
    (
        "stateDiagram-v2\nstate \"Long name\" s1\n",
        "s1",
        "expected `as`",
    ),
    (
        "stateDiagram-v2\nstate X {\n  [*] --> Y\n}\nX --> Y\n",
        "X --> Y",
        "cannot join a composite state",
    ),
];

#[test]
fn broken_diagrams_point_at_the_offending_text() {
    for (source, at, words) in BROKEN {
        let errors = prepare(source)
            .err()
            .unwrap_or_else(|| panic!("{source:?} fails"));
        assert_eq!(errors.len(), 1, "{source:?}: {errors:?}");
        let span = errors[0].span;
        let shown = &source[span.start..span.end.max(span.start + 1).min(source.len())];
        assert_eq!(shown, *at, "{source:?}: {:?}", errors[0]);
        assert!(
            errors[0].message.contains(words),
            "{source:?}: {}",
            errors[0].message
        );
    }
}

#[test]
fn a_broken_state_diagram_fails_the_build_at_its_place() {
    let site = SiteTest::new("invalid/mermaid_state_syntax");
    site.write("public/.infrabook-output", "");
    site.write("public/index.html", "previous build\n");
    let output = site.command().arg("build").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(site.read("public/index.html"), "previous build\n");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(stderr.contains("content/page.md:11:19"), "{stderr}");
    insta::assert_snapshot!("mermaid_state_syntax", stderr);
}

#[test]
fn a_page_draws_its_state_diagrams() {
    let site = SiteTest::new("sites/mermaid");
    let output = site.command().arg("build").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let page = site.read("public/states/index.html");
    assert_eq!(page.matches(r#"<figure class="diagram""#).count(), 3);
    assert!(page.contains("shape-start") && page.contains("shape-bar"));
    assert!(!page.contains("foreignObject"));
    assert!(!page.contains(r#"data-lang="mermaid""#));
}

fn state_soup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "stateDiagram-v2\n",
        "stateDiagram\n",
        "A",
        "b1",
        "Ünï",
        " ",
        "\n",
        ";",
        "-->",
        "--\n",
        "[*]",
        ":",
        " : label",
        "state ",
        "\"",
        "as ",
        "{\n",
        "}\n",
        "<<choice>>",
        "<<fork>>",
        "<<join>>",
        "note right of ",
        "note left of ",
        "end note\n",
        "direction LR\n",
        "classDef c fill:#f00\n",
        "class A c\n",
        ":::c",
        "style A stroke-width:3px\n",
        "hide empty description\n",
        "%% c\n",
        "%%{init: {}}%%\n",
        "---\ntitle: t\n---\n",
        "<br>",
        "é",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest::proptest! {
    #[test]
    fn the_state_front_end_never_panics(source in state_soup()) {
        match render(&source, &options()) {
            Err(errors) => {
                for e in &errors {
                    proptest::prop_assert!(e.span.start <= e.span.end && e.span.end <= source.len());
                    proptest::prop_assert!(source.is_char_boundary(e.span.start) && source.is_char_boundary(e.span.end));
                }
            }
            Ok(rendered) => proptest::prop_assert!(rendered.html.contains("</figure>")),
        }
    }
}

/// The box of the node with id `id` (`note-1` for the first note).
fn state_box(source: &str, id: &str) -> infrabook::diagram::layout::Rect {
    let (prepared, _, _) = prepare(source).expect("prepares");
    assert!(
        verify(&prepared.graph, &prepared.layout).is_empty(),
        "{source}"
    );
    node_box(&prepared.diagram, &prepared.layout, id)
}

/// In a top-to-bottom diagram a note `right of` a state sits to its right, and one `left of` it to
/// its left, level with the state (not in a layer above or below it).
#[test]
fn a_note_beside_a_state_sits_on_the_named_side() {
    for (side, source) in [
        (
            "right",
            "stateDiagram-v2\n[*] --> Idle\nIdle --> Running : start\nRunning --> [*]\nnote right of Running : does the work\n",
        ),
        (
            "left",
            "stateDiagram-v2\n[*] --> Idle\nIdle --> Running : start\nRunning --> [*]\nnote left of Running : does the work\n",
        ),
    ] {
        let (state, note) = (state_box(source, "Running"), state_box(source, "note-1"));
        let (state_mid, note_mid) = (state.y + state.height / 2.0, note.y + note.height / 2.0);
        assert!(
            (state_mid - note_mid).abs() < 0.5,
            "{side}: level with the state"
        );
        match side {
            "right" => assert!(
                note.x >= state.x + state.width,
                "{note:?} right of {state:?}"
            ),
            _ => assert!(note.x + note.width <= state.x, "{note:?} left of {state:?}"),
        }
    }
}

/// Notes on both sides of one state, and a note on a state inside a composite, all beside their
/// states, with the composite grown round the note.
#[test]
fn notes_on_both_sides_and_inside_a_composite_stay_beside_their_states() {
    let source = "stateDiagram-v2\n[*] --> Active\nstate Active {\n  [*] --> Working\n  Working --> Waiting\n  note right of Working : busy\n}\nActive --> [*]\nnote left of Active : outer left\nnote right of Active : outer right\n";
    let (working, busy) = (state_box(source, "Working"), state_box(source, "note-1"));
    assert!(busy.x >= working.x + working.width);
    let active = state_box(source, "Active");
    assert!(
        busy.x + busy.width <= active.x + active.width,
        "the composite holds the note"
    );
    let (left, right) = (state_box(source, "note-2"), state_box(source, "note-3"));
    assert!(left.x + left.width <= active.x && right.x >= active.x + active.width);
}

/// A composite's own `direction LR` in a top-to-bottom diagram runs its states left to right when
/// no transition leaves it; one that does keeps the diagram's direction.
#[test]
fn a_composite_with_its_own_direction_runs_that_way() {
    let honoured = "stateDiagram-v2\n[*] --> Job\nstate Job {\n  direction LR\n  Fetch --> Parse\n  Parse --> Store\n}\nJob --> [*]\n";
    let [fetch, parse, store] = ["Fetch", "Parse", "Store"].map(|id| state_box(honoured, id));
    assert!(
        fetch.x < parse.x && parse.x < store.x,
        "{fetch:?} {parse:?} {store:?}"
    );
    assert!((fetch.y - parse.y).abs() < 0.5 && (parse.y - store.y).abs() < 0.5);
    let ignored = "stateDiagram-v2\n[*] --> Job\nstate Job {\n  direction LR\n  Fetch --> Parse\n  Parse --> Store\n}\nStore --> Done\n";
    let [fetch, parse] = ["Fetch", "Parse"].map(|id| state_box(ignored, id));
    assert!(
        fetch.y + fetch.height <= parse.y,
        "{fetch:?} above {parse:?}"
    );
}

/// A fork and join inside a composite with its own direction lie across that composite's flow,
/// not the diagram's: upright bars in a `direction LR` composite of a top-to-bottom diagram, a flat
/// one outside it, and the other way round in a left-to-right diagram.
#[test]
fn fork_bars_lie_across_their_own_composites_flow() {
    let inner = "  state fork_in <<fork>>\n  state join_in <<join>>\n  [*] --> fork_in\n  fork_in --> A\n  fork_in --> B\n  A --> join_in\n  B --> join_in\n  join_in --> [*]\n";
    let outer = "state fork_out <<fork>>\n[*] --> fork_out\nfork_out --> Job\nfork_out --> Other\n";
    for (top, own, inner_upright) in [("", "LR", true), ("direction LR\n", "TB", false)] {
        let source =
            format!("stateDiagram-v2\n{top}{outer}state Job {{\n  direction {own}\n{inner}}}\n");
        let [fork, join, out] = ["fork_in", "join_in", "fork_out"].map(|id| state_box(&source, id));
        for bar in [fork, join] {
            assert_eq!(bar.height > bar.width, inner_upright, "{own}: {bar:?}");
        }
        assert_eq!(out.height > out.width, !inner_upright, "outside: {out:?}");
        // The flow inside runs along the composite's own direction: fork before join.
        if inner_upright {
            assert!(fork.x + fork.width < join.x, "{fork:?} left of {join:?}");
        } else {
            assert!(fork.y + fork.height < join.y, "{fork:?} above {join:?}");
        }
    }
}

/// A second and third note on the same side of the same state stack below the first, in its
/// column on the named side, clear of each other and of the state below (a row opens for them).
#[test]
fn notes_on_one_side_of_a_state_stack_beside_it() {
    let source = "stateDiagram-v2\n[*] --> Idle\nIdle --> Running : start\nRunning --> Done\nDone --> [*]\nnote right of Running : first note\nnote right of Running\n  second note\n  two lines\nend note\nnote right of Running : third\nnote left of Running : left one\nnote left of Running : left two\n";
    let running = state_box(source, "Running");
    let [first, second, third, left_one, left_two] =
        ["note-1", "note-2", "note-3", "note-4", "note-5"].map(|id| state_box(source, id));
    let level = |note: infrabook::diagram::layout::Rect| note.y + note.height / 2.0;
    let middle = running.y + running.height / 2.0;
    assert!((level(first) - middle).abs() < 0.5 && (level(left_one) - middle).abs() < 0.5);
    for (above, below) in [(first, second), (second, third), (left_one, left_two)] {
        assert!(
            above.y + above.height < below.y,
            "{above:?} above {below:?}"
        );
    }
    for note in [first, second, third] {
        assert!(
            note.x >= running.x + running.width,
            "{note:?} right of {running:?}"
        );
    }
    for note in [left_one, left_two] {
        assert!(
            note.x + note.width <= running.x,
            "{note:?} left of {running:?}"
        );
    }
    // The dashed links of one stack never cross, and none jogs by a hairline.
    let (prepared, _, _) = prepare(source).expect("prepares");
    let links: Vec<&[Point]> = (prepared.diagram.edges.iter())
        .zip(&prepared.layout.edges)
        .filter(|(edge, _)| edge.ends == infrabook::diagram::syntax::Ends::None)
        .map(|(_, route)| route.points.as_slice())
        .collect();
    assert_eq!(links.len(), 5);
    for (i, a) in links.iter().enumerate() {
        for b in &links[i + 1..] {
            assert!(!routes_cross(a, b), "{a:?} crosses {b:?}");
        }
        for pair in a.windows(2) {
            let run = (pair[0].x - pair[1].x).abs() + (pair[0].y - pair[1].y).abs();
            assert!(run >= 4.0, "a hairline jog in {a:?}");
        }
    }
}

/// A wider second note inside a composite widens its column and the composite (rather than sending
/// the diagram back to notes as nodes): both notes stay beside their state, inside the composite,
/// the first one where it was, next to the state.
#[test]
fn a_wider_stacked_note_inside_a_composite_widens_its_column() {
    let source = "stateDiagram-v2\n[*] --> Active\nstate Active {\n  [*] --> Working\n  Working --> Waiting\n  Waiting --> [*]\n  note right of Working : busy\n  note right of Working : a much longer second note\n}\nActive --> Done\n";
    let [working, active, busy, longer] =
        ["Working", "Active", "note-1", "note-2"].map(|id| state_box(source, id));
    assert!(
        (busy.x - longer.x).abs() < 0.5,
        "one column: {busy:?} {longer:?}"
    );
    assert!(busy.x >= working.x + working.width && busy.x - (working.x + working.width) < 30.0);
    assert!(busy.y + busy.height < longer.y);
    assert!(
        longer.x + longer.width <= active.x + active.width,
        "{active:?} holds {longer:?}"
    );
}

/// In a left-to-right diagram a note goes across the flow, as Mermaid puts it: `left of` above its
/// state, `right of` below, centred on it, its dashed link short and straight. It takes no layer
/// of its own: every state keeps the place along the flow it has without the note.
#[test]
fn a_note_in_a_left_to_right_diagram_sits_above_or_below_its_state() {
    let plain = "stateDiagram-v2\ndirection LR\n[*] --> Idle\nIdle --> Running : start\nRunning --> Done\nDone --> [*]\n";
    for side in ["left", "right"] {
        let source = format!("{plain}note {side} of Running : does the work\n");
        let (state, note) = (state_box(&source, "Running"), state_box(&source, "note-1"));
        let centre = |r: infrabook::diagram::layout::Rect| r.x + r.width / 2.0;
        assert!(
            (centre(state) - centre(note)).abs() < 0.5,
            "{side}: centred on the state"
        );
        let gap = if side == "left" {
            state.y - (note.y + note.height)
        } else {
            note.y - (state.y + state.height)
        };
        assert!(
            (0.0..30.0).contains(&gap),
            "{side}: {note:?} next to {state:?}"
        );
        let (prepared, _, _) = prepare(&source).expect("prepares");
        let link = (prepared.diagram.edges.iter())
            .zip(&prepared.layout.edges)
            .find(|(edge, _)| edge.ends == infrabook::diagram::syntax::Ends::None)
            .map(|(_, route)| route.points.clone())
            .expect("a link");
        assert_eq!(link.len(), 2, "{side}: straight {link:?}");
        assert!((link[0].y - link[1].y).abs() < 30.0 && (link[0].x - link[1].x).abs() < 0.5);
        for id in ["Idle", "Running", "Done"] {
            let (with, without) = (state_box(&source, id), state_box(plain, id));
            assert!(
                (with.x - without.x).abs() < 0.5,
                "{side}: {id} keeps its layer"
            );
        }
    }
}

/// Further notes on one side of a state in a left-to-right diagram stack beyond the first (along
/// the flow, as the first stacks below in a top-to-bottom one), all below the state.
#[test]
fn notes_on_one_side_stack_in_a_left_to_right_diagram() {
    let source = "stateDiagram-v2\ndirection LR\n[*] --> Idle\nIdle --> Running : start\nRunning --> Done\nDone --> [*]\nnote right of Running : first note\nnote right of Running : second note\n";
    let [running, first, second] = ["Running", "note-1", "note-2"].map(|id| state_box(source, id));
    for note in [first, second] {
        assert!(
            note.y >= running.y + running.height,
            "{note:?} below {running:?}"
        );
    }
    assert!(
        first.x + first.width < second.x,
        "{first:?} before {second:?}"
    );
}

/// A note longer than its state, on the first state of a left-to-right diagram, cannot centre on
/// it without running past the drawing's start: it goes below the state from near that start.
#[test]
fn a_long_note_near_the_start_still_goes_below_its_state() {
    let source = "stateDiagram-v2\ndirection LR\n[*] --> Pending\nPending --> Running : containers started\nRunning --> [*]\nnote right of Pending : Unknown when the node cannot be reached\n";
    let [pending, note] = ["Pending", "note-1"].map(|id| state_box(source, id));
    assert!(
        note.y >= pending.y + pending.height,
        "{note:?} below {pending:?}"
    );
    assert!(note.x <= pending.x && note.x + note.width >= pending.x + pending.width);
}
