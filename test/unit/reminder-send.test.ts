/**
 * The /reminders/send core over in-memory state: gate, send-once, caps, country, times, templates,
 * Twilio failures, and canary PHI never leaving.
 */
import { StoreError } from '../../src/state/kv';
import { sendReminder, type ReminderRequest } from '../../src/reminders/send';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { MG, reminderHarness } from '../helpers/reminder-deps';

const HOUR = 3_600_000;
const iso = (t: number): string => new Date(t).toISOString();

function request(h: ReturnType<typeof reminderHarness>, extra: Partial<ReminderRequest> = {}): ReminderRequest {
  return {
    to: CANARY_PHONE,
    appointmentAt: iso(h.clock.now() + 48 * HOUR),
    templateId: 'appointment-reminder',
    locationId: 'main-street',
    appointmentRef: 'apt_0001abcd',
    ...extra,
  };
}

const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;

describe('sendReminder', () => {
  test('sends the filled template through the Messaging Service with the status callback', async () => {
    const h = reminderHarness();
    const res = await sendReminder(request(h, { appointmentAt: '2026-11-25T14:30:00-05:00' }), h.deps);
    expect(res.status).toBe(202);
    expect(json(res.body)).toEqual({ messageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'accepted' });
    expect(h.sent).toHaveLength(1);
    const msg = h.sent[0]!;
    expect(msg.messagingServiceSid).toBe(MG);
    expect(msg.statusCallback).toBe('https://example-1234-dev.twil.io/sms/status');
    expect(msg.body).toBe(
      'Example Clinic: you have an appointment on Wednesday, November 25 at 2:30 PM, Main Street office. Reply 1 to confirm, 2 to reschedule, 3 to cancel this appointment. Reply STOP to opt out.',
    );
    expect(Object.keys(msg)).not.toContain('tags');
    expect(msg.sendAt).toBeUndefined();
    expect(msg.contentRetention).toBeUndefined();
    const pending = await h.deps.pending.latest(CANARY_PHONE);
    expect(pending).toMatchObject({ appointmentRef: 'apt_0001abcd', language: 'en' });
  });

  test('the Spanish template formats the date in Spanish', async () => {
    const h = reminderHarness();
    await sendReminder(request(h, { appointmentAt: '2026-11-25T14:30:00-05:00', templateId: 'appointment-reminder-es' }), h.deps);
    expect(h.sent[0]!.body).toContain('miércoles, 25 de noviembre a las 2:30');
  });

  test('a retried request sends once and answers with the same MessageSid', async () => {
    const h = reminderHarness();
    const first = await sendReminder(request(h), h.deps);
    const again = await sendReminder(request(h), h.deps);
    expect(h.sent).toHaveLength(1);
    expect(again.status).toBe(202);
    expect(json(again.body)).toEqual({ ...json(first.body), duplicate: true });
  });

  test('another template for the same appointment is a different send', async () => {
    const h = reminderHarness();
    await sendReminder(request(h), h.deps);
    await sendReminder(request(h, { templateId: 'appointment-reminder-es' }), h.deps);
    expect(h.sent).toHaveLength(2);
  });

  test('an opted-out patient is never messaged: 409 with no detail', async () => {
    const h = reminderHarness();
    await h.deps.ledger.apply(CANARY_PHONE, { scope: { kind: 'sender', sender: MG }, state: 'opted_out', at: 1, messageSid: null, via: 'keyword' });
    const res = await sendReminder(request(h), h.deps);
    expect(res).toMatchObject({ status: 409, body: '{"error":"not_sendable"}' });
    expect(h.sent).toHaveLength(0);
    expect(h.sentKv.data.size).toBe(0);
  });

  test('an unreadable ledger blocks the send (fail closed)', async () => {
    const h = reminderHarness();
    h.ledgerStore.failures.push(new StoreError(true, 20500));
    const res = await sendReminder(request(h), h.deps);
    expect(res.status).toBe(409);
    expect(h.sent).toHaveLength(0);
  });

  test.each([
    ['a UK number', '+442071838750'],
    ['a Canadian number (same +1 code)', '+16135550123'],
    ['an invalid US number', '+15555550100'],
  ])('%s is refused with 422', async (_name, to) => {
    const h = reminderHarness();
    const res = await sendReminder(request(h, { to }), h.deps);
    expect(res).toMatchObject({ status: 422, body: '{"error":"unsupported_destination"}' });
    expect(h.sent).toHaveLength(0);
  });

  test('a territory listed in the clinic config (Puerto Rico) is allowed', async () => {
    const h = reminderHarness();
    expect((await sendReminder(request(h, { to: '+17875551234' }), h.deps)).status).toBe(202);
  });

  test.each([
    ['appointmentAt', { appointmentAt: '2020-01-01T10:00:00Z' }],
    ['appointmentAt', { appointmentAt: '2027-02-30T10:00:00Z' }],
    ['templateId', { templateId: 'no-such-template' }],
    ['locationId', { locationId: 'no-such-location' }],
  ])('400 names %s', async (field, extra) => {
    const h = reminderHarness();
    const res = await sendReminder(request(h, extra), h.deps);
    expect(res.status).toBe(400);
    expect(json(res.body)).toEqual({ error: 'invalid_request', fields: [field] });
    expect(h.sent).toHaveLength(0);
  });

  test('sendAt must be 15 minutes to 35 days ahead and before the appointment', async () => {
    const h = reminderHarness();
    const now = h.clock.now();
    for (const sendAt of [now + 5 * 60_000, now + 36 * 24 * HOUR, now + 49 * HOUR]) {
      const res = await sendReminder(request(h, { sendAt: iso(sendAt) }), h.deps);
      expect(json(res.body)).toEqual({ error: 'invalid_request', fields: ['sendAt'] });
    }
    const ok = await sendReminder(request(h, { sendAt: iso(now + 24 * HOUR) }), h.deps);
    expect(ok.status).toBe(202);
    expect(json(ok.body).status).toBe('scheduled');
    expect(h.sent[0]!.sendAt?.getTime()).toBe(now + 24 * HOUR);
  });

  test('the daily cap per number holds across appointments', async () => {
    const h = reminderHarness();
    const cap = h.deps.clinic.reminders.dailyCapPerNumber;
    for (let i = 0; i < cap; i += 1) {
      expect((await sendReminder(request(h, { appointmentRef: `apt_cap_${i}xxxx` }), h.deps)).status).toBe(202);
    }
    const over = await sendReminder(request(h, { appointmentRef: 'apt_cap_overxx' }), h.deps);
    expect(over).toMatchObject({ status: 429, body: '{"error":"daily_cap_reached"}' });
    expect(h.sent).toHaveLength(cap);
    h.clock.advance(24 * HOUR);
    expect((await sendReminder(request(h, { appointmentRef: 'apt_cap_overxx' }), h.deps)).status).toBe(202);
  });

  test('Twilio 21610 (unsubscribed at Twilio) answers 409 and records the opt-out in the ledger', async () => {
    const h = reminderHarness();
    h.outcomes.push({ ok: false, code: 21610, permanent: true });
    const res = await sendReminder(request(h), h.deps);
    expect(res.status).toBe(409);
    expect(await h.deps.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await h.deps.pending.latest(CANARY_PHONE)).toBeNull();
  });

  test('a transient Twilio failure answers 503 and gives everything back, so the retry sends', async () => {
    const h = reminderHarness();
    h.outcomes.push({ ok: false, code: 20500, permanent: false });
    expect((await sendReminder(request(h), h.deps)).status).toBe(503);
    expect([...h.capKv.data.values()].map((v) => v.value.count)).toEqual([0]);
    const retry = await sendReminder(request(h), h.deps);
    expect(retry.status).toBe(202);
    expect(h.sent).toHaveLength(2);
  });

  test('a permanent Twilio refusal (invalid number) answers 422 undeliverable', async () => {
    const h = reminderHarness();
    h.outcomes.push({ ok: false, code: 21211, permanent: true });
    expect(await sendReminder(request(h), h.deps)).toMatchObject({ status: 422, body: '{"error":"undeliverable"}' });
  });

  test('a send-once store failure throws before anything is sent (the wrapper answers 503)', async () => {
    const h = reminderHarness();
    h.sentKv.failures.push(new StoreError(false, 20403));
    await expect(sendReminder(request(h), h.deps)).rejects.toThrow();
    expect(h.sent).toHaveLength(0);
  });

  test('a request racing one in flight gets 409 in_progress; a claim older than 10 minutes is taken over', async () => {
    const h = reminderHarness();
    const key = h.deps.sendOnce.key('apt_0001abcd', 'appointment-reminder');
    await h.sentKv.write(key, { state: 'sending', claimedAt: h.clock.now() }, null);
    expect(await sendReminder(request(h), h.deps)).toMatchObject({ status: 409, body: '{"error":"in_progress"}' });
    h.clock.advance(11 * 60_000);
    expect((await sendReminder(request(h), h.deps)).status).toBe(202);
  });

  test('retention overrides are sent only when configured', async () => {
    const h = reminderHarness({ retention: { contentRetention: 'discard', addressRetention: 'obfuscate' } });
    await sendReminder(request(h), h.deps);
    expect(h.sent[0]).toMatchObject({ contentRetention: 'discard', addressRetention: 'obfuscate' });
  });

  test('no canary PHI in responses, logs or stored state', async () => {
    const h = reminderHarness();
    const outputs: string[] = [];
    outputs.push((await sendReminder(request(h), h.deps)).body);
    outputs.push((await sendReminder(request(h), h.deps)).body);
    outputs.push((await sendReminder(request(h, { to: '+442071838750' }), h.deps)).body);
    const all = [...outputs, ...h.logs, h.sentKv.dump(), h.pendingKv.dump(), h.capKv.dump()].join('\n');
    expect(findCanary(all)).toBeUndefined();
    expect(h.logs.some((l) => l.includes('"event":"reminders.sent"'))).toBe(true);
  });
});
