/**
 * End to end with the production ledger backend: twilio-run serving dist/ with LEDGER_BACKEND=sync,
 * its Twilio REST calls redirected (test-only --require preload, never an env var) to the fake
 * Twilio API, whose responses are validated against twilio_sync_v1.json.
 */
import { expectedIdentity, identityStore } from '../../src/runtime/ledger/factory';
import { IDENTITY_KEY, initIdentity } from '../../src/runtime/ledger/identity';
import { fakeTwilioClient } from '../fake-twilio';
import { CANARY_PHONE } from '../helpers/canary';
import { TEST_ACCOUNT_SID } from '../helpers/env';
import { checkAfterEach, startSyncWorld, type SyncWorld } from '../helpers/sync-world';

const MG = `MG${'f'.repeat(32)}`;
const CLINIC_NUMBER = '+15555550100';
let seq = 0;
const params = (body: string, from: string = CANARY_PHONE): Record<string, string> => ({
  AccountSid: TEST_ACCOUNT_SID,
  MessageSid: `SM${(++seq).toString(16).padStart(32, 'a')}`,
  From: from,
  To: CLINIC_NUMBER,
  MessagingServiceSid: MG,
  Body: body,
});

let world: SyncWorld;
const inbound = (body: string) => world.post('/sms/inbound', params(body));

beforeAll(async () => {
  world = await startSyncWorld({ prefix: 'e2e-sync-', env: { LEDGER_WRITE_BUDGET_MS: '700' } });
}, 90_000);
afterAll(() => world?.stop());
afterEach(() => checkAfterEach(world));

describe('POST /sms/inbound with the Sync ledger', () => {
  test('STOP is written to Sync before the confirmation', async () => {
    const res = await inbound('STOP');
    expect(res.status).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    expect(await world.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await world.ledger.status(CANARY_PHONE, CLINIC_NUMBER)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await world.ledger.read(CANARY_PHONE)).toMatchObject({ v: 2, seq: 1 });
  });

  test('conflicts and rate limits are retried inside the budget', async () => {
    world.fake.faults.conflictRate = 0.5;
    world.fake.faults.failNext(1, 429, 20429);
    const res = await inbound('START');
    expect(res.status).toBe(200);
    expect(res.body).toContain('You are resubscribed');
    world.fake.faults.reset();
    expect(await world.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
    expect(await world.ledger.status(CANARY_PHONE, CLINIC_NUMBER)).toMatchObject({ optedOut: false });
  });

  test('a replayed STOP after START (same MessageSid, the fallback URL) changes nothing and texts nothing', async () => {
    const from = '+12025550188';
    const stop = params('STOP', from);
    expect((await world.post('/sms/inbound', stop)).body).toContain('You are unsubscribed');
    expect((await world.post('/sms/inbound', params('START', from))).body).toContain('You are resubscribed');
    const replay = await world.post('/sms/inbound', stop);
    expect(replay.status).toBe(200);
    expect(replay.body).not.toContain('<Message>');
    expect(await world.ledger.status(from, MG)).toMatchObject({ optedOut: false });
    expect(world.server.output()).toContain('"event":"sms_inbound.replay"');
  });

  test('Sync down past the budget: 500 for the fallback URL, no confirmation, PHI-free alert', async () => {
    world.fake.faults.failNext(10_000, 503, 20500);
    const res = await inbound('STOP');
    world.fake.faults.reset();
    expect(res.status).toBe(500);
    expect(res.body).toBe('Internal error');
    expect(world.server.output()).toMatch(
      /"event":"sms_inbound\.ledger_write_failed","messageSid":"SM[0-9a-f]{32}","keywordClass":"optout","attempts":"[0-9]+","errorCode":"20500"/,
    );
    expect(await world.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
  });

  test('a ledger whose identity is gone (e.g. a new Sync Service, never set up): 500, never confirmed', async () => {
    const client = fakeTwilioClient(world.fake);
    const { store } = identityStore(world.ledgerSettings, () => client);
    await store.remove(IDENTITY_KEY);
    try {
      const p = params('STOP', '+12025550177');
      const res = await world.post('/sms/inbound', p);
      expect(res.status).toBe(500);
      expect(res.body).not.toContain('unsubscribed');
      expect(world.server.output()).toContain(`"event":"sms_inbound.ledger_write_failed","messageSid":"${p.MessageSid}"`);
    } finally {
      await initIdentity(store, expectedIdentity(world.ledgerSettings, world.env.OPTOUT_HMAC_SECRET as string), Date.now());
    }
  });
});
