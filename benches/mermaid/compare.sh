#!/usr/bin/env bash
# Compares infrabook's drawing of every flowchart in tests/fixtures/mermaid/flowchart/ with
# mermaid-cli's (Mermaid itself, in Debian's Chromium): the same node and edge sets, and how many
# edge crossings each drawing has. Also times both. Usage: bash benches/mermaid/compare.sh [CASE...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK:-/tmp/infrabook-mermaid-compare}"
mkdir -p "$work"
if [ ! -x "$here/node_modules/.bin/mmdc" ]; then
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund)
fi
export PUPPETEER_EXECUTABLE_PATH="${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}"
printf '{"args":["--no-sandbox","--disable-gpu"]}\n' > "$work/puppeteer.json"
(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/infrabook"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(ls "$root"/tests/fixtures/mermaid/flowchart/*.mmd)
fi
for case in "${cases[@]}"; do
  name="$(basename "$case" .mmd)"
  start=$(date +%s%N)
  "$bin" diagram "$case" -o "$work/$name.ours.svg" > /dev/null 2>&1
  mid=$(date +%s%N)
  "$here/node_modules/.bin/mmdc" -q -p "$work/puppeteer.json" -i "$case" -o "$work/$name.mmdc.svg" > /dev/null 2>&1 || echo "mmdc failed on $name" >&2
  end=$(date +%s%N)
  echo "$name $(( (mid - start) / 1000 )) $(( (end - mid) / 1000 ))" >> "$work/times.txt"
done
node "$here/compare.mjs" "$work" "${cases[@]}"
