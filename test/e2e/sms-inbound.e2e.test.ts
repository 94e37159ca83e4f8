/**
 * End to end through a real twilio-run server on loopback serving the built dist/: signed and
 * unsigned requests, TwiML answers and the file-backed ledger's state (local profile).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../../src/runtime/ledger/factory';
import { IDENTITY_KEY } from '../../src/runtime/ledger/identity';
import type { OptOutLedger } from '../../src/runtime/ledger/ledger';
import { CANARY_BODY, CANARY_PHONE, assertNoCanary } from '../helpers/canary';
import { localEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';
import { postForm } from '../helpers/signed-post';
import { startTwilioRun, writeEnvFile, type RunningServer } from '../helpers/twilio-run-server';

const MG = `MG${'c'.repeat(32)}`;
const CLINIC_NUMBER = '+15555550100';
let seq = 0;
const sid = (): string => `SM${(++seq).toString(16).padStart(32, '0')}`;

let dir: string;
let server: RunningServer;
let url: string;
let ledger: OptOutLedger;

function params(body: string, from = CANARY_PHONE): Record<string, string> {
  return { AccountSid: TEST_ACCOUNT_SID, MessageSid: sid(), From: from, To: CLINIC_NUMBER, MessagingServiceSid: MG, Body: body };
}
const signed = (p: Record<string, string>) => postForm(url, p, { authToken: TEST_AUTH_TOKEN });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-inbound-'));
  const env = localEnv(join(dir, 'ledger'));
  server = await startTwilioRun({ envFile: writeEnvFile(join(dir, '.env.test'), env) });
  url = `${server.origin}/sms/inbound`;
  ledger = openLedger(
    { backend: 'file', dir: join(dir, 'ledger') },
    env.OPTOUT_HMAC_SECRET as string,
    () => {
      throw new Error('the local profile needs no Twilio client');
    },
    { budgetMs: 2000 },
  );
}, 90_000);

afterAll(async () => {
  await server?.stop();
  if (server) assertNoCanary(server.output(), 'twilio-run output');
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /sms/inbound through twilio-run', () => {
  test('unsigned request: 403, generic body, nothing echoed, ledger untouched', async () => {
    const res = await postForm(url, params('STOP'));
    expect(res.status).toBe(403);
    expect(res.body).toBe('Forbidden');
    // Only the ledger's identity (written as `npm start` would): no record.
    expect(readdirSync(join(dir, 'ledger'))).toEqual([`${IDENTITY_KEY}.json`]);
  });

  test('wrong signature and signature for another URL: 403', async () => {
    expect((await postForm(url, params('STOP'), { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
    const other = await postForm(url, params('STOP'), { authToken: TEST_AUTH_TOKEN, signedUrl: `${server.origin}/sms/other` });
    expect(other.status).toBe(403);
    expect(other.body).not.toContain(CANARY_PHONE);
  });

  test('signed JSON body: 415', async () => {
    const p = params('STOP');
    const res = await postForm(url, p, { authToken: TEST_AUTH_TOKEN, contentType: 'application/json', rawBody: JSON.stringify(p) });
    expect(res.status).toBe(415);
  });

  test('signed but malformed input: 400 with a generic body', async () => {
    const res = await signed({ ...params('hi'), From: `not-a-number ${CANARY_BODY}` });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Bad request');
  });

  test('STOP: stored first, then exactly one confirmation; a repeat gets none', async () => {
    const first = await signed(params('Stop.'));
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/xml');
    expect(first.body).toContain('<Message>Example Clinic: You are unsubscribed');
    expect(first.body).toContain('Reply START to resubscribe.');
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    // Recorded under every scope the message covers: the receiving number is opted out too.
    expect(await ledger.status(CANARY_PHONE, CLINIC_NUMBER)).toMatchObject({ optedOut: true, scope: 'sender' });

    const again = await signed(params('STOP!!!'));
    expect(again.status).toBe(200);
    expect(again.body).not.toContain('<Message>');
  });

  test('START reopens the sender with one confirmation', async () => {
    const res = await signed(params('start'));
    expect(res.body).toContain('You are resubscribed');
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
    expect(await ledger.status(CANARY_PHONE, CLINIC_NUMBER)).toMatchObject({ optedOut: false });
  });

  test('a replay (same MessageSid, as through the fallback URL) is not applied or confirmed again', async () => {
    const from = '+12025550199';
    const stop = params('STOP', from);
    expect((await signed(stop)).body).toContain('You are unsubscribed');
    const start = params('START', from);
    expect((await signed(start)).body).toContain('You are resubscribed');
    // The STOP delivered again after the START: nothing changes, nothing is texted.
    const replay = await signed(stop);
    expect(replay.status).toBe(200);
    expect(replay.body).not.toContain('<Message>');
    expect(await ledger.status(from, MG)).toMatchObject({ optedOut: false });
  });

  test('HELP answers with clinic name and contact number only', async () => {
    const res = await signed(params('HELP'));
    expect(res.body).toContain('Example Clinic: For help call +15555550100.');
    expect(res.body).not.toContain(CANARY_PHONE);
  });

  test('a non-keyword message gets an empty <Response/> and changes nothing', async () => {
    const res = await signed(params(CANARY_BODY));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<Response\/>$/);
    expect(res.body).not.toContain('CANARY');
  });

  test('empty body (MMS without text) is routed, not rejected', async () => {
    const p = params('');
    const res = await signed(p);
    expect(res.status).toBe(200);
  });

  test('a ledger whose identity is missing: STOP is a 500 (Twilio retries), never confirmed', async () => {
    const file = join(dir, 'ledger', `${IDENTITY_KEY}.json`);
    const identity = readFileSync(file);
    rmSync(file);
    try {
      const p = params('STOP', '+12025550177');
      const res = await signed(p);
      expect(res.status).toBe(500);
      expect(res.body).not.toContain('unsubscribed');
      expect(server.output()).toContain(`"event":"sms_inbound.ledger_write_failed","messageSid":"${p.MessageSid}"`);
    } finally {
      writeFileSync(file, identity);
    }
    expect((await signed(params('STOP', '+12025550177'))).body).toContain('You are unsubscribed');
  });
});
