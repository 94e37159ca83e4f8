/**
 * `optout migrate` (issue 10, consent integrity): moving a Sync ledger to another shard count, map
 * prefix or HMAC secret never leaves a moment in which an opted-out number reads "never opted
 * out". Before: the old ledger is frozen (`migrating`: every reader and writer fails closed) and the
 * migration waits for warm caches to expire; after: the new ledger reads every record and the old
 * one is `retired` (unreadable). Refusals (numbers missing for a re-key, a record no number
 * matches, a wrong old secret, an existing target) change nothing and freeze nothing; a copy that
 * fails part-way puts the old ledger back to `active`.
 *
 * Sync through the fake Twilio API (responses validated against Twilio's OpenAPI spec); the CLI's
 * argument parsing; and the real `scripts/optout.ts` process against the fake (loopback, through
 * the test-only redirect preload). Canary numbers are planted; no output or error carries them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import { ledgerSide, LedgerSetupError, syncSettings } from '../../src/tooling/cli/ledger-from-env';
import { rekeyState } from '../../src/tooling/cli/rekey-state';
import { parseOptoutArgs, UsageError } from '../../src/tooling/cli/optout-core';
import { createLedgerStore, openLedger, type LedgerSettings } from '../../src/runtime/ledger/factory';
import { clearIdentityCache, IDENTITY_CACHE_MS, IDENTITY_KEY, type LedgerIdentity } from '../../src/runtime/ledger/identity';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { ledgerKey } from '../../src/runtime/ledger/key';
import { ConsentJobs, type ConsentJobEntry } from '../../src/runtime/consent/jobs';
import { createLogger } from '../../src/runtime/core/log';
import { recordCarrierOptOut } from '../../src/runtime/reminders/carrier-optout';
import { drainConsentJobs, type ConsentDeps } from '../../src/runtime/reminders/consent-effects';
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import { SyncKv } from '../../src/runtime/state/sync-kv';
import { SyncQueue } from '../../src/runtime/state/sync-queue';
import { LedgerWriteError, OptOutLedger, sendGate, type Gate } from '../../src/runtime/ledger/ledger';
import { migrateLedger, MigrateError, type MigrateOptions, type MigrateResult } from '../../src/runtime/ledger/migrate';
import type { Change } from '../../src/runtime/ledger/record';
import { fakeTwilioClient, startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { recordingTwilioClient, type RecordingClient } from '../helpers/recording-client';

const ROOT = join(__dirname, '..', '..');
const SECRET = `old-hmac-secret-${'5a6b7c8d'.repeat(5)}`;
const NEW_SECRET = `new-hmac-secret-${'9e8f7a6b'.repeat(5)}`;
const MG = `MG${'d'.repeat(32)}`;
/** 30 opted-out patient numbers, the canary among them. */
const NUMBERS = Array.from({ length: 30 }, (_, i) => `+1202555${String(120 + i).padStart(4, '0')}`);
/** Never opted out. */
const OTHERS = ['+12025550198', '+12025550199'];
const META_ITEM = /\/Maps\/optout-ledger-meta\/Items\/identity$/;

const optOut = (i: number): Change => ({
  scope: { kind: 'senders', senders: [MG] },
  state: 'opted_out',
  at: 1_700_000_000_000 + i,
  messageSid: `SM${(i + 1).toString(16).padStart(32, '0')}`,
  via: 'keyword',
});

const count = (gs: readonly Gate[], g: Gate): number => gs.filter((x) => x === g).length;

let fake: FakeTwilio;
let client: Twilio;
let serviceSid: string;
let oldLedgerId: string;

const sync = (over: Partial<Extract<LedgerSettings, { backend: 'sync' }>> = {}): LedgerSettings => ({
  backend: 'sync',
  serviceSid,
  mapPrefix: 'optout-ledger',
  shards: 4,
  ...over,
});
const open = (s: LedgerSettings, secret = SECRET, now?: () => number): OptOutLedger =>
  openLedger(s, secret, () => client, { budgetMs: 2000, ...(now ? { now } : {}) });

async function gates(ledger: OptOutLedger, numbers: readonly string[]): Promise<Gate[]> {
  const out: Gate[] = [];
  for (const n of numbers) out.push(await sendGate(ledger, n, MG));
  return out;
}

