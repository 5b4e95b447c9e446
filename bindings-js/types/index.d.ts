// Type declarations of the `exotel-sip` package. Inputs and results use the
// wire field names (snake_case), exactly the core's serde shapes; client options
// and error properties are camelCase.

/** `pstn` (telephone network), `flow` (StreamKit / Voice AI), `null` (unset: routes as pstn), or a value kept verbatim. */
export type Mode = 'pstn' | 'flow' | null | (string & {});

/** A SIP trunk (fields the server omitted are null). */
export interface Trunk {
  trunk_sid: string;
  trunk_name: string | null;
  domain_name: string | null;
  status: string | null;
  auth_type: string | null;
  registration_enabled: string | null;
  edge_preference: string | null;
  nso_code: string | null;
  secure_trunking: string | null;
  destination_uris: string | null;
  whitelisted_ips: string | null;
  credentials: string | null;
  phone_numbers: string | null;
  date_created: string | null;
  date_updated: string | null;
}

/** A phone number (DID / ExoPhone) mapped to a trunk. */
export interface PhoneNumber {
  /** The numeric mapping id (use it with `updatePhoneNumberMode`). */
  id: string;
  phone_number: string;
  trunk_sid: string | null;
  mode: Mode;
  date_created: string | null;
  date_updated: string | null;
}

/** A whitelisted IPv4 range. */
export interface WhitelistedIp {
  id: string;
  ip: string;
  mask: number | null;
  trunk_sid: string | null;
  friendly_name: string | null;
  date_created: string | null;
  date_updated: string | null;
}

/** A destination URI of a trunk. */
export interface DestinationUri {
  id: string;
  destination: string;
  /** Wire name `type`. */
  type: string | null;
  priority: number | null;
  weight: number | null;
  trunk_sid: string | null;
  date_created: string | null;
  date_updated: string | null;
}

/** A trunk setting. */
export interface TrunkSetting {
  name: string;
  value: string;
  trunk_sid: string | null;
  date_created: string | null;
  date_updated: string | null;
}

/** Pagination metadata (keys absent on the wire are null). */
export interface PageMetadata {
  page_size: number | null;
  first_page_uri: string | null;
  prev_page_uri: string | null;
  next_page_uri: string | null;
}
/** One page of a list. */
export interface Page<T> {
  items: T[];
  metadata: PageMetadata;
}
/** Counts of a batch call. */
export interface BatchMetadata {
  total: number | null;
  success: number | null;
  failed: number | null;
}
/** A batch call whose every item succeeded. */
export interface Batch<T> {
  items: T[];
  metadata: BatchMetadata;
}
/** What `deleteTrunk` reports; `trunk` is null when a retry found it already deleted. */
export interface DeletedTrunk {
  trunk_sid: string;
  trunk: Trunk | null;
}
/** A resource that now exists, and whether this call created it. */
export interface Ensured<T> {
  resource: T;
  created: boolean;
}
/** What `ensureTrunk` established. */
export interface EnsuredTrunk {
  trunk_sid: string;
  trunk: Trunk | null;
  created: boolean;
}
/** One item's outcome in a bulk helper. */
export type BulkItem<T> = { index: number; item: string } & (
  | { outcome: 'created'; resource: T }
  | { outcome: 'existed'; resource: T }
  | { outcome: 'failed'; error: ExotelErrorJson }
);

