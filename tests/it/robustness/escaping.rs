//! Escaping: titles, descriptions, tags and diagram labels carrying `<script>`, quotes, `&`, `]]>`
//! and `javascript:` never become executable markup; a diagram `link:` takes only site pages and
//! http(s) URLs. (Raw HTML written in a page's Markdown is the author's own and stays, see README.)

use std::sync::Mutex;

use lol_html::{HtmlRewriter, Settings, element};

use super::scratch_site;
use crate::site::output;

const HOSTILE: &str =
    r#"<script>alert(1)</script> "q" 'a' & ]]> <img src=x onerror=alert(2)> javascript:alert(3)"#;

/// What could run in a page: every `<script>` (its `src` and text), every `on*` attribute, and every
/// URL-valued attribute.
#[derive(Debug, Default, PartialEq)]
struct Executable {
    scripts: Vec<String>,
    handlers: Vec<String>,
    urls: Vec<String>,
}

fn executable(html: &str) -> Executable {
    let found = Mutex::new(Executable::default());
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![
                element!("script", |el| {
                    let src = el.get_attribute("src").unwrap_or_default();
                    found.lock().expect("lock").scripts.push(src);
                    Ok(())
                }),
                element!("*", |el| {
                    let mut found = found.lock().expect("lock");
                    for attribute in el.attributes() {
                        let name = attribute.name();
                        if name.starts_with("on") {
                            found.handlers.push(format!("{name}={}", attribute.value()));
                        }
                        if ["href", "src", "xlink:href", "action", "formaction"]
                            .contains(&name.as_str())
                        {
                            found.urls.push(attribute.value());
                        }
                    }
                    Ok(())
                }),
            ],
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    rewriter.write(html.as_bytes()).expect("parses");
    rewriter.end().expect("parses");
    found.into_inner().expect("lock")
}

/// Front matter as TOML basic strings (quotes and backslashes escaped).
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn page_with(value: &str) -> String {
    let quoted = toml_string(value);
    let label = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "+++\ntitle = {quoted}\ndescription = {quoted}\ntags = [{quoted}]\n+++\n\n\
         Text.\n\n```infra\ntitle: \"{label}\"\nlb: \"{label}\" {{ kind: load-balancer; tech: \"{label}\" }}\n\
         web: Web {{ kind: web-server; link: \"https://example.com/?q=\\\"><script>alert(4)</script>\" }}\n\
         lb -> web: \"{label}\" {{ proto: https }}\n```\n"
    )
}

fn built_page(value: &str) -> String {
    let (_dir, root) = scratch_site();
    std::fs::write(root.join("content/page.md"), page_with(value)).expect("page");
    let result = infrabook::build_site(&infrabook::BuildOptions {
        root,
        ..Default::default()
    });
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    output(&result, "page/index.html")
}

#[test]
fn hostile_titles_labels_and_front_matter_add_nothing_executable() {
    let benign = executable(&built_page("Plain words"));
    let hostile_html = built_page(HOSTILE);
    let hostile = executable(&hostile_html);
    assert_eq!(hostile.scripts, benign.scripts, "only the theme's scripts");
    assert_eq!(
        hostile.handlers, benign.handlers,
        "no event handler attributes"
    );
    for url in &hostile.urls {
        let lower = url.trim().to_ascii_lowercase();
        assert!(!lower.starts_with("javascript:"), "{url}");
        assert!(!lower.contains("<script"), "{url}");
    }
    // The text itself is there, escaped, in the title, the heading and the diagram.
    assert!(hostile_html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(hostile_html.contains("]]&gt;"));
    assert!(!hostile_html.contains("<script>alert"));
}

fn diagram_link_build(link: &str) -> infrabook::BuildResult {
    let (_dir, root) = scratch_site();
    let page = format!(
        "+++\ntitle = \"Links\"\n+++\n\n```infra\nweb: Web {{ kind: web-server; link: \"{link}\" }}\n```\n"
    );
    std::fs::write(root.join("content/page.md"), page).expect("page");
    infrabook::build_site(&infrabook::BuildOptions {
        root,
        ..Default::default()
    })
}

#[test]
fn diagram_links_take_only_site_pages_and_http_urls() {
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<b>",
        "vbscript:x",
        "file:///etc/passwd",
    ] {
        let result = diagram_link_build(bad);
        assert!(result.has_errors(), "`{bad}` was accepted");
        let shown = format!("{:?}", result.diagnostics);
        assert!(shown.contains("content/page.md"), "{shown}");
    }
    for good in ["https://example.com/", "http://example.com/x", "_index.md"] {
        let result = diagram_link_build(good);
        assert!(!result.has_errors(), "`{good}`: {:#?}", result.diagnostics);
        let html = output(&result, "page/index.html");
        let urls = executable(&html).urls;
        let expected = if good == "_index.md" { "/" } else { good };
        assert!(urls.iter().any(|u| u == expected), "{good}: {urls:?}");
    }
}
