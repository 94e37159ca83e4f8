/**
 * End to end: the IVR on a real twilio-run serving dist/ with the Sync state backend (its Twilio
 * calls redirected to the fake Twilio API), a pending reminder seeded for the canary caller, and a
 * loopback stand-in for the clinic's events endpoint that checks each event's signature. Calls are
 * SHAKEN/STIR A-verified (`StirVerstat`) unless a test says otherwise: a spoofed caller ID (no A)
 * must neither act on nor learn about the canary's reminder.
 */
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import { COLLECTIONS } from '../../src/runtime/state/factory';
import { SyncKv } from '../../src/runtime/state/sync-kv';
import { fakeTwilioClient } from '../fake-twilio';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { TEST_ACCOUNT_SID } from '../helpers/env';
import type { EventsEndpoint } from '../helpers/events-endpoint';
import { postForm } from '../helpers/signed-post';
import { checkAfterEach, startSyncWorld, type SyncWorld } from '../helpers/sync-world';

const EVENTS_SECRET = 'clinic-events-secret-'.padEnd(48, 'z');
const FRONT_DESK_DIAL = '<Dial timeout="20">+15555550100</Dial>';
let seq = 0;
const callSid = (): string => `CA${(++seq).toString(16).padStart(32, 'b')}`;
const call = (extra: Record<string, string> = {}): Record<string, string> => ({
  AccountSid: TEST_ACCOUNT_SID,
  CallSid: callSid(),
  From: CANARY_PHONE,
  To: '+15555550199',
  CallStatus: 'in-progress',
  Direction: 'inbound',
  ApiVersion: '2010-04-01',
  StirVerstat: 'TN-Validation-Passed-A',
  ...extra,
});
/** A call whose caller ID Twilio could not verify: no StirVerstat at all (no PASSporT, or from abroad). */
const unverifiedCall = (extra: Record<string, string> = {}): Record<string, string> => {
  const params = call(extra);
  delete params.StirVerstat;
  return params;
};
const seedReminder = (ref: string): Promise<unknown> => {
  const now = Date.now();
  return pending.add(CANARY_PHONE, {
    appointmentRef: ref,
    templateId: 'standard',
    language: 'en',
    sentAt: now - 3_600_000,
    appointmentAt: now + 2 * 86_400_000,
  });
};

let world: SyncWorld<EventsEndpoint>;
let pending: PendingReminders;

beforeAll(async () => {
  world = await startSyncWorld({ prefix: 'e2e-voice-', eventsSecret: EVENTS_SECRET, env: { LEDGER_WRITE_BUDGET_MS: '2000' } });
  const kv = new SyncKv<PendingRecord>(fakeTwilioClient(world.fake), world.serviceSid, () => COLLECTIONS.remindersPending);
  pending = new PendingReminders(kv, world.env.OPTOUT_HMAC_SECRET as string, 24 * 3_600_000, { budgetMs: 2000 });
}, 90_000);
afterAll(() => world?.stop());

beforeEach(() => {
  world.endpoint.events.length = 0;
  world.endpoint.raw.length = 0;
});
afterEach(() => checkAfterEach(world));

