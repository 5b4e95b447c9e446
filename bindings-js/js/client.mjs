// The idiomatic JS API over the thin wasm surface (`WasmClient.call(op, json…)`).
// Entry files (node.mjs, browser.mjs) hand in a runtime that owns the wasm instance.
import { errorFromWire, InternalError } from './errors.mjs';
import { fetchTransport, TransportFailure } from './fetch.mjs';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Exotel's documented limits (200 requests a minute, 50 in flight), at most 20 a second, a 500 ms latency margin. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ requestsPerMinute: 200, requestsPerSecond: 20, maxInFlight: 50, latencyMarginMs: 500 });
/** The core's default retry policy. */
export const DEFAULT_RETRY_POLICY = Object.freeze({ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8000, maxElapsedMs: 60000 });
/** One attempt, no retries. */
export const NO_RETRY = Object.freeze({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 });

function abortError() {
  return new DOMException('This operation was aborted', 'AbortError');
}

function retryWire(retry) {
  if (!retry) return undefined;
  return {
    max_attempts: retry.maxAttempts,
    base_delay_ms: retry.baseDelayMs,
    max_delay_ms: retry.maxDelayMs,
    max_elapsed_ms: retry.maxElapsedMs,
  };
}

function hostLanguage() {
  const node = globalThis.process?.versions?.node;
  if (node) return `javascript; node/${node}`;
  return 'javascript; browser';
}

function randomU32() {
  const c = globalThis.crypto;
  if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0];
  return Math.floor(Math.random() * 0x100000000);
}

const now = () => globalThis.performance?.now?.() ?? Date.now();

function headerPairs(headers) {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([n, v]) => [String(n), String(v)]);
  if (typeof headers.forEach === 'function' && typeof headers.get === 'function') {
    const out = [];
    headers.forEach((v, n) => out.push([n, v]));
    return out;
  }
  return Object.entries(headers).map(([n, v]) => [n, String(v)]);
}

function failureKind(error) {
  const kind = error?.kind;
  return ['connect', 'timeout', 'io_after_send', 'cancelled'].includes(kind) ? kind : 'io_after_send';
}

