//! Docs trees written for mdBook, MkDocs and Zola build as they are: folders are sections, the
//! tree's own navigation (`SUMMARY.md`, `nav:` in `mkdocs.yml`) drives the sidebar.

use infrabook::BuildResult;

use crate::site::{SiteTest, output};

/// The sidebar of `page` as lines: `title` per link, indented two spaces per level, `# part` for
/// part headings.
fn sidebar(result: &BuildResult, page: &str) -> Vec<String> {
    let html = output(result, page);
    let start = html.find("id=\"site-nav\"").expect("sidebar");
    let end = start + html[start..].find("</nav>").expect("sidebar end");
    let mut lines = Vec::new();
    let mut depth: usize = 0;
    let mut rest = &html[start..end];
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<ul") {
            depth += 1;
        } else if rest.starts_with("</ul") {
            depth -= 1;
        } else if let Some(part) =
            rest.strip_prefix("<li class=\"nav-part\" role=\"presentation\">")
        {
            let title = &part[..part.find('<').expect("closed")];
            lines.push(format!("{}# {title}", "  ".repeat(depth - 1)));
        } else if rest.starts_with("<a ") {
            let text = &rest[rest.find('>').expect("tag end") + 1..];
            let title = &text[..text.find('<').expect("closed")];
            lines.push(format!("{}{title}", "  ".repeat(depth - 1)));
        }
        rest = &rest[1..];
    }
    lines
}

fn errors(result: &BuildResult) -> Vec<String> {
    result
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{d:?}"))
        .collect()
}

#[test]
fn mdbook_summary_drives_order_titles_parts_and_nesting() {
    let site = SiteTest::new("sites/mdbook");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    assert_eq!(
        sidebar(&result, "guide/installation/index.html"),
        [
            "# User guide",
            "Getting started",
            "  Installing the tool",
            "  Reading books",
            "Command line",
            "# Reference",
            "Configuration",
        ]
    );
    assert_eq!(
        sidebar(&result, "reference/cli/index.html")[2..4],
        ["Command line".to_string(), "  build".to_string()]
    );
    // README.md is the home page and each folder's index; the summary file is not a page.
    let home = output(&result, "index.html");
    assert!(
        home.contains("This book is an mdBook source tree"),
        "{home}"
    );
    assert!(output(&result, "guide/index.html").contains("Start with"));
    let site_output = result.site.as_ref().expect("built");
    assert!(!site_output.files.iter().any(|f| f.path.contains("SUMMARY")));
    // A chapter the summary leaves out still gets its page, outside the sidebar.
    assert!(output(&result, "unlisted/index.html").contains("Not in the summary"));
}

#[test]
fn mdbook_summary_entry_without_a_file_is_reported_at_its_line() {
    let site = SiteTest::new("sites/mdbook");
    let result = site.build();
    let missing: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "V002")
        .collect();
    assert_eq!(missing.len(), 1, "{:#?}", result.diagnostics);
    let text = format!("{:?}", missing[0]);
    assert!(text.contains("misc/contributors.md"), "{text}");
    assert!(text.contains("content/SUMMARY.md"), "{text}");
}

#[test]
fn mkdocs_nav_drives_the_sidebar() {
    let site = SiteTest::new("sites/mkdocs");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    assert_eq!(
        sidebar(&result, "setup/changing-the-colors/index.html"),
        [
            "# Getting started",
            "Installation",
            "Creating your site",
            "Setup",
            "  Changing the colors",
            "  Fonts",
            "# Guide",
            "Zebra",
            "Apple",
            "GitHub",
        ]
    );
    assert!(
        output(&result, "index.html")
            .contains("<a href=\"https://github.com/example/tree\">GitHub</a>")
    );
    assert!(output(&result, "index.html").contains("The home page of an MkDocs tree"));
}

#[test]
fn zola_tree_keeps_weights_and_folders_without_index_are_sections() {
    let site = SiteTest::new("sites/zola");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    assert_eq!(
        sidebar(&result, "docs/templates/index.html"),
        ["Blog", "Documentation", "  Overview", "  Templates"]
    );
    assert!(output(&result, "blog/index.html").contains("First post"));
}

