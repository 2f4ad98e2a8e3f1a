//! The bad-input catalogue: one case per mistake or hostile input, each asserting the message, the
//! place (file:line:col where the input has one) and the exit status, under a time bound.

use std::fmt::Write as _;
use std::path::Path;

use super::{assert_clean_exit, run_bounded, scratch_site, stderr};
use crate::site::{SiteTest, tree};

/// Builds fixture `invalid/<case>` over a previous output; expects exit 1, the previous output
/// untouched and no staging folder left; returns stderr.
fn build_invalid(case: &str) -> String {
    let site = SiteTest::new(&format!("invalid/{case}"));
    site.write("public/.infrabook-output", "");
    site.write("public/index.html", "previous build\n");
    let before = tree(&site.path("public"));
    let output = run_bounded(&site.root, &["build"]);
    assert_clean_exit(&output, 1);
    assert_eq!(
        tree(&site.path("public")),
        before,
        "{case}: previous output"
    );
    assert!(
        !site.path(".public-staging").exists(),
        "{case}: staging left"
    );
    stderr(&output)
}

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    let stderr = build_invalid("invalid_utf8");
    assert!(
        stderr.contains("error[P003]: `content/cafe.md` is not valid UTF-8"),
        "{stderr}"
    );
    // `caf\xe9` on line 6: the bad byte is the fourth column.
    assert!(stderr.contains("┌─ content/cafe.md:6:4"), "{stderr}");
    assert!(stderr.contains("this byte is not UTF-8"), "{stderr}");
}

#[test]
fn template_that_includes_itself_is_an_error_not_a_stack_overflow() {
    let stderr = build_invalid("template_includes_itself");
    assert!(
        stderr.contains("error[T004]: template `partials/footer.html` includes itself"),
        "{stderr}"
    );
    assert!(
        stderr.contains("┌─ templates/partials/footer.html:2:3"),
        "{stderr}"
    );
}

#[test]
fn base_url_without_scheme_is_refused_at_its_line() {
    let stderr = build_invalid("base_url_without_scheme");
    assert!(
        stderr.contains("error[C003]: invalid base_url: `example.com/docs/`"),
        "{stderr}"
    );
    assert!(stderr.contains("┌─ site.toml:2:1"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn diagram_image_naming_a_fifo_does_not_block_the_build() {
    let site = SiteTest::new("invalid/diagram_pipe");
    std::fs::create_dir_all(site.path("diagrams")).expect("diagrams");
    let fifo = site.path("diagrams/pipe.infra");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let output = run_bounded(&site.root, &["build"]);
    assert_clean_exit(&output, 1);
    let stderr = stderr(&output);
    assert!(
        stderr.contains("error[L003]: diagram file `../diagrams/pipe.infra` not found"),
        "{stderr}"
    );
    assert!(stderr.contains("┌─ content/page.md:5:1"), "{stderr}");
}

use std::process::Command;

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_reported_not_followed_forever() {
    let (_dir, root) = scratch_site();
    std::fs::create_dir_all(root.join("content/guide")).expect("guide");
    std::os::unix::fs::symlink("..", root.join("content/guide/up")).expect("symlink");
    std::os::unix::fs::symlink("self", root.join("content/self")).expect("symlink");
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 1);
    let stderr = stderr(&output);
    assert!(
        stderr.contains("error[P003]: cannot read `content/guide/up`: File system loop found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[P003]: cannot read `content/self`"),
        "{stderr}"
    );
}

/// Tests run as root in CI, where `chmod 000` does not stop a read; a dangling symlink is a page
/// nobody can read whoever runs the build.
#[cfg(unix)]
#[test]
fn unreadable_page_is_an_error_naming_the_file() {
    let (_dir, root) = scratch_site();
    std::os::unix::fs::symlink("moved-away.md", root.join("content/gone.md")).expect("symlink");
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 1);
    let stderr = stderr(&output);
    assert!(
        stderr.contains("error[P003]: cannot read `content/gone.md`"),
        "{stderr}"
    );
    assert!(stderr.contains("No such file or directory"), "{stderr}");
}

/// Not regular files: a folder named like a page holds pages, a FIFO is skipped (reading it would
/// block), a linked page is built like any other.
#[cfg(unix)]
#[test]
fn folders_fifos_and_linked_pages_named_md_build_correctly() {
    let (_dir, root) = scratch_site();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "content/odd.md/inner.md",
        "+++\ntitle = \"Inner\"\n+++\nInside.\n",
    );
    write(
        "elsewhere/linked.md",
        "+++\ntitle = \"Linked\"\n+++\nLinked text.\n",
    );
    std::os::unix::fs::symlink(
        root.join("elsewhere/linked.md"),
        root.join("content/linked.md"),
    )
    .expect("symlink");
    let made = Command::new("mkfifo")
        .arg(root.join("content/pipe.md"))
        .status();
    assert!(made.expect("mkfifo").success());
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 0);
    let inner = std::fs::read_to_string(root.join("public/odd.md/inner/index.html"));
    assert!(inner.expect("inner page").contains("Inside."));
    let linked = std::fs::read_to_string(root.join("public/linked/index.html"));
    assert!(linked.expect("linked page").contains("Linked text."));
    assert!(!root.join("public/pipe").exists());
}

