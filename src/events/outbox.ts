/**
 * The event outbox: every event is appended to a durable queue (a Sync List) before anyone tries
 * to deliver it, and removed only after the clinic answered 2xx, so a clinic outage never loses
 * one. `drain` leases items with a compare-and-swap update (so concurrent drains rarely deliver
 * twice; the clinic still dedupes on eventId), stops at the first failure (the endpoint is down:
 * do not hammer it), and the lease doubles as the item's backoff.
 */
import type { PhiFreeLogger } from '../core/log';
import type { QueueStore } from '../state/queue';
import type { Deliver } from './deliver';
import type { ClinicEvent } from './event';

export interface OutboxEntry {
  event: ClinicEvent;
  attempts: number;
  /** Epoch ms before which no one else should try this item (lease or backoff). */
  notBefore: number;
}

export interface DrainResult {
  delivered: number;
  failed: number;
  /** Items seen but left for later (leased by another drain, or backing off). */
  skipped: number;
}

/** Longer than one delivery attempt (DELIVERY_TIMEOUT_MS) plus the queue writes around it. */
export const LEASE_MS = 5_000;
export const MAX_BACKOFF_MS = 300_000;
export const DELIVERY_TIMEOUT_MS = 2_500;

/** When attempt `attempts` (1-based) may be followed by the next: the lease, then doubling to 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.max(LEASE_MS, Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS));
}

export class EventOutbox {
  constructor(
    private readonly queue: QueueStore<OutboxEntry>,
    private readonly deliver: Deliver,
    private readonly log: PhiFreeLogger,
    private readonly now: () => number = Date.now,
  ) {}

  async enqueue(event: ClinicEvent): Promise<void> {
    await this.queue.append({ event, attempts: 0, notBefore: 0 });
  }

  /** Tries the oldest `max` items until `budgetMs` is spent or a delivery fails. */
  async drain(max: number, budgetMs: number): Promise<DrainResult> {
    const deadline = this.now() + budgetMs;
    const out: DrainResult = { delivered: 0, failed: 0, skipped: 0 };
    for (const item of await this.queue.head(max)) {
      if (this.now() >= deadline) break;
      if (item.value.notBefore > this.now()) {
        out.skipped += 1;
        continue;
      }
      const attempts = item.value.attempts + 1;
      // The lease doubles as the backoff: if this attempt fails, the item waits until notBefore.
      const leased: OutboxEntry = { ...item.value, attempts, notBefore: this.now() + retryDelayMs(attempts) };
      if ((await this.queue.update(item.index, leased, item.revision)) !== 'ok') {
        out.skipped += 1;
        continue;
      }
      const result = await this.deliver(item.value.event);
      if (result.ok) {
        await this.queue.remove(item.index);
        out.delivered += 1;
        continue;
      }
      out.failed += 1;
      this.log.warn('events.delivery_failed', { status: String(result.status), attempts });
      break;
    }
    return out;
  }
}
