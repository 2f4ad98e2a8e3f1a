//! Watching and rebuilding: takes file-system events under the site root, keeps those that can
//! change the site (content/, templates/, static/, diagrams/, site.toml), debounces them, and runs
//! one rebuild per burst of changes on a single thread, reporting each outcome.
//!
//! Guarantees: builds never overlap (changes that arrive during a build are folded into the next
//! one); editor scratch files do not trigger builds; a folder among the watched ones that is
//! created after start is watched from then on; the loop ends on [`Control::Stop`].

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use notify_debouncer_mini::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

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

/// The running watcher plus which of the watched folders it covers.
pub(crate) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher>,
    watched: BTreeSet<&'static str>,
}

impl Watcher {
    /// Watches `root` (which must be absolute) and sends relevant changes to `control`.
    pub fn start(
        root: &Path,
        debounce: Duration,
        control: Sender<Control>,
    ) -> notify::Result<Watcher> {
        let event_root = root.to_path_buf();
        let mut debouncer = new_debouncer(debounce, move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let changed = relevant_changes(&event_root, events.into_iter().map(|e| e.path));
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
        debouncer
            .watcher()
            .watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        watcher.watch_new_dirs()?;
        Ok(watcher)
    }

    /// Starts watching any watched folder that exists now but did not before.
    pub fn watch_new_dirs(&mut self) -> notify::Result<()> {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if !self.watched.contains(dir) && path.is_dir() {
                self.debouncer
                    .watcher()
                    .watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
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

/// Waits for the next change and folds in everything already queued behind it.
/// `None` means stop.
pub(crate) fn next_batch(control: &Receiver<Control>) -> Option<Batch> {
    let mut batch = Batch::default();
    match control.recv() {
        Ok(message) => batch.add(message)?,
        Err(_) => return None,
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
        let batch = next_batch(&receiver).expect("a batch");
        assert_eq!(batch.changed.len(), 2);
        assert!(batch.needs_build());
        assert_eq!(batch.watch_errors, ["oops"]);

        sender.send(Control::Rebuild).expect("send");
        sender.send(Control::Stop).expect("send");
        assert!(next_batch(&receiver).is_none());
        drop(sender);
        assert!(next_batch(&receiver).is_none());
    }
}
