import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../src/runtime/state/kv';
import { verifyStartSpec } from '../../src/runtime/verify/spec';
import { startVerification, type VerifyStartInput } from '../../src/runtime/verify/start';
import { CANARY_NAME, CANARY_PHONE, CANARY_PHONE_DIGITS, findCanary } from '../helpers/canary';
import { localEnv } from '../helpers/env';
import {
  coreHarness,
  networkError,
  postSigned,
  restError,
  stubVerifyClient,
  REQUESTER_A,
  REQUESTER_B,
  US_A,
  US_B,
  VA,
  VE,
  type CoreHarness,
} from '../helpers/verify-harness';

const PENDING = { status: 202, contentType: 'application/json', body: '{"status":"pending"}' };
const UNAVAILABLE = { status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' };
const RATE_LIMITED = { status: 429, contentType: 'application/json', body: '{"error":"rate_limited"}' };

const seen: string[] = [];
afterEach(() => {
  const hit = findCanary(seen.join('\n'));
  seen.length = 0;
  expect(hit).toBeUndefined();
});

async function start(h: CoreHarness, input: VerifyStartInput) {
  const reply = await startVerification(input, h.deps);
  seen.push(reply.body, ...h.lines);
  return reply;
}

describe('POST /verify/start through the webhook wrapper', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function post(
    params: Record<string, string>,
    opts: { env?: Record<string, string>; clinicJson?: string | null; headers?: Record<string, string> } = {},
  ) {
    const stub = stubVerifyClient();
    const out = await postSigned(verifyStartSpec(), '/verify/start', params, { stateDir: dir, client: stub.client, ...opts });
    seen.push(out.reply.body, ...out.lines);
    return { ...out, stub };
  }

  test('a signed sms request sends through the configured Verify Service and answers pending without a SID', async () => {
    const { reply, stub, lines } = await post({ to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A });
    expect(reply).toEqual(PENDING);
    expect(stub.starts).toEqual([{ serviceSid: VA, to: CANARY_PHONE, channel: 'sms' }]);
    expect(lines).toEqual([`info {"event":"verify_start.sent","verificationSid":"${VE}","channel":"sms","status":"pending"}`]);
    // Rate-limit records are keyed by HMACs: no file name holds the number.
    const files = readdirSync(join(dir, 'state', 'verify-limits'), { recursive: true }).map(String);
    expect(files.length).toBeGreaterThan(0);
    expect(files.join('\n')).not.toContain(CANARY_PHONE_DIGITS);
  });

  test('call is the other accepted channel', async () => {
    const { reply, stub } = await post({ to: US_A, channel: 'call' });
    expect(reply).toEqual(PENDING);
    expect(stub.starts).toEqual([{ serviceSid: VA, to: US_A, channel: 'call' }]);
  });

  test.each(['email', 'whatsapp', 'sna', 'auto', 'voice', 'SMS', 'Call', 'sms ', '', 'rcs'])(
    'channel %j: 400 naming the channel field, nothing sent',
    async (channel) => {
      const { reply, stub } = await post({ to: CANARY_PHONE, channel });
      expect(reply).toEqual({ status: 400, contentType: 'application/json', body: '{"error":"invalid_request","fields":["channel"]}' });
      expect(stub.starts).toEqual([]);
    },
  );

  test('an unknown field: 400 that names no field at all (neither the key nor its value)', async () => {
    const { reply, stub, lines } = await post({ to: CANARY_PHONE, channel: 'sms', patientName: CANARY_NAME });
    expect(reply).toEqual({
      status: 400,
      contentType: 'application/json',
      body: '{"error":"invalid_request","fields":[],"unknownFields":true}',
    });
    expect(reply.body).not.toContain('patientName');
    expect(lines.join('\n')).not.toContain('patientName');
    expect(stub.starts).toEqual([]);
  });

  test.each([
    ['a number with text after it', { to: `${CANARY_PHONE} ${CANARY_NAME}`, channel: 'sms' }, 'to'],
    ['a national-format number', { to: CANARY_PHONE_DIGITS, channel: 'sms' }, 'to'],
    ['no number', { channel: 'sms' }, 'to'],
    ['no channel', { to: CANARY_PHONE }, 'channel'],
    ['a requester that is a name', { to: CANARY_PHONE, channel: 'sms', requester: CANARY_NAME }, 'requester'],
    ['a short requester', { to: CANARY_PHONE, channel: 'sms', requester: 'abc' }, 'requester'],
  ])('%s: 400 naming only that field', async (_label, params, field) => {
    const { reply, stub } = await post(params as Record<string, string>);
    expect(reply).toEqual({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'invalid_request', fields: [field] }),
    });
    expect(stub.starts).toEqual([]);
  });

  test('a JSON body is refused with 415 before any validation', async () => {
    const { reply, stub } = await post({ to: CANARY_PHONE, channel: 'sms' }, { headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(415);
    expect(stub.starts).toEqual([]);
  });

  test('no VERIFY_SERVICE_SID: 500 and a config log line, nothing sent', async () => {
    const { reply, stub, lines } = await post({ to: CANARY_PHONE, channel: 'sms' }, { env: localEnv(dir) });
    expect(reply).toEqual({ status: 500, contentType: 'text/plain', body: 'Internal error' });
    expect(lines).toEqual(['error {"event":"verify_start.config_invalid","status":"verify_service_missing"}']);
    expect(stub.starts).toEqual([]);
  });

  test('missing or invalid clinic.json: 500, nothing sent', async () => {
    for (const clinicJson of [null, '{"version":1}', 'not json']) {
      const { reply, stub, lines } = await post({ to: CANARY_PHONE, channel: 'sms' }, { clinicJson });
      expect(reply.status).toBe(500);
      expect(lines).toEqual(['error {"event":"verify_start.config_invalid","status":"clinic_config_error"}']);
      expect(stub.starts).toEqual([]);
    }
  });

  test('the per-number limit from clinic.json holds across requesters (file state)', async () => {
    // CLINIC_JSON allows 2 per number per hour.
    expect((await post({ to: US_A, channel: 'sms', requester: REQUESTER_A })).reply.status).toBe(202);
    expect((await post({ to: US_A, channel: 'call', requester: REQUESTER_B })).reply.status).toBe(202);
    const third = await post({ to: US_A, channel: 'sms' });
    expect(third.reply).toEqual(RATE_LIMITED);
    expect(third.stub.starts).toEqual([]);
  });
});

