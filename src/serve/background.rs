//! Background jobs: work a good build leaves for later (the search index), so the tabs reload
//! first. Takes a [`BackgroundJob`] with the generation of the build that made it; runs jobs on
//! their own thread, one at a time; swaps each job's update into the served site the way a build
//! does.
//!
//! Guarantees: a job waiting behind a newer one is skipped; a job that finishes after a newer one
//! was applied, or after a build cancelled it ([`super::Rebuilt::cancels_background`]), is
//! dropped; a job that fails or panics is reported and changes nothing.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Instant;

use super::{Reporter, ServeEvent, ServerState, SiteUpdate};

/// Work that follows a good build without holding up its reload (the search index): it runs on
/// its own thread, one job at a time, and its update is swapped in when done unless a later
/// build has made it pointless (a newer job finished first, or a build said
/// [`Rebuilt::cancels_background`]).
pub struct BackgroundJob {
    /// What the job makes, for the terminal (`search index`).
    pub label: String,
    pub run: Box<dyn FnOnce() -> Result<SiteUpdate, String> + Send>,
}

impl std::fmt::Debug for BackgroundJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackgroundJob")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// The bookkeeping of background jobs, by the generation of the build that queued them.
#[derive(Default)]
pub(super) struct Background {
    /// Held while a job runs: one at a time (the machine has other work).
    pub(super) turn: Mutex<()>,
    /// The newest job queued; an older one still waiting is skipped.
    pub(super) newest: AtomicU64,
    /// Jobs older than this are obsolete: a good build cancelled them (search turned off).
    pub(super) obsolete_below: AtomicU64,
    /// The job whose update was applied last; an older one finishing later is dropped.
    pub(super) applied: AtomicU64,
}

impl ServerState {
    /// Runs `job` on its own thread after any job before it; its update is applied unless it is
    /// obsolete by then. Reports what came of it (nothing when it was skipped).
    pub(super) fn queue_background(
        self: &Arc<Self>,
        generation: u64,
        job: BackgroundJob,
        report: &Reporter,
    ) {
        self.background
            .newest
            .fetch_max(generation, Ordering::SeqCst);
        let (state, job_report) = (Arc::clone(self), Arc::clone(report));
        let run = move || {
            let report = job_report;
            let background = &state.background;
            let _turn = background
                .turn
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let is_obsolete = || {
                generation < background.obsolete_below.load(Ordering::SeqCst)
                    || generation <= background.applied.load(Ordering::SeqCst)
            };
            if background.newest.load(Ordering::SeqCst) > generation || is_obsolete() {
                return;
            }
            let started = Instant::now();
            let label = job.label;
            let outcome = catch_unwind(AssertUnwindSafe(job.run))
                .unwrap_or_else(|_| Err("internal error: the job panicked".into()));
            let update = match outcome {
                Ok(update) => update,
                Err(message) => return report(ServeEvent::BackgroundFailed { label, message }),
            };
            let _updating = state
                .updating
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if is_obsolete() {
                return;
            }
            background.applied.store(generation, Ordering::SeqCst);
            let site = state.current_site().updated(update, &state.prefix);
            state.swap_site(site);
            report(ServeEvent::BackgroundDone {
                label,
                elapsed: started.elapsed(),
            });
        };
        let spawned = thread::Builder::new()
            .name("infrabook-background".into())
            .spawn(run);
        if let Err(error) = spawned {
            report(ServeEvent::BackgroundFailed {
                label: "background job".into(),
                message: error.to_string(),
            });
        }
    }
}
