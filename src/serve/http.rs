//! HTTP: takes requests from the listening socket and answers each from the site being served at
//! that moment, or hands it to the live-reload channel.
//!
//! Guarantees: a response is read from one [`Site`] snapshot taken when the request is routed, so
//! a rebuild that swaps sites mid-request cannot tear it; only `GET` and `HEAD` are answered (405
//! otherwise); refused paths get 400, missing files the site's `404.html` with status 404; bodies
//! always carry `Content-Length` (never chunked) and `no-cache`, so a reload shows the new build;
//! text bodies are compressed by `Accept-Encoding` (see [`compress`]).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use tiny_http::{Method, Request};

use super::ServerState;
use super::compress;
use super::content_type;
use super::paths::{self, Route, SitePath};
use super::reload::stream_events;
use super::site::{Bytes, Site};

/// Answers requests until `stop` is set and the server is unblocked.
pub(crate) fn serve_requests(
    server: &tiny_http::Server,
    state: &Arc<ServerState>,
    stop: &AtomicBool,
) {
    while !stop.load(Ordering::SeqCst) {
        // An error here is one failed accept or an unblock for shutdown: check the flag again.
        if let Ok(request) = server.recv() {
            handle(request, state);
        }
    }
}

/// What to send back, before it becomes a tiny_http response.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Bytes,
    location: Option<String>,
}

impl Reply {
    fn file(status: u16, key: &str, body: Bytes) -> Reply {
        Reply {
            status,
            content_type: content_type::for_path(key),
            body,
            location: None,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Bytes::from(text.as_bytes()),
            location: None,
        }
    }

    fn redirect(status: u16, location: String) -> Reply {
        Reply {
            location: Some(location),
            ..Reply::text(status, "")
        }
    }
}

fn handle(request: Request, state: &Arc<ServerState>) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let reply = Reply::text(405, "Only GET and HEAD are served.\n");
        return send(request, reply, &[("Allow", "GET, HEAD")]);
    }
    let reply = match paths::route(request.url(), &state.prefix) {
        Err(bad) => Reply::text(400, &format!("Bad request path: {}.\n", bad.0)),
        Ok(Route::Events) => return open_event_stream(request, state),
        Ok(Route::LiveScript) => Reply::file(200, "live.js", state.live_script.clone()),
        Ok(Route::Redirect(location)) => Reply::redirect(302, location),
        Ok(Route::Outside) => not_found(&state.current_site()),
        Ok(Route::Site(path)) => site_reply(&state.current_site(), &path),
    };
    send(request, reply, &[]);
}

/// Answers a path under the prefix from one site snapshot.
fn site_reply(site: &Site, path: &SitePath) -> Reply {
    if let Some(page) = site.failure_page() {
        return Reply::file(500, "index.html", page.clone());
    }
    let key = path.file_key();
    if let Some(body) = site.get(&key) {
        return Reply::file(200, &key, body.clone());
    }
    let is_folder = path
        .dir_index_key()
        .is_some_and(|index| site.get(&index).is_some());
    if is_folder {
        return Reply::redirect(301, path.slash_location());
    }
    not_found(site)
}

fn not_found(site: &Site) -> Reply {
    if let Some(page) = site.failure_page() {
        return Reply::file(500, "index.html", page.clone());
    }
    match site.get("404.html") {
        Some(page) => Reply::file(404, "404.html", page.clone()),
        None => Reply::text(404, "Not found.\n"),
    }
}

fn open_event_stream(request: Request, state: &Arc<ServerState>) {
    let Some(messages) = state.hub.subscribe() else {
        return send(
            request,
            Reply::text(503, "Live reload is not available.\n"),
            &[],
        );
    };
    let keepalive = state.keepalive;
    let spawned = thread::Builder::new()
        .name("infrabook-live".into())
        .spawn(move || stream_events(request.into_writer(), messages, keepalive));
    // If no thread can be made, the request is dropped with the closure; the tab retries later.
    drop(spawned);
}

/// Writes the response by hand so it can say `Connection: close`, which tiny_http does not let a
/// `Response` set. Why it matters: tiny_http 0.12 hands each connection to a pool thread for as long as
/// the connection stays open, and a burst of new connections (a browser opens six at once) can leave
/// the fifth and later ones queued behind idle keep-alive connections that never end, so a page's
/// last stylesheet or script hangs. Closing after each response frees the thread at once.
fn send(request: Request, reply: Reply, extra: &[(&str, &str)]) {
    let mut status = reply.status;
    let mut body = reply.body;
    let mut location = None;
    if let Some(target) = &reply.location {
        // A Location value must be one header line: refuse anything that could split it.
        if target.bytes().all(|b| b.is_ascii_graphic()) {
            location = Some(target.as_str());
        } else {
            status = 400;
            body = Bytes::from(&b"Bad request path.\n"[..]);
        }
    }
    let accept = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str().to_owned());
    let encoding = compress::choose(accept.as_deref(), reply.content_type, body.len());
    if let Some(encoding) = encoding {
        body = Bytes::from(compress::encode(encoding, &body));
    }
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nServer: infrabook\r\n\
         Vary: Accept-Encoding\r\nConnection: close\r\n",
        reason(status),
        reply.content_type,
        body.len(),
    );
    if let Some(encoding) = encoding {
        head.push_str(&format!("Content-Encoding: {}\r\n", encoding.header()));
    }
    let location = location.map(|target| ("Location", target));
    for (name, value) in extra.iter().chain(location.iter()) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let is_head = *request.method() == Method::Head;
    let mut out = request.into_writer();
    // A client that hung up mid-response is not the server's problem.
    let _ = out
        .write_all(head.as_bytes())
        .and_then(|()| {
            if is_head {
                Ok(())
            } else {
                out.write_all(&body[..])
            }
        })
        .and_then(|()| out.flush());
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