fn page(root: &Path, name: &str, body: &str) {
    let text = format!("+++\ntitle = \"{name}\"\n+++\n\n{body}");
    std::fs::write(root.join(format!("content/{name}.md")), text).expect("write page");
}

#[test]
fn fifty_megabyte_page_builds() {
    let (_dir, root) = scratch_site();
    let mut body = String::with_capacity(51 << 20);
    let mut section = 0;
    while body.len() < 50 << 20 {
        let _ = write!(body, "## Part {section}\n\n");
        for _ in 0..40 {
            body.push_str(
                "Plain words with *emphasis*, `code` and a [link](#part-0) to fill a line.\n",
            );
        }
        body.push_str("\n- one\n- two\n\n");
        section += 1;
    }
    page(&root, "huge", &body);
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 0);
    let html = std::fs::read_to_string(root.join("public/huge/index.html")).expect("built");
    let last = format!("id=\"part-{}\"", section - 1);
    assert!(html.contains(&last), "the last heading is there");
    assert!(html.len() > 50 << 20);
}

/// Numbering repeated headings retried every suffix from 1: 20,000 headings named alike took a
/// minute in a release build.
#[test]
fn twenty_thousand_headings_with_one_name_get_numbered_ids() {
    let (_dir, root) = scratch_site();
    page(&root, "same", &"## Setup\n\nSteps.\n\n".repeat(20_000));
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 0);
    let html = std::fs::read_to_string(root.join("public/same/index.html")).expect("built");
    assert!(html.contains("<h2 id=\"setup\">"));
    assert!(html.contains("<h2 id=\"setup-19999\">"));
    assert_eq!(html.matches("<h2 id=\"setup").count(), 20_000);
}

#[test]
fn ten_thousand_levels_of_lists_and_quotes_build() {
    let (_dir, root) = scratch_site();
    let lists: String = (0..10_000)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    page(&root, "lists", &lists);
    page(
        &root,
        "quotes",
        &format!("{} deepest quote\n", ">".repeat(10_000)),
    );
    page(
        &root,
        "bullets",
        &format!("{}deepest item\n", "- ".repeat(10_000)),
    );
    let output = run_bounded(&root, &["build"]);
    assert_clean_exit(&output, 0);
    let quotes = std::fs::read_to_string(root.join("public/quotes/index.html")).expect("quotes");
    assert!(quotes.contains("deepest quote"));
    let bullets = std::fs::read_to_string(root.join("public/bullets/index.html")).expect("bullets");
    assert!(bullets.contains("deepest item"));
    let lists = std::fs::read_to_string(root.join("public/lists/index.html")).expect("lists");
    assert!(lists.contains("level 9999"));
}

#[test]
fn diagram_with_five_thousand_nodes_is_drawn() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut source = String::from("title: Five thousand\n");
    for i in 0..5000 {
        let _ = writeln!(source, "n{i}: Node {i} {{ kind: web-server }}");
    }
    for i in 0..4999 {
        let _ = writeln!(source, "n{i} -> n{}", i + 1);
    }
    std::fs::write(dir.path().join("big.infra"), source).expect("write");
    let output = run_bounded(dir.path(), &["diagram", "big.infra", "-o", "big.svg"]);
    assert_clean_exit(&output, 0);
    let svg = std::fs::read_to_string(dir.path().join("big.svg")).expect("svg");
    assert_eq!(svg.matches("class=\"node ").count(), 5000);
}

#[test]
fn containers_nested_ten_thousand_deep_are_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let open: String = (0..10_000).map(|i| format!("c{i} {{\n")).collect();
    let source = format!("title: Deep\n{open}leaf\n{}", "}\n".repeat(10_000));
    std::fs::write(dir.path().join("deep.infra"), source).expect("write");
    let output = run_bounded(dir.path(), &["diagram", "deep.infra", "-o", "deep.svg"]);
    assert_clean_exit(&output, 1);
    let stderr = stderr(&output);
    assert!(stderr.contains("at most 16 levels"), "{stderr}");
    assert!(stderr.contains("┌─ deep.infra:"), "{stderr}");
}

