//! The sidebar as HTML, written by the core: `nav_html` in every template's context, which the
//! built-in `base.html` prints. A theme that wants another sidebar writes its own from `nav`, the
//! same tree as data.
//!
//! The sidebar lists every section of the current page's area, so it is the largest thing a
//! template writes besides the page itself; through a recursive Tera macro it cost about a quarter
//! of a build's instructions. Here it is written by [`super::nav`] from the section tree, with
//! titles and URLs escaped once per build, or by [`nav_html`] from a `nav` list.
//!
//! When every template is built-in, nothing but `404.html` reads `nav`, so the other pages'
//! contexts leave it out ([`SidebarUse`]).

use super::context::NavItem;
use crate::embedded;
use crate::highlight::escape;

/// The one built-in template that reads `nav` itself (the others print `nav_html`). The tests
/// build whole sites with and without `nav` and compare.
const BUILT_IN_NAV_READERS: [&str; 1] = ["404.html"];

/// What the site's templates need of the sidebar, decided once when they load.
#[derive(Debug, Clone, Copy, Default)]
pub struct SidebarUse {
    /// Every template has its built-in text and there are no others: only
    /// [`BUILT_IN_NAV_READERS`] read `nav`, so the others' contexts may leave it out (building
    /// and serialising it for every page cost a tenth of a build).
    pub built_in_only: bool,
}

impl SidebarUse {
    /// From the site's templates as (name, text), the built-in ones included.
    pub fn of<'t>(templates: impl Iterator<Item = (&'t str, &'t str)>) -> SidebarUse {
        let built_in = embedded::template_files();
        let templates: Vec<(&str, &str)> = templates.collect();
        let built_in_only = templates.len() == built_in.len()
            && templates.iter().all(|(name, text)| {
                built_in
                    .iter()
                    .any(|(n, bytes)| n == name && text.as_bytes() == *bytes)
            });
        SidebarUse { built_in_only }
    }

    /// False when rendering template `name` cannot read `nav`.
    pub fn nav_read_by(&self, name: &str) -> bool {
        !self.built_in_only || BUILT_IN_NAV_READERS.contains(&name)
    }
}

/// One sidebar entry, its title and URL already escaped for HTML.
pub struct NavEntry<'e> {
    pub title_html: &'e str,
    pub url_html: &'e str,
    pub is_section: bool,
    pub current: bool,
    pub open: bool,
}

/// The pieces of the sidebar's HTML, so that both writers lay it out the same way: `open_list`, then per entry `open_item`, the children's list after `'\n'` if
/// any, `close_item`; then `close_list`.
pub fn open_list(out: &mut String) {
    out.push_str("<ul class=\"nav-list\">");
}

