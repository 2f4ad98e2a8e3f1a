//! Whole-site builds of `tests/fixtures/sites/sitefeatures`: what a site ships besides its pages
//! (fonts, minified styles) and the handbook's first build being free of warnings.

use crate::site::{SiteTest, output};

fn built() -> (SiteTest, infrabook::BuildResult) {
    let site = SiteTest::new("sites/sitefeatures");
    let result = site.build();
    assert!(
        !result.has_errors(),
        "build failed: {:#?}",
        result.diagnostics
    );
    (site, result)
}

fn paths(result: &infrabook::BuildResult) -> Vec<String> {
    let site = result.site.as_ref().expect("built");
    site.files.iter().map(|f| f.path.clone()).collect()
}

#[test]
fn the_theme_ships_small_woff2_fonts_and_no_otf_copies() {
    let (_site, result) = built();
    let files = paths(&result);
    assert!(!files.iter().any(|p| p.ends_with(".otf")), "{files:?}");
    let site = result.site.as_ref().expect("built");
    for face in ["fonts/Inter-Regular.woff2", "fonts/Inter-SemiBold.woff2"] {
        let file = site.files.iter().find(|f| f.path == face).expect(face);
        let size = file.read().expect("readable").len();
        assert!(size < 30_000, "{face} is {size} bytes: not the subset");
    }
}

#[test]
fn the_main_font_is_preloaded_and_has_a_metric_matched_fallback() {
    let (_site, result) = built();
    let html = output(&result, "dns/records/index.html");
    assert!(html.contains(
        r#"<link rel="preload" href="/handbook/fonts/Inter-Regular.woff2" as="font" type="font/woff2" crossorigin>"#
    ));
    let css = output(&result, "css/site.css");
    assert!(
        css.contains("font-display:swap"),
        "swap, so text shows at once"
    );
    assert!(css.contains("\"Inter Fallback\""));
    assert!(css.contains("size-adjust:107.51%"));
    assert!(css.contains("ascent-override:"));
}

#[test]
fn stylesheets_and_scripts_are_minified() {
    let (_site, result) = built();
    for path in ["css/site.css", "css/diagrams.css", "css/highlight.css"] {
        let css = output(&result, path);
        assert!(!css.contains("/*"), "{path} keeps comments");
        assert!(!css.contains("\n  "), "{path} keeps indentation");
    }
    let js = output(&result, "js/site.js");
    assert!(
        !js.lines()
            .any(|l| l.starts_with(' ') || l.trim_start().starts_with("//"))
    );
    let theme = include_str!("../../static/js/site.js");
    assert!(
        js.len() < theme.len() * 9 / 10,
        "{} of {}",
        js.len(),
        theme.len()
    );
}
