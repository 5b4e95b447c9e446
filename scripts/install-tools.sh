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
# The npm package's wasm rebuilds std for size with unstable options, so it uses a
# pinned toolchain with std's sources (bindings-js/scripts/build.sh; keep the two in step).
SIZE_TOOLCHAIN=1.95.0
rustup +"$SIZE_TOOLCHAIN" component list --installed 2>/dev/null | grep -q '^rust-src' \
  && rustup +"$SIZE_TOOLCHAIN" target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup toolchain install "$SIZE_TOOLCHAIN" --profile minimal \
    --component rust-src --target wasm32-unknown-unknown

# --- JavaScript package (bindings-js) ---
# wasm-bindgen-cli must equal the wasm-bindgen crate version exactly; installed
# without --locked (its lockfile wants a crate version the registry lacks).
WASM_BINDGEN_VERSION=0.2.130
if ! "$TOOLS/tools/bin/wasm-bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS/tools"
fi
# --- Fuzzing (fuzz/, `cargo xtask fuzz`): cargo-fuzz drives libFuzzer; the stable
# toolchain accepts its flags with RUSTC_BOOTSTRAP=1 (set by the xtask).
CARGO_FUZZ_VERSION=0.13.2
if ! "$TOOLS/tools/bin/cargo-fuzz" --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$TOOLS/tools"
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

# --- Python package (bindings-python) ---
# A venv for the build tools (maturin, ziglang; exact pins); the tests get a fresh venv per run.
PYVENV="$TOOLS/pyvenv"
if ! "$PYVENV/bin/maturin" --version 2>/dev/null | grep -qx "maturin 1.16.0" \
  || ! "$PYVENV/bin/python" -m ziglang version 2>/dev/null | grep -qx "0.17.1"; then
  python3 -m venv "$PYVENV"
  "$PYVENV/bin/pip" install -q --disable-pip-version-check -r "$(dirname "$0")/../bindings-python/requirements-build.txt"
fi

# --- The OpenAPI document's checkers (api/requirements.txt, exact pins) ---
APIVENV="$TOOLS/apivenv"
if ! cmp -s "$(dirname "$0")/../api/requirements.txt" "$APIVENV/requirements.txt" 2>/dev/null; then
  rm -rf "$APIVENV"
  python3 -m venv "$APIVENV"
  "$APIVENV/bin/pip" install -q --disable-pip-version-check -r "$(dirname "$0")/../api/requirements.txt"
  cp "$(dirname "$0")/../api/requirements.txt" "$APIVENV/requirements.txt"
fi

# --- Kotlin compiler + JNA: CI compiles the UniFFI Kotlin bindings from the same library ---
# No Gradle or Maven Central here: kotlinc, kotlin-stdlib and coroutines come from the
# `kotlin-compiler` npm package; JNA from Debian.
KOTLIN_VERSION=2.4.20
if [ ! -x "$TOOLS/kotlin-$KOTLIN_VERSION/bin/kotlinc" ]; then
  kt_tmp="$(mktemp -d)"
  (cd "$kt_tmp" && npm pack -q "kotlin-compiler@$KOTLIN_VERSION" >/dev/null && tar xzf kotlin-compiler-*.tgz)
  rm -rf "$TOOLS/kotlin-$KOTLIN_VERSION"
  mv "$kt_tmp/package" "$TOOLS/kotlin-$KOTLIN_VERSION"
  chmod +x "$TOOLS/kotlin-$KOTLIN_VERSION/bin/"*
  rm -rf "$kt_tmp"
fi
if [ ! -f /usr/share/java/jna.jar ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q libjna-java
fi

echo "tools ready in $TOOLS"
