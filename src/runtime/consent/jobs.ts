/**
 * The consent work that must never be dropped, kept in a durable queue (Sync List
 * `consent-jobs`, files locally) until done: cancelling a scheduled message an opt-out covers, and
 * recording a carrier opt-out (21610) whose first ledger write failed. Jobs hold SIDs and HMAC keys
 * only, never a number. `drain` retries each job with backoff; nothing is ever given up.
 */
import type { PhiFreeLogger } from '../core/log';
import { leaseDue } from '../state/lease';
import type { QueueStore } from '../state/queue';

export type ConsentJob =
  | { kind: 'cancel'; messageSid: string; pendingKey: string }
  /** `keyFp`: the fingerprint of the secret `ledgerKey`/`pendingKey` were made with (a job is never applied under another). */
  | {
      kind: 'carrier_optout';
      ledgerKey: string;
      pendingKey: string;
      keyFp: string;
      senders: string[];
      messageSid: string | null;
      at: number;
    };

export interface ConsentJobEntry {
  job: ConsentJob;
  attempts: number;
  notBefore: number;
}

/** What running one job did: done (remove it) or not yet (keep it, back off). */
export type JobRun = (job: ConsentJob) => Promise<'done' | 'retry'>;

export const JOB_LEASE_MS = 5_000;
export const JOB_MAX_BACKOFF_MS = 300_000;

export function jobRetryDelayMs(attempts: number): number {
  return Math.max(JOB_LEASE_MS, Math.min(1000 * 2 ** Math.max(0, attempts - 1), JOB_MAX_BACKOFF_MS));
}

export interface JobDrainResult {
  done: number;
  retried: number;
  skipped: number;
}

export class ConsentJobs {
  constructor(
    private readonly queue: QueueStore<ConsentJobEntry>,
    private readonly log: PhiFreeLogger,
    private readonly now: () => number = Date.now,
  ) {}

  async enqueue(job: ConsentJob): Promise<void> {
    await this.queue.append({ job, attempts: 0, notBefore: 0 });
    this.log.info('consent.job_queued', { status: job.kind, ...(job.messageSid ? { messageSid: job.messageSid } : {}) });
  }

  /** Runs due jobs (oldest `max` first) until `budgetMs` is spent; a failing job never blocks the others. */
  async drain(run: JobRun, max: number, budgetMs: number): Promise<JobDrainResult> {
    const out: JobDrainResult = { done: 0, retried: 0, skipped: 0 };
    const due = leaseDue(this.queue, { max, budgetMs, now: this.now, retryDelayMs: jobRetryDelayMs, onSkip: () => (out.skipped += 1) });
    for await (const { item, attempts } of due) {
      let result: 'done' | 'retry';
      try {
        result = await run(item.value.job);
      } catch {
        result = 'retry';
      }
      if (result === 'done') {
        await this.queue.remove(item.index);
        out.done += 1;
      } else {
        out.retried += 1;
        this.log.warn('consent.job_retry', { status: item.value.job.kind, attempts });
      }
    }
    return out;
  }
}
