"""``Client`` (blocking, no event loop) and ``AsyncClient`` (asyncio) over the Rust core."""

import enum
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from ._errors import ExotelError, TransportError, from_core
from ._native import exotel_sip_core as _core
from ._native import exotel_sip_ffi as _ffi
from ._operations import _AsyncOperations, _Operations
from ._support import (
    AsyncPageIterator,
    PageIterator,
    RetryPolicy,
    _mode,
    _ms,
    _options,
    _settings_list,
    mode_name,
)
from ._transports import Request, Response, UrllibTransport

__all__ = [
    "Client",
    "AsyncClient",
    "RetryPolicy",
    "RateLimit",
    "RateLimiter",
    "BulkResult",
    "PageIterator",
    "AsyncPageIterator",
]

logger = logging.getLogger("exotel_sip")

T = TypeVar("T")
P = TypeVar("P")

#: Name of the trunk setting that holds the caller-ID alias (the core's constant).
TRUNK_EXTERNAL_ALIAS: str = _ffi.trunk_external_alias()

_HOST = "python/{}.{}.{}".format(*sys.version_info[:3])


def _readable_reprs() -> None:
    """Generated records are dataclasses whose default ``repr`` shows no field: use
    their ``__str__``; requests and headers show ``Authorization`` redacted."""

    def fix(cls: Any) -> None:
        if issubclass(cls, (BaseException, enum.Enum)):
            return
        if cls.__str__ is not object.__str__:
            cls.__repr__ = cls.__str__
        for inner in vars(cls).values():
            if isinstance(inner, type) and inner.__qualname__.startswith(cls.__name__ + "."):
                fix(inner)

    for module in (_core, _ffi):
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                fix(value)

    def header_str(self: Any) -> str:
        value = "Basic [REDACTED]" if str(self.name).lower() == "authorization" else self.value
        return f"Header(name={self.name}, value={value})"

    def request_str(self: Any) -> str:
        return (
            f"HttpRequest(method={self.method}, url={self.url}, headers={self.headers}, "
            f"body={self.body}, timeout_ms={self.timeout_ms})"
        )

    _core.Header.__str__ = _core.Header.__repr__ = header_str  # type: ignore[method-assign,assignment]
    _core.HttpRequest.__str__ = _core.HttpRequest.__repr__ = request_str  # type: ignore[method-assign,assignment]


_readable_reprs()
_CoreError = _core.Error
_RustPanic = _core.InternalError


# --- settings under Pythonic names ----------------------------------------------



@dataclass(frozen=True)
class RateLimit:
    """Rate limits of one account: Exotel's by default (200 a minute, 50 at once), at
    most 20 a second, and a latency margin of 0.5 s (seconds, like every duration here).

    A call goes at once while fewer than the limit were sent in the last window
    (a minute, a second) plus ``latency_margin``: set the margin to the spread of
    network latency you expect, so that sends also *arrive* within the limits.
    ``requests_per_minute=0`` or ``requests_per_second=0`` turns that window off;
    ``max_concurrency=0`` = unlimited.
    """

    requests_per_minute: int = 200
    requests_per_second: int = 20
    max_concurrency: int = 50
    latency_margin: float = 0.5

    @classmethod
    def unlimited(cls) -> "RateLimit":
        """No rate limit and no concurrency bound."""
        return cls(requests_per_minute=0, requests_per_second=0, max_concurrency=0)

    def _to_core(self) -> Any:
        return _core.RateLimit(
            requests_per_minute=self.requests_per_minute,
            requests_per_second=self.requests_per_second,
            max_in_flight=self.max_concurrency,
            latency_margin_ms=_ms(self.latency_margin),
        )


class RateLimiter:
    """A rate governor to share between clients of one account (threads and asyncio alike)."""

    def __init__(self, rate_limit: Optional[RateLimit] = None) -> None:
        self._inner = _ffi.RateLimiter((rate_limit or RateLimit())._to_core())

    @property
    def rate_limit(self) -> RateLimit:
        """The limits."""
        lim = self._inner.limit()
        return RateLimit(
            lim.requests_per_minute, lim.requests_per_second, lim.max_in_flight, lim.latency_margin_ms / 1000
        )

    def __repr__(self) -> str:
        return f"RateLimiter({self.rate_limit!r})"


# --- transports and events across the FFI ----------------------------------------


def _to_request(r: Any) -> Request:
    return Request(r.method.name, r.url, [(h.name, h.value) for h in r.headers], r.body, r.timeout_ms)


