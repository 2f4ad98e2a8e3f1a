//! The site being served: takes the previous site and a [`SiteUpdate`] from the builder (the
//! whole site, or what changed) and holds the result in memory, ready to answer lookups; or, while
//! no build has ever succeeded, holds a page that shows the build's diagnostics.
//!
//! Guarantees: a `Site` never changes after it is made (a rebuild makes a new one and swaps it in
//! whole), so a response read from one `Site` is wholly one build. Files the update does not
//! touch share their bytes with the previous site, so a one-page edit copies no page. Every HTML
//! file carries the live-reload script, even from a template that forgot it; only the files an
//! update writes are checked for it.

use std::collections::HashMap;
use std::sync::Arc;

use super::SiteUpdate;

/// File bytes shared between the site and the responses reading them.
pub(crate) type Bytes = Arc<[u8]>;

/// One build's files, by path relative to the site root.
#[derive(Debug, Default)]
pub(crate) struct Site {
    files: HashMap<String, Bytes>,
    /// Set while no build has succeeded: the page every request gets (status 500).
    failure_page: Option<Bytes>,
}

impl Site {
    /// A site from built files; HTML files get the live-reload script if they lack it.
    #[cfg(test)]
    pub fn from_files(files: Vec<(String, Vec<u8>)>, prefix: &str) -> Site {
        Site::default().updated(SiteUpdate::whole(files), prefix)
    }

    /// The site after `update`: this one's files (none if it is whole, or a failure page) with
    /// the update's removals and writes.
    pub fn updated(&self, update: SiteUpdate, prefix: &str) -> Site {
        let mut files = if update.whole || !self.is_built() {
            HashMap::with_capacity(update.written.len())
        } else {
            self.files.clone()
        };
        for folder in &update.removed_folders {
            let folder = folder.trim_start_matches('/');
            files.retain(|key, _| !key.starts_with(folder));
        }
        for path in &update.removed {
            files.remove(path.trim_start_matches('/'));
        }
        let script_tag = live_script_tag(prefix);
        for (path, bytes) in update.written {
            let key = path.trim_start_matches('/').to_string();
            let bytes = if is_html(&key) {
                inject_script(bytes, &script_tag)
            } else {
                bytes
            };
            files.insert(key, bytes);
        }
        Site {
            files,
            failure_page: None,
        }
    }

    /// A site that only shows why the build failed, used until a build succeeds.
    pub fn failed(diagnostics: &str, prefix: &str) -> Site {
        Site {
            files: HashMap::new(),
            failure_page: Some(Bytes::from(failure_page(diagnostics, prefix).into_bytes())),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Bytes> {
        self.files.get(key)
    }

    pub fn failure_page(&self) -> Option<&Bytes> {
        self.failure_page.as_ref()
    }

    /// Whether this is a real build (not the failure placeholder).
    pub fn is_built(&self) -> bool {
        self.failure_page.is_none()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }
}

fn is_html(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

pub(crate) fn live_script_tag(prefix: &str) -> String {
    format!(r#"<script src="{prefix}__infrabook/live.js" defer></script>"#)
}

/// Puts `tag` before the last `</body>` (or at the end), unless the page already loads the script.
fn inject_script(html: Bytes, tag: &str) -> Bytes {
    // Templates put the script near the end, so searching from the end finds it at once.
    if rfind(&html, b"__infrabook/live.js").is_some() {
        return html;
    }
    let lower = html.to_ascii_lowercase();
    let at = rfind(&lower, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The page shown while no build has succeeded; the diagnostics are escaped.
fn failure_page(diagnostics: &str, prefix: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Build failed - infrabook</title></head>\n<body>\
         <h1>The site does not build yet</h1>\
         <p>Fix the error below; this page reloads by itself when the build succeeds.</p>\
         <pre>{}</pre>{}</body></html>\n",
        escape_html(&strip_ansi(diagnostics)),
        live_script_tag(prefix)
    )
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Removes terminal colour codes (`ESC [ ... letter`), which diagnostics may carry for a terminal.
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_without_the_script_gets_it_before_body_end() {
        let site = Site::from_files(
            vec![
                (
                    "index.html".into(),
                    b"<html><body><p>x</p></BODY></html>".to_vec(),
                ),
                ("css/site.css".into(), b"body{}".to_vec()),
            ],
            "/h/",
        );
        let page = site.get("index.html").expect("page");
        assert_eq!(
            std::str::from_utf8(page).expect("utf8"),
            r#"<html><body><p>x</p><script src="/h/__infrabook/live.js" defer></script></BODY></html>"#
        );
        assert_eq!(&**site.get("css/site.css").expect("css"), b"body{}");
    }

    #[test]
    fn html_that_loads_the_script_is_left_alone() {
        let html = br#"<body><script src="/__infrabook/live.js" defer></script></body>"#.to_vec();
        let site = Site::from_files(vec![("a/index.html".into(), html.clone())], "/");
        assert_eq!(&**site.get("a/index.html").expect("page"), &html[..]);
    }

    #[test]
    fn an_update_shares_untouched_files_and_only_checks_written_html() {
        let first = Site::from_files(
            vec![
                ("a/index.html".into(), b"<body>A</body>".to_vec()),
                ("b/index.html".into(), b"<body>B</body>".to_vec()),
                ("pagefind/x.pf".into(), vec![1]),
                ("css/site.css".into(), b"body{}".to_vec()),
            ],
            "/",
        );
        let update = SiteUpdate {
            written: vec![("a/index.html".into(), Bytes::from(&b"<body>A2</body>"[..]))],
            removed: vec!["css/site.css".into()],
            removed_folders: vec!["pagefind/".into()],
            ..SiteUpdate::default()
        };
        let next = first.updated(update, "/");
        assert_eq!(next.len(), 2);
        assert!(Arc::ptr_eq(
            next.get("b/index.html").expect("kept"),
            first.get("b/index.html").expect("first")
        ));
        let a = std::str::from_utf8(next.get("a/index.html").expect("page")).expect("utf8");
        assert_eq!(
            a,
            r#"<body>A2<script src="/__infrabook/live.js" defer></script></body>"#
        );
        assert!(next.get("css/site.css").is_none() && next.get("pagefind/x.pf").is_none());
        // The site before is unchanged: responses reading it still see one build.
        assert_eq!(first.len(), 4);
    }

    #[test]
    fn failure_page_escapes_diagnostics_and_strips_colours() {
        let site = Site::failed(
            "\u{1b}[31merror\u{1b}[0m: <script>alert(1)</script> & \"q\"",
            "/",
        );
        let page = std::str::from_utf8(site.failure_page().expect("page")).expect("utf8");
        assert!(page.contains("error: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains('\u{1b}'));
        assert!(!site.is_built());
    }
}
