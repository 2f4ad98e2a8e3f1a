//! Removing a whole output folder (the site a build replaced, or a stale staging folder) with
//! several unlinks in flight at once.
//!
//! Removing a file can wait on the disk: a filesystem mounted with `discard` trims the freed
//! blocks as the file goes, and the journal may be busy. One thread removing a site's thousands of
//! files waits for each in turn: `rm -rf` of a 1,000-page site (3,277 files) took 11.2 s on this
//! project's VM disk while other builds kept it busy, and eight `rm` at once 3.9 s. The waiting is
//! not work, so [`REMOVERS`] threads share the files whatever the number of cores; the folders,
//! empty by then, go after them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads removing files at once.
const REMOVERS: usize = 8;

/// Removes `dir` and everything in it, like [`std::fs::remove_dir_all`] (a link is removed, never
/// followed). Returns the first failure; the other files are still removed.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !dir.symlink_metadata()?.is_dir() {
        return Err(std::io::ErrorKind::NotADirectory.into());
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    remove_files(&files)?;
    // A folder comes before everything inside it in the walk, so in reverse each is empty.
    for folder in folders.iter().rev() {
        std::fs::remove_dir(folder)?;
    }
    Ok(())
}

fn remove_files(files: &[PathBuf]) -> std::io::Result<()> {
    let next = AtomicUsize::new(0);
    let first_failure = Mutex::new(None);
    let remover = || {
        while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            if let Err(error) = std::fs::remove_file(file) {
                let mut failure = first_failure.lock().unwrap_or_else(|e| e.into_inner());
                failure.get_or_insert(error);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..REMOVERS.min(files.len()) {
            scope.spawn(remover);
        }
    });
    match first_failure
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
    {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_every_file_and_folder_of_a_nested_tree() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for i in 0..50 {
            let folder = site.join(format!("s{}/p{i}", i % 5));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("index.html"), format!("page {i}")).unwrap();
        }
        std::fs::create_dir_all(site.join("empty/deeper")).unwrap();
        remove_tree(&site).unwrap();
        assert!(!site.exists());
        assert!(dir.path().exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_outside_is_removed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::os::unix::fs::symlink(&outside, site.join("link")).unwrap();
        remove_tree(&site).unwrap();
        assert!(!site.exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("site");
        std::fs::write(&file, "in the way").unwrap();
        assert!(remove_tree(&file).is_err());
        assert!(file.is_file());
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(remove_tree(&dir.path().join("absent")).is_err());
    }
}
