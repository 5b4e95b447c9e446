#!/usr/bin/env bash
# The JavaScript suite: npm ci, the wasm build with its size gate, tsc on the
# declarations, the Node and browser tests, and the packed tarball's check.
# Needs the sandbox server binary (built by scripts/test.sh, or `cargo build -p exotel-sip-sandbox-server`).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
bash scripts/build.sh
node_modules/.bin/tsc --noEmit --strict -p test/types/tsconfig.json
node --test test/node/
node --test test/browser/
node scripts/pack-check.mjs