function identityOf(prefix = 'optout-ledger'): LedgerIdentity | undefined {
  return fake.sync.getItem(serviceSid, `${prefix}-meta`, IDENTITY_KEY)?.data as LedgerIdentity | undefined;
}

/** Every record key stored under `prefix` (all shard maps). */
function storedKeys(prefix: string, shards: number): string[] {
  const keys: string[] = [];
  for (let s = 0; s < shards; s += 1) {
    try {
      keys.push(...fake.sync.listItems(serviceSid, `${prefix}-${s}`).map((i) => i.key));
    } catch {
      // map never created
    }
  }
  return keys.sort();
}

function migrate(
  from: { s: LedgerSettings; secret?: string },
  to: { s: LedgerSettings; secret?: string },
  opts: Partial<MigrateOptions> = {},
  c: Twilio = client,
): Promise<MigrateResult> {
  return migrateLedger(ledgerSide(from.s, from.secret ?? SECRET, c), ledgerSide(to.s, to.secret ?? SECRET, c), { settleMs: 5, ...opts });
}

async function refusal(p: Promise<unknown>): Promise<MigrateError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrateError);
  expect(findCanary(`${(err as Error).message} ${(err as Error).stack ?? ''}`)).toBeUndefined();
  return err as MigrateError;
}

/** Nothing was frozen or changed: the old ledger is active and reads all 30, the target has nothing. */
async function expectUntouched(targetPrefix: string, targetShards: number): Promise<void> {
  expect(identityOf()?.state).toBe('active');
  clearIdentityCache();
  expect(count(await gates(open(sync()), NUMBERS), 'opted_out')).toBe(30);
  if (targetPrefix !== 'optout-ledger') {
    expect(identityOf(targetPrefix)).toBeUndefined();
    expect(storedKeys(targetPrefix, targetShards)).toEqual([]);
  }
}

beforeEach(async () => {
  clearIdentityCache();
  fake = await startFakeTwilio({ seed: 11 });
  client = fakeTwilioClient(fake);
  serviceSid = fake.sync.createService('ledger');
  const init = await setUpLedger(sync(), SECRET, () => client, Date.now());
  if (init.kind !== 'created') throw new Error('init failed');
  oldLedgerId = init.identity.ledgerId;
  const ledger = open(sync());
  for (const [i, n] of NUMBERS.entries()) await ledger.apply(n, optOut(i));
});

afterEach(async () => {
  try {
    expect(fake.violations).toEqual([]);
  } finally {
    fake.faults.reset();
    await fake.close();
  }
});

