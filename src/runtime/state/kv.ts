/**
 * The state stores every feature keeps its records in: a versioned key-value store with
 * compare-and-swap writes and optional expiry (Sync Map items when deployed, files under the local
 * profile), and `casUpdate`, the one read-modify-write loop with retries inside a time budget.
 * Keys are never raw patient data: callers pass HMACs or SIDs.
 */
/** A store failure. `transient` ones (rate limits, 5xx, timeouts) are retried; others are not. */
export class StoreError extends Error {
  constructor(
    readonly transient: boolean,
    /** A Twilio error code or HTTP status, safe to log; never a message from the server. */
    readonly code: number | null,
  ) {
    super(transient ? 'state store temporarily unavailable' : 'state store failed');
    this.name = 'StoreError';
  }
}

export interface Versioned<T> {
  value: T;
  revision: string;
}

export type WriteOutcome = 'ok' | 'conflict';

export interface WriteOptions {
  /** Expire the record this many seconds after the write (Sync item TTL). */
  ttlSeconds?: number;
  /** Told the stored revision after a successful write (so a follow-up write needs no read). */
  onRevision?: (revision: string) => void;
}

export interface KvStore<T> {
  readonly kind: 'sync' | 'file';
  /** The stored value, or null when there is none (or it expired). Throws StoreError when it cannot tell. */
  read(key: string): Promise<Versioned<T> | null>;
  /** Creates (revision null) or replaces (revision given) the value; 'conflict' when someone wrote first. */
  write(key: string, value: T, revision: string | null, opts?: WriteOptions): Promise<WriteOutcome>;
  /** Removes the value if present (no error when absent). */
  remove(key: string): Promise<void>;
}

/** What a mutation decides: a value to store (with its TTL), or null to leave the record alone. */
export interface Mutation<T, R> {
  next: T | null;
  result: R;
  ttlSeconds?: number;
}

export interface CasTiming {
  budgetMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Thrown when a CAS update could not be stored within its budget, or hit a permanent store error. */
export class CasError extends Error {
  constructor(
    readonly attempts: number,
    readonly code: number | null,
  ) {
    super('state write did not complete');
    this.name = 'CasError';
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-modify-write until stored: conflicts retry at once with jitter, transient store errors with
 * exponential backoff, all inside `budgetMs`. Returns the mutation's result, the attempts used and,
 * when the store reports it, the revision written (null when nothing was written). `known` (a value
 * and revision this caller wrote or read itself, or null for "absent") replaces the first read: one request when no one wrote since.
 */
export async function casUpdate<T, R>(
  store: KvStore<T>,
  key: string,
  mutate: (current: T | null) => Mutation<T, R>,
  timing: CasTiming,
  known?: Versioned<T> | null,
): Promise<{ result: R; attempts: number; written: Versioned<T> | null }> {
  const now = timing.now ?? Date.now;
  const sleep = timing.sleep ?? defaultSleep;
  const random = timing.random ?? Math.random;
  const deadline = now() + timing.budgetMs;
  let attempts = 0;
  let lastCode: number | null = null;
  let backoffMs = 50;
  let seed: Versioned<T> | null | undefined = known;
  while (now() < deadline) {
    attempts += 1;
    try {
      const current = seed !== undefined ? seed : await store.read(key);
      seed = undefined;
      const m = mutate(current?.value ?? null);
      if (m.next === null) return { result: m.result, attempts, written: null };
      let revision: string | null = null;
      const opts: WriteOptions = { onRevision: (r) => (revision = r), ...(m.ttlSeconds === undefined ? {} : { ttlSeconds: m.ttlSeconds }) };
      if ((await store.write(key, m.next, current?.revision ?? null, opts)) === 'ok') {
        return { result: m.result, attempts, written: revision === null ? null : { value: m.next, revision } };
      }
      await sleep(Math.floor(random() * 25));
    } catch (err) {
      if (!(err instanceof StoreError) || !err.transient) {
        throw new CasError(attempts, err instanceof StoreError ? err.code : null);
      }
      lastCode = err.code;
      const wait = Math.min(backoffMs + Math.floor(random() * backoffMs), Math.max(0, deadline - now()));
      backoffMs = Math.min(backoffMs * 2, 1000);
      await sleep(wait);
    }
  }
  throw new CasError(attempts, lastCode);
}
