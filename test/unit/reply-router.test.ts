/**
 * Appointment replies over the local-profile state (files) and a real local events endpoint:
 * digits are recorded and delivered as signed events, other text gets one clarification, and a
 * clinic outage loses nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/runtime/core/config';
import { createLogger } from '../../src/runtime/core/log';
import type { HandlerContext } from '../../src/runtime/core/webhook';
import type { InboundMessage } from '../../src/runtime/sms/inbound-router';
import { appointmentReplyRouter } from '../../src/runtime/reminders/reply-router';
import { reminderServices } from '../../src/runtime/services';
import { CANARY_BODY, CANARY_PHONE, findCanary } from '../helpers/canary';
import { localEnv, TEST_ACCOUNT_SID } from '../helpers/env';
import { startEventsEndpoint, type EventsEndpoint } from '../helpers/events-endpoint';
import { shippedAssets } from '../helpers/reminder-deps';

const EVENTS_SECRET = 'c'.repeat(40);
let dir: string;
let endpoint: EventsEndpoint;
let logs: string[];
let seq = 0;
const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function context(extra: Record<string, string> = {}): HandlerContext {
  const env = localEnv(dir, { CLINIC_EVENTS_URL: endpoint.url, CLINIC_EVENTS_SECRET: EVENTS_SECRET, ...extra });
  const request = {
    domainName: 'localhost:3000',
    path: '/sms/inbound',
    env,
    event: {},
    getTwilioClient: () => {
      throw new Error('no Twilio client in this test');
    },
    readAsset: shippedAssets,
  };
  return { config: loadConfig(env, 'localhost:3000'), request, log: createLogger((_l, line) => logs.push(line)) };
}

function message(body: string, from = CANARY_PHONE): InboundMessage {
  seq += 1;
  return {
    messageSid: `SM${seq.toString(16).padStart(32, '0')}`,
    accountSid: TEST_ACCOUNT_SID,
    from,
    to: '+15555550100',
    messagingServiceSid: null,
    body,
  };
}

async function seedReminder(ctx: HandlerContext, ref = 'apt_route001', language: 'en' | 'es' = 'en'): Promise<void> {
  const now = Date.now();
  await reminderServices(ctx).pending.add(CANARY_PHONE, {
    appointmentRef: ref,
    templateId: 'appointment-reminder',
    language,
    sentAt: now,
    appointmentAt: now + 86_400_000,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reply-router-'));
  endpoint = await startEventsEndpoint(EVENTS_SECRET);
  logs = [];
});
afterEach(async () => {
  await endpoint.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('appointmentReplyRouter', () => {
  test.each([
    ['1', 'confirm', 'your appointment is confirmed'],
    [' 2 ', 'reschedule', 'find a new time'],
    ['3.', 'cancel', 'is canceled'],
  ])('reply %j records %s, acknowledges, and delivers a signed event', async (body, action, ack) => {
    const ctx = context();
    await seedReminder(ctx);
    const m = message(body);
    const res = await appointmentReplyRouter(ctx).route(m, { optedOut: false });
    expect(res.body).toContain(ack);
    expect(endpoint.events).toEqual([
      {
        eventId: m.messageSid,
        type: 'appointment.reply',
        appointmentRef: 'apt_route001',
        action,
        channel: 'sms',
        messageSid: m.messageSid,
        receivedAt: expect.any(String),
      },
    ]);
    expect((await reminderServices(ctx).pending.latest(CANARY_PHONE))?.answered?.action).toBe(action);
  });

  test('the acknowledgement follows the reminder language', async () => {
    const ctx = context();
    await seedReminder(ctx, 'apt_route002', 'es');
    expect((await appointmentReplyRouter(ctx).route(message('1'), { optedOut: false })).body).toContain('su cita está confirmada');
  });

  test('other text gets one PHI-free clarification per reminder, then silence', async () => {
    const ctx = context();
    await seedReminder(ctx);
    const first = await appointmentReplyRouter(ctx).route(message(CANARY_BODY), { optedOut: false });
    expect(first.body).toContain('Please reply 1, 2 or 3, or call us at +15555550100');
    const second = await appointmentReplyRouter(ctx).route(message(CANARY_BODY), { optedOut: false });
    expect(second.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(endpoint.events).toHaveLength(0);
  });

  test('a number without an open reminder gets the empty response', async () => {
    const ctx = context();
    const res = await appointmentReplyRouter(ctx).route(message('1', '+12125551234'), { optedOut: false });
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  test('without CLINIC_EVENTS_URL the router is the empty one', async () => {
    const env = localEnv(dir);
    const ctx = { ...context(), config: loadConfig(env, 'localhost:3000') };
    const res = await appointmentReplyRouter(ctx).route(message('1'), { optedOut: false });
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  test('clinic endpoint down: the patient is still answered, the event waits and is delivered once it is back', async () => {
    const ctx = context();
    await seedReminder(ctx);
    endpoint.downWith = 503;
    const m = message('1');
    expect((await appointmentReplyRouter(ctx).route(m, { optedOut: false })).body).toContain('confirmed');
    expect(endpoint.events).toHaveLength(0);
    endpoint.downWith = null;
    await new Promise((r) => setTimeout(r, 5100));
    const later = await reminderServices(ctx).outbox!.drain(10, 3000);
    expect(later.delivered).toBe(1);
    expect(endpoint.events.map((e) => e.eventId)).toEqual([m.messageSid]);
  }, 15_000);

  test('opted out: a digit still reaches the clinic as an event, answered with the empty response (no SMS)', async () => {
    const ctx = context();
    await seedReminder(ctx);
    const m = message('1');
    const res = await appointmentReplyRouter(ctx).route(m, { optedOut: true });
    expect(res.body).toBe(EMPTY);
    expect(endpoint.events).toEqual([
      {
        eventId: m.messageSid,
        type: 'appointment.reply',
        appointmentRef: 'apt_route001',
        action: 'confirm',
        channel: 'sms',
        messageSid: m.messageSid,
        receivedAt: expect.any(String),
      },
    ]);
    expect((await reminderServices(ctx).pending.latest(CANARY_PHONE))?.answered?.action).toBe('confirm');
    expect(logs.some((l) => l.includes('"event":"reminders.reply_not_acknowledged"'))).toBe(true);
  });

  test('opted out: other text gets nothing, and the one clarification is not used up', async () => {
    const ctx = context();
    await seedReminder(ctx);
    const res = await appointmentReplyRouter(ctx).route(message('ok'), { optedOut: true });
    expect(res.body).toBe(EMPTY);
    expect(endpoint.events).toHaveLength(0);
    expect((await reminderServices(ctx).pending.latest(CANARY_PHONE))?.nudged).toBeUndefined();
    // Once opted back in, the clarification is still there to send.
    expect((await appointmentReplyRouter(ctx).route(message('ok'), { optedOut: false })).body).toContain('Please reply 1, 2 or 3');
  });

  test('a reminder scheduled for later, or canceled, is never what a reply answers', async () => {
    const ctx = context();
    const now = Date.now();
    const pending = reminderServices(ctx).pending;
    await pending.add(CANARY_PHONE, {
      appointmentRef: 'apt_later001',
      templateId: 'appointment-reminder',
      language: 'en',
      sentAt: now + 3_600_000,
      appointmentAt: now + 86_400_000,
      scheduled: true,
      messageSid: `SM${'7'.repeat(32)}`,
    });
    expect((await appointmentReplyRouter(ctx).route(message('1'), { optedOut: false })).body).toBe(EMPTY);
    await pending.add(CANARY_PHONE, {
      appointmentRef: 'apt_canc0001',
      templateId: 'appointment-reminder',
      language: 'en',
      sentAt: now - 1000,
      appointmentAt: now + 86_400_000,
      canceled: true,
    });
    expect((await appointmentReplyRouter(ctx).route(message('1'), { optedOut: false })).body).toBe(EMPTY);
    expect(endpoint.events).toHaveLength(0);
  });

  test('no canary in replies, events, logs or stored files', async () => {
    const ctx = context();
    await seedReminder(ctx);
    const out = [
      (await appointmentReplyRouter(ctx).route(message(CANARY_BODY), { optedOut: false })).body,
      (await appointmentReplyRouter(ctx).route(message('2'), { optedOut: false })).body,
    ];
    expect(findCanary([...out, ...endpoint.raw, ...logs].join('\n'))).toBeUndefined();
  });
});
