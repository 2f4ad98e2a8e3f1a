//! Link resolution: a Markdown or diagram link target in, the URL to emit (with the base path) out,
//! or the reason it is broken with a "did you mean". Lookups are hash maps, so checking every link of
//! a 10,000-page site stays linear.

use std::collections::{HashMap, HashSet};

use super::paths;
use crate::content::SourceId;

/// Every target a link may point at, built once before rendering.
#[derive(Debug, Default)]
pub struct LinkIndex {
    pub base_path: String,
    /// Root-relative source path (`content/dns/records.md`) -> document.
    docs: HashMap<String, SourceId>,
    /// Per document id: its URL path without base (`dns/records/`); `None` if left out of the build.
    urls: Vec<Option<String>>,
    /// Root-relative paths of files that are copied (bundle files, `static/`) -> URL path.
    files: HashMap<String, String>,
    /// Every URL path the site will have (for `/root/relative` links).
    site_paths: HashSet<String>,
    /// Sources left out as drafts, to explain a link to one.
    drafts: HashSet<String>,
    /// URL path prefixes that are not checked (`[links] ignore`).
    ignore: Vec<String>,
}

/// What a link target turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Not ours (`https:`, `mailto:`, `//host`): leave untouched.
    External,
    /// `#anchor` on the page itself.
    SamePage { anchor: String },
    Doc {
        id: SourceId,
        anchor: Option<String>,
        url: String,
    },
    /// A copied file or a root-relative site path.
    File { url: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub reason: String,
    /// The target as the author should have written it.
    pub suggestion: Option<String>,
}

fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let scheme_end = target.find(':');
    let path_start = target.find(['/', '#', '?']).unwrap_or(target.len());
    matches!(scheme_end, Some(end) if end > 0 && end < path_start)
}

impl LinkIndex {
    pub fn new(base_path: &str, ignore: &[String]) -> Self {
        LinkIndex {
            base_path: base_path.to_string(),
            ignore: ignore
                .iter()
                .map(|p| p.trim_start_matches('/').to_string())
                .collect(),
            ..LinkIndex::default()
        }
    }

    pub fn add_doc(&mut self, id: SourceId, path: &str, url: Option<&str>) {
        if self.urls.len() <= id.index() {
            self.urls.resize(id.index() + 1, None);
        }
        match url {
            Some(url) => {
                self.docs.insert(path.to_string(), id);
                self.urls[id.index()] = Some(url.to_string());
                self.site_paths.insert(url.to_string());
            }
            None => {
                self.drafts.insert(path.to_string());
            }
        }
    }

    pub fn add_file(&mut self, path: &str, url: &str) {
        self.files.insert(path.to_string(), url.to_string());
        self.site_paths.insert(url.to_string());
    }

    /// A URL path the site serves that no source maps to (aliases, generated files).
    pub fn add_site_path(&mut self, url: &str) {
        self.site_paths.insert(url.to_string());
    }

    pub fn url_of(&self, id: SourceId) -> Option<&str> {
        self.urls.get(id.index())?.as_deref()
    }

    /// Full URL (with base path) of a URL path.
    pub fn href(&self, url_path: &str, anchor: Option<&str>) -> String {
        match anchor {
            Some(anchor) => format!("{}{url_path}#{anchor}", self.base_path),
            None => format!("{}{url_path}", self.base_path),
        }
    }

