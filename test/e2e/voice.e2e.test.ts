/**
 * End to end: the IVR on a real twilio-run serving dist/ with the Sync state backend (its Twilio
 * calls redirected to the fake Twilio API), a pending reminder seeded for the canary caller, and a
 * loopback HTTP server standing in for the clinic's events endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEventSignature } from '../../src/events/signature';
import { PendingReminders, type PendingRecord } from '../../src/reminders/pending';
import { COLLECTIONS } from '../../src/state/factory';
import { SyncKv } from '../../src/state/sync-kv';
import { fakeTwilioClient, startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE, assertNoCanary, findCanary } from '../helpers/canary';
import { syncEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';
import { postForm } from '../helpers/signed-post';
import { startTwilioRun, writeEnvFile, type RunningServer } from '../helpers/twilio-run-server';

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
  ...extra,
});

let dir: string;
let fake: FakeTwilio;
let server: RunningServer;
let clinic: Server;
let events: { body: string; signature: string | undefined }[] = [];
let pending: PendingReminders;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-voice-'));
  fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  const serviceSid = fake.sync.createService('ledger');
  clinic = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      events.push({ body, signature: req.headers['x-clinic-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => clinic.listen(0, '127.0.0.1', resolve));
  const env = syncEnv(serviceSid, {
    LEDGER_WRITE_BUDGET_MS: '2000',
    CLINIC_EVENTS_URL: `http://127.0.0.1:${(clinic.address() as AddressInfo).port}/events`,
    CLINIC_EVENTS_SECRET: EVENTS_SECRET,
  });
  server = await startTwilioRun({ envFile: writeEnvFile(join(dir, '.env.test'), env), preload: writeRedirectPreload(dir, fake.origin) });
  const kv = new SyncKv<PendingRecord>(fakeTwilioClient(fake), serviceSid, () => COLLECTIONS.remindersPending);
  pending = new PendingReminders(kv, env.OPTOUT_HMAC_SECRET as string, 24 * 3_600_000, { budgetMs: 2000 });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  if (server) assertNoCanary(server.output(), 'twilio-run output');
  await fake?.close();
  await new Promise((resolve) => clinic?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  events = [];
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
  fake.faults.reset();
});

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
    const inbound = await postForm(`${server.origin}/voice/inbound`, params, { authToken: TEST_AUTH_TOKEN });
    expect(inbound.status).toBe(200);
    expect(inbound.contentType).toMatch(/^text\/xml/);
    expect(inbound.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="dtmf" numDigits="1" action="/voice/menu" method="POST" timeout="6">' +
        '<Say language="en-US">Hello, this is Example Clinic. Press 1 to confirm your next appointment, 2 to reschedule, 3 to cancel it, or 0 for the front desk.</Say>' +
        '</Gather><Say language="en-US">Please hold while we connect you to the front desk.</Say>' +
        `${FRONT_DESK_DIAL}</Response>`,
    );

    const menu = await postForm(`${server.origin}/voice/menu`, { ...params, Digits: '1' }, { authToken: TEST_AUTH_TOKEN });
    expect(menu.status).toBe(200);
    expect(menu.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Thank you. Your appointment is confirmed. Goodbye.</Say><Hangup/></Response>');

    expect(events).toHaveLength(1);
    const [event] = events;
    expect(verifyEventSignature(EVENTS_SECRET, event?.signature, event?.body ?? '', Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(event?.body ?? '{}')).toEqual({
      eventId: `${params.CallSid}-1`,
      type: 'appointment.reply',
      appointmentRef: 'appt-e2e-1',
      action: 'confirm',
      channel: 'voice',
      callSid: params.CallSid,
      receivedAt: expect.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T/),
    });
    expect((await pending.latest(CANARY_PHONE))?.answered?.action).toBe('confirm');
    for (const [where, text] of [['inbound TwiML', inbound.body], ['menu TwiML', menu.body], ['event body', event?.body ?? ''], ['server output', server.output()]] as const) {
      expect({ where, canary: findCanary(text) ?? null }).toEqual({ where, canary: null });
    }
    expect(server.output()).toContain(`"event":"reminders.reply_recorded","action":"confirm","channel":"voice"`);
  });

  test('key 0: the front desk, and no <Record> with voicemail off (the shipped clinic config)', async () => {
    const menu = await postForm(`${server.origin}/voice/menu`, call({ Digits: '0' }), { authToken: TEST_AUTH_TOKEN });
    expect(menu.status).toBe(200);
    expect(menu.body).toContain(FRONT_DESK_DIAL);
    const status = await postForm(`${server.origin}/voice/dial-status`, { AccountSid: TEST_ACCOUNT_SID, CallSid: callSid(), DialCallStatus: 'no-answer' }, { authToken: TEST_AUTH_TOKEN });
    expect(status.status).toBe(200);
    expect(`${menu.body}${status.body}`).not.toContain('<Record');
    expect(events).toEqual([]);
  });

  test('Sync down: the caller is connected to the front desk, with a PHI-free alert', async () => {
    fake.faults.failNext(10_000, 503, 20500);
    const menu = await postForm(`${server.origin}/voice/menu`, call({ Digits: '2' }), { authToken: TEST_AUTH_TOKEN });
    fake.faults.reset();
    expect(menu.status).toBe(200);
    expect(menu.body).toContain('Sorry, we cannot take your answer right now.');
    expect(menu.body).toContain(FRONT_DESK_DIAL);
    expect(server.output()).toMatch(/"event":"voice\.state_unavailable","callSid":"CA[0-9a-f]{32}","action":"reschedule","status":"store_unavailable","errorCode":"20500"/);
    expect(events).toEqual([]);
  });

  test('unsigned or wrongly signed: 403, nothing echoed', async () => {
    const unsigned = await postForm(`${server.origin}/voice/inbound`, call());
    expect(unsigned).toMatchObject({ status: 403, body: 'Forbidden' });
    const wrong = await postForm(`${server.origin}/voice/menu`, call({ Digits: '1' }), { authToken: 'f'.repeat(32) });
    expect(wrong).toMatchObject({ status: 403, body: 'Forbidden' });
    expect(events).toEqual([]);
  });
});
