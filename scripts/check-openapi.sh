#!/usr/bin/env bash
# The OpenAPI document (api/openapi.json, generated from the core's catalog):
# validated by openapi-spec-validator, then schemathesis sends a bounded number of
# generated requests to the sandbox server on loopback and checks that none gets a
# 5xx and that every answer conforms to the document.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/exotel-sip/target}"
VENV="${EXOTEL_SIP_TOOLS:-$HOME/.cache/exotel-sip}/apivenv"
"$VENV/bin/openapi-spec-validator" api/openapi.json

cargo build -p exotel-sip-sandbox-server --locked -q
out="$(mktemp)"
"$CARGO_TARGET_DIR/debug/exotel-sip-sandbox" --port 0 --rpm 0 >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 50); do grep -q '^listening on' "$out" && break; sleep 0.1; done
url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -1)"
[ -n "$url" ] || { echo "the sandbox did not start" >&2; cat "$out" >&2; exit 1; }
# The served document is the committed one.
python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
  "$url/__sandbox/openapi.json" | cmp -s - api/openapi.json \
  || { echo "the sandbox serves another OpenAPI document" >&2; exit 1; }
"$VENV/bin/st" --config-file api/schemathesis.toml run api/openapi.json --url "$url" \
  -a sandbox_key:sandbox_token -c not_a_server_error,response_schema_conformance \
  -n 20 --generation-deterministic
