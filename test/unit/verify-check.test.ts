import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../src/runtime/state/kv';
import { checkVerification, type VerifyCheckInput } from '../../src/runtime/verify/check';
import { verifyCheckSpec } from '../../src/runtime/verify/spec';
import { startVerification } from '../../src/runtime/verify/start';
import { CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { localEnv } from '../helpers/env';
import {
  coreHarness,
  networkError,
  postSigned,
  restError,
  stubVerifyClient,
  CANARY_CODE,
  REQUESTER_A,
  REQUESTER_B,
  US_A,
  VA,
  type CoreHarness,
} from '../helpers/verify-harness';

const VALID = { status: 200, contentType: 'application/json', body: '{"valid":true}' };
const NOT_VALID = { status: 200, contentType: 'application/json', body: '{"valid":false}' };
const UNAVAILABLE = { status: 503, contentType: 'application/json', body: '{"error":"unavailable"}' };
const RATE_LIMITED = { status: 429, contentType: 'application/json', body: '{"error":"rate_limited"}' };

const seen: string[] = [];
afterEach(() => {
  const text = seen.join('\n');
  seen.length = 0;
  expect(findCanary(text)).toBeUndefined();
  expect(text).not.toContain(CANARY_CODE);
});

async function check(h: CoreHarness, input: VerifyCheckInput) {
  const reply = await checkVerification(input, h.deps);
  seen.push(reply.body, ...h.lines);
  return reply;
}

describe('POST /verify/check through the webhook wrapper', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function post(params: Record<string, string>, opts: { env?: Record<string, string> } = {}) {
    const stub = stubVerifyClient();
    const out = await postSigned(verifyCheckSpec(), '/verify/check', params, { stateDir: dir, client: stub.client, ...opts });
    seen.push(out.reply.body, ...out.lines);
    return { ...out, stub };
  }

  test('a signed check reaches the Verify Service with the number and the code', async () => {
    const { reply, stub, lines } = await post({ to: CANARY_PHONE, code: CANARY_CODE, requester: REQUESTER_A });
    expect(reply).toEqual(VALID);
    expect(stub.checks).toEqual([{ serviceSid: VA, to: CANARY_PHONE, code: CANARY_CODE }]);
    expect(lines).toEqual(['info {"event":"verify_check.checked","status":"approved"}']);
  });

  test.each(['12a456', '123', '12345678901', ' 123456', '１２３４５６', ''])(
    'code %j: 400 naming the code field, nothing checked',
    async (code) => {
      const { reply, stub } = await post({ to: CANARY_PHONE, code });
      expect(reply).toEqual({ status: 400, contentType: 'application/json', body: '{"error":"invalid_request","fields":["code"]}' });
      expect(stub.checks).toEqual([]);
    },
  );

  test('an unknown field: 400 naming nothing; a channel is not a check parameter', async () => {
    for (const extra of [{ patientName: CANARY_NAME }, { channel: 'sms' }] as Record<string, string>[]) {
      const { reply, stub } = await post({ to: CANARY_PHONE, code: CANARY_CODE, ...extra });
      expect(reply).toEqual({
        status: 400,
        contentType: 'application/json',
        body: '{"error":"invalid_request","fields":[],"unknownFields":true}',
      });
      expect(stub.checks).toEqual([]);
    }
  });

  test('no VERIFY_SERVICE_SID: 500, nothing checked', async () => {
    const { reply, stub, lines } = await post({ to: CANARY_PHONE, code: CANARY_CODE }, { env: localEnv(dir) });
    expect(reply.status).toBe(500);
    expect(lines).toEqual(['error {"event":"verify_check.config_invalid","status":"verify_service_missing"}']);
    expect(stub.checks).toEqual([]);
  });
});

