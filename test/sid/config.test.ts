/**
 * `sid` for configuration resources against the fake: Messaging Services (MG), phone numbers
 * (PN), accounts (AC) and Verify verifications (VE). Webhooks show as host + https + method only;
 * friendly names, numbers, URL paths and tokens never show.
 */
import { fakeTwilioClient } from '../fake-twilio';
import { CANARY_PHONE } from '../helpers/canary';
import { seedAccounts, seedMessagingConfig, sidOf } from './seed';
import { expectSafe, expectTicketSafe, snippetOf, startSidWorld, type SidWorld } from './world';

let world: SidWorld;
beforeEach(async () => {
  world = await startSidWorld();
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

type Json = { results: { outcome: string; resource: Record<string, unknown> }[] };

test('MG: use case, webhook hosts with https yes/no and methods, sender-pool switches, number count', async () => {
  const { serviceSid } = seedMessagingConfig(world.fake);
  const run = await world.run([serviceSid, sidOf('MG', 1), '--format', 'json']);
  expect(run.exitCode).toBe(0);
  const [pool, deferring] = (JSON.parse(run.stdout) as Json).results.map((r) => r.resource);
  expect(pool).toMatchObject({
    kind: 'messaging-service',
    sid: serviceSid,
    useCase: 'notifications',
    stickySender: true,
    fallbackToLongCode: false,
    areaCodeGeomatch: true,
    inbound: { host: 'hooks.clinic.example', https: true, method: 'POST' },
    fallback: { host: 'fallback.clinic.example', https: false, method: 'GET' },
    statusCallback: { host: 'status.clinic.example', https: true, method: null },
    phoneNumbers: { count: 2, more: false },
    validityPeriodSeconds: 14400,
  });
  expect(deferring).toMatchObject({ useInboundWebhookOnNumber: true, phoneNumbers: { count: 0, more: false } });
  const text = await world.run([serviceSid]);
  expect(text.stdout).toMatch(/incoming messages\s+POST https hooks\.clinic\.example/);
  expect(text.stdout).toMatch(/fallback\s+GET NOT https fallback\.clinic\.example/);
  expect(text.stdout).toMatch(/phone numbers\s+2/);
  expectTicketSafe(snippetOf(text.stdout));
  expectSafe(run.stdout, run.stderr, text.stdout, text.stderr);
});

test('PN: masked number, capabilities, webhooks, its Messaging Service (searched); a number in no pool says so', async () => {
  const { serviceSid, numberSid, unpooledSid } = seedMessagingConfig(world.fake);
  const run = await world.run([numberSid, unpooledSid, '--format', 'json']);
  expect(run.exitCode).toBe(0);
  const [pooled, alone] = (JSON.parse(run.stdout) as Json).results.map((r) => r.resource);
  expect(pooled).toMatchObject({
    kind: 'phone-number',
    sid: numberSid,
    number: '+1******0147',
    status: 'in-use',
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    sms: { host: 'hooks.clinic.example', https: true, method: 'POST' },
    voice: { host: 'webhooks.twilio.com', https: true, method: 'POST', studioFlowSid: sidOf('FW', 9) },
    statusCallback: { host: 'status.clinic.example', https: true, method: 'POST' },
    messagingServiceSid: serviceSid,
    smsFallback: null,
  });
  expect(alone).toMatchObject({ sid: unpooledSid, number: '+1******0103', messagingServiceSid: null, sms: null, voice: null });
  const text = await world.run([numberSid, unpooledSid]);
  expect(text.stdout).toContain(`Studio flow ${sidOf('FW', 9)}`);
  expect(text.stdout).toContain('none (not in a sender pool)');
  expect(text.stdout).not.toContain(CANARY_PHONE);
  expectTicketSafe(snippetOf(text.stdout));
  expectSafe(run.stdout, text.stdout, text.stderr);
});

test('AC: status, type, parent and dates; never the friendly name or a subaccount token', async () => {
  const { subaccountSid } = seedAccounts(world.fake);
  const run = await world.run([world.fake.accountSid, subaccountSid, '--format', 'json']);
  expect(run.exitCode).toBe(0);
  expect((JSON.parse(run.stdout) as Json).results.map((r) => r.resource)).toEqual([
    {
      kind: 'account',
      sid: world.fake.accountSid,
      status: 'active',
      type: 'Full',
      parentAccountSid: null,
      dateCreated: '2026-01-10T00:00:00Z',
      dateUpdated: '2026-01-10T00:00:00Z',
    },
    {
      kind: 'account',
      sid: subaccountSid,
      status: 'suspended',
      type: 'Full',
      parentAccountSid: world.fake.accountSid,
      dateCreated: '2026-01-10T00:00:00Z',
      dateUpdated: '2026-01-10T00:00:00Z',
    },
  ]);
  const text = await world.run([subaccountSid]);
  expect(snippetOf(text.stdout)[1]).toBe(`${subaccountSid} status=suspended type=full created=2026-01-10T00:00:00Z`);
  expectSafe(run.stdout, text.stdout, text.stderr);
  expect(`${run.stdout}${text.stdout}`).not.toMatch(/Family Clinic|tok3n/);
});

test('VE: channel, status, attempts and its Verify Service (searched); never the number', async () => {
  world.fake.verify.createService('other service');
  const service = world.fake.verify.createService('Clinic login');
  const v = await fakeTwilioClient(world.fake).verify.v2.services(service).verifications.create({ to: CANARY_PHONE, channel: 'sms' });
  const run = await world.run([v.sid, '--format', 'json']);
  expect(run.exitCode).toBe(0);
  expect((JSON.parse(run.stdout) as Json).results[0]?.resource).toMatchObject({
    kind: 'verification',
    sid: v.sid,
    serviceSid: service,
    channel: 'sms',
    status: 'pending',
    sendAttempts: 1,
  });
  const text = await world.run([v.sid]);
  expect(text.stdout).toMatch(/channel\s+sms/);
  expectTicketSafe(snippetOf(text.stdout));
  expectSafe(run.stdout, text.stdout, text.stderr);
  // Twilio forgets a verification once it is no longer pending: then it is "not found".
  world.fake.clock.advance(11 * 60_000);
  const later = await world.run([v.sid]);
  expect(later.exitCode).toBe(1);
  expect(later.stdout).toContain('(2 Verify services)');
});
