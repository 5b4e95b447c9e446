#!/usr/bin/env bash
# The Kotlin/JVM package's pipeline (scripts/test.sh runs it), no Gradle:
# UniFFI library (debug) -> generated Kotlin bindings -> kotlinc (bindings + the
# com.exotelsip layer) -> a jar carrying linux-x86-64/libexotel_sip_ffi.so and its POM
# -> tests (Kotlin + Java, JUnit 5 console launcher) against the sandbox server ->
# the examples -> the benchmark (figures only). Prints `kotlin: N passed, M failed`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
TOOLS="${EXOTEL_SIP_TOOLS:-$HOME/.cache/exotel-sip}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/exotel-sip/target}"
BUILD="${EXOTEL_SIP_KOTLIN_BUILD:-$CARGO_TARGET_DIR/kotlin}"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"

KOTLINC="$(ls "$TOOLS"/kotlin-*/bin/kotlinc 2>/dev/null | sort -V | tail -1 || true)"
[ -n "$KOTLINC" ] || { echo "kotlinc missing: scripts/install-tools.sh installs it" >&2; exit 1; }
KLIB="$(cd "$(dirname "$KOTLINC")/../lib" && pwd)"
STDLIB="$KLIB/kotlin-stdlib.jar"
COROUTINES="$(ls "$KLIB"/kotlinx-coroutines-core-jvm*.jar | head -1)"
JNA=/usr/share/java/jna.jar
JUNIT=/usr/share/java/junit-platform-console-standalone.jar
if [ ! -f "$JUNIT" ] || [ ! -f "$JNA" ]; then
  echo "-- apt-get install junit5 libjna-java (JUnit 5 console launcher, JNA)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q junit5 libjna-java >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null; $SUDO apt-get install -y -q junit5 libjna-java >/dev/null; }
fi

rm -rf "$BUILD"
mkdir -p "$BUILD"/{gen,classes,test-classes,jar/linux-x86-64,reports,examples}

echo "-- UniFFI library (debug) and the sandbox server"
cargo build -p exotel-sip-ffi -p exotel-sip-sandbox-server --locked -q
SO="$CARGO_TARGET_DIR/debug/libexotel_sip_ffi.so"
export EXOTEL_SIP_SANDBOX_BIN="$CARGO_TARGET_DIR/debug/exotel-sip-sandbox"
export EXOTEL_SIP_VECTORS="$ROOT/tests/vectors"

echo "-- Kotlin bindings (com.exotelsip.ffi, com.exotelsip.ffi.core)"
cargo run -q --locked --bin uniffi-bindgen -- generate --library "$SO" --language kotlin \
  --out-dir "$BUILD/gen" --config "$ROOT/uniffi.toml" --no-format >/dev/null

echo "-- kotlinc: bindings + com.exotelsip"
CP="$JNA:$COROUTINES"
"$KOTLINC" -nowarn -jvm-target 17 -java-parameters -cp "$CP" -d "$BUILD/classes" \
  $(find "$BUILD/gen" -name '*.kt') $(find bindings-kotlin/src/main/kotlin -name '*.kt') 2>&1 | grep -v '^warning' || true
[ -f "$BUILD/classes/com/exotelsip/ExotelClient.class" ] || { echo "kotlinc failed" >&2; exit 1; }

echo "-- jar (native library inside, POM)"
JAR="$BUILD/exotel-sip-$VERSION.jar"
cp "$SO" "$BUILD/jar/linux-x86-64/libexotel_sip_ffi.so"
POMDIR="$BUILD/jar/META-INF/maven/com.exotelsip/exotel-sip"
mkdir -p "$POMDIR"
sed "s/@VERSION@/$VERSION/" bindings-kotlin/pom.xml >"$POMDIR/pom.xml"
cp "$POMDIR/pom.xml" "$BUILD/exotel-sip-$VERSION.pom"
cp -r "$BUILD/classes/." "$BUILD/jar/"
(cd "$BUILD/jar" && jar --create --file "$JAR" .)
listing="$(unzip -l "$JAR")"
for f in linux-x86-64/libexotel_sip_ffi.so META-INF/maven/com.exotelsip/exotel-sip/pom.xml \
  com/exotelsip/ExotelClient.class com/exotelsip/ffi/AsyncExotelClient.class; do
  grep -q " $f\$" <<<"$listing" || { echo "$f missing from the jar" >&2; exit 1; }
