//! Nothing lost: a build that fails while writing, or is killed mid-way, leaves the previous output
//! byte-identical, and the next build leaves no staging or stale folder behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use infrabook::output::{self, Contents, OutputFile};

use super::{BOUND, assert_clean_exit, run_bounded, scratch_site, stderr};
use crate::site::tree;

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile::bytes(path.into(), text.as_bytes().to_vec())
}

/// A previous site written by the library, in `dir/public`.
fn previous_site(dir: &Path) -> PathBuf {
    let public = dir.join("public");
    let files = [
        file("index.html", "old home\n"),
        file("a/index.html", "old a\n"),
    ];
    output::write(&files, &public).expect("first write");
    public
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public-"))
        .collect()
}

#[test]
fn failure_while_copying_a_file_keeps_the_previous_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = previous_site(dir.path());
    let before = tree(&public);
    let mut files: Vec<OutputFile> = (0..200)
        .map(|i| file(&format!("p{i}/index.html"), "new page\n"))
        .collect();
    files.push(OutputFile {
        path: "img/gone.png".into(),
        contents: Contents::Copy(dir.path().join("deleted-after-the-build.png")),
    });
    let error = output::write(&files, &public).expect_err("copy fails");
    assert!(
        error.to_string().contains("deleted-after-the-build.png"),
        "{error}"
    );
    assert_eq!(tree(&public), before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn failure_creating_a_folder_keeps_the_previous_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = previous_site(dir.path());
    let before = tree(&public);
    // `guide` must be both a file and a folder: creating the folder fails.
    let files = [
        file("guide", "a file\n"),
        file("guide/page/index.html", "page\n"),
    ];
    assert!(output::write(&files, &public).is_err());
    assert_eq!(tree(&public), before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// Root ignores permissions, so the write failure is made by something in the way: a file where
/// the staging folder must go cannot be removed as a folder.
#[test]
fn build_that_cannot_write_exits_2_and_keeps_the_previous_site() {
    let (_dir, root) = scratch_site();
    assert_clean_exit(&run_bounded(&root, &["build"]), 0);
    let before = tree(&root.join("public"));
    std::fs::write(root.join(".public-staging"), "in the way\n").expect("blocker");
    std::fs::write(
        root.join("content/new.md"),
        "+++\ntitle = \"New\"\n+++\nNew.\n",
    )
    .expect("page");
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 2);
    assert!(
        stderr(&output).contains(".public-staging"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&root.join("public")), before);
}

#[test]
fn interrupted_swap_is_recovered_by_the_next_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = previous_site(dir.path());
    let before = tree(&public);
    // What a kill between the two renames of the swap leaves: the old site moved aside, no output.
    std::fs::rename(&public, dir.path().join(".public-old")).expect("move aside");
    let broken = [OutputFile {
        path: "x".into(),
        contents: Contents::Copy(dir.path().join("missing")),
    }];
    assert!(output::write(&broken, &public).is_err());
    assert_eq!(tree(&public), before, "the previous site is back");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // And with an output in place, a stale `.public-old` is removed.
    std::fs::create_dir(dir.path().join(".public-old")).expect("stale");
    std::fs::write(dir.path().join(".public-old/.infrabook-output"), "").expect("marker");
    output::write(&[file("index.html", "new\n")], &public).expect("write");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// A site whose writing takes long enough to be caught: large static files are copied into staging.
fn slow_site() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = scratch_site();
    std::fs::create_dir_all(root.join("static/media")).expect("static");
    let chunk = vec![b'x'; 32 << 20];
    for i in 0..6 {
        std::fs::write(root.join(format!("static/media/{i}.bin")), &chunk).expect("media");
    }
    for i in 0..300 {
        let text = format!("+++\ntitle = \"Page {i}\"\n+++\nText of page {i}.\n");
        std::fs::write(root.join(format!("content/p{i}.md")), text).expect("page");
    }
    (dir, root)
}

#[test]
fn killed_build_keeps_the_old_site_and_the_next_build_cleans_up() {
    let (_dir, root) = slow_site();
    assert_clean_exit(&run_bounded(&root, &["build"]), 0);
    let before = tree(&root.join("public"));
    std::fs::write(
        root.join("content/p0.md"),
        "+++\ntitle = \"Changed\"\n+++\nChanged.\n",
    )
    .expect("edit");
    let mut child = Command::new(env!("CARGO_BIN_EXE_infrabook"))
        .arg("build")
        .current_dir(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let started = Instant::now();
    while !root.join(".public-staging").exists() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished before staging was seen"
        );
        assert!(started.elapsed() < BOUND, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert!(root.join(".public-staging").exists(), "killed mid-way");
    assert_eq!(tree(&root.join("public")), before, "old site intact");
    assert_clean_exit(&run_bounded(&root, &["build"]), 0);
    assert_eq!(leftovers(&root), Vec::<String>::new());
    let page = std::fs::read_to_string(root.join("public/p0/index.html")).expect("page");
    assert!(page.contains("Changed."));
}
