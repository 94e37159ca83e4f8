/**
 * POST /events/flush: delivers queued clinic events now. Replies and status callbacks already
 * drain the outbox as they pass; this endpoint is for a scheduler (or `npm run -s remind --
 * --flush`) so events still go out when no traffic arrives. It runs the queued consent jobs first
 * (cancels of scheduled messages an opt-out covers, carrier opt-outs whose first write failed):
 * a scheduler calling it every few minutes bounds how long a failed cancel waits. Answers counts only.
 */
import { errorReply, jsonReply } from '../core/http';
import type { WebhookSpec } from '../core/webhook';
import { validateEventsFlush } from '../../generated/validators/validateEventsFlush';
import { runConsentJob } from '../reminders/consent-effects';
import { consentDeps, eventOutbox } from '../services';

/** Consent jobs get this much of the flush's time first. */
export const FLUSH_CONSENT_BUDGET_MS = 3000;

/** Inside the 10 s Function limit, with room for the queue writes around the last attempt. */
export const FLUSH_BUDGET_MS = 7000;
export const FLUSH_BATCH = 50;

export const eventsFlushSpec: WebhookSpec<Record<string, never>> = {
  name: 'events_flush',
  validateInput: validateEventsFlush,
  handle: async (_input, ctx) => {
    const consent = consentDeps(ctx);
    const jobs = await consent.jobs.drain((job) => runConsentJob(job, consent), FLUSH_BATCH, FLUSH_CONSENT_BUDGET_MS);
    if (jobs.done + jobs.retried > 0) ctx.log.info('events_flush.consent_jobs', { count: jobs.done, attempts: jobs.done + jobs.retried });
    const outbox = eventOutbox(ctx);
    if (outbox === null) {
      ctx.log.error('events_flush.config_incomplete', { status: 'config_error' });
      return errorReply(500);
    }
    const result = await outbox.drain(FLUSH_BATCH, FLUSH_BUDGET_MS);
    ctx.log.info('events_flush.done', { count: result.delivered, attempts: result.delivered + result.failed });
    return jsonReply(200, {
      delivered: result.delivered,
      failed: result.failed,
      waiting: result.skipped,
      consentJobs: { done: jobs.done, retried: jobs.retried, waiting: jobs.skipped },
    });
  },
};
