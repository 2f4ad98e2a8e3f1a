//! Every handbook page that states a version-dependent default names the version.
//!
//! Defaults change between releases (HAProxy's `balance` in 3.3, Nginx's `proxy_http_version` in 1.29.7),
//! so "X is the default" without a version is true for some readers and false for others. The rule, over
//! the prose of `content/**/*.md` (front matter and code blocks left out):
//!
//! A sentence (for a table: a row, read together with the header) that uses the word "default" or
//! "defaults" outside inline code and names a versioned program (Nginx, HAProxy, MySQL, MariaDB,
//! PostgreSQL, keepalived, OpenSSL) must also
//! - name a version: a dotted number such as `1.29.7` that is not a quantity (`3.6 s`) nor a protocol
//!   version (`TLS 1.3`, `HTTP/1.1`), or a number right after the program's name (`PostgreSQL 16`), or
//! - say the default holds "in every version" (or "in every Nginx version", "in all versions"), or
//! - sit in a paragraph, list item or table row carrying `<!-- version-independent: REASON -->`, or in
//!   a paragraph or table that such a comment, on a line of its own, comes right before.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const PROGRAMS: &[&str] = &[
    "nginx",
    "haproxy",
    "mysql",
    "mariadb",
    "postgresql",
    "keepalived",
    "openssl",
];
/// Words after which a number is a protocol or document version, not a program's.
const NOT_PROGRAM_VERSIONS: &[&str] = &[
    "tls", "ssl", "http", "rfc", "section", "sections", "ipv", "vrrpv", "snmp",
];
const UNITS: &[&str] = &[
    "s", "ms", "sec", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
    "%", "kb", "mb", "gb", "kib", "mib", "gib",
];
const EXEMPTION: &str = "<!-- version-independent:";

/// A sentence that states a default of a versioned program without naming the version.
#[derive(Debug, PartialEq)]
struct Finding {
    line: usize,
    sentence: String,
}

/// Prose text of one unit (paragraph, list item, heading or table row). Inline code is kept between
/// `\u{1}` and `\u{2}` so that "default" inside code can be ignored but its dots do not end sentences.
struct Unit {
    offset: usize,
    text: String,
    exempt: bool,
    is_row: bool,
}

fn units(body: &str) -> Vec<Unit> {
    let mut done = Vec::new();
    let mut current: Option<Unit> = None;
    let mut table_head = String::new();
    let mut in_head = false;
    let mut code_depth = 0usize;
    // A marker comment on its own line exempts the next paragraph, or every row of the next table.
    let mut pending_exempt = false;
    let open = |offset: usize, is_row: bool| Unit {
        offset,
        text: String::new(),
        exempt: false,
        is_row,
    };
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth -= 1,
            _ if code_depth > 0 => {}
            Event::Start(Tag::TableHead) => {
                in_head = true;
                table_head.clear();
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. }) => {
                let mut unit = open(range.start, false);
                unit.exempt = std::mem::take(&mut pending_exempt);
                done.extend(current.replace(unit));
            }
            Event::Start(Tag::TableRow) => {
                let mut row = open(range.start, true);
                row.text.push_str(&table_head);
                row.exempt = pending_exempt;
                done.extend(current.replace(row));
            }
            Event::End(TagEnd::Table) => pending_exempt = false,
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableRow,
            ) => {
                done.extend(current.take());
            }
            Event::End(TagEnd::TableCell) => push(&mut current, &mut table_head, in_head, " | "),
            Event::Text(text) => push(&mut current, &mut table_head, in_head, &text),
            Event::Code(code) => {
                let marked = format!("\u{1}{code}\u{2}");
                push(&mut current, &mut table_head, in_head, &marked);
            }
            Event::SoftBreak | Event::HardBreak => {
                push(&mut current, &mut table_head, in_head, " ")
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let reason = html.split(EXEMPTION).nth(1).map(str::trim_start);
                let given = reason.is_some_and(|reason| !reason.starts_with("-->"));
                match current.as_mut() {
                    Some(unit) => unit.exempt |= given,
                    None => pending_exempt |= given,
                }
            }
            _ => {}
        }
    }
    done.extend(current);
    done
}

