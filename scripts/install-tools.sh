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
echo "tools ready in $TOOLS"