describe('the voice IVR through twilio-run', () => {
  test('inbound menu, then key 1: one signed confirm event to the clinic, PHI-free all the way', async () => {
    const now = Date.now();
    await pending.add(CANARY_PHONE, {
      appointmentRef: 'appt-e2e-1',
      templateId: 'standard',
      language: 'en',
      sentAt: now - 3_600_000,
      appointmentAt: now + 2 * 86_400_000,
    });
    const params = call();
    const inbound = await world.post('/voice/inbound', params);
    expect(inbound.status).toBe(200);
    expect(inbound.contentType).toMatch(/^text\/xml/);
    expect(inbound.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="dtmf" numDigits="1" action="/voice/menu" method="POST" timeout="6">' +
        '<Say language="en-US">Hello, this is Example Clinic. Press 1 to confirm your next appointment, 2 to reschedule, 3 to cancel it, or 0 for the front desk.</Say>' +
        '</Gather><Say language="en-US">Please hold while we connect you to the front desk.</Say>' +
        `${FRONT_DESK_DIAL}</Response>`,
    );

    const menu = await world.post('/voice/menu', { ...params, Digits: '1' });
    expect(menu.status).toBe(200);
    expect(menu.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Thank you. Your appointment is confirmed. Goodbye.</Say><Hangup/></Response>',
    );

    // One request reached the clinic, and the endpoint found its signature valid.
    expect(world.endpoint.raw).toHaveLength(1);
    expect(world.endpoint.events).toHaveLength(1);
    const [event] = world.endpoint.events;
    expect(event).toEqual({
      eventId: `${params.CallSid}-1`,
      type: 'appointment.reply',
      appointmentRef: 'appt-e2e-1',
      action: 'confirm',
      channel: 'voice',
      callSid: params.CallSid,
      receivedAt: expect.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T/),
    });
    expect((await pending.latest(CANARY_PHONE))?.answered?.action).toBe('confirm');
    for (const [where, text] of [
      ['inbound TwiML', inbound.body],
      ['menu TwiML', menu.body],
      ['event body', world.endpoint.raw[0] ?? ''],
      ['server output', world.server.output()],
    ] as const) {
      expect({ where, canary: findCanary(text) ?? null }).toEqual({ where, canary: null });
    }
    expect(world.server.output()).toContain(`"event":"reminders.reply_recorded","action":"confirm","channel":"voice"`);
  });

  test('key 0: the front desk, and no <Record> with voicemail off (the shipped clinic config)', async () => {
    const menu = await world.post('/voice/menu', call({ Digits: '0' }));
    expect(menu.status).toBe(200);
    expect(menu.body).toContain(FRONT_DESK_DIAL);
    const status = await world.post('/voice/dial-status', {
      AccountSid: TEST_ACCOUNT_SID,
      CallSid: callSid(),
      DialCallStatus: 'no-answer',
    });
    expect(status.status).toBe(200);
    expect(`${menu.body}${status.body}`).not.toContain('<Record');
    expect(world.endpoint.raw).toEqual([]);
  });

  test('Sync down: the caller is connected to the front desk, with a PHI-free alert', async () => {
    world.fake.faults.failNext(10_000, 503, 20500);
    const menu = await world.post('/voice/menu', call({ Digits: '2' }));
    world.fake.faults.reset();
    expect(menu.status).toBe(200);
    expect(menu.body).toContain('Sorry, we cannot take your answer right now.');
    expect(menu.body).toContain(FRONT_DESK_DIAL);
    expect(world.server.output()).toMatch(
      /"event":"voice\.state_unavailable","callSid":"CA[0-9a-f]{32}","action":"reschedule","status":"store_unavailable","errorCode":"20500"/,
    );
    expect(world.endpoint.raw).toEqual([]);
  });

  test('a spoofed caller ID (no A attestation) with a pending reminder: no menu, and a direct POST to /voice/menu records nothing and answers exactly as for no appointment', async () => {
    // A caller without any reminder (verified), for comparison.
    const noAppointment = await world.post('/voice/menu', call({ From: '+13125550166', Digits: '1' }));
    await seedReminder('appt-e2e-spoofed');
    const inbound = await world.post('/voice/inbound', unverifiedCall());
    expect(inbound.status).toBe(200);
    expect(inbound.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Hello, this is Example Clinic.</Say>' +
        `<Say language="en-US">Please hold while we connect you to the front desk.</Say>${FRONT_DESK_DIAL}</Response>`,
    );
    const direct = [
      await world.post('/voice/menu', unverifiedCall({ Digits: '3' })),
      await world.post('/voice/menu', call({ Digits: '3', StirVerstat: 'TN-Validation-Passed-B' })),
      await world.post('/voice/menu', call({ Digits: '1', StirVerstat: 'No-TN-Validation' })),
    ];
    for (const r of direct) expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: noAppointment.body });
    expect(noAppointment.body).toContain('We could not find an upcoming appointment for this number.');
    expect(world.endpoint.raw).toEqual([]);
    expect((await pending.latest(CANARY_PHONE))?.appointmentRef).toBe('appt-e2e-spoofed');
    expect((await pending.latest(CANARY_PHONE))?.answered).toBeUndefined();
    const output = world.server.output();
    expect(output).toMatch(/"event":"voice\.inbound","callSid":"CA[0-9a-f]{32}","status":"absent"/);
    expect(output).toMatch(
      /"event":"voice\.caller_unverified","callSid":"CA[0-9a-f]{32}","action":"cancel","status":"tn-validation-passed-b"/,
    );
    expect(findCanary(`${inbound.body}${direct.map((r) => r.body).join('')}${output}`)).toBeUndefined();
  });

  test('unsigned or wrongly signed: 403, nothing echoed', async () => {
    const unsigned = await postForm(world.url('/voice/inbound'), call());
    expect(unsigned).toMatchObject({ status: 403, body: 'Forbidden' });
    const wrong = await postForm(world.url('/voice/menu'), call({ Digits: '1' }), { authToken: 'f'.repeat(32) });
    expect(wrong).toMatchObject({ status: 403, body: 'Forbidden' });
    expect(world.endpoint.raw).toEqual([]);
  });
});
