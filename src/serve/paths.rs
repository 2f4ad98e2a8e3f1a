//! Request paths: takes the raw request target of an HTTP request and the site's path prefix, and
//! returns where the request goes ([`Route`]) or why it is refused ([`BadPath`]).
//!
//! Guarantees: a path that is not plain origin-form (`/a/b/`), that contains a malformed or
//! non-UTF-8 percent escape, an empty segment (`//`), a `.` or `..` segment (raw or encoded), or a
//! decoded `/`, `\`, NUL or other control character is refused outright; nothing is normalised,
//! so no spelling of a path can step out of the site. The returned file keys only ever name files
//! inside the in-memory site.

/// Why a request path was refused (answered with 400 Bad Request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadPath(pub &'static str);

/// Where a well-formed request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// Answer with a redirect to this location (an absolute path, query kept).
    Redirect(String),
    /// A path under the prefix, relative to the site root (`""` is the root).
    Site(SitePath),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    LiveScript,
    /// A path outside the prefix: the site's 404 page.
    Outside,
}

/// A request path under the prefix, already decoded and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// Decoded segments joined by `/` (`dns/records`), `""` for the site root.
    pub key: String,
    /// The request ended in `/`, so it names a folder and maps to its `index.html`.
    pub is_dir: bool,
    /// The request path as received (no query), for the trailing-slash redirect.
    pub raw_path: String,
    /// `?query` as received, or `""`.
    pub query: String,
}

impl SitePath {
    /// The file key the request names first: the file itself, or the folder's `index.html`.
    pub fn file_key(&self) -> String {
        match (self.is_dir, self.key.is_empty()) {
            (true, true) => "index.html".to_string(),
            (true, false) => format!("{}/index.html", self.key),
            (false, _) => self.key.clone(),
        }
    }

    /// For a request without trailing slash: the key of the folder index it could mean.
    pub fn dir_index_key(&self) -> Option<String> {
        (!self.is_dir).then(|| format!("{}/index.html", self.key))
    }

    /// Where to send a request for a folder that lacks its trailing slash.
    pub fn slash_location(&self) -> String {
        format!("{}/{}", self.raw_path, self.query)
    }
}

/// The folder the live-reload endpoints live in, under the prefix.
pub(crate) const LIVE_DIR: &str = "__infrabook";

/// Normalises a base path or full base URL into a prefix that starts and ends with `/`:
/// `"https://u.github.io/handbook"` -> `"/handbook/"`, `""` -> `"/"`.
pub fn normalize_prefix(base: &str) -> String {
    let path = match base.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => base,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

/// Routes a raw request target under `prefix` (as returned by [`normalize_prefix`]).
pub(crate) fn route(raw_target: &str, prefix: &str) -> Result<Route, BadPath> {
    let (raw_path, query) = match raw_target.find('?') {
        Some(at) => raw_target.split_at(at),
        None => (raw_target, ""),
    };
    let (segments, is_dir) = decode_segments(raw_path)?;
    let prefix_segments: Vec<&str> = prefix.split('/').filter(|s| !s.is_empty()).collect();

    let under_prefix = segments.len() >= prefix_segments.len()
        && segments.iter().zip(&prefix_segments).all(|(a, b)| a == b);
    if !under_prefix {
        let is_root = segments.is_empty();
        return Ok(if is_root {
            Route::Redirect(format!("{prefix}{query}"))
        } else {
            Route::Outside
        });
    }
    let rest = &segments[prefix_segments.len()..];
    if rest.is_empty() && !is_dir {
        // `/handbook` -> `/handbook/`
        return Ok(Route::Redirect(format!("{prefix}{query}")));
    }
    if let [dir, name] = rest {
        if dir == LIVE_DIR && !is_dir {
            match name.as_str() {
                "events" => return Ok(Route::Events),
                "live.js" => return Ok(Route::LiveScript),
                _ => {}
            }
        }
    }
    Ok(Route::Site(SitePath {
        key: rest.join("/"),
        is_dir,
        raw_path: raw_path.to_string(),
        query: query.to_string(),
    }))
}

/// Splits an origin-form path into decoded segments; the flag says it ended in `/`.
fn decode_segments(raw_path: &str) -> Result<(Vec<String>, bool), BadPath> {
    let Some(after_root) = raw_path.strip_prefix('/') else {
        return Err(BadPath("the request target must be an absolute path"));
    };
    if after_root.is_empty() {
        return Ok((Vec::new(), true));
    }
    let parts: Vec<&str> = after_root.split('/').collect();
    let is_dir = parts.last().is_some_and(|last| last.is_empty());
    let parts = if is_dir {
        &parts[..parts.len() - 1]
    } else {
        &parts[..]
    };
    let segments = parts
        .iter()
        .map(|part| decode_segment(part))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((segments, is_dir))
}

/// Decodes one segment strictly and refuses any that could change which file is named.
fn decode_segment(raw: &str) -> Result<String, BadPath> {
    if raw.is_empty() {
        return Err(BadPath("empty path segment"));
    }
    let decoded = percent_decode(raw)?;
    if decoded == "." || decoded == ".." {
        return Err(BadPath("`.` and `..` segments are not allowed"));
    }
    if decoded
        .chars()
        .any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(BadPath(
            "slash, backslash or control character in a path segment",
        ));
    }
    Ok(decoded)
}

