//! The binary as a user meets it: help, exit codes, init, and one fixture per bad input with the whole
//! stderr snapshotted (colours off, paths relative to the site) and the previous output left alone.

use predicates::prelude::*;

use crate::site::{SiteTest, tree};

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

#[test]
fn every_command_has_help() {
    for command in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["check", "--help"],
        vec!["init", "--help"],
        vec!["diagram", "--help"],
        vec!["serve", "--help"],
    ] {
        let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
        cmd.args(&command)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
    let mut build = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    build.args(["build", "--help"]).assert().stdout(
        predicate::str::contains("--base-url").and(predicate::str::contains("--deny-warnings")),
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.arg("frobnicate").assert().code(2);
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.args(["check", "--format", "xml"]).assert().code(2);
}

#[test]
fn a_folder_without_site_toml_is_an_input_error() {
    let dir = tempfile::tempdir().expect("temp");
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.current_dir(dir.path())
        .env("NO_COLOR", "1")
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[C000]: cannot read"));
}

#[test]
fn build_prints_a_one_line_summary() {
    let site = SiteTest::new("sites/features");
    let output = site.command().arg("build").output().expect("runs");
    assert!(output.status.success());
    let stderr = stderr_of(&output);
    let summary = regex_free_summary(&stderr);
    assert_eq!(
        summary,
        "Built 3 pages, 2 sections, 1 static file, 0 warnings in <N> ms"
    );
    assert!(site.path("public/index.html").is_file());
    assert!(site.path("public/.nojekyll").is_file());
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://docs.example.org/sitemap.xml")
    );
}

/// The last line with the elapsed milliseconds replaced, so it can be compared.
fn regex_free_summary(stderr: &str) -> String {
    let line = stderr.lines().last().unwrap_or_default();
    match (line.rfind(" in "), line.strip_suffix(" ms")) {
        (Some(at), Some(_)) => format!("{} in <N> ms", &line[..at]),
        _ => line.to_string(),
    }
}

#[test]
fn check_writes_nothing_and_short_format_is_one_line_each() {
    let site = SiteTest::new("invalid/broken_link");
    let output = site
        .command()
        .args(["check", "--format", "short"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("check_short_broken_link", stderr_of(&output));
    assert!(!site.path("public").exists());
    let good = SiteTest::new("sites/features");
    good.command()
        .arg("check")
        .assert()
        .success()
        .stderr(predicate::str::contains("Checked 3 pages"));
    assert!(!good.path("public").exists());
}

#[test]
fn init_writes_a_site_that_builds() {
    let dir = tempfile::tempdir().expect("temp");
    let mut init = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    init.current_dir(dir.path())
        .args(["init", "new-site"])
        .assert()
        .success();
    let root = dir.path().join("new-site");
    for file in [
        "site.toml",
        "content/_index.md",
        "diagrams/web-stack.infra",
        "templates/page.html",
    ] {
        assert!(root.join(file).is_file(), "init wrote {file}");
    }
    assert!(
        !root.join(".github").exists(),
        "the Pages workflow only on request"
    );
    let mut build = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    build
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 warnings"));
    let page = std::fs::read_to_string(root.join("public/getting-started/index.html"))
        .expect("page built");
    assert!(page.contains("class=\"language-nginx\""));
    assert!(
        page.contains("<figcaption>The web stack</figcaption>"),
        "the diagram is drawn"
    );
    let mut again = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    again
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["init", "new-site"])
        .assert()
        .code(1);
}

#[test]
fn init_with_github_pages_writes_the_repositorys_workflow() {
    let dir = tempfile::tempdir().expect("temp");
    let mut init = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    init.current_dir(dir.path())
        .args(["init", "new-site", "--github-pages"])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("new-site/.github/workflows/pages.yml"))
        .expect("workflow written");
    let ours = include_str!("../../.github/workflows/pages.yml");
    assert_eq!(written, ours);
    assert!(written.contains("actions/deploy-pages@v4"));
}

#[test]
fn deny_warnings_turns_a_warning_into_a_failure() {
    let site = SiteTest::new("sites/features");
    site.write(
        "content/lang.md",
        "+++\ntitle = \"Lang\"\n+++\n\n```klingon\nx\n```\n",
    );
    site.command()
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("warning[H001]"));
    site.command()
        .args(["build", "--deny-warnings"])
        .assert()
        .code(1);
}

/// Builds an invalid fixture over a previous good output and snapshots the whole stderr.
fn assert_invalid(case: &str) {
    let stderr = build_invalid(case);
    insta::assert_snapshot!(format!("invalid_{case}"), stderr);
}

