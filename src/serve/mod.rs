//! `infrabook serve`: takes a [`SiteBuilder`] and [`ServeOptions`], builds the site into memory and
//! serves it over HTTP on a local address under the same path prefix as `base_url`; watches the
//! site's sources, rebuilds on change, and live-reloads open tabs.
//!
//! The parts, one way:
//! - `paths`: raw request target -> route (or refusal); strict, nothing is normalised.
//! - `site`: the previous site plus a build's [`SiteUpdate`] (the whole site, or the files that
//!   changed) -> a new immutable in-memory `Site` sharing the untouched files' bytes.
//! - `http`: request -> response from one site snapshot (tiny_http, a small worker pool).
//! - `reload`: build outcomes -> Server-Sent Events at `{prefix}__infrabook/events`, and the
//!   script at `{prefix}__infrabook/live.js` that listens.
//! - `watch`: file-system events -> debounced batches -> one rebuild at a time.
//! - `background`: a build's [`BackgroundJob`] (the search index) -> its update, swapped in later.
//! - `report`: what the caller is told ([`ServeEvent`], [`ServeError`]).
//!
//! Use: [`start`] with a builder and options, print the [`ServeEvent`]s it reports, give a
//! [`ShutdownHandle`] to the Ctrl-C handler, and [`ServerHandle::wait`].
//!
//! Guarantees: every response is wholly one build (sites are swapped as a whole `Arc`); a failed
//! build keeps the last good site, and its diagnostics go to the [`ServeEvent`] callback and to
//! the browser overlay; only files of the built site are ever served. A build's
//! [`BackgroundJob`] (the search index) runs after the tabs were told to reload, one job at a
//! time, and its files are swapped in the same way; a later build can cancel it, and a newer job
//! waiting makes an older waiting one skip. The library never
//! prints: the binary prints the events it is given.

mod background;
mod compress;
mod content_type;
mod http;
mod paths;
mod reload;
mod report;
mod site;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use background::BackgroundJob;
pub use paths::normalize_prefix;
pub use report::{ServeError, ServeEvent};
pub use watch::{WATCHED_DIRS, WATCHED_FILES};

use background::Background;
use reload::LiveHub;
use site::{Bytes, Site};
use watch::{Control, Watcher};

/// A whole built site: paths relative to the site root (`"index.html"`, `"dns/records/index.html"`,
/// `"css/site.css"`) with their bytes.
pub type SiteFiles = Vec<(String, Vec<u8>)>;

/// File bytes, shared between the builder, the served site and the responses reading them.
pub type FileBytes = Arc<[u8]>;

/// What a build changed in the served site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteUpdate {
    /// `written` is the whole site: nothing of the previous one is kept.
    pub whole: bool,
    /// Files added or changed, by path relative to the site root.
    pub written: Vec<(String, FileBytes)>,
    pub removed: Vec<String>,
    /// Folders (`pagefind/`) whose every file goes before `written` is added.
    pub removed_folders: Vec<String>,
}

impl SiteUpdate {
    /// The whole site.
    pub fn whole(files: SiteFiles) -> SiteUpdate {
        SiteUpdate {
            whole: true,
            written: files
                .into_iter()
                .map(|(path, bytes)| (path, FileBytes::from(bytes)))
                .collect(),
            ..SiteUpdate::default()
        }
    }
}

/// A good build: what changed, how much was rebuilt, and what is left to do in the background.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub update: SiteUpdate,
    /// Pages an incremental build rendered again; `None` for a build of the whole site.
    pub pages: Option<usize>,
    pub background: Option<BackgroundJob>,
    /// Jobs of earlier builds are pointless now (search was turned off): their updates are
    /// dropped. Without it, an earlier job still lands when no newer job has.
    pub cancels_background: bool,
}

impl Rebuilt {
    /// A whole site, nothing in the background.
    pub fn whole(files: SiteFiles) -> Rebuilt {
        Rebuilt {
            update: SiteUpdate::whole(files),
            ..Rebuilt::default()
        }
    }
}

