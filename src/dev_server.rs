//! The `serve` command: the build pipeline plugged into the [`serve`](crate::serve) dev server.
//!
//! Takes the serve flags; builds the whole site in memory with live reload on, under the same path
//! prefix as `base_url` (so a sub-path bug shows locally), and hands the files to the server. What
//! the server reports goes to a callback: the library never prints.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::build::{BuildOptions, build_site};
use crate::config::{CONFIG_FILE, SiteConfig, SiteUrls};
use crate::diagnostics::{self, Format};
use crate::serve::{self, ServeError, ServeEvent, ServeOptions, ServerHandle, SiteFiles};

/// What `infrabook serve` was asked for.
#[derive(Debug, Clone)]
pub struct DevServerOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Overrides `base_url` from site.toml; only its path is used locally.
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Colour codes in terminal diagnostics (the browser overlay strips them).
    pub color: bool,
}

/// The path prefix to serve under: from `--base-url`, else from site.toml, else `/` (a broken
/// site.toml is then reported by the first build).
fn base_path(options: &DevServerOptions) -> String {
    let configured = options.base_url.clone().or_else(|| {
        let text = std::fs::read_to_string(options.root.join(CONFIG_FILE)).ok()?;
        SiteConfig::parse(&text).ok().map(|config| config.base_url)
    });
    configured
        .and_then(|url| SiteUrls::parse(&url).ok())
        .map_or_else(|| "/".to_string(), |urls| urls.base_path)
}

/// Builds the site for serving. Warnings of a good build go to `report`; a failed build returns
/// its diagnostics for the terminal and the browser overlay.
fn build_for_serve(
    build: &BuildOptions,
    color: bool,
    report: &(dyn Fn(String) + Send + Sync),
) -> Result<SiteFiles, String> {
    let result = build_site(build);
    let text = diagnostics::render(&result.diagnostics, &result.sources, Format::Human, color);
    let site = match result.site {
        Some(site) if !result.has_errors() => site,
        _ => return Err(text),
    };
    if !text.is_empty() {
        report(text);
    }
    site.files
        .iter()
        .map(|file| {
            let bytes = file
                .read()
                .map_err(|error| format!("cannot read `{}`: {error}", file.path))?;
            Ok((file.path.clone(), bytes))
        })
        .collect()
}

/// Starts the dev server; `report` receives every line worth printing (build results, warnings).
pub fn start(
    options: &DevServerOptions,
    report: impl Fn(String) + Send + Sync + 'static,
) -> Result<ServerHandle, ServeError> {
    let base_path = base_path(options);
    let build = BuildOptions {
        root: options.root.clone(),
        base_url: Some(base_path.clone()),
        include_drafts: options.include_drafts,
        deny_warnings: false,
        live_reload: true,
    };
    let report = Arc::new(report);
    let warnings = Arc::clone(&report);
    let color = options.color;
    let builder = move || build_for_serve(&build, color, &*warnings);
    let server_options = ServeOptions {
        root: options.root.clone(),
        bind: options.bind,
        port: options.port,
        base_path,
        ..ServeOptions::default()
    };
    serve::start(
        server_options,
        Arc::new(builder),
        move |event: ServeEvent| report(event.to_string()),
    )
}
