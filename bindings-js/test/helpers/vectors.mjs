// Replays tests/vectors through the package's public typed API (a test-double transport).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VECTORS = new URL('../../../tests/vectors/', import.meta.url).pathname;

export function loadCases() {
  const out = [];
  for (const dir of readdirSync(VECTORS, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(VECTORS, dir.name)).filter((f) => f.endsWith('.json')).sort()) {
      const doc = JSON.parse(readFileSync(join(VECTORS, dir.name, file), 'utf8'));
      for (const c of doc.cases) out.push({ operation: doc.operation, file: `${dir.name}/${file}`, case: c });
    }
  }
  return out;
}

/** Structural match as in core/tests/vectors.rs: strict = extra keys only where null. */
export function matches(expected, actual, strict, path = '$') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) matches(v, actual[k] ?? null, strict, `${path}.${k}`);
    if (strict) {
      for (const [k, v] of Object.entries(actual)) {
        if (v !== null && v !== undefined && !(k in expected)) throw new Error(`${path}.${k}: unexpected value ${JSON.stringify(v)}`);
      }
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) throw new Error(`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => matches(e, actual[i], strict, `${path}[${i}]`));
    return;
  }
  if (expected !== (actual ?? null)) throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function checkError(expected, error, ExotelError) {
  if (!(error instanceof ExotelError)) throw new Error(`not an ExotelError: ${error?.stack ?? error}`);
  const actual = error.toJSON();
  for (const [key, want] of Object.entries(expected)) {
    if (key === 'snippet_contains') {
      if (!String(actual.snippet ?? '').includes(want)) throw new Error(`snippet ${JSON.stringify(actual.snippet)} lacks ${JSON.stringify(want)}`);
    } else if (key === 'message') {
      if (error.message !== want) throw new Error(`message: expected ${JSON.stringify(want)}, got ${JSON.stringify(error.message)}`);
    } else if (key === 'created') {
      matches(want, actual.created ?? null, true, 'created');
    } else {
      matches(want, actual[key] ?? null, false, key);
    }
  }
  // The typed properties agree with the wire form.
  if ('status' in actual && error.status !== actual.status) throw new Error('status property differs');
  if ('request_id' in actual && error.requestId !== actual.request_id) throw new Error('requestId property differs');
  if ('code' in actual && error.code !== actual.code) throw new Error('code property differs');
}

export function checkRequest(expected, req) {
  if (expected.method && req.method !== expected.method) throw new Error(`method: expected ${expected.method}, got ${req.method}`);
  if (expected.url && req.url !== expected.url) throw new Error(`url: expected ${expected.url}, got ${req.url}`);
  const actual = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ua = actual['user-agent'];
  if (!ua) throw new Error('no User-Agent');
  delete actual['user-agent'];
  if (expected.user_agent_pattern && !new RegExp(expected.user_agent_pattern).test(ua)) throw new Error(`User-Agent ${ua} does not match ${expected.user_agent_pattern}`);
  if (expected.headers) {
    const wanted = Object.fromEntries(Object.entries(expected.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const a = JSON.stringify(Object.entries(actual).sort());
    const w = JSON.stringify(Object.entries(wanted).sort());
    if (a !== w) throw new Error(`headers: expected ${w}, got ${a}`);
  }
  if ('body' in expected) {
    const body = req.body == null ? null : JSON.parse(req.body);
    matches(expected.body, body, true, 'body');
    if (expected.body !== null && typeof expected.body === 'object') matches(body, expected.body, true, 'body');
  }
  if (typeof expected.timeout_ms === 'number') {
    // The client sends the remaining deadline; the host clock may tick between
    // the call's start and the send.
    const d = expected.timeout_ms - req.timeoutMs;
    if (d < 0 || d > 20) throw new Error(`timeout_ms: expected ${expected.timeout_ms}, got ${req.timeoutMs}`);
  }
}

function responseOf(r) {
  const headers = Object.entries(r.headers ?? {});
  const body = 'body_text' in r ? r.body_text : 'body' in r ? JSON.stringify(r.body) : '';
  return { status: r.status ?? 0, headers, body };
}

const DEFAULT_CONFIG = { account_sid: 'ameyo5m', api_key: 'test_key', api_token: 'test_token', region: 'singapore' };

export function clientOptions(config = DEFAULT_CONFIG) {
  return {
    accountSid: config.account_sid,
    apiKey: config.api_key,
    apiToken: config.api_token,
    region: config.region,
    baseUrl: config.base_url,
    timeoutMs: config.timeout_ms,
    env: false,
    retry: { maxAttempts: 1 },
    rateLimit: { requestsPerMinute: 0, requestsPerSecond: 0, maxInFlight: 0 },
  };
}

/** Runs one operation case through the typed API; throws on mismatch. */
export async function runCase(sdk, operation, c) {
  const { ExotelClient, ExotelError } = sdk;
  const sent = [];
  const transport = {
    async send(request) {
      sent.push(request);
      if (!c.response) throw new Error('a validation case must not send');
      return responseOf(c.response);
    },
  };
  const expect = c.expect;
  let client;
  try {
    client = new ExotelClient({ ...clientOptions(c.config), transport });
  } catch (error) {
    if (!expect?.error) throw new Error(`config rejected: ${error}`);
    return checkError(expect.error, error, ExotelError);
  }
  const input = c.input ?? {};
  const calls = {
    create_trunk: () => client.createTrunk(input),
    delete_trunk: () => client.deleteTrunk(input.trunk_sid).then((d) => d.trunk),
    map_phone_number: () => client.mapPhoneNumber(input),
    update_phone_number_mode: () => client.updatePhoneNumberMode(input),
    whitelist_ip: () => client.whitelistIp(input),
    add_destinations: () => client.addDestinations(input),
    set_trunk_settings: () => client.setTrunkSettings(input),
    get_trunk_credentials: () => client.getTrunkCredentials(input.trunk_sid),
    list_phone_numbers: () => client.phoneNumbersPage(input),
    list_whitelisted_ips: () => client.whitelistedIpsPage(input),
    list_destinations: () => client.destinationsPage(input),
  };
  const call = calls[operation];
  if (!call) throw new Error(`unknown operation ${operation}`);
  let result;
  let error;
  try {
    result = await call();
  } catch (e) {
    error = e;
  }
  if (c.request) {
    if (sent.length !== 1) throw new Error(`expected one request, ${sent.length} sent (${error})`);
    checkRequest(c.request, sent[0]);
    if (!c.response && !expect) return;
  }
  if (!c.response) {
    if (sent.length) throw new Error('a validation case sent a request');
    if (!error) throw new Error('expected a validation error');
    return checkError(expect.error, error, ExotelError);
  }
  if (expect.result !== undefined) {
    if (error) throw new Error(`expected a result, got ${error.stack}`);
    return matches(expect.result, result, true, 'result');
  }
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return checkError(expect.error, error, ExotelError);
}

export async function runConfigCase(sdk, c) {
  const { ExotelClient, ExotelError } = sdk;
  let client;
  try {
    client = new ExotelClient(clientOptions(c.config));
  } catch (error) {
    if (!c.expect.error) throw new Error(`config rejected: ${error}`);
    return checkError(c.expect.error, error, ExotelError);
  }
  if (c.expect.error) throw new Error(`expected a config error, got ${client.baseUrl}`);
  if (client.baseUrl !== c.expect.base_url) throw new Error(`base_url: expected ${c.expect.base_url}, got ${client.baseUrl}`);
}
