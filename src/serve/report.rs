//! What the server tells its caller: [`ServeEvent`]s while running (one line each to print) and
//! [`ServeError`] when it cannot start. The library never prints; the binary shows these.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What happened, for the binary to print (`Display` gives the line to show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeEvent {
    /// A build succeeded and is being served. `changed` is empty for the first build or a
    /// requested one.
    Built {
        files: usize,
        /// Pages an incremental build rendered again; `None` when the whole site was built.
        pages: Option<usize>,
        elapsed: Duration,
        changed: Vec<PathBuf>,
    },
    /// A build failed; the last good site (if any) is still served.
    BuildFailed {
        diagnostics: String,
        elapsed: Duration,
        changed: Vec<PathBuf>,
    },
    /// The file watcher reported a problem; changes may be missed.
    WatchFailed { message: String },
    /// A build's background job (the search index) finished and its files are served.
    BackgroundDone { label: String, elapsed: Duration },
    /// A background job failed; the site is served without its update.
    BackgroundFailed { label: String, message: String },
}

impl fmt::Display for ServeEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeEvent::Built {
                files,
                pages,
                elapsed,
                changed,
            } => {
                write_changed(f, changed)?;
                let ms = elapsed.as_millis();
                match pages {
                    Some(1) => write!(f, "rebuilt 1 page in {ms} ms"),
                    Some(pages) => write!(f, "rebuilt {pages} pages in {ms} ms"),
                    None => write!(f, "built {files} files in {ms} ms"),
                }
            }
            ServeEvent::BuildFailed {
                diagnostics,
                elapsed,
                changed,
            } => {
                writeln!(f, "{}", diagnostics.trim_end())?;
                write_changed(f, changed)?;
                write!(
                    f,
                    "build failed in {} ms; still serving the last good build",
                    elapsed.as_millis()
                )
            }
            ServeEvent::WatchFailed { message } => {
                write!(f, "watching for changes failed: {message}")
            }
            ServeEvent::BackgroundDone { label, elapsed } => {
                write!(f, "{label} updated in {} ms", elapsed.as_millis())
            }
            ServeEvent::BackgroundFailed { label, message } => {
                write!(f, "{label} not updated: {message}")
            }
        }
    }
}

fn write_changed(f: &mut fmt::Formatter<'_>, changed: &[PathBuf]) -> fmt::Result {
    const SHOWN: usize = 3;
    if changed.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect();
    write!(f, "changed {}", names.join(", "))?;
    if changed.len() > SHOWN {
        write!(f, " and {} more", changed.len() - SHOWN)?;
    }
    write!(f, ": ")
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{}", port_in_use_message(.addr, .free_port))]
    PortInUse {
        addr: SocketAddr,
        free_port: Option<u16>,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch `{}` for changes: {message}", .root.display())]
    Watch { root: PathBuf, message: String },
    #[error("cannot start the server: {0}")]
    Start(String),
}

fn port_in_use_message(addr: &SocketAddr, free_port: &Option<u16>) -> String {
    let head = format!("port {} on {} is already in use", addr.port(), addr.ip());
    match free_port {
        Some(port) => format!("{head}; port {port} is free: try `infrabook serve --port {port}`"),
        None => format!("{head}; choose another with `infrabook serve --port N`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    #[test]
    fn events_read_as_one_terminal_line_each() {
        let built = ServeEvent::Built {
            files: 12,
            pages: None,
            elapsed: Duration::from_millis(48),
            changed: [
                "content/a.md",
                "content/b.md",
                "site.toml",
                "static/x.css",
                "templates/y.html",
            ]
            .map(PathBuf::from)
            .to_vec(),
        };
        assert_eq!(
            built.to_string(),
            "changed content/a.md, content/b.md, site.toml and 2 more: built 12 files in 48 ms"
        );
        let one = ServeEvent::Built {
            files: 12,
            pages: Some(1),
            elapsed: Duration::from_millis(7),
            changed: vec![PathBuf::from("content/a.md")],
        };
        assert_eq!(
            one.to_string(),
            "changed content/a.md: rebuilt 1 page in 7 ms"
        );
        let indexed = ServeEvent::BackgroundDone {
            label: "search index".into(),
            elapsed: Duration::from_millis(900),
        };
        assert_eq!(indexed.to_string(), "search index updated in 900 ms");
        let failed = ServeEvent::BuildFailed {
            diagnostics: "error[L001]: broken link\n".into(),
            elapsed: Duration::from_millis(3),
            changed: Vec::new(),
        };
        assert_eq!(
            failed.to_string(),
            "error[L001]: broken link\nbuild failed in 3 ms; still serving the last good build"
        );
    }

    #[test]
    fn a_taken_port_message_says_what_to_do() {
        let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111);
        let with = ServeError::PortInUse {
            addr,
            free_port: Some(1112),
        };
        assert_eq!(
            with.to_string(),
            "port 1111 on 127.0.0.1 is already in use; port 1112 is free: try `infrabook serve --port 1112`"
        );
        let without = ServeError::PortInUse {
            addr,
            free_port: None,
        };
        assert!(
            without
                .to_string()
                .ends_with("choose another with `infrabook serve --port N`")
        );
    }
}
