/**
 * Consent integrity (issue 10): the opt-out ledger is read only after its stored identity (layout,
 * key scheme, secret fingerprint, ledger id, state) matches the configuration. A ledger whose
 * identity is missing, malformed, retired, migrating or different is *unreadable*: reads throw,
 * the send gate answers 'unreadable', `isOptedOut` says true, writes throw LedgerWriteError.
 *
 * Reproduces the defects this fixes: the same Sync data opened with another shard count, map
 * prefix, HMAC secret, Sync Service or LEDGER_ID used to read "never opted out" for some or all
 * opted-out numbers (their records live in other maps or under other keys); now none is sendable.
 * Runs on the file store and on Sync through the fake Twilio API (responses validated against
 * Twilio's OpenAPI spec). Canary numbers are planted and never appear in logs or errors.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import { createLedgerStore, expectedIdentity, identityStore, openLedger, type LedgerSettings } from '../../src/runtime/ledger/factory';
import {
  clearIdentityCache,
  IDENTITY_CACHE_MS,
  IDENTITY_KEY,
  identityProblem,
  initIdentity,
  KEY_SCHEME,
  LedgerIdentityError,
  newIdentity,
  secretFingerprint,
  type LedgerIdentity,
} from '../../src/runtime/ledger/identity';
import { ledgerKey, shardOf } from '../../src/runtime/ledger/key';
import { isOptedOut, LedgerWriteError, OptOutLedger, sendGate, type Gate, type GateLogger } from '../../src/runtime/ledger/ledger';
import type { Change, LedgerRecord } from '../../src/runtime/ledger/record';
import { SyncKv } from '../../src/runtime/state/sync-kv';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { SyncLedgerStore } from '../../src/runtime/ledger/sync-store';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { recordingTwilioClient } from '../helpers/recording-client';

/** Distinctive, so a stored copy of it (or of a long part of it) would be found. */
const SECRET = `hmac-secret-${'a1b2c3d4'.repeat(5)}`;
const OTHER_SECRET = `hmac-secret-${'e5f6a7b8'.repeat(5)}`;
const MG = `MG${'d'.repeat(32)}`;
const OTHER_LEDGER_ID = `LD${'0'.repeat(32)}`;
const META_ITEM = /\/Maps\/optout-ledger-meta\/Items\/identity$/;

/** 20 patient numbers, the canary among them. */
const NUMBERS = Array.from({ length: 20 }, (_, i) => `+1202555${String(130 + i).padStart(4, '0')}`);

type SyncSettings = Extract<LedgerSettings, { backend: 'sync' }>;

const sid = (i: number): string => `SM${i.toString(16).padStart(32, '0')}`;
const optOut = (i: number): Change => ({
  scope: { kind: 'senders', senders: [MG] },
  state: 'opted_out',
  at: 1_700_000_000_000 + i,
  messageSid: sid(i + 1),
  via: 'keyword',
});

function gateLog(): { log: GateLogger; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: { warn: (event, fields) => lines.push(JSON.stringify({ event, ...fields })) } };
}

async function gates(ledger: OptOutLedger, numbers: readonly string[], log?: GateLogger): Promise<Gate[]> {
  const out: Gate[] = [];
  for (const n of numbers) out.push(await sendGate(ledger, n, MG, log));
  return out;
}

const count = (gs: readonly Gate[], g: Gate): number => gs.filter((x) => x === g).length;

/** Every way the ledger can be unreadable, on one ledger and number: read, gate, yes/no, write. */
async function expectUnreadable(ledger: OptOutLedger, number: string, problem: string): Promise<void> {
  await expect(ledger.read(number)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem });
  await expect(ledger.status(number, MG)).rejects.toBeInstanceOf(LedgerIdentityError);
  const { log, lines } = gateLog();
  expect(await sendGate(ledger, number, MG, log)).toBe('unreadable');
  expect(await isOptedOut(ledger, number, MG)).toBe(true);
  expect(await isOptedOut(ledger, number, null)).toBe(true);
  const write = ledger.apply(number, optOut(99));
  await expect(write).rejects.toBeInstanceOf(LedgerWriteError);
  const err = (await write.then(
    () => null,
    (e: unknown) => e,
  )) as Error;
  expect(findCanary(`${err.message} ${err.stack ?? ''}`)).toBeUndefined();
  expect(lines.join('\n')).toContain(`"status":"${problem}"`);
  expect(findCanary(lines.join('\n'))).toBeUndefined();
}