def _to_response(resp: Response) -> Any:
    return _ffi.TransportResponse(
        status=int(resp.status),
        headers=[_core.Header(name=str(k), value=str(v)) for k, v in resp.headers],
        body=resp.body if isinstance(resp.body, str) else bytes(resp.body).decode("utf-8", "replace"),
    )


_FFI_KINDS = {
    "connect": _ffi.FfiTransportError.Connect,
    "timeout": _ffi.FfiTransportError.Timeout,
    "io_after_send": _ffi.FfiTransportError.IoAfterSend,
    "cancelled": _ffi.FfiTransportError.Cancelled,
}


def _declared(exc: BaseException) -> Exception:
    """Any exception a transport raised, as the declared FFI transport error."""
    if isinstance(exc, TransportError):
        return _FFI_KINDS[exc.kind](detail=exc.detail)
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, (ConnectionRefusedError, socket.gaierror)):
        return _ffi.FfiTransportError.Connect(detail=detail)
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return _ffi.FfiTransportError.Timeout(detail=detail)
    return _ffi.FfiTransportError.IoAfterSend(detail=detail)


class _BlockingBridge(_ffi.BlockingTransport):
    """Wraps any sync transport: every exception becomes the declared transport error."""

    def __init__(self, transport: Any) -> None:
        self._transport = transport

    def send(self, request: Any) -> Any:
        try:
            return _to_response(self._transport.send(_to_request(request)))
        except Exception as exc:  # every failure must cross as the declared error
            raise _declared(exc) from None


class _AsyncBridge(_ffi.AsyncTransport):
    """Wraps any async transport: every exception becomes the declared transport error."""

    def __init__(self, transport: Any) -> None:
        self._transport = transport

    async def send(self, request: Any) -> Any:
        try:
            return _to_response(await self._transport.send(_to_request(request)))
        except Exception as exc:
            raise _declared(exc) from None


EventCallback = Callable[[Any], None]


def _events(callback: Optional[EventCallback], log: Optional[bool]) -> Optional["_Events"]:
    if log is None:
        log = logger.isEnabledFor(logging.DEBUG)
    if callback is None and not log:
        return None
    return _Events(callback, log)


class _Events(_ffi.EventListener):
    """Delivers core events to the ``exotel_sip`` logger (DEBUG) and to a callback."""

    def __init__(self, callback: Optional[EventCallback], log: bool) -> None:
        self._callback = callback
        self._log = log

    def on_event(self, event: Any) -> None:
        try:
            if self._log and logger.isEnabledFor(logging.DEBUG):
                logger.debug("%s", event)
            if self._callback is not None:
                self._callback(event)
        except Exception:  # an event handler must never break a call
            logger.exception("exotel_sip event callback failed")


# --- configuration --------------------------------------------------------------


def _concurrency(concurrency: Optional[int]) -> Optional[int]:
    # A negative count cannot cross as an unsigned integer: 0 gets the core's range error.
    return None if concurrency is None else max(0, concurrency)


class _Environ(_ffi.EnvLookup):
    """The process environment, read by the core at the moment a client is made."""

    def get(self, name: str) -> Optional[str]:
        return os.environ.get(name)


_ENV = _Environ()


def _settings(
    api_key: Optional[str],
    api_token: Optional[str],
    account_sid: Optional[str],
    region: Optional[str],
    base_url: Optional[str],
    timeout: Optional[float],
    retry: Optional[RetryPolicy],
    rate_limit: Optional[RateLimit],
) -> Tuple[Any, Any]:
    if region is not None and base_url is not None:
        raise TypeError("give either region or base_url, not both")
    env = _ENV
    try:
        # Unset ones come from the EXOTEL_* variables: the core reads them (exotel_sip::Env).
        credentials = _ffi.Credentials.from_env(api_key, api_token, account_sid, env)
        core_region = _ffi.parse_region(region) if region is not None else None
    except _CoreError as exc:
        raise from_core(exc) from None
    settings = _ffi.ClientSettings(
        region=core_region,
        base_url=base_url,
        timeout_ms=None if timeout is None else _ms(timeout),
        retry=None if retry is None else retry._to_core(),
        rate_limit=None if rate_limit is None else rate_limit._to_core(),
        host_language=_HOST,
    )
    return credentials, settings


# --- results --------------------------------------------------------------------


