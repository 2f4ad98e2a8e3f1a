//! Tests: robustness (issue 9). Every bad input ends in a clear error or a correct build, never a
//! hang, a stack overflow or a panic; a failed or killed build loses nothing; user text never becomes
//! executable markup. The binary runs under [`run_bounded`], which turns a hang into a failure.

mod catalogue;
mod codes;
mod escaping;
mod nothing_lost;
mod properties;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Generous: a debug build of a 50 MB page takes about a minute on a loaded machine. The point is
/// that the test ends, not how fast.
pub const BOUND: Duration = Duration::from_secs(900);

/// Runs `infrabook ARGS` in `dir` with colours off; kills it and fails the test if it runs past
/// [`BOUND`]. Output goes to files, not pipes: a child blocked on a full pipe nobody reads would
/// look like a hang.
pub fn run_bounded(dir: &Path, args: &[&str]) -> Output {
    let capture = tempfile::tempdir().expect("temp dir");
    let file = |name: &str| std::fs::File::create(capture.path().join(name)).expect("capture");
    let mut child = Command::new(env!("CARGO_BIN_EXE_infrabook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(file("stdout"))
        .stderr(file("stderr"))
        .spawn()
        .expect("binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            panic!(
                "`infrabook {}` did not finish within {BOUND:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |name: &str| std::fs::read(capture.path().join(name)).expect("captured");
    Output {
        status,
        stdout: read("stdout"),
        stderr: read("stderr"),
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A crash (stack overflow, panic) shows as a signal or exit code 101; a clear failure is 1 or 2.
pub fn assert_clean_exit(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "status {:?}\n{}",
        output.status,
        stderr(output)
    );
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
}

/// A minimal site in a fresh temp folder: `site.toml` and a home page.
pub fn scratch_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content")).expect("content");
    std::fs::write(
        root.join("site.toml"),
        "title = \"Scratch\"\nbase_url = \"https://example.org/\"\n",
    )
    .expect("site.toml");
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nHello.\n",
    )
    .expect("home");
    (dir, root)
}