describe('migrateLedger', () => {
  // With the same LEDGER_MAP_PREFIX old and new share the identity item (`{prefix}-meta`/identity):
  // the frozen identity is replaced in one CAS write, and records whose shard does not change are
  // the very same items (copied onto themselves).
  test('shards 4 → 8 (same prefix): the new settings read all 30 opted out, the old ones are unreadable; counts reported', async () => {
    const result = await migrate({ s: sync() }, { s: sync({ shards: 8 }) });
    expect(result).toEqual({ copied: 30, rekeyed: false, ledgerId: oldLedgerId });
    clearIdentityCache();
    const after = open(sync({ shards: 8 }));
    expect(count(await gates(after, NUMBERS), 'opted_out')).toBe(30);
    expect(await gates(after, OTHERS)).toEqual(['sendable', 'sendable']);
    expect(count(await gates(open(sync()), NUMBERS), 'unreadable')).toBe(30);
    await expect(open(sync()).apply(OTHERS[0] as string, optOut(50))).rejects.toBeInstanceOf(LedgerWriteError);
    // The new ledger takes writes.
    expect((await after.apply(OTHERS[0] as string, optOut(51))).changed).toBe(true);
    expect(await sendGate(after, OTHERS[0] as string, MG)).toBe('opted_out');
  });

  test('shards 4 → 8 with a new prefix: all 30 readable in the new layout, the old identity retired', async () => {
    const target = sync({ mapPrefix: 'optout-v2', shards: 8 });
    const result = await migrate({ s: sync() }, { s: target });
    expect(result).toEqual({ copied: 30, rekeyed: false, ledgerId: oldLedgerId });
    expect(identityOf()?.state).toBe('retired');
    expect(identityOf('optout-v2')).toMatchObject({
      state: 'active',
      ledgerId: oldLedgerId,
      layout: { backend: 'sync', mapPrefix: 'optout-v2', shards: 8 },
    });
    clearIdentityCache();
    const after = open(target);
    expect(count(await gates(after, NUMBERS), 'opted_out')).toBe(30);
    expect(await gates(after, OTHERS)).toEqual(['sendable', 'sendable']);
    expect(count(await gates(open(sync()), NUMBERS), 'unreadable')).toBe(30);
    await expect(open(sync()).apply(OTHERS[0] as string, optOut(50))).rejects.toBeInstanceOf(LedgerWriteError);
    expect(storedKeys('optout-v2', 8)).toEqual(NUMBERS.map((n) => ledgerKey(SECRET, n)).sort());
    expect((await after.apply(OTHERS[0] as string, optOut(51))).changed).toBe(true);
    expect(await sendGate(after, OTHERS[0] as string, MG)).toBe('opted_out');
  });

  test('prefix change: the new prefix reads all 30, the old is retired and its records stay for audit', async () => {
    const result = await migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }) });
    expect(result).toEqual({ copied: 30, rekeyed: false, ledgerId: oldLedgerId });
    expect(identityOf()?.state).toBe('retired');
    expect(identityOf('optout-v2')).toMatchObject({
      state: 'active',
      ledgerId: oldLedgerId,
      layout: { mapPrefix: 'optout-v2', shards: 4 },
    });
    clearIdentityCache();
    expect(count(await gates(open(sync({ mapPrefix: 'optout-v2' })), NUMBERS), 'opted_out')).toBe(30);
    expect(count(await gates(open(sync()), NUMBERS), 'unreadable')).toBe(30);
    expect(storedKeys('optout-ledger', 4)).toHaveLength(30);
    expect(storedKeys('optout-v2', 4)).toEqual(storedKeys('optout-ledger', 4));
  });

  test('secret change with the numbers: all 30 re-keyed, readable with the new secret only', async () => {
    const to = { s: sync({ mapPrefix: 'optout-v2' }), secret: NEW_SECRET };
    const result = await migrate({ s: sync() }, to, { numbers: [...NUMBERS, ...OTHERS] });
    expect(result).toEqual({ copied: 30, rekeyed: true, ledgerId: oldLedgerId });
    expect(storedKeys('optout-v2', 4)).toEqual(NUMBERS.map((n) => ledgerKey(NEW_SECRET, n)).sort());
    const oldKeys = new Set(NUMBERS.map((n) => ledgerKey(SECRET, n)));
    expect(storedKeys('optout-v2', 4).filter((k) => oldKeys.has(k))).toEqual([]);
    clearIdentityCache();
    expect(count(await gates(open(to.s, NEW_SECRET), NUMBERS), 'opted_out')).toBe(30);
    expect(await gates(open(to.s, NEW_SECRET), OTHERS)).toEqual(['sendable', 'sendable']);
    // None readable with the old secret: neither in the new layout nor in the retired old one.
    expect(count(await gates(open(to.s, SECRET), NUMBERS), 'unreadable')).toBe(30);
    expect(count(await gates(open(sync(), SECRET), NUMBERS), 'unreadable')).toBe(30);
    expect(count(await gates(open(sync(), NEW_SECRET), NUMBERS), 'unreadable')).toBe(30);
    const meta = JSON.stringify(fake.sync.listItems(serviceSid, 'optout-v2-meta'));
    expect(meta).not.toContain(NEW_SECRET);
    expect(meta).not.toContain(SECRET);
  });

  // A secret change in place: `--to-secret-env` without `--to-prefix` shares the identity item too.
  test('secret change in place (same prefix and shards) with the numbers: re-keyed, new secret only', async () => {
    const result = await migrate({ s: sync() }, { s: sync(), secret: NEW_SECRET }, { numbers: NUMBERS });
    expect(result).toEqual({ copied: 30, rekeyed: true, ledgerId: oldLedgerId });
    clearIdentityCache();
    expect(count(await gates(open(sync(), NEW_SECRET), NUMBERS), 'opted_out')).toBe(30);
    expect(count(await gates(open(sync(), SECRET), NUMBERS), 'unreadable')).toBe(30);
  });

  test('secret change without the numbers is refused before anything is frozen', async () => {
    const rec = recordingTwilioClient(fake);
    const err = await refusal(migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }), secret: NEW_SECRET }, {}, rec.client));
    expect(err.refusal).toBe('numbers_required');
    expect(rec.http.count('POST', META_ITEM)).toBe(0);
    await expectUntouched('optout-v2', 4);
  });

  test('a numbers list missing one opted-out number: records_unmatched (1), nothing changed', async () => {
    const missing = NUMBERS.filter((n) => n !== CANARY_PHONE);
    const rec = recordingTwilioClient(fake);
    const err = await refusal(
      migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }), secret: NEW_SECRET }, { numbers: missing }, rec.client),
    );
    expect(err).toMatchObject({ refusal: 'records_unmatched', count: 1 });
    expect(rec.http.count('POST', /\/Items(\/[^/]+)?$/)).toBe(0);
    await expectUntouched('optout-v2', 4);
  });

  test('a wrong old secret: old_identity, nothing frozen', async () => {
    const err = await refusal(migrate({ s: sync(), secret: NEW_SECRET }, { s: sync({ shards: 8 }), secret: NEW_SECRET }));
    expect(err.refusal).toBe('old_identity');
    await expectUntouched('optout-ledger', 4);
    expect(identityOf()?.layout).toEqual({ backend: 'sync', mapPrefix: 'optout-ledger', shards: 4 });
  });

  test('a retired old ledger cannot be migrated again: old_identity', async () => {
    await migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }) });
    const err = await refusal(migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v3' }) }));
    expect(err.refusal).toBe('old_identity');
    expect(identityOf('optout-v3')).toBeUndefined();
  });

  test('the target already has an identity: target_exists, nothing frozen, target untouched', async () => {
    const target = sync({ mapPrefix: 'optout-v2' });
    await setUpLedger(target, SECRET, () => client, Date.now());
    const before = fake.sync.getItem(serviceSid, 'optout-v2-meta', IDENTITY_KEY);
    const err = await refusal(migrate({ s: sync() }, { s: target }));
    expect(err.refusal).toBe('target_exists');
    expect(identityOf()?.state).toBe('active');
    expect(fake.sync.getItem(serviceSid, 'optout-v2-meta', IDENTITY_KEY)).toEqual(before);
    expect(storedKeys('optout-v2', 4)).toEqual([]);
    clearIdentityCache();
    expect(count(await gates(open(sync()), NUMBERS), 'opted_out')).toBe(30);
  });

  test('the same layout and secret: same_ledger, nothing frozen', async () => {
    const err = await refusal(migrate({ s: sync() }, { s: sync() }));
    expect(err.refusal).toBe('same_ledger');
    await expectUntouched('optout-ledger', 4);
  });

  describe('a copy failing part-way (Sync 5xx injected with fake.faults after 10 records)', () => {
    /** Fails every Sync request from the 10th record copied into `optout-v2` until the migration touches the identity again. */
    function failMidCopy(rec: RecordingClient): void {
      let copies = 0;
      rec.http.before = (req) => {
        if (req.method === 'POST' && /\/Maps\/optout-v2-\d+\/Items$/.test(req.path)) {
          copies += 1;
          if (copies === 10) fake.faults.rate5xx = 1;
        }
        if (fake.faults.rate5xx > 0 && META_ITEM.test(req.path)) fake.faults.reset();
      };
    }

    test('the old identity goes back to active, the error is thrown, the new ledger stays unreadable', async () => {
      const rec = recordingTwilioClient(fake);
      failMidCopy(rec);
      const err = await migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }) }, {}, rec.client).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(Error);
      expect(findCanary(`${err?.message} ${err?.stack ?? ''}`)).toBeUndefined();
      expect(identityOf()?.state).toBe('active');
      expect(identityOf('optout-v2')).toBeUndefined();
      const partial = storedKeys('optout-v2', 4).length;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(30);
      clearIdentityCache();
      expect(count(await gates(open(sync()), NUMBERS), 'opted_out')).toBe(30);
      expect(count(await gates(open(sync({ mapPrefix: 'optout-v2' })), NUMBERS), 'unreadable')).toBe(30);
    });

    // The records a failed run copied are overwritten by the retry (the target was never live).
    test('re-running the migration after the failure completes it', async () => {
      const rec = recordingTwilioClient(fake);
      failMidCopy(rec);
      await expect(migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }) }, {}, rec.client)).rejects.toBeInstanceOf(Error);
      expect(identityOf()?.state).toBe('active');
      const result = await migrate({ s: sync() }, { s: sync({ mapPrefix: 'optout-v2' }) });
      expect(result).toEqual({ copied: 30, rekeyed: false, ledgerId: oldLedgerId });
      clearIdentityCache();
      expect(count(await gates(open(sync({ mapPrefix: 'optout-v2' })), NUMBERS), 'opted_out')).toBe(30);
    });
  });

  describe('no window in which an opted-out number reads "never opted out"', () => {
    test('during the settle wait the old ledger is frozen: a writer gets LedgerWriteError, a gate gets unreadable', async () => {
      let checked = false;
      const target = sync({ mapPrefix: 'optout-v2', shards: 8 });
      const sleep = async (ms: number): Promise<void> => {
        expect(ms).toBe(5);
        expect(identityOf()?.state).toBe('migrating');
        clearIdentityCache();
        expect(count(await gates(open(sync()), NUMBERS), 'unreadable')).toBe(30);
        expect(count(await gates(open(target), NUMBERS), 'unreadable')).toBe(30);
        await expect(open(sync()).apply(OTHERS[0] as string, optOut(60))).rejects.toBeInstanceOf(LedgerWriteError);
        await expect(open(sync()).apply(CANARY_PHONE, { ...optOut(61), state: 'opted_in' })).rejects.toBeInstanceOf(LedgerWriteError);
        checked = true;
      };
      await migrate({ s: sync() }, { s: target }, { sleep });
      expect(checked).toBe(true);
      clearIdentityCache();
      expect(count(await gates(open(target), NUMBERS), 'opted_out')).toBe(30);
      // The refused opt-in never landed anywhere.
      expect(await sendGate(open(target), CANARY_PHONE, MG)).toBe('opted_out');
    });

    test('while records are being copied, neither the old nor the new settings read any of the 30 as sendable', async () => {
      const rec = recordingTwilioClient(fake);
      const target = sync({ mapPrefix: 'optout-v2' });
      let copies = 0;
      const seen: Gate[] = [];
      rec.http.before = async (req) => {
        if (req.method !== 'POST' || !/\/Maps\/optout-v2-\d+\/Items$/.test(req.path)) return;
        copies += 1;
        if (copies % 10 !== 5) return;
        clearIdentityCache();
        seen.push(...(await gates(open(sync()), NUMBERS)), ...(await gates(open(target), NUMBERS)));
      };
      await migrate({ s: sync() }, { s: target }, {}, rec.client);
      expect(copies).toBeGreaterThanOrEqual(30);
      expect(seen.length).toBe(3 * 60);
      expect(count(seen, 'unreadable')).toBe(seen.length);
    });

    test('a warm container: its cached verification expires within the settle wait; a STOP it wrote meanwhile is carried over', async () => {
      clearIdentityCache();
      let t = Date.now();
      const now = (): number => t;
      const warm = open(sync(), SECRET, now);
      expect(await sendGate(warm, NUMBERS[0] as string, MG)).toBe('opted_out');
      const target = sync({ mapPrefix: 'optout-v2', shards: 8 });
      const sleep = async (ms: number): Promise<void> => {
        // Frozen, but this container verified a moment ago: it still trusts the ledger...
        expect(identityOf()?.state).toBe('migrating');
        expect((await warm.apply(OTHERS[1] as string, optOut(70))).changed).toBe(true);
        // ...until its cache expires, which the settle wait outlasts.
        expect(ms).toBeGreaterThan(IDENTITY_CACHE_MS);
        t += ms;
        expect(count(await gates(warm, NUMBERS), 'unreadable')).toBe(30);
        await expect(warm.apply(OTHERS[0] as string, optOut(71))).rejects.toBeInstanceOf(LedgerWriteError);
      };
      const result = await migrate({ s: sync() }, { s: target }, { settleMs: IDENTITY_CACHE_MS + 5000, sleep, now });
      expect(result.copied).toBe(31);
      clearIdentityCache();
      expect(await gates(open(target), OTHERS)).toEqual(['sendable', 'opted_out']);
      expect(count(await gates(open(target), NUMBERS), 'opted_out')).toBe(30);
    });
  });
});

