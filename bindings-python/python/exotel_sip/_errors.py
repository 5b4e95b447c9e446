"""The exception hierarchy: one base class, the core's error table, fields as attributes.

Importing this module does not load the native library.
"""

from typing import Any, List, Optional

__all__ = [
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
]


class ExotelError(Exception):
    """Base class of every error the SDK raises; ``error_kind`` names the kind."""

    error_kind: str = "internal"

    def __init__(self, text: str) -> None:
        super().__init__(text)


class ValidationError(ExotelError):
    """Input broke a rule of the API; raised before any request exists.

    Attributes: ``field`` (wire path, e.g. ``destinations[1].destination``), ``rule``
    (stable id such as ``max_length``), ``value`` (never a secret), ``detail``.
    """

    error_kind = "validation"

    def __init__(self, field: str, rule: str, value: str, detail: str) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        self.detail = detail
        super().__init__(f"invalid {field}: {detail} (rule `{rule}`, value {value!r})")


class ApiError(ExotelError):
    """An error answer of the API.

    Attributes: ``status`` (HTTP), ``code`` (Exotel code or ``None``), ``summary``,
    ``description``, ``request_id`` (quote it to Exotel support).
    """

    error_kind = "api"

    def __init__(
        self,
        status: int,
        code: Optional[int],
        description: str,
        request_id: Optional[str],
        summary: Optional[str] = None,
        text: Optional[str] = None,
    ) -> None:
        self.status = status
        self.code = code
        self.description = description
        self.request_id = request_id
        self.summary = summary
        super().__init__(text or f"API error (HTTP {status}, code {code}): {description}")


class AuthenticationError(ApiError):
    """Wrong or missing credentials (HTTP 401, Exotel code 1010)."""

    error_kind = "authentication"


class NotFoundError(ApiError):
    """Unknown resource: 404/1000, or 403/1003 for an unknown or foreign trunk SID."""

    error_kind = "not_found"


class DuplicateError(ApiError):
    """The resource already exists (1008), also as HTTP 200 with an inner 409."""

    error_kind = "duplicate"


class RateLimitedError(ApiError):
    """HTTP 429. ``retry_after_ms`` is the server's ``Retry-After`` (or ``None``)."""

    error_kind = "rate_limited"

    def __init__(
        self,
        status: int,
        code: Optional[int],
        description: str,
        request_id: Optional[str],
        retry_after_ms: Optional[int],
    ) -> None:
        self.retry_after_ms = retry_after_ms
        super().__init__(
            status,
            code,
            description,
            request_id,
            text=f"rate limited (HTTP {status}); retry after {retry_after_ms} ms",
        )


class PartialFailureError(ApiError):
    """A batch call applied some items and failed others; nothing is dropped.

    ``created`` holds the items made (destinations or settings), ``failed`` the
    failures (``index``, ``item``, ``status``, ``code``, ``description``).
    """

    error_kind = "partial_failure"

    def __init__(
        self, status: int, created: List[Any], failed: List[Any], request_id: Optional[str]
    ) -> None:
        self.created = created
        self.failed = failed
        total = len(created) + len(failed)
        super().__init__(
            status,
            None,
            f"{len(failed)} of {total} items failed",
            request_id,
            text=f"{len(failed)} of {total} items failed",
        )


class RequestTimeoutError(ExotelError):
    """The call's deadline passed. Attribute: ``timeout_ms``."""

    error_kind = "timeout"

    def __init__(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        super().__init__(f"timed out after {timeout_ms} ms")


class TransportError(ExotelError):
    """No response was read.

    ``kind`` is ``connect`` (nothing was sent), ``timeout``, ``io_after_send`` or
    ``cancelled``; ``detail`` is redacted. Custom transports raise it too.
    """

    error_kind = "transport"
    KINDS = ("connect", "timeout", "io_after_send", "cancelled")

    def __init__(self, kind: str, detail: str) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"transport error kind must be one of {self.KINDS}, not {kind!r}")
        self.kind = kind
        self.detail = detail
        super().__init__(f"transport error ({kind}): {detail}")


class DecodeError(ExotelError):
    """The response was not an Exotel envelope. Attributes: ``status``, ``snippet``, ``detail``."""

    error_kind = "decode"

    def __init__(self, status: int, snippet: str, detail: str) -> None:
        self.status = status
        self.snippet = snippet
        self.detail = detail
        super().__init__(f"undecodable response (HTTP {status}): {detail}")


class OutcomeUnknownError(ExotelError):
    """A create was sent and its outcome cannot be established. ``operation``, ``detail``."""

    error_kind = "outcome_unknown"

    def __init__(self, operation: str, detail: str) -> None:
        self.operation = operation
        self.detail = detail
        super().__init__(f"outcome of {operation} unknown: {detail}")


class InternalError(ExotelError):
    """A bug in the SDK; please report it. Attribute: ``detail``."""

    error_kind = "internal"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"internal error: {detail}")


def _transport_kind(kind: Any) -> str:
    name = getattr(kind, "name", str(kind))
    return str(name).lower()


def from_core(err: BaseException) -> ExotelError:
    """Maps an error of the generated core module to this hierarchy.

    Its text is the core's, the same in every language (server text redacted,
    control characters escaped so no description can forge a log line).
    """
    mapped = _map(err)
    try:
        from ._native.exotel_sip_ffi import error_text

        mapped.args = (error_text(err),)
    except Exception:  # noqa: BLE001 - not a core error: keep the composed text
        pass
    return mapped


def _map(err: BaseException) -> ExotelError:
    variant = type(err).__name__
    g = getattr
    if variant == "Validation":
        return ValidationError(g(err, "field"), g(err, "rule"), g(err, "value"), g(err, "detail"))
    if variant == "Authentication":
        return AuthenticationError(err.status, err.code, err.description, err.request_id)  # type: ignore[attr-defined]
    if variant == "NotFound":
        return NotFoundError(err.status, err.code, err.description, err.request_id)  # type: ignore[attr-defined]
    if variant == "Duplicate":
        return DuplicateError(err.status, err.code, err.description, err.request_id)  # type: ignore[attr-defined]
    if variant == "RateLimited":
        return RateLimitedError(
            err.status, err.code, err.description, err.request_id, err.retry_after_ms  # type: ignore[attr-defined]
        )
    if variant == "Api":
        return ApiError(
            err.status, err.code, err.description, err.request_id, err.summary  # type: ignore[attr-defined]
        )
    if variant == "PartialFailure":
        created = [g(c, "item", c) for c in g(err, "created")]
        return PartialFailureError(g(err, "status"), created, list(g(err, "failed")), g(err, "request_id"))
    if variant == "Timeout":
        return RequestTimeoutError(g(err, "timeout_ms"))
    if variant == "Transport":
        return TransportError(_transport_kind(g(err, "kind")), g(err, "detail"))
    if variant == "Decode":
        return DecodeError(g(err, "status"), g(err, "snippet"), g(err, "detail"))
    if variant == "OutcomeUnknown":
        return OutcomeUnknownError(g(err, "operation"), g(err, "detail"))
    if variant == "Internal":
        return InternalError(g(err, "detail"))
    return InternalError(f"{variant}: {err}")
