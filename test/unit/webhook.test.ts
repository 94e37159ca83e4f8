import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { Twilio } from 'twilio';
import { createLogger } from '../../src/runtime/core/log';
import { ConfigError } from '../../src/runtime/core/config';
import { CasError, StoreError } from '../../src/runtime/state/kv';
import { runWebhook, type WebhookRequest, type WebhookSpec } from '../../src/runtime/core/webhook';
import { twimlReply } from '../../src/runtime/core/http';
import { validateSmsInbound } from '../../src/generated/validators/validateSmsInbound';
import { CANARY_BODY, CANARY_PHONE } from '../helpers/canary';
import { localEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';

const DOMAIN = 'localhost:3000';
const PATH = '/sms/inbound';
const URL = `http://${DOMAIN}${PATH}`;

function params(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: TEST_ACCOUNT_SID,
    MessageSid: `SM${'0'.repeat(32)}`,
    From: CANARY_PHONE,
    To: '+15555550100',
    Body: CANARY_BODY,
    ...extra,
  };
}

function request(p: Record<string, string | string[]>, headers: Record<string, string>, env = localEnv('/tmp/unused')): WebhookRequest {
  return {
    domainName: DOMAIN,
    path: PATH,
    env,
    event: { ...p, request: { headers, cookies: {} } },
    getTwilioClient: () => {
      throw new Error('no client in this test');
    },
    readAsset: () => null,
  } as WebhookRequest & { getTwilioClient: () => Twilio };
}

function sig(p: Record<string, string | string[]>, url = URL): string {
  return getExpectedTwilioSignature(TEST_AUTH_TOKEN, url, p);
}

function harness(handle: WebhookSpec<unknown>['handle'] = async () => twimlReply('<Response/>')) {
  const lines: string[] = [];
  const log = createLogger((level, line) => lines.push(`${level} ${line}`));
  const calls: unknown[] = [];
  const spec: WebhookSpec<unknown> = {
    name: 'test_hook',
    validateInput: validateSmsInbound,
    handle: async (input, ctx) => {
      calls.push(input);
      return handle(input, ctx);
    },
  };
  return { lines, log, calls, spec };
}

describe('runWebhook', () => {
  test('a correctly signed request reaches the handler with its parameters', async () => {
    const h = harness();
    const p = params();
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply.status).toBe(200);
    expect(h.calls).toEqual([p]);
  });

  test('missing signature: 403, generic body, one PHI-free log line, handler never called', async () => {
    const h = harness();
    const reply = await runWebhook(h.spec, request(params(), {}), h.log);
    expect(reply).toEqual({ status: 403, contentType: 'text/plain', body: 'Forbidden' });
    expect(h.calls).toEqual([]);
    expect(h.lines).toEqual(['warn {"event":"test_hook.signature_rejected","status":"403"}']);
  });

  test('WEBHOOK_BASE_URL changes the URL that must have been signed', async () => {
    const h = harness();
    const p = params();
    const env = localEnv('/tmp/unused', { WEBHOOK_BASE_URL: 'https://abc.ngrok.app' });
    expect((await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }, env), h.log)).status).toBe(403);
    const ok = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p, `https://abc.ngrok.app${PATH}`) }, env), h.log);
    expect(ok.status).toBe(200);
  });

  test('JSON content type: 415 even when signed', async () => {
    const h = harness();
    const p = params();
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p), 'content-type': 'application/json' }), h.log);
    expect(reply.status).toBe(415);
    expect(h.calls).toEqual([]);
  });

  test('invalid input: 400 naming nothing, log counts errors only', async () => {
    const h = harness();
    const p = params({ From: `${CANARY_PHONE} ${CANARY_BODY}` });
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply).toEqual({ status: 400, contentType: 'text/plain', body: 'Bad request' });
    expect(h.lines).toEqual(['warn {"event":"test_hook.input_invalid","status":"400","count":"1"}']);
  });

  test('invalid environment: 500 and a config log line, signature never evaluated', async () => {
    const h = harness();
    const env = localEnv('/tmp/unused', { AUTH_TOKEN: 'short' });
    const reply = await runWebhook(h.spec, request(params(), {}, env), h.log);
    expect(reply.status).toBe(500);
    expect(h.lines).toEqual(['error {"event":"test_hook.config_invalid","status":"config_error"}']);
  });

  test('a handler that throws (even with PHI in the error) gives a generic 500', async () => {
    const h = harness(async () => {
      throw new Error(`boom ${CANARY_PHONE}`);
    });
    const p = params();
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply).toEqual({ status: 500, contentType: 'text/plain', body: 'Internal error' });
    expect(h.lines.join('\n')).not.toContain(CANARY_PHONE);
  });

  test('a signed request for another account: 403, handler never called', async () => {
    const h = harness();
    const p = params({ AccountSid: `AC${'9'.repeat(32)}` });
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply.status).toBe(403);
    expect(h.calls).toEqual([]);
    expect(h.lines).toEqual(['warn {"event":"test_hook.account_mismatch","status":"403"}']);
  });
});

