#!/usr/bin/env bash
# Compares infrabook with mermaid-cli (Mermaid itself, in Debian's Chromium) on every flowchart in
# tests/fixtures/mermaid/flowchart/ and every sequence diagram in tests/fixtures/sequence/:
# the same node/edge (participant/message) sets, edge crossings, drawing size, text outside its box,
# and time per diagram (ours in-process, median of 200 renders; mmdc one process per diagram, as a
# docs build that shells out to it pays). Then a whole-site build with 100 mermaid blocks against
# mmdc on the same 100 blocks (one markdown file, one browser). Writes benches/mermaid/RESULTS.md.
# Usage: bash benches/mermaid/compare.sh [CASE.mmd...]
# REUSE_MMDC=1 keeps mermaid-cli's drawings and times from the previous run in $WORK (it is slow).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK:-/tmp/infrabook-mermaid-compare}"
if [ "${REUSE_MMDC:-}" != 1 ]; then rm -rf "$work"; fi
mkdir -p "$work"
if [ ! -x "$here/node_modules/.bin/mmdc" ]; then
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
fi
export PUPPETEER_EXECUTABLE_PATH="${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}"
printf '{"args":["--no-sandbox","--disable-gpu"]}\n' > "$work/puppeteer.json"
(cd "$root" && cargo build --release --quiet --bin infrabook --example mermaid_corpus)
bin="$root/target/release/infrabook"
mmdc="$here/node_modules/.bin/mmdc"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(ls "$root"/tests/fixtures/mermaid/flowchart/*.mmd "$root"/tests/fixtures/sequence/*.mmd)
fi

# Ours: in-process, one JSON line per case (and NAME.ours.svg).
"$root/target/release/examples/mermaid_corpus" "$work" "${cases[@]}" > "$work/ours.jsonl"

# Theirs: one mmdc process per diagram.
: >> "$work/mmdc-times.txt"
for case in "${cases[@]}"; do
  name="$(basename "$case" .mmd)"
  if [ -s "$work/$name.mmdc.svg" ] && grep -q "^$name " "$work/mmdc-times.txt"; then continue; fi
  start=$(date +%s%N)
  "$mmdc" -q -p "$work/puppeteer.json" -i "$case" -o "$work/$name.mmdc.svg" > /dev/null 2>&1 || echo "mmdc failed on $name" >&2
  end=$(date +%s%N)
  echo "$name $(( (end - start) / 1000 ))" >> "$work/mmdc-times.txt"
done

# A site with 100 mermaid blocks (the cases mmdc could draw, cycled: one block it rejects stops its
# markdown mode), 10 pages of 10; and the same 100 in one file for mmdc's markdown mode.
drawable=()
for case in "${cases[@]}"; do
  [ -s "$work/$(basename "$case" .mmd).mmdc.svg" ] && drawable+=("$case")
done
site="$work/site100"
rm -rf "$site" && mkdir -p "$site/content"
printf 'title = "100 diagrams"\nbase_url = "https://example.org/"\n\n[search]\nenabled = false\n' > "$site/site.toml"
printf '+++\ntitle = "Home"\n+++\n\nHome.\n' > "$site/content/_index.md"
: > "$work/all100.md"
for i in $(seq 0 99); do
  case="${drawable[$(( i % ${#drawable[@]} ))]}"
  page="$site/content/page$(( i / 10 )).md"
  [ -f "$page" ] || printf '+++\ntitle = "Page %d"\n+++\n\n' "$(( i / 10 ))" > "$page"
  for out in "$page" "$work/all100.md"; do
    printf '\n```mermaid\n' >> "$out"
    grep -v '^%% source:' "$case" >> "$out"
    printf '```\n' >> "$out"
  done
done
start=$(date +%s%N)
"$bin" build --warn-links --root "$site" --output "$site/public" > /dev/null 2> "$work/site100.log" || { cat "$work/site100.log" >&2; exit 1; }
mid=$(date +%s%N)
status=ok
"$mmdc" -q -p "$work/puppeteer.json" -i "$work/all100.md" -o "$work/all100.out.md" > /dev/null 2>&1 || status=failed
end=$(date +%s%N)
echo "$(( (mid - start) / 1000 )) $(( (end - mid) / 1000 )) $status $(ls "$work"/all100.out-*.svg 2>/dev/null | wc -l)" > "$work/site100-times.txt"

node "$here/compare.mjs" "$work" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "${cases[@]}" | tee "$here/RESULTS.md"
