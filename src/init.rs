//! `init DIR`: write a small site that builds as it is, with the default templates and static files
//! embedded in the binary so the user can edit them.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::embedded;

const SITE_TOML: &str = r#"title = "My Handbook"
# Full URL where the site is published; its path part prefixes every link.
base_url = "/"
description = "Notes on our web infrastructure"
language = "en"
# Adds an "Edit this page" link: each page's source path is appended to this URL.
# edit_url = "https://github.com/OWNER/REPO/edit/main/"

[markdown]
smart_punctuation = true
"#;

const HOME: &str = r#"+++
title = "My Handbook"
+++

Welcome. Start with [Getting started](getting-started.md).
"#;

const PAGE: &str = r#"+++
title = "Getting started"
description = "How this site is organised"
weight = 1
+++

Pages are Markdown files under `content/`. Link to other pages by their source file,
like [the home page](_index.md), and every link is checked at build time.

## A code block

```nginx
server {
    listen 443 ssl;
    server_name www.example.com;
}
```

## A diagram

Architecture diagrams are text files in `diagrams/`, drawn at build time. An image link to
one shows it, with the alt text as its caption:

![The web stack](../diagrams/web-stack.infra)

The checker reviews each design for risks (single points of failure, unencrypted hops, hosts
nobody monitors...). This starter diagram accepts its risks with an `allow:` line: delete that
line and build again to see them listed under the figure and in the terminal.

> [!TIP]
> Run `infrabook check` to find broken links without building.
"#;

const DIAGRAM: &str = r#"title: Web stack
direction: right
# Delete the next line to see the risks the checker finds in this design.
allow: [no-firewall, single-point-of-failure, unmonitored-host, single-writer]

browser: Browser { kind: client }
lb: Load balancer { kind: load-balancer }
web: Web server { kind: web-server }
db: Database { kind: database; role: primary }

browser -> lb: HTTPS { proto: https }
lb -> web: HTTP { proto: http }
web -> db { proto: mysql; ops: rw }
"#;

/// The GitHub Pages workflow (the same one this repository publishes its handbook with).
const PAGES_WORKFLOW: &str = include_str!("../.github/workflows/pages.yml");

/// Why `init` could not write the site.
#[derive(Debug, thiserror::Error)]
#[error("cannot write `{path}`: {source}")]
pub struct InitError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// What `init` adds beyond the site itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct InitOptions {
    /// Also write `.github/workflows/pages.yml`, which publishes the site to GitHub Pages.
    pub github_pages: bool,
}

/// The files `init` writes, relative to the new site folder, sorted.
pub fn files(options: InitOptions) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.toml".into(), SITE_TOML.into()),
        ("content/_index.md".into(), HOME.into()),
        ("content/getting-started.md".into(), PAGE.into()),
        ("diagrams/web-stack.infra".into(), DIAGRAM.into()),
    ];
    for (name, bytes) in embedded::template_files() {
        files.push((format!("templates/{name}"), bytes.to_vec()));
    }
    for (name, bytes) in embedded::static_files() {
        files.push((format!("static/{name}"), bytes.to_vec()));
    }
    if options.github_pages {
        files.push((".github/workflows/pages.yml".into(), PAGES_WORKFLOW.into()));
    }
    files.sort();
    files
}

/// Writes a new site into `dir`; a non-empty `dir` is refused (as a diagnostic).
pub fn init(dir: &Path, options: InitOptions) -> Result<Result<usize, Diagnostic>, InitError> {
    let occupied = dir
        .read_dir()
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied || dir.is_file() {
        let message = format!("`{}` already exists and is not empty", dir.display());
        return Ok(Err(
            Diagnostic::error("I001", message).help("choose a new folder")
        ));
    }
    let files = files(options);
    for (name, bytes) in &files {
        let path = dir.join(name);
        let fail = |source| InitError {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, bytes).map_err(|source| InitError {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(Ok(files.len()))
}
