// Error classes following the core's error table (root README, "Error contract").
// Every error the SDK raises is an ExotelError; `kind` is the core's kind, and
// `toJSON()` gives the core's serde form (`{"kind": …, wire fields}`).

/** Base class of every error the SDK raises. */
export class ExotelError extends Error {
  /** @param {Record<string, any>} wire the core's serialized error (+ `message`) */
  constructor(wire) {
    super(typeof wire.message === 'string' ? wire.message : String(wire.kind));
    const data = { ...wire };
    delete data.message;
    Object.defineProperty(this, '_wire', { value: data, enumerable: false });
    /** The core's error kind, e.g. `not_found`. */
    this.kind = wire.kind;
    /** HTTP status of the response, or null when no response was read. */
    this.status = typeof wire.status === 'number' ? wire.status : null;
    /** Exotel error code (e.g. 1008), or null. */
    this.code = typeof wire.code === 'number' ? wire.code : null;
    /** Server description, or null. */
    this.description = typeof wire.description === 'string' ? wire.description : null;
    /** Envelope `request_id`, or null. */
    this.requestId = typeof wire.request_id === 'string' ? wire.request_id : null;
  }
  /** The core's serialized form: `{ kind, …wire fields }`. */
  toJSON() {
    return { ...this._wire };
  }
}

/** Input broke a rule of the API; raised before any request exists. */
export class ValidationError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** Wire path of the field, e.g. `destinations[1].destination`. */
    this.field = wire.field;
    /** Stable rule id, e.g. `max_length`. */
    this.rule = wire.rule;
    /** The offending value (never a secret). */
    this.value = wire.value;
    /** What the rule requires. */
    this.detail = wire.detail;
  }
}

/** Any error answer of the API (parent of the specific ones). */
export class ApiError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** The envelope's short error title (its `message` field), or null. */
    this.summary = typeof wire.summary === 'string' ? wire.summary : null;
  }
}
/** Wrong or missing credentials (HTTP 401, code 1010). */
export class AuthenticationError extends ApiError {}
/** Unknown resource: 404/1000, or 403/1003 for an unknown or foreign trunk SID. */
export class NotFoundError extends ApiError {}
/** The resource already exists (1008), also as HTTP 200 with an inner 409. */
export class DuplicateError extends ApiError {}
/** Too many requests (HTTP 429). */
export class RateLimitedError extends ApiError {
  constructor(wire) {
    super(wire);
    /** `Retry-After` in milliseconds, or null when the server sent none. */
    this.retryAfterMs = typeof wire.retry_after_ms === 'number' ? wire.retry_after_ms : null;
  }
}
/** A batch call applied some items and failed others: both lists are kept. */
export class PartialFailureError extends ApiError {
  constructor(wire) {
    super(wire);
    /** Items that were created, as the server returned them. */
    this.created = Array.isArray(wire.created) ? wire.created : [];
    /** Items that failed: `{ index, item, status, code, description }`. */
    this.failed = Array.isArray(wire.failed) ? wire.failed : [];
  }
}
/** The call's deadline passed. */
export class RequestTimeoutError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** The deadline that passed, in milliseconds. */
    this.timeoutMs = wire.timeout_ms;
  }
}
/** The transport failed: no response was read. */
export class TransportError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** `connect` (never sent), `timeout`, `io_after_send` or `cancelled`. */
    this.transportKind = wire.transport_kind;
    /** Redacted detail from the transport. */
    this.detail = wire.detail;
  }
}
/** The response could not be understood (empty, truncated, HTML, not an envelope). */
export class DecodeError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** A short, redacted start of the body. */
    this.snippet = wire.snippet;
    /** What was wrong with it. */
    this.detail = wire.detail;
  }
}
/** A create was sent and its outcome cannot be established. */
export class OutcomeUnknownError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** The operation, e.g. `create_trunk`. */
    this.operation = wire.operation;
    /** What is known and what to do. */
    this.detail = wire.detail;
  }
}
/** A bug in the SDK; please report it. */
export class InternalError extends ExotelError {
  constructor(wire) {
    super(wire);
    /** What happened. */
    this.detail = wire.detail;
  }
}

const CLASSES = {
  validation: ValidationError,
  authentication: AuthenticationError,
  not_found: NotFoundError,
  duplicate: DuplicateError,
  rate_limited: RateLimitedError,
  api: ApiError,
  partial_failure: PartialFailureError,
  timeout: RequestTimeoutError,
  transport: TransportError,
  decode: DecodeError,
  outcome_unknown: OutcomeUnknownError,
  internal: InternalError,
};

// Explicit names: they survive minifying bundlers, on the instances (`err.name`)
// and on the classes (`err.constructor.name`, which Node's inspect prints).
for (const [Class, name] of [
  [ExotelError, 'ExotelError'], [ValidationError, 'ValidationError'], [ApiError, 'ApiError'],
  [AuthenticationError, 'AuthenticationError'], [NotFoundError, 'NotFoundError'],
  [DuplicateError, 'DuplicateError'], [RateLimitedError, 'RateLimitedError'],
  [PartialFailureError, 'PartialFailureError'], [RequestTimeoutError, 'RequestTimeoutError'],
  [TransportError, 'TransportError'], [DecodeError, 'DecodeError'],
  [OutcomeUnknownError, 'OutcomeUnknownError'], [InternalError, 'InternalError'],
]) {
  Class.prototype.name = name;
  Object.defineProperty(Class, 'name', { value: name });
}

/** Builds the error class for a serialized core error. */
export function errorFromWire(wire) {
  if (!wire || typeof wire !== 'object') {
    return new InternalError({ kind: 'internal', detail: 'unexpected error value', message: 'internal error: unexpected error value' });
  }
  const Class = CLASSES[wire.kind] ?? InternalError;
  return new Class(wire);
}

/** Whether `e` is any error raised by the SDK. */
export const isExotelError = (e) => e instanceof ExotelError;
/** Whether `e` is a ValidationError. */
export const isValidationError = (e) => e instanceof ValidationError;
/** Whether `e` is an ApiError (or one of its subclasses). */
export const isApiError = (e) => e instanceof ApiError;
/** Whether `e` is an AuthenticationError. */
export const isAuthenticationError = (e) => e instanceof AuthenticationError;
/** Whether `e` is a NotFoundError. */
export const isNotFoundError = (e) => e instanceof NotFoundError;
/** Whether `e` is a DuplicateError. */
export const isDuplicateError = (e) => e instanceof DuplicateError;
/** Whether `e` is a RateLimitedError. */
export const isRateLimitedError = (e) => e instanceof RateLimitedError;
/** Whether `e` is a PartialFailureError. */
export const isPartialFailureError = (e) => e instanceof PartialFailureError;
/** Whether `e` is a RequestTimeoutError. */
export const isRequestTimeoutError = (e) => e instanceof RequestTimeoutError;
/** Whether `e` is a TransportError. */
export const isTransportError = (e) => e instanceof TransportError;
/** Whether `e` is a DecodeError. */
export const isDecodeError = (e) => e instanceof DecodeError;
/** Whether `e` is an OutcomeUnknownError. */
export const isOutcomeUnknownError = (e) => e instanceof OutcomeUnknownError;
/** Whether `e` is an InternalError. */
export const isInternalError = (e) => e instanceof InternalError;
