//! Command-line arguments (clap derive). Raw flags only; [`crate::run`] turns them into options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "infrabook",
    version,
    about = "Build documentation sites whose diagrams are text"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomic: the old site survives any failure).
    Build(BuildArgs),
    /// Check everything a build checks (links, anchors, front matter, templates, diagrams) without
    /// writing the site.
    Check(CheckArgs),
    /// Build into memory and serve on 127.0.0.1 under the base URL's path, rebuilding and reloading the
    /// browser when a source changes.
    Serve(ServeArgs),
    /// Create a new site that builds as it is.
    Init(InitArgs),
    /// Draw one `.infra` diagram on its own (SVG or PNG) and print its lint findings.
    Diagram(DiagramArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The site folder (holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Report broken links and anchors as warnings and write the site anyway (as
    /// `[links] broken = "warn"`).
    #[arg(long)]
    pub warn_links: bool,
    /// Also list notes: the findings diagrams show on purpose (`expect:`); `check` always does.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: ROOT/public].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` from site.toml (e.g. `https://user.github.io/repo/`).
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    /// Each problem with a snippet of the source and a caret.
    #[default]
    Human,
    /// One `file:line:col: severity[CODE]: message` line each.
    Short,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub format: MessageFormat,
    /// Check for this `base_url` instead of site.toml's (e.g. the GitHub Pages sub-path).
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The site folder (holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; keep the default unless you know who else can reach it.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Override `base_url` from site.toml; its path is the prefix pages are served under.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser (or `$BROWSER`) once the first build is served.
    #[arg(long)]
    pub open: bool,
    /// Report broken links and anchors as warnings and serve the site anyway (as `build`).
    #[arg(long)]
    pub warn_links: bool,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder to create (must not exist or be empty).
    pub dir: PathBuf,
    /// Also write a GitHub Actions workflow that publishes the site to GitHub Pages.
    #[arg(long)]
    pub github_pages: bool,
    /// DIR is an existing mdBook, MkDocs or Zola project: write only its `site.toml`, from
    /// `book.toml`, `mkdocs.yml` or `config.toml`.
    #[arg(long, value_enum, value_name = "TOOL")]
    pub from: Option<crate::docstrees::import::FromTool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
    /// Light, switching to dark where the viewer prefers it (SVG only).
    #[default]
    Auto,
}

#[derive(Debug, Clone, Args)]
pub struct DiagramArgs {
    /// The diagram source (`.infra`).
    pub file: PathBuf,
    /// Where to write the drawing: `.png` for a PNG, anything else for SVG [default: SVG to stdout].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ThemeArg::Auto)]
    pub theme: ThemeArg,
    /// Treat warnings (lint findings) as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_flags_parse() {
        let cli = Cli::try_parse_from([
            "infrabook",
            "build",
            "--root",
            "site",
            "--drafts",
            "--base-url",
            "/x/",
        ])
        .unwrap();
        let Command::Build(args) = cli.command else {
            panic!("not build")
        };
        assert!(args.site.drafts);
        assert_eq!(args.base_url.as_deref(), Some("/x/"));
    }
}
