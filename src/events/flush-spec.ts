/**
 * POST /events/flush: delivers queued clinic events now. Replies and status callbacks already
 * drain the outbox as they pass; this endpoint is for a scheduler (or `npm run -s remind --
 * --flush`) so events still go out when no traffic arrives. Answers counts only.
 */
import { errorReply, jsonReply } from '../core/http';
import type { WebhookSpec } from '../core/webhook';
import { validateEventsFlush } from '../generated/validators/validateEventsFlush';
import { eventOutbox } from '../reminders/services';

/** Inside the 10 s Function limit, with room for the queue writes around the last attempt. */
export const FLUSH_BUDGET_MS = 7000;
export const FLUSH_BATCH = 50;

export const eventsFlushSpec: WebhookSpec<Record<string, never>> = {
  name: 'events_flush',
  validateInput: validateEventsFlush,
  handle: async (_input, ctx) => {
    const outbox = eventOutbox(ctx);
    if (outbox === null) {
      ctx.log.error('events_flush.config_incomplete', { status: 'config_error' });
      return errorReply(500);
    }
    const result = await outbox.drain(FLUSH_BATCH, FLUSH_BUDGET_MS);
    ctx.log.info('events_flush.done', { count: result.delivered, attempts: result.delivered + result.failed });
    return jsonReply(200, { delivered: result.delivered, failed: result.failed, waiting: result.skipped });
  },
};
