/**
 * The voice webhooks through the shared wrapper (runWebhook) on the local profile: signature,
 * schema, clinic config from the private asset, file-backed state and a loopback clinic endpoint;
 * and the caller-verification rule end to end (only SHAKEN/STIR A may act on a reminder).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { CLINIC_ASSET } from '../../src/runtime/clinic/clinic-config';
import { createLogger } from '../../src/runtime/core/log';
import { runWebhook, type WebhookRequest, type WebhookSpec } from '../../src/runtime/core/webhook';
import { verifyEventSignature } from '../../src/runtime/events/signature';
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import { FileKv } from '../../src/runtime/state/file-kv';
import { voiceDialStatusSpec, voiceInboundSpec, voiceMenuSpec } from '../../src/runtime/voice/spec';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { localEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';
import { callSid, reminder, STIR_A } from '../helpers/voice-helpers';

const DOMAIN = 'localhost:3000';
const EVENTS_SECRET = 'e'.repeat(40);
const CLINIC = JSON.parse(readFileSync(join(__dirname, '..', '..', 'assets', 'clinic.private.json'), 'utf8')) as {
  voice: { voicemail: Record<string, unknown>; verification?: unknown };
};

let dir: string;
let server: Server;
let received: { body: string; signature: string | undefined }[];
let env: Record<string, string>;
let lines: string[];
let n = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-clinic-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'voice-spec-'));
  received = [];
  lines = [];
  env = localEnv(dir, {
    CLINIC_EVENTS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    CLINIC_EVENTS_SECRET: EVENTS_SECRET,
  });
});

afterEach(() => {
  expect(findCanary(lines.join('\n'))).toBeUndefined();
  rmSync(dir, { recursive: true, force: true });
});

function clinicAsset(voicemail: Record<string, unknown> | null, voice: Record<string, unknown> = {}): (path: string) => string | null {
  const text = JSON.stringify({ ...CLINIC, voice: { ...CLINIC.voice, voicemail: voicemail ?? CLINIC.voice.voicemail, ...voice } });
  return (path) => (path === CLINIC_ASSET ? text : null);
}

interface Call {
  path: string;
  params: Record<string, string>;
  signed?: boolean;
  readAsset?: (path: string) => string | null;
}

async function call<I>(spec: WebhookSpec<I>, c: Call): Promise<{ status: number; body: string; contentType: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (c.signed !== false)
    headers['x-twilio-signature'] = getExpectedTwilioSignature(TEST_AUTH_TOKEN, `http://${DOMAIN}${c.path}`, c.params);
  const request: WebhookRequest = {
    domainName: DOMAIN,
    path: c.path,
    env,
    event: { ...c.params, request: { headers, cookies: {} } },
    getTwilioClient: () => {
      throw new Error('no Twilio client in the local profile');
    },
    readAsset: c.readAsset ?? clinicAsset(null),
  };
  const reply = await runWebhook(
    spec,
    request,
    createLogger((level, line) => lines.push(`${level} ${line}`)),
  );
  expect(findCanary(reply.body)).toBeUndefined();
  return reply;
}

const callParams = (extra: Record<string, string> = {}): Record<string, string> => ({
  AccountSid: TEST_ACCOUNT_SID,
  CallSid: callSid(++n),
  From: CANARY_PHONE,
  To: '+15555550199',
  CallStatus: 'in-progress',
  Direction: 'inbound',
  CallerName: 'CANARY-PHI caller name',
  StirVerstat: STIR_A,
  ...extra,
});

/** The call's parameters as Twilio sends them when the call carried no SHAKEN/STIR PASSporT. */
const withoutStir = (extra: Record<string, string> = {}): Record<string, string> => {
  const params = callParams(extra);
  delete params.StirVerstat;
  return params;
};

