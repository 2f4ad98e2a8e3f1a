#!/usr/bin/env bash
# Fuzz smoke: runs each fuzz target for FUZZ_SECONDS (default 20) with the stable toolchain, the way
# CI can (a fresh machine with no nightly). cargo-fuzz is not needed: it only adds nightly
# sanitizer flags, and without a sanitizer the targets are ordinary binaries that link libFuzzer
# (built by libfuzzer-sys) and need only LLVM's coverage instrumentation, which stable rustc
# exposes through -C flags. These are the flags `cargo fuzz build --sanitizer none` passes.
#
# Seeds: the handbook's pages for `page`, every .infra file of the repository for the diagram
# targets, plus any saved input under fuzz/regressions/<target>/. A crash, timeout or out-of-memory
# fails the script and leaves the input under fuzz/target/smoke-artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-20}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "FUZZ_SECONDS must be a whole number of seconds" >&2; exit 2; }
host="$(rustc -vV | sed -n 's/^host: //p')"
# --target keeps the flags off build scripts and proc macros (they run on the host, uninstrumented).
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
# Not --locked: a dependency added to the main crate must not fail the smoke run; cargo only adds it
# to fuzz/Cargo.lock, keeping every existing pin.
cargo build --quiet --bins --target "$host"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
seed() { # seed TARGET FILES...
  local target="$1" file
  shift
  mkdir -p "$work/corpus/$target"
  for file in "$@" regressions/"$target"/*; do
    cp "$file" "$work/corpus/$target/$(printf '%s' "$file" | tr '/' '_')"
  done
}
shopt -s globstar nullglob
seed page ../content/**/*.md
seed diagram_parse ../diagrams/*.infra ../tests/fixtures/**/*.infra
seed diagram_render ../diagrams/*.infra ../tests/fixtures/**/*.infra

for target in page diagram_parse diagram_render; do
  artifacts="target/smoke-artifacts/$target/"
  mkdir -p "$artifacts"
  log="$work/$target.log"
  if ! "target/$host/debug/$target" "$work/corpus/$target" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$artifacts" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz smoke: $target failed; the input is in fuzz/$artifacts" >&2
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  echo "fuzz smoke: $target ran ${runs:-?} inputs in ${seconds} s, no crash"
done
