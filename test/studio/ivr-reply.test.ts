/**
 * POST /studio/ivr-reply: the Studio IVR's 1/2/3 recorded against the caller's newest pending
 * reminder exactly as /voice/menu records it (event id CallSid-digit, outbox first); no reminder,
 * no usable caller ID or no events endpoint is `not_found` (the flow connects the front desk); and
 * a call Twilio did not verify (StirVerstat other than TN-Validation-Passed-A, or empty) gets that
 * same `not_found` without any state being read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLINIC_ASSET } from '../../src/runtime/clinic/clinic-config';
import { StoreError } from '../../src/runtime/state/kv';
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import { loadConfig } from '../../src/runtime/core/config';
import { COLLECTIONS, openState } from '../../src/runtime/state/factory';
import { ivrReply, studioIvrReplySpec, type IvrReplyDeps } from '../../src/runtime/studio/ivr-reply-spec';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { startEventsEndpoint, type EventsEndpoint } from '../helpers/events-endpoint';
import { shippedAssets } from '../helpers/reminder-deps';
import { callSid, menuWorld, reminder, STIR_A, UNVERIFIED_STIR } from '../helpers/voice-helpers';
import { localEnv } from '../helpers/env';
import { DOMAIN, json, specHarness } from './webhook-harness';

function deps(w: ReturnType<typeof menuWorld>, events = true): IvrReplyDeps {
  const d = w.deps({ events });
  return { stores: d.stores, log: d.log, now: d.now, drainBudgetMs: d.drainBudgetMs };
}

describe('ivrReply', () => {
  test('1/2/3 answer the newest pending reminder: the same event as /voice/menu, delivered', async () => {
    const w = menuWorld();
    await w.pending.add(CANARY_PHONE, reminder('appt-2001'));
    const res = await ivrReply({ CallSid: callSid(1), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '3' }, deps(w));
    expect(json(res)).toEqual({ result: 'recorded', action: 'cancel' });
    expect(w.delivered).toEqual([
      expect.objectContaining({
        eventId: `${callSid(1)}-3`,
        appointmentRef: 'appt-2001',
        action: 'cancel',
        channel: 'voice',
        callSid: callSid(1),
      }),
    ]);
    expect((await w.pending.latest(CANARY_PHONE))?.answered).toMatchObject({ action: 'cancel' });
  });

  test('no pending reminder, or a caller ID that is not a number: not_found, nothing recorded', async () => {
    const w = menuWorld();
    expect(json(await ivrReply({ CallSid: callSid(2), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' }, deps(w)))).toEqual({
      result: 'not_found',
    });
    await w.pending.add(CANARY_PHONE, reminder());
    expect(json(await ivrReply({ CallSid: callSid(3), From: 'anonymous', StirVerstat: STIR_A, Digits: '1' }, deps(w)))).toEqual({
      result: 'not_found',
    });
    expect(w.delivered).toEqual([]);
    expect(w.lines.every((l) => l.includes('"status":"no_pending"'))).toBe(true);
  });

  test('no events endpoint configured: not_found (front desk), nothing recorded', async () => {
    const w = menuWorld();
    await w.pending.add(CANARY_PHONE, reminder());
    expect(json(await ivrReply({ CallSid: callSid(4), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '2' }, deps(w, false)))).toEqual({
      result: 'not_found',
    });
    expect(w.lines[0]).toContain('"status":"events_not_configured"');
  });

  test('the pending store is down: the error propagates (503: the flow says "unavailable" and connects the front desk)', async () => {
    const w = menuWorld();
    w.kv.down = new StoreError(true, 503);
    await expect(ivrReply({ CallSid: callSid(5), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' }, deps(w))).rejects.toBeInstanceOf(
      StoreError,
    );
  });

  test('logs name the call and the action, never the caller or the digit', async () => {
    const w = menuWorld();
    await w.pending.add(CANARY_PHONE, reminder());
    await ivrReply({ CallSid: callSid(6), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '2' }, deps(w));
    expect(findCanary(w.lines.join('\n'))).toBeUndefined();
    expect(w.lines.join('\n')).not.toContain('"Digits"');
  });
});

describe('ivrReply: a call Twilio did not verify', () => {
  test.each([...new Set(UNVERIFIED_STIR.map((v) => v ?? ''))].map((v) => [JSON.stringify(v), v]))(
    'StirVerstat %s with a pending reminder: the same not_found as no reminder, no store opened, nothing recorded',
    async (_name, stir) => {
      const w = menuWorld();
      const noReminder = await ivrReply({ CallSid: callSid(20), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' }, deps(w));
      const opensBefore = w.storeOpens();
      await w.pending.add(CANARY_PHONE, reminder('appt-2101'));
      for (const digit of ['1', '2', '3'] as const) {
        const spoofed = await ivrReply({ CallSid: callSid(21), From: CANARY_PHONE, StirVerstat: stir, Digits: digit }, deps(w));
        expect(spoofed).toEqual(noReminder);
      }
      expect(noReminder.body).toBe('{"result":"not_found"}');
      expect(w.storeOpens()).toBe(opensBefore);
      expect(w.delivered).toEqual([]);
      expect((await w.pending.latest(CANARY_PHONE))?.answered).toBeUndefined();
      expect(w.lines.at(-1)).toMatch(
        /^info \{"event":"studio_ivr\.caller_unverified","callSid":"CA[0-9a-f]{32}","action":"cancel","status":"[a-z0-9-]+"\}$/,
      );
    },
  );

  test('the log names the attestation only by its label, and the store being down changes nothing', async () => {
    const w = menuWorld();
    w.kv.down = new StoreError(true, 503);
    expect(
      json(await ivrReply({ CallSid: callSid(22), From: CANARY_PHONE, StirVerstat: 'TN-Validation-Passed-C', Digits: '1' }, deps(w))),
    ).toEqual({ result: 'not_found' });
    expect(
      json(await ivrReply({ CallSid: callSid(23), From: CANARY_PHONE, StirVerstat: `${CANARY_PHONE} x`, Digits: '1' }, deps(w))),
    ).toEqual({ result: 'not_found' });
    expect(w.lines).toEqual([
      `info {"event":"studio_ivr.caller_unverified","callSid":"${callSid(22)}","action":"confirm","status":"tn-validation-passed-c"}`,
      `info {"event":"studio_ivr.caller_unverified","callSid":"${callSid(23)}","action":"confirm","status":"unrecognized"}`,
    ]);
  });

  test('an unknown verification mode verifies nobody', async () => {
    const w = menuWorld();
    await w.pending.add(CANARY_PHONE, reminder());
    const res = await ivrReply(
      { CallSid: callSid(24), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' },
      { ...deps(w), verification: { mode: 'stir-a-or-pin' } as never },
    );
    expect(json(res)).toEqual({ result: 'not_found' });
    expect(w.delivered).toEqual([]);
  });
});

describe('POST /studio/ivr-reply through the webhook wrapper (local profile)', () => {
  const SECRET = 'w'.repeat(40);
  let dir: string;
  let endpoint: EventsEndpoint;
  beforeAll(async () => {
    endpoint = await startEventsEndpoint(SECRET);
  });
  afterAll(async () => endpoint.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ivr-reply-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('finds a reminder /reminders/send stored and delivers the answer; only 1/2/3 are accepted', async () => {
    const clinic = JSON.parse(shippedAssets(CLINIC_ASSET) as string) as { reminders: { replyWindowHours: number } };
    const env = { CLINIC_EVENTS_URL: endpoint.url, CLINIC_EVENTS_SECRET: SECRET };
    const state = openState(loadConfig(localEnv(dir, env), DOMAIN), () => {
      throw new Error('no client');
    });
    const pending = new PendingReminders(
      state.kv<PendingRecord>(COLLECTIONS.remindersPending),
      'x'.repeat(64),
      clinic.reminders.replyWindowHours * 3_600_000,
      { budgetMs: 1000 },
    );
    await pending.add(CANARY_PHONE, reminder('appt-2002'));
    const h = specHarness(studioIvrReplySpec(), '/studio/ivr-reply', dir, env);
    const res = await h.call({ CallSid: callSid(7), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' });
    expect(json(res)).toEqual({ result: 'recorded', action: 'confirm' });
    expect(endpoint.events).toEqual([expect.objectContaining({ appointmentRef: 'appt-2002', eventId: `${callSid(7)}-1` })]);
    const zero = await h.call({ CallSid: callSid(8), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '0' });
    expect({ status: zero.status, body: json(zero) }).toEqual({ status: 400, body: { error: 'invalid_request', fields: ['Digits'] } });
    expect(findCanary(h.lines.join('\n'))).toBeUndefined();
  });

  test('StirVerstat is required as a key (the flow always sends it); empty or not A: not_found and the reminder stays unanswered', async () => {
    const clinic = JSON.parse(shippedAssets(CLINIC_ASSET) as string) as { reminders: { replyWindowHours: number } };
    const env = { CLINIC_EVENTS_URL: endpoint.url, CLINIC_EVENTS_SECRET: SECRET };
    const state = openState(loadConfig(localEnv(dir, env), DOMAIN), () => {
      throw new Error('no client');
    });
    const pending = new PendingReminders(
      state.kv<PendingRecord>(COLLECTIONS.remindersPending),
      'x'.repeat(64),
      clinic.reminders.replyWindowHours * 3_600_000,
      { budgetMs: 1000 },
    );
    await pending.add(CANARY_PHONE, reminder('appt-2003'));
    const h = specHarness(studioIvrReplySpec(), '/studio/ivr-reply', dir, env);
    const missing = await h.call({ CallSid: callSid(9), From: CANARY_PHONE, Digits: '1' });
    expect({ status: missing.status, body: json(missing) }).toEqual({
      status: 400,
      body: { error: 'invalid_request', fields: ['StirVerstat'] },
    });
    for (const stir of ['', 'TN-Validation-Passed-B', 'No-TN-Validation', 'tn-validation-passed-a']) {
      const res = await h.call({ CallSid: callSid(10), From: CANARY_PHONE, StirVerstat: stir, Digits: '1' });
      expect({ stir, status: res.status, body: res.body }).toEqual({ stir, status: 200, body: '{"result":"not_found"}' });
    }
    const tooLong = await h.call({ CallSid: callSid(11), From: CANARY_PHONE, StirVerstat: 'x'.repeat(65), Digits: '1' });
    expect(json(tooLong)).toEqual({ error: 'invalid_request', fields: ['StirVerstat'] });
    expect(endpoint.events.filter((e) => e.appointmentRef === 'appt-2003')).toEqual([]);
    expect((await pending.latest(CANARY_PHONE))?.answered).toBeUndefined();
    const ok = await h.call({ CallSid: callSid(12), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' });
    expect(json(ok)).toEqual({ result: 'recorded', action: 'confirm' });
    expect(findCanary(h.lines.join('\n'))).toBeUndefined();
  });

  test("a clinic config naming a verification mode this version does not support: 500 for every caller (the flow's fail branch: front desk)", async () => {
    const h = specHarness(studioIvrReplySpec(), '/studio/ivr-reply', dir, {
      CLINIC_EVENTS_URL: endpoint.url,
      CLINIC_EVENTS_SECRET: SECRET,
    });
    const clinic = JSON.parse(shippedAssets(CLINIC_ASSET) as string) as { voice: Record<string, unknown> };
    const text = JSON.stringify({ ...clinic, voice: { ...clinic.voice, verification: { mode: 'stir-a-or-pin' } } });
    const readAsset = (path: string): string | null => (path === CLINIC_ASSET ? text : shippedAssets(path));
    const res = await h.call({ CallSid: callSid(13), From: CANARY_PHONE, StirVerstat: STIR_A, Digits: '1' }, { readAsset });
    expect(res.status).toBe(500);
  });
});