/// What serve needs from the build: the site in memory (whole, or what changed), or the
/// diagnostics to show.
pub trait SiteBuilder: Send + Sync {
    /// Builds the whole site with `live_reload` on. `Err` holds the rendered diagnostics, shown
    /// in the terminal and in the browser overlay (colour codes are stripped for the browser).
    fn build(&self) -> Result<SiteFiles, String>;

    /// Builds after `changed` (paths relative to the site root) changed; empty means everything
    /// (the first build, or one asked for). The default builds the whole site; a builder that
    /// keeps state returns only what changed. The first good build must be `whole`.
    fn rebuild(&self, changed: &[PathBuf]) -> Result<Rebuilt, String> {
        let _ = changed;
        self.build().map(Rebuilt::whole)
    }
}

impl<F> SiteBuilder for F
where
    F: Fn() -> Result<SiteFiles, String> + Send + Sync,
{
    fn build(&self) -> Result<SiteFiles, String> {
        self()
    }
}

/// How to serve. `Default` is what `infrabook serve` does with no flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The site root: the watched folders and files are looked up under it.
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port (tests).
    pub port: u16,
    /// The path prefix, or the whole `base_url` (`https://u.github.io/handbook/` -> `/handbook/`).
    pub base_path: String,
    /// Watch the sources and rebuild on change.
    pub watch: bool,
    /// How long the sources must be quiet before a rebuild starts.
    pub debounce: Duration,
    /// Threads answering requests (event streams get their own).
    pub workers: usize,
    /// How often an idle event stream sends a comment, to notice closed tabs.
    pub keepalive: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            base_path: "/".into(),
            watch: true,
            debounce: DEFAULT_DEBOUNCE,
            workers: 8,
            keepalive: Duration::from_secs(15),
        }
    }
}

/// How long the sources must be quiet before a rebuild starts. Editors save in bursts (a write,
/// then a rename or a second write a few milliseconds later; `:wa` in vim writes one file after
/// another); 30 ms folds those and is a third of what an edit waited before.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);

/// What the request threads and the rebuild loop share.
pub(crate) struct ServerState {
    site: RwLock<Arc<Site>>,
    hub: LiveHub,
    prefix: String,
    live_script: Bytes,
    keepalive: Duration,
    debounce: Duration,
    instance: String,
    generation: AtomicU64,
    /// Held while a new site is made from the current one and swapped in, so a build and a
    /// background job never both start from the same site and lose each other's files.
    updating: Mutex<()>,
    background: Background,
}

impl ServerState {
    fn new(prefix: String, options: &ServeOptions) -> ServerState {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let instance = format!("{:x}", nanos & 0xffff_ffff_ffff);
        ServerState {
            site: RwLock::new(Arc::new(Site::failed(
                "The first build has not finished.",
                &prefix,
            ))),
            hub: LiveHub::new(format!("{instance}-0"), None),
            live_script: Bytes::from(reload::live_script(&prefix).into_bytes()),
            prefix,
            keepalive: options.keepalive,
            debounce: options.debounce,
            instance,
            generation: AtomicU64::new(0),
            updating: Mutex::new(()),
            background: Background::default(),
        }
    }

