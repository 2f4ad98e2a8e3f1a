//! Include fragments: a Markdown file under `content/` that other documents put in with
//! `{{#include}}` and that the navigation does not list is a part of those pages, not a page of
//! its own (mdBook's guide keeps `cli/arg-watcher.md` for two commands' pages). It gets no URL, no
//! title check and no place in the sidebar; the pages including it are built as usual.

use std::collections::HashMap;

use super::arrange::NavArrangement;
use crate::content::{DocKind, SourceId};
use crate::frontmatter::ParsedDoc;

/// Indexed by id: true for pages (not sections) that are only included. Home is never one.
pub fn include_only(
    docs: &[ParsedDoc],
    nav: Option<&NavArrangement>,
    home: Option<SourceId>,
) -> Vec<bool> {
    let mut fragments = vec![false; docs.len()];
    if !docs.iter().any(|doc| doc.source.text.contains("{{#")) {
        return fragments;
    }
    let by_path: HashMap<&str, SourceId> = docs
        .iter()
        .map(|doc| (doc.source.path.as_str(), doc.source.id))
        .collect();
    for doc in docs {
        let body = &doc.source.text[doc.body.clone()];
        for file in crate::markdown::include::named_files(body, doc.source.dir()) {
            let Some(&id) = by_path.get(file.as_str()) else {
                continue;
            };
            let listed = nav.is_some_and(|nav| nav.is_listed(id));
            // A section's landing page stays a page: the pages under it need their section.
            let page = docs[id.index()].source.kind == DocKind::Page;
            if page && id != doc.source.id && !listed && Some(id) != home {
                fragments[id.index()] = true;
            }
        }
    }
    fragments
}