done
printf 'jar: %s (%s bytes, debug native library)\n' "$(basename "$JAR")" "$(wc -c <"$JAR")"

echo "-- tests: kotlinc + javac, JUnit 5 console launcher (JNA loads the library from the jar)"
RUNCP="$JAR:$JNA:$STDLIB:$COROUTINES"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$RUNCP:$JUNIT" -d "$BUILD/test-classes" \
  $(find bindings-kotlin/src/test/kotlin -name '*.kt') 2>&1 | grep -v '^warning' || true
[ -f "$BUILD/test-classes/com/exotelsip/SandboxTest.class" ] || { echo "kotlinc (tests) failed" >&2; exit 1; }
javac -d "$BUILD/test-classes" -cp "$RUNCP:$JUNIT:$BUILD/test-classes" $(find bindings-kotlin/src/test/java -name '*.java')
set +e
java -jar "$JUNIT" --disable-banner --details=summary --fail-if-no-tests \
  -cp "$RUNCP:$BUILD/test-classes" --scan-classpath "$BUILD/test-classes" \
  --reports-dir "$BUILD/reports" >"$BUILD/junit.log" 2>&1
rc=$?
set -e
passed="$(sed -n 's/.*\[ *\([0-9]*\) tests successful *\].*/\1/p' "$BUILD/junit.log" | tail -1)"
failed="$(sed -n 's/.*\[ *\([0-9]*\) tests failed *\].*/\1/p' "$BUILD/junit.log" | tail -1)"
if [ "$rc" -ne 0 ]; then
  grep -E 'MethodSource|=>|✘|Exception|expected' "$BUILD/junit.log" | head -60 >&2 || true
  tail -30 "$BUILD/junit.log" >&2
fi
echo "kotlin: ${passed:-0} passed, ${failed:-?} failed"
[ "$rc" -eq 0 ] && [ "${failed:-1}" -eq 0 ] || exit 1
# 391 vectors + the sandbox, resilience and Java tests: fewer means tests went missing.
[ "${passed:-0}" -ge 430 ] || { echo "expected at least 430 passing Kotlin tests" >&2; exit 1; }

echo "-- examples/kotlin against the sandbox server (EXOTEL_* point at it), then the benchmark (figures only)"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$RUNCP" -d "$BUILD/examples" examples/kotlin/*.kt 2>&1 | grep -v '^warning' || true
[ -f "$BUILD/examples/Quickstart.class" ] || { echo "kotlinc (examples) failed" >&2; exit 1; }
"$EXOTEL_SIP_SANDBOX_BIN" --port 0 --rpm 0 --concurrency 0 >"$BUILD/sandbox.out" 2>/dev/null &
SANDBOX_PID=$!
trap 'kill "$SANDBOX_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^listening on ' "$BUILD/sandbox.out" && break; sleep 0.05; done
export EXOTEL_BASE_URL="$(sed -n 's/^listening on //p' "$BUILD/sandbox.out" | head -1)"
export EXOTEL_API_KEY=sandbox_key EXOTEL_API_TOKEN=sandbox_token EXOTEL_ACCOUNT_SID=ameyo5m
out="$(java -cp "$RUNCP:$BUILD/examples" Quickstart)"
printf '%s\n' "$out"
grep -q '^PSTN setup done' <<<"$out" && grep -q '^StreamKit setup done' <<<"$out" \
  || { echo "Quickstart.kt did not print both 'setup done' lines" >&2; exit 1; }
java -cp "$RUNCP:$BUILD/examples" Benchmark 300 || echo "benchmark failed (figures only, not a test)" >&2
kill "$SANDBOX_PID" 2>/dev/null || true
wait "$SANDBOX_PID" 2>/dev/null || true
trap - EXIT
echo "examples ran"
echo "kotlin: ${passed} passed, 0 failed"
