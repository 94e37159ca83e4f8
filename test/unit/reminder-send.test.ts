/**
 * The /reminders/send core over in-memory state: gate, send-once, caps, country, times, templates,
 * Twilio failures, and canary PHI never leaving.
 */
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import type { Change } from '../../src/runtime/ledger/record';
import { runConsentJob } from '../../src/runtime/reminders/consent-effects';
import { StoreError } from '../../src/runtime/state/kv';
import { sendReminder, type ReminderRequest } from '../../src/runtime/reminders/send';
import { sentKey } from '../../src/runtime/reminders/send-state';
import type { PendingRecord } from '../../src/runtime/reminders/pending';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { MG, reminderHarness, SECRET, type Harness } from '../helpers/reminder-deps';

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

/** The patient's one record: pending reminders, send-once entries, cap counts. */
const patientState = (h: Harness): PendingRecord | undefined => h.pendingKv.data.get(h.deps.pending.keyOf(CANARY_PHONE))?.value;
const capCounts = (h: Harness): number[] => Object.values(patientState(h)?.caps ?? {}).map((c) => c.count);

const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;

const STOP_SID = `SM${'5'.repeat(32)}`;
const stopChange = (h: Harness): Change => ({
  scope: { kind: 'senders', senders: [MG] },
  state: 'opted_out',
  at: h.clock.now(),
  messageSid: STOP_SID,
  via: 'keyword',
});