/** Builds the public API over a wasm runtime: `{ current(), reset() }`. */
export function createApi(runtime) {
  // Everything in flight in the current wasm instance, shared by all clients:
  // calls by id (their promises) and host operations by ticket (their cancel).
  const calls = new Map();
  const tickets = new Map();
  let nextId = 1;
  let nextTicket = 1;

  /**
   * Any exception out of the wasm means it trapped (a Rust panic aborts) or a
   * host callback threw through it: its state cannot be trusted. Every call in
   * flight fails with InternalError, their host work stops, and the next call
   * runs on a fresh instance.
   */
  function trapped(error) {
    const why = error instanceof Error ? error.message : String(error);
    const detail = `the WebAssembly module trapped (${why}); it was re-instantiated, please report this`;
    const failure = new InternalError({ kind: 'internal', detail, message: `internal error: ${detail}` });
    const inFlight = [...calls.values()];
    const work = [...tickets.values()];
    calls.clear();
    tickets.clear();
    for (const cancel of work) cancel();
    for (const call of inFlight) call.reject(failure);
    try {
      runtime.reset();
    } catch {
      // could not instantiate now: the next call traps again and retries the reset
    }
    return failure;
  }

  /** Runs a wasm entry point; a trap fails what was in flight (see `trapped`). */
  function enter(fn) {
    try {
      return fn();
    } catch (error) {
      throw trapped(error);
    }
  }

  /** Runs a wasm entry point for an event (no caller to throw to). */
  function deliver(fn) {
    try {
      enter(fn);
    } catch {
      // `trapped` failed the calls in flight
    }
  }

  /** A host operation ended: tell the wasm (unless the operation was cancelled). */
  function settle(ticket, tell) {
    if (tickets.delete(ticket)) deliver(() => tell(runtime.current().wasm));
  }

  /**
   * The JS host of one client. The wasm calls it synchronously, so it never runs
   * user code on the spot: transports, listeners and aborts run on a microtask.
   */
  function makeHost(transport, onEvent) {
    return {
      send(method, url, headersJson, body, timeoutMs) {
        const ticket = nextTicket++;
        const controller = new AbortController();
        tickets.set(ticket, () => controller.abort(abortError()));
        queueMicrotask(async () => {
          const request = { method, url, headers: Object.fromEntries(JSON.parse(headersJson)), body: body ?? null, timeoutMs };
          try {
            const res = await transport.send(request, { signal: controller.signal });
            const status = Number(res?.status);
            const text = typeof res?.body === 'string' ? res.body : res?.body == null ? '' : String(res.body);
            const headers = JSON.stringify(headerPairs(res?.headers));
            // A status outside 0..65535 is not a response the core can read.
            settle(ticket, (wasm) => (Number.isInteger(status) && status >= 0 && status <= 65535
              ? wasm.settleResponse(ticket, status, headers, text)
              : wasm.settleFailure(ticket, 'io_after_send', `the transport returned an invalid status: ${res?.status}`)));
          } catch (error) {
            // A TransportFailure (or any error with a known `kind`) keeps its detail,
            // which the core redacts; anything else is reported by name only.
            const detail = error instanceof TransportFailure || failureKind(error) === error?.kind
              ? String(error.message)
              : `the transport failed: ${error?.name ?? 'Error'}`;
            settle(ticket, (wasm) => wasm.settleFailure(ticket, failureKind(error), detail));
          }
        });
        return ticket;
      },
      sleep(ms) {
        const ticket = nextTicket++;
        const timer = setTimeout(() => settle(ticket, (wasm) => wasm.settleTimer(ticket)), ms);
        tickets.set(ticket, () => clearTimeout(timer));
        return ticket;
      },
      cancel(ticket) {
        const cancel = tickets.get(ticket);
        tickets.delete(ticket);
        if (cancel) queueMicrotask(cancel);
      },
      now,
      random: randomU32,
      event(json) {
        if (!onEvent) return;
        queueMicrotask(() => {
          try {
            onEvent(JSON.parse(json));
          } catch {
            // a failing callback must not break the call
          }
        });
      },
      complete(id, ok, json) {
        const call = calls.get(id);
        if (!call) return; // aborted meanwhile
        calls.delete(id);
        // Never throw back into the wasm: a result that cannot be read fails its call.
        try {
          if (ok) call.resolve(JSON.parse(json));
          else call.reject(errorFromWire(JSON.parse(json)));
        } catch (error) {
          const detail = `the SDK returned an unreadable result (${error?.name ?? 'Error'}), please report this`;
          call.reject(new InternalError({ kind: 'internal', detail, message: `internal error: ${detail}` }));
        }
      },
    };
  }

  /** A rate limiter shared by clients of one account (one per account). */
  class Limiter {
    #limit;
    #wasm = null;
    #generation = -1;
    /** @param {{requestsPerMinute?: number, requestsPerSecond?: number, maxInFlight?: number, latencyMarginMs?: number}} [limit] */
    constructor(limit = {}) {
      this.#limit = { ...DEFAULT_RATE_LIMIT, ...limit };
    }
    /** The limits. */
    get limit() {
      return { ...this.#limit };
    }
    /** @internal a new wasm handle sharing this limiter's governor */
    _share() {
      const { wasm, generation } = runtime.current();
      if (this.#wasm === null || this.#generation !== generation) {
        const l = this.#limit;
        this.#wasm = enter(() => new wasm.Limiter(l.requestsPerMinute >>> 0, l.requestsPerSecond >>> 0, l.maxInFlight >>> 0, l.latencyMarginMs >>> 0));
        this.#generation = generation;
      }
      return enter(() => this.#wasm.share());
    }
  }

  /** An Exotel SIP trunking client. */
  class ExotelClient {
    #options;
    #host;
    #limiter;
    #wasm = null;
    #generation = -1;
    #events = false;

    /** @param {import('./index').ClientOptions} [options] */
    constructor(options = {}) {
      // Unset settings come from the EXOTEL_* variables: the core picks the ones it reads.
      const env = options.env === false ? {} : (globalThis.process?.env ?? {});
      const exotelEnv = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('EXOTEL_') && typeof value === 'string'));
      const rate = options.rateLimit;
      this.#options = JSON.stringify({
        account_sid: options.accountSid ?? undefined,
        api_key: options.apiKey ?? undefined,
        api_token: options.apiToken ?? undefined,
        // The core decides between these (Endpoint::resolve).
        region: options.region ?? undefined,
        base_url: options.baseUrl ?? undefined,
        timeout_ms: options.timeoutMs,
        retry: retryWire(options.retry),
        rate_limit: rate
          ? {
            requests_per_minute: rate.requestsPerMinute,
            requests_per_second: rate.requestsPerSecond,
            max_in_flight: rate.maxInFlight,
            latency_margin_ms: rate.latencyMarginMs,
          }
          : undefined,
        host_language: hostLanguage(),
        env: exotelEnv,
      });
      this.#host = makeHost(options.transport ?? fetchTransport(), options.onEvent);
      this.#events = typeof options.onEvent === 'function';
      this.#limiter = options.limiter ?? null;
      this.#client();
    }

    #client() {
      const { wasm, generation } = runtime.current();
      if (this.#wasm === null || this.#generation !== generation) {
        let built;
        try {
          built = new wasm.WasmClient(this.#options, this.#host, this.#limiter ? this.#limiter._share() : undefined, this.#events);
        } catch (error) {
          // Invalid options come back as the error's JSON; anything else is a trap.
          if (typeof error === 'string') throw errorFromWire(JSON.parse(error));
          throw trapped(error);
        }
        this.#wasm = built;
        this.#generation = generation;
      }
      return this.#wasm;
    }

    async #call(op, input, options = {}) {
      const signal = options.signal ?? undefined;
      if (signal?.aborted) throw signal.reason ?? abortError();
      const callOptions = JSON.stringify({ timeout_ms: options.timeoutMs, retry: retryWire(options.retry) });
      const client = this.#client();
      const id = nextId++;
      const result = new Promise((resolve, reject) => calls.set(id, { resolve, reject }));
      const onAbort = () => {
        const call = calls.get(id);
        if (!call) return;
        calls.delete(id);
        call.reject(signal.reason ?? abortError());
        // Dropping the call's future stops its send, governor wait and sleep.
        queueMicrotask(() => deliver(() => runtime.current().wasm.cancelCall(id)));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // A trap here rejects `result` (see `trapped`).
        deliver(() => client.start(id, op, JSON.stringify(input ?? {}), callOptions));
        return await result;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }

    /**
     * A lazy walk over a list: items with `for await`, whole pages with `.pages()`.
     * The core decides whether the walk goes on (and ends it after 1,000 pages).
     */
    #items(resource, query, options) {
      const call = (op, input) => this.#call(op, input, options);
      async function* pages() {
        let page = await call(`list_${resource}`, query);
        for (let read = 1; ; read += 1) {
          yield page;
          const uri = enter(() => runtime.current().wasm.nextPageUri(page.metadata.next_page_uri ?? undefined, page.items.length));
          if (uri === undefined) return;
          page = await call(`follow_${resource}`, { uri, pages_read: read });
        }
      }
      return {
        pages,
        async *[Symbol.asyncIterator]() {
          for await (const page of pages()) yield* page.items;
        },
        /** Every item of every page, as an array. */
        async toArray() {
          const all = [];
          for await (const page of pages()) all.push(...page.items);
          return all;
        },
      };
    }

    /** The effective base URL (region URL or custom `baseUrl`). */
    get baseUrl() {
      const client = this.#client();
      return enter(() => client.baseUrl);
    }
    /** The account SID. */
    get accountSid() {
      const client = this.#client();
      return enter(() => client.accountSid);
    }
    /** The shared `Limiter` this client was given (pass it to other clients), or null. */
    get limiter() {
      return this.#limiter;
    }

    // BEGIN GENERATED by `cargo xtask codegen` from core/src/catalog.rs: do not edit (client)
    /**
     * Creates a trunk; save the returned `trunk_sid`.
     *
     * A trunk name is unique in the account: a second create answers a duplicate error.
     */
    createTrunk(input, options) {
      return this.#call('create_trunk', input, options);
    }
    /**
     * Deletes a trunk and everything mapped to it.
     *
     * A retried delete that finds the trunk gone reports it deleted, without its body.
     */
    deleteTrunk(trunkSid, options) {
      return this.#call('delete_trunk', { trunk_sid: trunkSid }, options);
    }
    /**
     * Maps a phone number to a trunk.
     *
     * Mapping a number that is already mapped answers a duplicate error.
     */
    mapPhoneNumber(input, options) {
      return this.#call('map_phone_number', input, options);
    }
    /**
     * Switches a mapped number between `pstn` and `flow`.
     */
    updatePhoneNumberMode(input, options) {
      return this.#call('update_phone_number_mode', input, options);
    }
    /**
     * Whitelists an IPv4 address or range on a trunk.
     */
    whitelistIp(input, options) {
      return this.#call('whitelist_ip', input, options);
    }
    /**
     * Adds destination URIs, where inbound calls go.
     *
     * The server answers per item (HTTP 207): if any item failed, the call fails with a partial-failure error that carries the items created.
     */
    addDestinations(input, options) {
      return this.#call('add_destinations', input, options);
    }
    /**
     * Applies trunk settings, such as the caller-ID alias.
     *
     * Answered per item (HTTP 207), like Add Destinations.
     */
    setTrunkSettings(input, options) {
      return this.#call('set_trunk_settings', input, options);
    }
    /**
     * Reads a trunk's credentials sub-resource as raw JSON.
     *
     * Its shape is not documented by the reference.
     */
    getTrunkCredentials(trunkSid, options) {
      return this.#call('get_trunk_credentials', { trunk_sid: trunkSid }, options);
    }
    /**
     * Every phone number mapped to a trunk. Lazy: `for await` the items; `.pages()` yields whole pages.
     */
    listPhoneNumbers(input, options) {
      return this.#items('phone_numbers', input, options);
    }
    /**
     * One page: every phone number mapped to a trunk.
     */
    phoneNumbersPage(input, options) {
      return this.#call('list_phone_numbers', input, options);
    }
    /**
     * Every IP range whitelisted on a trunk. Lazy: `for await` the items; `.pages()` yields whole pages.
     */
    listWhitelistedIps(input, options) {
      return this.#items('whitelisted_ips', input, options);
    }
    /**
     * One page: every IP range whitelisted on a trunk.
     */
    whitelistedIpsPage(input, options) {
      return this.#call('list_whitelisted_ips', input, options);
    }
    /**
     * Every destination URI of a trunk. Lazy: `for await` the items; `.pages()` yields whole pages.
     */
    listDestinations(input, options) {
      return this.#items('destinations', input, options);
    }
    /**
     * One page: every destination URI of a trunk.
     */
    destinationsPage(input, options) {
      return this.#call('list_destinations', input, options);
    }
    // END GENERATED (client)

    // Hand-written: the helpers the catalog marks custom (checked by test/node/parity.test.mjs).

    /** Sets the caller ID shown on the trunk's outbound calls (the `trunk_external_alias` setting). */
    setCallerIdAlias(input, options) {
      return this.#call('set_caller_id_alias', input, options);
    }
    /** Creates the trunk, or confirms the one whose SID an earlier run recorded (`recorded_sid`). */
    ensureTrunk(input, options) {
      return this.#call('ensure_trunk', input, options);
    }
    /** Maps the number unless it is already mapped; never creates twice. */
    ensurePhoneNumber(input, options) {
      return this.#call('ensure_phone_number', input, options);
    }
    /** Whitelists the IP unless it already is; never creates twice. */
    ensureWhitelistedIp(input, options) {
      return this.#call('ensure_whitelisted_ip', input, options);
    }
    /** Adds the destinations that are missing; one result per destination. */
    ensureDestinations(input, options) {
      return this.#call('ensure_destinations', input, options);
    }
    /** Ensures every number is mapped to the trunk; one outcome per number, in order. */
    mapPhoneNumbers(input, options) {
      const { trunk_sid, phone_numbers = [], mode, concurrency } = input ?? {};
      const items = phone_numbers.map((phone_number) => ({ trunk_sid, phone_number, mode }));
      return this.#call('map_phone_numbers', { items, concurrency }, options);
    }
    /** Ensures every IP is whitelisted on the trunk; one outcome per IP, in order. */
    whitelistIps(input, options) {
      const { trunk_sid, ips = [], mask, concurrency } = input ?? {};
      const items = ips.map((ip) => ({ trunk_sid, ip, mask }));
      return this.#call('whitelist_ips', { items, concurrency }, options);
    }

    toString() {
      return `ExotelClient(${this.accountSid} at ${this.baseUrl})`;
    }
    toJSON() {
      return { accountSid: this.accountSid, baseUrl: this.baseUrl };
    }
    [INSPECT]() {
      return this.toString();
    }
  }

  return { ExotelClient, Limiter };
}
