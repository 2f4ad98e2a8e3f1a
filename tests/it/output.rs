//! Rebuilding over a previous site: files whose bytes did not change keep the previous site's
//! file (same inode) instead of being written again, so a rebuild that changes a few pages writes
//! and frees only those on disk; everything else about the swap stays as it was.

#![cfg(unix)]

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use infrabook::output::{self, Contents, OutputFile};

use crate::site::{SiteTest, tree};

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile::bytes(path.into(), text.as_bytes().to_vec())
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).expect("output file").ino()
}

#[test]
fn a_rebuild_keeps_the_files_whose_bytes_did_not_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    let first = [
        file("index.html", "home\n"),
        file("a/index.html", "page a\n"),
        file("gone/index.html", "dropped next time\n"),
    ];
    output::write(&first, &public).expect("first write");
    let (home, a) = (
        inode(&public.join("index.html")),
        inode(&public.join("a/index.html")),
    );

    let second = [
        file("index.html", "home\n"),
        file("a/index.html", "page a, edited\n"),
        file("b/index.html", "page b\n"),
    ];
    output::write(&second, &public).expect("second write");

    assert_eq!(
        inode(&public.join("index.html")),
        home,
        "unchanged file rewritten"
    );
    assert_ne!(inode(&public.join("a/index.html")), a, "changed file kept");
    let files: Vec<(String, String)> = tree(&public)
        .into_iter()
        .filter(|(name, _)| name != output::MARKER)
        .map(|(name, bytes)| (name, String::from_utf8(bytes).expect("text")))
        .collect();
    let expected = [
        ("a/index.html", "page a, edited\n"),
        ("b/index.html", "page b\n"),
        ("index.html", "home\n"),
    ]
    .map(|(n, t)| (n.to_string(), t.to_string()));
    assert_eq!(files, expected);
    // The kept file belongs to the new site alone once the old one is removed.
    assert_eq!(
        std::fs::metadata(public.join("index.html"))
            .unwrap()
            .nlink(),
        1
    );
}

#[test]
fn a_file_of_the_same_length_but_other_bytes_is_written_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    output::write(&[file("index.html", "aaaa\n")], &public).expect("first write");
    output::write(&[file("index.html", "bbbb\n")], &public).expect("second write");
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        "bbbb\n"
    );
}

#[test]
fn a_copied_file_that_did_not_change_is_kept_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("logo.png");
    std::fs::write(&source, [0x89, b'P', b'N', b'G', 0, 1, 2, 3]).unwrap();
    let public = dir.path().join("public");
    let copy = OutputFile {
        path: "img/logo.png".into(),
        contents: Contents::Copy(source.clone()),
    };
    output::write(std::slice::from_ref(&copy), &public).expect("first write");
    let before = inode(&public.join("img/logo.png"));
    output::write(std::slice::from_ref(&copy), &public).expect("second write");
    assert_eq!(inode(&public.join("img/logo.png")), before);

    std::fs::write(&source, [0x89, b'P', b'N', b'G', 9, 9, 9, 9]).unwrap();
    output::write(&[copy], &public).expect("third write");
    assert_eq!(
        std::fs::read(public.join("img/logo.png")).unwrap(),
        [0x89, b'P', b'N', b'G', 9, 9, 9, 9]
    );
}

#[test]
fn a_failed_rebuild_leaves_the_previous_site_whole_even_where_files_were_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    output::write(&[file("index.html", "home\n")], &public).expect("first write");
    let before = tree(&public);
    let files = [
        file("index.html", "home\n"),
        OutputFile {
            path: "img/gone.png".into(),
            contents: Contents::Copy(dir.path().join("missing.png")),
        },
    ];
    output::write(&files, &public).expect_err("the copy fails");
    assert_eq!(tree(&public), before);
    assert_eq!(
        std::fs::metadata(public.join("index.html"))
            .unwrap()
            .nlink(),
        1
    );
}

/// The whole site, built twice from the same sources: every page, the search index and the
/// copied assets are the previous build's files; an edit rewrites only what it changed.
#[test]
fn building_an_unchanged_site_again_writes_no_file_anew() {
    let site = SiteTest::new("sites/search");
    let public = site.path("public");
    let build = || {
        site.command().arg("build").assert().success();
    };
    let inodes = || -> Vec<(String, u64)> {
        tree(&public)
            .into_keys()
            .filter(|name| name != output::MARKER)
            .map(|name| {
                let ino = inode(&public.join(&name));
                (name, ino)
            })
            .collect()
    };
    build();
    let first = inodes();
    assert!(
        first.iter().any(|(n, _)| n.starts_with("pagefind/")),
        "{first:?}"
    );
    build();
    assert_eq!(inodes(), first);
}
