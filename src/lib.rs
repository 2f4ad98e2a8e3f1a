//! infrabook: a static documentation site generator whose pages carry architecture diagrams written as
//! text, checked and drawn at build time.
//!
//! # Pipeline
//!
//! Data flows one way; each stage is a module that takes the previous stage's type and returns its own,
//! collecting every problem as a [`diagnostics::Diagnostic`] instead of stopping at the first:
//!
//! 1. [`config`]: `site.toml` -> [`config::SiteConfig`] (unknown keys are errors at their line).
//! 2. [`content`] (load): walk `content/` in sorted order -> [`content::SourceDoc`]s with ids, plus
//!    bundle files.
//! 3. [`frontmatter`] (parse): split and read `+++` TOML / `---` YAML -> [`frontmatter::ParsedDoc`].
//! 4. [`site`] (plan): URL and parent section of every document, duplicate URLs, and the
//!    [`site::LinkIndex`] that resolves links.
//! 5. [`markdown`] (render, in parallel): HTML, heading ids, TOC, links rewritten and checked,
//!    code highlighted by [`highlight`], diagrams drawn by [`diagram`] -> [`markdown::RenderedDoc`].
//! 6. [`site`] (graph): anchors checked, titles settled, ordering, prev/next, breadcrumbs ->
//!    [`site::SiteGraph`].
//! 7. [`templates`]: Tera over typed contexts (in parallel) -> [`output::OutputFile`]s.
//!    [`search`] indexes each rendered page's search document, on its own thread as pages come,
//!    into a static, chunked full-text index.
//! 8. [`output`]: staging folder, then an atomic swap over the previous site; or [`serve`], which keeps
//!    the files in memory, serves them on 127.0.0.1 and rebuilds when a source changes.
//!
//! [`build::build_site`] runs 1-7 in memory (for `serve`; [`build::check_site`] is the same
//! without the search index, for `check`); [`build::build_into`] streams pages to disk (`build`);
//! [`run`] is what the binary calls. The library never prints; the binary renders diagnostics with
//! [`diagnostics::render`].

// Diagnostics are returned by value on cold paths (a user mistake ends the stage); boxing each one
// would make every call site noisier for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod build;
pub mod cards;
pub mod cli;
pub mod config;
pub mod content;
pub mod dev_server;
pub mod diagnostics;
pub mod diagram;
pub mod diagram_file;
pub mod docstrees;
mod embedded;
pub mod frontmatter;
mod git_dates;
pub mod highlight;
pub mod init;
pub mod markdown;
pub mod output;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;

use std::path::PathBuf;

pub use build::{BuildOptions, BuildResult, SiteOutput, Summary, build_site};

use cli::{Command, DiagramArgs, MessageFormat, SiteArgs, ThemeArg};
use diagnostics::{Diagnostic, Format, Sources};

/// What a command produced, for the binary to print.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    pub format: Format,
    /// Counts after a successful build or check.
    pub summary: Option<Summary>,
    /// What was done, for commands other than build/check (e.g. init).
    pub message: Option<String>,
    /// True for `check` (the summary says "checked" rather than "built").
    pub checked_only: bool,
    /// Bytes for standard output (`diagram` without `--output`).
    pub stdout: Option<Vec<u8>>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn from_diagnostic(diagnostic: Diagnostic) -> Outcome {
        Outcome {
            diagnostics: vec![diagnostic],
            ..Outcome::default()
        }
    }
}

