/**
 * Reminders end to end: a real twilio-run serving dist/ (Sync state and Messages redirected to the
 * fake Twilio API, every response validated against Twilio's OpenAPI specs), a local stand-in for
 * the clinic's events endpoint, and the whole path: send → patient reply → signed event, including
 * a clinic outage, duplicates, the opt-out gate, 21610 callbacks and canary PHI.
 */
import { callEndpoint, formatRemindResult, parseRemindArgs } from '../../src/tooling/cli/remind-core';
import { messageUpdates } from '../fake-twilio/messages-routes';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';
import type { EventsEndpoint } from '../helpers/events-endpoint';
import { postForm } from '../helpers/signed-post';
import { checkAfterEach, startSyncWorld, type SyncWorld } from '../helpers/sync-world';

const MG = `MG${'e'.repeat(32)}`;
const EVENTS_SECRET = 'v'.repeat(40);
const OTHER_PATIENT = '+12125551234';
const THIRD_PATIENT = '+13125550123';
const SCHEDULED_PATIENT = '+16175550123';
const CLINIC_NUMBER = '+15555550100';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
let seq = 0;
const smsSid = (): string => `SM${(++seq).toString(16).padStart(32, 'b')}`;

let world: SyncWorld<EventsEndpoint>;

const inTwoDays = (): string => new Date(Date.now() + 48 * 3_600_000).toISOString();
const reminder = (extra: Record<string, string> = {}): Record<string, string> => ({
  to: CANARY_PHONE,
  appointmentAt: inTwoDays(),
  templateId: 'appointment-reminder',
  locationId: 'main-street',
  appointmentRef: 'apt_e2e_0001',
  ...extra,
});
const send = (p: Record<string, string>) => world.post('/reminders/send', p);
const inbound = (from: string, body: string) =>
  world.post('/sms/inbound', {
    AccountSid: TEST_ACCOUNT_SID,
    MessageSid: smsSid(),
    From: from,
    To: CLINIC_NUMBER,
    MessagingServiceSid: MG,
    Body: body,
  });
const status = (p: Record<string, string>) => world.post('/sms/status', { AccountSid: TEST_ACCOUNT_SID, MessagingServiceSid: MG, ...p });

beforeAll(async () => {
  world = await startSyncWorld({
    prefix: 'e2e-reminders-',
    eventsSecret: EVENTS_SECRET,
    env: { MESSAGING_SERVICE_SID: MG, MESSAGING_SERVICE_NUMBERS: CLINIC_NUMBER },
  });
}, 90_000);
afterAll(() => world?.stop());
afterEach(() => checkAfterEach(world));