fn push(current: &mut Option<Unit>, head: &mut String, in_head: bool, text: &str) {
    if in_head {
        head.push_str(text);
    } else if let Some(unit) = current.as_mut() {
        unit.text.push_str(text);
    }
}

/// Splits at `.`, `!` or `?` followed by a space and a capital, a backtick, a bracket or emphasis, never
/// inside inline code.
fn sentences(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let (mut start, mut in_code) = (0, false);
    for (i, &(at, c)) in chars.iter().enumerate() {
        match c {
            '\u{1}' => in_code = true,
            '\u{2}' => in_code = false,
            '.' | '!' | '?' if !in_code => {
                let space = chars.get(i + 1).is_some_and(|&(_, n)| n == ' ');
                let next = chars.get(i + 2).map(|&(_, n)| n);
                let opens = next.is_some_and(|n| n.is_uppercase() || "\u{1}([*".contains(n));
                if space && opens {
                    out.push(&text[start..=at]);
                    start = at + 2;
                }
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

fn without_code(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '\u{1}' => in_code = true,
            '\u{2}' => in_code = false,
            _ if !in_code => out.push(c),
            _ => {}
        }
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '%')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn mentions_default(sentence: &str) -> bool {
    words(&without_code(sentence))
        .iter()
        .any(|w| w == "default" || w == "defaults")
}

fn names_program(sentence: &str) -> bool {
    words(sentence)
        .iter()
        .any(|w| PROGRAMS.contains(&w.as_str()))
}

fn says_every_version(sentence: &str) -> bool {
    let w = words(&without_code(sentence));
    w.windows(3).any(|t| {
        (t[0] == "in" && (t[1] == "every" || t[1] == "all") && t[2].starts_with("version"))
            || (t[0] == "every" && PROGRAMS.contains(&t[1].as_str()) && t[2] == "version")
    })
}

/// Numbers that start at a word boundary, each with the word before it and the word after it.
fn numbers(text: &str) -> Vec<(String, String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if !(chars[i].is_ascii_digit() && boundary) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let before: String = chars[..start].iter().collect();
        let after: String = chars[i..].iter().collect();
        let previous = word_before(&before);
        let next = after
            .trim_start()
            .split(|c: char| c.is_whitespace() || ",;:)".contains(c))
            .next()
            .unwrap_or("")
            .to_lowercase();
        found.push((previous, number, next));
    }
    found
}

/// The word that ends `before`, separated from what follows only by spaces or a `/` (`HTTP/1.1`); empty
/// when punctuation such as a table's `|` comes between.
fn word_before(before: &str) -> String {
    let trimmed = before.trim_end_matches(' ');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    trimmed[start..].to_lowercase()
}

fn names_version(sentence: &str) -> bool {
    let plain: String = sentence
        .chars()
        .filter(|c| !"\u{1}\u{2}".contains(*c))
        .collect();
    numbers(&plain).iter().any(|(previous, number, next)| {
        let after_program =
            PROGRAMS.contains(&previous.as_str()) || previous.starts_with("version");
        let dotted = number.contains('.')
            && !NOT_PROGRAM_VERSIONS.contains(&previous.as_str())
            && !UNITS.contains(&next.as_str());
        after_program || dotted
    })
}

fn violates(sentence: &str) -> bool {
    mentions_default(sentence)
        && names_program(sentence)
        && !names_version(sentence)
        && !says_every_version(sentence)
}

/// The findings of one Markdown file's text (front matter included, so lines match the file).
fn check_markdown(source: &str) -> Vec<Finding> {
    let body_start = front_matter_end(source);
    let body = &source[body_start..];
    let line_of = |offset: usize| source[..body_start + offset].matches('\n').count() + 1;
    let mut findings = Vec::new();
    for unit in units(body).into_iter().filter(|u| !u.exempt) {
        let pieces = if unit.is_row {
            vec![unit.text.as_str()]
        } else {
            sentences(&unit.text)
        };
        for sentence in pieces.into_iter().filter(|s| violates(s)) {
            findings.push(Finding {
                line: line_of(unit.offset),
                sentence: sentence.replace(['\u{1}', '\u{2}'], "`").trim().to_string(),
            });
        }
    }
    findings
}

fn front_matter_end(source: &str) -> usize {
    for fence in ["+++", "---"] {
        if let Some(rest) = source.strip_prefix(fence) {
            if let Some(end) = rest.find(&format!("\n{fence}")) {
                return fence.len() + end + 1 + fence.len();
            }
        }
    }
    0
}

fn content_pages() -> Vec<PathBuf> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("content readable").into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect()
}

#[test]
fn every_handbook_default_of_a_versioned_program_names_its_version() {
    let pages = content_pages();
    assert!(
        pages.len() > 20,
        "expected the handbook's pages, found {}",
        pages.len()
    );
    let mut report = String::new();
    for page in &pages {
        let source = std::fs::read_to_string(page).expect("page readable");
        for finding in check_markdown(&source) {
            let shown = page
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(page);
            report.push_str(&format!(
                "{}:{}: {}\n",
                shown.display(),
                finding.line,
                finding.sentence
            ));
        }
    }
    assert!(
        report.is_empty(),
        "these sentences state a default of a versioned program without naming the version; name it, \
         say \"in every version\", or add `<!-- version-independent: REASON -->` to the paragraph:\n{report}"
    );
}

#[test]
fn a_default_without_a_version_is_reported_on_its_line() {
    let page =
        "+++\ntitle = \"x\"\n+++\n\nIntro.\n\nRound robin is the default in HAProxy. It is fast.\n";
    let found = check_markdown(page);
    assert_eq!(
        found,
        vec![Finding {
            line: 7,
            sentence: "Round robin is the default in HAProxy.".into()
        }]
    );
}

#[test]
fn a_version_or_an_every_version_claim_or_an_exemption_satisfies_the_rule() {
    assert!(check_markdown("HAProxy 3.3 uses `random` by default.\n").is_empty());
    assert!(check_markdown("By default PostgreSQL 16 replicates asynchronously.\n").is_empty());
    assert!(check_markdown("Its default is `off` in every Nginx version.\n").is_empty());
    let exempt = "Nginx defaults are listed below. <!-- version-independent: an introduction -->\n";
    assert!(check_markdown(exempt).is_empty());
    let no_reason = "Nginx defaults are listed below. <!-- version-independent: -->\n";
    assert_eq!(check_markdown(no_reason).len(), 1);
}

#[test]
fn quantities_and_protocol_versions_are_not_program_versions() {
    assert_eq!(check_markdown("Nginx waits 0.5 s by default.\n").len(), 1);
    assert_eq!(
        check_markdown("By default Nginx offers TLS 1.3.\n").len(),
        1
    );
    assert_eq!(
        check_markdown("Nginx speaks HTTP/1.1 by default.\n").len(),
        1
    );
}

#[test]
fn code_and_sentences_without_a_program_are_left_alone() {
    let code = "```haproxy\n# nginx default\ndefaults\n    mode http\n```\n";
    assert!(check_markdown(code).is_empty());
    assert!(check_markdown("HAProxy reads the `defaults` section first.\n").is_empty());
    assert!(check_markdown("The default TTL is one hour.\n").is_empty());
    let two = "Nginx is fast. The default port is 80.\n";
    assert!(
        check_markdown(two).is_empty(),
        "the program is in another sentence"
    );
}

#[test]
fn a_comment_line_before_a_table_exempts_its_rows_and_no_further() {
    let table = "| Program | Default port |\n|---|---|\n| Nginx | 80 |\n";
    let marked =
        format!("<!-- version-independent: registered ports -->\n{table}\nNginx defaults to 80.\n");
    let found = check_markdown(&marked);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].sentence, "Nginx defaults to 80.");
    assert_eq!(check_markdown(table).len(), 1);
}

#[test]
fn a_table_row_is_read_with_its_header() {
    let table = "| Nginx directive | Default |\n|---|---|\n| `proxy_read_timeout` | 60 s |\n";
    let found = check_markdown(table);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 3);
    let versioned =
        "| Nginx directive | Default |\n|---|---|\n| `proxy_http_version` | 1.1 since 1.29.7 |\n";
    assert!(check_markdown(versioned).is_empty());
}