    /// Resolves `target` written in a file in root-relative directory `from_dir`.
    pub fn resolve(&self, from_dir: &str, target: &str) -> Result<Target, Broken> {
        let target = target.trim();
        if target.is_empty() || is_external(target) {
            return Ok(Target::External);
        }
        let (path, anchor) = match target.split_once('#') {
            // `page.md#` and `#` name no anchor: the page itself, or the top of this page.
            Some((path, "")) => (path, None),
            Some((path, anchor)) => (path, Some(anchor.to_string())),
            None => (target, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Ok(match anchor {
                Some(anchor) => Target::SamePage { anchor },
                // `#` or `?query` alone: this page, nothing to check.
                None => Target::External,
            });
        }
        if let Some(site_path) = path.strip_prefix('/') {
            return self.resolve_site_path(site_path, anchor.as_deref());
        }
        let written_as_content = path.starts_with("@/");
        let joined = match path.strip_prefix("@/") {
            Some(rest) => paths::join("content", rest),
            None => paths::join(from_dir, path),
        };
        let Some(candidate) = joined else {
            return Err(Broken {
                reason: "points outside the site folder".to_string(),
                suggestion: None,
            });
        };
        self.resolve_source(&candidate, anchor)
            .map_err(|broken| self.suggest(broken, &candidate, from_dir, written_as_content))
    }

    fn resolve_source(&self, candidate: &str, anchor: Option<String>) -> Result<Target, Broken> {
        let doc_for = |path: &str| self.docs.get(path).copied();
        // A link to a folder means its section or bundle page.
        let folder_page = |dir: &str| {
            ["_index.md", "index.md", "README.md"]
                .iter()
                .find_map(|name| doc_for(&format!("{dir}/{name}")))
        };
        let id = if candidate.ends_with(".md") {
            doc_for(candidate)
        } else if let Some(url) = self.files.get(candidate) {
            return Ok(Target::File {
                url: self.href(url, anchor.as_deref()),
            });
        } else if let Some(stem) = candidate.strip_suffix(".html") {
            // The built name of a source, as mdBook sources write them: `dir/index.html` is the
            // folder's page, `foo.html` the page of `foo.md`.
            match stem
                .strip_suffix("index")
                .filter(|d| d.is_empty() || d.ends_with('/'))
            {
                Some(dir) => folder_page(dir.trim_end_matches('/')),
                None => doc_for(&format!("{stem}.md")),
            }
        } else {
            folder_page(candidate)
        };
        match id {
            Some(id) => {
                let url = self.href(self.url_of(id).unwrap_or_default(), anchor.as_deref());
                Ok(Target::Doc { id, anchor, url })
            }
            None if self.drafts.contains(candidate) => Err(Broken {
                reason: "links to a draft, which is left out of this build".to_string(),
                suggestion: None,
            }),
            None if candidate.ends_with(".md") => Err(Broken {
                reason: "no such page".to_string(),
                suggestion: None,
            }),
            None => Err(Broken {
                reason: "no such file".to_string(),
                suggestion: None,
            }),
        }
    }

    fn resolve_site_path(&self, site_path: &str, anchor: Option<&str>) -> Result<Target, Broken> {
        let url = self.href(site_path, anchor);
        let known = self.site_paths.contains(site_path)
            || self.site_paths.contains(&format!("{site_path}/"))
            || site_path
                .strip_suffix("index.html")
                .is_some_and(|dir| self.site_paths.contains(dir))
            || self
                .ignore
                .iter()
                .any(|prefix| site_path.starts_with(prefix.as_str()));
        if known {
            return Ok(Target::File { url });
        }
        let suggestion = paths::closest(site_path, self.site_paths.iter().map(String::as_str))
            .map(|found| format!("/{found}"));
        Err(Broken {
            reason: "no page or file has this URL".to_string(),
            suggestion,
        })
    }

    fn suggest(&self, broken: Broken, candidate: &str, from_dir: &str, as_content: bool) -> Broken {
        if broken.suggestion.is_some() {
            return broken;
        }
        let names = self
            .docs
            .keys()
            .chain(self.files.keys())
            .map(String::as_str);
        let suggestion = paths::closest(candidate, names).map(|found| {
            match (as_content, found.strip_prefix("content/")) {
                (true, Some(rest)) => format!("@/{rest}"),
                _ => paths::relative(from_dir, found),
            }
        });
        Broken {
            suggestion,
            ..broken
        }
    }
}

/// Adapts the index to the diagram engine's [`crate::diagram::LinkResolver`] for one file's folder.
pub struct DiagramLinks<'a> {
    pub index: &'a LinkIndex,
    pub from_dir: &'a str,
}