/// Every href of `<main>` in `page`.
fn hrefs(result: &BuildResult, page: &str) -> Vec<String> {
    let html = output(result, page);
    let start = html.find("<main").expect("main");
    let main = &html[start..html.find("</main>").expect("main end")];
    main.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("closed")].to_string())
        .filter(|href| !href.starts_with("#fr-"))
        .collect()
}

#[test]
fn attribute_list_ids_raw_html_ids_footnotes_and_empty_anchors_are_valid_targets() {
    let site = SiteTest::new("sites/mkdocs");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "getting-started/index.html");
    for id in [
        "with-pip",
        "using-load_data-and-more",
        "custom-id",
        "fn:note",
        "fnref:note",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
    }
}

/// Material's blog plugin writes `date:` as a map of `created` and `updated`.
#[test]
fn a_blog_post_date_map_gives_its_date_and_update() {
    let site = SiteTest::new("sites/mkdocs");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "blog/posts/hello/index.html");
    assert!(
        html.contains("Updated <time datetime=\"2026-04-13\">"),
        "{html}"
    );
}

#[test]
fn zola_slug_rule_turns_underscores_into_hyphens() {
    let site = SiteTest::new("sites/zola");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    assert!(output(&result, "docs/templates/index.html").contains("id=\"load-data\""));
}

#[test]
fn links_to_built_names_resolve_to_the_page() {
    let site = SiteTest::new("sites/mdbook");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let links = hrefs(&result, "guide/installation/index.html");
    // Breadcrumbs and prev/next links surround the body's four links.
    let body = ["/guide/reading/", "/reference/cli/", "/", "/guide/"];
    assert!(links.windows(4).any(|w| w == body), "{links:?}");
}

#[test]
fn a_wrong_anchor_is_still_reported_with_every_slug_rule() {
    let site = SiteTest::new("sites/zola");
    site.write(
        "content/docs/overview.md",
        "+++\ntitle = \"Overview\"\n+++\n\n[x](templates.md#load_data)\n",
    );
    let result = site.build();
    let broken: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "L002")
        .collect();
    assert_eq!(broken.len(), 1, "{:#?}", result.diagnostics);
    assert!(
        format!("{:?}", broken[0]).contains("load-data"),
        "suggests the slug"
    );
}

#[test]
fn navigation_problems_are_reported_through_the_binary() {
    let site = SiteTest::new("sites/mdbook");
    let out = site.command().arg("build").assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning[V002]") && stderr.contains("content/SUMMARY.md:20:1"),
        "{stderr}"
    );
    let site = SiteTest::new("sites/mkdocs");
    site.write("mkdocs.yml", "nav: [unclosed\n");
    let out = site.command().arg("build").assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("error[V001]"), "{stderr}");
}

/// Two true broken links (a page and an anchor) on known lines of `content/blog/first-post.md`.
fn with_broken_links(site: &SiteTest) {
    site.write(
        "content/blog/first-post.md",
        "+++\ntitle = \"First post\"\n+++\n\nSee [gone](gone.md).\n\nAnd [no anchor](@/docs/templates.md#nowhere).\n",
    );
}

#[test]
fn broken_links_stay_errors_by_default() {
    let site = SiteTest::new("sites/zola");
    with_broken_links(&site);
    let out = site.command().arg("build").assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("error[L001]") && stderr.contains("error[L002]"),
        "{stderr}"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn warn_links_writes_the_site_and_still_reports_every_broken_link() {
    for (config, args) in [
        (true, vec!["build"]),
        (false, vec!["build", "--warn-links"]),
    ] {
        let site = SiteTest::new("sites/zola");
        with_broken_links(&site);
        if config {
            let toml = site.read("site.toml");
            site.write(
                "site.toml",
                &format!("{toml}\n[links]\nbroken = \"warn\"\n"),
            );
        }
        let out = site.command().args(&args).assert().success();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.contains("warning[L001]: broken link `gone.md`"),
            "{stderr}"
        );
        assert!(
            stderr.contains("content/blog/first-post.md:5:5"),
            "{stderr}"
        );
        assert!(
            stderr.contains("warning[L002]: broken anchor `#nowhere`"),
            "{stderr}"
        );
        assert!(
            stderr.contains("content/blog/first-post.md:7:5"),
            "{stderr}"
        );
        assert!(!stderr.contains("error["), "{stderr}");
        assert!(site.path("public/blog/first-post/index.html").is_file());
    }
}

