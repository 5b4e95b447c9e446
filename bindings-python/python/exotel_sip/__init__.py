"""exotel-sip: the Exotel SIP Trunking API for Python, over one Rust core.

``Client`` (blocking, needs no event loop) and ``AsyncClient`` (asyncio) have one
method per endpoint, ``ensure_*`` calls and bulk helpers; every error is an
:class:`ExotelError`. ``exotel_sip.testing`` holds a local sandbox of the API.

Names are loaded on first use (PEP 562), so ``import exotel_sip`` stays fast: the
native library and asyncio load only when a client or a result type is touched.
"""

# `typing` is not imported at run time: it alone costs several milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Dict, List

__version__ = "0.1.0"

_ERRORS = (
    "ExotelError",
    "ValidationError",
    "ApiError",
    "AuthenticationError",
    "NotFoundError",
    "DuplicateError",
    "RateLimitedError",
    "PartialFailureError",
    "RequestTimeoutError",
    "TransportError",
    "DecodeError",
    "OutcomeUnknownError",
    "InternalError",
)
_CLIENT = (
    "Client",
    "AsyncClient",
    "RetryPolicy",
    "RateLimit",
    "RateLimiter",
    "BulkResult",
    "PageIterator",
    "AsyncPageIterator",
    "mode_name",
    "TRUNK_EXTERNAL_ALIAS",
)
_TRANSPORTS = ("Request", "Response", "UrllibTransport", "HttpxTransport", "AsyncHttpxTransport")
_CORE = (
    "Trunk",
    "PhoneNumber",
    "WhitelistedIp",
    "DestinationUri",
    "TrunkSetting",
    "DeletedTrunk",
    "EnsuredTrunk",
    "PageMetadata",
    "BatchMetadata",
    "Mode",
    "Event",
    "ItemFailure",
)
_FFI = (
    "PhoneNumberPage",
    "WhitelistedIpPage",
    "DestinationUriPage",
    "DestinationBatch",
    "SettingBatch",
    "EnsuredPhoneNumber",
    "EnsuredWhitelistedIp",
    "EnsuredDestination",
)

__all__ = list(_ERRORS + _CLIENT + _TRANSPORTS + _CORE + _FFI) + ["__version__"]

_WHERE: "Dict[str, str]" = {}
for _n in _ERRORS:
    _WHERE[_n] = "._errors"
for _n in _CLIENT:
    _WHERE[_n] = "._client"
for _n in _TRANSPORTS:
    _WHERE[_n] = "._transports"
for _n in _CORE:
    _WHERE[_n] = "._native.exotel_sip_core"
for _n in _FFI:
    _WHERE[_n] = "._native.exotel_sip_ffi"


def __getattr__(name: str) -> "Any":
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'exotel_sip' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> "List[str]":
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from ._client import (
        TRUNK_EXTERNAL_ALIAS as TRUNK_EXTERNAL_ALIAS,
        AsyncClient as AsyncClient,
        AsyncPageIterator as AsyncPageIterator,
        BulkResult as BulkResult,
        Client as Client,
        PageIterator as PageIterator,
        RateLimit as RateLimit,
        RateLimiter as RateLimiter,
        RetryPolicy as RetryPolicy,
        mode_name as mode_name,
    )
    from ._errors import (
        ApiError as ApiError,
        AuthenticationError as AuthenticationError,
        DecodeError as DecodeError,
        DuplicateError as DuplicateError,
        ExotelError as ExotelError,
        InternalError as InternalError,
        NotFoundError as NotFoundError,
        OutcomeUnknownError as OutcomeUnknownError,
        PartialFailureError as PartialFailureError,
        RateLimitedError as RateLimitedError,
        RequestTimeoutError as RequestTimeoutError,
        TransportError as TransportError,
        ValidationError as ValidationError,
    )
    from ._native.exotel_sip_core import (
        BatchMetadata as BatchMetadata,
        DeletedTrunk as DeletedTrunk,
        DestinationUri as DestinationUri,
        EnsuredTrunk as EnsuredTrunk,
        Event as Event,
        ItemFailure as ItemFailure,
        Mode as Mode,
        PageMetadata as PageMetadata,
        PhoneNumber as PhoneNumber,
        Trunk as Trunk,
        TrunkSetting as TrunkSetting,
        WhitelistedIp as WhitelistedIp,
    )
    from ._native.exotel_sip_ffi import (
        DestinationBatch as DestinationBatch,
        DestinationUriPage as DestinationUriPage,
        EnsuredDestination as EnsuredDestination,
        EnsuredPhoneNumber as EnsuredPhoneNumber,
        EnsuredWhitelistedIp as EnsuredWhitelistedIp,
        PhoneNumberPage as PhoneNumberPage,
        SettingBatch as SettingBatch,
        WhitelistedIpPage as WhitelistedIpPage,
    )
    from ._transports import (
        AsyncHttpxTransport as AsyncHttpxTransport,
        HttpxTransport as HttpxTransport,
        Request as Request,
        Response as Response,
        UrllibTransport as UrllibTransport,
    )
