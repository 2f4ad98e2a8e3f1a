//! Watching and rebuilding: takes file-system events under the site root, keeps those that can
//! change the site (content/, templates/, static/, diagrams/, site.toml), waits until they have
//! been quiet for the debounce time, and hands one batch per burst to the rebuild loop.
//!
//! Guarantees: builds never overlap (changes that arrive during a build are folded into the next
//! one); reading a file (as the build itself does) and editor scratch files never trigger builds;
//! a burst of changes waits at most [`MAX_WAIT`]; a folder among the watched ones that is created
//! (or deleted and created again) after start is watched from then on; the loop ends on [`Control::Stop`].

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// Folders under the site root whose contents make up the site.
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "static", "diagrams"];
/// Files directly under the site root that make up the site.
pub const WATCHED_FILES: [&str; 1] = ["site.toml"];

/// What the rebuild loop is told.
#[derive(Debug)]
pub(crate) enum Control {
    /// These files (relative to the site root) changed.
    Changed(Vec<PathBuf>),
    /// Rebuild now, as if everything changed.
    Rebuild,
    /// The watcher reported an error.
    WatchFailed(String),
    Stop,
}

/// The longest a burst of changes may postpone its build.
pub const MAX_WAIT: Duration = Duration::from_secs(2);

/// The running watcher plus which of the watched folders it covers.
pub(crate) struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    watched: BTreeSet<&'static str>,
}

impl Watcher {
    /// Watches `root` (which must be absolute) and sends relevant changes to `control`.
    pub fn start(root: &Path, control: Sender<Control>) -> notify::Result<Watcher> {
        let event_root = root.to_path_buf();
        let mut inner = notify::recommended_watcher(move |result: notify::Result<Event>| {
            let message = match result {
                Ok(event) if !changes_contents(&event.kind) => return,
                Ok(event) => {
                    let changed = relevant_changes(&event_root, event.paths.into_iter());
                    if changed.is_empty() {
                        return;
                    }
                    Control::Changed(changed)
                }
                Err(error) => Control::WatchFailed(error.to_string()),
            };
            // The loop is gone only while shutting down; nothing is left to tell.
            let _ = control.send(message);
        })?;
        // The root itself, not recursively: catches site.toml and watched folders being created.
        inner.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            inner,
            watched: BTreeSet::new(),
        };
        watcher.watch_new_dirs()?;
        Ok(watcher)
    }

    /// Follows watched folders that were created, removed or replaced: `changed` naming a folder
    /// itself means its old watch may be dead, so it is dropped and set up again if it exists.
    pub fn refresh(&mut self, changed: &BTreeSet<PathBuf>) -> notify::Result<()> {
        for dir in WATCHED_DIRS {
            if changed.contains(Path::new(dir)) && self.watched.remove(dir) {
                // The folder may be gone already, and its watch with it.
                let _ = self.inner.unwatch(&self.root.join(dir));
            }
        }
        self.watch_new_dirs()
    }

    /// Starts watching any watched folder that exists now but is not watched.
    fn watch_new_dirs(&mut self) -> notify::Result<()> {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if !self.watched.contains(dir) && path.is_dir() {
                self.inner.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }
}

/// Whether an event can change what a file holds: opening and reading cannot (the build itself
/// reads every source; counting those would rebuild forever), closing after a write can.
fn changes_contents(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The changed paths that can affect the site, relative to `root`, sorted and without repeats.
pub(crate) fn relevant_changes(root: &Path, paths: impl Iterator<Item = PathBuf>) -> Vec<PathBuf> {
    let changed: BTreeSet<PathBuf> = paths
        .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|relative| is_relevant(relative))
        .collect();
    changed.into_iter().collect()
}

fn is_relevant(relative: &Path) -> bool {
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return false;
    };
    let Some(first) = first.to_str() else {
        return false;
    };
    let is_top_level = components.next().is_none();
    if is_top_level && WATCHED_FILES.contains(&first) {
        return true;
    }
    WATCHED_DIRS.contains(&first) && !is_scratch_file(relative)
}

