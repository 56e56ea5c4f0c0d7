# shellcheck shell=bash
# Shared environment for the .ci scripts; source it, don't run it.
#
# Puts the project's build tools on PATH (cargo's bin folder and the npm
# `binaryen` package that provides wasm-opt) and defines PORTAL_ROOT.
# Sourcing it is safe in any shell: it changes no shell options.

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PORTAL_ROOT

# Where setup.sh installs tools that are not Rust crates (wasm-opt).
export PORTAL_TOOLS_DIR="${PORTAL_TOOLS_DIR:-$HOME/.cache/portal-tools}"

# Prepend a directory to PATH once.
portal_path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
}

portal_path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
portal_path_prepend "$PORTAL_TOOLS_DIR/node_modules/.bin"
export PATH

# Playwright must use the system Chromium; it never downloads browsers here.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Print a banner that makes each step easy to find in a long log.
portal_banner() {
  printf '\n==> %s\n' "$*"
}

# Print a TCP port on 127.0.0.1 that is free right now.
portal_free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