describe('POST /reminders/send through twilio-run', () => {
  test('sends once through the Messaging Service; a retried request returns the same SID', async () => {
    const first = await send(reminder());
    expect(first.status).toBe(202);
    const { messageSid } = JSON.parse(first.body) as { messageSid: string };
    expect(messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const again = await send(reminder());
    expect(again.status).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ messageSid, duplicate: true });
    const requests = world.fake.messages.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ To: CANARY_PHONE, MessagingServiceSid: MG, StatusCallback: `${world.server.origin}/sms/status` });
    expect(Object.keys(requests[0]!)).not.toContain('Tags');
    expect(requests[0]!.Body).toMatch(/^Example Clinic: you have an appointment on .+ Main Street office\. Reply 1 to confirm/);
  });

  test('an opted-out patient is never messaged', async () => {
    await world.ledger.apply(OTHER_PATIENT, {
      scope: { kind: 'senders', senders: [MG] },
      state: 'opted_out',
      at: Date.now(),
      messageSid: null,
      via: 'keyword',
    });
    const before = world.fake.messages.requests().length;
    const res = await send(reminder({ to: OTHER_PATIENT, appointmentRef: 'apt_e2e_0002' }));
    expect(res).toMatchObject({ status: 409, body: '{"error":"not_sendable"}' });
    expect(world.fake.messages.requests()).toHaveLength(before);
  });

  test('a non-US number is refused with 422 and nothing is sent', async () => {
    const before = world.fake.messages.requests().length;
    const res = await send(reminder({ to: '+442071838750', appointmentRef: 'apt_e2e_0003' }));
    expect(res).toMatchObject({ status: 422, body: '{"error":"unsupported_destination"}' });
    expect(world.fake.messages.requests()).toHaveLength(before);
  });

  test('bad input: 400 naming the field, unknown fields not named, JSON 415, unsigned 403; nothing echoed', async () => {
    const bad = await send(reminder({ appointmentRef: CANARY_NAME }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'invalid_request', fields: ['appointmentRef'] });
    const extra = await send({ ...reminder(), patientName: CANARY_NAME });
    expect(JSON.parse(extra.body)).toEqual({ error: 'invalid_request', fields: [], unknownFields: true });
    const json = await postForm(world.url('/reminders/send'), reminder(), {
      authToken: TEST_AUTH_TOKEN,
      contentType: 'application/json',
      rawBody: JSON.stringify(reminder()),
    });
    expect(json.status).toBe(415);
    const unsigned = await postForm(world.url('/reminders/send'), reminder());
    expect(unsigned.status).toBe(403);
    for (const r of [bad, extra, json, unsigned]) expect(findCanary(r.body)).toBeUndefined();
  });

  test("a STOP sent straight to a number of the service's pool (no Messaging Service) blocks the service's reminders too", async () => {
    const patient = '+12025550166';
    const stop = await world.post('/sms/inbound', {
      AccountSid: TEST_ACCOUNT_SID,
      MessageSid: smsSid(),
      From: patient,
      To: CLINIC_NUMBER,
      Body: 'STOP',
    });
    expect(stop.body).toContain('You are unsubscribed');
    expect(await world.ledger.read(patient)).toMatchObject({
      senders: { [CLINIC_NUMBER]: expect.objectContaining({ state: 'opted_out' }) },
    });
    expect((await world.ledger.read(patient))?.senders[MG]).toBeUndefined();
    const before = world.fake.messages.requests().length;
    expect((await send(reminder({ to: patient, appointmentRef: 'apt_e2e_0010' }))).status).toBe(409);
    expect(world.fake.messages.requests()).toHaveLength(before);
  });

  test('Sync unavailable: the opt-out gate cannot read the ledger, so nothing is sent (503, fail closed)', async () => {
    const before = world.fake.messages.requests().length;
    world.fake.faults.failNext(10_000, 503, 20500);
    const res = await send(reminder({ to: THIRD_PATIENT, appointmentRef: 'apt_e2e_0009' }));
    world.fake.faults.reset();
    expect(res.status).toBe(503);
    expect(res.body).not.toContain('not_sendable');
    expect(world.server.output()).toContain('"event":"ledger.unreadable_blocking_send"');
    expect(world.fake.messages.requests()).toHaveLength(before);
  });
});