describe('runWebhook: repeated parameter keys are refused after the signature check', () => {
  const refused = ['warn {"event":"test_hook.repeated_parameter","status":"400"}'];

  test('a repeated AccountSid (even with ours first): 400, generic body, handler never called', async () => {
    const h = harness();
    const p = { ...params(), AccountSid: [TEST_ACCOUNT_SID, `AC${'9'.repeat(32)}`] };
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply).toEqual({ status: 400, contentType: 'text/plain', body: 'Bad request' });
    expect(h.calls).toEqual([]);
    expect(h.lines).toEqual(refused);
  });

  test('a repeated AccountSid never reaches a handler, even one whose schema would take anything', async () => {
    const h = harness();
    const anything = Object.assign(() => true, { errors: null }) as unknown as WebhookSpec<unknown>['validateInput'];
    const p = { ...params(), AccountSid: [TEST_ACCOUNT_SID, TEST_ACCOUNT_SID] };
    const reply = await runWebhook({ ...h.spec, validateInput: anything }, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply.status).toBe(400);
    expect(h.calls).toEqual([]);
    expect(h.lines).toEqual(refused);
  });

  test('a repeated Body (duplicated value, which signs like a single one): 400, nothing echoed', async () => {
    const h = harness();
    const p = { ...params(), Body: [CANARY_BODY, CANARY_BODY] };
    const single = params();
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(single) }), h.log);
    expect(reply).toEqual({ status: 400, contentType: 'text/plain', body: 'Bad request' });
    expect(h.calls).toEqual([]);
    expect(h.lines).toEqual(refused);
    expect(h.lines.join('\n')).not.toContain(CANARY_BODY);
  });

  test('a repeated key with an unsigned request is still a 403 (signature first)', async () => {
    const h = harness();
    const p = { ...params(), Body: ['a', 'b'] };
    const reply = await runWebhook(h.spec, request(p, {}), h.log);
    expect(reply.status).toBe(403);
    expect(h.lines).toEqual(['warn {"event":"test_hook.signature_rejected","status":"403"}']);
  });

  test('single keys are unchanged: the same request with each key once reaches the handler', async () => {
    const h = harness();
    const p = params({ Body: 'STOP' });
    const reply = await runWebhook(h.spec, request(p, { 'x-twilio-signature': sig(p) }), h.log);
    expect(reply.status).toBe(200);
    expect(h.calls).toEqual([p]);
    expect(h.lines).toEqual([]);
  });

  test('the swallowed-parameter collision (Body absorbs From, same signature) fails the schema: 400', async () => {
    const h = harness();
    const genuine = params();
    const { From, Body, ...rest } = genuine;
    const forged = { ...rest, Body: `${Body}From${From}` };
    expect(sig(forged)).toBe(sig(genuine));
    const reply = await runWebhook(h.spec, request(forged, { 'x-twilio-signature': sig(genuine) }), h.log);
    expect(reply).toEqual({ status: 400, contentType: 'text/plain', body: 'Bad request' });
    expect(h.calls).toEqual([]);
  });
});

describe('runWebhook: handler failures', () => {
  const spec = (err: unknown) => ({ name: 'probe', validateInput: validateSmsInbound, handle: async () => Promise.reject(err) });
  const signedRequest = () => {
    const p = params();
    return request(p, { 'x-twilio-signature': sig(p), 'content-type': 'application/x-www-form-urlencoded' });
  };

  test.each([
    ['a ConfigError (missing private asset)', new ConfigError('private asset /clinic.json is missing'), 500, 'probe.config_invalid'],
    ['a StoreError (Sync down)', new StoreError(true, 20500), 503, 'probe.state_unavailable'],
    ['a CasError (budget spent)', new CasError(3, 54205), 503, 'probe.state_unavailable'],
    ['anything else', new Error('boom'), 500, 'probe.unhandled_error'],
  ])('%s → %i, logged as %s, generic body', async (_name, err, status, event) => {
    const lines: string[] = [];
    const reply = await runWebhook(
      spec(err),
      signedRequest(),
      createLogger((_l, line) => lines.push(line)),
    );
    expect(reply.status).toBe(status);
    expect(reply.body).toMatch(/^(Internal error|Service unavailable)$/);
    expect(lines.join()).toContain(`"event":"${event}"`);
  });
});
