// Bundled by esbuild in the browser test: a setup over fetch against the sandbox
// server (CORS), through the package's browser entry.
import { ExotelClient, NotFoundError } from '../../dist/browser.mjs';

const out = document.getElementById('out');
const server = new URLSearchParams(location.search).get('server');
try {
  const client = new ExotelClient({ accountSid: 'ameyo5m', apiKey: 'sandbox_key', apiToken: 'sandbox_token', baseUrl: server });
  const trunk = await client.createTrunk({ trunk_name: 'browser_pstn' });
  const number = await client.mapPhoneNumber({ trunk_sid: trunk.trunk_sid, phone_number: '+919876543210', mode: 'pstn' });
  await client.whitelistIp({ trunk_sid: trunk.trunk_sid, ip: '203.0.113.10' });
  const missing = await client.deleteTrunk('trmum00000000000000000000000a').catch((e) => e);
  out.dataset.state = missing instanceof NotFoundError ? 'done' : 'failed';
  out.textContent = `bundle setup done: ${trunk.trunk_sid} ${number.mode} ${missing.name}`;
} catch (error) {
  out.dataset.state = 'failed';
  out.textContent = `failed: ${error}`;
}
