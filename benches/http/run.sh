#!/usr/bin/env bash
# HTTP benchmarks against a release build of the portal, with `wrk`:
#
#   keepalive  many requests on one kept-alive connection (the favicon, a
#              stylesheet, a server function call), against one request per
#              fresh connection
#   pages      Organization Details rendered by the server, against the same
#              bytes served as a static file by the same server, one request
#              per connection (`Connection: close`)
#   load       256 connections for 60 s of a mix of staff pages, portal pages,
#              server function calls and sign-ins (mix.lua), with the
#              server's peak resident memory
#   pageload   time to interactive of /login, a portal page and Organization
#              Details in Chromium, cold and warm cache, on loopback and on
#              emulated fast 4G (end2end/bench/page-load.spec.ts)
#
#   benches/http/run.sh [keepalive|pages|load|pageload|all]     (default: all)
#
# The server runs on a new SQLite database with the demo data, or on a new
# PostgreSQL database when BENCH_DATABASE_URL=postgres://USER@HOST/postgres is
# set (the database is created and dropped). BENCH_SECONDS (60) and
# BENCH_CONNECTIONS (256) change the load run; BENCH_NO_BUILD=1 skips the
# release build. Prints numbers only: nothing here fails on a slow machine.
set -euo pipefail

# shellcheck source=../../.ci/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../.ci/env.sh"
cd "$PORTAL_ROOT"

WHAT="${1:-all}"
SECONDS_LOAD="${BENCH_SECONDS:-60}"
CONNECTIONS="${BENCH_CONNECTIONS:-256}"
HERE="$PORTAL_ROOT/benches/http"

say() { printf '\n== %s\n' "$*"; }
die() {
  printf 'bench: error: %s\n' "$*" >&2
  exit 1
}

if ! command -v wrk >/dev/null; then
  say "installing wrk"
  SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk
fi

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  "$PORTAL_ROOT/.ci/setup.sh"
  say "release build (cargo leptos build --release --precompress --split)"
  cargo leptos build --release --precompress --split
fi

TARGET_DIR="$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
SERVER_BIN="$TARGET_DIR/release/portal"
SITE_DIR="${LEPTOS_SITE_ROOT:-$PORTAL_ROOT/target/site}"
[ -x "$SERVER_BIN" ] || die "no release server at $SERVER_BIN"

WORK="$(mktemp -d -t portal-bench.XXXXXX)"
SERVER_PID=""
PG_DB=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_DB" ]; then
    psql "$BENCH_DATABASE_URL" -XAtqc "drop database if exists $PG_DB with (force)" >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  PG_DB="portal_http_bench_$$"
  psql "$BENCH_DATABASE_URL" -XAtqc "create database $PG_DB" >/dev/null
  DATABASE_URL="${BENCH_DATABASE_URL%/*}/$PG_DB"
  DB_NAME="PostgreSQL $(psql "$BENCH_DATABASE_URL" -XAtqc 'show server_version')"
else
  DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
  DB_NAME="SQLite"
fi

PORT="$(portal_free_port)"
ORIGIN="http://127.0.0.1:$PORT"
say "starting the release server on $ORIGIN ($DB_NAME, demo data)"
PORTAL_DEMO_DATA=true \
  DATABASE_URL="$DATABASE_URL" \
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT="$SITE_DIR" \
  PORTAL_PUBLIC_URL="$ORIGIN" \
  PORTAL_MAIL_DIR="$WORK/mail" \
  RUST_LOG="${RUST_LOG:-warn}" \
  "$SERVER_BIN" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$ORIGIN/login" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || {
    cat "$WORK/server.log" >&2
    die "the server stopped"
  }
  sleep 0.2
done

# Signs in and prints the session cookie as `name=value`.
sign_in() {
  local jar="$WORK/jar.$1"
  curl -fsS -o /dev/null -c "$jar" -H "Origin: $ORIGIN" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" "$ORIGIN/api/login"
  awk '$6 ~ /portal_session$/ { print $6 "=" $7 }' "$jar"
}
STAFF_COOKIE="$(sign_in admin@example.com staff-demo-2026)"
CONTACT_COOKIE="$(sign_in lotrtest@test.com contact-demo-2026)"
[ -n "$STAFF_COOKIE" ] && [ -n "$CONTACT_COOKIE" ] || die "could not sign in the demo users"
ORG_ID=1
STYLESHEET="$(curl -fsS -H "Cookie: $STAFF_COOKIE" "$ORIGIN/admin" | grep -o '/pkg/[^"]*\.css' | head -n 1)"