describe('startVerification: destinations', () => {
  test.each(['+14165550123', '+33612345678', '+442071838750', '+61412345678', '+15555550100'])(
    '%s is outside the clinic countries: 422, no quota used, nothing sent',
    async (to) => {
      const h = coreHarness();
      const reply = await start(h, { to, channel: 'sms' });
      expect(reply).toEqual({ status: 422, contentType: 'application/json', body: '{"error":"unsupported_destination"}' });
      expect(h.stub.starts).toEqual([]);
      expect(h.kv.data.size).toBe(0);
      expect(h.lines).toEqual(['warn {"event":"verify_start.unsupported_destination","status":"422"}']);
    },
  );

  test('Puerto Rico is served when listed', async () => {
    const h = coreHarness();
    expect(await start(h, { to: '+17875550123', channel: 'sms' })).toEqual(PENDING);
  });
});

describe('startVerification: rate limits', () => {
  test('per number: the limit applies to every requester, other numbers are unaffected', async () => {
    const h = coreHarness({ perNumberPerHour: 2, perRequesterPerHour: 100 });
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A })).toEqual(PENDING);
    expect(await start(h, { to: CANARY_PHONE, channel: 'call', requester: REQUESTER_B })).toEqual(PENDING);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms' })).toEqual(RATE_LIMITED);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A })).toEqual(RATE_LIMITED);
    expect(await start(h, { to: US_A, channel: 'sms', requester: REQUESTER_A })).toEqual(PENDING);
    expect(h.stub.starts.map((s) => s.to)).toEqual([CANARY_PHONE, CANARY_PHONE, US_A]);
    expect(h.lines.filter((l) => l.includes('rate_limited'))).toEqual([
      'warn {"event":"verify_start.rate_limited_number","status":"429"}',
      'warn {"event":"verify_start.rate_limited_number","status":"429"}',
    ]);
  });

  test('per requester: a separate bucket from the number, and other requesters are unaffected', async () => {
    const h = coreHarness({ perNumberPerHour: 20, perRequesterPerHour: 2 });
    expect(await start(h, { to: US_A, channel: 'sms', requester: REQUESTER_A })).toEqual(PENDING);
    expect(await start(h, { to: US_B, channel: 'sms', requester: REQUESTER_A })).toEqual(PENDING);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A })).toEqual(RATE_LIMITED);
    expect(h.lines.at(-1)).toBe('warn {"event":"verify_start.rate_limited_requester","status":"429"}');
    // A full requester bucket took nothing from the number's: the patient can still get codes.
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_B })).toEqual(PENDING);
    expect(h.stub.starts.map((s) => s.to)).toEqual([US_A, US_B, CANARY_PHONE]);
  });

  test('requests without a requester share one anonymous bucket', async () => {
    const h = coreHarness({ perNumberPerHour: 20, perRequesterPerHour: 2 });
    expect(await start(h, { to: US_A, channel: 'sms' })).toEqual(PENDING);
    expect(await start(h, { to: US_B, channel: 'sms' })).toEqual(PENDING);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms' })).toEqual(RATE_LIMITED);
    // A requester whose id is literally "anonymous" has a bucket of its own.
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: 'anonymous' })).toEqual(PENDING);
  });

  test('the buckets are hourly windows', async () => {
    const h = coreHarness({ perNumberPerHour: 1, perRequesterPerHour: 100 });
    expect(await start(h, { to: US_A, channel: 'sms' })).toEqual(PENDING);
    expect(await start(h, { to: US_A, channel: 'sms' })).toEqual(RATE_LIMITED);
    h.clock.now += 3_600_000;
    expect(await start(h, { to: US_A, channel: 'sms' })).toEqual(PENDING);
  });

  test('the state store down: 503 and Twilio is never called (fail closed)', async () => {
    const h = coreHarness();
    h.kv.down = new StoreError(true, 20500);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A })).toEqual(UNAVAILABLE);
    expect(h.stub.starts).toEqual([]);
    expect(h.lines.at(-1)).toMatch(
      /^error \{"event":"verify_start\.limit_store_failed","status":"503","attempts":"[0-9]+","errorCode":"20500"\}$/,
    );
  });

  test('a permanent store error is a 503 too', async () => {
    const h = coreHarness();
    h.kv.failures.push(new StoreError(false, 20403));
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms' })).toEqual(UNAVAILABLE);
    expect(h.stub.starts).toEqual([]);
  });

  test('the store failing on the number bucket gives the requester unit back', async () => {
    const h = coreHarness({ perNumberPerHour: 5, perRequesterPerHour: 1 });
    // Requester bucket: read + write succeed; the number bucket's read fails permanently.
    const read = h.kv.read.bind(h.kv);
    let reads = 0;
    h.kv.read = async (key) => {
      reads += 1;
      if (reads === 2) throw new StoreError(false, 20403);
      return read(key);
    };
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A })).toEqual(UNAVAILABLE);
    expect(h.stub.starts).toEqual([]);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A })).toEqual(PENDING);
  });
});