/** Input of `createTrunk` (and `ensureTrunk`, which also takes a recorded `trunk_sid`). */
export interface CreateTrunkInput {
  /** Letters, digits and `_`, at most 16 characters. */
  trunk_name: string;
  /** Default `ANY-ANY`. */
  nso_code?: string;
  /** Default `<account_sid>.pstn.exotel.com`. */
  domain_name?: string;
}
export interface EnsureTrunkInput extends CreateTrunkInput {
  /** The SID an earlier run recorded: confirmed instead of creating. */
  recorded_sid?: string | null;
}
/** Input of `mapPhoneNumbers`. */
export interface MapPhoneNumbersInput {
  trunk_sid: string;
  /** The numbers, E.164. */
  phone_numbers: string[];
  mode?: Mode | null;
  /** Items in flight at once (default 8, 1 to 50). */
  concurrency?: number;
}
/** Input of `whitelistIps`. */
export interface WhitelistIpsInput {
  trunk_sid: string;
  /** The IPv4 addresses. */
  ips: string[];
  /** CIDR mask 16 to 32 for every IP (default 32). */
  mask?: number | null;
  /** Items in flight at once (default 8, 1 to 50). */
  concurrency?: number;
}
/** A lazy walk over every item of a list: `for await (const item of it)`, or `it.pages()` for whole pages. */
export interface ItemIterator<T> extends AsyncIterable<T> {
  /** Each page, fetched when the loop reaches it. */
  pages(): AsyncGenerator<Page<T>, void, undefined>;
  /** Every item of every page, as an array. */
  toArray(): Promise<T[]>;
}
export interface MapPhoneNumberInput {
  trunk_sid: string;
  /** E.164, e.g. `+919876543210`. */
  phone_number: string;
  /** `pstn` or `flow`; omitted sends no mode. */
  mode?: 'pstn' | 'flow' | null;
}
export interface UpdatePhoneNumberModeInput {
  trunk_sid: string;
  /** The numeric mapping id (not the number). */
  phone_number_id: string;
  phone_number: string;
  mode: 'pstn' | 'flow';
}
export interface WhitelistIpInput {
  trunk_sid: string;
  ip: string;
  /** 16–32, default 32. */
  mask?: number;
}
export interface AddDestinationsInput {
  trunk_sid: string;
  /** `<ip-or-fqdn>[:<port>][;transport=<tls|tcp|udp>]`, with or without `sip:`. */
  destinations: string[];
}
export interface SettingInput {
  name: string;
  value: string;
}
export interface SetTrunkSettingsInput {
  trunk_sid: string;
  settings: SettingInput[];
}
export interface ListQuery {
  trunk_sid: string;
  offset?: number;
  /** At least 1; the server's default is 50. */
  page_size?: number;
}

/** How failed attempts are retried (exponential backoff, full jitter). */
export interface RetryPolicy {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxElapsedMs?: number;
}
/** Client-side rate limits (Exotel's: 200/minute, 50 in flight). */
/**
 * Rate limits of one account (defaults: Exotel's 200 a minute and 50 in flight,
 * at most 20 a second, a 500 ms latency margin). A call goes at once while fewer
 * than the limit were sent in the last window plus the margin.
 */
export interface RateLimit {
  /** Requests in any minute; 0 = no limit. Default 200. */
  requestsPerMinute?: number;
  /** Requests in any one second (the short-window cap); 0 = off. Default 20. */
  requestsPerSecond?: number;
  /** Calls in flight at once; 0 = unlimited. Default 50. */
  maxInFlight?: number;
  /** Added to each window to cover the spread of network latency, in ms. Default 500. */
  latencyMarginMs?: number;
}

/** The request a transport sends. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Give up after this long (the client also races it). */
  timeoutMs: number;
}
/** The response a transport returns (any HTTP status; never follow redirects). */
export interface TransportResponse {
  status: number;
  headers: Record<string, string> | Array<[string, string]> | { forEach(cb: (value: string, name: string) => void): void; get(name: string): string | null };
  body: string;
}
/** Anything that sends a request: the default `fetch`, a server-side proxy, undici, a test double. */
export interface Transport {
  send(request: TransportRequest, options: { signal: AbortSignal }): Promise<TransportResponse>;
}

/** One thing the client did (redacted: no header, body or secret). */
export type ClientEvent =
  | { type: 'request_start'; operation: string; method: string; url: string; attempt: number }
  | { type: 'request_end'; operation: string; method: string; url: string; attempt: number; status: number | null; duration_ms: number; request_id: string | null; error_kind: string | null }
  | { type: 'retry'; operation: string; attempt: number; delay_ms: number; reason: string }
  | { type: 'throttle_wait'; operation: string; wait_ms: number }
  | { type: 'rate_limit_feedback'; operation: string; source: 'retry_after' | 'rate_limit_headers'; pause_ms: number; limit: number | null; remaining: number | null; reset_ms: number | null }
  | { type: 'bulk_progress'; operation: string; done: number; total: number; failed: number };

