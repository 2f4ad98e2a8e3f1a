//! Lint: [`Diagram`] -> [`Lint`]s, the architecture review of a checked diagram.
//!
//! Each rule reads only the model (node kinds, database roles, TLS handling, containers, and the kind,
//! protocol and operations of each edge), never labels or names, and returns findings with a stable
//! code from [`RULES`], [`Severity::Warning`], a message in plain words, the span of the node or edge
//! declaration it is about, labels on the other nodes concerned, and a `help` fix. Findings the diagram
//! accepts with `allow:` (at the top; on the node or a container around it; on the edge, or on either
//! of its ends) are dropped here; an `allow:` naming no rule is itself a warning (`unknown-lint`).
//!
//! The terms the rules share are defined once, in [`traffic`]: which edges carry requests, what a
//! machine, a zone and a firewall-guarded container are. [`paths`] checks `path` declarations: a
//! request path that does not follow the diagram's edges is an error, not a warning.
//!
//! Guarantees: the same diagram gives the same findings in the same order (sorted by span, then code);
//! nothing here panics on any model the builder can produce; `generic` nodes are never reported.

mod availability;
mod encryption;
mod exposure;
mod hosts;
pub mod marks;
pub mod paths;
mod replication;
mod traffic;

use super::model::{Diagram, EdgeId, NodeId};
use super::suggest::nearest;
use super::{Finding, Severity, Span};

/// A rule: its stable code and a one-line summary (what the reference page's table says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub summary: &'static str,
}

/// Every rule, in the order the reference page documents them.
pub const RULES: [Rule; 10] = [
    Rule {
        code: "single-point-of-failure",
        summary: "one component lies on every path from the clients to the data, with no peer to take over",
    },
    Rule {
        code: "single-writer",
        summary: "exactly one database accepts writes",
    },
    Rule {
        code: "write-to-replica",
        summary: "writes are sent to a read-only replica",
    },
    Rule {
        code: "replication-direction",
        summary: "replication runs from a replica to a primary, or a replica receives no replication",
    },
    Rule {
        code: "plaintext-from-client",
        summary: "a client or outside system connects without encryption",
    },
    Rule {
        code: "plaintext-after-termination",
        summary: "traffic decrypted by a TLS terminator crosses to another machine or zone in clear",
    },
    Rule {
        code: "no-firewall",
        summary: "a client reaches a machine, balancer or database without passing a firewall",
    },
    Rule {
        code: "unmonitored-host",
        summary: "a machine that no monitor watches",
    },
    Rule {
        code: "monolithic-host",
        summary: "one machine runs the web, application and database tiers together",
    },
    Rule {
        code: "exposed-database",
        summary: "a database accepts connections from clients or another zone with no firewall between",
    },
];

/// Code of the warning for an `allow:` entry that names no rule.
pub const UNKNOWN_LINT: &str = "unknown-lint";

/// The handbook page documenting the rules, as a site link the page's link resolver turns into a URL;
/// each rule is a heading on it whose anchor is the rule's code.
pub const RULES_PAGE: &str = "@/reference/lint-rules.md";

/// What a finding is about: the declaration its span points at, and what `allow:` is checked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The diagram as a whole (a top-level `allow:` entry).
    Diagram,
    Node(NodeId),
    Edge(EdgeId),
}

/// One finding plus what the drawing needs to mark it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub finding: Finding,
    pub subject: Subject,
    /// The node the finding is marked on in the drawing (for an edge, the end the problem lands on);
    /// the other nodes concerned are in the finding's labels.
    pub nodes: Vec<NodeId>,
}

impl Lint {
    /// Whether this is an architecture risk (shown under the diagram), not a remark on the source.
    pub fn is_risk(&self) -> bool {
        RULES.iter().any(|r| r.code == self.finding.code)
    }
}

/// Runs every rule over `diagram` and returns what is not allowed, sorted by span then code.
pub fn check(diagram: &Diagram) -> Vec<Lint> {
    let traffic = traffic::Traffic::new(diagram);
    let mut lints = Vec::new();
    lints.extend(availability::single_point_of_failure(diagram, &traffic));
    lints.extend(availability::single_writer(diagram));
    lints.extend(replication::write_to_replica(diagram));
    lints.extend(replication::replication_direction(diagram));
    lints.extend(encryption::plaintext_from_client(diagram));
    lints.extend(encryption::plaintext_after_termination(diagram, &traffic));
    lints.extend(exposure::no_firewall(diagram, &traffic));
    lints.extend(exposure::exposed_database(diagram));
    lints.extend(hosts::unmonitored_host(diagram));
    lints.extend(hosts::monolithic_host(diagram));
    lints.retain(|lint| !is_allowed(diagram, lint));
    for lint in &mut lints {
        if lists_code(&diagram.expect, &lint.finding.code) {
            lint.finding.severity = Severity::Note;
            let reason = diagram.expect_reason.as_deref().unwrap_or_default();
            lint.finding.help = Some(format!("expected in this diagram: {reason}"));
        }
    }
    lints.extend(unknown_allows(diagram));
    lints.sort_by(|a, b| (a.finding.span, &a.finding.code).cmp(&(b.finding.span, &b.finding.code)));
    lints
}