/// Containers cannot form a cycle (nesting is written by braces), but two containers holding each
/// other's names are distinct nodes: `a.b` and `b.a`.
#[test]
fn containers_that_name_each_other_are_distinct_nodes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("c.infra"),
        "title: t\na { b }\nb { a }\na.b -> b.a\n",
    )
    .expect("write");
    let output = run_bounded(dir.path(), &["diagram", "c.infra", "-o", "c.svg"]);
    assert_clean_exit(&output, 0);
    let svg = std::fs::read_to_string(dir.path().join("c.svg")).expect("svg");
    assert!(svg.contains("data-from=\"a.b\" data-to=\"b.a\""), "{svg}");
}

/// "Did you mean" compared a pasted blob of a link with every page, costing length x length each.
#[test]
fn huge_broken_link_is_reported_quickly_and_without_a_suggestion() {
    let (_dir, root) = scratch_site();
    for i in 0..300 {
        page(&root, &format!("page{i}"), &format!("## Heading {i}\n"));
    }
    let blob = "a".repeat(200_000);
    page(&root, "long", &format!("[x]({blob}.md) [y](#{blob})\n"));
    let output = run_bounded(&root, &["check", "--format", "short"]);
    assert_clean_exit(&output, 1);
    let stderr = stderr(&output);
    assert!(
        stderr.contains("L001"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(!stderr.contains("did you mean"));
}

/// Deeply nested or huge front matter. TOML stops at its own recursion limit (F001, linear time);
/// YAML (serde_norway) takes time quadratic in the depth, so a YAML block with too many `[`/`{` or
/// too many compact `- ` on a line is refused before parsing (F004), and so is any block over
/// 256 KiB: before the limits, 100,000 `[` would have taken minutes in a debug build.
#[test]
fn deeply_nested_or_huge_front_matter_is_an_error_at_its_place() {
    let (_dir, root) = scratch_site();
    let write = |name: &str, text: String| {
        std::fs::write(root.join(format!("content/{name}.md")), text).expect("write");
    };
    write(
        "toml",
        format!("+++\ntitle = \"d\"\nx = {}\n+++\nx\n", "[".repeat(100_000)),
    );
    write(
        "yaml",
        format!("---\ntitle: {}\n---\nx\n", "[".repeat(100_000)),
    );
    write(
        "yaml_map",
        format!("---\ntitle: {}\n---\nx\n", "{a: ".repeat(50_000)),
    );
    write(
        "yaml_compact",
        format!("---\ntags:\n{}x\n---\nx\n", "- ".repeat(100_000)),
    );
    let tags = vec!["\"tag\""; 1_000_000].join(", ");
    write(
        "huge_toml",
        format!("+++\ntitle = \"x\"\ntags = [{tags}]\n+++\nx\n"),
    );
    write(
        "huge_yaml",
        format!("---\ntitle: x\ntags: [{tags}]\n---\nx\n"),
    );
    let output = run_bounded(&root, &["check", "--format", "short"]);
    assert_clean_exit(&output, 1);
    let stderr = stderr(&output);
    let expected = [
        "content/toml.md:3:85: error[F001]: invalid front matter: cannot recurse further",
        "content/yaml.md:2:1032: error[F004]: front matter opens more than 1024 `[` or `{`",
        "content/yaml_map.md:2:4104: error[F004]: front matter opens more than 1024 `[` or `{`",
        "content/yaml_compact.md:3:65: error[F004]: front matter nests more than 32 `- ` on one line",
        "content/huge_toml.md:1:1: error[F004]: front matter is 6835 KiB; the limit is 256 KiB",
        "content/huge_yaml.md:1:1: error[F004]: front matter is 6835 KiB; the limit is 256 KiB",
    ];
    for line in expected {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    assert!(stderr.contains("Failed: 6 errors"), "{stderr}");
}

/// Ranking spent up to edges x edges per simplex pivot: 5,000 random edges took 8 minutes in a debug
/// build (2 in release). The pivot count is now bounded by the work it costs.
#[test]
fn ranking_five_thousand_random_edges_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut source = String::from("title: Random\nallow: [unmonitored-host]\n");
    for i in 0..5000 {
        let _ = writeln!(source, "n{i}: Node {i} {{ kind: web-server }}");
    }
    let mut state: u64 = 1;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) % 5000
    };
    let mut edges = std::collections::BTreeSet::new();
    while edges.len() < 5000 {
        let (a, b) = (next(), next());
        if a != b {
            edges.insert((a, b));
        }
    }
    for (a, b) in &edges {
        let _ = writeln!(source, "n{a} -> n{b}");
    }
    std::fs::write(dir.path().join("random.infra"), source).expect("write");
    let output = run_bounded(dir.path(), &["diagram", "random.infra", "-o", "random.svg"]);
    assert_clean_exit(&output, 0);
    let svg = std::fs::read_to_string(dir.path().join("random.svg")).expect("svg");
    assert_eq!(svg.matches("class=\"node ").count(), 5000);
    assert_eq!(svg.matches("data-from=").count(), 5000);
}
