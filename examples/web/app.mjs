// The provisioning console: walks the PSTN setup on the in-process sandbox and
// shows each request and response. Served as plain ES modules (no bundler).
import { InProcessSandbox, ExotelError } from '../../bindings-js/dist/testing-browser.mjs';

const sandbox = new InProcessSandbox();
const steps = document.getElementById('steps');
const status = document.getElementById('status');
let current = null;

// A transport that shows every exchange, then hands it to the sandbox. Any
// transport plugs in the same way (fetch, a server-side proxy, a test double).
const inner = sandbox.transport();
const transport = {
  async send(request, options) {
    const exchange = document.createElement('pre');
    exchange.textContent = `→ ${request.method} ${request.url}${request.body ? `\n${request.body}` : ''}`;
    current?.append(exchange);
    const response = await inner.send(request, options);
    exchange.textContent += `\n← ${response.status}\n${pretty(response.body)}`;
    return response;
  },
};
const client = sandbox.client({ transport });

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function step(title, run) {
  const li = document.createElement('li');
  const head = document.createElement('div');
  head.className = 'title';
  head.textContent = title;
  li.append(head);
  steps.append(li);
  current = li;
  try {
    const result = await run();
    li.className = 'ok';
    return result;
  } catch (error) {
    li.className = 'err';
    const pre = document.createElement('pre');
    pre.textContent = error instanceof ExotelError ? `${error.name}: ${error.message}` : String(error);
    li.append(pre);
    throw error;
  }
}

async function pstnSetup(form) {
  steps.replaceChildren();
  status.dataset.state = 'running';
  status.textContent = 'running…';
  const trunk = await step(`1. Create trunk ${form.trunk}`, () => client.ensureTrunk({ trunk_name: form.trunk }));
  const sid = trunk.trunk_sid;
  await step(`2. Map ${form.number} (pstn)`, () => client.ensurePhoneNumber({ trunk_sid: sid, phone_number: form.number, mode: 'pstn' }));
  await step(`3. Whitelist the PBX IP ${form.ip}`, () => client.ensureWhitelistedIp({ trunk_sid: sid, ip: form.ip }));
  await step('4. Add an IP and an FQDN destination', () => client.ensureDestinations({ trunk_sid: sid, destinations: [`${form.ip}:5061;transport=tls`, form.fqdn] }));
  await step('5. Set the caller-ID alias', () => client.setTrunkSettings({ trunk_sid: sid, settings: [{ name: 'trunk_external_alias', value: form.number }] }));
  await step('6. List the trunk\'s numbers (every page)', async () => {
    const all = [];
    for await (const page of client.listPhoneNumbers({ trunk_sid: sid }).pages()) all.push(...page.items);
    return all;
  });
  status.dataset.state = 'done';
  status.dataset.trunkSid = sid;
  status.textContent = `PSTN setup done (trunk ${sid})`;
}

document.getElementById('form').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(event.target));
  pstnSetup(data).catch((error) => {
    status.dataset.state = 'failed';
    status.textContent = `failed: ${error.message}`;
  });
});

if (new URLSearchParams(location.search).has('autorun')) document.getElementById('run').click();
