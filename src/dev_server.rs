//! The `serve` command: the incremental build plugged into the [`serve`](crate::serve) dev server.
//!
//! Takes the serve flags; builds the site in memory with live reload on, under the same path
//! prefix as `base_url` (so a sub-path bug shows locally), and hands the server what each build
//! changed ([`ServeBuild`] decides what a change affects). With search on, the first build waits
//! for the index; after that the edited pages are swapped in and the tabs reloaded first, and the
//! index is made again in the background. What the server reports goes to a callback: the
//! library never prints.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::build::{
    BuildOptions, Delta, ServeBuild, SharedBytes, search_index_live, search_index_ours,
};
use crate::config::SearchWriter;
use crate::config::{CONFIG_FILE, SiteConfig, SiteUrls};
use crate::diagnostics::{self, Format, Sources};
use crate::search::live::LiveIndex;
use crate::search::writer::live::LivePages;
use crate::serve::{
    self, BackgroundJob, Rebuilt, ServeError, ServeEvent, ServeOptions, ServerHandle, SiteBuilder,
    SiteFiles, SiteUpdate,
};

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
    /// Broken links and anchors are warnings (`serve --warn-links`).
    pub warn_links: bool,
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

type Report = Arc<dyn Fn(String) + Send + Sync>;

/// The serve build behind the server, one build at a time.
struct DevBuilder {
    options: BuildOptions,
    color: bool,
    build: Mutex<ServeBuild>,
    /// Warnings of good builds.
    report: Report,
    /// Pagefind's index between index jobs (one job runs at a time), so an edit reads one page.
    live: Arc<Mutex<Option<LiveIndex>>>,
    /// The same for our own writer (`[search] writer = "infrabook"`).
    ours: Arc<Mutex<LivePages>>,
}

impl DevBuilder {
    fn new(options: BuildOptions, color: bool, report: Report) -> DevBuilder {
        let build = Mutex::new(ServeBuild::new(options.clone(), color));
        DevBuilder {
            options,
            color,
            build,
            report,
            live: Arc::default(),
            ours: Arc::default(),
        }
    }

    /// Where serve keeps Pagefind's bundle between index jobs: its own folder in the site's cache,
    /// so a `build` running meanwhile never prunes what a job is reading.
    fn index_cache(&self) -> PathBuf {
        crate::search::cache::beside(&self.options.root.join("public")).join("serve")
    }

    /// Queues the search index as the build's background job, or (`inline`: a caller that wants
    /// the whole site at once, [`SiteBuilder::build`]) makes it now.
    fn with_index(
        &self,
        build: &mut ServeBuild,
        mut rebuilt: Rebuilt,
        inline: bool,
    ) -> Result<Rebuilt, String> {
        let Some((pages, language)) = build.search_pages() else {
            return Ok(rebuilt);
        };
        let slot = match build.search_writer() {
            Some(SearchWriter::Infrabook) => Slot::Ours(Arc::clone(&self.ours)),
            _ => Slot::Pagefind(self.index_cache(), Arc::clone(&self.live)),
        };
        if !inline {
            rebuilt.background = Some(BackgroundJob {
                label: "search index".into(),
                run: Box::new(move || index_update(&pages, &language, &slot, false)),
            });
            return Ok(rebuilt);
        }
        match index_update(&pages, &language, &slot, self.color) {
            Ok(index) => {
                rebuilt.update.removed_folders = index.removed_folders;
                rebuilt.update.written.extend(index.written);
                Ok(rebuilt)
            }
            Err(report) => {
                // The server keeps no site from this build: the next one must send it whole.
                build.send_whole_next();
                Err(report)
            }
        }
    }
}