describe('checkVerification: what Twilio answers', () => {
  test('approved: valid true', async () => {
    const h = coreHarness();
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE })).toEqual(VALID);
  });

  test.each(['pending', 'canceled', 'max_attempts_reached', 'expired', 'failed', 'deleted'])('status %s: valid false', async (status) => {
    const h = coreHarness();
    h.stub.impl.check = async () => ({ status });
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE })).toEqual(NOT_VALID);
    expect(h.lines).toEqual([`info {"event":"verify_check.checked","status":"${status}"}`]);
  });

  test.each([
    ['no pending verification', 404, 20404],
    ['max check attempts', 429, 60202],
    ['invalid parameter', 400, 60200],
    ['max send attempts', 429, 60203],
    ['an undocumented 4xx', 400, 60999],
  ])('%s: the same valid false, errorCode only in the log', async (_label, status, code) => {
    const h = coreHarness();
    h.stub.impl.check = async () => {
      throw restError(status, code);
    };
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE })).toEqual(NOT_VALID);
    expect(h.lines).toEqual([`info {"event":"verify_check.not_valid","errorCode":"${code}"}`]);
  });

  test.each([
    ['bad credentials', () => restError(401, 20003)],
    ['Twilio API concurrency limit', () => restError(429, 20429)],
    ['Twilio 500', () => restError(500, 20500)],
    ['no answer at all', networkError],
  ])('%s: 503 unavailable', async (_label, makeError) => {
    const h = coreHarness();
    h.stub.impl.check = async () => {
      throw makeError();
    };
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE })).toEqual(UNAVAILABLE);
    expect(h.lines[0]).toMatch(/^error \{"event":"verify_check\.twilio_unavailable","status":"503"/);
  });
});

describe('checkVerification: destinations and limits', () => {
  test('outside the clinic countries: 422, nothing checked', async () => {
    const h = coreHarness();
    expect(await check(h, { to: '+14165550123', code: CANARY_CODE })).toEqual({
      status: 422,
      contentType: 'application/json',
      body: '{"error":"unsupported_destination"}',
    });
    expect(h.stub.checks).toEqual([]);
  });

  test('per number: twice the start limit, across requesters', async () => {
    const h = coreHarness({ perNumberPerHour: 2, perRequesterPerHour: 100 });
    h.stub.impl.check = async () => ({ status: 'pending' });
    for (let i = 0; i < 4; i++)
      expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE, requester: i % 2 ? REQUESTER_A : REQUESTER_B })).toEqual(NOT_VALID);
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE, requester: REQUESTER_A })).toEqual(RATE_LIMITED);
    expect(h.lines.at(-1)).toBe('warn {"event":"verify_check.rate_limited_number","status":"429"}');
    expect(await check(h, { to: US_A, code: CANARY_CODE, requester: REQUESTER_A })).toEqual(NOT_VALID);
    expect(h.stub.checks).toHaveLength(5);
  });

  test('per requester: twice the start limit', async () => {
    const h = coreHarness({ perNumberPerHour: 20, perRequesterPerHour: 1 });
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE, requester: REQUESTER_A })).toEqual(VALID);
    expect(await check(h, { to: US_A, code: CANARY_CODE, requester: REQUESTER_A })).toEqual(VALID);
    expect(await check(h, { to: US_A, code: CANARY_CODE, requester: REQUESTER_A })).toEqual(RATE_LIMITED);
    expect(h.lines.at(-1)).toBe('warn {"event":"verify_check.rate_limited_requester","status":"429"}');
    expect(await check(h, { to: US_A, code: CANARY_CODE, requester: REQUESTER_B })).toEqual(VALID);
  });

  test('start and check buckets are separate: a number out of starts can still check its code', async () => {
    const h = coreHarness({ perNumberPerHour: 1, perRequesterPerHour: 100 });
    expect((await startVerification({ to: CANARY_PHONE, channel: 'sms' }, h.deps)).status).toBe(202);
    expect((await startVerification({ to: CANARY_PHONE, channel: 'sms' }, h.deps)).status).toBe(429);
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE })).toEqual(VALID);
  });

  test('the state store down: 503 and Twilio is never called', async () => {
    const h = coreHarness();
    h.kv.down = new StoreError(true, null);
    expect(await check(h, { to: CANARY_PHONE, code: CANARY_CODE })).toEqual(UNAVAILABLE);
    expect(h.stub.checks).toEqual([]);
    expect(h.lines.at(-1)).toMatch(/^error \{"event":"verify_check\.limit_store_failed","status":"503","attempts":"[0-9]+"\}$/);
  });
});
