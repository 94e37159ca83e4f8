/**
 * End to end with the production ledger backend: twilio-run serving dist/ with LEDGER_BACKEND=sync,
 * its Twilio REST calls redirected (test-only --require preload, never an env var) to the fake
 * Twilio API, whose responses are validated against twilio_sync_v1.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptOutLedger } from '../../src/ledger/ledger';
import { SyncLedgerStore } from '../../src/ledger/sync-store';
import { fakeTwilioClient, startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE, assertNoCanary } from '../helpers/canary';
import { syncEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';
import { postForm } from '../helpers/signed-post';
import { startTwilioRun, writeEnvFile, type RunningServer } from '../helpers/twilio-run-server';

const MG = `MG${'f'.repeat(32)}`;
let seq = 0;
const params = (body: string): Record<string, string> => ({
  AccountSid: TEST_ACCOUNT_SID,
  MessageSid: `SM${(++seq).toString(16).padStart(32, 'a')}`,
  From: CANARY_PHONE,
  To: '+15555550100',
  MessagingServiceSid: MG,
  Body: body,
});

let dir: string;
let fake: FakeTwilio;
let server: RunningServer;
let url: string;
let ledger: OptOutLedger;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-sync-'));
  fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  const serviceSid = fake.sync.createService('ledger');
  const env = syncEnv(serviceSid, { LEDGER_WRITE_BUDGET_MS: '700' });
  server = await startTwilioRun({ envFile: writeEnvFile(join(dir, '.env.test'), env), preload: writeRedirectPreload(dir, fake.origin) });
  url = `${server.origin}/sms/inbound`;
  const store = new SyncLedgerStore(fakeTwilioClient(fake), { serviceSid, mapPrefix: 'optout-ledger', shards: 4 });
  ledger = new OptOutLedger(store, env.OPTOUT_HMAC_SECRET as string, { budgetMs: 2000 });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  if (server) assertNoCanary(server.output(), 'twilio-run output');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
  fake.faults.reset();
});

describe('POST /sms/inbound with the Sync ledger', () => {
  test('STOP is written to Sync before the confirmation', async () => {
    const res = await postForm(url, params('STOP'), { authToken: TEST_AUTH_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
  });

  test('conflicts and rate limits are retried inside the budget', async () => {
    fake.faults.conflictRate = 0.5;
    fake.faults.failNext(1, 429, 20429);
    const res = await postForm(url, params('START'), { authToken: TEST_AUTH_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toContain('You are resubscribed');
    fake.faults.reset();
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
  });

  test('Sync down past the budget: 500 for the fallback URL, no confirmation, PHI-free alert', async () => {
    fake.faults.failNext(10_000, 503, 20500);
    const res = await postForm(url, params('STOP'), { authToken: TEST_AUTH_TOKEN });
    fake.faults.reset();
    expect(res.status).toBe(500);
    expect(res.body).toBe('Internal error');
    expect(server.output()).toMatch(/"event":"sms_inbound\.ledger_write_failed","messageSid":"SM[0-9a-f]{32}","keywordClass":"optout","attempts":"[0-9]+","errorCode":"20500"/);
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
  });
});