impl SiteBuilder for DevBuilder {
    /// The whole site, for a caller other than the server (which only calls `rebuild`).
    fn build(&self) -> Result<SiteFiles, String> {
        let send_whole_next = || {
            if let Ok(mut build) = self.build.lock() {
                build.send_whole_next();
            }
        };
        // Whole, so the files below are the site; and whole again next time, since the server
        // has not seen them.
        send_whole_next();
        let rebuilt = self.rebuild_with(&[], true);
        send_whole_next();
        Ok(rebuilt?
            .update
            .written
            .into_iter()
            .map(|(path, bytes)| (path, bytes.to_vec()))
            .collect())
    }

    fn rebuild(&self, changed: &[PathBuf]) -> Result<Rebuilt, String> {
        self.rebuild_with(changed, false)
    }
}

impl DevBuilder {
    /// A build after `changed`; the search index is made `inline` or in the background.
    fn rebuild_with(&self, changed: &[PathBuf], inline: bool) -> Result<Rebuilt, String> {
        let mut build = self.build.lock().unwrap_or_else(|poisoned| {
            // A build panicked half-way: start again from nothing.
            let mut build = poisoned.into_inner();
            *build = ServeBuild::new(self.options.clone(), self.color);
            build
        });
        self.build.clear_poison();
        let outcome = build.update(changed);
        let Some(delta) = outcome.delta else {
            return Err(outcome.report);
        };
        if !outcome.report.is_empty() {
            (self.report)(outcome.report);
        }
        // A change that touched no page leaves the index as it is (and any job making it).
        let pages_changed = delta.whole
            || delta
                .written
                .iter()
                .map(|(path, _)| path)
                .chain(&delta.removed)
                .any(|path| path.ends_with(".html"));
        let rebuilt = Rebuilt {
            update: site_update(delta),
            pages: (!outcome.full).then_some(outcome.pages),
            background: None,
            cancels_background: !outcome.search,
        };
        if outcome.search && pages_changed {
            self.with_index(&mut build, rebuilt, inline)
        } else {
            Ok(rebuilt)
        }
    }
}

fn site_update(delta: Delta) -> SiteUpdate {
    SiteUpdate {
        whole: delta.whole,
        written: delta.written,
        removed: delta.removed,
        removed_folders: delta.removed_folders,
    }
}

/// Where an index job keeps its index: Pagefind's (with its bundle's cache folder), or ours.
enum Slot {
    Pagefind(PathBuf, Arc<Mutex<Option<LiveIndex>>>),
    Ours(Arc<Mutex<LivePages>>),
}

/// The search index of `pages` as an update that replaces the served one.
fn index_update(
    pages: &[(String, SharedBytes)],
    language: &str,
    slot: &Slot,
    color: bool,
) -> Result<SiteUpdate, String> {
    let result = match slot {
        Slot::Pagefind(cache, slot) => {
            let mut live = slot.lock().unwrap_or_else(|poisoned| {
                // A job panicked half-way: its index may be half updated, so start afresh.
                let mut live = poisoned.into_inner();
                *live = None;
                live
            });
            slot.clear_poison();
            search_index_live(pages, language, cache, &mut live)
        }
        Slot::Ours(slot) => {
            let mut live = slot.lock().unwrap_or_else(|poisoned| {
                let mut live = poisoned.into_inner();
                *live = LivePages::default();
                live
            });
            slot.clear_poison();
            search_index_ours(pages, language, &mut live)
        }
    };
    match result {
        Ok(index) => Ok(SiteUpdate {
            written: index,
            removed_folders: vec![format!("{}/", crate::search::BUNDLE_DIR)],
            ..SiteUpdate::default()
        }),
        Err(error) => Err(diagnostics::render(
            &[error],
            &Sources::default(),
            Format::Human,
            color,
        )),
    }
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
        warn_links: options.warn_links,
    };
    let report = Arc::new(report);
    let warnings: Report = report.clone();
    let builder = DevBuilder::new(build, options.color, warnings);
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

/// Opens `url` in the default browser (`$BROWSER` when set) without waiting for it. An error
/// says why none could be started; serving goes on either way.
pub fn open_in_browser(url: &str) -> Result<(), String> {
    opener::open_browser(url).map_err(|error| error.to_string())
}
