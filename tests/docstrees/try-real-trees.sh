#!/usr/bin/env bash
# Builds three public docs trees as a new user would: copied into content/ unchanged, next to a
# site.toml, built with `infrabook build --warn-links` so the whole report is seen at once.
#
#   tests/docstrees/try-real-trees.sh [WORKDIR]
#
# Run by hand. None of the three ships its docs on a package registry (checked: the
# mkdocs-material sdist on PyPI holds the theme, not `docs/`), so each tree comes from, in order:
#   - SRC_mdbook / SRC_mkdocs / SRC_zola: a folder holding the repository's files (at least the
#     docs folder and, for MkDocs, mkdocs.yml);
#   - MIRROR_mdbook / MIRROR_mkdocs / MIRROR_zola: a bare git mirror of the repository, whose
#     HEAD is extracted (blobs a partial mirror lacks, such as screenshots, are left out and listed);
#   - else a shallow clone from GitHub.
# Nothing here is committed; WORKDIR defaults to a temp folder. After each build it compares our
# sidebar with the tree's own navigation (tests/docstrees/compare-sidebar.py, which needs PyYAML).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
# PROFILE=release builds and runs the release binary (faster on the 300 pages).
profile=${PROFILE:-debug}
bin="$here/target/$profile/infrabook"
if [ "$profile" = release ]; then
  (cd "$here" && cargo build --quiet --release)
else
  (cd "$here" && cargo build --quiet)
fi

# The slug and tab id rules are those `infrabook init --from` picks from each tree's config (the
# Material docs set pymdownx.tabbed's `slugify` and `combine_header_slug`).
# name  repository                                   docs folder  navigation file  slug rule  tab ids
trees=(
  "mdbook  https://github.com/rust-lang/mdBook.git          guide/src  -                github           numbered"
  "mkdocs  https://github.com/squidfunk/mkdocs-material.git docs       mkdocs.yml       python-markdown  heading-label"
  "zola    https://github.com/getzola/zola.git              docs/content -              zola             numbered"
)

# Writes the files of HEAD under the docs folder (and the navigation file) of bare repository $1
# into $2, skipping blobs the mirror does not hold.
extract() {
  local git_dir=$1 into=$2 docs=$3 nav=$4 paths
  paths=("${docs%%/*}")
  [ "$nav" = "-" ] || paths+=("$nav")
  git --git-dir="$git_dir" ls-tree -r HEAD -- "${paths[@]}" |
    while read -r _mode type object path; do
      [ "$type" = blob ] || continue
      if git --git-dir="$git_dir" cat-file -e "$object" 2>/dev/null; then
        mkdir -p "$into/$(dirname "$path")"
        git --git-dir="$git_dir" cat-file blob "$object" >"$into/$path"
      else
        echo "   not in the mirror: $path" >&2
      fi
    done
}

for tree in "${trees[@]}"; do
  read -r name repo docs nav slug tab_ids <<<"$tree"
  src_var="SRC_$name" mirror_var="MIRROR_$name"
  src="${!src_var:-$work/src/$name}"
  site="$work/site/$name"
  if [ ! -d "$src/$docs" ]; then
    if [ -n "${!mirror_var:-}" ]; then
      mkdir -p "$src" && extract "${!mirror_var}" "$src" "$docs" "$nav"
    else
      git clone --quiet --depth 1 "$repo" "$src"
    fi
  fi
  rm -rf "$site" && mkdir -p "$site"
  cp -R "$src/$docs" "$site/content"
  if [ "$nav" != "-" ]; then cp "$src/$nav" "$site/"; fi
  printf 'title = "%s docs"\nbase_url = "/"\n\n[markdown]\nslug = "%s"\ntab_ids = "%s"\n\n[search]\nenabled = false\n' \
    "$name" "$slug" "$tab_ids" > "$site/site.toml"
  echo "== $name: $(find "$site/content" -name '*.md' | wc -l) Markdown files"
  if "$bin" build --root "$site" --warn-links 2> "$work/$name.log"; then
    echo "   built into $site/public"
  else
    echo "   build failed"
  fi
  grep -c '^error\[' "$work/$name.log" | sed 's/^/   errors: /' || true
  grep -c '^warning\[' "$work/$name.log" | sed 's/^/   warnings: /' || true
  echo "   full report: $work/$name.log"
  # The sidebar needs a built site: when the build stops on errors, compare a scratch copy in
  # which the first line of each error is blanked (an include, a front matter field, a diagram
  # line); the report above stays the one of the tree as it is.
  compared="$site"
  if [ ! -d "$site/public" ]; then
    compared="$work/sidebar/$name"
    rm -rf "$compared" && mkdir -p "$(dirname "$compared")" && cp -R "$site" "$compared"
    grep -A1 '^error\[' "$work/$name.log" |
      sed -n 's/.*┌─ \(content[^:]*\):\([0-9]*\):.*/\1 \2/p' |
      while read -r file line; do sed -i "${line}s/.*//" "$compared/$file"; done
    "$bin" build --root "$compared" --warn-links 2>/dev/null || echo "   (the scratch copy still fails)"
  fi
  python3 "$here/tests/docstrees/compare-sidebar.py" "$compared" "$name" || true
done
