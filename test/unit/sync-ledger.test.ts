/**
 * The Sync-backed ledger against the fake Twilio API (responses validated against Twilio's
 * twilio_sync_v1.json): map creation, revisions, conflicts, faults, and 500 concurrent events.
 */
import { OptOutLedger } from '../../src/ledger/ledger';
import { ledgerKey } from '../../src/ledger/key';
import { SyncLedgerStore } from '../../src/ledger/sync-store';
import type { Change } from '../../src/ledger/record';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE } from '../helpers/canary';

const SECRET = 'k'.repeat(48);
const MG = `MG${'d'.repeat(32)}`;

let fake: FakeTwilio;
let serviceSid: string;

function ledger(budgetMs = 8000): OptOutLedger {
  const store = new SyncLedgerStore(fakeTwilioClient(fake), { serviceSid, mapPrefix: 'optout-ledger', shards: 4 });
  return new OptOutLedger(store, SECRET, { budgetMs });
}

const event = (at: number, state: Change['state'], sender: string | null = MG): Change => ({
  scope: sender === null ? { kind: 'all' } : { kind: 'sender', sender },
  state,
  at,
  messageSid: `SM${at.toString(16).padStart(32, '0')}`,
  via: 'keyword',
});

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 7 });
  serviceSid = fake.sync.createService('ledger');
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe('Sync ledger store', () => {
  test('first write creates the shard map, stores under the HMAC key, never the number', async () => {
    const l = ledger();
    expect(await l.apply(CANARY_PHONE, event(1000, 'opted_out'))).toEqual({ changed: true, attempts: 1 });
    const key = ledgerKey(SECRET, CANARY_PHONE);
    const store = l.store as SyncLedgerStore;
    const item = fake.sync.getItem(serviceSid, store.mapName(key), key);
    expect(item?.data).toMatchObject({ v: 1, senders: { [MG]: { state: 'opted_out', via: 'keyword' } } });
    const everything = JSON.stringify(fake.sync.listItems(serviceSid, store.mapName(key)));
    expect(everything).not.toContain(CANARY_PHONE.slice(2));
    expect(await l.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
  });

  test('a missing item reads as never opted out', async () => {
    expect(await ledger().status(CANARY_PHONE, MG)).toEqual({ optedOut: false, scope: 'none', changedAt: null });
  });

  test('survives injected 429s and revision conflicts', async () => {
    const l = ledger();
    await l.apply(CANARY_PHONE, event(1000, 'opted_out'));
    fake.faults.failNext(2, 429, 20429);
    fake.faults.conflictRate = 0.5;
    const result = await l.apply(CANARY_PHONE, event(2000, 'opted_in'));
    expect(result.changed).toBe(true);
    expect(result.attempts).toBeGreaterThan(1);
    fake.faults.conflictRate = 0;
    expect(await l.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
  });

  test('an authentication failure is permanent: no retry loop', async () => {
    const store = new SyncLedgerStore(fakeTwilioClient({ ...fake, authToken: 'wrong-token-wrong-token-wrong-tok' } as FakeTwilio), {
      serviceSid,
      mapPrefix: 'optout-ledger',
      shards: 4,
    });
    const l = new OptOutLedger(store, SECRET, { budgetMs: 5000 });
    await expect(l.apply(CANARY_PHONE, event(1, 'opted_out'))).rejects.toMatchObject({ name: 'LedgerWriteError', code: 20003, attempts: 1 });
  });

  test('unavailable Sync past the budget: the write fails and nothing is stored', async () => {
    const l = ledger(600);
    fake.faults.failNext(1000, 503, 20500);
    await expect(l.apply(CANARY_PHONE, event(1, 'opted_out'))).rejects.toMatchObject({ name: 'LedgerWriteError', code: 20500 });
    fake.faults.reset();
    expect(await l.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false, scope: 'none' });
  });
});

describe('concurrency: 500 mixed STOP/START events across 50 numbers with injected conflicts', () => {
  test('no write lost; each number ends in the state of its last event', async () => {
    const numbers = Array.from({ length: 50 }, (_, i) => `+1202555${(1000 + i).toString()}`);
    // Deterministic pseudo-random events with distinct receive times, dispatched all at once.
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const events = Array.from({ length: 500 }, (_, i) => ({
      number: numbers[Math.floor(rand() * numbers.length)] as string,
      change: event(1_000_000 + i, rand() < 0.5 ? 'opted_out' : 'opted_in'),
    }));
    const shuffled = [...events].sort(() => rand() - 0.5);
    fake.faults.conflictRate = 0.2;
    fake.faults.latencyMs = [0, 5];
    const l = ledger(60_000);
    const results = await Promise.all(shuffled.map((e) => l.apply(e.number, e.change)));
    fake.faults.reset();

    expect(results).toHaveLength(500);
    expect(fake.stats.conflicts409).toBeGreaterThan(0);
    const lastEvent = new Map<string, Change>();
    for (const e of events) lastEvent.set(e.number, e.change);
    for (const [number, change] of lastEvent) {
      const record = await l.read(number);
      expect({ number, state: record?.senders[MG]?.state, at: record?.senders[MG]?.at }).toEqual({ number, state: change.state, at: change.at });
    }
    expect(lastEvent.size).toBeGreaterThan(40);
  });
});
