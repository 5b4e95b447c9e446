#!/usr/bin/env bash
# The Python package's pipeline (scripts/test.sh runs it): build the wheel, generate
# (and, when kotlinc is installed, compile) the Kotlin bindings from the same
# library, install the wheel into a fresh venv, run pytest there, mypy --strict on
# the typed example, every example, and the benchmark script (figures only).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
TOOLS="${EXOTEL_SIP_TOOLS:-$HOME/.cache/exotel-sip}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/exotel-sip/target}"
BUILD_VENV="$TOOLS/pyvenv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "-- wheel (release)"
OUT="$CARGO_TARGET_DIR/wheels"
rm -rf "$OUT"
# zig links against glibc 2.17: one manylinux2014 wheel per platform (py3-none: ctypes
# bindings need no per-version build). maturin finds zig through the venv's PATH.
(cd bindings-python && PATH="$BUILD_VENV/bin:$PATH" "$BUILD_VENV/bin/maturin" build --release --locked \
  --zig --compatibility manylinux2014 -o "$OUT" 2>&1 | grep -E '📦|warning|error' || true)
WHEEL="$(ls "$OUT"/exotel_sip-*.whl)"
printf 'wheel: %s (%s bytes unstripped)\n' "$(basename "$WHEEL")" "$(wc -c <"$WHEEL")"
listing="$(unzip -l "$WHEEL")"
for f in exotel_sip/py.typed exotel_sip/__init__.py exotel_sip/_native/exotel_sip_ffi.py \
  exotel_sip/_native/exotel_sip_core.py exotel_sip/_native/libexotel_sip_ffi.so; do
  grep -q " $f\$" <<<"$listing" || { echo "$f missing from the wheel" >&2; exit 1; }
done

echo "-- Kotlin bindings from the wheel's library (before stripping)"
mkdir -p "$WORK/lib" "$WORK/kt"
unzip -q -o -j "$WHEEL" 'exotel_sip/_native/libexotel_sip_ffi.so' -d "$WORK/lib"
cargo run -q --locked --bin uniffi-bindgen -- generate --library "$WORK/lib/libexotel_sip_ffi.so" \
  --language kotlin --out-dir "$WORK/kt" --config "$ROOT/uniffi.toml" --no-format >/dev/null
for f in com/exotelsip/ffi/exotel_sip_ffi.kt com/exotelsip/ffi/core/exotel_sip_core.kt; do
  [ -s "$WORK/kt/$f" ] || { echo "kotlin binding $f not generated" >&2; exit 1; }
done
KOTLINC="$(command -v kotlinc || true)"
[ -n "$KOTLINC" ] || KOTLINC="$(ls "$TOOLS"/kotlin*/bin/kotlinc "$TOOLS"/tools/kotlin*/bin/kotlinc 2>/dev/null | head -1 || true)"
if [ -n "$KOTLINC" ] && [ -f /usr/share/java/jna.jar ]; then
  KLIB="$(dirname "$KOTLINC")/../lib"
  CP="/usr/share/java/jna.jar:$(ls "$KLIB"/kotlinx-coroutines-core-jvm*.jar 2>/dev/null | head -1)"
  if ! "$KOTLINC" -nowarn -cp "$CP" -d "$WORK/kt.jar" $(find "$WORK/kt" -name '*.kt') >"$WORK/kotlinc.log" 2>&1; then
    tail -20 "$WORK/kotlinc.log" >&2
    echo "the generated Kotlin bindings do not compile" >&2
    exit 1
  fi
  echo "kotlin bindings compiled ($(du -k "$WORK/kt.jar" | cut -f1) KB jar)"
else
  echo "kotlinc or JNA missing: scripts/install-tools.sh installs both" >&2
  exit 1
fi

echo "-- strip the wheel's library (UniFFI metadata was read by both generators already; pitfall 4)"
python3 bindings-python/scripts/strip_wheel.py "$WHEEL"
printf 'stripped wheel: %s bytes\n' "$(wc -c <"$WHEEL")"

echo "-- fresh venv: pip install the wheel"
python3 -m venv "$WORK/venv"
PY="$WORK/venv/bin/python"
"$PY" -m pip install -q --disable-pip-version-check "$WHEEL" -r bindings-python/requirements-test.txt

echo "-- pytest (from outside the source tree: the installed package is tested)"
cargo build -p exotel-sip-sandbox-server --locked -q
export EXOTEL_SIP_SANDBOX_BIN="$CARGO_TARGET_DIR/debug/exotel-sip-sandbox"
export EXOTEL_SIP_VECTORS="$ROOT/tests/vectors"
(cd "$WORK" && "$PY" -m pytest "$ROOT/bindings-python/tests" -q -p no:cacheprovider \
  --junitxml="$WORK/junit.xml" -o junit_family=xunit2)
"$PY" - "$WORK/junit.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
passed = tests - failures - errors - skipped
print(f"python tests: {passed} passed, {skipped} skipped, {failures + errors} failed")
if failures or errors or passed < 450 or skipped:
    sys.exit("expected at least 450 passing Python tests and none skipped")
EOF

echo "-- mypy --strict on the typed example"
(cd "$WORK" && "$WORK/venv/bin/mypy" --strict --cache-dir "$WORK/mypy" "$ROOT/examples/python/typed_usage.py")

echo "-- examples (against the sandbox, from Python)"
for example in examples/python/*.py; do
  case "$example" in */benchmark.py) continue ;; esac
  out="$(cd "$WORK" && "$PY" "$ROOT/$example" 2>/dev/null)"
  printf '%s: %s\n' "$(basename "$example")" "$(tail -1 <<<"$out")"
done
(cd "$WORK" && "$PY" "$ROOT/examples/python/quickstart.py") | grep -q '^PSTN setup done' \
  || { echo "quickstart.py did not finish" >&2; exit 1; }
(cd "$WORK" && "$PY" "$ROOT/examples/python/streamkit_async.py") | grep -q '^StreamKit setup done' \
  || { echo "streamkit_async.py did not finish" >&2; exit 1; }

echo "-- the package README's quick start, as written, in the fresh venv"
"$PY" - "$ROOT/bindings-python/README.md" "$WORK/readme_quickstart.py" <<'PYEOF'
import re, sys
section = open(sys.argv[1]).read().split("## Quick start", 1)[1]
code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
open(sys.argv[2], "w").write(code)
PYEOF
(cd "$WORK" && "$PY" readme_quickstart.py) | grep -q '^PSTN setup done' \
  || { echo "the README quick start did not print 'PSTN setup done'" >&2; exit 1; }
echo "README quick start: PSTN setup done"

echo "-- benchmark (figures, not a timed test)"
(cd "$WORK" && "$PY" "$ROOT/examples/python/benchmark.py")
