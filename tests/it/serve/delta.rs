//! Builds that return only what changed, and background jobs (the search index) that land after
//! the reload: the served site changes by exactly the update, a job's files appear when it is
//! done, and a job made obsolete by a later build never lands.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use infrabook::serve::{
    BackgroundJob, FileBytes, Rebuilt, ServeEvent, SiteBuilder, SiteFiles, SiteUpdate,
};

use super::client::get;
use super::{TestServer, handbook_files, page};

/// Hands out the updates the test queues, one per build.
struct ScriptedBuilder {
    updates: Mutex<Vec<Rebuilt>>,
}

impl SiteBuilder for ScriptedBuilder {
    fn build(&self) -> Result<SiteFiles, String> {
        Ok(handbook_files("v1"))
    }

    fn rebuild(&self, _changed: &[PathBuf]) -> Result<Rebuilt, String> {
        let mut updates = self.updates.lock().expect("updates");
        if updates.is_empty() {
            return self.build().map(Rebuilt::whole);
        }
        Ok(updates.remove(0))
    }
}

fn bytes(text: &[u8]) -> FileBytes {
    FileBytes::from(text)
}

/// A job that waits for the test's go, then replaces `pagefind/` with one file named `name`.
fn index_job(name: &str) -> (BackgroundJob, Sender<()>) {
    let (go, wait): (Sender<()>, Receiver<()>) = channel();
    let path = format!("pagefind/{name}");
    let job = BackgroundJob {
        label: "search index".into(),
        run: Box::new(move || {
            let _ = wait.recv();
            Ok(SiteUpdate {
                written: vec![(path, bytes(b"index"))],
                removed_folders: vec!["pagefind/".into()],
                ..SiteUpdate::default()
            })
        }),
    };
    (job, go)
}

fn next_built(server: &TestServer) -> ServeEvent {
    let event = server.next_event();
    assert!(matches!(event, ServeEvent::Built { .. }), "{event:?}");
    event
}

#[test]
fn a_delta_changes_only_its_files_and_the_index_lands_after_the_reload() {
    let (job, go) = index_job("new.pf");
    let update = SiteUpdate {
        written: vec![("index.html".into(), FileBytes::from(page("Home v2")))],
        removed: vec!["dns/index.html".into()],
        ..SiteUpdate::default()
    };
    let builder = Arc::new(ScriptedBuilder {
        updates: Mutex::new(vec![
            Rebuilt::whole(handbook_files("v1")),
            Rebuilt {
                update,
                pages: Some(1),
                background: Some(job),
                cancels_background: false,
            },
        ]),
    });
    let server = TestServer::handbook(builder);
    next_built(&server);
    server.handle.rebuild();
    let ServeEvent::Built { files, pages, .. } = next_built(&server) else {
        unreachable!()
    };
    assert_eq!((files, pages), (9, Some(1)));
    let addr = server.addr();
    assert_eq!(get(addr, "/handbook/").body, page("Home v2"));
    assert_eq!(get(addr, "/handbook/dns/").status, 404);
    assert_eq!(get(addr, "/handbook/dns/records/").body, page("Records"));
    // The page is served before the index is made.
    assert_eq!(
        get(addr, "/handbook/pagefind/index/en_1.pf_index").status,
        200
    );
    assert_eq!(get(addr, "/handbook/pagefind/new.pf").status, 404);

    go.send(()).expect("job waits");
    match server.next_event() {
        ServeEvent::BackgroundDone { label, .. } => assert_eq!(label, "search index"),
        other => panic!("expected the index, got {other:?}"),
    }
    assert_eq!(get(addr, "/handbook/pagefind/new.pf").body, b"index");
    assert_eq!(
        get(addr, "/handbook/pagefind/index/en_1.pf_index").status,
        404,
        "the old index went with its folder"
    );
    assert_eq!(get(addr, "/handbook/").body, page("Home v2"));
}

#[test]
fn a_job_still_lands_after_a_later_build_that_queued_none() {
    let (job, go) = index_job("kept.pf");
    let builder = Arc::new(ScriptedBuilder {
        updates: Mutex::new(vec![
            Rebuilt::whole(handbook_files("v1")),
            Rebuilt {
                pages: Some(1),
                background: Some(job),
                ..Rebuilt::default()
            },
            // A stylesheet edit: no page changed, so no new index, and the running one stays good.
            Rebuilt {
                update: SiteUpdate {
                    written: vec![("css/site.css".into(), bytes(b"body{}"))],
                    ..SiteUpdate::default()
                },
                pages: Some(0),
                ..Rebuilt::default()
            },
        ]),
    });
    let server = TestServer::handbook(builder);
    next_built(&server);
    server.handle.rebuild();
    next_built(&server);
    server.handle.rebuild();
    next_built(&server);
    go.send(()).expect("job waits");
    assert!(matches!(
        server.next_event(),
        ServeEvent::BackgroundDone { .. }
    ));
    assert_eq!(get(server.addr(), "/handbook/pagefind/kept.pf").status, 200);
}

#[test]
fn a_job_made_obsolete_by_a_later_build_never_lands() {
    let (job, go) = index_job("stale.pf");
    let builder = Arc::new(ScriptedBuilder {
        updates: Mutex::new(vec![
            Rebuilt::whole(handbook_files("v1")),
            Rebuilt {
                update: SiteUpdate::default(),
                pages: Some(0),
                background: Some(job),
                cancels_background: false,
            },
            // Search turned off: the index goes, and no job comes with the build.
            Rebuilt {
                update: SiteUpdate {
                    removed_folders: vec!["pagefind/".into()],
                    ..SiteUpdate::default()
                },
                pages: None,
                background: None,
                cancels_background: true,
            },
        ]),
    });
    let server = TestServer::handbook(builder);
    next_built(&server);
    server.handle.rebuild();
    next_built(&server);
    server.handle.rebuild();
    next_built(&server);
    // The cancelled job may have been dropped before it started, and its channel with it: then
    // there is nothing to release, and it must not land either way.
    let _ = go.send(());
    let late = server
        .events
        .recv_timeout(std::time::Duration::from_millis(500));
    assert!(late.is_err(), "an obsolete job reported: {late:?}");
    assert_eq!(
        get(server.addr(), "/handbook/pagefind/stale.pf").status,
        404
    );
}
