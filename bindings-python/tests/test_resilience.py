"""The resilience fault matrix over each default transport, through the sandbox's
controls; timeouts; 50 concurrent calls from threads and from asyncio; cancellation;
a shared rate limiter."""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Optional, Tuple

import pytest

import exotel_sip
from exotel_sip import AsyncClient, Client, RateLimit, RateLimiter, RetryPolicy

from conftest import Server

FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)
NUMBERS = "/v2/accounts/ameyo5m/trunks/*/phone-numbers"

# (fault, method, expected): "ok" = the call succeeds (after a retry where one is
# safe), otherwise the error class. POSTs are retried only on 429 and connect errors.
MATRIX = [
    ({"type": "status", "status": 503}, "GET", "ok"),
    ({"type": "rate_limit", "retry_after": 0}, "GET", "ok"),
    ({"type": "html"}, "GET", "ok"),
    ({"type": "truncated"}, "GET", "ok"),
    ({"type": "non_envelope"}, "GET", "ok"),
    ({"type": "drop"}, "GET", "ok"),
    ({"type": "lost"}, "GET", "ok"),
    ({"type": "status", "status": 503}, "POST", exotel_sip.ApiError),
    ({"type": "status", "status": 500, "code": 1001}, "POST", exotel_sip.ApiError),
    ({"type": "rate_limit", "retry_after": 0}, "POST", "ok"),
    ({"type": "html"}, "POST", exotel_sip.DecodeError),
    ({"type": "truncated"}, "POST", exotel_sip.DecodeError),
    ({"type": "non_envelope"}, "POST", exotel_sip.DecodeError),
    ({"type": "drop"}, "POST", exotel_sip.TransportError),
    ({"type": "lost"}, "POST", exotel_sip.TransportError),
]


def _run(kind: str, server: Server, op: Callable[[Any], Any], **kwargs: Any) -> Any:
    """Runs `op(client)` on a client with the kind's default transport."""
    if kind == "sync":
        with Client(**server.kwargs(**kwargs)) as client:
            return op(client)

    async def main() -> Any:
        async with AsyncClient(**server.kwargs(**kwargs)) as client:
            return await op(client)

    return asyncio.run(main())


def _setup(server: Server) -> str:
    with Client(**server.kwargs()) as client:
        return str(client.create_trunk("faults").trunk_sid)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(
    "fault,method,expected", MATRIX, ids=[f"{m}-{f['type']}-{f.get('status', '')}" for f, m, _ in MATRIX]
)
def test_fault_matrix(py_server: Server, kind: str, fault: Dict[str, Any], method: str, expected: Any) -> None:
    sid = _setup(py_server)
    py_server.fault(NUMBERS, fault, method=method)
    py_server.control("DELETE", "requests")
    if method == "GET":
        op: Callable[[Any], Any] = (
            (lambda c: list(c.list_phone_numbers(sid)))
            if kind == "sync"
            else (lambda c: c.list_phone_numbers(sid).collect())
        )
    else:
        op = lambda c: c.map_phone_number(sid, "+919800000042", mode="pstn")  # noqa: E731
    if expected == "ok":
        _run(kind, py_server, op, retry=FAST_RETRY)
        attempts = [r for r in py_server.requests() if r["method"] == method]
        assert len(attempts) == 2, attempts
    else:
        with pytest.raises(expected) as info:
            _run(kind, py_server, op, retry=FAST_RETRY)
        assert isinstance(info.value, exotel_sip.ExotelError)
        assert len([r for r in py_server.requests() if r["method"] == method]) == 1
        if expected is exotel_sip.TransportError:
            assert info.value.kind == "io_after_send"  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("fault", [{"type": "lost"}, {"type": "truncated"}, {"type": "drop"}])
