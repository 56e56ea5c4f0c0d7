#!/usr/bin/env bash
# Runs the portal for local use: installs what is missing, then builds and
# serves it at http://127.0.0.1:3000 with the SQLite database portal.db in the
# project folder. An empty database gets the demo data on first start (see
# README): this script turns demo data on, which the server's own default
# leaves off. Extra arguments go to `cargo leptos serve` (e.g. --release).
# While editing, `cargo leptos watch --split` rebuilds and reloads on every change.
set -euo pipefail

# shellcheck source=SCRIPTDIR/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$PORTAL_ROOT/.ci/setup.sh"

cd "$PORTAL_ROOT"
portal_banner "Building and serving the portal at http://127.0.0.1:3000 (Ctrl-C stops it)"
export PORTAL_DEMO_DATA="${PORTAL_DEMO_DATA:-true}"
exec cargo leptos serve --split "$@"
