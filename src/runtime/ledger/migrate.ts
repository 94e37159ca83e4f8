/**
 * Moves a Sync ledger to another layout (shard count, map prefix) and/or HMAC secret without ever
 * leaving a window in which an opted-out number reads as "never opted out":
 *
 *  1. the old identity must match the old settings (the old secret is proven by its fingerprint);
 *     the new ledger must have no identity yet;
 *  2. re-keying (a new secret) needs every patient number: an HMAC cannot be reversed, so the
 *     caller supplies the numbers, and every old record must be matched by one, or nothing happens;
 *  3. the old identity is set to `migrating` (every reader and writer now fails closed), and the
 *     migration waits until warm containers' cached verifications have expired;
 *  4. every record is copied (re-keyed when asked), other state keyed with the secret is moved
 *     (`afterCopy`), the new identity is written `active`, and the old one `retired` (or, when both
 *     share the identity item because the prefix stays, replaced in one compare-and-swap write).
 *     A failure before the new identity is active puts the old one back to `active`; a re-run
 *     after a failure overwrites what the failed run copied (the target was never live).
 *
 * Old records are left in place (for audit and rollback); nothing is deleted.
 */
import { IDENTITY_KEY, identityProblem, newIdentity, type ExpectedIdentity, type LedgerIdentity } from './identity';
import { ledgerKey } from './key';
import type { LedgerRecord } from './record';
import type { KvStore } from '../state/kv';

export interface LedgerSide {
  expected: ExpectedIdentity;
  identity: KvStore<LedgerIdentity>;
  /** Where the identity item lives: old and new share it when the map prefix does not change. */
  identityLocation: string;
  records: KvStore<LedgerRecord>;
  /** Every record key in this ledger. */
  listKeys(): Promise<string[]>;
  /** Creates the storage the records need before any is written (Sync: every shard map). */
  createMaps(): Promise<string[]>;
}

export interface MigrateOptions {
  /** Patient numbers, required when the secret changes (re-keying). */
  numbers?: readonly string[];
  /** How long to wait after freezing the old ledger (cached verifications expire). */
  settleMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Runs after the records are copied and before the new identity is active (the ledger is still
   * frozen): moves other state keyed with the secret (queued consent jobs, pending reminders).
   * `rekey` maps an old ledger key to the new one; null when the secret does not change.
   */
  afterCopy?: (rekey: Map<string, string> | null) => Promise<void>;
}

export type MigrateRefusal =
  'old_identity' | 'same_ledger' | 'target_exists' | 'numbers_required' | 'records_unmatched' | 'copy_failed' | 'state_changed';

export class MigrateError extends Error {
  constructor(
    readonly refusal: MigrateRefusal,
    /** A count for people (e.g. how many records no number matched); never data. */
    readonly count = 0,
  ) {
    super(`migration refused: ${refusal}${count ? ` (${count})` : ''}`);
    this.name = 'MigrateError';
  }
}

export interface MigrateResult {
  copied: number;
  rekeyed: boolean;
  ledgerId: string;
}

async function setState(side: LedgerSide, state: LedgerIdentity['state']): Promise<void> {
  const found = await side.identity.read(IDENTITY_KEY);
  if (!found) throw new MigrateError('state_changed');
  if ((await side.identity.write(IDENTITY_KEY, { ...found.value, state }, found.revision)) !== 'ok')
    throw new MigrateError('state_changed');
}

function keyMap(from: LedgerSide, to: LedgerSide, keys: readonly string[], numbers: readonly string[] | undefined): Map<string, string> {
  const rekey = from.expected.secret !== to.expected.secret;
  if (!rekey) return new Map(keys.map((k) => [k, k]));
  if (!numbers) throw new MigrateError('numbers_required');
  const byOld = new Map<string, string>();
  for (const n of numbers) byOld.set(ledgerKey(from.expected.secret, n), ledgerKey(to.expected.secret, n));
  const unmatched = keys.filter((k) => !byOld.has(k)).length;
  if (unmatched > 0) throw new MigrateError('records_unmatched', unmatched);
  return new Map(keys.map((k) => [k, byOld.get(k) as string]));
}

/**
 * Writes `value` at `key` in the target. The target is not live yet (no active identity), so an
 * item already there (a retry after a failed run, or the very same item when only the shard count
 * changes and the key stays in its map) is overwritten.
 */
async function copyTo(store: KvStore<LedgerRecord>, key: string, value: LedgerRecord): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const found = await store.read(key);
    if ((await store.write(key, value, found?.revision ?? null)) === 'ok') return;
  }
  throw new MigrateError('copy_failed');
}

/** Full re-key map over the supplied numbers (also numbers with no record yet: queued jobs may name them). */
function rekeyMap(from: LedgerSide, to: LedgerSide, numbers: readonly string[] | undefined): Map<string, string> | null {
  if (from.expected.secret === to.expected.secret) return null;
  const out = new Map<string, string>();
  for (const n of numbers ?? []) out.set(ledgerKey(from.expected.secret, n), ledgerKey(to.expected.secret, n));
  return out;
}

export async function migrateLedger(from: LedgerSide, to: LedgerSide, opts: MigrateOptions): Promise<MigrateResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const old = await from.identity.read(IDENTITY_KEY);
  if (identityProblem(old?.value ?? null, from.expected) !== null) throw new MigrateError('old_identity');
  if (JSON.stringify(from.expected.layout) === JSON.stringify(to.expected.layout) && from.expected.secret === to.expected.secret) {
    throw new MigrateError('same_ledger');
  }
  const sharedIdentity = from.identityLocation === to.identityLocation;
  if (!sharedIdentity && (await to.identity.read(IDENTITY_KEY)) !== null) throw new MigrateError('target_exists');
  // Refuse before freezing anything when a record could not be re-keyed.
  keyMap(from, to, await from.listKeys(), opts.numbers);
  // The target's shard maps exist before any record or its identity is written (see sync-store.ts).
  await to.createMaps();

  await setState(from, 'migrating');
  let activated = false;
  try {
    await sleep(opts.settleMs);
    const keys = await from.listKeys();
    const map = keyMap(from, to, keys, opts.numbers);
    let copied = 0;
    for (const key of keys) {
      const record = await from.records.read(key);
      if (!record) continue;
      await copyTo(to.records, map.get(key) as string, record.value);
      copied += 1;
    }
    await opts.afterCopy?.(rekeyMap(from, to, opts.numbers));
    const identity = newIdentity({ ...to.expected, ledgerId: (old as { value: LedgerIdentity }).value.ledgerId }, now());
    if (sharedIdentity) {
      // One identity item for both: the frozen old identity becomes the new one in a single CAS write.
      const frozen = await to.identity.read(IDENTITY_KEY);
      if (frozen?.value.state !== 'migrating' || (await to.identity.write(IDENTITY_KEY, identity, frozen.revision)) !== 'ok')
        throw new MigrateError('state_changed');
      activated = true;
    } else {
      if ((await to.identity.write(IDENTITY_KEY, identity, null)) !== 'ok') throw new MigrateError('target_exists');
      activated = true;
      await setState(from, 'retired');
    }
    return { copied, rekeyed: from.expected.secret !== to.expected.secret, ledgerId: identity.ledgerId };
  } catch (err) {
    if (!activated) await setState(from, 'active').catch(() => undefined);
    throw err;
  }
}