def test_ensure_resolves_lost_creates(py_server: Server, kind: str, fault: Dict[str, Any]) -> None:
    sid = _setup(py_server)
    py_server.fault(NUMBERS, fault, method="POST")
    ensured = _run(kind, py_server, lambda c: c.ensure_phone_number(sid, "+919800000043", mode="flow"))
    assert ensured.resource.phone_number == "+919800000043"
    numbers = _run("sync", py_server, lambda c: list(c.list_phone_numbers(sid)))
    assert len(numbers) == 1  # never created twice


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_ensure_and_bulk_take_per_call_options(py_server: Server, kind: str) -> None:
    sid = _setup(py_server)
    _run("sync", py_server, lambda c: c.map_phone_number(sid, "+919800000044"))
    # The number exists, so ensure lists; that listing gets the per-call deadline.
    py_server.fault(NUMBERS, {"type": "latency", "ms": 1500}, method="GET")
    started = time.monotonic()
    with pytest.raises(exotel_sip.RequestTimeoutError):
        _run(kind, py_server, lambda c: c.ensure_phone_number(sid, "+919800000044", timeout=0.3))
    assert time.monotonic() - started < 1.4
    # And the per-call retry policy: one attempt, so the listing's 503 is the answer.
    py_server.control("DELETE", "faults")
    py_server.fault(NUMBERS, {"type": "status", "status": 503}, method="GET")
    once = RetryPolicy(max_attempts=1)
    results = _run(kind, py_server, lambda c: c.map_phone_numbers(sid, ["+919800000044"], retry=once))
    assert [r.status for r in results] == ["failed"], results
    assert isinstance(results[0].error, exotel_sip.ApiError)
    # Without it the same 503 is retried and the number is found.
    py_server.fault(NUMBERS, {"type": "status", "status": 503}, method="GET")
    results = _run(kind, py_server, lambda c: c.map_phone_numbers(sid, ["+919800000044"], retry=FAST_RETRY))
    assert [r.status for r in results] == ["existed"], results


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_deadline_bounds_a_slow_answer(py_server: Server, kind: str) -> None:
    sid = _setup(py_server)
    py_server.fault(NUMBERS, {"type": "latency", "ms": 1500}, method="GET")
    started = time.monotonic()
    with pytest.raises(exotel_sip.RequestTimeoutError):
        op = (lambda c: list(c.list_phone_numbers(sid, timeout=0.3))) if kind == "sync" else (
            lambda c: c.list_phone_numbers(sid, timeout=0.3).collect()
        )
        _run(kind, py_server, op)
    assert time.monotonic() - started < 1.4


def test_connect_error_is_typed() -> None:
    with Client("k", "t", "ameyo5m", base_url="http://127.0.0.1:9", retry=RetryPolicy.none()) as client:
        with pytest.raises(exotel_sip.TransportError) as info:
            client.create_trunk("x")
    assert info.value.kind == "connect"


def test_fifty_concurrent_calls_from_threads(py_server: Server) -> None:
    sid = _setup(py_server)
    client = Client(**py_server.kwargs())
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda i: client.map_phone_number(sid, f"+9198100{i:05d}"), range(50)))
    assert len({r.id for r in results}) == 50
    assert len(list(client.list_phone_numbers(sid))) == 50


def test_fifty_concurrent_calls_from_asyncio(py_server: Server) -> None:
    sid = _setup(py_server)

    async def main() -> None:
        async with AsyncClient(**py_server.kwargs()) as client:
            results = await asyncio.gather(
                *(client.map_phone_number(sid, f"+9198200{i:05d}") for i in range(50))
            )
            assert len({r.id for r in results}) == 50
            assert len(await client.list_phone_numbers(sid).collect()) == 50

    asyncio.run(main())


def test_cancellation_stops_the_call(py_server: Server) -> None:
    sid = _setup(py_server)
    py_server.fault(NUMBERS, {"type": "latency", "ms": 3000}, method="GET")

    async def main() -> None:
        async with AsyncClient(**py_server.kwargs()) as client:
            task = asyncio.ensure_future(client.list_phone_numbers(sid).collect())
            await asyncio.sleep(0.3)
            started = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - started < 0.5
            # The client stays usable after a cancelled call.
            assert await client.list_phone_numbers(sid).collect() == []

    asyncio.run(main())
    time.sleep(0.2)
    deliveries = [r["delivery"] for r in py_server.requests() if r["method"] == "GET"]
    assert deliveries[0] in ("client_closed", "pending", "completed")


