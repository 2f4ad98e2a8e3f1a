//! The whole diagram pipeline (parse, model, lint, layout, SVG) through `diagram::render`.
#![no_main]

use infrabook::diagram::{LinkResolver, RenderOptions, render};
use libfuzzer_sys::fuzz_target;

struct Pages;

impl LinkResolver for Pages {
    fn resolve(&self, target: &str) -> Result<String, String> {
        match target {
            "page.md" | "../lb/index.md" => Ok("/lb/".into()),
            _ => Err(format!("no page `{target}`")),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // Layout is superlinear; huge inputs only slow the fuzzer down without reaching new code.
    if source.len() > 4096 {
        return;
    }
    let options = RenderOptions {
        id_prefix: "d",
        links: &Pages,
        caption: None,
    };
    let findings = match render(source, &options) {
        Ok(rendered) => {
            assert!(!rendered.html.contains("<script"), "{}", rendered.html);
            // A label may say `javascript:` as (escaped) text; no attribute may hold such a URL.
            for value in rendered.html.split("=\"").skip(1) {
                let value = value.split('"').next().unwrap_or_default();
                let value = value.trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
                assert!(
                    !value.to_ascii_lowercase().starts_with("javascript:"),
                    "{}",
                    rendered.html
                );
            }
            rendered.findings
        }
        Err(findings) => findings,
    };
    for finding in &findings {
        assert!(finding.span.start <= finding.span.end, "{finding:?}");
        assert!(finding.span.end <= source.len(), "{finding:?}");
    }
});