/// Builds an invalid fixture over a previous good output; checks exit code 1, that the previous
/// output is untouched and no staging folder is left; returns stderr.
fn build_invalid(case: &str) -> String {
    let site = SiteTest::new(&format!("invalid/{case}"));
    if !site.path("public").exists() {
        site.write("public/.infrabook-output", "");
        site.write("public/index.html", "previous build\n");
    }
    let before = tree(&site.path("public"));
    let output = site.command().arg("build").output().expect("runs");
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{case}: exit code\n{stderr}");
    assert_eq!(
        tree(&site.path("public")),
        before,
        "{case}: previous output untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .expect("root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{case}: staging folder left behind: {leftovers:?}"
    );
    stderr
}

#[test]
fn invalid_malformed_front_matter() {
    assert_invalid("malformed_front_matter");
}

#[test]
fn invalid_unterminated_front_matter() {
    assert_invalid("unterminated_front_matter");
}

#[test]
fn invalid_unknown_config_key() {
    assert_invalid("unknown_config_key");
}

#[test]
fn invalid_template_error() {
    assert_invalid("template_error");
}

#[test]
fn invalid_template_runtime_error() {
    assert_invalid("template_runtime_error");
}

#[test]
fn invalid_broken_link() {
    assert_invalid("broken_link");
}

#[test]
fn invalid_broken_anchor() {
    assert_invalid("broken_anchor");
}

#[test]
fn invalid_duplicate_url() {
    assert_invalid("duplicate_url");
}

#[test]
fn invalid_missing_title() {
    assert_invalid("missing_title");
}

#[test]
fn invalid_output_not_ours() {
    assert_invalid("output_not_ours");
}

#[test]
fn invalid_config_wrong_type() {
    assert_invalid("config_wrong_type");
}

#[test]
fn invalid_front_matter_too_deep() {
    assert_invalid("front_matter_too_deep");
}

#[test]
fn invalid_unknown_highlight_theme() {
    assert_invalid("unknown_highlight_theme");
}

#[test]
fn invalid_edit_url_not_http() {
    assert_invalid("edit_url_not_http");
}

#[test]
fn invalid_unknown_front_matter_field() {
    assert_invalid("unknown_front_matter_field");
}

#[test]
fn invalid_alias_collision() {
    assert_invalid("alias_collision");
}

/// A warning: the build succeeds and says so; `--deny-warnings` turns it into exit 1 with the same
/// message and leaves the previous output alone.
fn assert_warning(case: &str) {
    let site = SiteTest::new(&format!("invalid/{case}"));
    let output = site.command().arg("build").output().expect("runs");
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{case}: exit code\n{stderr}");
    let denied = site
        .command()
        .args(["build", "--deny-warnings"])
        .output()
        .expect("runs");
    assert_eq!(denied.status.code(), Some(1), "{case}: --deny-warnings");
    let warning = stderr.lines().next().unwrap_or_default();
    assert!(
        stderr_of(&denied).contains(&warning.replacen("warning[", "error[", 1)),
        "{case}: the denied warning is reported as an error\n{}",
        stderr_of(&denied)
    );
    insta::assert_snapshot!(format!("invalid_{case}"), without_timing(&stderr));
}

/// The summary line with the elapsed milliseconds replaced.
fn without_timing(stderr: &str) -> String {
    let mut lines: Vec<String> = stderr.lines().map(str::to_string).collect();
    if let Some(last) = lines.last_mut() {
        *last = regex_free_summary(last);
    }
    lines.join("\n") + "\n"
}

#[test]
fn invalid_static_shadows_page() {
    assert_warning("static_shadows_page");
}

#[test]
fn invalid_unknown_code_language() {
    assert_warning("unknown_code_language");
}

/// One page per diagram-language error code, each in an `infra` fence: the engine's message at the
/// place in the page.
#[test]
fn invalid_diagram_codes() {
    assert_invalid("diagram_codes");
}

/// One page per lint rule (every other rule allowed) plus an `allow:` naming no rule: all warnings.
#[test]
fn invalid_lint_warnings() {
    assert_warning("lint_warnings");
}

#[test]
fn invalid_init_into_a_non_empty_folder() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir(dir.path().join("taken")).expect("folder");
    std::fs::write(dir.path().join("taken/notes.txt"), "mine\n").expect("file");
    let mut init = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    let output = init
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["init", "taken"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("invalid_init_into_a_non_empty_folder", stderr_of(&output));
    let left: Vec<_> = std::fs::read_dir(dir.path().join("taken"))
        .expect("folder")
        .collect();
    assert_eq!(left.len(), 1, "nothing written next to the user's file");
}

