//! Tests: diagram.
