// The PSTN and StreamKit set-ups (as scripts/demo.sh runs them), on any client.
import assert from 'node:assert/strict';

export async function pstnFlow(client, suffix = '') {
  const trunk = await client.ensureTrunk({ trunk_name: `pstn_main${suffix}` });
  assert.equal(trunk.created, true);
  const sid = trunk.trunk_sid;
  assert.match(sid, /^tr/);
  const number = await client.mapPhoneNumber({ trunk_sid: sid, phone_number: '+919876543210', mode: 'pstn' });
  assert.equal(number.mode, 'pstn');
  const ip = await client.whitelistIp({ trunk_sid: sid, ip: '203.0.113.10' });
  assert.equal(ip.ip, '203.0.113.10');
  const dest = await client.addDestinations({ trunk_sid: sid, destinations: ['203.0.113.10:5061;transport=tls', 'sip:pbx.example.com:5060'] });
  assert.equal(dest.items.length, 2);
  const settings = await client.setTrunkSettings({ trunk_sid: sid, settings: [{ name: 'trunk_external_alias', value: '+919876543210' }] });
  assert.equal(settings.items[0].name, 'trunk_external_alias');
  // A second run changes nothing and fails nothing.
  const again = await client.ensurePhoneNumber({ trunk_sid: sid, phone_number: '+919876543210', mode: 'pstn' });
  assert.equal(again.created, false);
  const dests = await client.ensureDestinations({ trunk_sid: sid, destinations: ['203.0.113.10:5061;transport=tls'] });
  assert.equal(dests[0].created, false);
  const numbers = [];
  for await (const page of client.listPhoneNumbers({ trunk_sid: sid, page_size: 1 }).pages()) numbers.push(...page.items);
  assert.equal(numbers.length, 1);
  return { sid, number };
}

export async function streamkitFlow(client, suffix = '') {
  const trunk = await client.createTrunk({ trunk_name: `bot_trunk${suffix}` });
  const sid = trunk.trunk_sid;
  const number = await client.mapPhoneNumber({ trunk_sid: sid, phone_number: '+919876543211', mode: 'flow' });
  assert.equal(number.mode, 'flow');
  await client.whitelistIp({ trunk_sid: sid, ip: '198.51.100.7', mask: 32 });
  const back = await client.updatePhoneNumberMode({ trunk_sid: sid, phone_number_id: number.id, phone_number: '+919876543211', mode: 'pstn' });
  assert.equal(back.mode, 'pstn');
  const ips = await client.whitelistedIpsPage({ trunk_sid: sid });
  assert.equal(ips.items.length, 1);
  const deleted = await client.deleteTrunk(sid);
  assert.equal(deleted.trunk_sid, sid);
  return { sid };
}
