/**
 * The Sync-backed ledger against the fake Twilio API (responses validated against Twilio's
 * twilio_sync_v1.json): the identity check, map creation, revisions, conflicts, faults, and 500
 * concurrent events.
 */
import type { Twilio } from 'twilio';
import { openLedger, type LedgerSettings } from '../../src/runtime/ledger/factory';
import { clearIdentityCache } from '../../src/runtime/ledger/identity';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { isOptedOut, LedgerWriteError, sendGate, type OptOutLedger } from '../../src/runtime/ledger/ledger';
import { ledgerKey } from '../../src/runtime/ledger/key';
import { SHARD_MAP_CHECK_MS, SyncLedgerStore } from '../../src/runtime/ledger/sync-store';
import type { Change } from '../../src/runtime/ledger/record';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE } from '../helpers/canary';
import { recordingTwilioClient } from '../helpers/recording-client';

const SECRET = 'k'.repeat(48);
const MG = `MG${'d'.repeat(32)}`;

let fake: FakeTwilio;
let serviceSid: string;

const settingsFor = (sid: string): LedgerSettings => ({ backend: 'sync', serviceSid: sid, mapPrefix: 'optout-ledger', shards: 4 });

/** Writes the ledger identity as `optout init` would. */
async function initLedger(sid: string = serviceSid, secret: string = SECRET): Promise<void> {
  const settings = settingsFor(sid);
  const client = fakeTwilioClient(fake);
  const outcome = await setUpLedger(settings, secret, () => client, Date.now());
  expect(outcome.kind).toBe('created');
}

function ledger(budgetMs = 8000, sid: string = serviceSid, client: Twilio = fakeTwilioClient(fake)): OptOutLedger {
  return openLedger(settingsFor(sid), SECRET, () => client, { budgetMs });
}

const event = (at: number, state: Change['state'], sender: string | null = MG): Change => ({
  scope: sender === null ? { kind: 'all' } : { kind: 'senders', senders: [sender] },
  state,
  at,
  messageSid: `SM${at.toString(16).padStart(32, '0')}`,
  via: 'keyword',
});