const seed = async (ref: string): Promise<PendingReminders> => {
  const pending = new PendingReminders(
    new FileKv<PendingRecord>(join(dir, 'state', 'reminders-pending')),
    env.OPTOUT_HMAC_SECRET as string,
    24 * 3_600_000,
    { budgetMs: 1000 },
  );
  await pending.add(CANARY_PHONE, reminder(ref));
  return pending;
};

describe('POST /voice/inbound', () => {
  test('signed: the menu TwiML', async () => {
    const reply = await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams() });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('text/xml');
    expect(reply.body).toContain(
      '<Gather input="dtmf" numDigits="1" action="/voice/menu" method="POST" timeout="6"><Say language="en-US">Hello, this is Example Clinic.',
    );
    expect(reply.body).toContain('<Dial timeout="20">+15555550100</Dial>');
    expect(lines).toEqual([`info {"event":"voice.inbound","callSid":"${callSid(n)}","status":"tn-validation-passed-a"}`]);
  });

  test('unsigned: 403, generic body', async () => {
    const reply = await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams(), signed: false });
    expect(reply).toEqual({ status: 403, contentType: 'text/plain', body: 'Forbidden' });
  });

  test('a malformed CallSid: 400, nothing echoed', async () => {
    const reply = await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams({ CallSid: 'CA-not-a-sid' }) });
    expect(reply).toEqual({ status: 400, contentType: 'text/plain', body: 'Bad request' });
  });

  test('a blocked caller ID is accepted', async () => {
    expect((await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams({ From: 'anonymous' }) })).status).toBe(200);
  });

  test('no clinic config: generic 500', async () => {
    const reply = await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams(), readAsset: () => null });
    expect(reply).toEqual({ status: 500, contentType: 'text/plain', body: 'Internal error' });
  });
});

