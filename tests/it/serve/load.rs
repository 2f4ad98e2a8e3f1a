//! The load test: 2,000 requests from 50 keep-alive connections while the site is rebuilt back to
//! back; no request fails, every page is wholly one build, and traversal stays refused.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use infrabook::serve::{ServeEvent, SiteBuilder, SiteFiles};

use super::client::Client;
use super::{TestServer, page};

/// Builds alternate between two versions of a large page.
struct AlternatingBuilder {
    pages: [Vec<u8>; 2],
    builds: AtomicUsize,
}

impl SiteBuilder for AlternatingBuilder {
    fn build(&self) -> Result<SiteFiles, String> {
        let n = self.builds.fetch_add(1, Ordering::SeqCst);
        Ok(vec![("index.html".into(), self.pages[n % 2].clone())])
    }
}

#[test]
fn under_load_with_rebuilds_every_response_is_one_whole_build() {
    const CLIENTS: usize = 50;
    const REQUESTS_PER_CLIENT: usize = 40;
    let big_page = |letter: &str| page(&letter.repeat(64 * 1024));
    let builder = Arc::new(AlternatingBuilder {
        pages: [big_page("A"), big_page("B")],
        builds: AtomicUsize::new(0),
    });
    let server = TestServer::handbook(builder.clone());
    server.next_event();
    let addr = server.addr();
    let finished = AtomicUsize::new(0);

    let (results, rebuilds) = thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                scope.spawn(|| {
                    let result = client_run(addr, REQUESTS_PER_CLIENT, &builder.pages);
                    finished.fetch_add(1, Ordering::SeqCst);
                    result
                })
            })
            .collect();
        // Rebuild back to back on this thread until every client is done.
        let mut rebuilds = 0;
        while finished.load(Ordering::SeqCst) < CLIENTS {
            server.handle.rebuild();
            assert!(matches!(server.next_event(), ServeEvent::Built { .. }));
            rebuilds += 1;
        }
        let results: Vec<ClientResult> = clients
            .into_iter()
            .map(|c| c.join().expect("client"))
            .collect();
        (results, rebuilds)
    });

    let failures: Vec<&String> = results.iter().flat_map(|r| &r.failures).collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let answered: usize = results.iter().map(|r| r.ok).sum();
    assert_eq!(answered, CLIENTS * REQUESTS_PER_CLIENT);
    assert!(
        rebuilds >= 2,
        "rebuilds happened during the load ({rebuilds})"
    );
    let seen = results
        .iter()
        .fold([0, 0], |acc, r| [acc[0] + r.seen[0], acc[1] + r.seen[1]]);
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "both builds were served: {seen:?}"
    );
}

#[derive(Default)]
struct ClientResult {
    ok: usize,
    seen: [usize; 2],
    failures: Vec<String>,
}

/// One keep-alive connection: pages (each must be wholly one build) and every tenth a traversal.
fn client_run(addr: SocketAddr, requests: usize, pages: &[Vec<u8>; 2]) -> ClientResult {
    let mut result = ClientResult::default();
    let mut client = match Client::connect(addr) {
        Ok(client) => client,
        Err(error) => {
            result.failures.push(format!("connect: {error}"));
            return result;
        }
    };
    for n in 0..requests {
        let traversal = n % 10 == 9;
        let target = if traversal {
            "/handbook/%2e%2e/%2e%2e/etc/passwd"
        } else {
            "/handbook/"
        };
        match client.request("GET", target) {
            Ok(reply) if traversal && reply.status == 400 => result.ok += 1,
            Ok(reply) if !traversal && reply.status == 200 => {
                match pages.iter().position(|p| *p == reply.body) {
                    Some(which) => {
                        result.ok += 1;
                        result.seen[which] += 1;
                    }
                    None => result
                        .failures
                        .push(format!("torn body of {} bytes", reply.body.len())),
                }
            }
            Ok(reply) => result
                .failures
                .push(format!("{target}: status {}", reply.status)),
            Err(error) => result.failures.push(format!("{target}: {error}")),
        }
    }
    result
}

/// A browser opens about six connections at once and keeps each open unless the server says
/// `Connection: close`. tiny_http 0.12 can leave the fifth and later connections of such a burst queued
/// behind idle keep-alive connections for good (the page never finishes loading), so every response
/// must close its connection, and then the whole burst is answered.
#[test]
fn a_burst_of_browser_like_connections_is_answered_in_full() {
    const CONNECTIONS: usize = 8;
    let server = TestServer::handbook(Arc::new(AlternatingBuilder {
        pages: [page("A"), page("A")],
        builds: AtomicUsize::new(0),
    }));
    server.next_event();
    let addr = server.addr();
    let barrier = std::sync::Barrier::new(CONNECTIONS);
    let outcomes: Vec<Result<Option<Client>, String>> = thread::scope(|scope| {
        let clients: Vec<_> = (0..CONNECTIONS)
            .map(|_| {
                scope.spawn(|| {
                    let mut client = Client::connect(addr).map_err(|e| format!("connect: {e}"))?;
                    barrier.wait();
                    let reply = client
                        .request("GET", "/handbook/")
                        .map_err(|e| e.to_string())?;
                    if reply.status != 200 {
                        return Err(format!("status {}", reply.status));
                    }
                    // Like a browser: keep the connection unless told to close it.
                    let close = reply.header("Connection") == Some("close");
                    Ok((!close).then_some(client))
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|c| c.join().expect("client"))
            .collect()
    });
    let failures: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert!(failures.is_empty(), "unanswered connections: {failures:?}");
    assert!(
        outcomes.iter().all(|o| matches!(o, Ok(None))),
        "every response closes its connection"
    );
}