/** Client options. In Node, unset credentials fall back to `process.env.EXOTEL_*`. */
export interface ClientOptions {
  /** Default `process.env.EXOTEL_ACCOUNT_SID`. */
  accountSid?: string;
  /** Default `process.env.EXOTEL_API_KEY`. */
  apiKey?: string;
  /** Default `process.env.EXOTEL_API_TOKEN`. Never ship it in front-end code. */
  apiToken?: string;
  /** `singapore` (default) or `mumbai`; default `process.env.EXOTEL_REGION`. */
  region?: 'singapore' | 'mumbai' | 'sg' | 'in';
  /** A custom base URL (HTTPS unless loopback); default `process.env.EXOTEL_BASE_URL`. */
  baseUrl?: string;
  /** Deadline of each call in ms (default 30 000). */
  timeoutMs?: number;
  /** Default retry policy. */
  retry?: RetryPolicy;
  /** This client's own rate limits (ignored when `limiter` is given). */
  rateLimit?: RateLimit;
  /** A limiter shared with other clients of the same account. */
  limiter?: Limiter;
  /** Default: the platform's `fetch`. */
  transport?: Transport;
  /** Receives the client's (redacted) events; called inline, keep it quick. */
  onEvent?: (event: ClientEvent) => void;
  /** `false` ignores `process.env`. */
  env?: boolean;
}

/** Per-call options. */
export interface CallOptions {
  /** Stops the send, the rate-limit wait and any backoff; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Deadline of this call in ms. */
  timeoutMs?: number;
  /** Retry policy of this call. */
  retry?: RetryPolicy;
}
/** A rate limiter to share between clients of one account. */
export declare class Limiter {
  constructor(limit?: RateLimit);
  readonly limit: Required<RateLimit>;
}

/** An Exotel SIP trunking client. */
export declare class ExotelClient {
  /** Throws a ValidationError for invalid credentials or base URL. */
  constructor(options?: ClientOptions);
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly limiter: Limiter | null;
  // BEGIN GENERATED by `cargo xtask codegen` from core/src/catalog.rs: do not edit (client)
  /**
   * Creates a trunk; save the returned `trunk_sid`.
   *
   * A trunk name is unique in the account: a second create answers a duplicate error.
   *
   * @param input
   *   - `trunk_name`: Unique name: letters, digits and `_`, at most 16 characters.
   *   - `nso_code`: Network Service Operator code. Default: `ANY-ANY`.
   *   - `domain_name`: SIP domain, ending in `.pstn.exotel.com`. Default: `<account_sid>.pstn.exotel.com`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  createTrunk(input: CreateTrunkInput, options?: CallOptions): Promise<Trunk>;
  /**
   * Deletes a trunk and everything mapped to it.
   *
   * A retried delete that finds the trunk gone reports it deleted, without its body.
   *
   * @param trunkSid The trunk's SID (`trmum1…`), as Create Trunk returned it.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  deleteTrunk(trunkSid: string, options?: CallOptions): Promise<DeletedTrunk>;
  /**
   * Maps a phone number to a trunk.
   *
   * Mapping a number that is already mapped answers a duplicate error.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `phone_number`: The number in E.164 form, e.g. `+919876543210`.
   *   - `mode`: `pstn` or `flow` (StreamKit); not sent when not given (routed as PSTN).
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  mapPhoneNumber(input: MapPhoneNumberInput, options?: CallOptions): Promise<PhoneNumber>;
  /**
   * Switches a mapped number between `pstn` and `flow`.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `phone_number_id`: The numeric mapping id returned when the number was mapped (not the number).
   *   - `phone_number`: The number itself, E.164; it must match the id.
   *   - `mode`: The new mode: `pstn` or `flow`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  updatePhoneNumberMode(input: UpdatePhoneNumberModeInput, options?: CallOptions): Promise<PhoneNumber>;
  /**
   * Whitelists an IPv4 address or range on a trunk.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `ip`: Public IPv4 address of your PBX or SBC.
   *   - `mask`: CIDR mask, 16 to 32 (32: a single address). Default: `32`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  whitelistIp(input: WhitelistIpInput, options?: CallOptions): Promise<WhitelistedIp>;
  /**
   * Adds destination URIs, where inbound calls go.
   *
   * The server answers per item (HTTP 207): if any item failed, the call fails with a partial-failure error that carries the items created.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `destinations`: `<ip-or-fqdn>[:<port>][;transport=<tls|tcp|udp>]`, with or without `sip:`; an IP must be whitelisted first.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  addDestinations(input: AddDestinationsInput, options?: CallOptions): Promise<Batch<DestinationUri>>;
  /**
   * Applies trunk settings, such as the caller-ID alias.
   *
   * Answered per item (HTTP 207), like Add Destinations.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `settings`: Settings to apply, in order (`trunk_external_alias` must be E.164).
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  setTrunkSettings(input: SetTrunkSettingsInput, options?: CallOptions): Promise<Batch<TrunkSetting>>;
  /**
   * Reads a trunk's credentials sub-resource as raw JSON.
   *
   * Its shape is not documented by the reference.
   *
   * @param trunkSid The trunk's SID (`trmum1…`), as Create Trunk returned it.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  getTrunkCredentials(trunkSid: string, options?: CallOptions): Promise<unknown>;
  /**
   * Every phone number mapped to a trunk. Lazy: `for await (const x of client.listPhoneNumbers(…))` fetches a page when it needs one; `.pages()` yields whole pages.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `offset`: Items to skip before the first one returned.
   *   - `page_size`: Items per page. Default: `50`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  listPhoneNumbers(input: ListQuery, options?: CallOptions): ItemIterator<PhoneNumber>;
  /**
   * One page: every phone number mapped to a trunk.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `offset`: Items to skip before the first one returned.
   *   - `page_size`: Items per page. Default: `50`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  phoneNumbersPage(input: ListQuery, options?: CallOptions): Promise<Page<PhoneNumber>>;
  /**
   * Every IP range whitelisted on a trunk. Lazy: `for await (const x of client.listWhitelistedIps(…))` fetches a page when it needs one; `.pages()` yields whole pages.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `offset`: Items to skip before the first one returned.
   *   - `page_size`: Items per page. Default: `50`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  listWhitelistedIps(input: ListQuery, options?: CallOptions): ItemIterator<WhitelistedIp>;
  /**
   * One page: every IP range whitelisted on a trunk.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `offset`: Items to skip before the first one returned.
   *   - `page_size`: Items per page. Default: `50`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  whitelistedIpsPage(input: ListQuery, options?: CallOptions): Promise<Page<WhitelistedIp>>;
  /**
   * Every destination URI of a trunk. Lazy: `for await (const x of client.listDestinations(…))` fetches a page when it needs one; `.pages()` yields whole pages.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `offset`: Items to skip before the first one returned.
   *   - `page_size`: Items per page. Default: `50`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  listDestinations(input: ListQuery, options?: CallOptions): ItemIterator<DestinationUri>;
  /**
   * One page: every destination URI of a trunk.
   *
   * @param input
   *   - `trunk_sid`: The trunk's SID (`trmum1…`), as Create Trunk returned it.
   *   - `offset`: Items to skip before the first one returned.
   *   - `page_size`: Items per page. Default: `50`.
   * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's).
   */
  destinationsPage(input: ListQuery, options?: CallOptions): Promise<Page<DestinationUri>>;
  // END GENERATED (client)