pub fn open_item(out: &mut String, entry: &NavEntry) {
    out.push_str("\n<li class=\"nav-item");
    if entry.is_section {
        out.push_str(" is-section");
    }
    if entry.open {
        out.push_str(" is-open");
    }
    out.push_str("\">\n<a href=\"");
    out.push_str(entry.url_html);
    out.push('"');
    if entry.current {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    out.push_str(entry.title_html);
    out.push_str("</a>");
}

/// A part heading between entries (mdBook `# Part`, an MkDocs group without a page): not a link.
pub fn part_heading(out: &mut String, title_html: &str) {
    out.push_str("\n<li class=\"nav-part\" role=\"presentation\">");
    out.push_str(title_html);
    out.push_str("</li>");
}

pub fn close_item(out: &mut String) {
    out.push_str("\n</li>");
}

pub fn close_list(out: &mut String) {
    out.push_str("\n</ul>");
}

/// The sidebar list for `items` (a `nav` list).
pub fn nav_html(items: &[NavItem]) -> String {
    let mut out = String::with_capacity(128 * items.len() + 64);
    write_list(&mut out, items);
    out
}

fn write_list(out: &mut String, items: &[NavItem]) {
    open_list(out);
    for item in items {
        if item.is_part {
            part_heading(out, &escape(&item.title));
            continue;
        }
        let entry = NavEntry {
            title_html: &escape(&item.title),
            url_html: &escape(&item.url),
            is_section: item.is_section,
            current: item.current,
            open: item.open,
        };
        open_item(out, &entry);
        if !item.children.is_empty() {
            out.push('\n');
            write_list(out, &item.children);
        }
        close_item(out);
    }
    close_list(out);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::build::{BuildOptions, build_site};
    use crate::templates::Templates;

    fn item(title: &str, url: &str, children: Vec<NavItem>) -> NavItem {
        NavItem {
            title: title.into(),
            url: url.into(),
            is_section: !children.is_empty() || url.ends_with("s/"),
            current: title.contains("current"),
            open: !children.is_empty(),
            children,
            is_part: false,
            is_external: false,
        }
    }

    /// A theme's own sidebar written from `nav` with a recursive Tera macro, laid out like the
    /// core's: what a site that replaces `base.html` would write.
    const THEME_MACRO: &str = r#"{% macro nav_list(items) -%}
<ul class="nav-list">
{%- for item in items %}
{%- if item.is_part %}
<li class="nav-part" role="presentation">{{ item.title }}</li>
{%- else %}
<li class="nav-item{% if item.is_section %} is-section{% endif %}{% if item.open %} is-open{% endif %}">
<a href="{{ item.url }}"{% if item.current %} aria-current="page"{% endif %}>{{ item.title }}</a>
{%- if item.children %}
{{ self::nav_list(items=item.children) }}
{%- endif %}
</li>
{%- endif %}
{%- endfor %}
</ul>
{%- endmacro nav_list %}"#;

    /// Writes [`THEME_MACRO`] into the site's templates as `partials/own-nav.html`.
    fn write_theme_macro(templates: &Path) {
        let partials = templates.join("partials");
        std::fs::create_dir_all(&partials).expect("partials dir");
        std::fs::write(partials.join("own-nav.html"), THEME_MACRO).expect("macro file");
    }

    /// The theme macro's output for `nav`, through Tera.
    fn macro_html(nav: &[NavItem]) -> String {
        let site = tempfile::tempdir().expect("temp dir");
        let dir = site.path().join("templates");
        write_theme_macro(&dir);
        std::fs::write(
            dir.join("probe.html"),
            "{%- import \"partials/own-nav.html\" as own -%}{{ own::nav_list(items=nav) }}",
        )
        .expect("probe template");
        let templates = Templates::load(site.path()).unwrap_or_else(|_| panic!("templates load"));
        let context = serde_json::json!({ "nav": nav });
        templates
            .render("probe.html", &context, "probe")
            .unwrap_or_else(|e| panic!("{}", e.message))
    }

    #[test]
    fn nav_html_matches_the_macro() {
        let leaf = |t: &str| item(t, &format!("/{t}/"), Vec::new());
        let nested = vec![
            leaf("a <b> & \"c\" 'd'"),
            item(
                "Section",
                "/sections/",
                vec![
                    leaf("current page"),
                    item("Deeper", "/deep/", vec![leaf("x")]),
                    item("Closed", "/closeds/", Vec::new()),
                ],
            ),
            leaf("Größe → 🙂"),
            NavItem::part("Part <two>"),
            NavItem::external("GitHub & co", "https://github.com/x?a=1&b=2"),
        ];
        for nav in [Vec::new(), vec![leaf("only")], nested] {
            assert_eq!(nav_html(&nav), macro_html(&nav));
        }
    }

    #[test]
    fn nav_is_left_out_only_when_every_template_is_built_in() {
        let built_in: Vec<(String, String)> = embedded::template_files()
            .into_iter()
            .map(|(n, b)| (n, String::from_utf8_lossy(b).into_owned()))
            .collect();
        let use_of = |extra: Option<(&str, &str)>| {
            let mut all: Vec<(&str, &str)> = built_in
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            if let Some((name, text)) = extra {
                all.retain(|(n, _)| *n != name);
                all.push((name, text));
            }
            SidebarUse::of(all.into_iter())
        };
        let defaults = use_of(None);
        assert!(defaults.built_in_only);
        assert!(!defaults.nav_read_by("page.html") && defaults.nav_read_by("404.html"));
        let edited_page = use_of(Some(("page.html", "{{ nav | length }}")));
        assert!(edited_page.nav_read_by("page.html"));
        let extra = use_of(Some(("custom.html", "{{ nav | length }}")));
        assert!(extra.nav_read_by("page.html"));
        let edited_macros = use_of(Some(("partials/macros.html", "")));
        assert!(edited_macros.nav_read_by("section.html"));
    }

    /// Copies what a build reads of the site at `from` into a temporary folder.
    fn copy_site(from: &Path) -> tempfile::TempDir {
        let to = tempfile::tempdir().expect("temp dir");
        for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
            let entry = entry.expect("readable site");
            let relative = entry.path().strip_prefix(from).expect("inside the site");
            let top = relative.components().next();
            let wanted = top.is_none_or(|c| {
                [
                    "content",
                    "diagrams",
                    "static",
                    "templates",
                    "site.toml",
                    "mkdocs.yml",
                ]
                .contains(&c.as_os_str().to_str().unwrap_or_default())
            });
            if !wanted {
                continue;
            }
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(to.path().join(relative)).expect("folder");
            } else {
                std::fs::copy(entry.path(), to.path().join(relative)).expect("file");
            }
        }
        to
    }

    fn built_files(root: &Path) -> Vec<(String, Vec<u8>)> {
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let result = build_site(&options);
        let site = result
            .site
            .unwrap_or_else(|| panic!("site builds: {:?}", result.diagnostics));
        // Pages only: a site with a `templates/` folder of its own gets no default static files.
        site.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .map(|f| (f.path.clone(), f.read().expect("readable file")))
            .collect()
    }

    /// A whole site built with the core's `nav_html`, then with a `base.html` that writes its
    /// sidebar from `nav` with [`THEME_MACRO`]: every page is the same, so `nav` and `nav_html`
    /// agree, and the pages that leave `nav` out lose nothing.
    fn assert_same_site_either_way(site: &Path) {
        let copy = copy_site(site);
        let core = built_files(copy.path());
        let templates = copy.path().join("templates");
        std::fs::create_dir_all(&templates).expect("templates dir");
        let built_in = |wanted: &str| {
            let (_, bytes) = crate::embedded::template_files()
                .into_iter()
                .find(|(name, _)| name == wanted)
                .expect("a built-in template");
            String::from_utf8_lossy(bytes).into_owned()
        };
        let base = built_in("base.html");
        let own = std::fs::read(templates.join("base.html"));
        assert!(
            own.is_err() || own.is_ok_and(|b| b == base.as_bytes()),
            "the site must use the built-in base.html"
        );
        assert!(base.contains("{{ nav_html | safe }}"));
        let themed = base.replace("{{ nav_html | safe }}", "{{ macros::nav_list(items=nav) }}");
        std::fs::write(templates.join("base.html"), themed).expect("themed base");
        // In the partial `base.html` imports, where Tera finds a recursive macro from every page.
        let macros = format!("{}\n{THEME_MACRO}\n", built_in("partials/macros.html"));
        std::fs::create_dir_all(templates.join("partials")).expect("partials dir");
        std::fs::write(templates.join("partials/macros.html"), macros).expect("macros");
        let theme = built_files(copy.path());
        let paths =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&core), paths(&theme));
        for ((path, core), (_, theme)) in core.iter().zip(&theme) {
            assert!(core == theme, "`{path}` differs");
        }
        let page = core.iter().find(|(p, _)| p.ends_with(".html"));
        let page = String::from_utf8_lossy(&page.expect("an HTML page").1).into_owned();
        assert!(page.contains("<ul class=\"nav-list\">"), "{page}");
    }

    /// A site three sections deep, with titles that need escaping.
    fn nested_site() -> tempfile::TempDir {
        let site = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, text: &str| {
            let path = site.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, text).expect("file");
        };
        write(
            "site.toml",
            "title = \"Nested\"\n[search]\nenabled = false\n",
        );
        write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHome.\n");
        write(
            "content/top.md",
            "+++\ntitle = \"Top <1> & 'two'\"\n+++\nTop.\n",
        );
        for (dir, title) in [("a", "A"), ("a/b", "A \"B\""), ("a/b/c", "C"), ("z", "Z")] {
            write(
                &format!("content/{dir}/_index.md"),
                &format!("+++\ntitle = '{title}'\n+++\nSection.\n"),
            );
            write(
                &format!("content/{dir}/page.md"),
                &format!("+++\ntitle = 'Page in {title}'\n+++\nPage.\n"),
            );
        }
        site
    }

    #[test]
    fn sites_build_the_same_with_either_sidebar() {
        let nested = nested_site();
        assert_same_site_either_way(nested.path());
        // The handbook carries copies of the built-in templates.
        assert_same_site_either_way(Path::new(env!("CARGO_MANIFEST_DIR")));
        // Part headings and external links: an mdBook summary and an MkDocs `nav:`.
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites");
        assert_same_site_either_way(&fixtures.join("mdbook"));
        assert_same_site_either_way(&fixtures.join("mkdocs"));
    }
}