describe('consent jobs across a re-keying migration', () => {
  /** The consent dependencies the Functions build for one configuration (same Sync service). */
  function consentDeps(s: LedgerSettings, secret: string, lines: string[]): ConsentDeps {
    const log = createLogger((_level, line) => lines.push(line));
    return {
      ledger: open(s, secret),
      pending: new PendingReminders(new SyncKv<PendingRecord>(client, serviceSid, () => 'reminders-pending'), secret, 48 * 3_600_000, {
        budgetMs: 1000,
      }),
      cancel: async () => ({ kind: 'canceled' }),
      jobs: new ConsentJobs(new SyncQueue<ConsentJobEntry>(client, serviceSid, 'consent-jobs'), log),
      log,
      now: Date.now,
    };
  }

  // A 21610 arriving while the ledger is frozen is queued with keys under the OLD secret (and that
  // secret's fingerprint); the migration re-keys queued jobs and pending records before the new
  // identity is active, so the opt-out is not lost. A job still keyed with another secret is never
  // applied under the wrong key.
  test('a carrier opt-out queued during the freeze is readable under the new secret once the queue drains', async () => {
    const lines: string[] = [];
    const target = sync({ mapPrefix: 'optout-v2' });
    const latecomer = OTHERS[0] as string;
    let outcome = '';
    const sleep = async (): Promise<void> => {
      clearIdentityCache();
      outcome = await recordCarrierOptOut(consentDeps(sync(), SECRET, lines), latecomer, MG, null, 'SM'.concat('7'.repeat(32)));
    };
    const stores = {
      jobs: new SyncQueue<ConsentJobEntry>(client, serviceSid, 'consent-jobs'),
      pending: new SyncKv<PendingRecord>(client, serviceSid, () => 'reminders-pending'),
    };
    const numbers = [...NUMBERS, ...OTHERS];
    const afterCopy = async (rekey: Map<string, string> | null): Promise<void> => {
      expect(rekey).not.toBeNull();
      expect(await rekeyState(stores, rekey as Map<string, string>, numbers, SECRET, NEW_SECRET)).toEqual({ jobs: 1, pending: 0 });
    };
    await migrate({ s: sync() }, { s: target, secret: NEW_SECRET }, { numbers, sleep, afterCopy });
    expect(outcome).toBe('queued');
    clearIdentityCache();
    const after = consentDeps(target, NEW_SECRET, lines);
    await drainConsentJobs(after, 5_000);
    expect(fake.sync.listListItems(serviceSid, 'consent-jobs')).toEqual([]);
    expect(await sendGate(after.ledger, latecomer, MG)).toBe('opted_out');
    expect(findCanary(lines.join('\n'))).toBeUndefined();
  });
});

