#!/usr/bin/env bash
# The browser suite: the handbook served by `infrabook serve` under /handbook/, driven through Debian's
# Chromium with playwright-core, checked with axe-core, and the built HTML checked with the Nu HTML Checker.
# Installs what is missing (chromium, a Java runtime, the npm packages), builds the release binary, then runs
# every *.test.mjs here with Node's test runner (summary lines at the end: "# tests N", "# pass N", ...).
# Screenshots land in tests/e2e/output/. Nothing leaves 127.0.0.1.
#
# Usage: bash tests/e2e/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

apt_install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

[ -x /usr/bin/chromium ] || apt_install chromium
# The CSS's "Inter Fallback" face is Arial or its metric twin Liberation Sans, scaled to Inter: without
# either, the browser falls back to a wider font and the swap to Inter moves the page (Lighthouse's CLS).
fc-list 2>/dev/null | grep -q "Liberation Sans" || apt_install fonts-liberation fontconfig
command -v java >/dev/null || apt_install default-jre-headless
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

# The packages: reinstalled from the lock when missing or older than it. Install scripts are skipped:
# vnu-jar's would fetch a Java runtime from the internet, and this machine's Java is used instead.
if [ ! -d tests/e2e/node_modules/playwright-core ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  (cd tests/e2e && npm ci --silent --no-audit --no-fund --ignore-scripts)
fi

cargo build --release --locked --quiet

rm -rf tests/e2e/output
cd tests/e2e
exec node --test --test-reporter=tap --test-concurrency=1 ./*.test.mjs