  // Hand-written: the helpers the catalog marks custom.
  /** Sets the caller ID shown on the trunk's outbound calls (the `trunk_external_alias` setting); E.164 `phone_number`. */
  setCallerIdAlias(input: { trunk_sid: string; phone_number: string }, options?: CallOptions): Promise<Batch<TrunkSetting>>;
  /** Creates the trunk, or confirms the one whose SID an earlier run recorded (`recorded_sid`). */
  ensureTrunk(input: EnsureTrunkInput, options?: CallOptions): Promise<EnsuredTrunk>;
  /** Maps the number unless it already is, switching its mode if needed; `created` says whether this call mapped it. */
  ensurePhoneNumber(input: MapPhoneNumberInput, options?: CallOptions): Promise<Ensured<PhoneNumber>>;
  /** Whitelists the IP unless it already is; `created` says whether this call did. */
  ensureWhitelistedIp(input: WhitelistIpInput, options?: CallOptions): Promise<Ensured<WhitelistedIp>>;
  /** Adds the destinations the trunk lacks (it lists first: posting one that exists would add a second row); one entry per requested destination. */
  ensureDestinations(input: AddDestinationsInput, options?: CallOptions): Promise<Array<Ensured<DestinationUri>>>;
  /** Ensures every number is mapped to the trunk, `concurrency` at once (default 8, 1 to 50); one outcome per number, in order. */
  mapPhoneNumbers(input: MapPhoneNumbersInput, options?: CallOptions): Promise<Array<BulkItem<PhoneNumber>>>;
  /** Ensures every IP is whitelisted on the trunk, `concurrency` at once (default 8, 1 to 50); one outcome per IP, in order. */
  whitelistIps(input: WhitelistIpsInput, options?: CallOptions): Promise<Array<BulkItem<WhitelistedIp>>>;
  toString(): string;
  toJSON(): { accountSid: string; baseUrl: string };
}

