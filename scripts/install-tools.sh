#!/usr/bin/env bash
# Installs every tool the test suites need, idempotently, into caches under
# $HOME/.cache/exotel-sip (a fresh machine gets everything; a warm one skips).
set -euo pipefail
TOOLS="${EXOTEL_SIP_TOOLS:-$HOME/.cache/exotel-sip}"
mkdir -p "$TOOLS"

have_target() { rustup target list --installed 2>/dev/null | grep -qx "$1"; }
have_target wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

# --- JavaScript package (bindings-js) ---
# wasm-bindgen-cli must equal the wasm-bindgen crate version exactly; installed
# without --locked (its lockfile wants a crate version the registry lacks).
WASM_BINDGEN_VERSION=0.2.130
if ! "$TOOLS/tools/bin/wasm-bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS/tools"
fi
# Headless Chromium for the browser test (driven by playwright-core from npm).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium
fi
# wasm-opt (binaryen), esbuild, typescript and playwright-core are the npm
# package's pinned dev dependencies: scripts/test.sh runs `npm ci` in bindings-js.

echo "tools ready in $TOOLS"
