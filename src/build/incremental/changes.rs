//! Which rebuild a batch of changed paths needs: a full build, or the documents to render again
//! and the copied files to read again ([`Partial`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::state::State;
use crate::content::SourceId;

/// How a batch of changes is rebuilt.
pub(super) enum Plan {
    Full,
    Partial(Partial),
}

/// Sorts a batch of changed paths into a full build or the documents to render again and the
/// files to copy again.
pub(super) fn plan_changes(state: &State, root: &Path, changed: &[PathBuf]) -> Plan {
    let by_path: HashMap<&str, SourceId> = state
        .docs
        .iter()
        .map(|doc| (doc.source.path.as_str(), doc.source.id))
        .collect();
    let mut partial = Partial::default();
    for relative in changed {
        let Some(path) = slash_path(relative) else {
            return Plan::Full;
        };
        let file = root.join(relative);
        let includers = state.docs_including(&path);
        for &id in &includers {
            partial.docs.entry(id).or_insert(None);
        }
        let step = if let Some(rest) = path.strip_prefix("content/") {
            if rest.split('/').any(|part| part.starts_with('.')) {
                continue; // hidden: the build never reads it
            }
            match by_path.get(path.as_str()) {
                Some(&id) if file.is_file() && state.implicit_home != Some(id) => {
                    partial.edit(state, id, &file)
                }
                _ => partial.copy_again(state, &path, file),
            }
        } else if path.starts_with("static/") {
            partial.copy_again(state, &path, file)
        } else if path.starts_with("diagrams/") && !file.is_dir() {
            partial.redraw(state, &path);
            Some(())
        } else if !includers.is_empty() && file.is_file() {
            Some(()) // only included: the pages including it are rendered again
        } else {
            None
        };
        if step.is_none() {
            return Plan::Full;
        }
    }
    Plan::Partial(partial)
}

/// What an update short of a full build does.
#[derive(Default)]
pub(super) struct Partial {
    /// Documents to render again, with their new text when it changed.
    pub(super) docs: BTreeMap<SourceId, Option<Arc<str>>>,
    /// Copied files whose source changed: (URL path, source file).
    pub(super) copies: Vec<(String, PathBuf)>,
}

impl Partial {
    /// A document's new text; `None` (full build) when it cannot be read as UTF-8.
    fn edit(&mut self, state: &State, id: SourceId, file: &Path) -> Option<()> {
        let text = String::from_utf8(std::fs::read(file).ok()?).ok()?;
        if *state.docs[id.index()].source.text != *text {
            self.docs.insert(id, Some(Arc::from(text)));
        }
        Some(())
    }

    /// The pages naming the diagram file `path` are rendered again.
    fn redraw(&mut self, state: &State, path: &str) {
        for id in state.docs_naming(path) {
            self.docs.entry(id).or_insert(None);
        }
    }

    /// A file the site copies (from `static/`, or beside a page) is copied again; a diagram among
    /// them is also drawn again. `None` (full build) for a file added or removed, or one whose copy
    /// lost to a page; a file that came and went (an editor's temporary copy) changes nothing.
    fn copy_again(&mut self, state: &State, path: &str, file: PathBuf) -> Option<()> {
        let url = state.copied.get(path);
        match url {
            Some(url) if file.is_file() => {
                if path.starts_with("content/") && path.ends_with(".infra") {
                    self.redraw(state, path);
                }
                self.copies.push((url.clone(), file));
                Some(())
            }
            _ if file.exists() || url.is_some() || state.knows_content(path) => None,
            _ => Some(()),
        }
    }
}

/// `content/dns/a.md` from a relative path; `None` for anything odd (`..`, not UTF-8).
fn slash_path(relative: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_become_slash_paths() {
        assert_eq!(
            slash_path(Path::new("content/dns/a.md")).as_deref(),
            Some("content/dns/a.md")
        );
        assert_eq!(slash_path(Path::new("../content/a.md")), None);
        assert_eq!(slash_path(Path::new("/content/a.md")), None);
    }
}