#[test]
fn front_matter_after_a_blank_line_is_read_and_extra_reaches_templates() {
    let site = SiteTest::new("sites/zola");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "docs/overview/index.html");
    assert!(!html.contains("+++") && !html.contains("hero ="), "{html}");
    site.write("templates/extra.html", "hero={{ page.extra.hero }}");
    let text = site.read("content/docs/overview.md");
    site.write(
        "content/docs/overview.md",
        &text.replace("weight = 1", "weight = 1\ntemplate = \"extra.html\""),
    );
    let result = site.build();
    assert_eq!(
        output(&result, "docs/overview/index.html"),
        "hero=overview.png"
    );
}

#[test]
fn yaml_front_matter_after_blank_lines_is_read() {
    // `content/guide/zebra.md` opens with two blank lines, then `---` / `description:` / `---`.
    let result = SiteTest::new("sites/mkdocs").build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "guide/zebra/index.html");
    assert!(html.contains("content=\"Striped\""), "{html}");
    assert!(!html.contains("description: Striped"), "{html}");
}

#[test]
fn every_unknown_front_matter_field_is_reported_at_once() {
    let site = SiteTest::new("sites/zola");
    site.write(
        "content/blog/first-post.md",
        "+++\ntitle = \"First post\"\nauthor = \"me\"\ntitel = \"x\"\n+++\nText.\n",
    );
    let out = site.command().arg("check").assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("unknown fields `author`, `titel`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/blog/first-post.md:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("4 │ titel = \"x\""), "{stderr}");
}

#[test]
fn front_matter_fields_of_other_tools_are_accepted_and_a_typo_is_not() {
    // The fixtures' `sort_by`, `[taxonomies]` (Zola) and `icon`, `status`, `hide` (MkDocs).
    for fixture in ["sites/zola", "sites/mkdocs"] {
        let result = SiteTest::new(fixture).build();
        assert_eq!(errors(&result), Vec::<String>::new(), "{fixture}");
    }
    let site = SiteTest::new("sites/zola");
    site.write(
        "content/blog/first-post.md",
        "+++\ntitle = \"First post\"\nsort_by = \"date\"\ntitel = \"x\"\n+++\nText.\n",
    );
    let out = site.command().arg("check").assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("unknown field `titel`, expected one of `title`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/blog/first-post.md:4:1"),
        "{stderr}"
    );
}

#[test]
fn mkdocs_syntax_renders_without_false_warnings() {
    let site = SiteTest::new("sites/mkdocs");
    let result = site.build();
    assert_eq!(result.diagnostics.len(), 0, "{:#?}", result.diagnostics);
    let html = output(&result, "guide/apple/index.html");
    assert!(html.contains("<div class=\"admonition note\" role=\"note\"><p class=\"admonition-title\">Read this first</p>"), "{html}");
    assert!(html.contains("<strong>Markdown</strong>"), "{html}");
    assert!(html.contains("href=\"/guide/zebra/\""), "{html}");
    assert!(html.contains("<details class=\"admonition warning\"><summary class=\"admonition-title\">Warning</summary>"), "{html}");
    assert!(html.contains("<details class=\"admonition tip\" open><summary class=\"admonition-title\">Open by default</summary>"), "{html}");
    assert!(
        html.contains("<div class=\"code-title\">mkdocs.yml</div>"),
        "{html}"
    );
    let captions = output(&result, "creating-your-site/index.html");
    assert!(
        captions.contains("<div class=\"code-title\">.gitignore</div>")
            && captions.contains("data-lang=\"sh\""),
        "{captions}"
    );
    assert!(
        html.contains("<dt>Term</dt>") && html.contains("<dd>Its definition.</dd>"),
        "{html}"
    );
}

