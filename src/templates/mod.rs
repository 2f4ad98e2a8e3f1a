//! Templates: load the Tera templates once (the site's `templates/` over the defaults embedded in the
//! binary) and render a typed context with them.
//!
//! Every error names the template, its line when Tera gives one (or the line of the variable it could
//! not find), and the page being rendered.

pub mod context;
mod includes;
mod nav;
pub use nav::NavLabels;
mod pages;
pub mod sidebar;

pub use pages::{PageRenderer, file_for, template_for};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tera::Tera;
use walkdir::WalkDir;

use crate::content::relative_name;
use crate::diagnostics::{Diagnostic, LineIndex, Sources};
use crate::embedded;

pub const TEMPLATES_DIR: &str = "templates";

/// Where a template came from, for diagnostics.
#[derive(Debug, Clone)]
struct TemplateSource {
    /// `templates/page.html` for the site's own, `(built-in) templates/page.html` otherwise.
    display: String,
    text: Arc<str>,
}

pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, TemplateSource>,
    /// How much of the sidebar the core may write or leave out ([`sidebar::SidebarUse`]).
    sidebar: sidebar::SidebarUse,
}

/// Template names and texts: embedded defaults, then the site's files (which win).
fn collect(root: &Path) -> Result<BTreeMap<String, TemplateSource>, Vec<Diagnostic>> {
    let mut sources = BTreeMap::new();
    for (name, bytes) in embedded::template_files() {
        let text = String::from_utf8_lossy(bytes);
        let display = format!("(built-in) {TEMPLATES_DIR}/{name}");
        sources.insert(
            name,
            TemplateSource {
                display,
                text: Arc::from(text.as_ref()),
            },
        );
    }
    let dir = root.join(TEMPLATES_DIR);
    if !dir.is_dir() {
        return Ok(sources);
    }
    let mut errors = Vec::new();
    for entry in WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = relative_name(&dir, entry.path());
        let display = relative_name(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                sources.insert(
                    name,
                    TemplateSource {
                        display,
                        text: Arc::from(text),
                    },
                );
            }
            Err(error) => errors.push(Diagnostic::error(
                "T002",
                format!("cannot read `{display}`: {error}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

/// The whole error chain as one sentence.
fn chain(error: &tera::Error) -> Vec<String> {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts
}

/// The first `'name'` quoted in a message after `marker`.
fn quoted_after<'t>(text: &'t str, marker: &str) -> Option<&'t str> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let start = rest.find(['\'', '"'])? + 1;
    let end = start + rest[start..].find(['\'', '"'])?;
    Some(&rest[start..end])
}

/// `line:col` from a pest message (` --> 3:7`), as a byte offset into `text`.
fn pest_offset(message: &str, text: &str) -> Option<usize> {
    let rest = &message[message.find("--> ")? + 4..];
    let (line, rest) = rest.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, col): (usize, usize) = (line.trim().parse().ok()?, col.parse().ok()?);
    let index = LineIndex::new(text);
    let bounds = index.line_bounds(line.checked_sub(1)?)?;
    let column_offset: usize = text[bounds.clone()]
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Some(bounds.start + column_offset)
}

fn escape_html(text: &str) -> String {
    crate::highlight::escape(text)
}

fn display_sources(templates: &BTreeMap<String, TemplateSource>) -> Sources {
    let mut sources = Sources::default();
    for source in templates.values() {
        sources.insert(&source.display, source.text.clone());
    }
    sources
}

