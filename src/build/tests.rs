//! Streaming and in-memory builds agree; a failed build leaves the output alone.

use super::*;
use crate::output;

/// Every file of `dir`, as (path relative to `dir`, bytes), sorted.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("readable output");
            (content::relative_name(dir, e.path()), bytes)
        })
        .collect();
    files.retain(|(path, _)| path != output::MARKER);
    // By whole path, as the build orders its files: a walk puts `haproxy/card.png` before
    // `haproxy.cfg`, a string sort after.
    files.sort();
    files
}

fn assert_streamed_equals_in_memory(root: &Path) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let in_memory = build_site(&options).site.expect("site builds");
    let expected: Vec<(String, Vec<u8>)> = in_memory
        .files
        .iter()
        .map(|f| (f.path.clone(), f.read().expect("readable file")))
        .collect();
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    let streamed = build_into(&options, &public).expect("writes");
    let site = streamed.site.expect("site builds");
    assert!(site.files.is_empty(), "streamed files are not kept");
    assert_eq!(site.summary, in_memory.summary);
    let written = files_in(&public);
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&written), paths(&expected));
    for ((path, bytes), (_, want)) in written.iter().zip(&expected) {
        assert!(
            bytes == want,
            "`{path}` differs between build_into and build_site"
        );
    }
}

#[test]
fn streamed_build_writes_the_same_bytes_as_the_in_memory_build() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_streamed_equals_in_memory(&manifest.join("tests/fixtures/sites/features"));
    // The handbook: diagrams, admonitions, code in lists and tables.
    assert_streamed_equals_in_memory(manifest);
}

#[test]
fn a_build_with_errors_leaves_the_previous_output_alone() {
    let site = tempfile::tempdir().expect("temp dir");
    std::fs::write(site.path().join(CONFIG_FILE), "title = \"T\"\n").expect("config");
    let content = site.path().join("content");
    std::fs::create_dir_all(&content).expect("content");
    std::fs::write(
        content.join("a.md"),
        "+++\ntitle = \"A\"\n+++\n[x](missing.md)\n",
    )
    .expect("page");
    let public = site.path().join("public");
    std::fs::create_dir_all(&public).expect("public");
    std::fs::write(public.join("old.html"), "old").expect("old file");
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let result = build_into(&options, &public).expect("no I/O failure");
    assert!(result.has_errors() && result.site.is_none());
    assert_eq!(
        files_in(&public),
        [("old.html".to_string(), b"old".to_vec())]
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .expect("site dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}
