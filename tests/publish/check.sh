#!/usr/bin/env bash
# Publishing, verified like a user would: build the handbook for a base URL, serve the output with a real,
# independent web server (Debian's nginx) the way GitHub Pages would, and crawl it with an independent link
# checker (LinkChecker from PyPI), following every internal link, image, stylesheet and script.
# Done twice: under a sub-path (/handbook/) and at the domain root. Also checks that a missing page gets the
# site's 404 page with a stylesheet that loads. Listens on 127.0.0.1 only.
#
# Usage: bash tests/publish/check.sh [path/to/infrabook]   (needs nginx and linkchecker; tests/run.sh installs them)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/release/infrabook}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as an unprivileged user and must read the site
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

start_nginx() { # $1 = document root, $2 = path prefix ("/handbook/" or "/")
  mkdir -p "$work/nginx/tmp"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp; uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  server {
    listen 127.0.0.1:$port;
    root $1;
    error_page 404 ${2}404.html;
  }
}
CONF
  nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.1
  done
  echo "nginx did not start"; cat "$work/nginx/error.log"; exit 1
}

stop_nginx() { kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; }

check_prefix() { # $1 = path prefix
  local prefix=$1 root="$work/www"
  rm -rf "$root"; mkdir -p "$root"
  local out="$root${prefix%/}"
  [ "$prefix" = "/" ] && out="$root/site" && root="$root/site"
  "$bin" build --base-url "http://127.0.0.1:$port$prefix" --output "$out" 2>"$work/build.log" || { cat "$work/build.log"; exit 1; }
  start_nginx "$root" "$prefix"
  local url="http://127.0.0.1:$port$prefix"
  local pages crawled
  pages=$(find "$out" -name index.html | wc -l)
  if linkchecker --no-warnings --no-status -r -1 "$url" >"$work/linkcheck.log" 2>&1; then
    # A crawl that never got past the first page would pass too: it must have reached every page.
    crawled=$(grep -o '[0-9]* URLs* checked' "$work/linkcheck.log" | grep -o '^[0-9]*' || echo 0)
    if [ "$crawled" -ge "$pages" ]; then
      pass "every internal link, image, stylesheet and script resolves under $prefix ($crawled URLs, $pages pages)"
    else
      fail "the crawl under $prefix reached only $crawled URLs for $pages pages"; cat "$work/linkcheck.log"
    fi
  else
    fail "broken links under $prefix:"; cat "$work/linkcheck.log"
  fi
  local status
  status=$(curl -s -o "$work/404.html" -w '%{http_code}' "${url}no/such/page/")
  if [ "$status" = 404 ] && grep -q '<title>' "$work/404.html"; then
    pass "a missing page under $prefix answers 404 with the site's 404 page"
  else
    fail "missing page under $prefix answered $status"
  fi
  local css
  css=$(grep -o 'href="[^"]*\.css"' "$work/404.html" | head -1 | sed 's/href="//; s/"$//')
  if [ -n "$css" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$css")" = 200 ]; then
    pass "the 404 page's stylesheet $css loads"
  else
    fail "the 404 page's stylesheet '$css' does not load"
  fi
  stop_nginx
}

check_prefix /handbook/
check_prefix /
echo "publish: $passed passed, $failed failed"
[ "$failed" = 0 ]