beforeEach(async () => {
  // Each test has its own fake (the same seeded SIDs): no verification may carry over.
  clearIdentityCache();
  fake = await startFakeTwilio({ seed: 7 });
  serviceSid = fake.sync.createService('ledger');
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe('Sync ledger store', () => {
  beforeEach(() => initLedger());

  test('a write stores under the HMAC key in its shard map, never the number', async () => {
    const l = ledger();
    expect(await l.apply(CANARY_PHONE, event(1000, 'opted_out'))).toMatchObject({ changed: true, replay: false, attempts: 1 });
    const key = ledgerKey(SECRET, CANARY_PHONE);
    const store = l.store as SyncLedgerStore;
    const item = fake.sync.getItem(serviceSid, store.mapName(key), key);
    expect(item?.data).toMatchObject({
      v: 2,
      seq: 1,
      senders: { [MG]: { state: 'opted_out', seq: 1, via: 'keyword' } },
      seen: { [event(1000, 'opted_out').messageSid as string]: 1 },
    });
    const everything = JSON.stringify(fake.sync.listItems(serviceSid, store.mapName(key)));
    expect(everything).not.toContain(CANARY_PHONE.slice(2));
    expect(await l.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
  });

  test('init creates every shard map before the identity; a missing item in an existing map reads as never opted out', async () => {
    for (let shard = 0; shard < 4; shard += 1) expect(fake.sync.listItems(serviceSid, `optout-ledger-${shard}`)).toEqual([]);
    expect(await ledger().status(CANARY_PHONE, MG)).toEqual({ optedOut: false, scope: 'none', changedAt: null });
    expect(await sendGate(ledger(), CANARY_PHONE, MG)).toBe('sendable');
  });

  test('a shard map deleted by hand: unreadable (no send), no STOP written into a re-created map, until init repairs it', async () => {
    const key = ledgerKey(SECRET, CANARY_PHONE);
    const map = (ledger().store as SyncLedgerStore).mapName(key);
    await ledger().apply(CANARY_PHONE, event(1000, 'opted_out'));
    expect(await sendGate(ledger(), CANARY_PHONE, MG)).toBe('opted_out');
    await fakeTwilioClient(fake).sync.v1.services(serviceSid).syncMaps(map).remove();
    clearIdentityCache(); // a new container (a warm one notices within SHARD_MAP_CHECK_MS)
    expect(await sendGate(ledger(), CANARY_PHONE, MG)).toBe('unreadable');
    expect(await isOptedOut(ledger(), CANARY_PHONE, MG)).toBe(true);
    await expect(ledger(600).apply(CANARY_PHONE, event(2000, 'opted_out'))).rejects.toBeInstanceOf(LedgerWriteError);
    expect(fake.sync.getItem(serviceSid, map, key)).toBeUndefined();
    // init again re-creates exactly the missing map and says so; the shard reads (empty) again.
    const client = fakeTwilioClient(fake);
    const repaired = await setUpLedger(settingsFor(serviceSid), SECRET, () => client, Date.now());
    expect(repaired).toMatchObject({ kind: 'exists', createdMaps: [map] });
    expect(await sendGate(ledger(), CANARY_PHONE, MG)).toBe('sendable');
  });

  test('a warm container checks a shard map once per SHARD_MAP_CHECK_MS, then again', async () => {
    let now = 1_000_000;
    const { client, http } = recordingTwilioClient(fake);
    const open = () => openLedger(settingsFor(serviceSid), SECRET, () => client, { budgetMs: 8000, now: () => now });
    const mapFetches = () => http.count('GET', /\/Maps\/optout-ledger-\d+$/);
    // The store's clock is the ledger's: a read that finds no item checks its map the first time only.
    await open().status(CANARY_PHONE, MG);
    await open().status(CANARY_PHONE, MG);
    expect(mapFetches()).toBe(1);
    now += SHARD_MAP_CHECK_MS + 1;
    await open().status(CANARY_PHONE, MG);
    expect(mapFetches()).toBe(2);
  });

  test('a replayed MessageSid (a fallback retry) writes nothing', async () => {
    const l = ledger();
    await l.apply(CANARY_PHONE, event(1000, 'opted_out'));
    await l.apply(CANARY_PHONE, event(2000, 'opted_in'));
    const replay = await l.apply(CANARY_PHONE, event(1000, 'opted_out'));
    expect(replay).toMatchObject({ changed: false, replay: true });
    expect(await l.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
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
    const l = ledger(5000, serviceSid, fakeTwilioClient({ ...fake, authToken: 'wrong-token-wrong-token-wrong-tok' } as FakeTwilio));
    await expect(l.apply(CANARY_PHONE, event(1, 'opted_out'))).rejects.toMatchObject({
      name: 'LedgerWriteError',
      code: 20003,
      attempts: 1,
    });
  });

  test('unavailable Sync past the budget: the write fails and nothing is stored', async () => {
    const l = ledger(600);
    await l.status(CANARY_PHONE, MG); // identity verified (and cached): the store itself is what fails
    fake.faults.failNext(1000, 503, 20500);
    await expect(l.apply(CANARY_PHONE, event(1, 'opted_out'))).rejects.toMatchObject({ name: 'LedgerWriteError', code: 20500 });
    fake.faults.reset();
    expect(await l.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false, scope: 'none' });
  });
});

describe('fails closed without a verified identity (a 20404 is never "not opted out")', () => {
  test('no identity in the service: reads throw, writes are LedgerWriteErrors, the gate says unreadable', async () => {
    const l = ledger();
    await expect(l.status(CANARY_PHONE, MG)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem: 'missing' });
    await expect(l.apply(CANARY_PHONE, event(1000, 'opted_out'))).rejects.toBeInstanceOf(LedgerWriteError);
    expect(await sendGate(l, CANARY_PHONE, MG)).toBe('unreadable');
    expect(await isOptedOut(l, CANARY_PHONE, MG)).toBe(true);
    // Nothing was written: not even the shard map.
    const key = ledgerKey(SECRET, CANARY_PHONE);
    expect(fake.sync.getItem(serviceSid, (l.store as SyncLedgerStore).mapName(key), key)).toBeUndefined();
  });

  test('a Sync Service that does not exist (20404): unreadable, never "not opted out"', async () => {
    const missing = `IS${'f'.repeat(32)}`;
    const l = ledger(2000, missing);
    await expect(l.read(CANARY_PHONE)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem: 'missing' });
    expect(await sendGate(l, CANARY_PHONE, MG)).toBe('unreadable');
    expect(await isOptedOut(l, CANARY_PHONE, MG)).toBe(true);
    await expect(l.apply(CANARY_PHONE, event(1000, 'opted_out'))).rejects.toBeInstanceOf(LedgerWriteError);
  });

  test('an identity written with another secret is refused', async () => {
    await initLedger(serviceSid, 'o'.repeat(48));
    const l = ledger();
    await expect(l.status(CANARY_PHONE, MG)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem: 'secret' });
    expect(await isOptedOut(l, CANARY_PHONE, MG)).toBe(true);
  });

  test('an identity for another layout (shard count) is refused', async () => {
    const other: LedgerSettings = { backend: 'sync', serviceSid, mapPrefix: 'optout-ledger', shards: 8 };
    const client = fakeTwilioClient(fake);
    await setUpLedger(other, SECRET, () => client, Date.now());
    await expect(ledger().status(CANARY_PHONE, MG)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem: 'layout' });
  });

  test('once the identity is written, the same ledger reads', async () => {
    const l = ledger();
    expect(await sendGate(l, CANARY_PHONE, MG)).toBe('unreadable');
    await initLedger();
    expect(await sendGate(l, CANARY_PHONE, MG)).toBe('sendable');
  });
});

describe('concurrency: 500 mixed STOP/START events across 50 numbers with injected conflicts', () => {
  beforeEach(() => initLedger());

  test('no write lost; each number ends in the state of the last event to be stored', async () => {
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
    expect(results.filter((r) => r.replay)).toEqual([]);
    // Order is arrival order (the compare-and-swap decides it): each stored event got the number's next
    // sequence number, so the last one stored (the highest seq) decides the state, whatever its clock.
    const byNumber = new Map<string, { change: Change; seq: number }[]>();
    shuffled.forEach((e, i) => {
      const seq = results[i]?.record?.seq ?? -1;
      byNumber.set(e.number, [...(byNumber.get(e.number) ?? []), { change: e.change, seq }]);
    });
    for (const [number, applied] of byNumber) {
      const record = await l.read(number);
      const seqs = applied.map((a) => a.seq).sort((a, b) => a - b);
      // No write lost: every event has its own sequence number 1..n, and every MessageSid is remembered.
      expect({ number, seqs }).toEqual({ number, seqs: applied.map((_, i) => i + 1) });
      expect(record?.seq).toBe(applied.length);
      expect(Object.keys(record?.seen ?? {}).sort()).toEqual(applied.map((a) => a.change.messageSid).sort());
      const last = applied.find((a) => a.seq === applied.length);
      expect({ number, state: record?.senders[MG]?.state, seq: record?.senders[MG]?.seq }).toEqual({
        number,
        state: last?.change.state,
        seq: applied.length,
      });
    }
    expect(byNumber.size).toBeGreaterThan(40);
  });
});
