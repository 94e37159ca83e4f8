/**
 * What an opt-out does beyond the ledger write: every still-scheduled reminder to that number
 * whose sender the new ledger state blocks is canceled at Twilio and marked canceled here (so a
 * reply is never credited to it). A cancel that fails goes to the durable consent-job queue;
 * only when even that cannot be stored does the caller hear `unrecorded > 0` (and must not
 * acknowledge, so Twilio retries). Also runs the queued jobs.
 */
import type { PhiFreeLogger } from '../core/log';
import type { CancelMessage } from '../consent/cancel-message';
import type { ConsentJob, ConsentJobs } from '../consent/jobs';
import type { OptOutLedger } from '../ledger/ledger';
import type { LedgerRecord } from '../ledger/record';
import type { PendingReminders } from './pending';

export interface ConsentDeps {
  ledger: OptOutLedger;
  pending: PendingReminders;
  cancel: CancelMessage;
  jobs: ConsentJobs;
  log: PhiFreeLogger;
  now: () => number;
}

export interface CancelSummary {
  canceled: number;
  queued: number;
  /** Neither canceled nor durably queued: the caller must make the event be retried. */
  unrecorded: number;
}

async function cancelOne(job: Extract<ConsentJob, { kind: 'cancel' }>, deps: ConsentDeps): Promise<'done' | 'retry'> {
  const outcome = await deps.cancel(job.messageSid);
  if (outcome.kind === 'retry') {
    deps.log.warn('consent.cancel_failed', { messageSid: job.messageSid, errorCode: outcome.code ?? 0 });
    return 'retry';
  }
  deps.log.info('consent.scheduled_canceled', {
    messageSid: job.messageSid,
    status: outcome.kind === 'canceled' ? 'canceled' : 'not_cancelable',
  });
  await deps.pending.markCanceledByKey(job.pendingKey, job.messageSid);
  return 'done';
}

/** Cancels the scheduled reminders `record` now blocks; failures are queued, never dropped. */
export async function cancelBlockedScheduled(pendingKey: string, record: LedgerRecord | null, deps: ConsentDeps): Promise<CancelSummary> {
  const out: CancelSummary = { canceled: 0, queued: 0, unrecorded: 0 };
  const scheduled = await deps.pending.scheduledByKey(pendingKey);
  for (const r of scheduled) {
    if (!deps.ledger.stateOf(record, r.sender ?? null).optedOut || r.messageSid === undefined) continue;
    const job: ConsentJob = { kind: 'cancel', messageSid: r.messageSid, pendingKey };
    const done = await cancelOne(job, deps).then(
      (r) => r === 'done',
      () => false,
    );
    if (done) {
      out.canceled += 1;
      continue;
    }
    try {
      await deps.jobs.enqueue(job);
      out.queued += 1;
    } catch {
      deps.log.error('consent.cancel_not_queued', { messageSid: r.messageSid });
      out.unrecorded += 1;
    }
  }
  return out;
}

/** `cancelBlockedScheduled` for a number; a pending store that cannot be read counts as unrecorded. */
export async function cancelAfterOptOut(e164: string, record: LedgerRecord | null, deps: ConsentDeps): Promise<CancelSummary> {
  try {
    return await cancelBlockedScheduled(deps.pending.keyOf(e164), record, deps);
  } catch {
    deps.log.error('consent.pending_unreadable');
    return { canceled: 0, queued: 0, unrecorded: 1 };
  }
}

/** Runs one queued job: a cancel, or a carrier opt-out whose first write failed (then its cancels). */
export async function runConsentJob(job: ConsentJob, deps: ConsentDeps): Promise<'done' | 'retry'> {
  if (job.kind === 'cancel') return cancelOne(job, deps);
  if (job.keyFp !== deps.ledger.keyFingerprint()) {
    // Keyed with another secret (queued across a re-key): never applied under the wrong key; kept for `optout migrate`.
    deps.log.warn('consent.job_foreign_key', { ...(job.messageSid ? { messageSid: job.messageSid } : {}) });
    return 'retry';
  }
  const result = await deps.ledger.applyByKey(job.ledgerKey, {
    scope: { kind: 'senders', senders: job.senders },
    state: 'opted_out',
    at: job.at,
    messageSid: job.messageSid,
    via: 'carrier',
  });
  deps.log.info('ledger.carrier_optout_recorded', { errorCode: 21610, ...(job.messageSid ? { messageSid: job.messageSid } : {}) });
  const summary = await cancelBlockedScheduled(job.pendingKey, result.record, deps);
  return summary.unrecorded === 0 ? 'done' : 'retry';
}

/** Inline drain of queued consent jobs within a small budget; store failures are logged, never thrown. */
export async function drainConsentJobs(deps: ConsentDeps, budgetMs: number): Promise<void> {
  try {
    const r = await deps.jobs.drain((job) => runConsentJob(job, deps), 20, budgetMs);
    if (r.done + r.retried > 0) deps.log.info('consent.jobs_drained', { count: r.done, attempts: r.done + r.retried });
  } catch {
    deps.log.warn('consent.jobs_unavailable', { status: 'store_error' });
  }
}
