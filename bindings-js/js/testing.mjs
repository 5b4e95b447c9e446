// The in-process sandbox (`exotel-sip/testing`): the Rust sandbox handler in its
// own small wasm module, plugged in as a transport. No socket, no server.

/** The sandbox's default credentials (not secrets: they only open the sandbox). */
export const SANDBOX_CREDENTIALS = Object.freeze({
  accountSid: 'ameyo5m',
  apiKey: 'sandbox_key',
  apiToken: 'sandbox_token',
});

const CONTROL_BASE = 'http://127.0.0.1:4010';
const now = () => globalThis.performance?.now?.() ?? Date.now();

function wait(ms, signal, TransportFailure) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportFailure('cancelled', 'the call was aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The testing API over the sandbox's wasm runtime. `ExotelClient` and
 * `TransportFailure` come from the main entry the user imports (a bundle with
 * its own classes), so `instanceof` checks against that entry hold.
 */
export function createTesting(runtime, ExotelClient, TransportFailure) {
  /** An in-process Exotel sandbox with the same behaviour and controls as the sandbox server. */
  class InProcessSandbox {
    #handle;
    #generation;
    #config;
    #epoch;

    /**
     * @param {object} [config] sandbox configuration (snake_case, as the server's flags):
     *   `account_sid`, `api_key`, `api_token`, `rpm`, `concurrency`, `seed`, `region_prefix`
     */
    constructor(config = {}) {
      this.#config = JSON.stringify(config);
      this.#handle = this.#make();
    }

    #make() {
      const { wasm, generation } = runtime.current();
      this.#generation = generation;
      this.#epoch = wasm.SandboxHandle.defaultEpochMs();
      return new wasm.SandboxHandle(this.#config);
    }

    #sandbox() {
      if (runtime.current().generation !== this.#generation) this.#handle = this.#make();
      return this.#handle;
    }

    /** A transport that hands requests to this sandbox (plug it into any client). */
    transport() {
      return {
        send: async (request, { signal } = {}) => {
          if (signal?.aborted) throw new TransportFailure('cancelled', 'the call was aborted');
          const sandbox = this.#sandbox();
          const began = JSON.parse(sandbox.begin(this.#epoch + now(), JSON.stringify({
            method: request.method,
            url: request.url,
            headers: Object.entries(request.headers ?? {}),
            body: request.body ?? '',
          })));
          if (began.action === 'drop') {
            sandbox.finish(began.ticket, 'dropped');
            throw new TransportFailure('io_after_send', 'the sandbox closed the connection without answering');
          }
          const delay = began.delay_ms ?? 0;
          if (delay > 0) {
            const limit = request.timeoutMs > 0 ? request.timeoutMs : Infinity;
            try {
              await wait(Math.min(delay, limit), signal, TransportFailure);
            } catch (error) {
              sandbox.finish(began.ticket, 'client_closed');
              throw error;
            }
            if (delay > limit) {
              sandbox.finish(began.ticket, 'client_closed');
              throw new TransportFailure('timeout', `no response within ${request.timeoutMs} ms`);
            }
          }
          sandbox.finish(began.ticket, 'completed');
          return { status: began.status, headers: began.headers, body: began.body };
        },
      };
    }

    /** A client on this sandbox (sandbox credentials, no environment variables). */
    client(options = {}) {
      return new ExotelClient({
        ...SANDBOX_CREDENTIALS,
        baseUrl: CONTROL_BASE,
        env: false,
        ...options,
        transport: options.transport ?? this.transport(),
      });
    }

    async #control(method, path, body) {
      const response = await this.transport().send({
        method,
        url: `${CONTROL_BASE}/__sandbox/${path}`,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        timeoutMs: 0,
      });
      return response.body ? JSON.parse(response.body) : null;
    }

    /** Queues one fault or an array of them (see the sandbox server's README). */
    queueFault(fault) {
      return this.#control('POST', 'faults', fault);
    }
    /** Drops every queued fault. */
    clearFaults() {
      return this.#control('DELETE', 'faults');
    }
    /** The requests received so far, oldest first. */
    async requests() {
      return (await this.#control('GET', 'requests')).requests;
    }
    /** Forgets the requests received. */
    clearRequests() {
      return this.#control('DELETE', 'requests');
    }
    /** Empties data, faults, log and rate-limit history; keeps the configuration. */
    reset() {
      return this.#control('POST', 'reset');
    }
    /** Everything stored. */
    state() {
      return this.#control('GET', 'state');
    }
    /** Changes the limits (0 = unlimited). */
    setLimits(limits) {
      return this.#control('PUT', 'limits', limits);
    }
  }
  return InProcessSandbox;
}