#[test]
fn invalid_output_inside_content() {
    let site = SiteTest::new("sites/features");
    let output = site
        .command()
        .args(["build", "--output", "content/out"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("invalid_output_inside_content", stderr_of(&output));
    assert!(!site.path("content/out").exists());
}

/// Not snapshotted: the message comes from the diagram engine; the place comes from the core.
#[test]
fn invalid_diagram_error() {
    let stderr = build_invalid("diagram_error");
    assert!(stderr.contains("┌─ content/page.md:8:1"), "{stderr}");
    assert!(stderr.contains("┌─ diagrams/broken.infra:1:1"), "{stderr}");
}

#[test]
fn output_may_not_be_the_root_or_content() {
    let site = SiteTest::new("sites/features");
    for target in [".", "content", "content/out", ".."] {
        let output = site
            .command()
            .args(["build", "--output", target])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "--output {target}");
        assert!(
            stderr_of(&output).contains("error[O002]"),
            "--output {target}"
        );
    }
    assert!(site.path("content/_index.md").is_file());
}

fn fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

#[test]
fn diagram_command_writes_an_svg_to_stdout_and_prints_findings() {
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    let output = cmd
        .env("NO_COLOR", "1")
        .arg("diagram")
        .arg(fixture("lint/reference/1-one-server.infra"))
        .output()
        .expect("runs");
    assert!(output.status.success(), "findings are warnings, not errors");
    let svg = String::from_utf8(output.stdout.clone()).expect("utf-8 svg");
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains("prefers-color-scheme: dark"),
        "auto theme by default"
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("warning[single-point-of-failure]"),
        "{stderr}"
    );
    assert!(stderr.contains("1-one-server.infra:"), "{stderr}");
}

#[test]
fn diagram_command_writes_png_by_extension_and_denies_warnings_on_request() {
    let dir = tempfile::tempdir().expect("temp");
    let png = dir.path().join("out.png");
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.arg("diagram")
        .arg(fixture("diagrams/single-host.infra"))
        .arg("-o")
        .arg(&png)
        .args(["--theme", "dark"])
        .assert()
        .success();
    let bytes = std::fs::read(&png).expect("png written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");

    let svg = dir.path().join("out.svg");
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.env("NO_COLOR", "1")
        .arg("diagram")
        .arg(fixture("lint/reference/1-one-server.infra"))
        .arg("-o")
        .arg(&svg)
        .arg("--deny-warnings")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[single-point-of-failure]"));
    assert!(!svg.exists(), "nothing is written when the diagram fails");
}

#[test]
fn diagram_command_reports_syntax_errors_with_file_line_col() {
    let dir = tempfile::tempdir().expect("temp");
    let source = dir.path().join("bad.infra");
    std::fs::write(&source, "lb: Balancer { kind: lod-balancer }\n").expect("write");
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.env("NO_COLOR", "1")
        .arg("diagram")
        .arg(&source)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("error[E-unknown-kind]")
                .and(predicate::str::contains("bad.infra:1:22"))
                .and(predicate::str::contains("did you mean `load-balancer`")),
        );
    let mut cmd = assert_cmd::Command::cargo_bin("infrabook").expect("binary");
    cmd.arg("diagram")
        .arg(dir.path().join("missing.infra"))
        .assert()
        .code(2);
}

#[test]
fn check_audits_the_built_output_against_the_base_path() {
    let site = SiteTest::new("invalid/output_outside_base");
    let output = site
        .command()
        .args(["check", "--base-url", "https://example.github.io/handbook/"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("check_output_outside_base", stderr_of(&output));
    // At the domain root the same site only lacks its files.
    let output = site.command().arg("check").output().expect("runs");
    let stderr = stderr_of(&output);
    assert!(!stderr.contains("O003"), "{stderr}");
    assert!(stderr.contains("O004"), "{stderr}");
}

#[test]
fn a_cname_file_in_static_lands_at_the_site_root_for_a_custom_domain() {
    let site = SiteTest::new("sites/features");
    site.write("static/CNAME", "docs.example.com\n");
    site.command()
        .args(["build", "--base-url", "https://docs.example.com/"])
        .assert()
        .success();
    assert_eq!(site.read("public/CNAME"), "docs.example.com\n");
    assert!(site.path("public/.nojekyll").is_file());
    assert!(site.path("public/404.html").is_file());
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://docs.example.com/")
    );
}
