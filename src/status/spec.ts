/** The /sms/status webhook (a Message's StatusCallback): schema and wiring; drains the event outbox on the way. */
import { errorReply, type HttpReply } from '../core/http';
import type { WebhookSpec } from '../core/webhook';
import { validateSmsStatus } from '../generated/validators/validateSmsStatus';
import { createLedger } from '../ledger/factory';
import { drainQuietly } from '../reminders/record-reply';
import { eventOutbox, stateTiming } from '../reminders/services';
import { COLLECTIONS, openState } from '../state/factory';
import { recordStatus, type StatusRecord } from './message-status';

export interface SmsStatusParams {
  MessageSid: string;
  AccountSid: string;
  MessageStatus: string;
  ErrorCode?: string;
  MessagingServiceSid?: string;
  From?: string;
  To?: string;
}

/** Status callbacks are frequent while reminders go out: each gives queued clinic events another try. */
const DRAIN_BUDGET_MS = 1500;

const OK: HttpReply = { status: 204, contentType: 'text/plain', body: '' };

export const smsStatusSpec: WebhookSpec<SmsStatusParams> = {
  name: 'sms_status',
  validateInput: validateSmsStatus,
  handle: async (p, ctx) => {
    const { config, request, log } = ctx;
    const stored = await recordStatus(
      {
        messageSid: p.MessageSid,
        status: p.MessageStatus,
        errorCode: p.ErrorCode ? Number(p.ErrorCode) : null,
        messagingServiceSid: p.MessagingServiceSid ?? null,
        from: p.From ?? null,
        to: p.To ?? null,
      },
      {
        statuses: openState(config, request.getTwilioClient).kv<StatusRecord>(COLLECTIONS.messageStatus),
        ledger: createLedger(config, request.getTwilioClient),
        log,
        timing: stateTiming(ctx),
        now: Date.now,
      },
    );
    // 500 makes Twilio's fallback/retry path try again: an unrecorded 21610 must not be lost.
    if (!stored) return errorReply(500);
    const outbox = eventOutbox(ctx);
    if (outbox) await drainQuietly(outbox, log, DRAIN_BUDGET_MS);
    return OK;
  },
};
