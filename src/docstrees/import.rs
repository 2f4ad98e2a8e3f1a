//! `init --from mdbook|mkdocs|zola PATH`: a `site.toml` written from the tree's own config
//! (`book.toml`, `mkdocs.yml`, `config.toml`) — title, description, base URL, edit link, slug rule —
//! and the list of what it could not carry over.

use std::path::Path;

use serde_norway::Value as Yaml;
use toml::Value as Toml;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FromTool {
    Mdbook,
    Mkdocs,
    Zola,
}

impl FromTool {
    pub fn config_file(self) -> &'static str {
        match self {
            FromTool::Mdbook => "book.toml",
            FromTool::Mkdocs => "mkdocs.yml",
            FromTool::Zola => "config.toml",
        }
    }
}

/// What the import found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub edit_url: Option<String>,
    pub slug: &'static str,
    /// `[markdown] tab_ids`, when not the default (`numbered`).
    pub tab_ids: Option<&'static str>,
    /// The folder holding the Markdown, to be copied to `content/`.
    pub docs_dir: String,
    /// Settings with no counterpart here, as `file: key`.
    pub not_carried: Vec<String>,
}

impl Imported {
    /// The `site.toml` text.
    pub fn site_toml(&self) -> String {
        let quote = |s: &str| Toml::String(s.to_string()).to_string();
        let mut out = String::new();
        out.push_str(&format!(
            "title = {}\n",
            quote(self.title.as_deref().unwrap_or("Docs"))
        ));
        out.push_str(&format!(
            "base_url = {}\n",
            quote(self.base_url.as_deref().unwrap_or("/"))
        ));
        if let Some(description) = &self.description {
            out.push_str(&format!("description = {}\n", quote(description)));
        }
        if let Some(edit) = &self.edit_url {
            out.push_str(&format!("edit_url = {}\n", quote(edit)));
        }
        out.push_str(&format!("\n[markdown]\nslug = \"{}\"\n", self.slug));
        if let Some(rule) = self.tab_ids {
            out.push_str(&format!("tab_ids = \"{rule}\"\n"));
        }
        out.push_str("\n[links]\n# Until every legacy link is fixed; remove to make broken links errors.\nbroken = \"warn\"\n");
        out
    }
}

fn text(value: Option<&Toml>) -> Option<String> {
    value.and_then(Toml::as_str).map(str::to_string)
}

fn yaml_text(value: Option<&Yaml>) -> Option<String> {
    value.and_then(Yaml::as_str).map(str::to_string)
}

/// Reads the tool's config in `dir`; an error names the file and why.
pub fn import(tool: FromTool, dir: &Path) -> Result<Imported, String> {
    let file = tool.config_file();
    let source = std::fs::read_to_string(dir.join(file))
        .map_err(|e| format!("cannot read `{}`: {e}", dir.join(file).display()))?;
    match tool {
        FromTool::Mdbook | FromTool::Zola => {
            let table: toml::Table = toml::from_str(&source)
                .map_err(|e| format!("`{file}` is not TOML: {}", e.message()))?;
            Ok(match tool {
                FromTool::Mdbook => from_mdbook(&table),
                _ => from_zola(&table),
            })
        }
        FromTool::Mkdocs => {
            let yaml: Yaml = serde_norway::from_str(&source)
                .map_err(|e| format!("`{file}` is not YAML: {e}"))?;
            Ok(from_mkdocs(&yaml))
        }
    }
}

fn from_mdbook(table: &toml::Table) -> Imported {
    let book = table.get("book");
    let html = table.get("output").and_then(|o| o.get("html"));
    let mut imported = Imported {
        title: text(book.and_then(|b| b.get("title"))),
        description: text(book.and_then(|b| b.get("description"))),
        base_url: text(html.and_then(|h| h.get("site-url"))),
        slug: "github",
        docs_dir: text(book.and_then(|b| b.get("src"))).unwrap_or_else(|| "src".into()),
        ..Imported::default()
    };
    // `edit-url-template` ends in `{path}` relative to `src/`; ours appends `content/...`.
    if let Some(template) = text(html.and_then(|h| h.get("edit-url-template"))) {
        imported.edit_url = template.strip_suffix("{path}").map(str::to_string);
        imported.not_carried.push(format!(
            "book.toml: output.html.edit-url-template (`{template}`): edit_url gets the page's `content/` path appended; check it"
        ));
    }
    for (key, value) in table {
        match key.as_str() {
            "book" => {}
            "output" => {
                for (name, output) in value.as_table().into_iter().flatten() {
                    for (setting, _) in output.as_table().into_iter().flatten() {
                        if !(name == "html"
                            && ["site-url", "edit-url-template"].contains(&setting.as_str()))
                        {
                            imported
                                .not_carried
                                .push(format!("book.toml: output.{name}.{setting}"));
                        }
                    }
                }
            }
            other => imported.not_carried.push(format!("book.toml: [{other}]")),
        }
    }
    imported
}

fn from_mkdocs(yaml: &Yaml) -> Imported {
    let repo = yaml_text(yaml.get("repo_url"));
    let edit_uri = yaml_text(yaml.get("edit_uri"));
    let edit_url = match (&repo, &edit_uri) {
        (Some(repo), Some(uri)) => Some(format!(
            "{}/{}",
            repo.trim_end_matches('/'),
            uri.trim_start_matches('/')
        )),
        _ => None,
    };
    let mut imported = Imported {
        title: yaml_text(yaml.get("site_name")),
        description: yaml_text(yaml.get("site_description")),
        base_url: yaml_text(yaml.get("site_url")),
        edit_url,
        slug: "python-markdown",
        tab_ids: tab_ids(yaml),
        docs_dir: yaml_text(yaml.get("docs_dir")).unwrap_or_else(|| "docs".into()),
        ..Imported::default()
    };
    let carried = [
        "site_name",
        "site_description",
        "site_url",
        "repo_url",
        "edit_uri",
        "docs_dir",
        "nav",
    ];
    for (key, _) in yaml.as_mapping().into_iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        if !carried.contains(&key) {
            imported.not_carried.push(format!("mkdocs.yml: {key}"));
        }
    }
    if repo.is_some() && imported.edit_url.is_none() {
        imported
            .not_carried
            .push("mkdocs.yml: repo_url (no edit_uri to make an edit link from)".into());
    }
    imported
}

/// The tab id rule `pymdownx.tabbed` is set up with in `markdown_extensions`: with a `slugify`,
/// the label's slug, after the heading's with `combine_header_slug`; else numbered.
fn tab_ids(yaml: &Yaml) -> Option<&'static str> {
    let extensions = yaml.get("markdown_extensions")?.as_sequence()?;
    let tabbed = extensions
        .iter()
        .find_map(|extension| extension.get("pymdownx.tabbed"))?;
    tabbed.get("slugify")?;
    let combined = tabbed
        .get("combine_header_slug")
        .and_then(Yaml::as_bool)
        .unwrap_or(false);
    Some(if combined { "heading-label" } else { "label" })
}

fn from_zola(table: &toml::Table) -> Imported {
    let mut imported = Imported {
        title: text(table.get("title")),
        description: text(table.get("description")),
        base_url: text(table.get("base_url")),
        slug: "zola",
        docs_dir: "content".into(),
        ..Imported::default()
    };
    for key in table.keys() {
        if !["title", "description", "base_url"].contains(&key.as_str()) {
            imported.not_carried.push(format!("config.toml: {key}"));
        }
    }
    imported
}