describe('ledgerSide / syncSettings (the CLI environment)', () => {
  test('LEDGER_* values are validated without echoing them', () => {
    for (const [prefix, shards, id] of [
      [CANARY_PHONE, undefined, undefined],
      [undefined, '65', undefined],
      [undefined, CANARY_PHONE, undefined],
      [undefined, undefined, CANARY_PHONE],
    ] as const) {
      let message = '';
      try {
        syncSettings(`IS${'0'.repeat(32)}`, prefix, shards, id);
      } catch (err) {
        expect(err).toBeInstanceOf(LedgerSetupError);
        message = (err as Error).message;
      }
      expect(message).toMatch(/^invalid LEDGER_(MAP_PREFIX|SHARDS|ID)$/);
    }
    expect(syncSettings(`IS${'0'.repeat(32)}`, undefined, undefined, undefined)).toMatchObject({ mapPrefix: 'optout-ledger', shards: 4 });
  });

  test('ledgerSide lists every record key across all shards', async () => {
    const side = ledgerSide(sync(), SECRET, client);
    expect((await side.listKeys()).sort()).toEqual(NUMBERS.map((n) => ledgerKey(SECRET, n)).sort());
    expect(await ledgerSide(sync({ mapPrefix: 'nothing-here' }), SECRET, client).listKeys()).toEqual([]);
    const raw = new OptOutLedger(
      createLedgerStore(sync(), () => client),
      SECRET,
      { budgetMs: 1000 },
      { verify: async () => undefined },
    );
    expect(await raw.read(CANARY_PHONE)).not.toBeNull();
  });
});

