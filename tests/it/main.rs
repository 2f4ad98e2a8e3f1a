//! The one integration-test binary: whole-site builds of fixture sites, CLI runs, diagram fixtures.

mod cli;
mod diagram;
mod incremental;
mod layout;
mod lint;
mod robustness;
mod search;
mod serve;
mod site;
mod sitefeatures;
