//! Docs trees written for mdBook, MkDocs or Zola, built as they are.
//!
//! [`folders`] runs at the end of loading: every folder with pages becomes a section (its
//! `index.md` or `README.md` is the landing page, else one is made up from the folder name), and a
//! root `index.md` is the home page. [`nav`] reads the navigation such a tree brings with it
//! (mdBook's `SUMMARY.md`, MkDocs' `nav:` in `mkdocs.yml`) into [`nav::NavNode`]s; [`arrange`]
//! turns them into the order, nesting and titles the section tree and sidebar follow.

pub mod arrange;
pub mod date_time;
pub mod folders;
pub mod fragments;
pub mod front;
pub mod import;
pub mod links;
pub mod mkdocs;
pub mod nav;
pub mod sort_by;
pub mod summary;