describe('optout CLI: init and migrate arguments', () => {
  test('init and migrate parse', () => {
    expect(parseOptoutArgs(['init'])).toEqual({ command: 'init', format: 'text' });
    expect(parseOptoutArgs(['init', '--format', 'json'])).toEqual({ command: 'init', format: 'json' });
    expect(parseOptoutArgs(['migrate', '--to-shards', '8', '--yes'])).toEqual({
      command: 'migrate',
      format: 'text',
      toShards: '8',
      yes: true,
    });
    expect(
      parseOptoutArgs([
        'migrate',
        '--to-prefix',
        'optout-v2',
        '--to-secret-env',
        'NEW_OPTOUT_SECRET',
        '--numbers-file',
        'numbers.txt',
        '--settle-ms',
        '5',
        '--yes',
      ]),
    ).toEqual({
      command: 'migrate',
      format: 'text',
      toPrefix: 'optout-v2',
      toSecretEnv: 'NEW_OPTOUT_SECRET',
      numbersFile: 'numbers.txt',
      settleMs: '5',
      yes: true,
    });
  });

  test.each([
    [['migrate']],
    [['migrate', '--yes']],
    [['init', CANARY_PHONE]],
    [['migrate', CANARY_PHONE, '--to-shards', '8']],
    [['migrate', '--to-shards', CANARY_PHONE]],
    [['migrate', '--to-shards', '65']],
    [['migrate', '--to-shards', '0']],
    [['migrate', '--to-prefix', 'Bad_Prefix']],
    [['migrate', '--to-secret-env', CANARY_PHONE]],
    [['migrate', '--to-shards', '8', '--settle-ms', 'soon']],
    [['migrate', '--to-shards', '8', '--reason', 'carrier_report']],
    [['migrate', '--to-shards', '8', '--all']],
    [['init', '--to-shards', '8']],
    [['init', '--sender', MG]],
    [['status', CANARY_PHONE, '--yes']],
    [['status', CANARY_PHONE, '--to-shards', '8']],
  ])('refused (case %#) with a usage error that never echoes the input', (argv) => {
    let err: unknown = null;
    try {
      parseOptoutArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^(invalid [A-Za-z]+|unknown argument)$/);
    expect(findCanary((err as Error).message)).toBeUndefined();
  });
});

