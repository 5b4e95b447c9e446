#!/usr/bin/env bash
# Builds the npm package into bindings-js/dist: both wasm modules (wasm-release
# profile), wasm-bindgen glue (ESM), wasm-opt -Oz --converge, the ESM sources, the CommonJS
# bundles (esbuild) and the type declarations. Prints raw and gzip sizes.
# Needs: the wasm32 target, wasm-bindgen-cli (exact crate version) and `npm ci` done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(cd .. && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
TOOLS="${EXOTEL_SIP_TOOLS:-$HOME/.cache/exotel-sip}/tools"
WASM_BINDGEN="${WASM_BINDGEN:-$TOOLS/bin/wasm-bindgen}"
BIN=node_modules/.bin

# std is rebuilt for this build with the size options of a pinned compiler
# (RUSTC_BOOTSTRAP=1 unlocks them, as for the fuzzers; the options are unstable, so
# the toolchain is named here and installed, with rust-src, by install-tools.sh).
# Measured on the main wasm, gzip: 90,173 B before, 81,094 B after.
# - panic=immediate-abort: a panic traps at once, with no formatting machinery
#   linked (panic=abort printed nothing on wasm32 either; the wrapper already
#   turns a trap into a clear error and a fresh instance);
# - optimize_for_size: std's smaller variants of its algorithms;
# - location-detail=none: no file names and lines kept for panics that cannot print.
SIZE_TOOLCHAIN="${EXOTEL_SIP_SIZE_TOOLCHAIN:-1.95.0}"
(cd "$ROOT" && RUSTC_BOOTSTRAP=1 RUSTUP_TOOLCHAIN="$SIZE_TOOLCHAIN" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
  cargo build -p exotel-sip-wasm -p exotel-sip-sandbox-wasm \
  --target wasm32-unknown-unknown --profile wasm-release --locked -q \
  -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)

rm -rf dist build/bindgen
mkdir -p dist build/bindgen
for crate in exotel_sip_wasm exotel_sip_sandbox_wasm; do
  "$WASM_BINDGEN" --target web --experimental-reset-state-function --no-typescript \
    --out-dir build/bindgen "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/$crate.wasm"
  # --converge: measured 128 B gzip off the main wasm (92,494 vs 92,622 B).
  "$BIN/wasm-opt" -Oz --converge --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "build/bindgen/${crate}_bg.wasm" -o "dist/${crate}_bg.wasm"
  cp "build/bindgen/$crate.js" "dist/$crate.js"
done
cp js/*.mjs dist/
cp types/*.d.ts dist/
# Each main entry is shipped as one minified module (glue + wrapper) with a
# source map: the browser's is what a page downloads, and Node loads less too.
"$BIN/esbuild" dist/browser.mjs --bundle --minify --format=esm --platform=browser --target=es2022 \
  --sourcemap --log-level=warning --allow-overwrite --outfile=dist/browser.mjs

# CommonJS: bundled from the Node ESM entries; `import.meta.url` becomes the
# bundle's own file URL, so the .cjs files load the same .wasm next to them.
cat > build/import-meta-url.js <<'JS'
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
JS
for entry in node:index testing-node:testing; do
  "$BIN/esbuild" "dist/${entry%%:*}.mjs" --bundle --minify --format=cjs --platform=node --target=node18 \
    --inject:build/import-meta-url.js --define:import.meta.url=importMetaUrl \
    --sourcemap --log-level=warning --outfile="dist/${entry##*:}.cjs"
done
# The Node ESM entry too (after the CommonJS bundles, which start from its source).
"$BIN/esbuild" dist/node.mjs --bundle --minify --format=esm --platform=node --target=node18 \
  --sourcemap --log-level=warning --allow-overwrite --outfile=dist/node.mjs
# The declarations are the same for require(): ship them as .d.cts too.
cp dist/index.d.ts dist/index.d.cts
sed "s#'./index.js'#'./index.cjs'#g" dist/testing.d.ts > dist/testing.d.cts

size() { printf '%s raw %7d B, gzip %6d B\n' "$1" "$(cat "${@:2}" | wc -c)" "$(cat "${@:2}" | gzip -9 | wc -c)"; }
echo "sizes (gzip -9 of each file, summed per entry):"
gz() { local t=0; for f in "$@"; do t=$((t + $(gzip -9c "$f" | wc -c))); done; echo "$t"; }
raw() { local t=0; for f in "$@"; do t=$((t + $(wc -c <"$f"))); done; echo "$t"; }
report() {
  local name="$1"; shift
  printf '  %-34s raw %7d B  gzip %6d B\n' "$name" "$(raw "$@")" "$(gz "$@")"
}
main_browser=(dist/exotel_sip_wasm_bg.wasm dist/browser.mjs)
report "main wasm" dist/exotel_sip_wasm_bg.wasm
report "main entry (browser: wasm + .mjs)" "${main_browser[@]}"
report "main entry (import in Node)" dist/exotel_sip_wasm_bg.wasm dist/node.mjs
report "main entry (require: wasm + .cjs)" dist/exotel_sip_wasm_bg.wasm dist/index.cjs
report "testing wasm" dist/exotel_sip_sandbox_wasm_bg.wasm
report "testing entry extra (browser)" dist/exotel_sip_sandbox_wasm_bg.wasm dist/exotel_sip_sandbox_wasm.js dist/testing.mjs dist/testing-browser.mjs dist/runtime.mjs dist/wasm-fetch.mjs
report "testing entry (require: all)" dist/exotel_sip_wasm_bg.wasm dist/exotel_sip_sandbox_wasm_bg.wasm dist/testing.cjs
# Budget of every main entry (wasm + glue + wrapper, gzip): hard limit 100 KB
# (counted as 100,000 B), goal 60 KB. Over the limit the build fails.
over=0
for entry in "dist/browser.mjs" "dist/node.mjs" "dist/index.cjs"; do
  size=$(gz dist/exotel_sip_wasm_bg.wasm "$entry")
  if [ "$size" -gt 100000 ]; then
    echo "main entry $entry is $size B gzip: OVER the 100 KB limit (goal 60 KB)" >&2
    over=1
  fi
done
[ "$over" = 0 ] || exit 1
