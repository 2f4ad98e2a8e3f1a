//! Highlights a block line by line, remembering (per thread) the lines it has highlighted before.
//!
//! syntect highlights a line from two states carried over from the lines above it: the parser's
//! context stack (`ParseState`) and the scope stack that the HTML spans follow (`ScopeStack`). With
//! the same grammar, the same two states and the same text, a line always yields the same HTML and
//! the same states after it, so a line met again in the same states needs no parsing. Code in
//! documentation repeats lines far more often than whole blocks (`set -euo pipefail`, `least_conn;`,
//! closing braces, while the hosts and addresses around them differ), hence a memo of lines.
//!
//! The memo is exact: [`highlight`] returns byte for byte what syntect's `ClassedHTMLGenerator`
//! returns, or `None` where it fails (the tests compare both on the handbook and on generated
//! blocks). States are compared with syntect's own equality; a state that holds regex captures
//! (a heredoc's terminator, say) compares equal only to itself, which costs hits, never correctness.
//!
//! Each thread has its own memo, so rayon's workers never wait on each other. Memory is bounded: a
//! line is stored only from its second sighting (most lines that differ once differ always), a line
//! keeps at most [`MAX_STATES_PER_LINE`] variants, and a memo over [`BUDGET_BYTES`] starts afresh.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::rc::Rc;

use syntect::html::{ClassStyle, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Approximate bytes one thread's memo may hold before it is emptied.
const BUDGET_BYTES: usize = 4 << 20;
/// Distinct lines remembered as seen once before the record of them is emptied.
const MAX_SEEN: usize = 100_000;
/// Variants (different states before the line) kept for one line text.
const MAX_STATES_PER_LINE: usize = 8;
/// Rough size of one stored step beyond its text and HTML (states, map slot).
const STEP_OVERHEAD: usize = 256;

/// The parser and scope states between two lines.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

/// One line highlighted from one state.
struct Step {
    line: Box<str>,
    before: Rc<LineState>,
    after: Rc<LineState>,
    html: Box<str>,
    /// `<span>`s opened (negative: closed) by this line's HTML.
    spans: isize,
}

/// Per-thread record of highlighted lines.
#[derive(Default)]
struct Memo {
    /// Keyed by the hash of (grammar, line text); each step also keeps its text to rule out
    /// collisions.
    steps: HashMap<u64, Vec<Step>>,
    /// Hashes of lines seen once and not yet stored.
    seen: HashSet<u64>,
    bytes: usize,
}

/// How often the memo answered, for tests and measurements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoStats {
    pub hits: u64,
    pub misses: u64,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    static STATS: RefCell<MemoStats> = const { RefCell::new(MemoStats { hits: 0, misses: 0 }) };
}

/// The classed HTML of `code` (every line ending in its newline, as `LinesWithEndings` splits it),
/// with the spans still open at the end closed; `None` when the grammar fails on the code.
pub fn highlight(
    syntax: &SyntaxReference,
    set: &SyntaxSet,
    style: ClassStyle,
    code: &str,
) -> Option<String> {
    MEMO.with_borrow_mut(|memo| memo.highlight(syntax, set, style, code))
}

/// Hits and misses of this thread's memo since the thread started.
pub fn stats() -> MemoStats {
    STATS.with_borrow(|stats| *stats)
}

impl Memo {
    fn highlight(
        &mut self,
        syntax: &SyntaxReference,
        set: &SyntaxSet,
        style: ClassStyle,
        code: &str,
    ) -> Option<String> {
        let mut state = Rc::new(LineState {
            parse: ParseState::new(syntax),
            scopes: ScopeStack::new(),
        });
        let mut html = String::with_capacity(code.len() * 4);
        let mut open_spans: isize = 0;
        let (mut hits, mut misses) = (0, 0);
        for line in LinesWithEndings::from(code) {
            let key = line_key(&syntax.name, line);
            if let Some(step) = self.find(key, line, &state) {
                html.push_str(&step.html);
                open_spans += step.spans;
                state = Rc::clone(&step.after);
                hits += 1;
                continue;
            }
            misses += 1;
            let mut after = LineState::clone(&state);
            let ops = after.parse.parse_line(line, set).ok()?;
            let (line_html, spans) =
                line_tokens_to_classed_spans(line, &ops, style, &mut after.scopes).ok()?;
            html.push_str(&line_html);
            open_spans += spans;
            let after = Rc::new(after);
            self.remember(key, line, state, Rc::clone(&after), line_html, spans);
            state = after;
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        STATS.with_borrow_mut(|stats| {
            stats.hits += hits;
            stats.misses += misses;
        });
        Some(html)
    }

    fn find(&self, key: u64, line: &str, state: &Rc<LineState>) -> Option<&Step> {
        self.steps.get(&key)?.iter().find(|step| {
            *step.line == *line && (Rc::ptr_eq(&step.before, state) || *step.before == **state)
        })
    }

    fn remember(
        &mut self,
        key: u64,
        line: &str,
        before: Rc<LineState>,
        after: Rc<LineState>,
        html: String,
        spans: isize,
    ) {
        // A line met for the first time is only noted: most lines that differ once (addresses,
        // host names) never come back, and storing them would crowd out the ones that do.
        if !self.steps.contains_key(&key) && self.seen.insert(key) {
            if self.seen.len() > MAX_SEEN {
                self.seen.clear();
            }
            return;
        }
        let size = line.len() + html.len() + STEP_OVERHEAD;
        if self.bytes + size > BUDGET_BYTES {
            self.steps.clear();
            self.bytes = 0;
        }
        let variants = self.steps.entry(key).or_default();
        if variants.len() >= MAX_STATES_PER_LINE {
            let dropped = variants.remove(0);
            self.bytes -= dropped.line.len() + dropped.html.len() + STEP_OVERHEAD;
        }
        variants.push(Step {
            line: line.into(),
            before,
            after,
            html: html.into(),
            spans,
        });
        self.bytes += size;
    }
}

/// The memo key of one line of one grammar.
fn line_key(grammar: &str, line: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one((grammar, line))
}

#[cfg(test)]
mod tests;
