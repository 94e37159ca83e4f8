/**
 * The layout of sharded state (STATE_SHARDS): the per-number reminder records spread over
 * `{name}-{shard}` Sync Maps (Sync allows about 20 reads/s and 20 writes/s per Map). A different
 * shard count would look for records in the wrong map: a patient's scheduled reminders would not
 * be found to cancel after STOP, nor a send-once entry to stop a resend. So the layout is recorded
 * on first use (item `layout` in map `{name}-meta`) and every container checks it once (cached for
 * LAYOUT_CACHE_MS, like the ledger identity) before it reads or writes: a mismatch, or records in
 * the unsharded map when sharding is first switched on, fails closed (nothing is sent).
 */
import { StoreError, type KvStore, type Versioned, type WriteOptions, type WriteOutcome } from './kv';

export const LAYOUT_KEY = 'layout';
export const LAYOUT_CACHE_MS = 60_000;

export interface StateLayout {
  v: 1;
  shards: number;
}

export type LayoutProblem = 'layout' | 'unsharded_records';

/** The recorded layout differs from STATE_SHARDS, or sharding was switched on over unsharded records. */
export class StateLayoutError extends StoreError {
  constructor(readonly problem: LayoutProblem) {
    super(false, null);
    this.name = 'StateLayoutError';
  }
}

const verifiedUntil = new Map<string, number>();

export function clearLayoutCache(): void {
  verifiedUntil.clear();
}

export class StateLayoutGuard {
  constructor(
    private readonly meta: KvStore<StateLayout>,
    private readonly shards: number,
    /** Service and collection: the cache key together with the shard count. */
    private readonly location: string,
    /** True when the unsharded map holds no records (checked once, when sharding is first recorded). */
    private readonly unshardedEmpty: () => Promise<boolean>,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(): Promise<void> {
    const key = `${this.location}#${this.shards}`;
    const until = verifiedUntil.get(key);
    if (until !== undefined && until > this.now()) return;
    let found = await this.meta.read(LAYOUT_KEY);
    if (found === null) {
      if (this.shards > 1 && !(await this.unshardedEmpty())) throw new StateLayoutError('unsharded_records');
      if ((await this.meta.write(LAYOUT_KEY, { v: 1, shards: this.shards }, null)) === 'conflict') found = await this.meta.read(LAYOUT_KEY);
    }
    if (found !== null && found.value?.shards !== this.shards) {
      verifiedUntil.delete(key);
      throw new StateLayoutError('layout');
    }
    verifiedUntil.set(key, this.now() + LAYOUT_CACHE_MS);
  }
}

/** A KvStore that checks the layout before every call (one read per container and LAYOUT_CACHE_MS). */
export class LayoutCheckedKv<T> implements KvStore<T> {
  readonly kind: KvStore<T>['kind'];
  constructor(
    private readonly inner: KvStore<T>,
    private readonly guard: StateLayoutGuard,
  ) {
    this.kind = inner.kind;
  }

  async read(key: string): Promise<Versioned<T> | null> {
    await this.guard.verify();
    return this.inner.read(key);
  }

  async write(key: string, value: T, revision: string | null, opts?: WriteOptions): Promise<WriteOutcome> {
    await this.guard.verify();
    return this.inner.write(key, value, revision, opts);
  }

  async remove(key: string): Promise<void> {
    await this.guard.verify();
    return this.inner.remove(key);
  }
}
