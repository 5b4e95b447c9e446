// A typed usage example, checked with `tsc --noEmit --strict` (never run).
import {
  ExotelClient, Limiter, fetchTransport, isDuplicateError, isPartialFailureError, ExotelError,
  NotFoundError, NO_RETRY, type ClientEvent, type PhoneNumber, type Transport, type Page,
} from '../../dist/index.js';
import { InProcessSandbox } from '../../dist/testing.js';

export async function setup(): Promise<string> {
  const limiter = new Limiter({ requestsPerMinute: 200, maxInFlight: 50 });
  const events: ClientEvent[] = [];
  const client = new ExotelClient({
    region: 'mumbai',
    timeoutMs: 10_000,
    retry: { maxAttempts: 3 },
    limiter,
    transport: fetchTransport(),
    onEvent: (e) => events.push(e),
  });
  const trunk = await client.ensureTrunk({ trunk_name: 'pbx_main', recorded_sid: null });
  const sid: string = trunk.trunk_sid;
  const controller = new AbortController();
  const number: PhoneNumber = await client.mapPhoneNumber(
    { trunk_sid: sid, phone_number: '+919876543210', mode: 'pstn' },
    { signal: controller.signal, timeoutMs: 5000, retry: NO_RETRY },
  );
  const mode: string | null = number.mode;
  await client.updatePhoneNumberMode({ trunk_sid: sid, phone_number_id: number.id, phone_number: number.phone_number, mode: 'flow' });
  await client.whitelistIp({ trunk_sid: sid, ip: '203.0.113.10', mask: 32 });
  try {
    const batch = await client.addDestinations({ trunk_sid: sid, destinations: ['203.0.113.10:5061;transport=tls'] });
    const first: string | undefined = batch.items[0]?.destination;
    void first;
  } catch (e) {
    if (isPartialFailureError(e)) {
      for (const f of e.failed) console.log(f.index, f.code, f.description);
      console.log(e.created.length, e.requestId);
    } else if (isDuplicateError(e)) {
      console.log(e.status, e.code);
    } else if (e instanceof NotFoundError) {
      console.log(e.description);
    } else if (e instanceof ExotelError) {
      console.log(e.kind, e.toJSON());
    }
  }
  await client.setTrunkSettings({ trunk_sid: sid, settings: [{ name: 'trunk_external_alias', value: '+919876543210' }] });
  for await (const page of client.listPhoneNumbers({ trunk_sid: sid, page_size: 50 }).pages()) {
    const p: Page<PhoneNumber> = page;
    console.log(p.items.length, p.metadata.next_page_uri);
  }
  // Every item, lazily.
  for await (const n of client.listPhoneNumbers({ trunk_sid: sid })) {
    const item: PhoneNumber = n;
    console.log(item.phone_number);
  }
  const all: PhoneNumber[] = await client.listPhoneNumbers({ trunk_sid: sid }).toArray();
  const one: Page<PhoneNumber> = await client.phoneNumbersPage({ trunk_sid: sid, offset: 0 });
  console.log(all.length, one.items.length);
  const bulk = await client.mapPhoneNumbers({ trunk_sid: sid, phone_numbers: ['+919876543211'], concurrency: 4 });
  for (const item of bulk) {
    if (item.outcome === 'failed') console.log(item.error.kind);
    else console.log(item.resource.id);
  }
  const ips = await client.ensureWhitelistedIp({ trunk_sid: sid, ip: '203.0.113.11' });
  console.log(ips.created, ips.resource.ip);
  const creds: unknown = await client.getTrunkCredentials(sid);
  void creds;
  const deleted = await client.deleteTrunk(sid);
  console.log(deleted.trunk?.trunk_name, mode, events.length);
  return sid;
}

// A custom transport (for example a server-side proxy).
export const proxy: Transport = {
  async send(request, { signal }) {
    const res = await fetch('/api/exotel', { method: 'POST', body: JSON.stringify(request), signal });
    return { status: res.status, headers: res.headers, body: await res.text() };
  },
};

export async function hermetic(): Promise<void> {
  const sandbox = new InProcessSandbox({ rpm: 0 });
  await sandbox.queueFault({ method: 'POST', path: '/v2/accounts/ameyo5m/trunks', fault: { type: 'lost' } });
  const client = sandbox.client({ retry: { maxAttempts: 1 } });
  await client.createTrunk({ trunk_name: 'test' }).catch(() => undefined);
  const log = await sandbox.requests();
  console.log(log[0]?.delivery);
}
