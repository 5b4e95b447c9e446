// getTrunkCredentials returns the envelope's `data` untouched (its shape is
// undocumented). The wasm writes that JSON itself, with JavaScript formatting
// the floats, so every kind of JSON value must come back exactly as parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExotelClient } from '../../dist/node.mjs';

const DATA_TEXT = `{
  "username": "sip_user", "password_set": true, "revoked": false, "note": null,
  "ratio": 0.1, "tiny": 5e-324, "huge": 1.7976931348623157e308, "negative": -2.5,
  "exponent": 1E21, "int": 42, "neg_int": -9007199254740991, "u64": 18446744073709551615,
  "zero": 0, "minus_zero": -0.0,
  "text": "quote \\" backslash \\\\ newline \\n tab \\t nul \\u0000 emoji \\ud83d\\ude00 हिन्दी",
  "list": [1, 2.5, "x", [], {}, [null, [true]]],
  "nested": {"a": {"b": {"c": [0.30000000000000004]}}}
}`;

function transportReturning(dataText) {
  return {
    async send() {
      const body = `{"request_id":"r1","method":"GET","http_code":200,"response":{"code":200,"error_data":null,"status":"success","data":${dataText}}}`;
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
    },
  };
}

test('credentials data with every kind of JSON value comes back as parsed', { timeout: 10000 }, async () => {
  const client = new ExotelClient({
    accountSid: 'ameyo5m', apiKey: 'k', apiToken: 't', env: false,
    baseUrl: 'http://127.0.0.1:9', transport: transportReturning(DATA_TEXT),
  });
  const data = await client.getTrunkCredentials('trmum1f708622631150902801a1n');
  assert.deepEqual(data, JSON.parse(DATA_TEXT));
  assert.equal(data.ratio, 0.1);
  assert.equal(data.tiny, 5e-324);
  assert.equal(data.exponent, 1e21);
  assert.equal(data.nested.a.b.c[0], 0.1 + 0.2);
});

test('scalar and empty credentials data come back too', { timeout: 10000 }, async () => {
  for (const text of ['0.5', '"only text"', '[]', '{}', 'true', '-7']) {
    const client = new ExotelClient({
      accountSid: 'ameyo5m', apiKey: 'k', apiToken: 't', env: false,
      baseUrl: 'http://127.0.0.1:9', transport: transportReturning(text),
    });
    assert.deepEqual(await client.getTrunkCredentials('trmum1f708622631150902801a1n'), JSON.parse(text), text);
  }
});