/** The default transport: the platform's `fetch` with `redirect: "manual"`. */
export declare function fetchTransport(options?: { fetch?: typeof fetch }): Transport;

/** Throw it from a custom transport when no response was read. */
export declare class TransportFailure extends Error {
  constructor(kind: 'connect' | 'timeout' | 'io_after_send' | 'cancelled', detail: string);
  readonly kind: 'connect' | 'timeout' | 'io_after_send' | 'cancelled';
}

export declare const DEFAULT_RATE_LIMIT: Readonly<Required<RateLimit>>;
export declare const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicy>>;
export declare const NO_RETRY: Readonly<Required<RetryPolicy>>;

/** The core's error kinds. */
export type ErrorKind =
  | 'validation' | 'authentication' | 'not_found' | 'duplicate' | 'rate_limited' | 'api'
  | 'partial_failure' | 'timeout' | 'transport' | 'decode' | 'outcome_unknown' | 'internal';

/** An error in the core's serialized form. */
export interface ExotelErrorJson {
  kind: ErrorKind;
  [field: string]: unknown;
}

/** One failed item of a batch call. */
export interface ItemFailure {
  index: number;
  item: string;
  status: number;
  code: number | null;
  description: string;
}

/** Base class of every error the SDK raises. */
export declare class ExotelError extends Error {
  readonly kind: ErrorKind;
  /** HTTP status of the response, or null when none was read. */
  readonly status: number | null;
  /** Exotel error code (e.g. 1008), or null. */
  readonly code: number | null;
  /** Server description, or null. */
  readonly description: string | null;
  /** Envelope `request_id`, or null. */
  readonly requestId: string | null;
  /** The core's serialized form. */
  toJSON(): ExotelErrorJson;
}
export declare class ValidationError extends ExotelError {
  readonly kind: 'validation';
  readonly field: string;
  readonly rule: string;
  readonly value: string;
  readonly detail: string;
}
export declare class ApiError extends ExotelError {
  readonly status: number;
  /** The envelope's short error title, or null. */
  readonly summary: string | null;
}
export declare class AuthenticationError extends ApiError {}
export declare class NotFoundError extends ApiError {}
export declare class DuplicateError extends ApiError {}
export declare class RateLimitedError extends ApiError {
  readonly retryAfterMs: number | null;
}
export declare class PartialFailureError extends ApiError {
  readonly created: Array<DestinationUri | TrunkSetting>;
  readonly failed: ItemFailure[];
}
export declare class RequestTimeoutError extends ExotelError {
  readonly timeoutMs: number;
}
export declare class TransportError extends ExotelError {
  readonly transportKind: 'connect' | 'timeout' | 'io_after_send' | 'cancelled';
  readonly detail: string;
}
export declare class DecodeError extends ExotelError {
  readonly snippet: string;
  readonly detail: string;
}
export declare class OutcomeUnknownError extends ExotelError {
  readonly operation: string;
  readonly detail: string;
}
export declare class InternalError extends ExotelError {
  readonly detail: string;
}

export declare function errorFromWire(wire: ExotelErrorJson): ExotelError;
export declare function isExotelError(e: unknown): e is ExotelError;
export declare function isValidationError(e: unknown): e is ValidationError;
export declare function isApiError(e: unknown): e is ApiError;
export declare function isAuthenticationError(e: unknown): e is AuthenticationError;
export declare function isNotFoundError(e: unknown): e is NotFoundError;
export declare function isDuplicateError(e: unknown): e is DuplicateError;
export declare function isRateLimitedError(e: unknown): e is RateLimitedError;
export declare function isPartialFailureError(e: unknown): e is PartialFailureError;
export declare function isRequestTimeoutError(e: unknown): e is RequestTimeoutError;
export declare function isTransportError(e: unknown): e is TransportError;
export declare function isDecodeError(e: unknown): e is DecodeError;
export declare function isOutcomeUnknownError(e: unknown): e is OutcomeUnknownError;
export declare function isInternalError(e: unknown): e is InternalError;
