"""Benchmark (a script, not a timed test): import time, import + client + first call
on the in-process sandbox, per-call overhead of Client versus the same request
made by hand with http.client and json against the sandbox server, and the README
quick start and the PSTN + StreamKit setup with the default rate limits.

Uses the sandbox server binary when EXOTEL_SIP_SANDBOX_BIN names it, else the
sandbox served from Python (exotel_sip.testing.SandboxServer).
"""

import base64
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from typing import Any, Callable, List, Tuple

RUNS = 15
CALLS = 400


def in_subprocess(code: str) -> float:
    """Median milliseconds printed by `code` over RUNS fresh interpreters."""
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        samples.append(float(out.strip()))
    return statistics.median(samples)


IMPORT = "import time; t = time.perf_counter(); import exotel_sip; print((time.perf_counter() - t) * 1000)"
FIRST_CALL = (
    "import time; t = time.perf_counter()\n"
    "import exotel_sip\n"
    "from exotel_sip.testing import Sandbox\n"
    "client = Sandbox().client()\n"
    "client.create_trunk('bench')\n"
    "print((time.perf_counter() - t) * 1000)"
)
BASELINE = "import time; t = time.perf_counter(); print((time.perf_counter() - t) * 1000)"


def server() -> Tuple[str, Callable[[], None]]:
    binary = os.environ.get("EXOTEL_SIP_SANDBOX_BIN")
    if binary and os.path.isfile(binary):
        proc = subprocess.Popen(
            [binary, "--port", "0", "--rpm", "0", "--concurrency", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        assert proc.stdout is not None
        url = proc.stdout.readline().strip().split()[-1]
        return url + " (sandbox binary)", lambda: (proc.terminate(), proc.wait())  # type: ignore[func-returns-value]
    from exotel_sip.testing import Sandbox, SandboxServer

    srv = SandboxServer(Sandbox(rpm=0, concurrency=0))
    return srv.url + " (Python-served sandbox)", srv.close


def per_call(url: str) -> Tuple[float, float, float]:
    import exotel_sip
    from exotel_sip.testing import API_KEY, API_TOKEN, ACCOUNT_SID

    client = exotel_sip.Client(
        API_KEY, API_TOKEN, ACCOUNT_SID, base_url=url, rate_limit=exotel_sip.RateLimit.unlimited()
    )
    sid = client.create_trunk("bench").trunk_sid
    client.map_phone_number(sid, "+919876543210", mode="pstn")
    host, port = url.split("://")[1].split(":")
    path = f"/v2/accounts/{ACCOUNT_SID}/trunks/{sid}/phone-numbers"
    auth = "Basic " + base64.b64encode(f"{API_KEY}:{API_TOKEN}".encode()).decode()
    conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def by_hand() -> None:
        conn.request("GET", path, headers={"Authorization": auth, "Accept": "application/json"})
        resp = conn.getresponse()
        data = json.loads(resp.read())
        assert resp.status == 200 and data["response"][0]["data"]["phone_number"]

    def sdk() -> None:
        page = client._inner.phone_numbers_page(exotel_sip._client._core.ListQuery(trunk_sid=sid, offset=None, page_size=None), None)
        assert page.items[0].phone_number

    def measure(fn: Callable[[], None]) -> float:
        for _ in range(50):
            fn()
        rounds: List[float] = []
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(CALLS // 5):
                fn()
            rounds.append((time.perf_counter() - t) / (CALLS // 5) * 1e6)
        return min(rounds)

    hand, ffi = measure(by_hand), measure(sdk)
    # The public method (a lazy pager over the same call).
    pub = measure(lambda: next(iter(client.list_phone_numbers(sid).pages())))
    conn.close()
    client.close()
    return hand, ffi, pub


def setups(url: str) -> Tuple[float, float]:
    """Median ms of the README quick start (seven calls) and of the PSTN + StreamKit
    setup, each on a fresh client with the default limits (the governor on)."""
    import exotel_sip
    from exotel_sip.testing import API_KEY, API_TOKEN, ACCOUNT_SID

    def reset() -> None:
        urllib.request.urlopen(urllib.request.Request(url + "/__sandbox/reset", method="POST")).read()

    def quick_start(client: exotel_sip.Client) -> str:
        trunk = client.ensure_trunk("pbx_trunk")
        client.ensure_phone_number(trunk.trunk_sid, "+919876543210", mode="pstn")
        client.ensure_whitelisted_ip(trunk.trunk_sid, "203.0.113.10")
        client.ensure_destinations(trunk.trunk_sid, ["203.0.113.10:5061;transport=tls"])
        client.set_caller_id_alias(trunk.trunk_sid, "+919876543210")
        assert [n.phone_number for n in client.list_phone_numbers(trunk.trunk_sid)] == ["+919876543210"]
        return str(trunk.trunk_sid)

    def pstn_and_streamkit(client: exotel_sip.Client) -> None:
        pbx = quick_start(client)
        client.ensure_destinations(pbx, ["sip:pbx.example.com:5060"])
        bot = client.ensure_trunk("bot_trunk").trunk_sid
        client.ensure_phone_number(bot, "+918047091234", mode="flow")
        client.ensure_whitelisted_ip(bot, "198.51.100.20")
        assert len(list(client.list_whitelisted_ips(bot))) == 1

    out = []
    jobs: List[Callable[[exotel_sip.Client], Any]] = [quick_start, pstn_and_streamkit]
    for job in jobs:
        samples = []
        for _ in range(7):
            reset()
            started = time.perf_counter()
            with exotel_sip.Client(API_KEY, API_TOKEN, ACCOUNT_SID, base_url=url) as client:
                job(client)
            samples.append((time.perf_counter() - started) * 1000)
        out.append(statistics.median(samples))
    return out[0], out[1]


def main() -> None:
    base = in_subprocess(BASELINE)
    imp = in_subprocess(IMPORT) - base
    first = in_subprocess(FIRST_CALL) - base
    print(f"import exotel_sip: {imp:.1f} ms (median of {RUNS}; limit 20 ms)")
    print(f"import + client + first call (in-process sandbox): {first:.1f} ms (goal <= 60 ms)")
    url, stop = server()
    try:
        hand, ffi, ours = per_call(url.split()[0])
        quick, both = setups(url.split()[0])
    finally:
        stop()
    print(f"per call against {url}: by hand (http.client + json) {hand:.0f} us; "
          f"Client.list_phone_numbers {ours:.0f} us ({100 * (ours - hand) / hand:+.0f}%, goal within 10%); "
          f"the FFI call alone {ffi:.0f} us ({100 * (ffi - hand) / hand:+.0f}%)")
    print(f"README quick start, default rate limits: {quick:.1f} ms (median of 7; goal <= 50 ms)")
    print(f"PSTN + StreamKit setup, default rate limits: {both:.1f} ms (median of 7; goal <= 100 ms)")


if __name__ == "__main__":
    main()
