use super::ast::Pseudo;
use super::{Role, parser, prepare};

#[test]
fn start_and_end_are_scoped_per_composite() {
    let source = "stateDiagram-v2\n[*] --> Moving\nstate Moving {\n  [*] --> Slow\n  Slow --> [*]\n}\nMoving --> [*]\n";
    let (prepared, roles, _) = prepare(source).expect("prepares");
    let diagram = &prepared.diagram;
    let starts = roles
        .iter()
        .filter(|r| **r == Role::Pseudo(Pseudo::Start))
        .count();
    let ends = roles
        .iter()
        .filter(|r| **r == Role::Pseudo(Pseudo::End))
        .count();
    assert_eq!((starts, ends), (2, 2));
    let moving = diagram.find("Moving").expect("Moving");
    let inner_start = diagram.find("Moving/[*]start").expect("inner start");
    assert_eq!(diagram.node(inner_start).parent, Some(moving));
    assert_eq!(
        diagram.node(diagram.find("Slow").unwrap()).parent,
        Some(moving)
    );
    assert_eq!(diagram.edges.len(), 4);
}

#[test]
fn names_descriptions_and_pseudo_states_are_read() {
    let source = "stateDiagram-v2\nstate \"Waiting for input\" as idle\nidle : first line\nidle : second\nstate pick <<choice>>\nstate f <<fork>>\nidle --> pick : go\n";
    let (chart, errors) = parser::parse(source);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(chart.transitions[0].label.as_deref(), Some("go"));
    let (prepared, roles, _) = prepare(source).unwrap();
    let idle = prepared.diagram.find("idle").unwrap();
    assert_eq!(
        prepared.diagram.node(idle).label,
        "Waiting for input\nfirst line\nsecond"
    );
    let pick = prepared.diagram.find("pick").unwrap();
    assert_eq!(roles[pick.index()], Role::Pseudo(Pseudo::Choice));
}

#[test]
fn regions_become_dashed_containers() {
    let source = "stateDiagram-v2\nstate Active {\n  [*] --> A\n  --\n  [*] --> B\n}\n";
    let (prepared, roles, _) = prepare(source).unwrap();
    let regions: Vec<_> = prepared
        .diagram
        .node_ids()
        .filter(|id| roles[id.index()] == Role::Region)
        .collect();
    assert_eq!(regions.len(), 2);
    assert!(prepared.diagram.node(regions[0]).look.dashed);
    let b = prepared.diagram.find("B").unwrap();
    assert_eq!(prepared.diagram.node(b).parent, Some(regions[1]));
}

#[test]
fn notes_and_multi_line_notes() {
    let source = "stateDiagram-v2\nA --> B\nnote right of A : short\nnote left of B\n  line one\n  line two\nend note\n";
    let (prepared, roles, _) = prepare(source).unwrap();
    let notes: Vec<_> = prepared
        .diagram
        .node_ids()
        .filter(|id| roles[id.index()] == Role::Note)
        .map(|id| prepared.diagram.node(id).label.clone())
        .collect();
    assert_eq!(notes, ["short", "line one\nline two"]);
    assert_eq!(
        prepared.diagram.edges.iter().filter(|e| e.dashed).count(),
        2
    );
}

#[test]
fn syntax_errors_point_at_the_token() {
    let source = "stateDiagram-v2\nA --> \nstate X <<history>>\nnote over A : x\n}\n";
    let (_, errors) = parser::parse(source);
    let at: Vec<&str> = errors
        .iter()
        .map(|e| &source[e.span.start..e.span.end.max(e.span.start + 1)])
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(at, ["\n", "<<history>>", "over", "}"]);
    assert!(errors[0].message.contains("expected a state id or `[*]`"));
}

#[test]
fn the_text_alternative_reads_as_states() {
    let source = "stateDiagram-v2\n[*] --> Idle\nIdle --> Running : start\nRunning --> [*]\n";
    let (prepared, roles, _) = prepare(source).unwrap();
    let words = super::describe::sentence(&prepared.diagram, &roles);
    assert_eq!(
        words,
        "Start, then Idle. Idle goes to Running on “start”. Running goes to the end."
    );
}

#[test]
fn sentences_about_pseudo_states_start_with_a_capital() {
    let source = "stateDiagram-v2\nstate c <<choice>>\n[*] --> c\nc --> A : yes\nc --> B : no\n";
    let (prepared, roles, _) = prepare(source).unwrap();
    let words = super::describe::sentence(&prepared.diagram, &roles);
    assert_eq!(
        words,
        "Start, then the choice c. The choice c goes to A on “yes” and to B on “no”."
    );
}

#[test]
fn an_empty_diagram_says_so() {
    let (prepared, roles, _) = prepare("stateDiagram-v2\n").unwrap();
    assert_eq!(
        super::describe::sentence(&prepared.diagram, &roles),
        "An empty state diagram."
    );
    let (prepared, roles, _) = prepare("stateDiagram-v2\nstate A\nstate B\n").unwrap();
    assert_eq!(
        super::describe::sentence(&prepared.diagram, &roles),
        "Shows A and B."
    );
}
