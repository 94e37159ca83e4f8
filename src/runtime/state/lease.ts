/**
 * The one lease loop of the durable queues (clinic-event outbox, consent jobs): walk the oldest
 * `max` items until the budget is spent, skip items still backing off, and lease each due item with
 * a compare-and-swap update (attempts + 1, notBefore = now + the retry delay), so two concurrent
 * drains never work the same item and a failed attempt leaves the item backing off.
 */
import type { QueueItem, QueueStore } from './queue';

export interface Leasable {
  attempts: number;
  /** Epoch ms before which no one else should try this item (lease or backoff). */
  notBefore: number;
}

export interface Leased<T> {
  item: QueueItem<T>;
  /** The value as written by the lease. */
  leased: T;
  attempts: number;
}

export interface LeaseOptions {
  max: number;
  budgetMs: number;
  now: () => number;
  /** How long an item waits after attempt `attempts` (1-based): the lease, then backoff. */
  retryDelayMs: (attempts: number) => number;
  /** Called for each item seen but left for later (backing off, or leased by another drain). */
  onSkip: () => void;
}

export async function* leaseDue<T extends Leasable>(queue: QueueStore<T>, opts: LeaseOptions): AsyncGenerator<Leased<T>> {
  const deadline = opts.now() + opts.budgetMs;
  for (const item of await queue.head(opts.max)) {
    if (opts.now() >= deadline) return;
    if (item.value.notBefore > opts.now()) {
      opts.onSkip();
      continue;
    }
    const attempts = item.value.attempts + 1;
    const leased: T = { ...item.value, attempts, notBefore: opts.now() + opts.retryDelayMs(attempts) };
    if ((await queue.update(item.index, leased, item.revision)) !== 'ok') {
      opts.onSkip();
      continue;
    }
    yield { item, leased, attempts };
  }
}