describe('scripts/optout.ts init and migrate, as a process against the fake', () => {
  let dir: string;
  let preload: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'optout-migrate-cli-'));
    preload = writeRedirectPreload(dir, fake.origin);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI asynchronously (the fake answers from this process). */
  function run(argv: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: `--require ${preload}`,
      ACCOUNT_SID: fake.accountSid,
      AUTH_TOKEN: fake.authToken,
      SYNC_SERVICE_SID: serviceSid,
      OPTOUT_HMAC_SECRET: SECRET,
      ...extra,
    };
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'optout.ts'), ...argv],
        { cwd: ROOT, env },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  test('--help exits 0 with the usage', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('npm run -s optout -- migrate [--to-shards N]');
    expect(help.out).toContain('npm run -s optout -- init');
  }, 60_000);

  test('init is idempotent; migrate needs --yes; after migrate the old settings are refused and the new ones read', async () => {
    const outputs: string[] = [];
    const step = async (argv: string[], extra: Record<string, string> = {}) => {
      const r = await run(argv, extra);
      outputs.push(r.out);
      return r;
    };
    const init = await step(['init', '--format', 'json']);
    expect(init.code).toBe(0);
    expect(JSON.parse(init.out.trim())).toEqual({ result: 'exists', ledgerId: oldLedgerId, createdMaps: 0, repairedMaps: [] });
    const refusedInit = await step(['init'], { LEDGER_SHARDS: '8' });
    expect(refusedInit.code).toBe(1);
    expect(refusedInit.out).toContain('(layout)');
    expect(identityOf()?.layout).toEqual({ backend: 'sync', mapPrefix: 'optout-ledger', shards: 4 });

    const noYes = await step(['migrate', '--to-prefix', 'optout-v2', '--to-shards', '8']);
    expect(noYes.code).toBe(1);
    expect(identityOf()?.state).toBe('active');
    const refusedUsage = await step(['migrate']);
    expect(refusedUsage.code).toBe(2);
    const noNumbers = await step(
      ['migrate', '--to-prefix', 'optout-v2', '--to-secret-env', 'NEW_OPTOUT_SECRET', '--settle-ms', '5', '--yes'],
      { NEW_OPTOUT_SECRET: NEW_SECRET },
    );
    expect(noNumbers.code).toBe(1);
    expect(noNumbers.out).toContain('numbers_required');
    expect(identityOf()?.state).toBe('active');

    const migrated = await step([
      'migrate',
      '--to-prefix',
      'optout-v2',
      '--to-shards',
      '8',
      '--settle-ms',
      '5',
      '--yes',
      '--format',
      'json',
    ]);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.out.trim())).toEqual({
      result: 'migrated',
      copied: 30,
      rekeyed: false,
      ledgerId: oldLedgerId,
      movedJobs: 0,
      movedPending: 0,
    });

    const oldStatus = await step(['status', CANARY_PHONE]);
    expect(oldStatus.code).toBe(3);
    expect(oldStatus.out).toContain('treat the number as opted out');
    const newStatus = await step(['status', CANARY_PHONE, '--format', 'json'], { LEDGER_MAP_PREFIX: 'optout-v2', LEDGER_SHARDS: '8' });
    expect(newStatus.code).toBe(0);
    expect(JSON.parse(newStatus.out.trim())).toMatchObject({ optedOut: true });
    for (const o of outputs) expect(findCanary(o)).toBeUndefined();
  }, 120_000);

  test('re-keying with --numbers-file: a file missing one number is refused (count only), the full file re-keys; numbers never echoed', async () => {
    const partial = join(dir, 'partial.txt');
    writeFileSync(partial, `${NUMBERS.filter((n) => n !== CANARY_PHONE).join('\n')}\n`);
    const full = join(dir, 'numbers.txt');
    writeFileSync(full, `${[...NUMBERS, ...OTHERS].join('\r\n')}\r\n\r\n`);
    const secretEnv = { NEW_OPTOUT_SECRET: NEW_SECRET };
    const argv = (file: string) => [
      'migrate',
      '--to-prefix',
      'optout-v2',
      '--to-secret-env',
      'NEW_OPTOUT_SECRET',
      '--numbers-file',
      file,
      '--settle-ms',
      '5',
      '--yes',
      '--format',
      'json',
    ];

    const refused = await run(argv(partial), secretEnv);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('records_unmatched (1)');
    expect(findCanary(refused.out)).toBeUndefined();
    expect(identityOf()?.state).toBe('active');

    const shortSecret = await run(argv(full), { NEW_OPTOUT_SECRET: 'too-short' });
    expect(shortSecret.code).toBe(2);
    expect(shortSecret.out).not.toContain('too-short');

    const migrated = await run(argv(full), secretEnv);
    expect(findCanary(migrated.out)).toBeUndefined();
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.out.trim())).toEqual({
      result: 'migrated',
      copied: 30,
      rekeyed: true,
      ledgerId: oldLedgerId,
      movedJobs: 0,
      movedPending: 0,
    });
    const status = await run(['status', CANARY_PHONE, '--format', 'json'], {
      LEDGER_MAP_PREFIX: 'optout-v2',
      OPTOUT_HMAC_SECRET: NEW_SECRET,
    });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out.trim())).toMatchObject({ optedOut: true });
    expect(findCanary(status.out)).toBeUndefined();
    expect(migrated.out + status.out).not.toContain(NEW_SECRET);
  }, 120_000);

  test('migrate --to-shards 8 --yes completes and LEDGER_SHARDS=8 then reads the opt-outs', async () => {
    const migrated = await run(['migrate', '--to-shards', '8', '--settle-ms', '5', '--yes', '--format', 'json']);
    expect(findCanary(migrated.out)).toBeUndefined();
    expect(migrated.code).toBe(0);
    const newStatus = await run(['status', CANARY_PHONE, '--format', 'json'], { LEDGER_SHARDS: '8' });
    expect(newStatus.code).toBe(0);
    expect(JSON.parse(newStatus.out.trim())).toMatchObject({ optedOut: true });
  }, 60_000);
});