#[test]
fn a_broken_link_inside_an_admonition_points_at_its_place_in_the_file() {
    let site = SiteTest::new("sites/mkdocs");
    site.write(
        "content/guide/apple.md",
        "# Apple\n\n!!! note\n    See [gone](gone.md).\n",
    );
    let out = site.command().arg("check").assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("content/guide/apple.md:4:9"), "{stderr}");
}

fn init_from(tool: &str, file: &str, text: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(file), text).expect("config");
    let out = assert_cmd::Command::cargo_bin("infrabook")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["init", "--from", tool])
        .arg(dir.path())
        .assert()
        .success();
    // The report goes where every command's messages go (stderr); read both streams.
    let output = out.get_output();
    let stdout = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml written");
    infrabook::config::SiteConfig::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
    (dir, toml, stdout)
}

#[test]
fn init_from_mdbook_carries_title_url_and_edit_link_and_lists_the_rest() {
    let book = "[book]\ntitle = \"The Book\"\ndescription = \"About it\"\nsrc = \"guide\"\n\n[output.html]\nsite-url = \"https://x.org/book/\"\nedit-url-template = \"https://github.com/o/r/edit/main/guide/{path}\"\nmathjax-support = true\n\n[preprocessor.links]\n";
    let (_dir, toml, stdout) = init_from("mdbook", "book.toml", book);
    assert!(toml.contains("title = \"The Book\""), "{toml}");
    assert!(toml.contains("description = \"About it\""), "{toml}");
    assert!(
        toml.contains("base_url = \"https://x.org/book/\""),
        "{toml}"
    );
    assert!(
        toml.contains("edit_url = \"https://github.com/o/r/edit/main/guide/\""),
        "{toml}"
    );
    assert!(stdout.contains("output.html.mathjax-support"), "{stdout}");
    assert!(stdout.contains("book.toml: [preprocessor]"), "{stdout}");
    assert!(stdout.contains("copy `guide/` to `content/`"), "{stdout}");
}

#[test]
fn init_from_mkdocs_and_zola_pick_their_slug_rules() {
    let mkdocs = "site_name: Material\nsite_url: https://x.org/\nrepo_url: https://github.com/o/r\nedit_uri: edit/master/docs/\ntheme:\n  name: material\nplugins:\n  - search\n";
    let (_dir, toml, stdout) = init_from("mkdocs", "mkdocs.yml", mkdocs);
    assert!(
        toml.contains("title = \"Material\"") && toml.contains("slug = \"python-markdown\""),
        "{toml}"
    );
    assert!(!toml.contains("tab_ids"), "{toml}");
    // The Material docs' own tab ids: the heading's slug, then the label's.
    let tabbed = "markdown_extensions:\n  - toc:\n      permalink: true\n  - pymdownx.tabbed:\n      alternate_style: true\n      combine_header_slug: true\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n";
    let (_dir, toml, _) = init_from("mkdocs", "mkdocs.yml", &format!("{mkdocs}{tabbed}"));
    assert!(toml.contains("tab_ids = \"heading-label\""), "{toml}");
    assert!(
        toml.contains("edit_url = \"https://github.com/o/r/edit/master/docs/\""),
        "{toml}"
    );
    assert!(
        stdout.contains("mkdocs.yml: theme") && stdout.contains("mkdocs.yml: plugins"),
        "{stdout}"
    );
    let zola = "base_url = \"https://www.getzola.org\"\ntitle = \"Zola\"\ncompile_sass = true\n\n[extra]\nx = 1\n";
    let (_dir, toml, stdout) = init_from("zola", "config.toml", zola);
    assert!(
        toml.contains("slug = \"zola\"") && toml.contains("https://www.getzola.org"),
        "{toml}"
    );
    assert!(
        stdout.contains("config.toml: compile_sass") && stdout.contains("config.toml: extra"),
        "{stdout}"
    );
}

#[test]
fn init_from_without_the_config_file_fails_with_i002() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = assert_cmd::Command::cargo_bin("infrabook")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["init", "--from", "zola"])
        .arg(dir.path())
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("error[I002]") && stderr.contains("config.toml"),
        "{stderr}"
    );
    assert!(!dir.path().join("site.toml").exists());
}