impl crate::diagram::LinkResolver for DiagramLinks<'_> {
    fn resolve(&self, target: &str) -> Result<String, String> {
        match self.index.resolve(self.from_dir, target) {
            Ok(Target::External) => Ok(target.to_string()),
            Ok(Target::SamePage { anchor }) => Ok(format!("#{anchor}")),
            Ok(Target::Doc { url, .. } | Target::File { url }) => Ok(url),
            Err(broken) => Err(match broken.suggestion {
                Some(s) => format!("{} (did you mean `{s}`?)", broken.reason),
                None => broken.reason,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut index = LinkIndex::new("/handbook/", &[]);
        index.add_doc(SourceId(0), "content/_index.md", Some(""));
        index.add_doc(SourceId(1), "content/dns/records.md", Some("dns/records/"));
        index.add_doc(SourceId(2), "content/lb/index.md", Some("lb/"));
        index.add_doc(SourceId(3), "content/wip.md", None);
        index.add_file("content/lb/haproxy.png", "lb/haproxy.png");
        index.add_file("static/css/site.css", "css/site.css");
        index
    }

    #[test]
    fn relative_source_links_become_prefixed_urls() {
        let target = index()
            .resolve("content/lb", "../dns/records.md#cname")
            .unwrap();
        let Target::Doc { url, anchor, .. } = target else {
            panic!("{target:?}")
        };
        assert_eq!(url, "/handbook/dns/records/#cname");
        assert_eq!(anchor.as_deref(), Some("cname"));
    }

    #[test]
    fn at_links_folders_and_bundle_files() {
        let index = index();
        assert!(matches!(
            index.resolve("content/dns", "@/lb/index.md"),
            Ok(Target::Doc { .. })
        ));
        assert!(matches!(
            index.resolve("content/dns", "../lb"),
            Ok(Target::Doc { .. })
        ));
        let file = index.resolve("content/lb", "haproxy.png").unwrap();
        assert_eq!(
            file,
            Target::File {
                url: "/handbook/lb/haproxy.png".to_string()
            }
        );
        assert!(index.resolve("content", "/css/site.css").is_ok());
    }

    #[test]
    fn external_and_same_page_links_are_recognised() {
        let index = index();
        assert_eq!(
            index.resolve("content", "https://x.org/a.md"),
            Ok(Target::External)
        );
        assert_eq!(
            index.resolve("content", "mailto:a@b.c"),
            Ok(Target::External)
        );
        assert_eq!(
            index.resolve("content", "#top"),
            Ok(Target::SamePage {
                anchor: "top".to_string()
            })
        );
    }

    #[test]
    fn built_names_and_empty_anchors_resolve_to_the_page() {
        let index = index();
        let doc = |from: &str, target: &str| match index.resolve(from, target) {
            Ok(Target::Doc { url, anchor, .. }) => (url, anchor),
            other => panic!("{target}: {other:?}"),
        };
        assert_eq!(
            doc("content/lb", "../dns/records.html#a").0,
            "/handbook/dns/records/#a"
        );
        assert_eq!(doc("content/dns", "../lb/index.html").0, "/handbook/lb/");
        assert_eq!(doc("content/dns", "../index.html").0, "/handbook/");
        assert_eq!(
            doc("content/dns", "records.md#"),
            ("/handbook/dns/records/".into(), None)
        );
        assert_eq!(index.resolve("content", "#"), Ok(Target::External));
        assert_eq!(index.resolve("content", "?q=dns"), Ok(Target::External));
        assert!(index.resolve("content/dns", "nope.html").is_err());
    }

    #[test]
    fn ignored_prefixes_are_not_checked() {
        let index = LinkIndex::new("/h/", &["/api/".to_string()]);
        let target = index.resolve("content", "/api/v1/").unwrap();
        assert_eq!(
            target,
            Target::File {
                url: "/h/api/v1/".to_string()
            }
        );
        assert!(index.resolve("content", "/apix/").is_err());
    }

    #[test]
    fn broken_links_suggest_in_the_form_written() {
        let index = index();
        let broken = index.resolve("content/lb", "../dns/record.md").unwrap_err();
        assert_eq!(broken.suggestion.as_deref(), Some("../dns/records.md"));
        let broken = index.resolve("content/lb", "@/dns/record.md").unwrap_err();
        assert_eq!(broken.suggestion.as_deref(), Some("@/dns/records.md"));
        let draft = index.resolve("content", "wip.md").unwrap_err();
        assert!(draft.reason.contains("draft"));
    }
}
