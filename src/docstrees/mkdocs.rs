//! MkDocs' `nav:` in `mkdocs.yml`: a list whose items are a path (`- index.md`), a titled path or
//! URL (`- Home: index.md`), or a titled group (`- Setup: [ ... ]`). Paths are relative to the
//! docs folder, which is `content/` here. A group whose first item is an untitled `index.md` or
//! `README.md` is a section with that landing page (Material's `navigation.indexes`); any other
//! group becomes a part heading followed by its items.

use serde_norway::Value;

use super::nav::NavNode;

/// The `nav:` list, `None` when the file has none (MkDocs then orders pages itself).
pub fn parse_nav(text: &str) -> Result<Option<Vec<NavNode>>, String> {
    let config: Value = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    let Some(nav) = config.get("nav") else {
        return Ok(None);
    };
    let Value::Sequence(items) = nav else {
        return Err("`nav` must be a list".to_string());
    };
    Ok(Some(items.iter().flat_map(node).collect()))
}

fn is_index(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "index.md" || name == "README.md"
}

fn page(path: &str, title: Option<String>, children: Vec<NavNode>) -> NavNode {
    if path.contains("://") || path.starts_with("mailto:") {
        return NavNode::Link {
            title: title.unwrap_or_else(|| path.to_string()),
            url: path.to_string(),
        };
    }
    NavNode::Page {
        path: format!("content/{}", path.trim_start_matches("./")),
        title,
        span: 0..0,
        children,
    }
}

fn node(item: &Value) -> Vec<NavNode> {
    match item {
        Value::String(path) => vec![page(path, None, Vec::new())],
        Value::Mapping(map) => map
            .iter()
            .flat_map(|(key, value)| {
                let title = key.as_str().unwrap_or_default().to_string();
                titled(title, value)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn titled(title: String, value: &Value) -> Vec<NavNode> {
    match value {
        Value::String(path) => vec![page(path, Some(title), Vec::new())],
        Value::Sequence(items) => {
            let mut children: Vec<NavNode> = items.iter().flat_map(node).collect();
            let index = match children.first() {
                Some(NavNode::Page {
                    path, title: None, ..
                }) if is_index(path) => Some(path.clone()),
                _ => None,
            };
            match index {
                Some(path) => {
                    children.remove(0);
                    let path = path.trim_start_matches("content/").to_string();
                    vec![page(&path, Some(title), children)]
                }
                None => {
                    let mut nodes = vec![NavNode::Part { title }];
                    nodes.extend(children);
                    nodes
                }
            }
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_keeps_titles_groups_and_links() {
        let text = "site_name: X\nnav:\n  - Home: index.md\n  - Setup:\n    - setup/index.md\n    - Colors: setup/colors.md\n  - Guide:\n    - guide/a.md\n  - GitHub: https://github.com/x/y\n";
        let nodes = parse_nav(text).unwrap().unwrap();
        assert_eq!(nodes.len(), 5, "{nodes:?}");
        assert!(
            matches!(&nodes[1], NavNode::Page { path, title: Some(t), children, .. }
            if path == "content/setup/index.md" && t == "Setup" && children.len() == 1)
        );
        assert!(matches!(&nodes[2], NavNode::Part { title } if title == "Guide"));
        assert!(matches!(&nodes[4], NavNode::Link { url, .. } if url == "https://github.com/x/y"));
        assert_eq!(parse_nav("site_name: X\n").unwrap(), None);
    }
}