/// The findings of [`check`] without the drawing data.
pub fn findings(diagram: &Diagram) -> Vec<Finding> {
    check(diagram).into_iter().map(|l| l.finding).collect()
}

fn lists_code(list: &[super::syntax::Spanned<String>], code: &str) -> bool {
    list.iter().any(|a| a.value == code)
}

fn is_allowed(diagram: &Diagram, lint: &Lint) -> bool {
    let code = lint.finding.code.as_str();
    if lists_code(&diagram.allow, code) {
        return true;
    }
    let node_allows = |id: NodeId| {
        std::iter::once(id)
            .chain(diagram.ancestors(id))
            .any(|n| lists_code(&diagram.node(n).allow, code))
    };
    match lint.subject {
        Subject::Node(id) => node_allows(id),
        // An edge's finding is also accepted by either end (or a container around it), so
        // `allow: [plaintext-from-client]` on a client covers all its connections.
        Subject::Edge(id) => {
            let edge = diagram.edge(id);
            lists_code(&edge.allow, code) || node_allows(edge.from) || node_allows(edge.to)
        }
        Subject::Diagram => false,
    }
}

/// A warning for each `allow:` entry that names no rule (a typo would otherwise hide nothing, silently).
fn unknown_allows(diagram: &Diagram) -> Vec<Lint> {
    let node_lists = diagram
        .node_ids()
        .map(|id| (Subject::Node(id), &diagram.node(id).allow));
    let edge_lists = diagram
        .edge_ids()
        .map(|id| (Subject::Edge(id), &diagram.edge(id).allow));
    let top = std::iter::once((Subject::Diagram, &diagram.allow));
    let mut out = Vec::new();
    for (subject, list) in top.chain(node_lists).chain(edge_lists) {
        for entry in list {
            if RULES.iter().any(|r| r.code == entry.value) {
                continue;
            }
            let near = nearest(&entry.value, RULES.iter().map(|r| r.code));
            let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
            let help = match near {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("rules are {}", codes.join(", ")),
            };
            let finding = warning(
                UNKNOWN_LINT,
                entry.span,
                format!("`{}` is not a lint rule, so it allows nothing", entry.value),
                Vec::new(),
                help,
            );
            out.push(Lint {
                finding,
                subject,
                nodes: Vec::new(),
            });
        }
    }
    out
}

fn warning(
    code: &str,
    span: Span,
    message: String,
    labels: Vec<(Span, String)>,
    help: String,
) -> Finding {
    Finding {
        severity: Severity::Warning,
        code: code.to_string(),
        message,
        span,
        labels,
        help: Some(help),
    }
}

/// A finding about node `id`, with the other concerned nodes labelled.
pub(crate) fn node_lint(
    diagram: &Diagram,
    code: &str,
    id: NodeId,
    others: &[(NodeId, String)],
    message: String,
    help: String,
) -> Lint {
    let labels = others
        .iter()
        .map(|(n, note)| (diagram.node(*n).span, note.clone()))
        .collect();
    Lint {
        finding: warning(code, diagram.node(id).span, message, labels, help),
        subject: Subject::Node(id),
        nodes: vec![id],
    }
}

/// A finding about edge `id`; `nodes[0]` is the end marked in the drawing, the others are labelled.
pub(crate) fn edge_lint(
    diagram: &Diagram,
    code: &str,
    id: EdgeId,
    nodes: Vec<NodeId>,
    message: String,
    help: String,
) -> Lint {
    let labels = nodes
        .iter()
        .map(|n| (diagram.node(*n).span, "declared here".to_string()))
        .collect();
    Lint {
        finding: warning(code, diagram.edge(id).span, message, labels, help),
        subject: Subject::Edge(id),
        nodes: nodes.into_iter().take(1).collect(),
    }
}

/// How findings name a node for readers: its label on one line.
pub(crate) fn name(diagram: &Diagram, id: NodeId) -> String {
    diagram.node(id).label.replace('\n', " ")
}

/// The hint every help ends with: how to accept the risk knowingly.
pub(crate) fn or_allow(code: &str) -> String {
    format!(
        "or, if the risk is accepted, add `allow: [{code}]` to the diagram or to this declaration"
    )
}
