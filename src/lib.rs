//! infrabook: a static documentation site generator whose pages carry architecture diagrams written as
//! text, checked and drawn at build time.
//!
//! The pipeline runs one way, one module per stage (see `../shared/DESIGN.md` section 4):
//! load -> parse -> render -> site -> templates -> output. The diagram engine in [`diagram`] depends on
//! nothing site-specific.

pub mod diagram;
pub mod serve;
