//! Tests: robustness (issue 9).
