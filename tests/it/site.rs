//! Tests: site.
