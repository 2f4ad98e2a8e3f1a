//! The one integration-test binary: whole-site builds of fixture sites, CLI runs, diagram fixtures.

mod authoring;
mod cards;
mod cli;
mod diagram;
mod docstrees;
mod fit;
mod handbook_versions;
mod incremental;
mod layout;
mod lint;
mod mermaid;
mod mermaid_corpus;
mod mermaid_state;
mod output;
mod robustness;
mod routing;
mod search;
mod search_live;
mod search_writer;
mod sequence;
mod serve;
mod serve_support;
mod site;
mod sitefeatures;