rate() { awk '/^Requests\/sec/ { print $2 }'; }
latency() { awk '/^    Latency/ { print $2 }'; }

keepalive() {
  say "keep-alive: one connection, 10 s each"
  printf '%-34s %14s %12s\n' "request" "requests/s" "mean latency"
  local name url out
  for name in "favicon" "stylesheet" "server function"; do
    case "$name" in
      favicon) url="$ORIGIN/favicon.svg" ;;
      stylesheet) url="$ORIGIN$STYLESHEET" ;;
      *) url="" ;;
    esac
    if [ -n "$url" ]; then
      out="$(wrk -t1 -c1 -d10s "$url")"
    else
      out="$(wrk -t1 -c1 -d10s -s "$HERE/post.lua" "$ORIGIN/api/contacts/me" \
        -H "Cookie: $CONTACT_COOKIE" -H "Origin: $ORIGIN")"
    fi
    printf '%-34s %14s %12s\n' "$name, kept alive" "$(rate <<<"$out")" "$(latency <<<"$out")"
  done
  out="$(wrk -t1 -c1 -d10s -H 'Connection: close' "$ORIGIN/favicon.svg")"
  printf '%-34s %14s %12s\n' "favicon, new connection each" "$(rate <<<"$out")" "$(latency <<<"$out")"
}

pages() {
  say "Organization Details rendered vs the same bytes as a static file (Connection: close, 4 connections, 20 s each)"
  local page="/admin/customers/$ORG_ID"
  curl -fsS -H "Cookie: $STAFF_COOKIE" "$ORIGIN$page" >"$SITE_DIR/bench-organization-details.html"
  local bytes rendered static
  bytes="$(wc -c <"$SITE_DIR/bench-organization-details.html")"
  rendered="$(wrk -t2 -c4 -d20s -H 'Connection: close' -H "Cookie: $STAFF_COOKIE" "$ORIGIN$page" | rate)"
  static="$(wrk -t2 -c4 -d20s -H 'Connection: close' "$ORIGIN/bench-organization-details.html" | rate)"
  rm -f "$SITE_DIR/bench-organization-details.html"
  printf 'page size: %s bytes\nrendered: %s pages/s\nstatic:   %s files/s\nratio:    %s\n' \
    "$bytes" "$rendered" "$static" "$(python3 -c "print(round($rendered / $static, 2))")"
}

load() {
  say "load: $CONNECTIONS connections for $SECONDS_LOAD s, mix.lua ($DB_NAME)"
  STAFF_COOKIE="$STAFF_COOKIE" CONTACT_COOKIE="$CONTACT_COOKIE" ORG_ID="$ORG_ID" ORIGIN="$ORIGIN" \
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_LOAD}s" --timeout 10s -s "$HERE/mix.lua" "$ORIGIN" |
    grep -E '^(Requests/sec|answers|latency|  [0-9]+ requests)'
  printf 'server peak RSS: %s\n' "$(awk '/^VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$SERVER_PID/status")"
  if grep -E ' ERROR ' "$WORK/server.log" >/dev/null; then
    printf 'server ERROR lines: %s (first: %s)\n' "$(grep -c ' ERROR ' "$WORK/server.log")" \
      "$(grep -m1 ' ERROR ' "$WORK/server.log")"
  else
    printf 'server ERROR lines: 0\n'
  fi
}

pageload() {
  say "page load: time to interactive in Chromium (Playwright)"
  (cd "$PORTAL_ROOT/end2end" && PORTAL_URL="$ORIGIN" npx playwright test --config bench.config.ts) |
    sed -n '/time to interactive/,/^$/p'
}

case "$WHAT" in
  keepalive) keepalive ;;
  pages) pages ;;
  load) load ;;
  pageload) pageload ;;
  all)
    keepalive
    pages
    pageload
    load
    ;;
  *) die "unknown benchmark '$WHAT' (keepalive, pages, load, pageload or all)" ;;
esac
