#!/usr/bin/env bash
# Installs what the tests need, then runs every test suite. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tests never talk to a real account: no credentials leak in from the environment.
for var in $(env | grep -o '^EXOTEL_[A-Z_]*' || true); do unset "$var"; done
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/exotel-sip/target}"
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s\n' "$*"; }

step "install tools"
bash scripts/install-tools.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "generated code: every file derived from the catalog is current (cargo xtask codegen)"
cargo xtask codegen
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git diff --exit-code -- api core/src/client.rs bindings-python bindings-js bindings-kotlin README.md \
    || { echo "generated files differ from the catalog: run cargo xtask codegen and commit" >&2; exit 1; }
fi

step "OpenAPI document: openapi-spec-validator, schemathesis against the sandbox"
bash scripts/check-openapi.sh

step "rust tests (vectors, property tests, client, native transport, sandbox, CLI)"
cargo test --workspace --locked

step "fuzz smoke: every target for about a minute (fixed runs and seed) from its committed seeds"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
cargo xtask fuzz --smoke --corpus "$(mktemp -d)"

step "the README's first command: bash scripts/demo.sh (embedded sandbox, no credentials)"
demo_out="$(bash scripts/demo.sh)"
printf '%s\n' "$demo_out"
if ! grep -q '^PSTN setup done' <<<"$demo_out" || ! grep -q '^StreamKit setup done' <<<"$demo_out"; then
  echo "the demo did not print both 'setup done' lines" >&2
  exit 1
fi

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked -q

step "core and sandbox handler on wasm32 (size)"
cargo build -p exotel-sip -p exotel-sip-sandbox --target wasm32-unknown-unknown --locked -q
cargo build -p exotel-sip-size-probe --target wasm32-unknown-unknown \
  --profile wasm-release --locked -q
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/exotel_sip_size_probe.wasm"
printf 'core wasm (every operation linked, before wasm-opt): %s bytes raw, %s bytes gzip\n' \
  "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)"

step "UniFFI library and generated names"
cargo build -p exotel-sip-ffi --locked -q
python3 scripts/check_bindgen_names.py "$CARGO_TARGET_DIR/debug/libexotel_sip_ffi.so"

step "javascript: npm package (wasm build, sizes, tsc, node tests, browser test, npm pack)"
# The sandbox server binary the flows run against (built by the Rust tests already).
cargo build -p exotel-sip-sandbox-server --locked -q
bash bindings-js/scripts/ci.sh

step "python: wheel, Kotlin bindings from the same library, pytest in a fresh venv, mypy, examples, benchmark"
bash bindings-python/scripts/ci.sh

# --- Kotlin/JVM (issue #8): kept as one block; bindings-kotlin/scripts/ci.sh owns the details ---
step "kotlin: jar with the native library inside, JUnit 5 tests (Kotlin + Java) against the sandbox, examples"
bash bindings-kotlin/scripts/ci.sh
# --- end Kotlin/JVM ---

step "all suites passed"