/// Failures of the system rather than of the input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Write(#[from] output::WriteError),
    #[error(transparent)]
    Init(#[from] init::InitError),
    #[error(transparent)]
    Diagram(#[from] diagram_file::DiagramFileError),
    #[error("`serve` runs until stopped: start it with dev_server::start, not run")]
    LongRunning,
    #[error("cannot write {path}: {source}")]
    WriteDrawing {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn build_options(site: &SiteArgs, base_url: Option<String>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        base_url,
        include_drafts: site.drafts,
        deny_warnings: site.deny_warnings,
        live_reload: false,
        warn_links: site.warn_links,
    }
}

fn outcome_of(result: BuildResult, format: Format, checked_only: bool) -> Outcome {
    Outcome {
        summary: result.site.as_ref().map(|site| site.summary),
        diagnostics: result.diagnostics,
        sources: result.sources,
        format,
        message: None,
        checked_only,
        stdout: None,
    }
}

fn draw_diagram(args: &DiagramArgs) -> Result<Outcome, RunError> {
    let theme = match args.theme {
        ThemeArg::Light => diagram::Theme::Light,
        ThemeArg::Dark => diagram::Theme::Dark,
        ThemeArg::Auto => diagram::Theme::Auto,
    };
    let options = diagram_file::DiagramFileOptions {
        input: args.file.clone(),
        output: args.output.clone(),
        theme,
    };
    let mut drawn = diagram_file::draw(&options)?;
    if args.deny_warnings {
        for finding in drawn.diagnostics.iter_mut().filter(|d| !d.is_note()) {
            finding.severity = diagnostics::Severity::Error;
        }
    }
    let failed = drawn.diagnostics.iter().any(Diagnostic::is_error);
    let warnings = drawn.diagnostics.len();
    let mut outcome = Outcome {
        diagnostics: drawn.diagnostics,
        sources: drawn.sources,
        ..Outcome::default()
    };
    let Some(bytes) = drawn.bytes.filter(|_| !failed) else {
        return Ok(outcome);
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, bytes).map_err(|source| RunError::WriteDrawing {
                path: path.clone(),
                source,
            })?;
            outcome.message = Some(format!(
                "Drew {} into {} ({warnings} finding{})",
                args.file.display(),
                path.display(),
                if warnings == 1 { "" } else { "s" }
            ));
        }
        None => outcome.stdout = Some(bytes),
    }
    Ok(outcome)
}

/// Runs one command.
pub fn run(command: &Command) -> Result<Outcome, RunError> {
    match command {
        Command::Build(args) => {
            let options = build_options(&args.site, args.base_url.clone());
            let output: PathBuf = args
                .output
                .clone()
                .unwrap_or_else(|| args.site.root.join("public"));
            if let Err(refused) = output::check_target(&options.root, &output) {
                return Ok(Outcome::from_diagnostic(refused));
            }
            let mut result = build::build_into(&options, &output)?;
            if !args.site.verbose {
                result.diagnostics.retain(|d| !d.is_note());
            }
            Ok(outcome_of(result, Format::Human, false))
        }
        Command::Check(args) => {
            let format = match args.format {
                MessageFormat::Human => Format::Human,
                MessageFormat::Short => Format::Short,
            };
            let mut result = build::check_site(&build_options(&args.site, args.base_url.clone()));
            if let Some(site) = &result.site {
                let problems = audit::audit(&site.files, &site.base_path);
                if !problems.is_empty() {
                    result.diagnostics.extend(problems);
                    result.site = None;
                }
            }
            Ok(outcome_of(result, format, true))
        }
        Command::Init(args) if args.from.is_some() => Ok(import_site(args)),
        Command::Init(args) => match init::init(
            &args.dir,
            init::InitOptions {
                github_pages: args.github_pages,
            },
        )? {
            Ok(count) => Ok(Outcome {
                message: Some(format!(
                    "Created a site with {count} files in {}",
                    args.dir.display()
                )),
                ..Outcome::default()
            }),
            Err(refused) => Ok(Outcome::from_diagnostic(refused)),
        },
        Command::Diagram(args) => draw_diagram(args),
        Command::Serve(_) => Err(RunError::LongRunning),
    }
}

/// `init --from TOOL DIR`: `DIR/site.toml` from the tool's config, and what did not carry over.
fn import_site(args: &cli::InitArgs) -> Outcome {
    use docstrees::import;
    let Some(tool) = args.from else {
        return Outcome::default();
    };
    let target = args.dir.join(config::CONFIG_FILE);
    if target.exists() {
        let message = format!("`{}` already exists", target.display());
        return Outcome::from_diagnostic(
            Diagnostic::error("I001", message).help("remove it to import again"),
        );
    }
    let imported = match import::import(tool, &args.dir) {
        Ok(imported) => imported,
        Err(why) => return Outcome::from_diagnostic(Diagnostic::error("I002", why)),
    };
    if let Err(error) = std::fs::write(&target, imported.site_toml()) {
        let message = format!("cannot write `{}`: {error}", target.display());
        return Outcome::from_diagnostic(Diagnostic::error("I002", message));
    }
    let mut message = format!(
        "Wrote {} from {}. Next: copy `{}/` to `content/` and run `infrabook build --warn-links`.",
        target.display(),
        tool.config_file(),
        imported.docs_dir
    );
    if !imported.not_carried.is_empty() {
        message.push_str("\nNot carried over:");
        for item in &imported.not_carried {
            message.push_str("\n  - ");
            message.push_str(item);
        }
    }
    Outcome {
        message: Some(message),
        ..Outcome::default()
    }
}
