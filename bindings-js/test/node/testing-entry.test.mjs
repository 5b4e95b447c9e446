// `exotel-sip/testing` shares the main entry's classes: what its in-process
// transport throws is an instance of the TransportFailure users import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as testing from '../../dist/testing-node.mjs';
import * as main from '../../dist/node.mjs';

test('the in-process transport throws the TransportFailure of the entry users import', { timeout: 10000 }, async () => {
  assert.equal(testing.TransportFailure, main.TransportFailure);
  const sandbox = new testing.InProcessSandbox();
  await sandbox.queueFault({ method: 'POST', path: '/v2/accounts/ameyo5m/trunks', fault: { type: 'drop' } });
  const err = await sandbox.transport().send({
    method: 'POST',
    url: 'http://127.0.0.1:4010/v2/accounts/ameyo5m/trunks',
    headers: { Authorization: `Basic ${btoa('sandbox_key:sandbox_token')}`, 'Content-Type': 'application/json' },
    body: '{"trunk_name":"x"}',
    timeoutMs: 1000,
  }).catch((e) => e);
  assert.ok(err instanceof testing.TransportFailure, String(err));
  assert.equal(err.kind, 'io_after_send');
  // Through a client the same failure is a typed TransportError (a POST is not re-sent).
  await sandbox.queueFault({ method: 'POST', path: '/v2/accounts/ameyo5m/trunks', fault: { type: 'drop' } });
  const viaClient = await sandbox.client().createTrunk({ trunk_name: 'y' }).catch((e) => e);
  assert.ok(testing.isTransportError(viaClient), String(viaClient));
  assert.equal(viaClient.transportKind, 'io_after_send');
});