/// Files editors write beside the one being saved (vim swap files, emacs locks and backups).
fn is_scratch_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// Waits for the next message; after a file change, also for `quiet` without further changes
/// (at most [`MAX_WAIT`] in all), so one save or a burst of them makes one build. Everything
/// queued meanwhile is folded in. `None` means stop.
pub(crate) fn next_batch(control: &Receiver<Control>, quiet: Duration) -> Option<Batch> {
    let mut batch = Batch::default();
    batch.add(control.recv().ok()?)?;
    let started = Instant::now();
    while !batch.changed.is_empty() {
        let left = MAX_WAIT.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match control.recv_timeout(quiet.min(left)) {
            Ok(message) => batch.add(message)?,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    while let Ok(message) = control.try_recv() {
        batch.add(message)?;
    }
    Some(batch)
}

/// Changes gathered for one rebuild.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub changed: BTreeSet<PathBuf>,
    pub rebuild: bool,
    pub watch_errors: Vec<String>,
}

impl Batch {
    /// Adds a message; `None` when it is the stop signal.
    fn add(&mut self, message: Control) -> Option<()> {
        match message {
            Control::Changed(paths) => self.changed.extend(paths),
            Control::Rebuild => self.rebuild = true,
            Control::WatchFailed(error) => self.watch_errors.push(error),
            Control::Stop => return None,
        }
        Some(())
    }

    /// Whether the batch asks for a build (a watcher error alone does not).
    pub fn needs_build(&self) -> bool {
        self.rebuild || !self.changed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn only_site_inputs_count_as_changes() {
        let root = Path::new("/site");
        let paths = [
            "/site/content/dns/records.md",
            "/site/site.toml",
            "/site/templates/page.html",
            "/site/static/css/site.css",
            "/site/diagrams/stack.infra",
            "/site/content/dns/records.md",
            "/site/public/index.html",
            "/site/README.md",
            "/site/target/debug/x",
            "/site/content/.#records.md",
            "/site/content/records.md~",
            "/site/content/.records.md.swp",
            "/site/content/site.toml.d/site.toml",
            "/elsewhere/content/a.md",
        ]
        .map(PathBuf::from);
        let changed = relevant_changes(root, paths.into_iter());
        let expected = [
            "content/dns/records.md",
            "content/site.toml.d/site.toml",
            "diagrams/stack.infra",
            "site.toml",
            "static/css/site.css",
            "templates/page.html",
        ]
        .map(PathBuf::from);
        assert_eq!(changed, expected);
    }

    #[test]
    fn reads_do_not_count_as_changes_but_writes_do() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(!changes_contents(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_contents(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_contents(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_contents(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_contents(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn a_burst_of_changes_waits_for_quiet() {
        let (sender, receiver) = channel();
        let writer = std::thread::spawn(move || {
            for n in 0..5 {
                sender
                    .send(Control::Changed(vec![format!("content/{n}.md").into()]))
                    .expect("send");
                std::thread::sleep(Duration::from_millis(10));
            }
            sender
        });
        let batch = next_batch(&receiver, Duration::from_millis(200)).expect("a batch");
        assert_eq!(batch.changed.len(), 5, "one batch for the whole burst");
        drop(writer.join().expect("writer"));
    }

    #[test]
    fn queued_changes_fold_into_one_batch_and_stop_wins() {
        let (sender, receiver) = channel();
        sender
            .send(Control::Changed(vec!["content/a.md".into()]))
            .expect("send");
        sender
            .send(Control::Changed(vec![
                "content/b.md".into(),
                "content/a.md".into(),
            ]))
            .expect("send");
        sender
            .send(Control::WatchFailed("oops".into()))
            .expect("send");
        let batch = next_batch(&receiver, Duration::from_millis(1)).expect("a batch");
        assert_eq!(batch.changed.len(), 2);
        assert!(batch.needs_build());
        assert_eq!(batch.watch_errors, ["oops"]);

        sender.send(Control::Rebuild).expect("send");
        sender.send(Control::Stop).expect("send");
        assert!(next_batch(&receiver, Duration::from_millis(1)).is_none());
        drop(sender);
        assert!(next_batch(&receiver, Duration::from_millis(1)).is_none());
    }
}
