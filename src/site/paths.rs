//! Pure path arithmetic on root-relative, `/`-separated paths, plus the edit distance behind
//! "did you mean" suggestions.

/// Joins `dir` and a relative `path`, resolving `.` and `..`; `None` if it climbs above the root.
pub fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The relative path that leads from directory `from_dir` to file `to` (both root-relative).
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let target: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The closest candidate within a third of the wanted text's length; ties go to the smallest name,
/// so the suggestion does not depend on iteration order.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = wanted.chars().count();
    let limit = (length / 3).max(2);
    // The distance is at least the difference in length: skipping those candidates keeps a huge
    // broken link (a pasted blob) from costing length x length for every page of the site.
    candidates
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_dots_and_refuses_to_climb_out() {
        assert_eq!(
            join("content/dns", "../lb/index.md").as_deref(),
            Some("content/lb/index.md")
        );
        assert_eq!(join("content", "./a.md").as_deref(), Some("content/a.md"));
        assert_eq!(join("content", "../../x"), None);
    }

    #[test]
    fn relative_walks_up_then_down() {
        assert_eq!(
            relative("content/dns", "content/lb/index.md"),
            "../lb/index.md"
        );
        assert_eq!(relative("content", "content/a.md"), "a.md");
    }

    #[test]
    fn closest_finds_a_typo_but_not_a_stranger() {
        let names = ["content/dns/records.md", "content/lb/index.md"];
        assert_eq!(
            closest("content/dns/record.md", names.into_iter()),
            Some("content/dns/records.md")
        );
        assert_eq!(closest("zzz", names.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
