"""A local Exotel for tests: no account, no network beyond loopback.

- :class:`Sandbox`: the sandbox handler in this process; ``sandbox.client()`` and
  ``sandbox.async_client()`` talk to it without a socket.
- :class:`SandboxServer`: the same handler served over real HTTP on 127.0.0.1 by a
  thread of this process (a pip install has no sandbox binary).
- pytest fixtures (registered automatically when pytest runs): ``exotel_sandbox``
  (a :class:`SandboxServer`) and ``exotel_inprocess_sandbox`` (a :class:`Sandbox`).

Both serve one account (``ameyo5m`` with key ``sandbox_key`` and token
``sandbox_token`` by default) with the real API's envelopes, quirks, pagination,
limits and test controls (queued faults, the request log).
"""

import json
import time
from typing import Any, Dict, Iterator, List, Optional

__all__ = ["Sandbox", "SandboxServer", "InProcessTransport", "AsyncInProcessTransport"]

ACCOUNT_SID = "ameyo5m"
API_KEY = "sandbox_key"
API_TOKEN = "sandbox_token"


class Sandbox:
    """The sandbox handler in this process, with its test controls."""

    def __init__(
        self,
        *,
        account_sid: str = ACCOUNT_SID,
        api_key: str = API_KEY,
        api_token: str = API_TOKEN,
        rpm: int = 200,
        concurrency: int = 50,
        seed: int = 0x5EED,
    ) -> None:
        from ._native import exotel_sip_ffi as ffi

        self._ffi = ffi
        self.account_sid = account_sid
        self.api_key = api_key
        self._api_token = api_token
        self._inner = ffi.InProcessSandbox(account_sid, api_key, api_token, rpm, concurrency, seed)

    def __repr__(self) -> str:
        return f"Sandbox(account_sid={self.account_sid!r})"

    # -- clients and transports ------------------------------------------------

    def transport(self) -> "InProcessTransport":
        """A sync transport handing requests straight to this sandbox."""
        return InProcessTransport(self)

    def async_transport(self) -> "AsyncInProcessTransport":
        """An async transport handing requests straight to this sandbox."""
        return AsyncInProcessTransport(self)

    def client_kwargs(self) -> Dict[str, Any]:
        """Credentials and base URL matching this sandbox."""
        return {
            "api_key": self.api_key,
            "api_token": self._api_token,
            "account_sid": self.account_sid,
            "base_url": "http://127.0.0.1",
        }

    def client(self, **kwargs: Any) -> Any:
        """A :class:`exotel_sip.Client` on this sandbox (no socket)."""
        from ._client import Client

        return Client(**{**self.client_kwargs(), "transport": self.transport(), **kwargs})

    def async_client(self, **kwargs: Any) -> Any:
        """An :class:`exotel_sip.AsyncClient` on this sandbox (no socket)."""
        from ._client import AsyncClient

        return AsyncClient(**{**self.client_kwargs(), "transport": self.async_transport(), **kwargs})

    # -- the handler, for servers ---------------------------------------------

    def begin(self, method: str, target: str, headers: List[Any], body: str) -> Any:
        """Handles one request (``target`` = path and query); finish it with :meth:`finish`."""
        core_headers = [self._core().Header(name=k, value=v) for k, v in headers]
        return self._inner.begin(method, target, core_headers, body)

    def finish(self, ticket: int, delivery: str) -> None:
        """Records how an exchange ended: ``completed``, ``client_closed`` or ``dropped``."""
        d = self._ffi.SandboxDelivery
        self._inner.finish(ticket, {"completed": d.COMPLETED, "client_closed": d.CLIENT_CLOSED}.get(delivery, d.DROPPED))

    def _core(self) -> Any:
        from ._native import exotel_sip_core

        return exotel_sip_core

    # -- test controls ----------------------------------------------------------

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        text = "" if body is None else json.dumps(body)
        ex = self._inner.begin(method, "/__sandbox/" + path, [], text)
        self._inner.finish(ex.ticket, self._ffi.SandboxDelivery.COMPLETED)
        response = ex.outcome.response
        if response.status >= 400:
            raise ValueError(f"sandbox control {method} {path} failed: {response.body}")
        return json.loads(response.body) if response.body else None

    def queue_fault(self, path: str, fault: Dict[str, Any], *, method: str = "*", times: int = 1) -> None:
        """Queues a fault (e.g. ``{"type": "status", "status": 503}``) for requests to
        ``path`` (``*`` matches one segment)."""
        self._control("POST", "faults", {"method": method, "path": path, "fault": fault, "times": times})

    def clear_faults(self) -> None:
        """Drops every queued fault."""
        self._control("DELETE", "faults")

    def requests(self) -> List[Dict[str, Any]]:
        """The requests received (``Authorization`` redacted), oldest first."""
        return list(self._control("GET", "requests")["requests"])

    def clear_requests(self) -> None:
        """Forgets the requests received."""
        self._control("DELETE", "requests")

    def reset(self) -> None:
        """Empties data, faults, the log and the rate-limit history."""
        self._control("POST", "reset")

    def state(self) -> Dict[str, Any]:
        """Everything stored, as JSON."""
        return dict(self._control("GET", "state"))

    def set_limits(self, *, rpm: Optional[int] = None, concurrency: Optional[int] = None) -> None:
        """Changes the limits (0 = unlimited)."""
        body = {k: v for k, v in {"rpm": rpm, "concurrency": concurrency}.items() if v is not None}
        self._control("PUT", "limits", body)


