/**
 * The event outbox: every event is appended to a durable queue (a Sync List) before anyone tries
 * to deliver it, and removed only after the clinic answered 2xx, so a clinic outage never loses
 * one. `drain` leases items with a compare-and-swap update (so concurrent drains rarely deliver
 * twice; the clinic still dedupes on eventId), and the lease doubles as the item's backoff. What
 * happens after a failed attempt depends on the failure (`classifyDelivery`):
 *
 * - a transport failure (network error, timeout, 5xx, 408, 429, redirect) stops the drain: the
 *   endpoint is unwell, do not hammer it. The item stays where it is and backs off;
 * - a permanent refusal (any other 4xx) does not stop the drain: the refusal is counted and the
 *   entry moves to the tail of the queue with its backoff, so refused events never fill the window
 *   of oldest items a drain reads and newer events keep flowing. After `MAX_REFUSALS` refusals it
 *   moves to the dead-letter queue (`clinic-events-dead`) instead, where support can list and
 *   requeue it (`npm run -s events -- dead ...`).
 *
 * Every move appends first and removes second: a crash in between leaves the event in both places
 * (delivered or listed twice, which the clinic's dedupe and the requeue absorb), never in neither.
 */
import type { LogFields, PhiFreeLogger } from '../core/log';
import { leaseDue } from '../state/lease';
import type { QueueStore } from '../state/queue';
import { refusalStatus, type Deliver } from './deliver';
import type { ClinicEvent } from './event';

export interface OutboxEntry {
  event: ClinicEvent;
  /** Delivery attempts so far, whatever their outcome. */
  attempts: number;
  /** Epoch ms before which no one else should try this item (lease or backoff). */
  notBefore: number;
  /** How often the clinic permanently refused this event (absent: never). */
  refusals?: number;
  /** The HTTP status of the latest refusal. */
  lastStatus?: number;
}

/** An event the clinic refused `MAX_REFUSALS` times, kept in the dead-letter queue until requeued. */
export interface DeadLetterEntry {
  event: ClinicEvent;
  attempts: number;
  refusals: number;
  /** The HTTP status of the last refusal (4xx). */
  lastStatus: number;
  /** ISO 8601, when it was moved here. */
  deadAt: string;
}

export interface DrainResult {
  delivered: number;
  /** Attempts that did not deliver: transport failures and refusals. */
  failed: number;
  /** Of `failed`: permanent refusals (the drain went on). */
  refused: number;
  /** Of `refused`: entries moved to the dead-letter queue. */
  deadLettered: number;
  /** Items seen but left for later (leased by another drain, or backing off). */
  skipped: number;
}

/** Longer than one delivery attempt (DELIVERY_TIMEOUT_MS) plus the queue writes around it. */
export const LEASE_MS = 5_000;
export const MAX_BACKOFF_MS = 300_000;
export const DELIVERY_TIMEOUT_MS = 2_500;
/** Permanent refusals after which an event moves to the dead-letter queue. */
export const MAX_REFUSALS = 5;

/** When attempt `attempts` (1-based) may be followed by the next: the lease, then doubling to 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.max(LEASE_MS, Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS));
}

/** The event's SID as a log field (event ids are MessageSid / CallSid based; the logger checks the shape). */
function sidField(event: ClinicEvent): LogFields {
  if (event.messageSid !== undefined) return { messageSid: event.messageSid };
  if (event.callSid !== undefined) return { callSid: event.callSid };
  return {};
}

export class EventOutbox {
  /**
   * `dead`: the dead-letter queue. Without one, refused events still move out of the way and back
   * off (capped at MAX_BACKOFF_MS) but stay in the outbox: nothing is ever dropped.
   */
  constructor(
    private readonly queue: QueueStore<OutboxEntry>,
    private readonly deliver: Deliver,
    private readonly log: PhiFreeLogger,
    private readonly now: () => number = Date.now,
    private readonly dead: QueueStore<DeadLetterEntry> | null = null,
  ) {}

  async enqueue(event: ClinicEvent): Promise<void> {
    await this.queue.append({ event, attempts: 0, notBefore: 0 });
  }

  /** Tries the oldest `max` items until `budgetMs` is spent or a transport failure. */
  async drain(max: number, budgetMs: number): Promise<DrainResult> {
    const out: DrainResult = { delivered: 0, failed: 0, refused: 0, deadLettered: 0, skipped: 0 };
    // The lease doubles as the backoff: if this attempt fails, the item waits until notBefore.
    const due = leaseDue(this.queue, { max, budgetMs, now: this.now, retryDelayMs, onSkip: () => (out.skipped += 1) });
    for await (const { item, leased, attempts } of due) {
      const result = await this.deliver(item.value.event);
      if (result.ok) {
        await this.queue.remove(item.index);
        out.delivered += 1;
        continue;
      }
      out.failed += 1;
      const refused = refusalStatus(result);
      if (refused === null) {
        this.log.warn('events.delivery_failed', { status: String(result.status), attempts });
        break;
      }
      out.refused += 1;
      const refusals = (item.value.refusals ?? 0) + 1;
      if (this.dead !== null && refusals >= MAX_REFUSALS) {
        const deadEntry: DeadLetterEntry = {
          event: item.value.event,
          attempts,
          refusals,
          lastStatus: refused,
          deadAt: new Date(this.now()).toISOString(),
        };
        await this.dead.append(deadEntry);
        await this.queue.remove(item.index);
        out.deadLettered += 1;
        this.log.warn('events.dead_lettered', { ...sidField(item.value.event), status: String(refused), attempts });
        continue;
      }
      await this.queue.append({ ...leased, refusals, lastStatus: refused });
      await this.queue.remove(item.index);
      this.log.warn('events.delivery_refused', { ...sidField(item.value.event), status: String(refused), attempts });
    }
    return out;
  }
}
