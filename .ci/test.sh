#!/usr/bin/env bash
# Runs every check the project has, stopping at the first failure:
#   formatting, clippy (server and browser builds), the Rust tests on SQLite
#   and on a throwaway PostgreSQL server, then the Playwright suite against a
#   freshly built server with a brand-new SQLite database.
# Honours CARGO_TARGET_DIR. Nothing it starts outlives it, and it never touches
# the development database portal.db.
set -euo pipefail

# shellcheck source=SCRIPTDIR/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORTAL_ROOT"

STEPS=8
STARTED=$SECONDS

STEP_STARTED=$SECONDS
step() {
  if [ "$1" -gt 1 ]; then
    printf '(step took %ds)\n' "$((SECONDS - STEP_STARTED))"
  fi
  STEP_STARTED=$SECONDS
  portal_banner "[$1/$STEPS] $2"
}

die() {
  printf 'test: error: %s\n' "$*" >&2
  exit 1
}

# --- cleanup -----------------------------------------------------------------

PG_BIN=""
PG_DATA=""
TMP_DIRS=()

cleanup() {
  stop_postgres
  local dir
  for dir in "${TMP_DIRS[@]}"; do
    rm -rf "$dir"
  done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL --------------------------------------------------------------

# PostgreSQL refuses to run as root, so root runs it as the `postgres` user
# that Debian's package creates.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_pg_bin() {
  local initdbs=(/usr/lib/postgresql/*/bin/initdb)
  [ -x "${initdbs[0]}" ] || die "PostgreSQL is not installed (run .ci/setup.sh)"
  dirname "$(printf '%s\n' "${initdbs[@]}" | sort -V | tail -n 1)"
}

# Starts a private server on a free port, listening on 127.0.0.1 only, with
# trust auth and the superuser `portal` (the Rust tests create one database
# per test). Sets PG_URL.
start_postgres() {
  PG_BIN="$(find_pg_bin)"
  local dir port
  dir="$(mktemp -d -t portal-pg.XXXXXX)"
  TMP_DIRS+=("$dir")
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
  fi

  if ! as_postgres "$PG_BIN/initdb" --pgdata="$dir/data" --username=portal --auth=trust \
    --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  port="$(portal_free_port)"
  PG_DATA="$dir/data"
  # Durability settings are off: the data dies with the server anyway.
  if ! as_postgres "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --log="$dir/server.log" --wait --timeout=60 \
    -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    cat "$dir/server.log" >&2
    die "PostgreSQL did not start"
  fi

  PG_URL="postgres://portal@127.0.0.1:$port/postgres"
  printf 'PostgreSQL %s on 127.0.0.1:%s (data in %s)\n' \
    "$("$PG_BIN/psql" "$PG_URL" -XAtqc 'show server_version')" "$port" "$dir"
}

stop_postgres() {
  if [ -n "$PG_DATA" ]; then
    as_postgres "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --mode=immediate --wait stop >/dev/null 2>&1 || true
    PG_DATA=""
  fi
}

# --- build output ------------------------------------------------------------

# Prints two lines: cargo's target directory and the site folder cargo-leptos
# writes (pkg/portal.<hash>.js, .wasm, .css). cargo-leptos 0.3 resolves site-root
# like this: LEPTOS_SITE_ROOT overrides Cargo.toml's site-root; a leading
# CARGO_TARGET_DIR stands for the target directory; any other relative path is
# relative to the project folder (so "target/site" stays in the project even
# when CARGO_TARGET_DIR points elsewhere).
build_locations() {
  cargo metadata --no-deps --format-version 1 | python3 -c '
import json, os, sys
meta = json.load(sys.stdin)
target = meta["target_directory"]
root = meta["workspace_root"]
pkg = next(p for p in meta["packages"] if p["name"] == "portal")
leptos = (pkg.get("metadata") or {}).get("leptos") or {}
site = os.environ.get("LEPTOS_SITE_ROOT") or leptos.get("site-root") or "CARGO_TARGET_DIR/site"
for marker in ("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"):
    if site == marker or site.startswith(marker + "/"):
        site = target + site[len(marker):]
        break
print(target)
print(os.path.join(root, site))
'
}

# --- steps -------------------------------------------------------------------

step 1 "Setup (installs what is missing)"
"$PORTAL_ROOT/.ci/setup.sh"

step 2 "cargo fmt --check"
cargo fmt --check

step 3 "clippy, server build (ssr)"
cargo clippy --features ssr --all-targets -- -D warnings

step 4 "clippy, browser build (hydrate, wasm32)"
cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

step 5 "Rust tests on SQLite"
env -u TEST_DATABASE_URL cargo test --features ssr

step 6 "Rust tests on PostgreSQL"
start_postgres
TEST_DATABASE_URL="$PG_URL" cargo test --features ssr
stop_postgres

# The browser side exactly as deployed: the release WebAssembly with
# content-hashed names, gzip and brotli copies. Playwright runs against it and
# checks the page-weight budgets on it. The server is the release build with
# the portal crate itself left unoptimized: optimizing it takes minutes and
# changes nothing a browser test sees (benches/http measure the optimized one).
step 7 "Build the app (cargo leptos build --release --precompress --split)"
cargo leptos build --release --precompress --split \
  --bin-cargo-args=--config=profile.release.package.portal.opt-level=0
LOCATIONS="$(build_locations)"
TARGET_DIR="$(sed -n 1p <<<"$LOCATIONS")"
SITE_DIR="$(sed -n 2p <<<"$LOCATIONS")"
SERVER_BIN="$TARGET_DIR/release/portal"
[ -x "$SERVER_BIN" ] || die "no server binary at $SERVER_BIN"
# The build names its hashed files in hash.txt beside the server.
WASM_HASH="$(awk '$1 == "wasm:" { print $2 }' "$TARGET_DIR/release/hash.txt" 2>/dev/null || true)"
[ -f "$SITE_DIR/pkg/portal.$WASM_HASH.wasm" ] ||
  die "cannot find the WebAssembly that cargo leptos build wrote (pkg/portal.$WASM_HASH.wasm in $SITE_DIR)"
printf 'server: %s\nsite:   %s\n' "$SERVER_BIN" "$SITE_DIR"

step 8 "Playwright end-to-end tests"
E2E_DIR="$(mktemp -d -t portal-e2e.XXXXXX)"
TMP_DIRS+=("$E2E_DIR")
# One portal per two cores (at most four), each with its own SQLite database
# and mail folder, and one Playwright worker for each (playwright.config.ts).
# One worker already keeps two cores busy (its portal and its browser): on
# two cores, two workers took as long as one (3.6 min, every test half as fast).
E2E_PORTALS=$(($(nproc) / 2))
E2E_PORTALS=$((E2E_PORTALS < 1 ? 1 : E2E_PORTALS > 4 ? 4 : E2E_PORTALS))
E2E_PORTS="$(python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(",".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()' "$E2E_PORTALS")"
printf 'Playwright: %s portal(s), one worker each (ports %s)\n' "$E2E_PORTALS" "$E2E_PORTS"
# playwright.config.ts starts PORTAL_BIN (in the project folder, where it
# reads Leptos.toml) once per port, and stops them after.
(
  cd end2end
  PORTAL_BIN="$SERVER_BIN" \
    PORTAL_E2E_PORTS="$E2E_PORTS" \
    PORTAL_E2E_DIR="$E2E_DIR" \
    LEPTOS_SITE_ROOT="$SITE_DIR" \
    PORTAL_BUILD=release \
    npx playwright test
)

printf '(step took %ds)\n' "$((SECONDS - STEP_STARTED))"
ELAPSED=$((SECONDS - STARTED))
portal_banner "All checks passed: fmt, clippy (ssr + hydrate), Rust tests (SQLite + PostgreSQL), Playwright — in $((ELAPSED / 60))m $((ELAPSED % 60))s"
