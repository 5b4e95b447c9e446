// The default transport: the platform's `fetch` (Node 18+, browsers, workers).

/**
 * An error a transport throws when no response was read. `kind` tells the client
 * whether the request may have been sent: `connect` (never sent, safe to retry),
 * `timeout`, `io_after_send` (may have been applied) or `cancelled`.
 */
export class TransportFailure extends Error {
  constructor(kind, detail) {
    super(detail);
    this.kind = kind;
  }
}
TransportFailure.prototype.name = 'TransportFailure';

const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function causeCode(error) {
  for (let e = error, i = 0; e && i < 5; e = e.cause, i++) {
    if (typeof e.code === 'string') return e.code;
    if (Array.isArray(e.errors)) {
      const inner = e.errors.find((x) => x && typeof x.code === 'string');
      if (inner) return inner.code;
    }
  }
  return undefined;
}

/**
 * A transport over `fetch` with `redirect: "manual"` (a redirect is an answer,
 * never followed: it could carry the credentials elsewhere).
 *
 * @param {{ fetch?: typeof fetch }} [options] a `fetch` implementation (default: the global one)
 */
export function fetchTransport(options = {}) {
  const doFetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  return {
    async send(request, { signal } = {}) {
      const controller = new AbortController();
      let why = null;
      const onAbort = () => {
        why = 'cancelled';
        controller.abort(signal?.reason);
      };
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      const timer = request.timeoutMs > 0
        ? setTimeout(() => {
          why = why ?? 'timeout';
          controller.abort();
        }, request.timeoutMs)
        : null;
      let sent = false;
      try {
        const response = await doFetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? undefined,
          redirect: 'manual',
          signal: controller.signal,
        });
        sent = true;
        const body = await response.text();
        const headers = [];
        response.headers.forEach((value, name) => headers.push([name, value]));
        return { status: response.status, headers, body };
      } catch (error) {
        if (why === 'timeout') throw new TransportFailure('timeout', `no response within ${request.timeoutMs} ms`);
        if (why === 'cancelled') throw new TransportFailure('cancelled', 'the call was aborted');
        const code = causeCode(error);
        const kind = !sent && code && CONNECT_CODES.has(code) ? 'connect' : 'io_after_send';
        throw new TransportFailure(kind, `fetch failed${code ? ` (${code})` : ''}`);
      } finally {
        if (timer !== null) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
