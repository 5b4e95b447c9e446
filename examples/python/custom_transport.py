"""A custom transport (any object with send(Request) -> Response), retries, a shared
rate limiter, per-call timeouts, events to a callback and to logging, bulk helpers."""
import logging

import exotel_sip
from exotel_sip import Request, Response, RetryPolicy, RateLimit, RateLimiter
from exotel_sip.testing import SandboxServer

logging.basicConfig(level=logging.DEBUG, format="%(name)s %(message)s")


class CountingTransport:
    """Wraps the standard-library transport and counts requests (repr of a Request is redacted)."""

    def __init__(self) -> None:
        self.inner = exotel_sip.UrllibTransport()
        self.count = 0

    def send(self, request: Request) -> Response:
        self.count += 1
        return self.inner.send(request)


with SandboxServer() as sandbox:
    limiter = RateLimiter(RateLimit(requests_per_minute=0, requests_per_second=0, max_concurrency=10))  # share between clients
    transport = CountingTransport()
    client = exotel_sip.Client(
        **sandbox.client_kwargs(),
        transport=transport,
        timeout=10.0,
        retry=RetryPolicy(max_attempts=3, base_delay=0.05),
        limiter=limiter,
        on_event=lambda event: None,
    )
    sid = client.create_trunk("bulk_trunk", timeout=2.0).trunk_sid
    sandbox.sandbox.queue_fault(f"/v2/accounts/ameyo5m/trunks/{sid}/phone-numbers", {"type": "status", "status": 503}, method="GET")
    results = client.map_phone_numbers(sid, [f"+91980000{i:04d}" for i in range(20)] + ["not-a-number"], mode="pstn")
    failed = [r for r in results if r.error is not None]
    print(f"bulk: {len(results) - len(failed)} ok, {len(failed)} failed ({failed[0].error.error_kind})")
    print("numbers listed:", len(list(client.list_phone_numbers(sid, page_size=7))), "requests sent:", transport.count)
