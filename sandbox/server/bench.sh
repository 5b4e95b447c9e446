#!/usr/bin/env bash
# Benchmarks the sandbox server on loopback (not a test; nothing leaves 127.0.0.1):
#   1. builds the release binary;
#   2. start-up time: RUNS starts, each timed from spawn to the first stdout line;
#   3. throughput: with --rpm 0 --concurrency 0, one trunk and one mapped number,
#      GET list-phone-numbers for DURATION seconds over CONNECTIONS keep-alive
#      connections, counting 200 responses only.
# Load tool: oha or wrk if present; else wrk from apt-get; else oha from crates.io
# into ~/.cache/exotel-sip/tools.
#
# Usage: sandbox/server/bench.sh   (env: DURATION=10 CONNECTIONS=32 THREADS=2 RUNS=20)
set -euo pipefail

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
RUNS=${RUNS:-20}
OHA_VERSION=1.12.0
TOOLS="$HOME/.cache/exotel-sip/tools"
AUTH="Authorization: Basic c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg=="
ACCOUNT=ameyo5m

cd "$(dirname "$0")/../.."
cargo build --release --quiet -p exotel-sip-sandbox-server
BIN="${CARGO_TARGET_DIR:-target}/release/exotel-sip-sandbox"
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Starts the server with "$@"; sets server_pid and url, reading the first line.
start_server() {
    mkfifo "$work/out"
    "$BIN" --port 0 "$@" >"$work/out" 2>/dev/null &
    server_pid=$!
    exec 3<"$work/out"
    rm -f "$work/out"
    local line
    read -r line <&3
    url=${line#listening on }
}

stop_server() {
    kill -TERM "$server_pid"
    local rc=0
    wait "$server_pid" || rc=$?
    server_pid=
    exec 3<&-
    return "$rc"
}

# --- start-up time -----------------------------------------------------------
echo "== start-up: $RUNS runs, spawn to first line"
times=()
for _ in $(seq "$RUNS"); do
    t0=$EPOCHREALTIME
    start_server
    t1=$EPOCHREALTIME
    stop_server
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
done
printf '%s\n' "${times[@]}" | sort -n | awk '
    { v[NR] = $1; sum += $1 }
    END { printf "start-up ms: min %.2f  median %.2f  mean %.2f  max %.2f\n", v[1], v[int((NR + 1) / 2)], sum / NR, v[NR] }'

# --- throughput ----------------------------------------------------------------
pick_tool() {
    if command -v oha >/dev/null; then echo oha; return; fi
    if [ -x "$TOOLS/bin/oha" ]; then echo "$TOOLS/bin/oha"; return; fi
    if command -v wrk >/dev/null; then echo wrk; return; fi
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] \
        && { apt-get install -y -qq wrk >/dev/null 2>&1 \
             || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }; }; then
        echo wrk; return
    fi
    cargo install oha --version "=$OHA_VERSION" --locked --root "$TOOLS" >&2
    echo "$TOOLS/bin/oha"
}
tool=$(pick_tool)

start_server --rpm 0 --concurrency 0
trunk=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"trunk_name":"bench","nso_code":"ANY-ANY","domain_name":"'"$ACCOUNT"'.pstn.exotel.com"}' \
    "$url/v2/accounts/$ACCOUNT/trunks")
sid=$(printf '%s' "$trunk" | sed -n 's/.*"trunk_sid":"\([^"]*\)".*/\1/p')
[ -n "$sid" ] || { echo "could not create a trunk: $trunk" >&2; exit 1; }
numbers="$url/v2/accounts/$ACCOUNT/trunks/$sid/phone-numbers"
curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d '{"phone_number":"+918030752400"}' "$numbers" >/dev/null
check=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$numbers")
[ "$check" = 200 ] || { echo "GET $numbers answered $check" >&2; exit 1; }

echo "== throughput: GET .../phone-numbers, ${DURATION}s, $CONNECTIONS connections, $(basename "$tool")"
case "$(basename "$tool")" in
wrk)
    cat >"$work/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; other = 0 end
function response(status, headers, body)
    if status == 200 then ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
    local total_ok, total_other = 0, 0
    for _, t in ipairs(threads) do
        total_ok = total_ok + t:get("ok")
        total_other = total_other + t:get("other")
    end
    local seconds = summary.duration / 1e6
    io.write(string.format("200 responses: %d in %.2fs = %.0f req/s (other statuses: %d, socket errors: %d)\n",
        total_ok, seconds, total_ok / seconds, total_other,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    io.write(string.format("latency: mean %.0fus, p50 %dus, p99 %dus\n",
        latency.mean, latency:percentile(50), latency:percentile(99)))
end
LUA
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" -H "$AUTH" -s "$work/count.lua" "$numbers"
    ;;
*)
    if "$tool" --help | grep -q -- '--output-format'; then fmt=(--output-format json); else fmt=(-j); fi
    "$tool" --no-tui -z "${DURATION}s" -c "$CONNECTIONS" -H "$AUTH" "${fmt[@]}" "$numbers" >"$work/oha.json"
    python3 - "$work/oha.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ok = r.get("statusCodeDistribution", {}).get("200", 0)
secs = r["summary"]["total"]
print(f"200 responses: {ok} in {secs:.2f}s = {ok / secs:.0f} req/s "
      f"(other statuses: {sum(r.get('statusCodeDistribution', {}).values()) - ok})")
PY
    ;;
esac

logged=$(curl -s "$url/__sandbox/requests" | grep -o '"seq"' | wc -l)
echo "request log holds $logged entries (capped at 10000)"
stop_server && echo "server exited 0"
