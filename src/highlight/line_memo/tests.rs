//! The memo's proof: highlighting with it is byte-identical to syntect's own generator, on the
//! handbook's blocks, on blocks shaped like the benchmark corpus, and on random mixes of lines that
//! open and close multi-line constructs; and it stays within its budget.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::highlight::{code_block, code_block_uncached};

/// Every fenced block of the handbook's pages, as (language, code).
fn handbook_blocks() -> Vec<(String, String)> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut blocks = Vec::new();
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.expect("readable content folder");
        if entry.path().extension().is_some_and(|ext| ext == "md") {
            let text = std::fs::read_to_string(entry.path()).expect("readable page");
            blocks.extend(fenced_blocks(&text));
        }
    }
    blocks
}

fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.split_inclusive('\n') {
        let fence = line.trim_start().starts_with("```");
        match (&mut open, fence) {
            (None, true) => {
                let info = line.trim_start().trim_start_matches('`');
                let language = info.split_whitespace().next().unwrap_or_default();
                open = Some((language.to_string(), String::new()));
            }
            (Some(_), true) => blocks.extend(open.take()),
            (Some((_, code)), false) => code.push_str(line),
            (None, false) => {}
        }
    }
    blocks
}

/// Blocks shaped like `shared/bench/gen_corpus.py`'s: the same lines around varying hosts,
/// addresses and numbers.
fn corpus_like_blocks(count: usize) -> Vec<(&'static str, String)> {
    (0..count)
        .map(|n| {
            let host = format!("web-{:02}.example.net", n % 37);
            let addr = format!("192.0.2.{}", n % 250);
            let port = [80, 443, 5432, 8080][n % 4];
            match n % 6 {
                0 => ("bash", format!("#!/usr/bin/env bash\nset -euo pipefail\n# Probe\nfor b in {host} db-{n}; do\n  if curl -fsS --max-time {n} \"https://$b:{port}/healthz\" >/dev/null; then\n    echo \"$b ok\"\n  fi\ndone\ncat <<EOF\nplain {host} text\nEOF\ndig +short {host} @{addr}\n")),
                1 => ("nginx", format!("upstream app_backend {{\n    least_conn;\n    server {addr}:{port} max_fails=3;\n    keepalive {n};\n}}\n\nserver {{\n    listen 443 ssl http2;\n    server_name {host};\n    ssl_protocols TLSv1.2 TLSv1.3;\n    location / {{\n        proxy_pass http://app_backend;\n    }}\n}}\n")),
                2 => ("python", format!("import socket\n\n\ndef probe(host: str, port: int = {port}) -> float:\n    \"\"\"Return the connect time\n    to {host}.\"\"\"\n    return {n}.0\n\nprint(f\"{{probe('{host}'):.1f}} ms\")\n")),
                3 => ("sql", format!("-- Replication status\nSELECT client_addr, state\nFROM pg_stat_replication;\n/* spans\n   lines */\nINSERT INTO health (host, ms) VALUES ('{host}', {n});\n")),
                4 => ("yaml", format!("groups:\n  - name: edge\n    rules:\n      - alert: High\n        expr: rate(x[5m]) > {n}\n        annotations:\n          summary: |\n            Errors on {host}\n            and more\n")),
                _ => ("rust", format!("use std::time::Duration;\n\nfn main() {{\n    let s = \"{host}:{port}\";\n    /* a comment\n       over lines */\n    println!(\"{{s}} {n}\");\n}}")),
            }
        })
        .collect()
}

#[test]
fn memo_output_matches_syntect_on_the_handbook() {
    let blocks = handbook_blocks();
    assert!(blocks.len() > 20, "found only {} blocks", blocks.len());
    let before = stats();
    // Twice, so the second pass answers from the memo.
    for _ in 0..2 {
        for (language, code) in &blocks {
            assert_eq!(
                code_block(language, code),
                code_block_uncached(language, code),
                "```{language}\n{code}```"
            );
        }
    }
    assert!(stats().hits > before.hits, "the memo never answered");
}

#[test]
fn memo_output_matches_syntect_on_corpus_like_blocks() {
    let before = stats();
    for (language, code) in corpus_like_blocks(300) {
        let cached = code_block(language, &code);
        assert!(cached.html.contains("hl-"), "{language} not highlighted");
        assert_eq!(cached, code_block_uncached(language, &code), "{code}");
    }
    let after = stats();
    let (hits, misses) = (after.hits - before.hits, after.misses - before.misses);
    // About three lines in each block vary; every other line after the first few blocks is a hit.
    assert!(hits > 2 * misses, "{hits} hits, {misses} misses");
}

/// Lines that open, continue or close multi-line constructs in several grammars.
const TRICKY_LINES: &[&str] = &[
    "/* open a comment\n",
    "still inside */ x = 1;\n",
    "\"\"\"docstring\n",
    "cat <<EOF\n",
    "EOF\n",
    "echo \"unterminated\n",
    "}\n",
    "{\n",
    "\n",
    "    least_conn;\n",
    "let s = r#\"raw\n",
    "\"#;\n",
    "key: |\n",
    "  - item\n",
    "SELECT 'a\n",
    "' FROM t;\n",
    "# comment\n",
    "x",
];

proptest! {
    #[test]
    fn memo_output_matches_syntect_on_random_line_mixes(
        language in prop::sample::select(&["bash", "nginx", "python", "sql", "yaml", "rust", "ini"][..]),
        picks in prop::collection::vec(0..TRICKY_LINES.len(), 0..24),
    ) {
        let code: String = picks.iter().map(|&i| TRICKY_LINES[i]).collect();
        prop_assert_eq!(code_block(language, &code), code_block_uncached(language, &code));
    }
}

#[test]
fn memo_stays_within_its_budget() {
    let syntax = crate::highlight::find_syntax("bash").expect("bash grammar");
    let mut memo = Memo::default();
    for round in 0..2 {
        for n in 0..40_000 {
            let code = format!("echo {n} with some padding to make the line longer\n");
            let html = memo.highlight(syntax, &crate::highlight::SYNTAXES, STYLE, &code);
            assert!(html.is_some(), "round {round}, line {n}");
            assert!(memo.bytes <= BUDGET_BYTES, "{} bytes", memo.bytes);
            assert!(memo.seen.len() <= MAX_SEEN);
        }
    }
    // The second round stored lines, and emptied the memo on the way rather than outgrowing it.
    assert!(!memo.steps.is_empty());
}

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
