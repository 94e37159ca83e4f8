/**
 * POST /studio/ivr-reply: the Studio IVR's 1/2/3 recorded against the caller's newest pending
 * reminder exactly as /voice/menu records it (event id CallSid-digit, outbox first); no reminder,
 * no usable caller ID or no events endpoint is `not_found` (the flow connects the front desk).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLINIC_ASSET } from '../../src/clinic/clinic-config';
import { StoreError } from '../../src/state/kv';
import { PendingReminders, type PendingRecord } from '../../src/reminders/pending';
import { loadConfig } from '../../src/core/config';
import { COLLECTIONS, openState } from '../../src/state/factory';
import { ivrReply, ivrReplySpec, type IvrReplyDeps } from '../../src/studio/ivr-reply';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { startEventsEndpoint, type EventsEndpoint } from '../helpers/events-endpoint';
import { shippedAssets } from '../helpers/reminder-deps';
import { callSid, menuWorld, reminder } from '../helpers/voice-helpers';
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
    const res = await ivrReply({ CallSid: callSid(1), From: CANARY_PHONE, Digits: '3' }, deps(w));
    expect(json(res)).toEqual({ result: 'recorded', action: 'cancel' });
    expect(w.delivered).toEqual([expect.objectContaining({ eventId: `${callSid(1)}-3`, appointmentRef: 'appt-2001', action: 'cancel', channel: 'voice', callSid: callSid(1) })]);
    expect((await w.pending.latest(CANARY_PHONE))?.answered).toMatchObject({ action: 'cancel' });
  });

  test('no pending reminder, or a caller ID that is not a number: not_found, nothing recorded', async () => {
    const w = menuWorld();
    expect(json(await ivrReply({ CallSid: callSid(2), From: CANARY_PHONE, Digits: '1' }, deps(w)))).toEqual({ result: 'not_found' });
    await w.pending.add(CANARY_PHONE, reminder());
    expect(json(await ivrReply({ CallSid: callSid(3), From: 'anonymous', Digits: '1' }, deps(w)))).toEqual({ result: 'not_found' });
    expect(w.delivered).toEqual([]);
    expect(w.lines.every((l) => l.includes('"status":"no_pending"'))).toBe(true);
  });

  test('no events endpoint configured: not_found (front desk), nothing recorded', async () => {
    const w = menuWorld();
    await w.pending.add(CANARY_PHONE, reminder());
    expect(json(await ivrReply({ CallSid: callSid(4), From: CANARY_PHONE, Digits: '2' }, deps(w, false)))).toEqual({ result: 'not_found' });
    expect(w.lines[0]).toContain('"status":"events_not_configured"');
  });

  test('the pending store is down: the error propagates (503: the flow says "unavailable" and connects the front desk)', async () => {
    const w = menuWorld();
    w.kv.down = new StoreError(true, 503);
    await expect(ivrReply({ CallSid: callSid(5), From: CANARY_PHONE, Digits: '1' }, deps(w))).rejects.toBeInstanceOf(StoreError);
  });

  test('logs name the call and the action, never the caller or the digit', async () => {
    const w = menuWorld();
    await w.pending.add(CANARY_PHONE, reminder());
    await ivrReply({ CallSid: callSid(6), From: CANARY_PHONE, Digits: '2' }, deps(w));
    expect(findCanary(w.lines.join('\n'))).toBeUndefined();
    expect(w.lines.join('\n')).not.toContain('"Digits"');
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
    const pending = new PendingReminders(state.kv<PendingRecord>(COLLECTIONS.remindersPending), 'x'.repeat(64), clinic.reminders.replyWindowHours * 3_600_000, { budgetMs: 1000 });
    await pending.add(CANARY_PHONE, reminder('appt-2002'));
    const h = specHarness(ivrReplySpec(), '/studio/ivr-reply', dir, env);
    const res = await h.call({ CallSid: callSid(7), From: CANARY_PHONE, Digits: '1' });
    expect(json(res)).toEqual({ result: 'recorded', action: 'confirm' });
    expect(endpoint.events).toEqual([expect.objectContaining({ appointmentRef: 'appt-2002', eventId: `${callSid(7)}-1` })]);
    const zero = await h.call({ CallSid: callSid(8), From: CANARY_PHONE, Digits: '0' });
    expect({ status: zero.status, body: json(zero) }).toEqual({ status: 400, body: { error: 'invalid_request', fields: ['Digits'] } });
    expect(findCanary(h.lines.join('\n'))).toBeUndefined();
  });
});
