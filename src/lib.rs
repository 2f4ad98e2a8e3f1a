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
//! 8. [`output`]: staging folder, then an atomic swap over the previous site.
//!
//! [`build::build_site`] runs 1-7 in memory (for `build`, `check` and `serve`); [`run`] is what the
//! binary calls. The library never prints; the binary renders diagnostics with
//! [`diagnostics::render`].

// Diagnostics are returned by value on cold paths (a user mistake ends the stage); boxing each one
// would make every call site noisier for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod diagram;
mod embedded;
pub mod frontmatter;
pub mod highlight;
pub mod init;
pub mod markdown;
pub mod output;
pub mod site;
pub mod templates;

use std::path::PathBuf;

pub use build::{BuildOptions, BuildResult, SiteOutput, Summary, build_site};

use cli::{Command, MessageFormat, SiteArgs};
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
}

fn build_options(site: &SiteArgs, base_url: Option<String>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        base_url,
        include_drafts: site.drafts,
        deny_warnings: site.deny_warnings,
        live_reload: false,
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
    }
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
            let result = build::build_into(&options, &output)?;
            Ok(outcome_of(result, Format::Human, false))
        }
        Command::Check(args) => {
            let format = match args.format {
                MessageFormat::Human => Format::Human,
                MessageFormat::Short => Format::Short,
            };
            let result = build_site(&build_options(&args.site, None));
            Ok(outcome_of(result, format, true))
        }
        Command::Init(args) => match init::init(&args.dir)? {
            Ok(count) => Ok(Outcome {
                message: Some(format!(
                    "Created a site with {count} files in {}",
                    args.dir.display()
                )),
                ..Outcome::default()
            }),
            Err(refused) => Ok(Outcome::from_diagnostic(refused)),
        },
    }
}
