// The resilience fault matrix through the sandbox server's controls, 50
// concurrent calls, abort (send, governor wait, backoff sleep), and secrets.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createServer } from 'node:net';
import * as sdk from '../../dist/node.mjs';
import { startServer, SANDBOX } from '../helpers/server.mjs';

const { ExotelClient, Limiter, TransportFailure } = sdk;
const T = { timeout: 30000 };
const TRUNKS = '/v2/accounts/ameyo5m/trunks';
const DIST = new URL('../../dist/', import.meta.url).href;

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.control('POST', 'reset');
  await server.control('PUT', 'limits', { rpm: 0, concurrency: 0 });
});

function client(extra = {}) {
  return new ExotelClient({
    ...SANDBOX,
    baseUrl: server.url,
    env: false,
    rateLimit: { requestsPerMinute: 0, requestsPerSecond: 0, maxInFlight: 0 },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
}
const fault = (f) => server.control('POST', 'faults', f);
const log = async () => (await server.control('GET', 'requests')).requests;

/** A loopback port nothing listens on. */
async function closedPort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

async function trunk(c) {
  return (await c.createTrunk({ trunk_name: `t${Math.floor(Math.random() * 1e9)}` })).trunk_sid;
}

test('503 on a GET is retried, with a retry event', T, async () => {
  const events = [];
  const c = client({ onEvent: (e) => events.push(e) });
  const sid = await trunk(c);
  await fault({ method: 'GET', path: `${TRUNKS}/*/phone-numbers`, fault: { type: 'status', status: 503 } });
  const page = await c.phoneNumbersPage({ trunk_sid: sid });
  assert.deepEqual(page.items, []);
  assert.ok(events.some((e) => e.type === 'retry' && e.reason === 'server_error'));
});

test('503 on a POST is not retried: ApiError', T, async () => {
  const c = client();
  await fault({ method: 'POST', path: TRUNKS, fault: { type: 'status', status: 503 } });
  const err = await c.createTrunk({ trunk_name: 'no_retry' }).catch((e) => e);
  assert.ok(sdk.isApiError(err) && err.name === 'ApiError' && err.status === 503, String(err));
  assert.equal((await log()).filter((r) => r.method === 'POST').length, 1);
});

test('429 with Retry-After is waited out and retried, also for a POST', T, async () => {
  const c = client();
  await fault({ method: 'POST', path: TRUNKS, fault: { type: 'rate_limit', retry_after: 1 } });
  const started = Date.now();
  const t = await c.createTrunk({ trunk_name: 'after_429' });
  assert.match(t.trunk_sid, /^tr/);
  assert.ok(Date.now() - started >= 900);
});

test('429 without retries: RateLimitedError with retryAfterMs', T, async () => {
  const c = client({ retry: { maxAttempts: 1 } });
  await fault({ method: 'POST', path: TRUNKS, fault: { type: 'rate_limit', retry_after: 7 } });
  const err = await c.createTrunk({ trunk_name: 'limited' }).catch((e) => e);
  assert.ok(err instanceof sdk.RateLimitedError && err instanceof sdk.ApiError, String(err));
  assert.equal(err.retryAfterMs, 7000);
});

test('HTML 502 from a proxy: DecodeError (not retried with maxAttempts 1), retried otherwise', T, async () => {
  const c = client();
  const sid = await trunk(c);
  await fault({ method: 'GET', path: `${TRUNKS}/*/whitelisted-ips`, fault: { type: 'html', status: 502 } });
  const err = await c.whitelistedIpsPage({ trunk_sid: sid }, { retry: { maxAttempts: 1 } }).catch((e) => e);
  assert.ok(sdk.isDecodeError(err) && err.status === 502, String(err));
  await fault({ method: 'GET', path: `${TRUNKS}/*/whitelisted-ips`, fault: { type: 'html', status: 502 } });
  assert.deepEqual((await c.whitelistedIpsPage({ trunk_sid: sid })).items, []);
});

test('non-envelope JSON: DecodeError', T, async () => {
  const c = client({ retry: { maxAttempts: 1 } });
  await fault({ method: 'POST', path: TRUNKS, fault: { type: 'non_envelope' } });
  const err = await c.createTrunk({ trunk_name: 'odd' }).catch((e) => e);
  assert.ok(sdk.isDecodeError(err), String(err));
});

test('dropped connection on a GET: TransportError io_after_send, then retried', T, async () => {
  const c = client();
  const sid = await trunk(c);
  await fault({ method: 'GET', path: `${TRUNKS}/*/destination-uris`, fault: { type: 'drop' } });
  const err = await c.destinationsPage({ trunk_sid: sid }, { retry: { maxAttempts: 1 } }).catch((e) => e);
  assert.ok(sdk.isTransportError(err) && err.transportKind === 'io_after_send', String(err));
  await fault({ method: 'GET', path: `${TRUNKS}/*/destination-uris`, fault: { type: 'drop' } });
  assert.deepEqual((await c.destinationsPage({ trunk_sid: sid })).items, []);
});

test('lost and truncated creates: ensure_* resolves by listing, nothing twice', T, async () => {
  const c = client();
  const sid = await trunk(c);
  await fault({ method: 'POST', path: `${TRUNKS}/*/whitelisted-ips`, fault: { type: 'lost' } });
  const ip = await c.ensureWhitelistedIp({ trunk_sid: sid, ip: '203.0.113.5' });
  assert.equal(ip.resource.ip, '203.0.113.5');
  await fault({ method: 'POST', path: `${TRUNKS}/*/phone-numbers`, fault: { type: 'truncated' } });
  const n = await c.ensurePhoneNumber({ trunk_sid: sid, phone_number: '+919800000001', mode: 'flow' });
  assert.equal(n.resource.mode, 'flow');
  assert.equal((await c.whitelistedIpsPage({ trunk_sid: sid })).items.length, 1);
  assert.equal((await c.phoneNumbersPage({ trunk_sid: sid })).items.length, 1);
});

test('a plain create whose answer is lost is not re-sent: TransportError', T, async () => {
  const c = client();
  await fault({ method: 'POST', path: TRUNKS, fault: { type: 'lost' } });
  const err = await c.createTrunk({ trunk_name: 'lost_one' }).catch((e) => e);
  assert.ok(sdk.isTransportError(err), String(err));
  assert.equal((await log()).filter((r) => r.method === 'POST').length, 1);
});

test('latency beyond the deadline: RequestTimeoutError, the server sees the client go', T, async () => {
  const c = client({ retry: { maxAttempts: 1 } });
  const sid = await trunk(c);
  await fault({ method: 'GET', path: `${TRUNKS}/*/phone-numbers`, fault: { type: 'latency', ms: 3000 } });
  const started = Date.now();
  const err = await c.phoneNumbersPage({ trunk_sid: sid }, { timeoutMs: 300 }).catch((e) => e);
  assert.ok(sdk.isRequestTimeoutError(err), String(err));
  assert.ok(Date.now() - started < 2000);
  await new Promise((r) => setTimeout(r, 200));
  const last = (await log()).at(-1);
  assert.equal(last.delivery, 'client_closed');
});

test('connection refused: TransportError connect', T, async () => {
  const c = new ExotelClient({ ...SANDBOX, baseUrl: `http://127.0.0.1:${await closedPort()}`, env: false, retry: { maxAttempts: 1 } });
  const err = await c.createTrunk({ trunk_name: 'nowhere' }).catch((e) => e);
  assert.ok(sdk.isTransportError(err) && err.transportKind === 'connect', `${err} ${err.transportKind}`);
});

test('the governor spaces requests (shared limiter between two clients)', T, async () => {
  const limiter = new Limiter({ requestsPerMinute: 600, requestsPerSecond: 2, maxInFlight: 10, latencyMarginMs: 100 });
  const events = [];
  const a = client({ limiter, rateLimit: undefined, onEvent: (e) => events.push(e) });
  const b = client({ limiter, rateLimit: undefined, onEvent: (e) => events.push(e) });
  const started = Date.now();
  await Promise.all([a.createTrunk({ trunk_name: 'gov_a' }), b.createTrunk({ trunk_name: 'gov_b' }), a.createTrunk({ trunk_name: 'gov_c' })]);
  // Two a second (a window of 1.1 s with the margin): the third, from either client, waits.
  assert.ok(Date.now() - started >= 1000, `${Date.now() - started} ms`);
  assert.deepEqual(limiter.limit, { requestsPerMinute: 600, requestsPerSecond: 2, maxInFlight: 10, latencyMarginMs: 100 });
  assert.ok(events.some((e) => e.type === 'throttle_wait'));
});

test('50 concurrent calls', T, async () => {
  const c = client();
  const sid = await trunk(c);
  const numbers = Array.from({ length: 50 }, (_, i) => `+9198000${String(i).padStart(5, '0')}`);
  const results = await Promise.all(numbers.map((phone_number) => c.mapPhoneNumber({ trunk_sid: sid, phone_number, mode: 'pstn' })));
  assert.equal(new Set(results.map((r) => r.id)).size, 50);
  let count = 0;
  for await (const page of c.listPhoneNumbers({ trunk_sid: sid, page_size: 20 }).pages()) count += page.items.length;
  assert.equal(count, 50);
});

test('bulk helpers: one outcome per item, never aborting the batch', T, async () => {
  const c = client();
  const sid = await trunk(c);
  const input = { trunk_sid: sid, phone_numbers: ['+919811111111', 'not-a-number', '+919811111112'], mode: 'pstn' };
  const events = [];
  const c2 = client({ onEvent: (e) => events.push(e) });
  const out = await c2.mapPhoneNumbers({ ...input, concurrency: 2 });
  assert.deepEqual(out.map((o) => o.outcome), ['created', 'failed', 'created']);
  assert.equal(out[1].error.kind, 'validation');
  const again = await c.mapPhoneNumbers(input);
  assert.deepEqual(again.map((o) => o.outcome), ['existed', 'failed', 'existed']);
  assert.ok(events.some((e) => e.type === 'bulk_progress'));
  const ips = await c.whitelistIps({ trunk_sid: sid, ips: ['203.0.113.1', '203.0.113.2'], mask: 31 });
  assert.deepEqual(ips.map((o) => o.outcome), ['created', 'created']);
  assert.deepEqual(ips.map((o) => o.resource.mask), [31, 31]);
});

test('a bulk concurrency out of 1..50 is a validation error naming it, before any request', T, async () => {
  const seen = [];
  const c = client({ onEvent: (e) => seen.push(e) });
  for (const concurrency of [0, 51]) {
    const err = await c.mapPhoneNumbers({ trunk_sid: 'trmum1f708622631150902801a1n', phone_numbers: ['+919811111111'], concurrency }).catch((e) => e);
    assert.ok(err instanceof sdk.ValidationError, String(err));
    assert.equal(err.field, 'concurrency');
    assert.equal(err.rule, 'range');
  }
  assert.deepEqual(seen.filter((e) => e.type === 'request_start'), []);
});

test('abort stops the send (fetch is aborted, the server sees the client go)', T, async () => {
  const c = client();
  const sid = await trunk(c);
  await fault({ method: 'GET', path: `${TRUNKS}/*/phone-numbers`, fault: { type: 'latency', ms: 5000 } });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  const err = await c.phoneNumbersPage({ trunk_sid: sid }, { signal: controller.signal }).catch((e) => e);
  assert.equal(err.name, 'AbortError');
  assert.ok(Date.now() - started < 1000);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await log()).at(-1).delivery, 'client_closed');
});

