//! The default theme (`templates/` and `static/` of this repository), compiled into the binary so
//! `init` can write it out and a site without its own templates still builds.

use include_dir::{Dir, include_dir};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

fn files(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        out.push((name, file.contents()));
    }
    for sub in dir.dirs() {
        files(sub, out);
    }
}

fn sorted(dir: &'static Dir<'static>) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    files(dir, &mut out);
    out.retain(|(name, _)| !name.rsplit('/').next().unwrap_or_default().starts_with('.'));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Default templates as (name relative to `templates/`, contents), sorted by name.
pub fn template_files() -> Vec<(String, &'static [u8])> {
    sorted(&TEMPLATES)
}

/// Default static files as (path relative to `static/`, contents), sorted by path.
pub fn static_files() -> Vec<(String, &'static [u8])> {
    sorted(&STATIC)
}