describe('replies and events through twilio-run', () => {
  test('a numeric reply is acknowledged and delivered to the clinic as a signed event', async () => {
    const res = await inbound(CANARY_PHONE, '1');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Thank you, your appointment is confirmed.');
    expect(world.endpoint.events).toEqual([expect.objectContaining({ appointmentRef: 'apt_e2e_0001', action: 'confirm', channel: 'sms' })]);
  });

  test('free text gets one clarification; no event', async () => {
    const res = await inbound(CANARY_PHONE, CANARY_BODY);
    expect(res.body).toContain('Please reply 1, 2 or 3');
    expect(world.endpoint.events).toHaveLength(1);
  });

  test('clinic endpoint down: the event is kept and delivered after it comes back', async () => {
    expect((await send(reminder({ to: THIRD_PATIENT, appointmentRef: 'apt_e2e_0004' }))).status).toBe(202);
    world.endpoint.downWith = 503;
    const res = await inbound(THIRD_PATIENT, '3');
    expect(res.body).toContain('is canceled');
    expect(world.endpoint.events.filter((e) => e.appointmentRef === 'apt_e2e_0004')).toHaveLength(0);
    expect(world.fake.sync.listListItems(world.serviceSid, 'clinic-events')).toHaveLength(1);
    world.endpoint.downWith = null;
    await new Promise((r) => setTimeout(r, 5200));
    // Any status callback drains the outbox.
    const cb = await status({ MessageSid: smsSid(), MessageStatus: 'delivered', To: THIRD_PATIENT });
    expect(cb.status).toBe(204);
    expect(world.endpoint.events.filter((e) => e.appointmentRef === 'apt_e2e_0004')).toEqual([
      expect.objectContaining({ action: 'cancel' }),
    ]);
  }, 30_000);

  test('a 21610 status callback records the opt-out, so the next reminder is not sent', async () => {
    const res = await status({ MessageSid: smsSid(), MessageStatus: 'failed', ErrorCode: '21610', To: CANARY_PHONE });
    expect(res.status).toBe(204);
    expect(await world.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true });
    const before = world.fake.messages.requests().length;
    expect((await send(reminder({ appointmentRef: 'apt_e2e_0005' }))).status).toBe(409);
    expect(world.fake.messages.requests()).toHaveLength(before);
  });

  test('opted out: a digit reply still reaches the clinic as an event, but no SMS is sent back', async () => {
    const before = world.endpoint.events.length;
    const res = await inbound(CANARY_PHONE, '2');
    expect(res.status).toBe(200);
    expect(res.body).toBe(EMPTY_TWIML);
    expect(world.endpoint.events.slice(before)).toEqual([
      expect.objectContaining({ appointmentRef: 'apt_e2e_0001', action: 'reschedule', channel: 'sms' }),
    ]);
    const text = await inbound(CANARY_PHONE, 'ok');
    expect(text.body).toBe(EMPTY_TWIML);
    expect(world.endpoint.events).toHaveLength(before + 1);
  });

  test("a STOP cancels the patient's scheduled reminder at Twilio; it is never sent", async () => {
    const sendAt = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const res = await send(reminder({ to: SCHEDULED_PATIENT, appointmentRef: 'apt_e2e_0011', sendAt }));
    expect(res.status).toBe(202);
    const { messageSid, status: sent } = JSON.parse(res.body) as { messageSid: string; status: string };
    expect(sent).toBe('scheduled');
    expect(messageUpdates(world.fake).cancels()).toEqual([]);
    const stop = await inbound(SCHEDULED_PATIENT, 'STOP');
    expect(stop.status).toBe(200);
    expect(stop.body).toContain('You are unsubscribed');
    expect(messageUpdates(world.fake).cancels()).toEqual([
      expect.objectContaining({ sid: messageSid, to: SCHEDULED_PATIENT, messagingServiceSid: MG }),
    ]);
    // A reply is never credited to the canceled reminder.
    const reply = await inbound(SCHEDULED_PATIENT, '1');
    expect(reply.body).toBe(EMPTY_TWIML);
    expect(world.endpoint.events.filter((e) => e.appointmentRef === 'apt_e2e_0011')).toEqual([]);
  });

  test('the remind client (the integration example) signs and sends; --flush answers counts', async () => {
    const args = parseRemindArgs(
      [
        '--to',
        THIRD_PATIENT,
        '--at',
        inTwoDays(),
        '--template',
        'appointment-reminder-es',
        '--location',
        'riverside',
        '--ref',
        'apt_e2e_0006',
        '--url',
        world.server.origin,
      ],
      {},
    );
    const sent = await callEndpoint(args, TEST_AUTH_TOKEN);
    expect(sent.status).toBe(202);
    expect(formatRemindResult(args, sent)).toMatch(/^202 to \+1\*{6}0123: messageSid=SM[0-9a-f]{32} status=accepted$/);
    const flushed = await callEndpoint(parseRemindArgs(['--flush', '--url', world.server.origin], {}), TEST_AUTH_TOKEN);
    // Nothing waits: the STOP above canceled its scheduled reminder inline, so no consent job was queued.
    expect(flushed).toEqual({
      status: 200,
      body: { delivered: 0, failed: 0, waiting: 0, consentJobs: { done: 0, retried: 0, waiting: 0 } },
    });
  });

  test('no canary PHI in what the clinic received', () => {
    expect(findCanary(world.endpoint.raw.join('\n'))).toBeUndefined();
  });
});