test('abort stops the governor wait', T, async () => {
  // 1/minute: the second call waits about 60 s (within its 120 s deadline).
  const c = client({ timeoutMs: 120000, rateLimit: { requestsPerMinute: 1, maxInFlight: 1 } });
  await c.createTrunk({ trunk_name: 'first' });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop waiting')), 100);
  const started = Date.now();
  const err = await c.createTrunk({ trunk_name: 'second' }, { signal: controller.signal }).catch((e) => e);
  assert.equal(err.message, 'stop waiting');
  assert.ok(Date.now() - started < 1000);
  assert.equal((await log()).length, 1);
});

test('abort stops the backoff sleep', T, async () => {
  const c = client({ timeoutMs: 120000, retry: { maxElapsedMs: 120000 } });
  const sid = await trunk(c);
  await fault({ method: 'GET', path: `${TRUNKS}/*/phone-numbers`, fault: { type: 'rate_limit', retry_after: 60 } });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const started = Date.now();
  const err = await c.phoneNumbersPage({ trunk_sid: sid }, { signal: controller.signal }).catch((e) => e);
  assert.equal(err.name, 'AbortError');
  assert.ok(Date.now() - started < 1000);
});

test('an already aborted signal rejects at once, nothing is sent', T, async () => {
  const c = client();
  const err = await c.createTrunk({ trunk_name: 'never' }, { signal: AbortSignal.abort() }).catch((e) => e);
  assert.equal(err.name, 'AbortError');
  assert.equal((await log()).length, 0);
});

