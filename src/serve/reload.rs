//! The live-reload channel: takes build outcomes and tells every open tab about them over
//! Server-Sent Events; also renders the small script (`live.js`) that listens.
//!
//! Each stream starts with `retry`, then a `hello` event carrying the current build id, then a
//! `failed` event if the latest build failed. After that: `reload` after each good build, `failed`
//! (with the diagnostics, JSON-encoded, shown by the script as text) after each failed one, and a
//! comment line every few seconds so a closed tab is noticed; `bye` when the stream ends. Guarantees: a slow or gone client
//! never blocks a build (its queue is bounded and it is dropped when full); closing the hub ends
//! every stream.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::site::strip_ansi;

/// How many open tabs may listen at once; more get 503 (a runaway loop, not a person).
const MAX_CLIENTS: usize = 256;
/// Messages queued for one client before it counts as stuck and is dropped.
const CLIENT_QUEUE: usize = 16;

/// What a tab is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LiveMessage {
    Hello { build: String },
    Reload { build: String },
    Failed { diagnostics: String },
}

impl LiveMessage {
    /// The message as one SSE event (ends with the blank line).
    pub fn to_event(&self) -> String {
        let (name, data) = match self {
            LiveMessage::Hello { build } => ("hello", serde_json::json!({ "build": build })),
            LiveMessage::Reload { build } => ("reload", serde_json::json!({ "build": build })),
            LiveMessage::Failed { diagnostics } => (
                "failed",
                serde_json::json!({ "diagnostics": strip_ansi(diagnostics) }),
            ),
        };
        // serde_json escapes newlines, so the data is a single SSE line.
        format!("event: {name}\ndata: {data}\n\n")
    }
}

#[derive(Debug)]
struct HubState {
    clients: Vec<SyncSender<LiveMessage>>,
    build: String,
    failure: Option<String>,
    closed: bool,
}

/// Fans build outcomes out to every connected tab.
#[derive(Debug)]
pub(crate) struct LiveHub {
    state: Mutex<HubState>,
}

impl LiveHub {
    pub fn new(build: String, failure: Option<String>) -> LiveHub {
        LiveHub {
            state: Mutex::new(HubState {
                clients: Vec::new(),
                build,
                failure,
                closed: false,
            }),
        }
    }

    /// A new listener: its receiver, already holding the greeting. `None` when closed or full.
    pub fn subscribe(&self) -> Option<Receiver<LiveMessage>> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.closed || state.clients.len() >= MAX_CLIENTS {
            return None;
        }
        let (sender, receiver) = sync_channel(CLIENT_QUEUE);
        let hello = LiveMessage::Hello {
            build: state.build.clone(),
        };
        // The queue is new and larger than two, so these cannot fail.
        let _ = sender.try_send(hello);
        if let Some(diagnostics) = &state.failure {
            let _ = sender.try_send(LiveMessage::Failed {
                diagnostics: diagnostics.clone(),
            });
        }
        state.clients.push(sender);
        Some(receiver)
    }

    /// A good build is being served: every tab reloads.
    pub fn built(&self, build: String) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.build = build.clone();
        state.failure = None;
        broadcast(&mut state, &LiveMessage::Reload { build });
    }

    /// A build failed: every tab shows the diagnostics.
    pub fn failed(&self, diagnostics: String) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.failure = Some(diagnostics.clone());
        broadcast(&mut state, &LiveMessage::Failed { diagnostics });
    }

    /// Ends every stream and refuses new ones.
    pub fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.closed = true;
        state.clients.clear();
    }

    #[cfg(test)]
    fn client_count(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clients
            .len()
    }
}

fn broadcast(state: &mut HubState, message: &LiveMessage) {
    state
        .clients
        .retain(|client| match client.try_send(message.clone()) {
            Ok(()) => true,
            // A stuck client is dropped; its tab reconnects and the greeting brings it up to date.
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
}

/// The response head of an event stream (written by hand: the body never ends).
pub(crate) const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\n\
    Content-Type: text/event-stream; charset=utf-8\r\n\
    Cache-Control: no-cache\r\n\
    X-Content-Type-Options: nosniff\r\n\
    Connection: close\r\n\r\n\
    retry: 1000\n\n";

/// The last event of a stream: the tab closes it and reconnects.
pub(crate) const BYE: &str = "event: bye\ndata: {}\n\n";

/// Writes events to one client until the hub closes or the client goes away.
pub(crate) fn stream_events(
    mut out: impl Write,
    messages: Receiver<LiveMessage>,
    keepalive: Duration,
) {
    if out
        .write_all(STREAM_HEAD.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk = match messages.recv_timeout(keepalive) {
            Ok(message) => message.to_event(),
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => {
                // tiny_http keeps the socket open until the client closes it, so the tab is told
                // to close and reconnect: after a shutdown it finds the next server, after being
                // dropped as stuck it gets the current state.
                let _ = out.write_all(BYE.as_bytes()).and_then(|()| out.flush());
                return;
            }
        };
        if out
            .write_all(chunk.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The listening script, pointed at this server's event stream.
pub(crate) fn live_script(prefix: &str) -> String {
    let events_url = serde_json::Value::from(format!("{prefix}__infrabook/events")).to_string();
    include_str!("live.js").replace("__EVENTS_URL__", &events_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_single_line_json() {
        let event = LiveMessage::Failed {
            diagnostics: "line 1\n<b>\u{1b}[1mline 2\u{1b}[0m".into(),
        }
        .to_event();
        assert_eq!(
            event,
            "event: failed\ndata: {\"diagnostics\":\"line 1\\n<b>line 2\"}\n\n"
        );
    }

    #[test]
    fn new_listeners_are_greeted_with_the_current_state() {
        let hub = LiveHub::new("b1".into(), Some("broken".into()));
        let receiver = hub.subscribe().expect("open hub");
        assert_eq!(
            receiver.try_recv(),
            Ok(LiveMessage::Hello { build: "b1".into() })
        );
        assert_eq!(
            receiver.try_recv(),
            Ok(LiveMessage::Failed {
                diagnostics: "broken".into()
            })
        );
        hub.built("b2".into());
        assert_eq!(
            receiver.try_recv(),
            Ok(LiveMessage::Reload { build: "b2".into() })
        );
        let later = hub.subscribe().expect("open hub");
        assert_eq!(
            later.try_recv(),
            Ok(LiveMessage::Hello { build: "b2".into() })
        );
        assert!(later.try_recv().is_err(), "a good build clears the failure");
    }

    #[test]
    fn stuck_and_gone_clients_are_dropped_and_close_ends_streams() {
        let hub = LiveHub::new("b0".into(), None);
        let stuck = hub.subscribe().expect("open hub");
        drop(hub.subscribe().expect("open hub"));
        for n in 0..CLIENT_QUEUE {
            hub.built(format!("b{n}"));
        }
        assert_eq!(hub.client_count(), 0);
        drop(stuck);
        let open = hub.subscribe().expect("open hub");
        hub.close();
        assert!(hub.subscribe().is_none());
        let mut out = Vec::new();
        stream_events(&mut out, open, Duration::from_secs(5));
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.starts_with(STREAM_HEAD));
        assert!(
            text.ends_with("event: hello\ndata: {\"build\":\"b15\"}\n\nevent: bye\ndata: {}\n\n"),
            "{text}"
        );
    }

    #[test]
    fn the_script_points_at_the_prefixed_stream() {
        let script = live_script("/handbook/");
        assert!(script.contains(r#"const EVENTS = "/handbook/__infrabook/events";"#));
        assert!(script.contains("new EventSource(EVENTS)"));
    }
}
