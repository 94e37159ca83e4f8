/**
 * The ledger's identity: which layout (backend, map prefix, shard count), key scheme and HMAC
 * secret its records were written with. Stored beside the records (Sync: item `identity` in map
 * `{prefix}-meta`; files: `identity.json` in the ledger directory) when the ledger is set
 * up (`optout init`, or the local profile on first `npm start`), and verified before any read is
 * trusted. A ledger whose identity is missing, retired or different from the configuration is
 * *unreadable*: the records it would return could belong to another layout, secret or service, so
 * "no record" would silently mean "never opted out". Callers fail closed.
 *
 * The secret is never stored: only a keyed fingerprint (HMAC of a fixed label with the secret).
 */
import { clearShardMapCache } from './shard-map-cache';
import { createHmac, randomBytes } from 'node:crypto';
import { StoreError, type KvStore } from '../state/kv';

export const IDENTITY_KEY = 'identity';
export const KEY_SCHEME = 'hmac-sha256-e164';
/** A verified identity is trusted this long in a warm container before it is read again. */
export const IDENTITY_CACHE_MS = 60_000;

export type LedgerLayout = { backend: 'sync'; mapPrefix: string; shards: number } | { backend: 'file' };

export interface LedgerIdentity {
  v: 1;
  /** Random id of this ledger; pin it with LEDGER_ID so a ledger in another service is refused. */
  ledgerId: string;
  keyScheme: typeof KEY_SCHEME;
  layout: LedgerLayout;
  secretFingerprint: string;
  /** `migrating`: an `optout migrate` is copying it; `retired`: replaced by another layout. */
  state: 'active' | 'migrating' | 'retired';
  createdAt: string;
}

export interface ExpectedIdentity {
  layout: LedgerLayout;
  secret: string;
  /** LEDGER_ID when configured. */
  ledgerId?: string;
}

export type IdentityProblem = 'missing' | 'malformed' | 'not_active' | 'layout' | 'secret' | 'ledger_id';

/** The ledger cannot be trusted: treated as unreadable (no send, no acknowledgement). */
export class LedgerIdentityError extends StoreError {
  constructor(readonly problem: IdentityProblem) {
    super(false, null);
    this.message = `opt-out ledger identity check failed: ${problem}`;
    this.name = 'LedgerIdentityError';
  }
}

export function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('optout-ledger-identity/v1', 'utf8').digest('hex').slice(0, 32);
}

export function sameLayout(a: LedgerLayout, b: LedgerLayout): boolean {
  if (a.backend !== b.backend) return false;
  if (a.backend === 'file' || b.backend === 'file') return true;
  return a.mapPrefix === b.mapPrefix && a.shards === b.shards;
}

function isIdentity(value: unknown): value is LedgerIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LedgerIdentity>;
  return (
    v.v === 1 &&
    typeof v.ledgerId === 'string' &&
    v.keyScheme === KEY_SCHEME &&
    typeof v.secretFingerprint === 'string' &&
    typeof v.layout === 'object' &&
    v.layout !== null
  );
}

/** The first problem with `found` against what the configuration expects, or null when it matches. */
export function identityProblem(found: unknown, expected: ExpectedIdentity): IdentityProblem | null {
  if (found === null || found === undefined) return 'missing';
  if (!isIdentity(found)) return 'malformed';
  if (found.state !== 'active') return 'not_active';
  if (!sameLayout(found.layout, expected.layout)) return 'layout';
  if (found.secretFingerprint !== secretFingerprint(expected.secret)) return 'secret';
  if (expected.ledgerId !== undefined && found.ledgerId !== expected.ledgerId) return 'ledger_id';
  return null;
}

export function newIdentity(expected: ExpectedIdentity, now: number): LedgerIdentity {
  return {
    v: 1,
    ledgerId: expected.ledgerId ?? `LD${randomBytes(16).toString('hex')}`,
    keyScheme: KEY_SCHEME,
    layout: expected.layout,
    secretFingerprint: secretFingerprint(expected.secret),
    state: 'active',
    createdAt: new Date(now).toISOString(),
  };
}

/**
 * What the ledger calls before trusting any read: throws LedgerIdentityError (or StoreError).
 * Resolves to the epoch ms until which the verification holds (writes must land before it, so a
 * migration that freezes the ledger and waits IDENTITY_CACHE_MS never races a late write), or
 * nothing when unbounded.
 */
export interface IdentityGuard {
  verify(): Promise<number | void>;
}

const verifiedUntil = new Map<string, number>();

/** Forgets every cached verification, shard maps seen included (tests; `optout migrate` in the same process). */
export function clearIdentityCache(): void {
  verifiedUntil.clear();
  clearShardMapCache();
}

/** Reads the stored identity and compares it; a match is cached for IDENTITY_CACHE_MS under `cacheKey`. */
export class StoredIdentityGuard implements IdentityGuard {
  constructor(
    private readonly store: KvStore<LedgerIdentity>,
    private readonly expected: ExpectedIdentity,
    /** Where this identity lives (service + map, or directory): the cache key together with the expectation. */
    private readonly location: string,
    private readonly now: () => number = Date.now,
  ) {}

  private cacheKey(): string {
    return JSON.stringify([this.location, this.expected.layout, secretFingerprint(this.expected.secret), this.expected.ledgerId ?? null]);
  }

  async verify(): Promise<number> {
    const key = this.cacheKey();
    const until = verifiedUntil.get(key);
    if (until !== undefined && until > this.now()) return until;
    const found = await this.store.read(IDENTITY_KEY);
    const problem = identityProblem(found?.value ?? null, this.expected);
    if (problem !== null) {
      verifiedUntil.delete(key);
      throw new LedgerIdentityError(problem);
    }
    const validUntil = this.now() + IDENTITY_CACHE_MS;
    verifiedUntil.set(key, validUntil);
    return validUntil;
  }
}

export type InitOutcome =
  | { kind: 'created'; identity: LedgerIdentity }
  | { kind: 'exists'; identity: LedgerIdentity }
  | { kind: 'conflict'; problem: IdentityProblem };

/**
 * Writes the identity if there is none (create-if-absent, so two concurrent inits agree). An
 * existing identity is never overwritten: a matching one is reported, a different one is a conflict.
 */
export async function initIdentity(store: KvStore<LedgerIdentity>, expected: ExpectedIdentity, now: number): Promise<InitOutcome> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const found = await store.read(IDENTITY_KEY);
    if (found !== null) {
      const problem = identityProblem(found.value, expected);
      return problem === null ? { kind: 'exists', identity: found.value } : { kind: 'conflict', problem };
    }
    const identity = newIdentity(expected, now);
    if ((await store.write(IDENTITY_KEY, identity, null)) === 'ok') return { kind: 'created', identity };
  }
  throw new StoreError(true, null);
}
