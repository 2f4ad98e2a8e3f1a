//! Zola's `sort_by` on a section (`_index.md`): the order of its pages. `weight` (ours, the
//! default) and `none` leave weight then title; `title` orders by title alone; `date` puts the
//! newest first on the full date-time ([`super::date_time`]), breaks ties by URL (Zola compares
//! permalinks, which share the base URL), and lists pages without a date after them (Zola leaves
//! them out of the section's list). Subsections keep their own weights, as in Zola.

use std::collections::BTreeMap;

use super::date_time::{self, Moment};
use crate::content::{DocKind, SourceId};
use crate::frontmatter::ParsedDoc;
use crate::site::Placement;
use crate::site::tree::DocMeta;

/// Rewrites the weights of the pages of every section that names a `sort_by` other than weight.
/// `placements` is indexed by id, as `metas` is.
pub fn apply(metas: &mut [Option<DocMeta>], docs: &[ParsedDoc], placements: &[Option<Placement>]) {
    let rule = |meta: &DocMeta| {
        let parent = meta.parent?;
        Some((parent, docs.get(parent.index())?.front.sort_by.as_deref()?))
    };
    // The dated pages of each date-sorted section: (moment, URL, id).
    let mut dated: BTreeMap<SourceId, Vec<(Moment, &str, SourceId)>> = BTreeMap::new();
    for (doc, meta) in docs.iter().zip(metas.iter_mut()) {
        let Some(meta) = meta else { continue };
        if doc.source.kind == DocKind::Section {
            continue;
        }
        match rule(meta) {
            Some((_, "title")) => meta.weight = 0,
            Some((section, "date")) => {
                meta.weight = 0;
                let moment = doc.front.date_written.as_deref().and_then(date_time::parse);
                let url = placements
                    .get(doc.source.id.index())
                    .and_then(Option::as_ref);
                if let (Some(moment), Some(placement)) = (moment, url) {
                    let pages = dated.entry(section).or_default();
                    pages.push((moment, placement.url.as_str(), doc.source.id));
                }
            }
            _ => {}
        }
    }
    for pages in dated.values_mut() {
        pages.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let count = pages.len() as i64;
        for (rank, (_, _, id)) in pages.iter().enumerate() {
            if let Some(meta) = &mut metas[id.index()] {
                // Below every undated page's 0, in the sorted order.
                meta.weight = rank as i64 - count;
            }
        }
    }
}
