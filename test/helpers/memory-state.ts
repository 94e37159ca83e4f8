/** In-memory KvStore / QueueStore / StateStores with scripted failures and a settable clock, for core tests. */
import { StoreError, type KvStore, type Versioned, type WriteOptions, type WriteOutcome } from '../../src/runtime/state/kv';
import type { QueueItem, QueueStore } from '../../src/runtime/state/queue';
import type { CollectionName, StateStores } from '../../src/runtime/state/factory';

export class Clock {
  constructor(public t: number = Date.parse('2026-11-23T15:00:00Z')) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export class MemoryKv<T> implements KvStore<T> {
  readonly kind = 'sync' as const;
  readonly data = new Map<string, { value: T; revision: number; expiresAt: number | null }>();
  /** Errors thrown by the next calls (read, write or remove), in order. */
  readonly failures: StoreError[] = [];
  /** Errors thrown by the next writes only (after any `failures`). */
  readonly writeFailures: StoreError[] = [];
  /** When set, every call fails with it. */
  down: StoreError | null = null;
  writes = 0;

  constructor(private readonly clock: Clock = new Clock()) {}

  private live(key: string) {
    const found = this.data.get(key);
    if (!found || (found.expiresAt !== null && found.expiresAt <= this.clock.now())) return undefined;
    return found;
  }

  private fail(): void {
    if (this.down) throw this.down;
    const f = this.failures.shift();
    if (f) throw f;
  }

  async read(key: string): Promise<Versioned<T> | null> {
    this.fail();
    const found = this.live(key);
    return found ? { value: structuredClone(found.value), revision: String(found.revision) } : null;
  }

  async write(key: string, value: T, revision: string | null, opts: WriteOptions = {}): Promise<WriteOutcome> {
    this.fail();
    const writeFailure = this.writeFailures.shift();
    if (writeFailure) throw writeFailure;
    const found = this.live(key);
    if ((found ? String(found.revision) : null) !== revision) return 'conflict';
    this.writes += 1;
    const expiresAt = opts.ttlSeconds !== undefined ? this.clock.now() + opts.ttlSeconds * 1000 : null;
    const next = (this.data.get(key)?.revision ?? 0) + 1;
    this.data.set(key, { value: structuredClone(value), revision: next, expiresAt });
    opts.onRevision?.(String(next));
    return 'ok';
  }

  async remove(key: string): Promise<void> {
    this.fail();
    this.data.delete(key);
  }

  /** Every stored value, serialised: for canary scans. */
  dump(): string {
    return JSON.stringify([...this.data.entries()]);
  }
}

export class MemoryQueue<T> implements QueueStore<T> {
  readonly kind = 'sync' as const;
  readonly items = new Map<number, { value: T; revision: number }>();
  readonly failures: StoreError[] = [];
  private next = 0;

  private fail(): void {
    const f = this.failures.shift();
    if (f) throw f;
  }

  async append(value: T): Promise<string> {
    this.fail();
    const index = this.next++;
    this.items.set(index, { value: structuredClone(value), revision: 0 });
    return String(index);
  }

  async head(limit: number): Promise<QueueItem<T>[]> {
    this.fail();
    return [...this.items.entries()]
      .sort(([a], [b]) => a - b)
      .slice(0, limit)
      .map(([index, i]) => ({ index: String(index), value: structuredClone(i.value), revision: String(i.revision) }));
  }

  async update(index: string, value: T, revision: string): Promise<'ok' | 'conflict'> {
    this.fail();
    const found = this.items.get(Number(index));
    if (!found || String(found.revision) !== revision) return 'conflict';
    this.items.set(Number(index), { value: structuredClone(value), revision: found.revision + 1 });
    return 'ok';
  }

  async remove(index: string): Promise<void> {
    this.fail();
    this.items.delete(Number(index));
  }

  values(): T[] {
    return [...this.items.values()].map((i) => i.value);
  }
}

export class MemoryState implements StateStores {
  readonly kvs = new Map<string, MemoryKv<unknown>>();
  readonly queues = new Map<string, MemoryQueue<unknown>>();
  constructor(readonly clock: Clock = new Clock()) {}
  kv<T>(name: CollectionName): KvStore<T> {
    if (!this.kvs.has(name)) this.kvs.set(name, new MemoryKv<unknown>(this.clock));
    return this.kvs.get(name) as unknown as KvStore<T>;
  }
  queue<T>(name: CollectionName): QueueStore<T> {
    if (!this.queues.has(name)) this.queues.set(name, new MemoryQueue<unknown>());
    return this.queues.get(name) as unknown as QueueStore<T>;
  }
}
