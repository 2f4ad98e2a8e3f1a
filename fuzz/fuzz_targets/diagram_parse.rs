//! The `infra` parser alone: never panics, every finding's span lies inside the source.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let (_document, findings) = infrabook::diagram::syntax::parse(source);
    for finding in &findings {
        assert!(finding.span.start <= finding.span.end, "{finding:?}");
        assert!(finding.span.end <= source.len(), "{finding:?}");
    }
});