/** The stub sender runs `between` after Twilio accepted the message and before the SID comes back. */
function sendThen(h: Harness, between: () => Promise<void>): void {
  const send = h.deps.send;
  h.deps.send = async (req) => {
    const outcome = await send(req);
    await between();
    return outcome;
  };
}

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
    expect(pending).toMatchObject({ appointmentRef: 'apt_0001abcd', language: 'en', sender: MG });
    expect(pending?.scheduled).toBeUndefined();
    expect(h.canceled).toEqual([]);
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

  test('a duplicate arriving while the first is being sent gets 409 in_progress and sends nothing', async () => {
    const h = reminderHarness();
    const send = h.deps.send;
    let racing: Promise<{ status: number; body: string }> | null = null;
    h.deps.send = async (req) => {
      // The duplicate runs to completion after the claim and before Twilio answers the first.
      racing ??= sendReminder(request(h), h.deps);
      await racing;
      return send(req);
    };
    const first = await sendReminder(request(h), h.deps);
    expect(first.status).toBe(202);
    expect(await racing).toMatchObject({ status: 409, body: '{"error":"in_progress"}' });
    expect(h.sent).toHaveLength(1);
  });

  test('another template for the same appointment is a different send', async () => {
    const h = reminderHarness();
    await sendReminder(request(h), h.deps);
    await sendReminder(request(h, { templateId: 'appointment-reminder-es' }), h.deps);
    expect(h.sent).toHaveLength(2);
  });

  test('an opted-out patient is never messaged: 409 with no detail', async () => {
    const h = reminderHarness();
    await h.deps.ledger.apply(CANARY_PHONE, {
      scope: { kind: 'senders', senders: [MG] },
      state: 'opted_out',
      at: 1,
      messageSid: null,
      via: 'keyword',
    });
    const res = await sendReminder(request(h), h.deps);
    expect(res).toMatchObject({ status: 409, body: '{"error":"not_sendable"}' });
    expect(h.sent).toHaveLength(0);
    expect(h.pendingKv.data.size).toBe(0);
  });

  test('an opt-out recorded under a number of the Messaging Service pool blocks a send through the service', async () => {
    const h = reminderHarness();
    const number = '+15555550100';
    const pooled = new OptOutLedger(h.ledgerStore, SECRET, { budgetMs: 300, sleep: async () => undefined }, UNCHECKED_IDENTITY, [
      { messagingServiceSid: MG, numbers: [number] },
    ]);
    await pooled.apply(CANARY_PHONE, {
      scope: { kind: 'senders', senders: [number] },
      state: 'opted_out',
      at: 1,
      messageSid: null,
      via: 'keyword',
    });
    const res = await sendReminder(request(h), { ...h.deps, ledger: pooled });
    expect(res.status).toBe(409);
    expect(h.sent).toHaveLength(0);
  });

  test('an opt-out of all senders (STOPALL) blocks the send', async () => {
    const h = reminderHarness();
    await h.deps.ledger.apply(CANARY_PHONE, { scope: { kind: 'all' }, state: 'opted_out', at: 1, messageSid: null, via: 'keyword' });
    expect((await sendReminder(request(h), h.deps)).status).toBe(409);
    expect(h.sent).toHaveLength(0);
  });

  test('an unreadable ledger blocks the send (fail closed) with 503, so the caller retries later', async () => {
    const h = reminderHarness();
    // Down: still failing after the gate's two retries.
    h.ledgerStore.failures.push(new StoreError(true, 20500), new StoreError(true, 20500), new StoreError(true, 20500));
    const res = await sendReminder(request(h), h.deps);
    expect(res.status).toBe(503);
    expect(h.sent).toHaveLength(0);
    expect(h.pendingKv.data.size).toBe(0);
    expect(h.logs.some((l) => l.includes('"event":"ledger.unreadable_blocking_send"'))).toBe(true);
    // Readable again: the retry sends.
    expect((await sendReminder(request(h), h.deps)).status).toBe(202);
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

  test('a scheduled reminder is recorded with its sender and SID, and is not what a reply answers until it is sent', async () => {
    const h = reminderHarness();
    const sendAt = h.clock.now() + 24 * HOUR;
    const res = await sendReminder(request(h, { sendAt: iso(sendAt) }), h.deps);
    expect(res.status).toBe(202);
    const sid = json(res.body).messageSid as string;
    const stored = h.pendingKv.data.get(h.deps.pending.keyOf(CANARY_PHONE))?.value.reminders;
    expect(stored).toEqual([
      expect.objectContaining({ appointmentRef: 'apt_0001abcd', sender: MG, scheduled: true, messageSid: sid, sentAt: sendAt }),
    ]);
    expect(stored?.[0]?.canceled).toBeUndefined();
    expect(await h.deps.pending.latest(CANARY_PHONE)).toBeNull();
    expect(await h.deps.pending.scheduledByKey(h.deps.pending.keyOf(CANARY_PHONE))).toHaveLength(1);
    h.clock.advance(24 * HOUR);
    expect(await h.deps.pending.latest(CANARY_PHONE)).toMatchObject({ appointmentRef: 'apt_0001abcd', messageSid: sid });
    expect(h.canceled).toEqual([]);
  });

  test('a STOP stored between the send and the re-check: the scheduled message is canceled, 409', async () => {
    const h = reminderHarness();
    sendThen(h, async () => {
      await h.deps.ledger.apply(CANARY_PHONE, stopChange(h));
    });
    const res = await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps);
    expect(res).toMatchObject({ status: 409, body: '{"error":"not_sendable"}' });
    expect(h.sent).toHaveLength(1);
    expect(h.canceled).toEqual([`SM${(1).toString(16).padStart(32, '0')}`]);
    expect(h.jobsQueue.values()).toEqual([]);
    // Nothing stays behind for a reply to be credited to, and the send-once claim and cap are given back.
    expect(h.pendingKv.data.get(h.deps.pending.keyOf(CANARY_PHONE))?.value.reminders ?? []).toEqual([]);
    expect(patientState(h)?.sent ?? {}).toEqual({});
    expect(capCounts(h)).toEqual([0]);
    expect(h.logs.some((l) => l.includes('"event":"reminders.scheduled_withdrawn"'))).toBe(true);
  });

  test('that cancel failing now is queued as a durable consent job (still 409); the job cancels it later', async () => {
    const h = reminderHarness();
    sendThen(h, async () => {
      await h.deps.ledger.apply(CANARY_PHONE, stopChange(h));
    });
    h.cancelOutcomes.push({ kind: 'retry', code: 20429 });
    const res = await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps);
    expect(res.status).toBe(409);
    const sid = `SM${(1).toString(16).padStart(32, '0')}`;
    expect(h.canceled).toEqual([sid]);
    const jobs = h.jobsQueue.values().map((e) => e.job);
    expect(jobs).toEqual([{ kind: 'cancel', messageSid: sid, pendingKey: h.deps.pending.keyOf(CANARY_PHONE) }]);
    expect(await runConsentJob(jobs[0]!, h.deps.consent)).toBe('done');
    expect(h.canceled).toEqual([sid, sid]);
    expect(findCanary(JSON.stringify(h.jobsQueue.values()))).toBeUndefined();
  });

  test('cancel failing and the job queue down: 503 and a PHI-free alert; the claim is kept so a retry cannot send twice', async () => {
    const h = reminderHarness();
    sendThen(h, async () => {
      await h.deps.ledger.apply(CANARY_PHONE, stopChange(h));
    });
    h.cancelOutcomes.push({ kind: 'retry', code: null });
    h.jobsQueue.failures.push(new StoreError(true, 20500));
    const res = await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps);
    expect(res.status).toBe(503);
    expect(h.logs.find((l) => l.includes('reminders.scheduled_withdrawal_failed'))).toBeDefined();
    expect(Object.keys(patientState(h)?.sent ?? {})).toHaveLength(1);
    expect(findCanary(h.logs.join('\n'))).toBeUndefined();
    // The retry is refused (the opt-out is stored) and sends nothing.
    expect((await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps)).status).toBe(409);
    expect(h.sent).toHaveLength(1);
  });

  test('a ledger that cannot be read at the re-check withdraws the scheduled message: canceled, 503', async () => {
    const h = reminderHarness();
    sendThen(h, async () => {
      h.ledgerStore.failures.push(new StoreError(true, 20500), new StoreError(true, 20500), new StoreError(true, 20500));
    });
    const res = await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps);
    expect(res.status).toBe(503);
    expect(h.canceled).toHaveLength(1);
  });

  test('a SID that could not be recorded (so no later opt-out could find it) is withdrawn: canceled, 503', async () => {
    const h = reminderHarness();
    sendThen(h, async () => {
      h.pendingKv.failures.push(new StoreError(false, 20403));
    });
    const res = await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps);
    expect(res.status).toBe(503);
    expect(h.canceled).toHaveLength(1);
  });

  test('a scheduled send with no opt-out in between stands (nothing canceled)', async () => {
    const h = reminderHarness();
    sendThen(h, async () => {
      // A STOP for another sender does not cover this one.
      await h.deps.ledger.apply(CANARY_PHONE, { ...stopChange(h), scope: { kind: 'senders', senders: [`MG${'9'.repeat(32)}`] } });
    });
    const res = await sendReminder(request(h, { sendAt: iso(h.clock.now() + 24 * HOUR) }), h.deps);
    expect(res.status).toBe(202);
    expect(h.canceled).toEqual([]);
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
    expect((await h.deps.ledger.read(CANARY_PHONE))?.senders[MG]).toMatchObject({ via: 'carrier' });
    expect(await h.deps.pending.latest(CANARY_PHONE)).toBeNull();
    expect(h.jobsQueue.values()).toEqual([]);
  });

  test('a 21610 whose ledger write fails is queued as a durable carrier_optout job (still 409); the job stores it', async () => {
    const h = reminderHarness();
    h.outcomes.push({ ok: false, code: 21610, permanent: true });
    // The gate's read succeeds; the carrier opt-out's write then fails permanently.
    const send = h.deps.send;
    h.deps.send = async (req) => {
      const out = await send(req);
      h.ledgerStore.failures.push(new StoreError(false, 20403));
      return out;
    };
    const res = await sendReminder(request(h), h.deps);
    expect(res.status).toBe(409);
    const jobs = h.jobsQueue.values().map((e) => e.job);
    expect(jobs).toEqual([
      {
        kind: 'carrier_optout',
        ledgerKey: h.deps.ledger.keyFor(CANARY_PHONE),
        pendingKey: h.deps.pending.keyOf(CANARY_PHONE),
        keyFp: h.deps.ledger.keyFingerprint(),
        senders: [MG],
        messageSid: null,
        at: h.clock.now(),
      },
    ]);
    expect(await h.deps.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
    expect(await runConsentJob(jobs[0]!, h.deps.consent)).toBe('done');
    expect(await h.deps.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true });
    expect(findCanary(JSON.stringify(h.jobsQueue.values()))).toBeUndefined();
  });

  test('a transient Twilio failure answers 503 and gives everything back, so the retry sends', async () => {
    const h = reminderHarness();
    h.outcomes.push({ ok: false, code: 20500, permanent: false });
    expect((await sendReminder(request(h), h.deps)).status).toBe(503);
    expect(capCounts(h)).toEqual([0]);
    expect(patientState(h)?.reminders).toEqual([]);
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
    h.pendingKv.down = new StoreError(false, 20403);
    await expect(sendReminder(request(h), h.deps)).rejects.toThrow();
    expect(h.sent).toHaveLength(0);
  });

  test('a request racing one in flight gets 409 in_progress; a claim older than 10 minutes is taken over', async () => {
    const h = reminderHarness();
    const sent = {
      [sentKey({ appointmentRef: 'apt_0001abcd', templateId: 'appointment-reminder' })]: {
        state: 'sending' as const,
        claimedAt: h.clock.now(),
        until: h.clock.now() + 72 * HOUR,
      },
    };
    await h.pendingKv.write(h.deps.pending.keyOf(CANARY_PHONE), { v: 1, reminders: [], sent }, null);
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
    const all = [...outputs, ...h.logs, h.pendingKv.dump()].join('\n');
    expect(findCanary(all)).toBeUndefined();
    expect(h.logs.some((l) => l.includes('"event":"reminders.sent"'))).toBe(true);
  });
});
