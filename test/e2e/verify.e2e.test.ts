/**
 * End to end for /verify/start and /verify/check: a real twilio-run serving dist/, rate limits in
 * Sync, and Verify v2 calls redirected (test-only --require preload) to the fake Twilio API, whose
 * responses are validated against twilio_verify_v2.json and twilio_sync_v1.json.
 */
import { CANARY_PHONE, assertNoCanary } from '../helpers/canary';
import type { PostResult } from '../helpers/signed-post';
import { checkAfterEach, startSyncWorld, type SyncWorld } from '../helpers/sync-world';

/** A wrong code typed by the patient: never in a response or in the server output. */
const CANARY_CODE = '9182736450';
const LANDLINE = '+12125550101';
const MOBILE = '+12125550102';
const INVALID = '+12125550103';
const PENDING_BODY = '{"status":"pending"}';
/** twilio-run (express) adds the charset. */
const JSON_TYPE = 'application/json; charset=utf-8';

let world: SyncWorld;
let vaSid: string;
const responses: string[] = [];

async function post(...args: Parameters<SyncWorld['post']>): Promise<PostResult> {
  const res = await world.post(...args);
  responses.push(res.body);
  return res;
}

beforeAll(async () => {
  world = await startSyncWorld({
    prefix: 'e2e-verify-',
    env: (fake) => ({ VERIFY_SERVICE_SID: fake.verify.createService('clinic'), LEDGER_WRITE_BUDGET_MS: '2000' }),
  });
  vaSid = world.env.VERIFY_SERVICE_SID as string;
}, 90_000);

afterAll(async () => {
  await world?.stop();
  if (world) expect(world.server.output()).not.toContain(CANARY_CODE);
  assertNoCanary(responses.join('\n'), 'HTTP responses');
  expect(responses.join('\n')).not.toContain(CANARY_CODE);
});
afterEach(() => checkAfterEach(world));

describe('POST /verify/start and /verify/check', () => {
  test('sms: 202 pending, then the right code is valid and a wrong one is not', async () => {
    const started = await post('/verify/start', { to: CANARY_PHONE, channel: 'sms', requester: 'portal-session-0001' });
    expect(started).toEqual({ status: 202, contentType: JSON_TYPE, body: PENDING_BODY });
    expect(world.fake.verify.sends()).toEqual([{ serviceSid: vaSid, channel: 'sms', to: CANARY_PHONE }]);
    const code = world.fake.verify.codeFor(vaSid, CANARY_PHONE);
    expect(code).toMatch(/^[0-9]{6}$/);

    const wrong = await post('/verify/check', { to: CANARY_PHONE, code: CANARY_CODE, requester: 'portal-session-0001' });
    expect(wrong).toEqual({ status: 200, contentType: JSON_TYPE, body: '{"valid":false}' });
    const right = await post('/verify/check', { to: CANARY_PHONE, code: code as string, requester: 'portal-session-0001' });
    expect(right).toEqual({ status: 200, contentType: JSON_TYPE, body: '{"valid":true}' });
    expect(right.body).not.toContain(code as string);
    expect(world.server.output()).toMatch(
      /"event":"verify_start\.sent","verificationSid":"VE[0-9a-f]{32}","channel":"sms","status":"pending"/,
    );
  });

  test('a check with no verification pending is just not valid', async () => {
    const res = await post('/verify/check', { to: '+12125550104', code: '123456' });
    expect(res).toEqual({ status: 200, contentType: JSON_TYPE, body: '{"valid":false}' });
  });

  test('a landline, an invalid number and a mobile get byte-identical answers', async () => {
    world.fake.verify.markLandline(LANDLINE);
    world.fake.verify.markInvalid(INVALID);
    const landline = await post('/verify/start', { to: LANDLINE, channel: 'sms' });
    const invalid = await post('/verify/start', { to: INVALID, channel: 'sms' });
    const mobile = await post('/verify/start', { to: MOBILE, channel: 'sms' });
    expect(landline).toEqual(mobile);
    expect(invalid).toEqual(mobile);
    expect(mobile).toEqual({ status: 202, contentType: JSON_TYPE, body: PENDING_BODY });
    expect(world.fake.verify.sends().map((s) => s.to)).toContain(MOBILE);
    expect(world.fake.verify.sends().map((s) => s.to)).not.toContain(LANDLINE);
    expect(world.server.output()).toContain('"event":"verify_start.not_sent","channel":"sms","errorCode":"60205"');
    expect(world.server.output()).toContain('"event":"verify_start.not_sent","channel":"sms","errorCode":"60200"');
  });

  test('channel=email: 400 naming the channel field, nothing sent', async () => {
    const before = world.fake.verify.sends().length;
    const res = await post('/verify/start', { to: CANARY_PHONE, channel: 'email' });
    expect(res).toEqual({ status: 400, contentType: JSON_TYPE, body: '{"error":"invalid_request","fields":["channel"]}' });
    expect(world.fake.verify.sends()).toHaveLength(before);
  });

  test('unsigned or wrongly signed: 403, nothing sent', async () => {
    const before = world.fake.verify.sends().length;
    expect((await post('/verify/start', { to: CANARY_PHONE, channel: 'sms' }, {})).status).toBe(403);
    expect((await post('/verify/start', { to: CANARY_PHONE, channel: 'sms' }, { authToken: 'f'.repeat(32) })).status).toBe(403);
    expect((await post('/verify/check', { to: CANARY_PHONE, code: CANARY_CODE }, {})).status).toBe(403);
    expect(world.fake.verify.sends()).toHaveLength(before);
  });

  test('the per-number limit holds across requesters (clinic.json: 5 an hour)', async () => {
    const to = '+12125550105';
    for (let i = 0; i < 5; i++)
      expect((await post('/verify/start', { to, channel: 'call', requester: `portal-session-10${i}0` })).status).toBe(202);
    const sixth = await post('/verify/start', { to, channel: 'call', requester: 'portal-session-2000' });
    expect(sixth).toEqual({ status: 429, contentType: JSON_TYPE, body: '{"error":"rate_limited"}' });
    expect(world.fake.verify.sends().filter((s) => s.to === to)).toHaveLength(5);
  });

  test('Sync down: 503 and no code sent (fail closed)', async () => {
    const before = world.fake.verify.sends().length;
    world.fake.faults.failNext(10_000, 503, 20500);
    const res = await post('/verify/start', { to: '+12125550106', channel: 'sms' });
    world.fake.faults.reset();
    expect(res).toEqual({ status: 503, contentType: JSON_TYPE, body: '{"error":"unavailable"}' });
    expect(world.fake.verify.sends()).toHaveLength(before);
  });
});
