// Parity with the core's catalog (api/catalog.json): every operation and helper is a
// method of ExotelClient taking (input, options), declared in the shipped .d.ts with
// TSDoc; a list is lazy (`for await` of items, `.pages()`), with a one-page twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../../dist/node.mjs';

const root = new URL('../../../', import.meta.url);
const catalog = JSON.parse(readFileSync(new URL('api/catalog.json', root), 'utf8'));
const dts = readFileSync(new URL('bindings-js/dist/index.d.ts', root), 'utf8');
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const names = (op) => (op.result.shape === 'page' ? [op.name, `${op.name.replace(/^list_/, '')}_page`] : [op.name]).map(camel);

test('every catalog operation is a method taking (input, options), declared with docs', () => {
  for (const op of catalog.operations) {
    for (const name of names(op)) {
      const method = sdk.ExotelClient.prototype[name];
      assert.equal(typeof method, 'function', `ExotelClient.${name}`);
      assert.equal(method.length, 2, `${name}(input, options)`);
      const at = dts.indexOf(`  ${name}(`);
      assert.ok(at > 0, `index.d.ts declares ${name}`);
      assert.match(dts.slice(Math.max(0, at - 400), at), /\*\/\s*$/, `${name} has TSDoc`);
    }
  }
});

test('no public method is missing from the catalog', () => {
  const declared = new Set(catalog.operations.flatMap(names));
  const own = Object.getOwnPropertyNames(sdk.ExotelClient.prototype)
    .filter((n) => n !== 'constructor' && typeof Object.getOwnPropertyDescriptor(sdk.ExotelClient.prototype, n).value === 'function');
  const lifecycle = new Set(['toString', 'toJSON']);
  assert.deepEqual(own.filter((n) => !declared.has(n) && !lifecycle.has(n)), []);
});

test('a list is lazy: nothing is sent until it is iterated', async () => {
  const sent = [];
  const transport = { async send(request) { sent.push(request.url); return { status: 500, headers: {}, body: '' }; } };
  const client = new sdk.ExotelClient({ apiKey: 'k', apiToken: 't', accountSid: 'ameyo5m', env: false, transport, retry: { maxAttempts: 1 } });
  const items = client.listPhoneNumbers({ trunk_sid: 'trmum1f708622631150902801a1n' });
  assert.equal(typeof items[Symbol.asyncIterator], 'function');
  assert.equal(typeof items.pages, 'function');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(sent, []);
  await assert.rejects(items.toArray());
  assert.equal(sent.length, 1);
});

test('error classes keep their names through minification (err.constructor.name, inspect)', async () => {
  const client = new sdk.ExotelClient({ apiKey: 'k', apiToken: 't', accountSid: 'ameyo5m', env: false, transport: { async send() { throw new Error('unused'); } } });
  const err = await client.mapPhoneNumber({ trunk_sid: 'trmum1f708622631150902801a1n', phone_number: '12' }).catch((e) => e);
  assert.ok(err instanceof sdk.ValidationError);
  assert.equal(err.constructor.name, 'ValidationError');
  assert.equal(err.name, 'ValidationError');
  const { inspect } = await import('node:util');
  assert.match(inspect(err), /^ValidationError: /);
  for (const name of ['ExotelError', 'ApiError', 'AuthenticationError', 'NotFoundError', 'DuplicateError', 'RateLimitedError',
    'PartialFailureError', 'RequestTimeoutError', 'TransportError', 'DecodeError', 'OutcomeUnknownError', 'InternalError']) {
    assert.equal(sdk[name].name, name);
  }
});
