//! Rebuilds the crate when the default theme changes: `include_dir!` embeds `templates/` and `static/`,
//! but cargo only learns about files that already existed at the last build, so a new template or font
//! would otherwise be missing from the binary until some source file changed.

// Build scripts talk to cargo through stdout.
#![allow(clippy::print_stdout)]

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
}
