//! "Did you mean ...?" for unknown names: the closest candidate by edit distance, if it is close enough
//! to be a plausible typo.

/// Returns the candidate nearest to `wrong`, when the edit distance is small relative to its length.
/// Ties go to the earliest candidate, so the answer is deterministic.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&wrong.to_lowercase(), &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance where swapping two neighbouring letters counts as one edit (the commonest typo),
/// besides inserting, deleting or replacing one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let at = i * width + j;
            table[at] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[at - width - 1] + cost)
                    .min(table[at - 1] + 1)
                    .min(table[at - width] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[at - 2 * width - 2] + 1);
                }
                best
            };
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_typo() {
        let kinds = ["database", "dns", "load-balancer"];
        assert_eq!(nearest("databse", kinds), Some("database"));
        assert_eq!(nearest("load-balancr", kinds), Some("load-balancer"));
    }

    #[test]
    fn refuses_far_names() {
        assert_eq!(nearest("zebra", ["database", "dns"]), None);
    }

    #[test]
    fn distance_is_levenshtein() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("auth", "path"), 2);
    }
}