impl Templates {
    /// Loads and parses every template once.
    pub fn load(root: &Path) -> Result<Templates, (Vec<Diagnostic>, Sources)> {
        let sources = collect(root).map_err(|errors| (errors, Sources::default()))?;
        let mut tera = Tera::default();
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, s)| (n.as_str(), &*s.text))
            .collect();
        if let Err(error) = tera.add_raw_templates(raw) {
            let parts = chain(&error);
            let name = parts
                .iter()
                .find_map(|p| quoted_after(p, "Failed to parse"));
            let expected = parts
                .iter()
                .flat_map(|p| p.lines())
                .find_map(|line| line.trim_start().strip_prefix("= "))
                .unwrap_or("cannot parse")
                .to_string();
            let mut diagnostic = Diagnostic::error(
                "T002",
                format!("template syntax error: {}", parts.join(": ")),
            );
            if let Some((name, source)) = name.and_then(|n| sources.get_key_value(n)) {
                let at = parts
                    .iter()
                    .find_map(|p| pest_offset(p, &source.text))
                    .unwrap_or(0);
                diagnostic = Diagnostic::error(
                    "T002",
                    format!("template syntax error in `{name}`: {expected}"),
                )
                .at(&source.display, at..at, "here");
            }
            return Err((vec![diagnostic], display_sources(&sources)));
        }
        let cycles = includes::cycles(sources.iter().map(|(n, s)| (n.as_str(), &*s.text)));
        if !cycles.is_empty() {
            let diagnostics = cycles
                .into_iter()
                .map(|cycle| {
                    let display = &sources[&cycle.template].display;
                    let chain = cycle.chain.join("` includes `");
                    Diagnostic::error(
                        "T004",
                        format!("template `{}` includes itself", cycle.template),
                    )
                    .at(display, cycle.span, format!("`{chain}`"))
                    .help("an include cycle never ends; break it, or use a macro or `extends`")
                })
                .collect();
            return Err((diagnostics, display_sources(&sources)));
        }
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also rewrites `/` as `&#x2F;`, which is valid but makes every URL
        // unreadable in the output; `/` needs no escaping in text or quoted attributes.
        tera.set_escape_fn(escape_html);
        let sidebar = sidebar::SidebarUse::of(sources.iter().map(|(n, s)| (n.as_str(), &*s.text)));
        Ok(Templates {
            tera,
            sources,
            sidebar,
        })
    }

    /// False when rendering template `name` cannot read `nav`, so the core may leave it out of the
    /// context ([`sidebar::SidebarUse::nav_read_by`]).
    pub fn reads_nav(&self, name: &str) -> bool {
        self.sidebar.nav_read_by(name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Template texts, so diagnostics can show snippets from them.
    pub fn sources(&self) -> Sources {
        display_sources(&self.sources)
    }

    /// Renders `name` for the page at `page_path`.
    pub fn render(
        &self,
        name: &str,
        context: &impl Serialize,
        page_path: &str,
    ) -> Result<String, Diagnostic> {
        let tera_context = tera::Context::from_serialize(context).map_err(|error| {
            Diagnostic::error(
                "T003",
                format!("cannot build the template context for `{page_path}`: {error}"),
            )
        })?;
        self.tera
            .render(name, &tera_context)
            .map_err(|error| self.render_error(name, page_path, &error))
    }

    fn render_error(&self, name: &str, page_path: &str, error: &tera::Error) -> Diagnostic {
        let parts = chain(error);
        let failing = parts
            .iter()
            .find_map(|p| quoted_after(p, "error happened in"))
            .unwrap_or(name);
        let cause = parts.last().cloned().unwrap_or_default();
        let message = format!("template `{failing}` failed while rendering `{page_path}`: {cause}");
        let diagnostic = Diagnostic::error("T003", message);
        let Some(source) = self.sources.get(failing) else {
            return diagnostic;
        };
        // Tera gives no line for runtime errors; point at the variable it names, if it is there.
        let variable = cause.split('`').nth(1).filter(|v| !v.is_empty());
        match variable.and_then(|v| source.text.find(v).map(|at| at..at + v.len())) {
            Some(span) => diagnostic.at(&source.display, span, "used here"),
            None => diagnostic.at(&source.display, 0..0, "in this template"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pest_positions_become_offsets() {
        let text = "ab\ncd {{ x\n";
        assert_eq!(pest_offset(" --> 2:4\n  |", text), Some(6));
        assert_eq!(
            quoted_after("Failed to parse 'page.html'", "Failed to parse"),
            Some("page.html")
        );
    }
}
