#!/usr/bin/env bash
# The main job: set up a PSTN trunk and a StreamKit trunk step by step, then list
# them, on a sandbox the CLI starts in-process on 127.0.0.1 (no credentials, no
# network). Extra arguments go to `exotel-sip demo`, e.g. --json, or
# --live (a real account: needs EXOTEL_* credentials, changes nothing without --yes).
set -euo pipefail
cd "$(dirname "$0")/.."
# Same build cache as scripts/test.sh (and CI).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/exotel-sip/target}"
if [ ! -x "$CARGO_TARGET_DIR/release/exotel-sip" ]; then
  echo "building the exotel-sip CLI (release; the first build takes a few minutes)..." >&2
fi
exec cargo run -q --release --locked -p exotel-sip-cli -- demo "$@"