@dataclass
class BulkResult(Generic[T]):
    """One item of a bulk call: ``status`` is ``created``, ``existed`` or ``failed``."""

    index: int
    item: str
    status: str
    resource: Optional[T]
    error: Optional[ExotelError]

    @property
    def ok(self) -> bool:
        """Whether the item exists now."""
        return self.error is None


def _bulk(items: Sequence[Any]) -> List["BulkResult[Any]"]:
    out: List[BulkResult[Any]] = []
    for it in items:
        o = it.outcome
        if o.is_FAILED():
            out.append(BulkResult(it.index, it.item, "failed", None, from_core(o.error)))
        else:
            out.append(BulkResult(it.index, it.item, "created" if o.is_CREATED() else "existed", o.resource, None))
    return out


# --- the clients ----------------------------------------------------------------


class Client(_Operations):
    """A blocking Exotel SIP trunking client. It never creates or needs an event loop
    (safe in Jupyter, threads and async apps) and is safe to share between threads.

    Configure it with arguments or the ``EXOTEL_API_KEY``, ``EXOTEL_API_TOKEN``,
    ``EXOTEL_ACCOUNT_SID``, ``EXOTEL_REGION`` (``singapore``/``mumbai``) and
    ``EXOTEL_BASE_URL`` environment variables. ``timeout`` (seconds) bounds each whole
    call; ``retry``, ``rate_limit`` or a shared ``limiter`` tune resilience;
    ``on_event`` receives every event; events are also logged (redacted) to the
    ``exotel_sip`` logger at DEBUG when ``log_events`` is true (default: when that
    logger is enabled for DEBUG as the client is created, so quiet clients pay nothing).
    The default transport is the standard library; pass any object with
    ``send(Request) -> Response`` (e.g. :class:`HttpxTransport`).
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        api_token: Optional[str] = None,
        account_sid: Optional[str] = None,
        *,
        region: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
        rate_limit: Optional[RateLimit] = None,
        limiter: Optional[RateLimiter] = None,
        transport: Any = None,
        on_event: Optional[EventCallback] = None,
        log_events: Optional[bool] = None,
    ) -> None:
        credentials, settings = _settings(
            api_key, api_token, account_sid, region, base_url, timeout, retry, rate_limit
        )
        self._owns_transport = transport is None
        self._transport = transport if transport is not None else UrllibTransport()
        native = getattr(self._transport, "_native_blocking", None)
        bridge = native() if native is not None else _BlockingBridge(self._transport)
        try:
            self._inner = _ffi.BlockingExotelClient(
                credentials,
                settings,
                bridge,
                limiter._inner if limiter is not None else None,
                _events(on_event, log_events),
                _ENV,
            )
        except _CoreError as exc:
            raise from_core(exc) from None

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r}, account_sid={self.account_sid!r})"

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the default transport's connections (a transport you passed stays open)."""
        if self._owns_transport:
            close = getattr(self._transport, "close", None)
            if close is not None:
                close()

    @property
    def base_url(self) -> str:
        """The effective base URL."""
        return str(self._inner.base_url())

    @property
    def account_sid(self) -> str:
        """The account SID."""
        return str(self._inner.account_sid())

    @property
    def limiter(self) -> RateLimiter:
        """This client's rate limiter; pass it as ``limiter=`` to share it."""
        lim = RateLimiter.__new__(RateLimiter)
        lim._inner = self._inner.rate_limiter()
        return lim

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return fn(*args)
        except (_CoreError, _RustPanic) as exc:
            raise from_core(exc) from None

    def set_caller_id_alias(
        self,
        trunk_sid: str,
        phone_number: str,
        *,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> "_ffi.SettingBatch":
        """Sets the trunk's caller-ID alias (setting ``trunk_external_alias``)."""
        return self.set_trunk_settings(
            trunk_sid, [(TRUNK_EXTERNAL_ALIAS, phone_number)], timeout=timeout, retry=retry
        )

    def ensure_trunk(
        self,
        trunk_name: str,
        *,
        nso_code: Optional[str] = None,
        domain_name: Optional[str] = None,
        recorded_sid: Optional[str] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> "_core.EnsuredTrunk":
        """Creates the trunk, or confirms the one whose SID you recorded (trunks cannot be listed)."""
        op = _core.CreateTrunk(trunk_name=trunk_name, nso_code=nso_code, domain_name=domain_name)
        return self._call(self._inner.ensure_trunk, op, recorded_sid, _options(timeout, retry))

    def ensure_phone_number(
        self, trunk_sid: str, phone_number: str, *, mode: Optional[str] = None, timeout: Optional[float] = None, retry: Optional[RetryPolicy] = None
    ) -> "_ffi.EnsuredPhoneNumber":
        """Maps the number unless it already is (switching its mode if needed); ``.created`` says which."""
        op = _core.MapPhoneNumber(trunk_sid=trunk_sid, phone_number=phone_number, mode=_mode(mode))
        return self._call(self._inner.ensure_phone_number, op, _options(timeout, retry))

    def ensure_whitelisted_ip(
        self, trunk_sid: str, ip: str, *, mask: Optional[int] = None, timeout: Optional[float] = None, retry: Optional[RetryPolicy] = None
    ) -> "_ffi.EnsuredWhitelistedIp":
        """Whitelists the IP unless it already is."""
        op = _core.WhitelistIp(trunk_sid=trunk_sid, ip=ip, mask=mask)
        return self._call(self._inner.ensure_whitelisted_ip, op, _options(timeout, retry))

    def ensure_destinations(
        self, trunk_sid: str, destinations: Sequence[str], *, timeout: Optional[float] = None, retry: Optional[RetryPolicy] = None
    ) -> List["_ffi.EnsuredDestination"]:
        """Adds the destinations the trunk lacks; one entry per requested destination."""
        op = _core.AddDestinations(trunk_sid=trunk_sid, destinations=list(destinations))
        return list(self._call(self._inner.ensure_destinations, op, _options(timeout, retry)))

    def map_phone_numbers(
        self,
        trunk_sid: str,
        phone_numbers: Sequence[str],
        *,
        mode: Optional[str] = None,
        concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> List[BulkResult["_core.PhoneNumber"]]:
        """Ensures every number is mapped, on ``concurrency`` threads (1 to 50, default 8) under the rate governor;
        one :class:`BulkResult` per number, never aborting the batch."""
        ops = [_core.MapPhoneNumber(trunk_sid=trunk_sid, phone_number=n, mode=_mode(mode)) for n in phone_numbers]
        return _bulk(self._call(self._inner.map_phone_numbers, ops, _concurrency(concurrency), _options(timeout, retry)))

    def whitelist_ips(
        self,
        trunk_sid: str,
        ips: Sequence[str],
        *,
        mask: Optional[int] = None,
        concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> List[BulkResult["_core.WhitelistedIp"]]:
        """Ensures every IP is whitelisted, on ``concurrency`` threads (1 to 50, default 8); one result per IP."""
        ops = [_core.WhitelistIp(trunk_sid=trunk_sid, ip=ip, mask=mask) for ip in ips]
        return _bulk(self._call(self._inner.whitelist_ips, ops, _concurrency(concurrency), _options(timeout, retry)))


class AsyncClient(_AsyncOperations):
    """The asyncio Exotel SIP trunking client: the same methods as :class:`Client`, as
    coroutines. Cancelling a call (``task.cancel()``, ``asyncio.wait_for``) stops it:
    the request, the rate-governor wait and any backoff sleep.

    The default transport is httpx (``pip install 'exotel-sip[async]'``); pass any
    object with ``async send(Request) -> Response`` instead.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        api_token: Optional[str] = None,
        account_sid: Optional[str] = None,
        *,
        region: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
        rate_limit: Optional[RateLimit] = None,
        limiter: Optional[RateLimiter] = None,
        transport: Any = None,
        on_event: Optional[EventCallback] = None,
        log_events: Optional[bool] = None,
    ) -> None:
        credentials, settings = _settings(
            api_key, api_token, account_sid, region, base_url, timeout, retry, rate_limit
        )
        self._owns_transport = transport is None
        if transport is None:
            from ._transports import AsyncHttpxTransport

            transport = AsyncHttpxTransport()
        self._transport = transport
        native = getattr(transport, "_native_async", None)
        bridge = native() if native is not None else _AsyncBridge(transport)
        try:
            self._inner = _ffi.AsyncExotelClient(
                credentials,
                settings,
                bridge,
                limiter._inner if limiter is not None else None,
                _events(on_event, log_events),
                _ENV,
            )
        except _CoreError as exc:
            raise from_core(exc) from None

    def __repr__(self) -> str:
        return f"AsyncClient(base_url={self.base_url!r}, account_sid={self.account_sid!r})"

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the default transport (a transport you passed stays open)."""
        if self._owns_transport:
            aclose = getattr(self._transport, "aclose", None)
            if aclose is not None:
                await aclose()

    @property
    def base_url(self) -> str:
        """The effective base URL."""
        return str(self._inner.base_url())

    @property
    def account_sid(self) -> str:
        """The account SID."""
        return str(self._inner.account_sid())

    @property
    def limiter(self) -> RateLimiter:
        """This client's rate limiter; pass it as ``limiter=`` to share it."""
        lim = RateLimiter.__new__(RateLimiter)
        lim._inner = self._inner.rate_limiter()
        return lim

    async def _call(self, coro: Awaitable[T]) -> T:
        try:
            return await coro
        except (_CoreError, _RustPanic) as exc:
            raise from_core(exc) from None

    async def set_caller_id_alias(
        self,
        trunk_sid: str,
        phone_number: str,
        *,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> "_ffi.SettingBatch":
        """Sets the trunk's caller-ID alias (setting ``trunk_external_alias``)."""
        return await self.set_trunk_settings(
            trunk_sid, [(TRUNK_EXTERNAL_ALIAS, phone_number)], timeout=timeout, retry=retry
        )

    async def ensure_trunk(
        self,
        trunk_name: str,
        *,
        nso_code: Optional[str] = None,
        domain_name: Optional[str] = None,
        recorded_sid: Optional[str] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> "_core.EnsuredTrunk":
        """Creates the trunk, or confirms the one whose SID you recorded."""
        op = _core.CreateTrunk(trunk_name=trunk_name, nso_code=nso_code, domain_name=domain_name)
        return await self._call(self._inner.ensure_trunk(op, recorded_sid, _options(timeout, retry)))

    async def ensure_phone_number(
        self, trunk_sid: str, phone_number: str, *, mode: Optional[str] = None, timeout: Optional[float] = None, retry: Optional[RetryPolicy] = None
    ) -> "_ffi.EnsuredPhoneNumber":
        """Maps the number unless it already is (switching its mode if needed)."""
        op = _core.MapPhoneNumber(trunk_sid=trunk_sid, phone_number=phone_number, mode=_mode(mode))
        return await self._call(self._inner.ensure_phone_number(op, _options(timeout, retry)))

    async def ensure_whitelisted_ip(
        self, trunk_sid: str, ip: str, *, mask: Optional[int] = None, timeout: Optional[float] = None, retry: Optional[RetryPolicy] = None
    ) -> "_ffi.EnsuredWhitelistedIp":
        """Whitelists the IP unless it already is."""
        op = _core.WhitelistIp(trunk_sid=trunk_sid, ip=ip, mask=mask)
        return await self._call(self._inner.ensure_whitelisted_ip(op, _options(timeout, retry)))

    async def ensure_destinations(
        self, trunk_sid: str, destinations: Sequence[str], *, timeout: Optional[float] = None, retry: Optional[RetryPolicy] = None
    ) -> List["_ffi.EnsuredDestination"]:
        """Adds the destinations the trunk lacks; one entry per requested destination."""
        op = _core.AddDestinations(trunk_sid=trunk_sid, destinations=list(destinations))
        return list(await self._call(self._inner.ensure_destinations(op, _options(timeout, retry))))

    async def map_phone_numbers(
        self,
        trunk_sid: str,
        phone_numbers: Sequence[str],
        *,
        mode: Optional[str] = None,
        concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> List[BulkResult["_core.PhoneNumber"]]:
        """Ensures every number is mapped, ``concurrency`` at once under the rate governor."""
        ops = [_core.MapPhoneNumber(trunk_sid=trunk_sid, phone_number=n, mode=_mode(mode)) for n in phone_numbers]
        return _bulk(await self._call(self._inner.map_phone_numbers(ops, _concurrency(concurrency), _options(timeout, retry))))

    async def whitelist_ips(
        self,
        trunk_sid: str,
        ips: Sequence[str],
        *,
        mask: Optional[int] = None,
        concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> List[BulkResult["_core.WhitelistedIp"]]:
        """Ensures every IP is whitelisted, ``concurrency`` at once under the rate governor."""
        ops = [_core.WhitelistIp(trunk_sid=trunk_sid, ip=ip, mask=mask) for ip in ips]
        return _bulk(await self._call(self._inner.whitelist_ips(ops, _concurrency(concurrency), _options(timeout, retry))))
