#!/usr/bin/env bash
# The main job: set up a PSTN and a StreamKit trunk against the embedded sandbox.
# The sandbox (issue "The local Exotel") and the CLI that drives it land next;
# until then this prints what exists.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "exotel-sip demo: the PSTN + StreamKit setup arrives with the sandbox and the CLI."
echo "Today the core is here: every endpoint's builder, validator and parser."
echo "Run 'bash scripts/test.sh' to replay the shared vectors in Rust."