class InProcessTransport:
    """A sync transport over a :class:`Sandbox` (runs in Rust, no socket)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def _native_blocking(self) -> Any:
        return self.sandbox._inner.blocking_transport()

    def send(self, request: Any) -> Any:
        """Sends a :class:`exotel_sip.Request` to the sandbox."""
        from ._transports import Response
        from ._errors import TransportError

        ex = self.sandbox.begin(request.method, _target(request.url), request.headers, request.body or "")
        outcome = ex.outcome
        if outcome.is_RESPOND():
            delay = outcome.delay_ms
            if delay > request.timeout_ms:
                time.sleep(request.timeout_ms / 1000)
                self.sandbox.finish(ex.ticket, "client_closed")
                raise TransportError("timeout", f"no response within {request.timeout_ms} ms")
            if delay:
                time.sleep(delay / 1000)
            self.sandbox.finish(ex.ticket, "completed")
            r = outcome.response
            return Response(r.status, [(h.name, h.value) for h in r.headers], r.body)
        self.sandbox.finish(ex.ticket, "dropped")
        raise TransportError("io_after_send", "the sandbox closed the connection without answering")


class AsyncInProcessTransport:
    """An async transport over a :class:`Sandbox` (runs in Rust, no socket)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def _native_async(self) -> Any:
        return self.sandbox._inner.async_transport()

    async def send(self, request: Any) -> Any:
        """Sends a :class:`exotel_sip.Request` to the sandbox."""
        return InProcessTransport(self.sandbox).send(request)


def _target(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def _make_server(sandbox: Sandbox, port: int) -> Any:
    """A threading HTTP server over the sandbox (http.server loads only when needed)."""
    import socket
    from email.utils import formatdate
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server: Any

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            sandbox = self.server.sandbox
            ex = sandbox.begin(self.command, self.path, list(self.headers.items()), body)
            outcome = ex.outcome
            if not outcome.is_RESPOND():
                sandbox.finish(ex.ticket, "dropped")
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if outcome.delay_ms:
                time.sleep(outcome.delay_ms / 1000)
            r = outcome.response
            data = r.body.encode("utf-8")
            try:
                self.send_response_only(r.status)
                names = set()
                for h in r.headers:
                    if h.name.lower() in ("content-length", "connection", "transfer-encoding"):
                        continue
                    names.add(h.name.lower())
                    self.send_header(h.name, h.value)
                if "date" not in names:
                    self.send_header("Date", formatdate(usegmt=True))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
                sandbox.finish(ex.ticket, "completed")
            except OSError:
                sandbox.finish(ex.ticket, "client_closed")
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _handle


    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # many clients connect at once in concurrency tests
        sandbox: Sandbox

    server = _Server(("127.0.0.1", port), _Handler)
    server.sandbox = sandbox
    return server


class SandboxServer:
    """The sandbox over real HTTP on 127.0.0.1 (a thread of this process).

    Use it as a context manager, or through the ``exotel_sandbox`` pytest fixture.
    ``url`` is the base URL; ``client()``/``async_client()`` are configured for it.
    """

    def __init__(self, sandbox: Optional[Sandbox] = None, port: int = 0) -> None:
        self.sandbox = sandbox or Sandbox()
        self._server = _make_server(self.sandbox, port)
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        import threading

        self._thread = threading.Thread(target=self._server.serve_forever, name="exotel-sandbox", daemon=True)
        self._thread.start()

    def __repr__(self) -> str:
        return f"SandboxServer(url={self.url!r})"

    def __enter__(self) -> "SandboxServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Stops serving."""
        self._server.shutdown()
        self._server.server_close()

    def client_kwargs(self) -> Dict[str, Any]:
        """Credentials and base URL matching this server."""
        return {**self.sandbox.client_kwargs(), "base_url": self.url}

    def client(self, **kwargs: Any) -> Any:
        """A :class:`exotel_sip.Client` for this server (default transport unless given)."""
        from ._client import Client

        return Client(**{**self.client_kwargs(), **kwargs})

    def async_client(self, **kwargs: Any) -> Any:
        """An :class:`exotel_sip.AsyncClient` for this server (httpx unless given)."""
        from ._client import AsyncClient

        return AsyncClient(**{**self.client_kwargs(), **kwargs})


import sys as _sys

# The pytest fixtures exist when pytest is running (it loads this module as a plugin);
# scripts that use the sandbox never pay for importing pytest.
if "pytest" in _sys.modules:
    import pytest as _pytest

    @_pytest.fixture
    def exotel_sandbox() -> Iterator[SandboxServer]:
        """A fresh sandbox served over loopback HTTP for one test."""
        server = SandboxServer()
        try:
            yield server
        finally:
            server.close()

    @_pytest.fixture
    def exotel_inprocess_sandbox() -> Sandbox:
        """A fresh in-process sandbox for one test."""
        return Sandbox()
