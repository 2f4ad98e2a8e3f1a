//! Folders as sections: a folder that holds pages (or folders with pages) is a section even without
//! an `_index.md`. Its `index.md` or `README.md` becomes the section's landing page; a folder with
//! neither gets a landing page made up here, titled after the folder. A folder whose index page
//! has nothing else beside it stays a page bundle.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::content::{CONTENT_DIR, DocKind, SourceDoc, SourceId};

/// The folder a document belongs to as content (a section or bundle indexes its own folder).
fn folder_of(doc: &SourceDoc) -> &str {
    doc.dir()
}

fn parent_dir(dir: &str) -> Option<&str> {
    dir.rsplit_once('/').map(|(parent, _)| parent)
}

/// `getting-started_guide` -> `Getting started guide`.
pub fn title_from_folder(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// Promotes folder index pages to sections and appends a made-up section for every folder that has
/// pages but no index. Ids stay positions in `docs`.
pub fn make_sections(docs: &mut Vec<SourceDoc>) {
    // Folders that hold more than their own index page.
    let mut needs_section: BTreeSet<String> = BTreeSet::new();
    for doc in docs.iter() {
        let folder = folder_of(doc);
        let mut cursor = match doc.kind {
            DocKind::Page => Some(folder),
            _ => parent_dir(folder),
        };
        while let Some(dir) = cursor {
            if !dir.starts_with(CONTENT_DIR) || !needs_section.insert(dir.to_string()) {
                break;
            }
            cursor = parent_dir(dir);
        }
    }
    needs_section.insert(CONTENT_DIR.to_string());
    let mut index_of: BTreeMap<String, (DocKind, usize)> = BTreeMap::new();
    for (at, doc) in docs.iter().enumerate() {
        if doc.kind == DocKind::Page {
            continue;
        }
        let name = doc.path.rsplit('/').next().unwrap_or_default();
        // `_index.md` wins over `index.md`, which wins over `README.md`.
        let rank = match name {
            "_index.md" => 0,
            "index.md" => 1,
            _ => 2,
        };
        let entry = index_of.entry(folder_of(doc).to_string());
        let slot = entry.or_insert((doc.kind, at));
        let current = docs[slot.1].path.rsplit('/').next().unwrap_or_default();
        let current_rank = match current {
            "_index.md" => 0,
            "index.md" => 1,
            _ => 2,
        };
        if rank < current_rank {
            *slot = (doc.kind, at);
        }
    }
    for dir in &needs_section {
        match index_of.get(dir) {
            Some((DocKind::Section, _)) => {}
            Some((_, at)) => docs[*at].kind = DocKind::Section,
            // The root without an index gets the implicit home, titled after the site.
            None if dir == CONTENT_DIR => {}
            None => {
                let name = dir.rsplit('/').next().unwrap_or_default();
                let title = title_from_folder(name)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"");
                let id = SourceId(docs.len() as u32);
                docs.push(SourceDoc {
                    id,
                    path: format!("{dir}/_index.md"),
                    kind: DocKind::Section,
                    text: Arc::from(format!("+++\ntitle = \"{title}\"\n+++\n")),
                });
            }
        }
    }
}

/// True for the home page: the section of the `content/` folder itself.
pub fn is_home(doc: &SourceDoc) -> bool {
    doc.kind == DocKind::Section && doc.dir() == CONTENT_DIR
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str) -> SourceDoc {
        let name = path.rsplit('/').next().unwrap_or_default();
        let kind = match name {
            "_index.md" => DocKind::Section,
            "index.md" | "README.md" => DocKind::BundlePage,
            _ => DocKind::Page,
        };
        SourceDoc {
            id: SourceId(0),
            path: path.to_string(),
            kind,
            text: Arc::from(""),
        }
    }

    #[test]
    fn folders_with_pages_become_sections() {
        let mut docs: Vec<SourceDoc> = [
            "content/index.md",
            "content/guide/README.md",
            "content/guide/a.md",
            "content/ref/deep/b.md",
            "content/bundle/index.md",
        ]
        .map(doc)
        .into();
        make_sections(&mut docs);
        let kinds: Vec<(&str, DocKind)> = docs.iter().map(|d| (d.path.as_str(), d.kind)).collect();
        assert_eq!(kinds[0], ("content/index.md", DocKind::Section));
        assert_eq!(kinds[1], ("content/guide/README.md", DocKind::Section));
        assert_eq!(kinds[4], ("content/bundle/index.md", DocKind::BundlePage));
        let made: Vec<&str> = docs[5..].iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            made,
            ["content/ref/_index.md", "content/ref/deep/_index.md"]
        );
        assert!(docs[5].text.contains("title = \"Ref\""));
        assert!(is_home(&docs[0]));
        assert_eq!(
            title_from_folder("getting-started_now"),
            "Getting started now"
        );
    }
}
