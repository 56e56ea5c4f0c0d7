#!/usr/bin/env bash
# Installs everything the portal needs to build, run and test, skipping what
# is already present, so it is cheap to run before every serve or test.
#
#   Rust:   wasm32 target, rustfmt, clippy, cargo-leptos, wasm-bindgen-cli
#   npm:    binaryen (wasm-opt) into $PORTAL_TOOLS_DIR, end2end/ dependencies
#   Debian: chromium, postgresql, python3-aiosmtpd
#
# The tools land on PATH through .ci/env.sh, which serve.sh and test.sh source.
set -euo pipefail

# shellcheck source=SCRIPTDIR/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORTAL_ROOT"

# cargo-leptos 0.3.11 needs a newer rustc than the project supports.
CARGO_LEPTOS_VERSION=0.3.10
# binaryen from npm: Debian's is too old for the wasm that rustc emits.
BINARYEN_VERSION=132.0.0
APT_PACKAGES=(chromium postgresql python3-aiosmtpd)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
fi

say() {
  printf 'setup: %s\n' "$*"
}

die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)" != installed ]; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return
  fi
  say "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

require_node() {
  command -v npm >/dev/null || die "Node.js 20 or newer with npm is required (https://nodejs.org)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js 20 or newer is required (found $(node --version))"
}

rust_target_and_components() {
  command -v rustup >/dev/null || die "rustup is required (https://rustup.rs)"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local installed component
  installed="$(rustup component list --installed)"
  for component in rustfmt clippy; do
    if ! grep -q "^$component" <<<"$installed"; then
      say "adding the $component component"
      rustup component add "$component"
    fi
  done
}

cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $CARGO_LEPTOS_VERSION"; then
    return
  fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes on 2 cores, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
}

# The wasm-bindgen CLI must match the wasm-bindgen crate exactly; Cargo.lock
# is the truth, Cargo.toml's `=` pin the fallback before a lock file exists.
wasm_bindgen_version() {
  local version=""
  if [ -f Cargo.lock ]; then
    version="$(awk '
      $0 == "name = \"wasm-bindgen\"" { found = 1; next }
      found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock)"
  fi
  if [ -z "$version" ]; then
    version="$(sed -nE 's/^wasm-bindgen *= *\{[^}]*version *= *"=?([0-9][^"]*)".*/\1/p' Cargo.toml | head -n 1)"
  fi
  [ -n "$version" ] || die "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
  printf '%s\n' "$version"
}

wasm_bindgen_cli() {
  local version
  version="$(wasm_bindgen_version)"
  if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
    return
  fi
  say "installing wasm-bindgen-cli $version (about 3 minutes)"
  # Not --locked: the CLI's own lock file pins a yanked crate.
  cargo install wasm-bindgen-cli --version "$version"
}

wasm_opt() {
  local bin="$PORTAL_TOOLS_DIR/node_modules/.bin/wasm-opt"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    return
  fi
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION) into $PORTAL_TOOLS_DIR"
  mkdir -p "$PORTAL_TOOLS_DIR"
  npm install --prefix "$PORTAL_TOOLS_DIR" --no-fund --no-audit "binaryen@$BINARYEN_VERSION"
}

# `npm ci` only when node_modules is missing or the lock file (or Node) changed.
end2end_packages() {
  local dir="$PORTAL_ROOT/end2end"
  [ -f "$dir/package-lock.json" ] || die "end2end/package-lock.json is missing"
  local stamp="$dir/node_modules/.portal-lock-stamp" want
  want="$(cat "$dir/package-lock.json" <(node --version) | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  say "installing end2end npm packages"
  (cd "$dir" && npm ci --no-fund --no-audit)
  printf '%s\n' "$want" >"$stamp"
}

apt_packages
require_node
rust_target_and_components
cargo_leptos
wasm_bindgen_cli
wasm_opt
end2end_packages
say "ready"