describe('startVerification: what Twilio says about the number never shows', () => {
  const numberErrors: [string, number, number][] = [
    ['invalid parameter', 400, 60200],
    ['invalid To number', 400, 21211],
    ['landline', 403, 60205],
    ['max send attempts', 429, 60203],
    ['too many concurrent requests for the number', 429, 60212],
    ['not a mobile number', 400, 21614],
    ['unsubscribed recipient', 400, 21610],
    ['blocked by Fraud Guard', 403, 60410],
    ['blocked by geo permissions', 403, 60605],
    ['an undocumented 4xx', 400, 60999],
  ];

  test.each(numberErrors)('%s: byte-identical 202, errorCode only in the log', async (_label, status, code) => {
    const ok = coreHarness();
    const sent = await start(ok, { to: US_A, channel: 'sms' });
    const h = coreHarness();
    h.stub.impl.start = async () => {
      throw restError(status, code);
    };
    const reply = await start(h, { to: CANARY_PHONE, channel: 'sms', requester: REQUESTER_A });
    expect(reply).toEqual(sent);
    expect(reply).toEqual(PENDING);
    expect(h.lines).toEqual([`warn {"event":"verify_start.not_sent","channel":"sms","errorCode":"${code}"}`]);
  });

  test('a failed start still counts against the number (no probing by retrying)', async () => {
    const h = coreHarness({ perNumberPerHour: 1, perRequesterPerHour: 100 });
    h.stub.impl.start = async () => {
      throw restError(400, 21211);
    };
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms' })).toEqual(PENDING);
    expect(await start(h, { to: CANARY_PHONE, channel: 'sms' })).toEqual(RATE_LIMITED);
  });

  const infraErrors: [string, () => Error, string | null][] = [
    ['bad credentials', () => restError(401, 20003), '20003'],
    ['the Verify Service does not exist', () => restError(404, 20404), '20404'],
    ['Twilio API concurrency limit', () => restError(429, 20429), '20429'],
    ['Twilio 500', () => restError(500, 20500), '20500'],
    ['Twilio 503', () => restError(503, 20503), '20503'],
    ['no answer at all', networkError, null],
  ];

  test.each(infraErrors)('%s: 503 unavailable, and the units are given back', async (_label, makeError, code) => {
    const h = coreHarness({ perNumberPerHour: 1, perRequesterPerHour: 100 });
    h.stub.impl.start = async () => {
      throw makeError();
    };
    expect(await start(h, { to: CANARY_PHONE, channel: 'call', requester: REQUESTER_A })).toEqual(UNAVAILABLE);
    expect(h.lines).toEqual([
      `error {"event":"verify_start.twilio_unavailable","status":"503","channel":"call"${code === null ? '' : `,"errorCode":"${code}"`}}`,
    ]);
    h.stub.impl.start = async () => ({ sid: VE, status: 'pending' });
    expect(await start(h, { to: CANARY_PHONE, channel: 'call', requester: REQUESTER_A })).toEqual(PENDING);
  });
});
