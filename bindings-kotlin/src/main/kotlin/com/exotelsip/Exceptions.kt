package com.exotelsip

import com.exotelsip.ffi.core.CreatedItem
import com.exotelsip.ffi.core.ErrorKind
import com.exotelsip.ffi.core.ItemFailure
import com.exotelsip.ffi.core.TransportErrorKind
import com.exotelsip.ffi.core.Exception as CoreError

/**
 * Every error the SDK raises. One subclass per kind of the core's error table
 * (README "Error contract"); no message, field or `toString` carries the API token
 * or the `Authorization` header.
 */
sealed class ExotelException(
    /** The core's error kind (one per subclass family; `when` over it is exhaustive). */
    val kind: ErrorKind,
    description: String,
) : RuntimeException(description) {
    /** The kind's name as in the vectors, events and every binding: `validation`, `not_found`, … */
    val kindName: String get() = kind.name.lowercase()

    /** The core's text of the error, the same in every language (set when mapped from the core). */
    internal var coreText: String? = null

    /** The core's one human-readable text (server text redacted, control characters escaped). */
    override val message: String
        get() = coreText ?: super.message ?: kindName
}

/** Input broke a rule of the API; raised before any request exists. */
class ValidationException internal constructor(
    /** Wire path of the field, e.g. `destinations[1].destination`. */
    val field: String,
    /** Stable rule id. */
    val rule: String,
    /** The offending value (never a secret). */
    val value: String,
    /** What the rule asks for. */
    val detail: String,
) : ExotelException(ErrorKind.VALIDATION, "$field: $detail (rule $rule)")

/** An error answer from the API (`api` kind); the subclasses are the specific kinds. */
open class ApiException internal constructor(
    kind: ErrorKind,
    /** HTTP status. */
    val status: Int,
    /** The Exotel error code, if any. */
    val code: Long?,
    /** The envelope's `message`, if any. */
    val summary: String?,
    /** The error description. */
    val description: String,
    /** The `request_id` the server gave, if any. */
    val requestId: String?,
) : ExotelException(kind, "HTTP $status" + (code?.let { " code $it" } ?: "") + ": $description" +
    (requestId?.let { " (request $it)" } ?: ""))

/** HTTP 401 or code 1010. */
class AuthenticationException internal constructor(status: Int, code: Long?, description: String, requestId: String?) :
    ApiException(ErrorKind.AUTHENTICATION, status, code, null, description, requestId)

/** 404 / 1000, or 403 / 1003 (unknown or foreign trunk SID). */
class NotFoundException internal constructor(status: Int, code: Long?, description: String, requestId: String?) :
    ApiException(ErrorKind.NOT_FOUND, status, code, null, description, requestId)

/** Code 1008 or a 409, also an HTTP 200 with an inner 409. */
class DuplicateException internal constructor(status: Int, code: Long?, description: String, requestId: String?) :
    ApiException(ErrorKind.DUPLICATE, status, code, null, description, requestId)

/** HTTP 429; [retryAfterMs] from `Retry-After` when given. */
class RateLimitedException internal constructor(
    status: Int, code: Long?, description: String, requestId: String?,
    /** How long the server asked to wait, in ms. */
    val retryAfterMs: Long?,
) : ApiException(ErrorKind.RATE_LIMITED, status, code, null, description, requestId)

/** A batch where some item failed: nothing is dropped. */
class PartialFailureException internal constructor(
    status: Int, requestId: String?,
    /** Items the server made. */
    val created: List<CreatedItem>,
    /** Items that failed (index, item, status, code, description). */
    val failed: List<ItemFailure>,
) : ApiException(ErrorKind.PARTIAL_FAILURE, status, null, null, "${failed.size} item(s) failed, ${created.size} created", requestId)

/** The call's deadline passed. */
class RequestTimeoutException internal constructor(
    /** The deadline in ms. */
    val timeoutMs: Long,
) : ExotelException(ErrorKind.TIMEOUT, "the call did not finish within $timeoutMs ms")

/** No response was read ([transportKind]: connect, timeout, io_after_send, cancelled). */
class TransportException internal constructor(
    /** What failed. */
    val transportKind: TransportErrorKind,
    /** Redacted detail. */
    val detail: String,
) : ExotelException(ErrorKind.TRANSPORT, "${transportKind.name.lowercase()}: $detail")

/** An empty, truncated, HTML or non-envelope body. */
class DecodeException internal constructor(
    /** HTTP status. */
    val status: Int,
    /** At most 120 characters of the body, redacted. */
    val snippet: String,
    /** What could not be decoded. */
    val detail: String,
) : ExotelException(ErrorKind.DECODE, "HTTP $status: $detail")

/** A create was sent and its outcome cannot be established. */
class OutcomeUnknownException internal constructor(
    /** The operation. */
    val operation: String,
    /** What is known and what to do. */
    val detail: String,
) : ExotelException(ErrorKind.OUTCOME_UNKNOWN, "$operation: $detail")

/** A bug in the SDK. */
class InternalException internal constructor(
    /** What happened. */
    val detail: String,
) : ExotelException(ErrorKind.INTERNAL, detail)

/** Maps a core error (as the generated bindings raise it) to this package's class. */
internal fun CoreError.toExotel(): ExotelException =
    mapped().also { it.coreText = runCatching { com.exotelsip.ffi.errorText(this) }.getOrNull() }

private fun CoreError.mapped(): ExotelException = when (this) {
    is CoreError.Validation -> ValidationException(field, rule, value, detail)
    is CoreError.Authentication -> AuthenticationException(status.toInt(), code?.toLong(), description, requestId)
    is CoreError.NotFound -> NotFoundException(status.toInt(), code?.toLong(), description, requestId)
    is CoreError.Duplicate -> DuplicateException(status.toInt(), code?.toLong(), description, requestId)
    is CoreError.RateLimited -> RateLimitedException(status.toInt(), code?.toLong(), description, requestId, retryAfterMs?.toLong())
    is CoreError.Api -> ApiException(ErrorKind.API, status.toInt(), code?.toLong(), summary, description, requestId)
    is CoreError.PartialFailure -> PartialFailureException(status.toInt(), requestId, created, failed)
    is CoreError.Timeout -> RequestTimeoutException(timeoutMs.toLong())
    is CoreError.Transport -> TransportException(kind, detail)
    is CoreError.Decode -> DecodeException(status.toInt(), snippet, detail)
    is CoreError.OutcomeUnknown -> OutcomeUnknownException(operation, detail)
    is CoreError.Internal -> InternalException(detail)
}

/** Runs a generated call, translating its errors. */
internal inline fun <T> translating(block: () -> T): T = try {
    block()
} catch (e: CoreError) {
    throw e.toExotel()
} catch (e: com.exotelsip.ffi.InternalException) {
    throw InternalException(e.message ?: "internal error")
} catch (e: com.exotelsip.ffi.core.InternalException) {
    throw InternalException(e.message ?: "internal error")
}