/// The body of `GET path` from the server at `addr` (HTTP/1.0, so the server closes the stream).
fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}

#[test]
fn serve_warn_links_serves_the_site_with_broken_links() {
    for warn_links in [false, true] {
        let site = SiteTest::new("sites/zola");
        with_broken_links(&site);
        let options = infrabook::dev_server::DevServerOptions {
            root: site.path(""),
            bind: "127.0.0.1".parse().expect("address"),
            port: 0,
            base_url: None,
            include_drafts: false,
            color: false,
            warn_links,
        };
        let server = infrabook::dev_server::start(&options, |_| {}).expect("server starts");
        let page = http_get(server.local_addr(), "/docs/overview/");
        assert_eq!(
            page.starts_with("HTTP/1.1 200") && page.contains("Overview"),
            warn_links,
            "warn_links = {warn_links}: {page}"
        );
        server.shutdown();
    }
}

#[test]
fn a_section_without_a_title_is_titled_after_its_folder() {
    let site = SiteTest::new("sites/zola");
    site.write("content/docs/_index.md", "+++\nweight = 1\n+++\n");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    assert!(output(&result, "docs/index.html").contains("<title>Docs"));
}

/// Zola's docs name their theme's templates (`theme.html` on 128 pages, `themes.html` on the
/// section), which a user copying `content/` does not have, and which would not run here if copied
/// (they call Zola's `get_url`, `get_taxonomy_url`, ...).
fn with_theme_templates(site: &SiteTest) {
    site.write(
        "content/themes/_index.md",
        "+++\ntitle = \"Themes\"\ntemplate = \"themes.html\"\nsort_by = \"date\"\n+++\nAll themes.\n",
    );
    for (name, date) in [
        ("alpha", "2025-06-01T10:00:00+08:00"),
        ("beta", "2024-01-01"),
        ("gamma", "2026-01-21T18:04:10+08:00"),
    ] {
        site.write(
            &format!("content/themes/{name}.md"),
            &format!(
                "+++\ntitle = \"Theme {name}\"\ntemplate = \"theme.html\"\ndate = {date}\n+++\nThe {name} theme.\n"
            ),
        );
    }
}

#[test]
fn missing_theme_templates_fall_back_with_one_warning_per_name() {
    let site = SiteTest::new("sites/zola");
    with_theme_templates(&site);
    let out = site.command().arg("build").assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("warning[W001]").count(), 2, "{stderr}");
    assert!(
        stderr.contains(
            "warning[W001]: template `theme.html` not found: 3 pages use the default template instead"
        ) && stderr.contains("content/themes/gamma.md:3:1")
            && stderr.contains("asked for here and by 2 other pages"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("template `themes.html` not found: 1 page uses the default template instead")
            && stderr.contains("content/themes/_index.md:3:1"),
        "{stderr}"
    );
    assert!(!stderr.contains("error["), "{stderr}");
    // `sort_by = "date"`: newest first, as Zola lists its themes.
    let result = site.build();
    let themes = sidebar(&result, "themes/index.html");
    let at = themes.iter().position(|t| t == "Themes").expect("Themes");
    assert_eq!(
        themes[at..at + 4],
        ["Themes", "  Theme gamma", "  Theme alpha", "  Theme beta"],
        "{themes:?}"
    );
    // Each page is written with the default page (or section) template.
    let page = site.read("public/themes/beta/index.html");
    assert!(
        page.contains("The beta theme.") && page.contains("id=\"site-nav\""),
        "{page}"
    );
    let section = site.read("public/themes/index.html");
    assert!(
        section.contains("All themes.") && section.contains("Theme gamma"),
        "{section}"
    );
    // A template the site has is still used.
    site.write("templates/theme.html", "OWN {{ page.title }}");
    site.command().arg("build").assert().success();
    assert_eq!(site.read("public/themes/beta/index.html"), "OWN Theme beta");
}