test('the token and base64(key:token) never appear in errors, inspect output or events', T, async () => {
  const token = 's3cr3t_T0ken_value_9';
  const basic = Buffer.from(`sandbox_key:${token}`).toString('base64');
  const seen = [];
  const events = [];
  const record = (x) => {
    seen.push(String(x), inspect(x, { depth: 10, showHidden: true }), JSON.stringify(x) ?? '');
    if (x instanceof Error) seen.push(x.stack ?? '', x.message);
  };
  const opts = { accountSid: 'ameyo5m', apiKey: 'sandbox_key', apiToken: token, env: false, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, onEvent: (e) => events.push(e) };
  // Wrong token: 401 from the server.
  const c = new ExotelClient({ ...opts, baseUrl: server.url });
  record(c);
  record(await c.createTrunk({ trunk_name: 'x' }).catch((e) => e));
  // Validation of config never echoes the token.
  record((() => { try { return new ExotelClient({ ...opts, accountSid: 'bad sid!' }); } catch (e) { return e; } })());
  // Transports that leak the secret in failures and bodies.
  const echo = (kind) => ({
    async send(request) {
      const auth = request.headers.Authorization;
      if (kind === 'failure') throw new TransportFailure('io_after_send', `boom ${auth} ${token}`);
      if (kind === 'error') throw new Error(`boom ${auth} ${token}`);
      return { status: 500, headers: { 'Content-Type': 'text/html' }, body: `<html>${auth} ${token} ${basic}</html>` };
    },
  });
  for (const kind of ['failure', 'error', 'body']) {
    const leaky = new ExotelClient({ ...opts, region: 'mumbai', transport: echo(kind) });
    record(await leaky.phoneNumbersPage({ trunk_sid: 'trmum1f708622631150902801a1n' }).catch((e) => e));
  }
  // Timeout and connect errors.
  record(await new ExotelClient({ ...opts, baseUrl: `http://127.0.0.1:${await closedPort()}` }).createTrunk({ trunk_name: 'y' }).catch((e) => e));
  for (const e of events) record(e);
  assert.ok(seen.length > 20 && events.length > 0);
  for (const s of seen) {
    assert.ok(!s.includes(token), `token leaked: ${s}`);
    assert.ok(!s.includes(basic), `base64 leaked: ${s}`);
  }
});