describe('POST /voice/menu', () => {
  test('key 1 with a pending reminder: signed event to the clinic, acknowledgement, hang up', async () => {
    await seed('appt-2001');
    const params = callParams({ Digits: '1' });
    const reply = await call(voiceMenuSpec(), { path: '/voice/menu', params });
    expect(reply.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Thank you. Your appointment is confirmed. Goodbye.</Say><Hangup/></Response>',
    );
    expect(received).toHaveLength(1);
    const [event] = received;
    expect(verifyEventSignature(EVENTS_SECRET, event?.signature, event?.body ?? '', Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(event?.body ?? '{}')).toMatchObject({
      eventId: `${params.CallSid}-1`,
      appointmentRef: 'appt-2001',
      action: 'confirm',
      channel: 'voice',
      callSid: params.CallSid,
    });
    expect(findCanary(event?.body ?? '')).toBeUndefined();
  });

  test('events not configured: "could not find" and the front desk', async () => {
    delete env.CLINIC_EVENTS_URL;
    delete env.CLINIC_EVENTS_SECRET;
    const reply = await call(voiceMenuSpec(), { path: '/voice/menu', params: callParams({ Digits: '1' }) });
    expect(reply.body).toContain('We could not find an upcoming appointment for this number.');
    expect(reply.body).toContain('<Dial timeout="20">+15555550100</Dial>');
  });

  test('Digits outside the keypad: 400', async () => {
    expect((await call(voiceMenuSpec(), { path: '/voice/menu', params: callParams({ Digits: '12345' }) })).status).toBe(400);
    expect((await call(voiceMenuSpec(), { path: '/voice/menu', params: callParams({ Digits: 'x' }) })).status).toBe(400);
  });

  test('the signature covers the path: a menu request signed for /voice/inbound is refused', async () => {
    const params = callParams({ Digits: '1' });
    const reply = await runWebhook(
      voiceMenuSpec(),
      {
        domainName: DOMAIN,
        path: '/voice/menu',
        env,
        event: {
          ...params,
          request: {
            headers: { 'x-twilio-signature': getExpectedTwilioSignature(TEST_AUTH_TOKEN, `http://${DOMAIN}/voice/inbound`, params) },
            cookies: {},
          },
        },
        getTwilioClient: () => {
          throw new Error('unused');
        },
        readAsset: clinicAsset(null),
      },
      createLogger((level, line) => lines.push(`${level} ${line}`)),
    );
    expect(reply.status).toBe(403);
  });
});

describe('caller verification (SHAKEN/STIR A only)', () => {
  const UNVERIFIED_INBOUND =
    '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Hello, this is Example Clinic.</Say>' +
    '<Say language="en-US">Please hold while we connect you to the front desk.</Say><Dial timeout="20">+15555550100</Dial></Response>';

  test.each([
    ['no StirVerstat (outside the US, no PASSporT)', null, 'absent'],
    ['B attestation', 'TN-Validation-Passed-B', 'tn-validation-passed-b'],
    ['C attestation', 'TN-Validation-Passed-C', 'tn-validation-passed-c'],
    ['failed validation', 'TN-Validation-Failed-A', 'tn-validation-failed-a'],
    ['no validation', 'No-TN-Validation', 'no-tn-validation'],
    ['lower case', 'tn-validation-passed-a', 'unrecognized'],
    ['garbage carrying a canary', 'CANARY-PHI Zebulon', 'unrecognized'],
  ] as const)(
    '/voice/inbound, %s: no menu, the greeting and the front desk, the same with or without a reminder',
    async (_name, stir, label) => {
      const params = (): Record<string, string> => (stir === null ? withoutStir() : callParams({ StirVerstat: stir }));
      const before = await call(voiceInboundSpec(), { path: '/voice/inbound', params: params() });
      await seed('appt-2101');
      const after = await call(voiceInboundSpec(), { path: '/voice/inbound', params: params() });
      expect(before).toEqual({ status: 200, contentType: 'text/xml', body: UNVERIFIED_INBOUND });
      expect(after.body).toBe(before.body);
      expect(after.body).not.toContain('<Gather');
      expect(lines).toEqual([
        `info {"event":"voice.inbound","callSid":"${callSid(n - 1)}","status":"${label}"}`,
        `info {"event":"voice.inbound","callSid":"${callSid(n)}","status":"${label}"}`,
      ]);
    },
  );

  test('/voice/menu posted directly by a spoofed caller with a reminder: nothing recorded, and the very TwiML a caller without an appointment gets', async () => {
    const noAppointmentUnverified = await call(voiceMenuSpec(), { path: '/voice/menu', params: withoutStir({ Digits: '1' }) });
    const noAppointmentVerified = await call(voiceMenuSpec(), {
      path: '/voice/menu',
      params: callParams({ Digits: '1', From: '+15555550123' }),
    });
    const pending = await seed('appt-2102');
    const spoofed = [
      await call(voiceMenuSpec(), { path: '/voice/menu', params: withoutStir({ Digits: '1' }) }),
      await call(voiceMenuSpec(), { path: '/voice/menu', params: callParams({ Digits: '3', StirVerstat: 'TN-Validation-Passed-B' }) }),
      await call(voiceMenuSpec(), {
        path: '/voice/menu',
        params: callParams({ Digits: '2', StirVerstat: 'TN-Validation-Passed-A-Diverted' }),
      }),
    ];
    expect(noAppointmentUnverified.body).toBe(noAppointmentVerified.body);
    for (const r of spoofed) expect(r).toEqual({ status: 200, contentType: 'text/xml', body: noAppointmentVerified.body });
    expect(noAppointmentVerified.body).toContain('We could not find an upcoming appointment for this number.');
    expect(received).toEqual([]);
    expect((await pending.latest(CANARY_PHONE))?.answered).toBeUndefined();
    expect(lines.filter((l) => l.includes('voice.caller_unverified'))).toHaveLength(4);
    // The same reminder is there to be answered: a verified call from that number records it.
    const verified = await call(voiceMenuSpec(), { path: '/voice/menu', params: callParams({ Digits: '1' }) });
    expect(verified.body).toContain('Your appointment is confirmed.');
    expect(received).toHaveLength(1);
  });

  test('a StirVerstat longer than any Twilio value: 400, nothing echoed', async () => {
    const reply = await call(voiceMenuSpec(), {
      path: '/voice/menu',
      params: callParams({ Digits: '1', StirVerstat: `${STIR_A}-${'x'.repeat(60)}` }),
    });
    expect(reply).toEqual({ status: 400, contentType: 'text/plain', body: 'Bad request' });
  });

  test('voice.verification: absent means stir-a-only; a mode this version does not support is a config error (500, nothing offered)', async () => {
    const voiceWithout: Record<string, unknown> = { ...CLINIC.voice };
    delete voiceWithout.verification;
    const absent = (path: string): string | null => (path === CLINIC_ASSET ? JSON.stringify({ ...CLINIC, voice: voiceWithout }) : null);
    expect((await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams(), readAsset: absent })).body).toContain('<Gather');
    expect((await call(voiceInboundSpec(), { path: '/voice/inbound', params: withoutStir(), readAsset: absent })).body).not.toContain(
      '<Gather',
    );
    const pin = clinicAsset(null, { verification: { mode: 'stir-a-or-pin' } });
    expect(await call(voiceInboundSpec(), { path: '/voice/inbound', params: callParams(), readAsset: pin })).toEqual({
      status: 500,
      contentType: 'text/plain',
      body: 'Internal error',
    });
    expect((await call(voiceMenuSpec(), { path: '/voice/menu', params: callParams({ Digits: '1' }), readAsset: pin })).status).toBe(500);
  });
});