    /// The site to answer one request from.
    fn current_site(&self) -> Arc<Site> {
        Arc::clone(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn swap_site(&self, site: Site) {
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(site);
    }

    /// Makes the next site from the current one and `update`, and swaps it in; returns its size.
    fn apply(&self, update: SiteUpdate) -> usize {
        let _updating = self.updating.lock().unwrap_or_else(PoisonError::into_inner);
        let site = self.current_site().updated(update, &self.prefix);
        let files = site.len();
        self.swap_site(site);
        files
    }

    /// Runs one build, swaps in its site if it succeeded, tells the tabs, and says what happened;
    /// also returns the build's background job with the generation it belongs to.
    fn run_build(
        &self,
        build: impl FnOnce() -> Result<Rebuilt, String>,
        changed: Vec<PathBuf>,
    ) -> (ServeEvent, Option<(u64, BackgroundJob)>) {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|panic| {
            let text = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(format!("internal error: the build panicked: {text}"))
        });
        match outcome {
            Ok(rebuilt) => {
                // Swap before telling the tabs, so a reloading tab gets the new site.
                let files = self.apply(rebuilt.update);
                let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
                self.hub.built(format!("{}-{generation}", self.instance));
                let elapsed = started.elapsed();
                if rebuilt.cancels_background {
                    self.background
                        .obsolete_below
                        .store(generation, Ordering::SeqCst);
                }
                let event = ServeEvent::Built {
                    files,
                    pages: rebuilt.pages,
                    elapsed,
                    changed,
                };
                (event, rebuilt.background.map(|job| (generation, job)))
            }
            Err(diagnostics) => {
                if !self.current_site().is_built() {
                    self.swap_site(Site::failed(&diagnostics, &self.prefix));
                }
                self.hub.failed(diagnostics.clone());
                let event = ServeEvent::BuildFailed {
                    diagnostics,
                    elapsed: started.elapsed(),
                    changed,
                };
                (event, None)
            }
        }
    }
}

type Reporter = Arc<dyn Fn(ServeEvent) + Send + Sync>;

/// Asks a running server to stop; cheap to clone and safe to call from a Ctrl-C handler.
#[derive(Clone, Debug)]
pub struct ShutdownHandle {
    signal: Arc<(Mutex<bool>, Condvar)>,
}

impl ShutdownHandle {
    /// Asks the server to stop; [`ServerHandle::wait`] then returns once it has.
    pub fn shutdown(&self) {
        let (requested, condvar) = &*self.signal;
        *requested.lock().unwrap_or_else(PoisonError::into_inner) = true;
        condvar.notify_all();
    }

    fn wait(&self) {
        let (requested, condvar) = &*self.signal;
        let mut guard = requested.lock().unwrap_or_else(PoisonError::into_inner);
        while !*guard {
            guard = condvar.wait(guard).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// The threads of a running server, stopped in order by [`ServerHandle`].
struct Running {
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    rebuilder: Option<JoinHandle<()>>,
    control: Sender<Control>,
    state: Arc<ServerState>,
}

/// A running server. Dropping it stops the server too.
pub struct ServerHandle {
    addr: SocketAddr,
    prefix: String,
    shutdown: ShutdownHandle,
    running: Option<Running>,
}

impl ServerHandle {
    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open: `http://127.0.0.1:1111/handbook/` (loopback when bound to all addresses).
    pub fn url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            });
        }
        format!("http://{addr}{}", self.prefix)
    }

    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    /// Rebuilds now, as if a source changed (the outcome arrives through the callback).
    pub fn rebuild(&self) {
        if let Some(running) = &self.running {
            let _ = running.control.send(Control::Rebuild);
        }
    }

    /// Blocks until a [`ShutdownHandle`] asks to stop, then stops everything.
    pub fn wait(mut self) {
        self.shutdown.wait();
        self.stop_all();
    }

    /// Stops now: no new requests, event streams closed, watcher and threads ended.
    pub fn shutdown(mut self) {
        self.shutdown.shutdown();
        self.stop_all();
    }

    fn stop_all(&mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        running.stop.store(true, Ordering::SeqCst);
        let _ = running.control.send(Control::Stop);
        running.state.hub.close();
        for _ in &running.workers {
            running.server.unblock();
        }
        for worker in running.workers {
            let _ = worker.join();
        }
        if let Some(rebuilder) = running.rebuilder {
            let _ = rebuilder.join();
        }
        // The last reference: dropping it closes the listening socket.
        drop(running.server);
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown.shutdown();
        self.stop_all();
    }
}