beforeEach(() => clearIdentityCache());

describe('identityProblem (the comparison itself)', () => {
  const expected = { layout: { backend: 'sync' as const, mapPrefix: 'optout-ledger', shards: 4 }, secret: SECRET };
  const good: LedgerIdentity = newIdentity(expected, 0);

  test('a matching identity has no problem; every mismatch is named', () => {
    expect(identityProblem(good, expected)).toBeNull();
    expect(identityProblem(null, expected)).toBe('missing');
    expect(identityProblem(undefined, expected)).toBe('missing');
    expect(identityProblem({}, expected)).toBe('malformed');
    expect(identityProblem({ ...good, keyScheme: 'sha1-e164' }, expected)).toBe('malformed');
    expect(identityProblem({ ...good, v: 2 }, expected)).toBe('malformed');
    expect(identityProblem({ ...good, state: 'retired' }, expected)).toBe('not_active');
    expect(identityProblem({ ...good, state: 'migrating' }, expected)).toBe('not_active');
    expect(identityProblem(good, { ...expected, layout: { ...expected.layout, shards: 8 } })).toBe('layout');
    expect(identityProblem(good, { ...expected, layout: { ...expected.layout, mapPrefix: 'other' } })).toBe('layout');
    expect(identityProblem(good, { ...expected, layout: { backend: 'file' } })).toBe('layout');
    expect(identityProblem(good, { ...expected, secret: OTHER_SECRET })).toBe('secret');
    expect(identityProblem(good, { ...expected, ledgerId: OTHER_LEDGER_ID })).toBe('ledger_id');
    expect(identityProblem(good, { ...expected, ledgerId: good.ledgerId })).toBeNull();
  });

  test('the fingerprint is keyed by the secret and never is the secret', () => {
    const fp = secretFingerprint(SECRET);
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    expect(fp).not.toBe(secretFingerprint(OTHER_SECRET));
    expect(SECRET).not.toContain(fp);
    expect(good).toMatchObject({ v: 1, keyScheme: KEY_SCHEME, state: 'active', secretFingerprint: fp });
    expect(JSON.stringify(good)).not.toContain(SECRET);
  });
});