describe('POST /voice/dial-status', () => {
  const dial = (extra: Record<string, string>): Record<string, string> => ({
    AccountSid: TEST_ACCOUNT_SID,
    CallSid: callSid(++n),
    ...extra,
  });

  test('voicemail on: no answer → <Record> (transcribe as configured); answered → hang up', async () => {
    const readAsset = clinicAsset({ enabled: true, transcribe: true, maxLengthSeconds: 60 });
    const missed = await call(voiceDialStatusSpec(), {
      path: '/voice/dial-status',
      params: dial({ DialCallStatus: 'no-answer' }),
      readAsset,
    });
    expect(missed.body).toContain(
      '<Record maxLength="60" playBeep="true" finishOnKey="#" action="/voice/dial-status" method="POST" transcribe="true"/>',
    );
    const answered = await call(voiceDialStatusSpec(), {
      path: '/voice/dial-status',
      params: dial({ DialCallStatus: 'completed', DialCallSid: callSid(500) }),
      readAsset,
    });
    expect(answered.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });

  test('voicemail off (the shipped config): never <Record>', async () => {
    for (const s of ['busy', 'no-answer', 'failed', 'canceled']) {
      const reply = await call(voiceDialStatusSpec(), { path: '/voice/dial-status', params: dial({ DialCallStatus: s }) });
      expect(reply.status).toBe(200);
      expect(reply.body).not.toContain('<Record');
    }
  });

  test('the <Record> action: thanks and hang up; the recording URL is neither logged nor echoed', async () => {
    const url = `https://api.twilio.com/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/RE${'c'.repeat(32)}`;
    const params = dial({ RecordingSid: `RE${'c'.repeat(32)}`, RecordingUrl: url, RecordingDuration: '12', Digits: '#' });
    const reply = await call(voiceDialStatusSpec(), { path: '/voice/dial-status', params, readAsset: clinicAsset({ enabled: true }) });
    expect(reply.body).toContain('Thank you. Goodbye.');
    expect(`${reply.body}\n${lines.join('\n')}`).not.toContain('Recordings/');
  });

  test('an unknown DialCallStatus: 400', async () => {
    expect((await call(voiceDialStatusSpec(), { path: '/voice/dial-status', params: dial({ DialCallStatus: 'ringing' }) })).status).toBe(
      400,
    );
  });
});