/**
 * Makes the host clock throw a RuntimeError the next time the wasm reads it:
 * the exception unwinds through the wasm frames exactly as a trap does (no Rust
 * destructor runs), so the instance's state is as untrustworthy as after a panic.
 */
function trapOnNextClockRead() {
  const original = performance.now;
  const restore = () => {
    performance.now = original;
  };
  performance.now = function now() {
    // Only a read by this package's wasm (fetch reads the clock too, even from
    // its own wasm HTTP parser).
    const stack = new Error().stack ?? '';
    if (!stack.includes('wasm://') || !stack.includes(DIST)) return original.call(performance);
    restore();
    throw new WebAssembly.RuntimeError('unreachable (simulated trap)');
  };
  return restore;
}

/** Records uncaught exceptions and unhandled rejections while `fn` runs. */
async function withoutStrayErrors(fn) {
  const stray = [];
  const record = (e) => stray.push(e);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  try {
    await fn();
    // Let late timers and settlements of the dead instance run.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  }
  assert.deepEqual(stray.map(String), []);
}

test('a trap while starting a call: InternalError, then a fresh instance serves the next call', T, async () => {
  await withoutStrayErrors(async () => {
    const c = client();
    const sid = await trunk(c);
    const restore = trapOnNextClockRead();
    const err = await c.phoneNumbersPage({ trunk_sid: sid }).catch((e) => e);
    restore();
    assert.ok(sdk.isInternalError(err), String(err));
    assert.match(err.message, /trapped .*re-instantiated/);
    assert.deepEqual((await c.phoneNumbersPage({ trunk_sid: sid })).items, []);
  });
});

test('a trap in the middle of calls in flight fails each of them clearly; none hangs', T, async () => {
  await withoutStrayErrors(async () => {
    const c = client();
    const other = client();
    const sid = await trunk(c);
    await fault({ method: 'GET', path: `${TRUNKS}/*/phone-numbers`, fault: { type: 'latency', ms: 400 }, times: 3 });
    const calls = [
      c.phoneNumbersPage({ trunk_sid: sid }),
      c.phoneNumbersPage({ trunk_sid: sid }),
      other.phoneNumbersPage({ trunk_sid: sid }),
    ].map((p) => p.then(() => 'resolved', (e) => e));
    // All three sends are in flight; the first response to arrive traps the wasm.
    await new Promise((r) => setTimeout(r, 150));
    const restore = trapOnNextClockRead();
    const outcomes = await Promise.all(calls);
    restore();
    for (const err of outcomes) {
      assert.ok(sdk.isInternalError(err), String(err));
      assert.match(err.message, /re-instantiated/);
    }
    // Both clients work on the new instance.
    assert.deepEqual((await c.phoneNumbersPage({ trunk_sid: sid })).items, []);
    assert.deepEqual((await other.phoneNumbersPage({ trunk_sid: sid })).items, []);
  });
});
