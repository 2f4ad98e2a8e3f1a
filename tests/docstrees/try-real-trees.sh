#!/usr/bin/env bash
# Builds three public docs trees as a new user would: copied into content/ unchanged, next to a
# site.toml, built with `infrabook build --warn-links` so the whole report is seen at once.
#
#   tests/docstrees/try-real-trees.sh [WORKDIR]
#
# Run by hand, on a machine that reaches github.com: none of the three ships its docs on a package
# registry (checked: the mkdocs-material sdist on PyPI holds the theme, not `docs/`), so they are
# cloned from their repositories. Nothing here is committed; WORKDIR defaults to a temp folder.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
bin="$here/target/debug/infrabook"
(cd "$here" && cargo build --quiet)

# name  repository                                   docs folder  navigation file  slug rule
trees=(
  "mdbook  https://github.com/rust-lang/mdBook.git          guide/src  -                github"
  "mkdocs  https://github.com/squidfunk/mkdocs-material.git docs       mkdocs.yml       python-markdown"
  "zola    https://github.com/getzola/zola.git              docs/content -              zola"
)

for tree in "${trees[@]}"; do
  read -r name repo docs nav slug <<<"$tree"
  src="$work/src/$name"
  site="$work/site/$name"
  [ -d "$src" ] || git clone --quiet --depth 1 "$repo" "$src"
  rm -rf "$site" && mkdir -p "$site"
  cp -R "$src/$docs" "$site/content"
  if [ "$nav" != "-" ]; then cp "$src/$nav" "$site/"; fi
  printf 'title = "%s docs"\nbase_url = "/"\n\n[markdown]\nslug = "%s"\n\n[search]\nenabled = false\n' \
    "$name" "$slug" > "$site/site.toml"
  echo "== $name: $(find "$site/content" -name '*.md' | wc -l) Markdown files"
  if "$bin" build --root "$site" --warn-links 2> "$work/$name.log"; then
    echo "   built into $site/public"
  else
    echo "   build failed"
  fi
  grep -c '^error\[' "$work/$name.log" | sed 's/^/   errors: /' || true
  grep -c '^warning\[' "$work/$name.log" | sed 's/^/   warnings: /' || true
  echo "   full report: $work/$name.log"
done