/// Binds, builds the site once, and serves it; returns when the server accepts requests.
/// `report` receives every build outcome (the first one included) and watcher problems.
pub fn start(
    options: ServeOptions,
    builder: Arc<dyn SiteBuilder>,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<ServerHandle, ServeError> {
    let report: Reporter = Arc::new(report);
    let prefix = normalize_prefix(&options.base_path);
    let listener = bind(options.bind, options.port)?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: SocketAddr::new(options.bind, options.port),
        source,
    })?;

    let (control, control_rx) = channel();
    let watcher = if options.watch {
        Some(start_watcher(&options, control.clone())?)
    } else {
        None
    };

    let state = Arc::new(ServerState::new(prefix.clone(), &options));
    let (event, job) = state.run_build(|| builder.rebuild(&[]), Vec::new());
    report(event);
    if let Some((generation, job)) = job {
        state.queue_background(generation, job, &report);
    }

    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|error| ServeError::Start(error.to_string()))?;
    let mut handle = ServerHandle {
        addr,
        prefix,
        shutdown: ShutdownHandle {
            signal: Arc::new((Mutex::new(false), Condvar::new())),
        },
        running: Some(Running {
            server: Arc::new(server),
            stop: Arc::new(AtomicBool::new(false)),
            workers: Vec::new(),
            rebuilder: None,
            control,
            state: Arc::clone(&state),
        }),
    };
    // From here on, an early return drops `handle`, which stops whatever was started.
    if let Some(running) = handle.running.as_mut() {
        running.rebuilder = Some(spawn_rebuilder(
            control_rx, watcher, builder, state, report,
        )?);
        for n in 0..options.workers.max(1) {
            let worker = spawn_worker(n, &running.server, &running.state, &running.stop)?;
            running.workers.push(worker);
        }
    }
    Ok(handle)
}

/// Binds the listener; a taken port names a free one nearby.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AddrInUse {
            ServeError::PortInUse {
                addr,
                free_port: free_port_after(ip, port),
            }
        } else {
            ServeError::Bind { addr, source }
        }
    })
}

fn free_port_after(ip: IpAddr, port: u16) -> Option<u16> {
    (port.saturating_add(1)..=port.saturating_add(100))
        .filter(|&candidate| candidate != port)
        .find(|&candidate| TcpListener::bind(SocketAddr::new(ip, candidate)).is_ok())
}

fn start_watcher(options: &ServeOptions, control: Sender<Control>) -> Result<Watcher, ServeError> {
    let root = absolute_root(&options.root);
    Watcher::start(&root, control).map_err(|error| ServeError::Watch {
        root,
        message: error.to_string(),
    })
}

fn absolute_root(root: &Path) -> PathBuf {
    root.canonicalize()
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf())
}

fn spawn_worker(
    n: usize,
    server: &Arc<tiny_http::Server>,
    state: &Arc<ServerState>,
    stop: &Arc<AtomicBool>,
) -> Result<JoinHandle<()>, ServeError> {
    let (server, state, stop) = (Arc::clone(server), Arc::clone(state), Arc::clone(stop));
    thread::Builder::new()
        .name(format!("infrabook-http-{n}"))
        .spawn(move || http::serve_requests(&server, &state, &stop))
        .map_err(|error| ServeError::Start(error.to_string()))
}

fn spawn_rebuilder(
    control: Receiver<Control>,
    mut watcher: Option<Watcher>,
    builder: Arc<dyn SiteBuilder>,
    state: Arc<ServerState>,
    report: Reporter,
) -> Result<JoinHandle<()>, ServeError> {
    let debounce = state.debounce;
    let run = move || {
        while let Some(batch) = watch::next_batch(&control, debounce) {
            for message in batch.watch_errors.iter().cloned() {
                report(ServeEvent::WatchFailed { message });
            }
            if let Some(watcher) = watcher.as_mut() {
                if let Err(error) = watcher.refresh(&batch.changed) {
                    report(ServeEvent::WatchFailed {
                        message: error.to_string(),
                    });
                }
            }
            if batch.needs_build() {
                let changed: Vec<PathBuf> = batch.changed.into_iter().collect();
                let (event, job) = state.run_build(|| builder.rebuild(&changed), changed.clone());
                report(event);
                if let Some((generation, job)) = job {
                    state.queue_background(generation, job, &report);
                }
            }
        }
    };
    thread::Builder::new()
        .name("infrabook-rebuild".into())
        .spawn(run)
        .map_err(|error| ServeError::Start(error.to_string()))
}
