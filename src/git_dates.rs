//! Last-updated dates from git: the date of the last commit that touched each file, read in one
//! `git log` pass over the site (not one process per file). A site outside a git repository, or a
//! machine without git, simply has no dates: never an error.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Root-relative path (`content/dns/records.md`) -> `YYYY-MM-DD` of the newest commit touching it.
pub fn last_commit_dates(root: &Path) -> HashMap<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cI",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            "content",
        ])
        .output();
    match output {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
        _ => HashMap::new(),
    }
}

/// Reads `git log --format=%x00%cI --name-only` output: a NUL-marked date line, then the files of
/// that commit. The log is newest first, so the first date seen for a file is its last change.
fn parse_log(log: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let mut current: Option<&str> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = date.get(..10);
        } else if let (Some(date), false) = (current, line.is_empty()) {
            dates
                .entry(line.to_string())
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        let log = "\x002024-06-02T10:00:00+02:00\n\ncontent/a.md\n\x002024-01-01T00:00:00+00:00\n\ncontent/a.md\ncontent/b.md\n";
        let dates = parse_log(log);
        assert_eq!(dates["content/a.md"], "2024-06-02");
        assert_eq!(dates["content/b.md"], "2024-01-01");
    }
}
