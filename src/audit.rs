//! The built site checked as a browser will load it: every `href`, `src` and `srcset` in the HTML and
//! every `url()` in the CSS must stay under the base path and name a file of the site. Takes the
//! output files of a build; returns a diagnostic for each URL that would 404 once published, so a
//! template that writes `/css/site.css` instead of `{{ site.base_path }}css/site.css` is caught before
//! deploy rather than after. Read-only; runs over the pages in parallel; results sorted.

use std::collections::BTreeSet;
use std::sync::Mutex;

use lol_html::{HtmlRewriter, Settings, element};
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// One reference found in an output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Reference {
    /// The output file it was found in.
    file: String,
    url: String,
}

/// Checks every reference of every HTML and CSS file in `files` against the site under `base_path`.
pub fn audit(files: &[OutputFile], base_path: &str) -> Vec<Diagnostic> {
    let existing: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut problems: Vec<(Reference, Problem)> = files
        .par_iter()
        .flat_map_iter(|file| references(file).into_iter())
        .filter_map(|reference| {
            let problem = check(&reference, base_path, &existing)?;
            Some((reference, problem))
        })
        .collect();
    problems.sort();
    problems.dedup();
    problems
        .into_iter()
        .map(|(reference, problem)| problem.diagnostic(&reference, base_path))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    OutsideBase,
    Missing,
}

impl Problem {
    fn diagnostic(self, reference: &Reference, base_path: &str) -> Diagnostic {
        let Reference { file, url } = reference;
        match self {
            Problem::OutsideBase => Diagnostic::error(
                "O003",
                format!("`{file}` links to `{url}`, outside the site's base path `{base_path}`"),
            )
            .help(
                "a template or raw HTML writes a root-relative URL; start it with \
                 `{{ site.base_path }}` or write a link to the source file",
            ),
            Problem::Missing => Diagnostic::error(
                "O004",
                format!("`{file}` links to `{url}`, which is not a file of the built site"),
            )
            .help("the URL is written in a template, raw HTML or CSS; fix it or add the file"),
        }
    }
}

/// The URLs an HTML or CSS file refers to.
fn references(file: &OutputFile) -> Vec<Reference> {
    let is_html = file.path.ends_with(".html");
    if !is_html && !file.path.ends_with(".css") {
        return Vec::new();
    }
    let Ok(bytes) = file.read() else {
        return Vec::new();
    };
    let urls = if is_html {
        html_urls(&bytes)
    } else {
        css_urls(&String::from_utf8_lossy(&bytes))
    };
    urls.into_iter()
        .map(|url| Reference {
            file: file.path.clone(),
            url,
        })
        .collect()
}

fn html_urls(bytes: &[u8]) -> Vec<String> {
    let found = Mutex::new(Vec::new());
    let push = |value: String| found.lock().unwrap_or_else(|e| e.into_inner()).push(value);
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![
                element!("[href]", |el| {
                    // Full URLs (a canonical link, external links) are passed over by `is_checked`.
                    push(el.get_attribute("href").unwrap_or_default());
                    Ok(())
                }),
                element!("[src]", |el| {
                    push(el.get_attribute("src").unwrap_or_default());
                    Ok(())
                }),
                element!("[srcset]", |el| {
                    let srcset = el.get_attribute("srcset").unwrap_or_default();
                    for candidate in srcset.split(',') {
                        let url = candidate.split_whitespace().next().unwrap_or_default();
                        push(url.to_string());
                    }
                    Ok(())
                }),
            ],
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    // The HTML is our own output; a parse problem only means fewer references are checked.
    let _ = rewriter.write(bytes);
    let _ = rewriter.end();
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The targets of `url(...)` in a stylesheet (quoted or not).
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let Some(end) = rest.find(')') else { break };
        let url = rest[..end].trim().trim_matches(['"', '\'']);
        urls.push(url.to_string());
        rest = &rest[end..];
    }
    urls
}

/// Whether a URL leaves the site (a scheme, `//host`) or stays in the page (`#id`, empty).
fn is_checked(url: &str) -> bool {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return false;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']).unwrap_or(url.len());
    !matches!(scheme_end, Some(colon) if colon < path_start)
}

fn check(reference: &Reference, base_path: &str, existing: &BTreeSet<&str>) -> Option<Problem> {
    let url = reference.url.as_str();
    if !is_checked(url) {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or_default();
    let absolute = if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = match reference.file.rsplit_once('/') {
            Some((dir, _)) => format!("{base_path}{dir}/"),
            None => base_path.to_string(),
        };
        join(&dir, path)
    };
    let Some(inside) = absolute.strip_prefix(base_path) else {
        return Some(Problem::OutsideBase);
    };
    let decoded = percent_decode(inside);
    let found = if decoded.is_empty() || decoded.ends_with('/') {
        existing.contains(format!("{decoded}index.html").as_str())
    } else {
        existing.contains(decoded.as_str())
            || existing.contains(format!("{decoded}/index.html").as_str())
    };
    (!found).then_some(Problem::Missing)
}

/// `relative` resolved against the directory URL `dir` (which ends in `/`), `.` and `..` applied.
fn join(dir: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut joined = format!("/{}", parts.join("/"));
    if (relative.ends_with('/') || relative.is_empty()) && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// `%XX` escapes decoded, as a web server does before looking up a file.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(path: &str, body: &str) -> OutputFile {
        OutputFile::bytes(path.to_string(), body.as_bytes().to_vec())
    }

    #[test]
    fn finds_urls_in_attributes_and_stylesheets() {
        let urls = html_urls(
            br#"<a href="../x/">x</a><img src="a.png" srcset="b.png 2x, c.png 3x"><svg><a href="/d/"></a></svg>"#,
        );
        assert_eq!(urls, ["../x/", "a.png", "b.png", "c.png", "/d/"]);
        assert_eq!(
            css_urls(
                r#"a{background:url("../img/x.png")} @font-face{src:url(f.woff2) format("woff2")}"#
            ),
            ["../img/x.png", "f.woff2"]
        );
    }

    #[test]
    fn urls_outside_the_base_path_or_to_no_file_are_reported() {
        let files = vec![
            html(
                "guide/index.html",
                r##"<link href="/handbook/css/site.css"><link href="/css/site.css">
                <a href="../">home</a><a href="../missing/">gone</a><a href="https://x.org/">out</a>
                <a href="#top">top</a><a href="mailto:a@b.c">mail</a><img src="pic%20one.png">"##,
            ),
            html("guide/pic one.png", ""),
            html("index.html", ""),
            html("css/site.css", "body{background:url(../img/none.png)}"),
        ];
        let found: Vec<String> = audit(&files, "/handbook/")
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "O004: `css/site.css` links to `../img/none.png`, which is not a file of the built site",
                "O004: `guide/index.html` links to `../missing/`, which is not a file of the built site",
                "O003: `guide/index.html` links to `/css/site.css`, outside the site's base path `/handbook/`",
            ]
        );
    }

    #[test]
    fn joins_relative_urls_like_a_browser() {
        assert_eq!(
            join("/handbook/dns/", "../css/a.css"),
            "/handbook/css/a.css"
        );
        assert_eq!(join("/handbook/dns/", "./"), "/handbook/dns/");
        assert_eq!(join("/", "a/b/../c"), "/a/c");
    }
}