/// mdBook's guide keeps `cli/arg-watcher.md` (a `####` heading and a paragraph) for two commands'
/// pages to include; SUMMARY.md does not list it, so mdBook builds no page for it.
#[test]
fn a_file_only_included_is_part_of_its_pages_not_a_page() {
    let site = SiteTest::new("sites/mdbook");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    for page in ["reference/cli/build/index.html", "guide/reading/index.html"] {
        let html = output(&result, page);
        assert!(html.contains("Where the book is written"), "{page}: {html}");
    }
    let built = result.site.as_ref().expect("built");
    assert!(!built.files.iter().any(|f| f.path.contains("arg-dest")));
    // The guide's `hbs` and `handlebars` fences are known languages.
    let h001: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "H001")
        .collect();
    assert!(h001.is_empty(), "{h001:#?}");
    // Listed in the summary, the same file is a page as well.
    let summary = site.read("content/SUMMARY.md").replace(
        "    - [build](reference/cli/build.md)\n",
        "    - [build](reference/cli/build.md)\n    - [--dest-dir](reference/cli/arg-dest.md)\n",
    );
    site.write("content/SUMMARY.md", &summary);
    let result = site.build();
    // It has no `# heading`: its title is the summary's, as in mdBook.
    let page = output(&result, "reference/cli/arg-dest/index.html");
    assert!(
        page.contains("Where the book") && page.contains("<title>--dest-dir"),
        "{page}"
    );
}

/// Zola compares the whole date-time (a time and an offset move a page within its day) and breaks
/// ties by permalink; titles play no part.
#[test]
fn sort_by_date_uses_the_time_and_offset_and_breaks_ties_by_url() {
    let site = SiteTest::new("sites/zola");
    site.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\nsort_by = \"date\"\n+++\n",
    );
    for (file, title, date) in [
        // 06:00 UTC
        ("a-early", "Early", "2025-03-01T08:00:00+02:00"),
        ("b-late", "Late", "2025-03-01T07:00:00Z"),
        ("c-day", "Day", "2025-03-01"),
        // The same moment: `tie-y` before `tie-z` by URL, though its title sorts after.
        ("tie-z", "Yankee", "\"2025-03-02T00:00:00Z\""),
        ("tie-y", "Zulu", "2025-03-02"),
        ("undated", "Aardvark", ""),
    ] {
        let date = if date.is_empty() {
            String::new()
        } else {
            format!("date = {date}\n")
        };
        site.write(
            &format!("content/news/{file}.md"),
            &format!("+++\ntitle = \"{title}\"\n{date}+++\nText.\n"),
        );
    }
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let lines = sidebar(&result, "news/index.html");
    let at = lines.iter().position(|t| t == "News").expect("News");
    assert_eq!(
        lines[at + 1..at + 7],
        [
            "  Zulu",
            "  Yankee",
            "  Late",
            "  Early",
            "  Day",
            "  Aardvark"
        ],
        "{lines:?}"
    );
}

#[test]
fn yaml_dates_keep_their_time_for_sorting() {
    let site = SiteTest::new("sites/zola");
    site.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\nsort_by = \"date\"\n+++\n",
    );
    site.write(
        "content/news/morning.md",
        "---\ntitle: Morning\ndate: 2025-03-01T09:00:00+01:00\n---\nText.\n",
    );
    site.write(
        "content/news/evening.md",
        "---\ntitle: Evening\ndate:\n  created: 2025-03-01T20:00:00Z\n---\nText.\n",
    );
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let lines = sidebar(&result, "news/index.html");
    let at = lines.iter().position(|t| t == "News").expect("News");
    assert_eq!(
        lines[at + 1..at + 3],
        ["  Evening", "  Morning"],
        "{lines:?}"
    );
}

/// A tab set of the Material docs' kind, and a page linking into its tabs.
fn with_tabs_and_links(site: &SiteTest, links: &str) {
    site.write(
        "content/setup/changing-the-colors.md",
        "# Colors\n\n## Color palette\n\n=== \"Light mode\"\n\n    Text.\n\n=== \"Dark mode\"\n\n    Text.\n",
    );
    site.write(
        "content/setup/changing-the-fonts.md",
        &format!("# Fonts\n\n{links}\n"),
    );
}

