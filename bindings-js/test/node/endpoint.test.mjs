// The core decides between an explicit region and the environment's base URL
// (Endpoint::resolve), as in every binding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExotelClient } from '../../dist/node.mjs';

test('an explicit region beats EXOTEL_BASE_URL; with neither, the environment decides', () => {
  const saved = process.env.EXOTEL_BASE_URL;
  process.env.EXOTEL_BASE_URL = 'http://127.0.0.1:4010';
  try {
    const creds = { accountSid: 'a', apiKey: 'k', apiToken: 't' };
    assert.equal(new ExotelClient({ ...creds, region: 'mumbai' }).baseUrl, 'https://api.in.exotel.com');
    assert.equal(new ExotelClient(creds).baseUrl, 'http://127.0.0.1:4010');
  } finally {
    if (saved === undefined) delete process.env.EXOTEL_BASE_URL;
    else process.env.EXOTEL_BASE_URL = saved;
  }
});
