//! The one integration-test binary: whole-site builds of fixture sites, CLI runs, diagram fixtures.

mod authoring;
mod cards;
mod cli;
mod diagram;
mod docstrees;
mod handbook_versions;
mod incremental;
mod layout;
mod lint;
mod mermaid;
mod robustness;
mod search;
mod search_writer;
mod sequence;
mod serve;
mod site;
mod sitefeatures;
