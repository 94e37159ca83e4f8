/**
 * POST /studio/reply — records a reminder answer matched by a Studio flow, on the same event path
 * as the Functions reminders: the clinic event (built by the same `replyEvent`) goes into the
 * durable outbox first, then the outbox is drained within a small budget. Studio-sent reminders are
 * not in the pending-reminders store (the flow holds the appointment reference), so the reference
 * comes in as a parameter. The event id is the patient's MessageSid (sms) or CallSid plus the digit
 * (voice), exactly as for Functions replies, so the clinic dedupes both paths the same way.
 */
import { errorReply, jsonReply, type HttpReply } from '../core/http';
import { invalidRequestReply } from '../core/invalid-request';
import type { PhiFreeLogger } from '../core/log';
import type { WebhookSpec } from '../core/webhook';
import type { EventOutbox } from '../events/outbox';
import { validateStudioReply } from '../../generated/validators/validateStudioReply';
import type { ReplyAction } from '../reminders/pending';
import { drainQuietly, replyEvent, type ReplySource } from '../reminders/record-reply';
import { REPLY_DRAIN_BUDGET_MS } from '../reminders/reply-router';
import { eventOutbox } from '../services';

/** The Run Function parameters (see schemas/studio-reply.schema.json and docs/studio.md). */
export interface StudioReplyParams {
  appointmentRef: string;
  action: ReplyAction;
  channel: 'sms' | 'voice';
  /** The patient's reply ({{widgets.<send-and-wait>.inbound.MessageSid}}); required for sms. */
  MessageSid?: string;
  /** The patient's call ({{trigger.call.CallSid}}); required for voice. */
  CallSid?: string;
}

export interface StudioReplyDeps {
  /** Null when CLINIC_EVENTS_URL is not configured. */
  outbox: EventOutbox | null;
  log: PhiFreeLogger;
  now: () => number;
  drainBudgetMs: number;
}

export const STUDIO_REPLY_FIELDS = ['appointmentRef', 'action', 'channel', 'MessageSid', 'CallSid'] as const;

/** The IVR key for each action, as the Functions IVR suffixes voice event ids (`CA…-1`). */
const DIGIT_OF: Readonly<Record<ReplyAction, string>> = { confirm: '1', reschedule: '2', cancel: '3' };

export function replySource(p: StudioReplyParams, receivedAt: number): ReplySource {
  if (p.channel === 'sms') return { channel: 'sms', sid: p.MessageSid as string, receivedAt };
  return { channel: 'voice', sid: p.CallSid as string, eventSuffix: `-${DIGIT_OF[p.action]}`, receivedAt };
}

export async function recordStudioReply(p: StudioReplyParams, deps: StudioReplyDeps): Promise<HttpReply> {
  const { outbox, log } = deps;
  if (outbox === null) {
    // An answer with nowhere to go is not "recorded": the flow's fail branch tells the patient to call.
    log.error('studio_reply.config_incomplete', { status: 'config_error' });
    return errorReply(500);
  }
  const source = replySource(p, deps.now());
  // replyEvent reads only the reminder's appointmentRef; a Studio reminder has nothing else here.
  const reminder = { appointmentRef: p.appointmentRef };
  await outbox.enqueue(replyEvent(reminder, p.action, source));
  log.info('studio_reply.recorded', {
    action: p.action,
    channel: p.channel,
    ...(p.channel === 'sms' ? { messageSid: source.sid } : { callSid: source.sid }),
  });
  await drainQuietly(outbox, log, deps.drainBudgetMs);
  return jsonReply(200, { recorded: true });
}

export function studioReplySpec(): WebhookSpec<StudioReplyParams> {
  return {
    name: 'studio_reply',
    validateInput: validateStudioReply,
    invalidReply: invalidRequestReply(STUDIO_REPLY_FIELDS),
    handle: async (p, ctx) =>
      recordStudioReply(p, { outbox: eventOutbox(ctx), log: ctx.log, now: Date.now, drainBudgetMs: REPLY_DRAIN_BUDGET_MS }),
  };
}