#[test]
fn links_into_mkdocs_tabs_resolve_with_the_pymdownx_ids() {
    // Without `slugify`, pymdownx numbers set and tab: `__tabbed_N_M`.
    let site = SiteTest::new("sites/mkdocs");
    with_tabs_and_links(&site, "[dark](changing-the-colors.md#__tabbed_1_2)");
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "setup/changing-the-colors/index.html");
    assert!(
        html.contains("<p class=\"tab-label\" id=\"__tabbed_1_1\">Light mode</p>")
            && html.contains("<p class=\"tab-label\" id=\"__tabbed_1_2\">Dark mode</p>"),
        "{html}"
    );
    // The Material docs' own setting: the heading's id, then the label's slug.
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &toml.replace("[markdown]\n", "[markdown]\ntab_ids = \"heading-label\"\n"),
    );
    with_tabs_and_links(
        &site,
        "[dark](changing-the-colors.md#color-palette-dark-mode)",
    );
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "setup/changing-the-colors/index.html");
    assert!(html.contains("id=\"color-palette-light-mode\""), "{html}");
    // An id no tab has is still a broken anchor.
    with_tabs_and_links(&site, "[dark](changing-the-colors.md#__tabbed_1_2)");
    let result = site.build();
    assert_eq!(errors(&result).len(), 1, "{:#?}", result.diagnostics);
}

/// The Material docs write `#### <!-- md:setting config.x -->` and `<!-- md:option type:note -->`
/// comments, which their hook turns into ids, names and a `[config.x]` link definition.
#[test]
fn material_setting_and_option_shortcodes_define_their_anchors() {
    let site = SiteTest::new("sites/mkdocs");
    site.write(
        "content/setup/changing-the-colors.md",
        "# Colors\n\nThe [`blog` directory][config.blog_dir] holds posts.\n\n\
         #### <!-- md:setting config.blog_dir -->\n\n<!-- md:version 9.2.0 -->\n\nText.\n\n\
         <!-- md:option type:note -->\n\n:   A note.\n",
    );
    site.write(
        "content/setup/changing-the-fonts.md",
        "# Fonts\n\nSee [dir](changing-the-colors.md#config.blog_dir) and \
         [note](changing-the-colors.md#+type:note).\n",
    );
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "setup/changing-the-colors/index.html");
    assert!(
        html.contains("<h4 id=\"config.blog_dir\"><code>blog_dir</code>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#config.blog_dir\"><code>blog</code> directory</a>"),
        "{html}"
    );
    // A name no shortcode defines is still a broken anchor.
    site.write(
        "content/setup/changing-the-fonts.md",
        "# Fonts\n\n[dir](changing-the-colors.md#config.post_dir)\n",
    );
    assert_eq!(errors(&site.build()).len(), 1);
}

/// MkDocs page meta is free-form (the Material docs' `location:`): in YAML front matter a field
/// of no meaning here is kept for templates, not refused.
#[test]
fn free_form_yaml_fields_reach_templates_as_extra() {
    let site = SiteTest::new("sites/mkdocs");
    site.write(
        "content/setup/changing-the-colors.md",
        "---\nlocation: getting-started/\ntemplate: meta.html\n---\n# Colors\n\nText.\n",
    );
    site.write("templates/meta.html", "location={{ page.extra.location }}");
    let result = site.build();
    assert_eq!(result.diagnostics.len(), 0, "{:#?}", result.diagnostics);
    assert_eq!(
        output(&result, "setup/changing-the-colors/index.html"),
        "location=getting-started/"
    );
}

/// The Material docs link `[example]: #example` to a ```` ``` { .sh .no-copy #example } ```` block.
#[test]
fn a_fence_attribute_list_id_is_a_link_target() {
    let site = SiteTest::new("sites/mkdocs");
    site.write(
        "content/setup/changing-the-colors.md",
        "# Colors\n\nSee [the example].\n\n  [the example]: #example\n\n``` { .sh .no-copy #example }\nls\n```\n",
    );
    let result = site.build();
    assert_eq!(errors(&result), Vec::<String>::new());
    let html = output(&result, "setup/changing-the-colors/index.html");
    assert!(html.contains("<a id=\"example\"></a>"), "{html}");
}