def test_cancellation_stops_a_governor_wait() -> None:
    sandbox = exotel_sip.testing.Sandbox()

    async def main() -> None:
        # The next call may go in 60.5 s, within its deadline: it waits, until cancelled.
        client = sandbox.async_client(rate_limit=RateLimit(requests_per_minute=1), timeout=120)
        await client.create_trunk("first")
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.create_trunk("second"), 0.2)
        assert time.monotonic() - started < 1.0

    asyncio.run(main())
    assert len(sandbox.requests()) == 1


def test_shared_limiter_spaces_two_clients() -> None:
    sandbox = exotel_sip.testing.Sandbox()
    # Two a second, each window stretched by a 0.1 s margin.
    limit = RateLimit(requests_per_minute=600, requests_per_second=2, latency_margin=0.1)
    limiter = RateLimiter(limit)
    a = sandbox.client(limiter=limiter)
    b = sandbox.client(limiter=limiter)
    assert a.limiter.rate_limit == limit
    started = time.monotonic()
    for i in range(2):
        a.create_trunk(f"a{i}")
        b.create_trunk(f"b{i}")
    # The first two went at once; the third waited for the 1.1 s window, the fourth too.
    assert time.monotonic() - started >= 1.0


def test_a_small_setup_does_not_wait() -> None:
    sandbox = exotel_sip.testing.Sandbox()
    client = sandbox.client()  # the default limits: 200 a minute, 20 a second
    started = time.monotonic()
    sid = client.create_trunk("quick").trunk_sid
    for i in range(6):
        client.map_phone_number(sid, f"+9198000000{i:02}", mode="pstn")
    # Seven calls are far below 20 a second: none waits for the governor.
    assert time.monotonic() - started < 1.0


def test_sync_client_inside_a_running_event_loop(py_server: Server) -> None:
    async def main() -> str:
        # A blocking call from async code (as in Jupyter): no loop is needed or touched.
        with Client(**py_server.kwargs()) as client:
            return str(client.create_trunk("in_loop").trunk_sid)

    assert asyncio.run(main()).startswith("tr")


def test_retry_events_and_logging(py_server: Server, caplog: Any) -> None:
    import logging

    sid = _setup(py_server)
    py_server.fault(NUMBERS, {"type": "status", "status": 503}, method="GET")
    events: list = []
    with caplog.at_level(logging.DEBUG, logger="exotel_sip"):
        with Client(**py_server.kwargs(retry=FAST_RETRY, on_event=events.append)) as client:
            list(client.list_phone_numbers(sid))
    assert [e for e in events if e.is_RETRY()][0].reason == "server_error"
    assert any("RETRY" in r.getMessage() for r in caplog.records)


def test_callback_errors_do_not_break_calls(py_server: Server) -> None:
    def boom(event: Any) -> None:
        raise RuntimeError("callback failed")

    with Client(**py_server.kwargs(on_event=boom)) as client:
        assert client.create_trunk("cb").trunk_sid


class Flaky:
    """A custom transport raising an undeclared exception."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def send(self, request: Any) -> Any:
        raise self.exc


@pytest.mark.parametrize(
    "exc,kind",
    [(ValueError("boom"), "io_after_send"), (ConnectionRefusedError("no"), "connect"), (TimeoutError(), "timeout")],
)
def test_custom_transport_exceptions_are_mapped(exc: BaseException, kind: str, capfd: Any) -> None:
    client = Client("k", "t", "ameyo5m", transport=Flaky(exc), retry=RetryPolicy.none())
    with pytest.raises(exotel_sip.ExotelError) as info:
        client.map_phone_number("trabc", "+919800000001")
    if kind == "timeout":
        assert isinstance(info.value, exotel_sip.RequestTimeoutError)
    else:
        assert isinstance(info.value, exotel_sip.TransportError) and info.value.kind == kind
    assert "Traceback" not in capfd.readouterr().err  # no stray UniFFI traceback