describe('file store (local profile)', () => {
  let dir: string;
  const settings = (): LedgerSettings => ({ backend: 'file', dir });
  const noClient = (): Twilio => {
    throw new Error('the file ledger needs no Twilio client');
  };
  const open = (secret = SECRET, s: LedgerSettings = settings()): OptOutLedger => openLedger(s, secret, noClient, { budgetMs: 500 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-identity-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('missing identity: unreadable even though opted-out records are there, and nothing is written', async () => {
    // Records written by an unguarded ledger (how the old code wrote them), no identity.
    const raw = new OptOutLedger(createLedgerStore(settings(), noClient), SECRET, { budgetMs: 500 }, UNCHECKED_IDENTITY);
    await raw.apply(CANARY_PHONE, optOut(0));
    const before = readdirSync(dir).sort();
    const ledger = open();
    await expectUnreadable(ledger, CANARY_PHONE, 'missing');
    await expectUnreadable(ledger, NUMBERS[0] as string, 'missing');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  test('after init the same ledger reads; another secret or LEDGER_ID is refused', async () => {
    const outcome = await initIdentity(identityStore(settings(), noClient).store, expectedIdentity(settings(), SECRET), Date.now());
    expect(outcome.kind).toBe('created');
    const ledger = open();
    await ledger.apply(CANARY_PHONE, optOut(0));
    expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('opted_out');
    expect(await sendGate(ledger, NUMBERS[0] as string, MG)).toBe('sendable');
    expect(await isOptedOut(ledger, NUMBERS[0] as string, MG)).toBe(false);
    await expectUnreadable(open(OTHER_SECRET), CANARY_PHONE, 'secret');
    await expectUnreadable(open(SECRET, { ...settings(), ledgerId: OTHER_LEDGER_ID }), CANARY_PHONE, 'ledger_id');
    // The identity file holds a fingerprint, never the secret, and no number.
    const stored = readFileSync(join(dir, `${IDENTITY_KEY}.json`), 'utf8');
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(SECRET.slice(12, 36));
    expect(stored).toContain(secretFingerprint(SECRET));
    expect(findCanary(stored)).toBeUndefined();
  });

  test('a retired, migrating or malformed identity file is unreadable', async () => {
    const { store } = identityStore(settings(), noClient);
    await initIdentity(store, expectedIdentity(settings(), SECRET), Date.now());
    const ledger = open();
    await ledger.apply(CANARY_PHONE, optOut(0));
    for (const state of ['migrating', 'retired'] as const) {
      const found = await store.read(IDENTITY_KEY);
      expect(await store.write(IDENTITY_KEY, { ...(found?.value as LedgerIdentity), state }, found?.revision ?? null)).toBe('ok');
      clearIdentityCache();
      await expectUnreadable(open(), CANARY_PHONE, 'not_active');
    }
    const found = await store.read(IDENTITY_KEY);
    await store.write(IDENTITY_KEY, { v: 1, ledgerId: 'x' } as unknown as LedgerIdentity, found?.revision ?? null);
    clearIdentityCache();
    await expectUnreadable(open(), CANARY_PHONE, 'malformed');
  });

  test('two concurrent inits agree on one identity', async () => {
    const expected = expectedIdentity(settings(), SECRET);
    const outcomes = await Promise.all([0, 1, 2].map(() => initIdentity(identityStore(settings(), noClient).store, expected, Date.now())));
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    const ids = new Set(outcomes.map((o) => (o.kind === 'conflict' ? null : o.identity.ledgerId)));
    expect(ids.size).toBe(1);
    const stored = (await identityStore(settings(), noClient).store.read(IDENTITY_KEY))?.value;
    expect(ids.has(stored?.ledgerId ?? '')).toBe(true);
  });
});

describe('Sync ledger through the fake Twilio API', () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let serviceSid: string;

  const base = (over: Partial<SyncSettings> = {}): SyncSettings => ({
    backend: 'sync',
    serviceSid,
    mapPrefix: 'optout-ledger',
    shards: 4,
    ...over,
  });
  const open = (s: LedgerSettings, secret = SECRET, c: Twilio = client, now?: () => number): OptOutLedger =>
    openLedger(s, secret, () => c, { budgetMs: 2000, ...(now ? { now } : {}) });
  /** As `optout init`: shard maps, then the identity. */
  const init = (s: LedgerSettings, secret = SECRET, c: Twilio = client) => setUpLedger(s, secret, () => c, Date.now());
  const storedIdentity = (prefix = 'optout-ledger') => fake.sync.getItem(serviceSid, `${prefix}-meta`, IDENTITY_KEY);

  beforeEach(async () => {
    fake = await startFakeTwilio({ seed: 10 });
    client = fakeTwilioClient(fake);
    serviceSid = fake.sync.createService('ledger');
  });

  afterEach(async () => {
    try {
      expect(fake.violations).toEqual([]);
    } finally {
      fake.faults.reset();
      await fake.close();
    }
  });

  test('missing identity: unreadable although the records are in Sync; nothing is written', async () => {
    const rawStore = createLedgerStore(base(), () => client) as SyncLedgerStore;
    await rawStore.createShardMaps();
    const raw = new OptOutLedger(rawStore, SECRET, { budgetMs: 2000 }, UNCHECKED_IDENTITY);
    await raw.apply(CANARY_PHONE, optOut(0));
    const writesBefore = fake.stats.created + fake.stats.updated;
    await expectUnreadable(open(base()), CANARY_PHONE, 'missing');
    expect(fake.stats.created + fake.stats.updated).toBe(writesBefore);
    expect(storedIdentity()).toBeUndefined();
  });

  test('a Sync error reading the identity is unreadable too (fail closed), with its code', async () => {
    await init(base());
    fake.faults.rate5xx = 1;
    const { log, lines } = gateLog();
    expect(await sendGate(open(base()), CANARY_PHONE, MG, log)).toBe('unreadable');
    expect(await isOptedOut(open(base()), CANARY_PHONE, MG)).toBe(true);
    await expect(open(base()).apply(CANARY_PHONE, optOut(0))).rejects.toBeInstanceOf(LedgerWriteError);
    expect(lines.join('\n')).toContain('"errorCode":20500');
    // Not cached as a failure: once Sync answers, the next read verifies and reads.
    fake.faults.reset();
    expect(await sendGate(open(base()), CANARY_PHONE, MG)).toBe('sendable');
  });

  describe('the defects, reproduced: 20 numbers opted out in a 4-shard ledger, then the same service opened differently', () => {
    beforeEach(async () => {
      expect((await init(base())).kind).toBe('created');
      const ledger = open(base());
      for (const [i, n] of NUMBERS.entries()) expect((await ledger.apply(n, optOut(i))).changed).toBe(true);
      // The configured ledger reads every one opted out (and verifies its identity: a warm cache).
      expect(count(await gates(ledger, NUMBERS), 'opted_out')).toBe(20);
      expect(await sendGate(ledger, '+12025550199', MG)).toBe('sendable');
    });

    /** How many of the 20 the unguarded (old) code would have let through for these settings. */
    const movedShard = NUMBERS.filter((n) => shardOf(ledgerKey(SECRET, n), 8) !== shardOf(ledgerKey(SECRET, n), 4)).length;

    const variants: {
      name: string;
      settings: () => SyncSettings;
      secret?: string;
      service?: boolean;
      problem: string;
      oldSendable: () => number;
    }[] = [
      { name: 'LEDGER_SHARDS 8', settings: () => base({ shards: 8 }), problem: 'layout', oldSendable: () => movedShard },
      {
        name: 'another LEDGER_MAP_PREFIX',
        settings: () => base({ mapPrefix: 'optout-ledger-v2' }),
        problem: 'missing',
        oldSendable: () => 20,
      },
      { name: 'another OPTOUT_HMAC_SECRET', settings: () => base(), secret: OTHER_SECRET, problem: 'secret', oldSendable: () => 20 },
      {
        name: 'another SYNC_SERVICE_SID (an empty service)',
        settings: () => base(),
        service: true,
        problem: 'missing',
        oldSendable: () => 20,
      },
      {
        name: 'LEDGER_ID pinned to another ledger',
        settings: () => base({ ledgerId: OTHER_LEDGER_ID }),
        problem: 'ledger_id',
        oldSendable: () => 0,
      },
    ];

    test.each(variants)('$name: every one of the 20 is unreadable, 0 sends allowed', async (v) => {
      const s = v.service ? { ...v.settings(), serviceSid: fake.sync.createService('empty') } : v.settings();
      const secret = v.secret ?? SECRET;
      // The old behaviour (no identity check, no shard-map check) on the same data: "never opted out" for these.
      const oldStore = new SyncKv<LedgerRecord>(client, s.serviceSid, (key) => `${s.mapPrefix}-${shardOf(key, s.shards)}`);
      const unguarded = new OptOutLedger(oldStore, secret, { budgetMs: 2000 }, UNCHECKED_IDENTITY);
      expect(count(await gates(unguarded, NUMBERS), 'sendable')).toBe(v.oldSendable());

      const { log, lines } = gateLog();
      const guarded = await gates(open(s, secret), NUMBERS, log);
      expect(count(guarded, 'unreadable')).toBe(20);
      expect(count(guarded, 'sendable')).toBe(0);
      for (const n of NUMBERS) expect(await isOptedOut(open(s, secret), n, MG)).toBe(true);
      await expectUnreadable(open(s, secret), CANARY_PHONE, v.problem);
      expect(lines.every((l) => l.includes(`"status":"${v.problem}"`) || l.includes('ledger.unreadable_blocking_send'))).toBe(true);
      expect(findCanary(lines.join('\n'))).toBeUndefined();
      // The configured ledger is untouched and still reads all 20 opted out.
      expect(count(await gates(open(base()), NUMBERS), 'opted_out')).toBe(20);
    });

    test('the shard defect is real for this data set (some records moved shard)', () => {
      expect(movedShard).toBeGreaterThan(0);
      expect(movedShard).toBeLessThan(20);
    });
  });

  describe('initIdentity', () => {
    test('create-if-absent: two concurrent inits agree on one ledgerId', async () => {
      const outcomes = await Promise.all([init(base()), init(base())]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'exists']);
      const [a, b] = outcomes.map((o) => (o.kind === 'conflict' ? null : o.identity.ledgerId));
      expect(a).toMatch(/^LD[0-9a-f]{32}$/);
      expect(b).toBe(a);
      expect((storedIdentity()?.data as LedgerIdentity).ledgerId).toBe(a);
    });

    test('never overwrites: a different layout or secret is a conflict and the stored identity is unchanged', async () => {
      const first = await init(base());
      expect(first.kind).toBe('created');
      const before = storedIdentity();
      expect(await init(base({ shards: 8 }))).toEqual({ kind: 'conflict', problem: 'layout', createdMaps: [] });
      expect(await init(base(), OTHER_SECRET)).toEqual({ kind: 'conflict', problem: 'secret', createdMaps: [] });
      expect(await init(base({ ledgerId: OTHER_LEDGER_ID }))).toEqual({ kind: 'conflict', problem: 'ledger_id', createdMaps: [] });
      expect(storedIdentity()).toEqual(before);
      const again = await init(base());
      expect(again).toMatchObject({ kind: 'exists', identity: { ledgerId: (before?.data as LedgerIdentity).ledgerId } });
      expect(storedIdentity()).toEqual(before);
    });

    test('an existing retired identity is reported as a conflict, not revived', async () => {
      await init(base());
      const { store } = identityStore(base(), () => client);
      const found = await store.read(IDENTITY_KEY);
      await store.write(IDENTITY_KEY, { ...(found?.value as LedgerIdentity), state: 'retired' }, found?.revision ?? null);
      expect(await init(base())).toEqual({ kind: 'conflict', problem: 'not_active', createdMaps: [] });
      expect((storedIdentity()?.data as LedgerIdentity).state).toBe('retired');
    });

    test('a pinned LEDGER_ID is the id written', async () => {
      const pinned = `LD${'ab'.repeat(16)}`;
      expect(await init(base({ ledgerId: pinned }))).toMatchObject({ kind: 'created', identity: { ledgerId: pinned } });
      expect(await sendGate(open(base({ ledgerId: pinned })), CANARY_PHONE, MG)).toBe('sendable');
    });

    test('the stored identity never contains the secret (nor any record or number)', async () => {
      await init(base());
      await open(base()).apply(CANARY_PHONE, optOut(0));
      const meta = JSON.stringify(fake.sync.listItems(serviceSid, 'optout-ledger-meta'));
      expect(meta).toContain(secretFingerprint(SECRET));
      expect(meta).not.toContain(SECRET);
      for (let i = 0; i + 12 <= SECRET.length; i += 6) expect(meta).not.toContain(SECRET.slice(i, i + 12));
      expect(findCanary(meta)).toBeUndefined();
      expect(storedIdentity()?.data).toMatchObject({
        v: 1,
        keyScheme: KEY_SCHEME,
        state: 'active',
        layout: { backend: 'sync', mapPrefix: 'optout-ledger', shards: 4 },
      });
    });
  });

  describe('the verification cache (a warm container)', () => {
    test('a verified identity is not re-read within 60 s, and is re-read after', async () => {
      await init(base());
      const rec = recordingTwilioClient(fake);
      let t = Date.now();
      const now = (): number => t;
      const ledger = open(base(), SECRET, rec.client, now);
      const metaGets = (): number => rec.http.count('GET', META_ITEM);
      await ledger.read(CANARY_PHONE);
      await ledger.status(CANARY_PHONE, MG);
      await ledger.apply(CANARY_PHONE, optOut(0));
      expect(metaGets()).toBe(1);
      // Another ledger object over the same settings (the next request in the container) shares it.
      expect(await sendGate(open(base(), SECRET, rec.client, now), CANARY_PHONE, MG)).toBe('opted_out');
      expect(metaGets()).toBe(1);
      t += IDENTITY_CACHE_MS - 1;
      await ledger.read(CANARY_PHONE);
      expect(metaGets()).toBe(1);
      t += 2;
      await ledger.read(CANARY_PHONE);
      expect(metaGets()).toBe(2);
      await ledger.read(CANARY_PHONE);
      expect(metaGets()).toBe(2);
      clearIdentityCache();
      await ledger.read(CANARY_PHONE);
      expect(metaGets()).toBe(3);
    });

    test('a failure is never cached: every read re-checks until the identity is there', async () => {
      const rec = recordingTwilioClient(fake);
      const ledger = open(base(), SECRET, rec.client);
      expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('unreadable');
      expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('unreadable');
      expect(rec.http.count('GET', META_ITEM)).toBe(2);
      await init(base());
      expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('sendable');
      expect(rec.http.count('GET', META_ITEM)).toBe(3);
    });

    test('the cache is per location and expectation: a warm 4-shard verification never vouches for 8 shards', async () => {
      await init(base());
      const rec = recordingTwilioClient(fake);
      await open(base(), SECRET, rec.client).read(CANARY_PHONE);
      expect(await sendGate(open(base({ shards: 8 }), SECRET, rec.client), CANARY_PHONE, MG)).toBe('unreadable');
      expect(await sendGate(open(base(), OTHER_SECRET, rec.client), CANARY_PHONE, MG)).toBe('unreadable');
      expect(await sendGate(open({ ...base(), serviceSid: fake.sync.createService('other') }, SECRET, rec.client), CANARY_PHONE, MG)).toBe(
        'unreadable',
      );
      expect(rec.http.count('GET', /\/Items\/identity$/)).toBe(4);
    });

    test('an identity retired while cached is refused once the cache expires (why migrate waits)', async () => {
      await init(base());
      let t = Date.now();
      const now = (): number => t;
      const ledger = open(base(), SECRET, client, now);
      expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('sendable');
      const { store } = identityStore(base(), () => client);
      const found = await store.read(IDENTITY_KEY);
      await store.write(IDENTITY_KEY, { ...(found?.value as LedgerIdentity), state: 'retired' }, found?.revision ?? null);
      t += IDENTITY_CACHE_MS + 1;
      await expectUnreadable(ledger, CANARY_PHONE, 'not_active');
    });
  });

  test.each(['retired', 'migrating'] as const)('a %s identity is unreadable', async (state) => {
    await init(base());
    await open(base()).apply(CANARY_PHONE, optOut(0));
    const { store } = identityStore(base(), () => client);
    const found = await store.read(IDENTITY_KEY);
    expect(await store.write(IDENTITY_KEY, { ...(found?.value as LedgerIdentity), state }, found?.revision ?? null)).toBe('ok');
    clearIdentityCache();
    await expectUnreadable(open(base()), CANARY_PHONE, 'not_active');
    for (const n of NUMBERS.slice(0, 3)) expect(await sendGate(open(base()), n, MG)).toBe('unreadable');
  });
});