fn percent_decode(raw: &str) -> Result<String, BadPath> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let high = bytes.get(at + 1).and_then(|b| hex_value(*b));
            let low = bytes.get(at + 2).and_then(|b| hex_value(*b));
            let (Some(high), Some(low)) = (high, low) else {
                return Err(BadPath("malformed percent escape"));
            };
            out.push(high * 16 + low);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadPath("percent escapes that are not UTF-8"))
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str, is_dir: bool) -> Route {
        let raw = format!(
            "/handbook/{key}{}",
            if is_dir && !key.is_empty() { "/" } else { "" }
        );
        Route::Site(SitePath {
            key: key.to_string(),
            is_dir,
            raw_path: raw,
            query: String::new(),
        })
    }

    #[test]
    fn prefixes_are_normalised_from_paths_and_urls() {
        assert_eq!(
            normalize_prefix("https://u.github.io/handbook/"),
            "/handbook/"
        );
        assert_eq!(
            normalize_prefix("https://u.github.io/handbook"),
            "/handbook/"
        );
        assert_eq!(normalize_prefix("https://example.com"), "/");
        assert_eq!(normalize_prefix("/a/b"), "/a/b/");
        assert_eq!(normalize_prefix(""), "/");
        assert_eq!(normalize_prefix("/"), "/");
    }

    #[test]
    fn plain_paths_route_into_the_site() {
        assert_eq!(route("/handbook/", "/handbook/"), Ok(site("", true)));
        assert_eq!(
            route("/handbook/dns/records/", "/handbook/"),
            Ok(site("dns/records", true))
        );
        assert_eq!(
            route("/handbook/css/site.css", "/handbook/"),
            Ok(site("css/site.css", false))
        );
    }

    #[test]
    fn percent_escapes_decode_to_utf8() {
        let Ok(Route::Site(path)) = route("/caf%C3%A9/a%20b.html?x=1", "/") else {
            panic!("expected a site path");
        };
        assert_eq!(path.key, "café/a b.html");
        assert_eq!(path.query, "?x=1");
    }

    #[test]
    fn root_and_bare_prefix_redirect_to_the_prefix() {
        assert_eq!(
            route("/", "/handbook/"),
            Ok(Route::Redirect("/handbook/".into()))
        );
        assert_eq!(
            route("/handbook", "/handbook/"),
            Ok(Route::Redirect("/handbook/".into()))
        );
        assert_eq!(
            route("/handbook?a=1", "/handbook/"),
            Ok(Route::Redirect("/handbook/?a=1".into()))
        );
        assert_eq!(route("/other/page/", "/handbook/"), Ok(Route::Outside));
        assert_eq!(route("/handbookx/", "/handbook/"), Ok(Route::Outside));
    }

    #[test]
    fn live_endpoints_sit_under_the_prefix() {
        assert_eq!(
            route("/handbook/__infrabook/events", "/handbook/"),
            Ok(Route::Events)
        );
        assert_eq!(
            route("/handbook/__infrabook/live.js", "/handbook/"),
            Ok(Route::LiveScript)
        );
        assert_eq!(
            route("/__infrabook/events", "/handbook/"),
            Ok(Route::Outside)
        );
    }

    #[test]
    fn traversal_and_odd_spellings_are_refused() {
        for target in [
            "/../etc/passwd",
            "/handbook/../../etc/passwd",
            "/handbook/./index.html",
            "/%2e%2e/",
            "/%2E%2E/etc/passwd",
            "/%2e%2e%2fetc/passwd",
            "/handbook/dns%2findex.html",
            "//etc/passwd",
            "/handbook//index.html",
            "/handbook/..\\..\\etc\\passwd",
            "/handbook/%5c..%5cetc",
            "/handbook/a%00.html",
            "/handbook/%0d%0aSet-Cookie:x",
            "/handbook/%zz",
            "/handbook/%e",
            "/handbook/%ff%fe",
            "http://evil.example/etc/passwd",
            "*",
            "etc/passwd",
        ] {
            assert!(
                route(target, "/handbook/").is_err(),
                "{target} was not refused"
            );
        }
    }

    #[test]
    fn folder_keys_map_to_their_index() {
        let Ok(Route::Site(path)) = route("/handbook/dns?x", "/handbook/") else {
            panic!("expected a site path");
        };
        assert_eq!(path.file_key(), "dns");
        assert_eq!(path.dir_index_key().as_deref(), Some("dns/index.html"));
        assert_eq!(path.slash_location(), "/handbook/dns/?x");
    }
}
