#!/usr/bin/env bash
# Checks the handbook's configuration snippets with the programs that read them (see README.md here).
# Installs the Debian packages that provide the validators if any is missing (idempotent: a second run
# installs nothing), runs the checker's own tests, then checks content/. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKAGES=(openssl nginx haproxy bind9-utils keepalived nftables prometheus psmisc)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

can_be_root() {
  [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }
}

install_missing() {
  local missing=() pkg policy=/usr/sbin/policy-rc.d
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! can_be_root; then
    echo "config-check: missing ${missing[*]}; run as root or with passwordless sudo to install them" >&2
    return 1
  fi
  # The checker never uses the daemons these packages ship, so keep the installation from starting them
  # (a busy port 80 would otherwise make nginx's postinst fail). Only a policy we created is removed.
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    trap 'as_root rm -f "$policy"' EXIT
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

install_missing

# nft -c and keepalived -t only work as root; everything else happens in temp directories.
run() { if can_be_root; then as_root "$@"; else "$@"; fi; }
can_be_root || echo "config-check: not root and no sudo, so the nftables and keepalived checks will fail" >&2

echo "== config-check self-test"
run python3 tests/content/test_check_configs.py
echo "== config-check content/"
run python3 tests/content/check_configs.py
