// Benchmarks (not part of the tests; numbers go in the report):
//  1. cold start: a fresh `node` process imports the package, instantiates the
//     wasm and makes a first call against the sandbox server. With TWILIO_DIR set
//     (a temp project where `npm install twilio` was run, outside the repo),
//     `require('twilio')` + a first request is measured the same way.
//  2. per-call overhead: N sequential GETs through the client versus hand-written
//     fetch + JSON.parse of the same request.
//  3. the PSTN + StreamKit setup with the default rate limits (the governor on).
import { execFileSync } from 'node:child_process';
import { pstnFlow, streamkitFlow } from '../test/helpers/flows.mjs';
import { startServer, SANDBOX } from '../test/helpers/server.mjs';
import { ExotelClient } from '../dist/node.mjs';

const PKG = new URL('../', import.meta.url).pathname;
const server = await startServer(['--rpm', '0', '--concurrency', '0']);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cold(script, cwd, runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync('node', ['-e', script], { cwd, encoding: 'utf8', env: { ...process.env, URL_BASE: server.url } });
    times.push(Number(out.trim().split('\n').at(-1)));
  }
  return median(times);
}

try {
  const ours = `const t0 = performance.now();
import(${JSON.stringify(`${PKG}dist/node.mjs`)}).then(async ({ ExotelClient }) => {
  const c = new ExotelClient({ accountSid: 'ameyo5m', apiKey: 'sandbox_key', apiToken: 'sandbox_token', baseUrl: process.env.URL_BASE, env: false });
  const t1 = performance.now();
  await c.createTrunk({ trunk_name: 'cold' + Math.floor(Math.random() * 1e6) });
  console.log('load', (t1 - t0).toFixed(1));
  console.log((performance.now() - t0).toFixed(1));
});`;
  const oursCjs = `const t0 = performance.now();
const { ExotelClient } = require(${JSON.stringify(`${PKG}dist/index.cjs`)});
const c = new ExotelClient({ accountSid: 'ameyo5m', apiKey: 'sandbox_key', apiToken: 'sandbox_token', baseUrl: process.env.URL_BASE, env: false });
c.createTrunk({ trunk_name: 'cold' + Math.floor(Math.random() * 1e6) }).then(() => console.log((performance.now() - t0).toFixed(1)));`;
  const loadOnly = `const t0 = performance.now();
const { ExotelClient } = require(${JSON.stringify(`${PKG}dist/index.cjs`)});
new ExotelClient({ accountSid: 'ameyo5m', apiKey: 'k', apiToken: 't', env: false });
console.log((performance.now() - t0).toFixed(1));`;
  console.log(`cold start, exotel-sip import + instantiate + first call: ${cold(ours, PKG)} ms (median of 15)`);
  console.log(`cold start, exotel-sip require + instantiate + first call: ${cold(oursCjs, PKG)} ms`);
  console.log(`exotel-sip require + instantiate only: ${cold(loadOnly, PKG)} ms`);
  if (process.env.TWILIO_DIR) {
    const tw = `const t0 = performance.now();
const twilio = require('twilio');
const client = twilio('AC00000000000000000000000000000000', 'token0000000000000000000000000000');
client.request({ method: 'GET', uri: process.env.URL_BASE + '/__sandbox/health' }).then(() => console.log((performance.now() - t0).toFixed(1)));`;
    const twLoad = `const t0 = performance.now();
const twilio = require('twilio');
twilio('AC00000000000000000000000000000000', 'token0000000000000000000000000000');
console.log((performance.now() - t0).toFixed(1));`;
    console.log(`cold start, require('twilio') + client + first request: ${cold(tw, process.env.TWILIO_DIR)} ms`);
    console.log(`require('twilio') + client only: ${cold(twLoad, process.env.TWILIO_DIR)} ms`);
  }
  // Per-call overhead.
  const client = new ExotelClient({ ...SANDBOX, baseUrl: server.url, env: false, rateLimit: { requestsPerMinute: 0, requestsPerSecond: 0, maxInFlight: 0 } });
  const trunk = await client.createTrunk({ trunk_name: 'bench' });
  for (let i = 0; i < 5; i++) await client.mapPhoneNumber({ trunk_sid: trunk.trunk_sid, phone_number: `+91980000000${i}` });
  const url = `${server.url}/v2/accounts/ameyo5m/trunks/${trunk.trunk_sid}/phone-numbers`;
  const auth = `Basic ${Buffer.from('sandbox_key:sandbox_token').toString('base64')}`;
  const raw = async () => {
    const res = await fetch(url, { headers: { Authorization: auth, Accept: 'application/json' }, redirect: 'manual' });
    const body = JSON.parse(await res.text());
    if (res.status !== 200 || body.response.length !== 5) throw new Error('bad');
  };
  const sdk = async () => {
    const page = await client.phoneNumbersPage({ trunk_sid: trunk.trunk_sid });
    if (page.items.length !== 5) throw new Error('bad');
  };
  const N = Number(process.env.BENCH_N ?? 1000);
  const rounds = { raw: [], sdk: [] };
  for (let r = 0; r < 5; r++) {
    for (const [name, fn] of [['raw', raw], ['sdk', sdk]]) {
      for (let i = 0; i < 50; i++) await fn();
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await fn();
      rounds[name].push((performance.now() - t0) / N);
    }
  }
  const a = median(rounds.raw);
  const b = median(rounds.sdk);
  console.log(`per call (median of 5 rounds of ${N} sequential GETs): fetch + JSON.parse ${(a * 1000).toFixed(0)} µs, exotel-sip ${(b * 1000).toFixed(0)} µs (+${(((b - a) / a) * 100).toFixed(1)}%, +${((b - a) * 1000).toFixed(0)} µs)`);
  // The setup a user runs, with the default limits: a fresh client (and governor) each run.
  const setups = [];
  for (let r = 0; r < 7; r++) {
    await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
    const fresh = new ExotelClient({ ...SANDBOX, baseUrl: server.url, env: false });
    const t0 = performance.now();
    await pstnFlow(fresh, `b${r}`);
    await streamkitFlow(fresh, `b${r}`);
    setups.push(performance.now() - t0);
  }
  console.log(`PSTN + StreamKit setup, default rate limits: ${median(setups).toFixed(1)} ms (median of 7; goal <= 100 ms)`);
} finally {
  await server.stop();
}
