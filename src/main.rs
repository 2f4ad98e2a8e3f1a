//! The `infrabook` binary: parse arguments, call [`infrabook::run`], print diagnostics and a summary
//! to stderr, and exit 0 (success), 1 (the input has errors) or 2 (usage or internal error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use infrabook::cli::{Cli, Command, ServeArgs};
use infrabook::{dev_server, diagnostics};

/// Builds allocate and free many small strings on both cores at once, which jemalloc handles with
/// less CPU than the system allocator.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// Runs the dev server until Ctrl-C.
#[allow(clippy::print_stderr)]
fn serve(args: &ServeArgs) -> ExitCode {
    let options = dev_server::DevServerOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        base_url: args.base_url.clone(),
        include_drafts: args.drafts,
        color: use_color(),
        warn_links: args.warn_links,
    };
    let server = match dev_server::start(&options, |line| eprintln!("{}", line.trim_end())) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    eprintln!("Serving at {} (Ctrl-C to stop)", server.url());
    if args.open {
        if let Err(error) = dev_server::open_in_browser(&server.url()) {
            eprintln!("note: could not open a browser ({error}); open the URL above yourself");
        }
    }
    let stop = server.shutdown_handle();
    if let Err(error) = ctrlc::set_handler(move || stop.shutdown()) {
        eprintln!("warning: Ctrl-C will not stop the server cleanly: {error}");
    }
    server.wait();
    eprintln!("Stopped.");
    ExitCode::SUCCESS
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Serve(args) = &cli.command {
        return serve(args);
    }
    let started = Instant::now();
    let outcome = match infrabook::run(&cli.command) {
        Ok(outcome) => outcome,
        Err(error) => {
            eprintln!("error: {:#}", anyhow::Error::from(error));
            return ExitCode::from(2);
        }
    };
    if let Some(bytes) = &outcome.stdout {
        let mut stdout = std::io::stdout().lock();
        // A reader that hung up (e.g. `| head`) is not an error of ours.
        let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
    }
    let mut stderr = std::io::stderr().lock();
    let report = diagnostics::render(
        &outcome.diagnostics,
        &outcome.sources,
        outcome.format,
        use_color(),
    );
    // A closed stderr is not worth failing over; the exit code still tells the story.
    let _ = stderr.write_all(report.as_bytes());
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let notes = outcome.diagnostics.iter().filter(|d| d.is_note()).count();
    let warnings = outcome.diagnostics.len() - errors - notes;
    let elapsed = started.elapsed().as_millis();
    let line = if let Some(message) = &outcome.message {
        message.clone()
    } else if let Some(summary) = outcome.summary {
        let verb = if outcome.checked_only {
            "Checked"
        } else {
            "Built"
        };
        format!(
            "{verb} {}, {}, {}, {} in {elapsed} ms",
            plural(summary.pages, "page"),
            plural(summary.sections, "section"),
            plural(summary.static_files, "static file"),
            plural(summary.warnings, "warning"),
        )
    } else if outcome.stdout.is_some() {
        format!("Drew the diagram ({})", plural(warnings, "finding"))
    } else {
        format!(
            "Failed: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    let _ = writeln!(stderr, "{line}");
    if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
