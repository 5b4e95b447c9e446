// PSTN and StreamKit flows against the sandbox server with the fetch transport,
// from `import` and from `require`, plus the in-process sandbox of `/testing`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from '../../dist/node.mjs';
import * as esmTesting from '../../dist/testing-node.mjs';
import { startServer, SANDBOX } from '../helpers/server.mjs';
import { pstnFlow, streamkitFlow } from '../helpers/flows.mjs';

const require = createRequire(import.meta.url);
const cjs = require('../../dist/index.cjs');
const cjsTesting = require('../../dist/testing.cjs');

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

for (const [name, sdk] of [['import', esm], ['require', cjs]]) {
  test(`PSTN and StreamKit flows over fetch (${name})`, async () => {
    await server.control('POST', 'reset');
    const client = new sdk.ExotelClient({ ...SANDBOX, baseUrl: server.url, env: false });
    await pstnFlow(client);
    await streamkitFlow(client);
    const log = (await server.control('GET', 'requests')).requests;
    assert.ok(log.length >= 12);
    assert.ok(log.every((r) => r.delivery === 'completed'));
  });
}

test('setCallerIdAlias sets trunk_external_alias, as in Python and Kotlin', async () => {
  await server.control('POST', 'reset');
  const client = new esm.ExotelClient({ ...SANDBOX, baseUrl: server.url, env: false });
  const { trunk_sid } = await client.createTrunk({ trunk_name: 'alias_trunk' });
  const batch = await client.setCallerIdAlias({ trunk_sid, phone_number: '+919876543210' });
  assert.deepEqual(batch.items.map((s) => [s.name, s.value]), [['trunk_external_alias', '+919876543210']]);
  const sent = (await server.control('GET', 'requests')).requests.at(-1);
  assert.deepEqual(JSON.parse(sent.body), { settings: [{ name: 'trunk_external_alias', value: '+919876543210' }] });
  const bad = await client.setCallerIdAlias({ trunk_sid, phone_number: '98765' }).catch((e) => e);
  assert.ok(esm.isValidationError(bad), String(bad));
});

test('configuration from process.env.EXOTEL_*', async () => {
  await server.control('POST', 'reset');
  const saved = { ...process.env };
  Object.assign(process.env, {
    EXOTEL_ACCOUNT_SID: SANDBOX.accountSid,
    EXOTEL_API_KEY: SANDBOX.apiKey,
    EXOTEL_API_TOKEN: SANDBOX.apiToken,
    EXOTEL_BASE_URL: server.url,
  });
  try {
    const client = new esm.ExotelClient();
    assert.equal(client.baseUrl, server.url);
    const t = await client.createTrunk({ trunk_name: 'from_env' });
    assert.match(t.trunk_sid, /^tr/);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  }
});

for (const [name, sdk] of [['import', esmTesting], ['require', cjsTesting]]) {
  test(`flows on the in-process sandbox (${name})`, async () => {
    const sandbox = new sdk.InProcessSandbox();
    const client = sandbox.client();
    await pstnFlow(client);
    await streamkitFlow(client);
    const log = await sandbox.requests();
    assert.ok(log.length >= 12);
  });
}

test('a custom transport plugs in (a proxy that forwards to fetch)', async () => {
  await server.control('POST', 'reset');
  const seen = [];
  const inner = esm.fetchTransport();
  const transport = {
    send(request, options) {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      return inner.send(request, options);
    },
  };
  const client = new esm.ExotelClient({ ...SANDBOX, baseUrl: server.url, env: false, transport });
  await client.createTrunk({ trunk_name: 'via_proxy' });
  assert.deepEqual(seen, ['POST /v2/accounts/ameyo5m/trunks']);
});
