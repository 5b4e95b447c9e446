"""HTTP transports: the standard library (sync default), httpx (async default, and sync).

A transport is any object with ``send(request: Request) -> Response`` (sync) or
``async send(request: Request) -> Response`` (async). Every HTTP status is a
response; when no response was read, raise :class:`exotel_sip.TransportError`
(any other exception is mapped for you). Transports must not follow redirects and
must treat ``request.timeout_ms`` as the deadline of the whole exchange.
"""

import http.client
import select
import socket
import threading
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from ._errors import TransportError

__all__ = [
    "Request",
    "Response",
    "UrllibTransport",
    "HttpxTransport",
    "AsyncHttpxTransport",
]

_REDACTED = "Basic [REDACTED]"


class Request:
    """One request for a transport. Its ``repr`` never shows the ``Authorization`` value."""

    __slots__ = ("method", "url", "headers", "body", "timeout_ms")

    def __init__(
        self,
        method: str,
        url: str,
        headers: List[Tuple[str, str]],
        body: Optional[str],
        timeout_ms: int,
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout_ms = timeout_ms

    def header(self, name: str) -> Optional[str]:
        """The value of a header, compared case-insensitively."""
        lower = name.lower()
        for key, value in self.headers:
            if key.lower() == lower:
                return value
        return None

    def __repr__(self) -> str:
        shown = [(k, _REDACTED if k.lower() == "authorization" else v) for k, v in self.headers]
        return (
            f"Request(method={self.method!r}, url={self.url!r}, headers={shown!r}, "
            f"body={self.body!r}, timeout_ms={self.timeout_ms})"
        )

    __str__ = __repr__


class Response:
    """A response as read: ``status``, ``headers`` (name, value pairs), ``body`` (text)."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: Sequence[Tuple[str, str]], body: str) -> None:
        self.status = status
        self.headers = list(headers)
        self.body = body

    def __repr__(self) -> str:
        return f"Response(status={self.status}, headers={self.headers!r}, body={self.body!r})"


def _deadline_error(timeout_ms: int) -> TransportError:
    return TransportError("timeout", f"no response within {timeout_ms} ms")


class UrllibTransport:
    """The standard library's ``http.client`` (no dependency, no event loop).

    Keeps idle keep-alive connections per host (safe across threads), never follows
    redirects, and enforces ``timeout_ms`` as the deadline of the whole exchange.
    """

    def __init__(self, max_idle_per_host: int = 16) -> None:
        self._idle: Dict[Tuple[str, str, int], List[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._max_idle = max_idle_per_host
        self._closed = False

    def _take(self, key: Tuple[str, str, int]) -> Optional[http.client.HTTPConnection]:
        with self._lock:
            pool = self._idle.get(key)
            while pool:
                conn = pool.pop()
                sock = conn.sock
                if sock is None:
                    continue
                try:
                    # A readable idle socket is closed (or has junk): never reuse it.
                    readable, _, _ = select.select([sock], [], [], 0)
                except (OSError, ValueError):
                    readable = [sock]
                if readable:
                    conn.close()
                    continue
                return conn
        return None

    def _give(self, key: Tuple[str, str, int], conn: http.client.HTTPConnection) -> None:
        with self._lock:
            pool = self._idle.setdefault(key, [])
            if self._closed or len(pool) >= self._max_idle:
                conn.close()
            else:
                pool.append(conn)

    def send(self, request: Request) -> Response:
        """Sends the request and reads the whole response."""
        deadline = time.monotonic() + request.timeout_ms / 1000.0

        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _deadline_error(request.timeout_ms)
            return left

        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
        key = (scheme, host, port)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        conn = self._take(key)
        if conn is None:
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            conn = cls(host, port, timeout=remaining())
            try:
                conn.connect()
            except socket.timeout:
                conn.close()
                raise _deadline_error(request.timeout_ms) from None
            except OSError as exc:
                conn.close()
                raise TransportError("connect", f"{type(exc).__name__}: {exc}") from None
        body = request.body.encode("utf-8") if request.body is not None else None
        try:
            if conn.sock is not None:
                conn.sock.settimeout(remaining())
            conn.request(request.method, target, body=body, headers=dict(request.headers))
            if conn.sock is not None:
                conn.sock.settimeout(remaining())
            resp = conn.getresponse()
            chunks = []
            while True:
                if conn.sock is not None:
                    conn.sock.settimeout(remaining())
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            status = resp.status
            headers = resp.getheaders()
            reusable = not resp.will_close
            resp.close()
        except TransportError:
            conn.close()
            raise
        except socket.timeout:
            conn.close()
            raise _deadline_error(request.timeout_ms) from None
        except (http.client.HTTPException, OSError) as exc:
            conn.close()
            raise TransportError("io_after_send", f"{type(exc).__name__}: {exc}") from None
        if reusable:
            self._give(key, conn)
        else:
            conn.close()
        return Response(status, headers, b"".join(chunks).decode("utf-8", errors="replace"))

    def close(self) -> None:
        """Closes idle connections."""
        with self._lock:
            self._closed = True
            pools, self._idle = self._idle, {}
        for pool in pools.values():
            for conn in pool:
                conn.close()


def _import_httpx() -> Any:
    try:
        import httpx
    except ImportError:
        raise ImportError(
            "this transport needs httpx: install it with `pip install 'exotel-sip[async]'`"
        ) from None
    return httpx


def _httpx_error(httpx: Any, exc: BaseException, timeout_ms: int) -> TransportError:
    if isinstance(exc, httpx.TimeoutException):
        return _deadline_error(timeout_ms)
    if isinstance(exc, httpx.ConnectError):
        return TransportError("connect", f"{type(exc).__name__}: {exc}")
    return TransportError("io_after_send", f"{type(exc).__name__}: {exc}")


class HttpxTransport:
    """A sync transport over ``httpx.Client`` (redirects off)."""

    def __init__(self, client: Any = None) -> None:
        httpx = _import_httpx()
        self._httpx = httpx
        self._own = client is None
        self._client = client if client is not None else httpx.Client(follow_redirects=False)

    def send(self, request: Request) -> Response:
        """Sends the request; each phase is bounded by the remaining deadline."""
        httpx = self._httpx
        deadline = time.monotonic() + request.timeout_ms / 1000.0
        try:
            with self._client.stream(
                request.method,
                request.url,
                headers=request.headers,
                content=request.body.encode("utf-8") if request.body is not None else None,
                timeout=request.timeout_ms / 1000.0,
                follow_redirects=False,
            ) as resp:
                chunks = []
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise _deadline_error(request.timeout_ms)
                body = b"".join(chunks)
                return Response(
                    resp.status_code,
                    list(resp.headers.multi_items()),
                    body.decode("utf-8", errors="replace"),
                )
        except TransportError:
            raise
        except httpx.HTTPError as exc:
            raise _httpx_error(httpx, exc, request.timeout_ms) from None

    def close(self) -> None:
        """Closes the httpx client if this transport created it."""
        if self._own:
            self._client.close()


class AsyncHttpxTransport:
    """An asyncio transport over ``httpx.AsyncClient`` (redirects off); the default
    of :class:`exotel_sip.AsyncClient`. Cancelling the call cancels the request."""

    def __init__(self, client: Any = None) -> None:
        httpx = _import_httpx()
        self._httpx = httpx
        self._own = client is None
        self._client = client if client is not None else httpx.AsyncClient(follow_redirects=False)

    async def send(self, request: Request) -> Response:
        """Sends the request within ``timeout_ms`` as a total deadline."""
        import asyncio

        httpx = self._httpx
        try:
            resp = await asyncio.wait_for(
                self._client.request(
                    request.method,
                    request.url,
                    headers=request.headers,
                    content=request.body.encode("utf-8") if request.body is not None else None,
                    timeout=request.timeout_ms / 1000.0,
                    follow_redirects=False,
                ),
                request.timeout_ms / 1000.0,
            )
        except asyncio.TimeoutError:
            raise _deadline_error(request.timeout_ms) from None
        except httpx.HTTPError as exc:
            raise _httpx_error(httpx, exc, request.timeout_ms) from None
        return Response(
            resp.status_code,
            list(resp.headers.multi_items()),
            resp.content.decode("utf-8", errors="replace"),
        )

    async def aclose(self) -> None:
        """Closes the httpx client if this transport created it."""
        if self._own:
            await self._client.aclose()
