/** The /sms/status webhook (a Message's StatusCallback): schema and wiring; drains the event outbox on the way. */
import { errorReply, type HttpReply } from '../core/http';
import type { WebhookSpec } from '../core/webhook';
import { validateSmsStatus } from '../../generated/validators/validateSmsStatus';
import { drainConsentJobs } from '../reminders/consent-effects';
import { drainQuietly } from '../reminders/record-reply';
import { consentDeps, eventOutbox, stateTiming } from '../services';
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
    const state = openState(config, request.getTwilioClient);
    const consent = consentDeps(ctx, { state });
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
        statuses: state.kv<StatusRecord>(COLLECTIONS.messageStatus),
        consent,
        log,
        timing: stateTiming(ctx),
        now: Date.now,
      },
    );
    // Neither stored nor queued: the alert (ledger.carrier_optout_not_recorded) has been logged.
    if (!stored) return errorReply(500);
    // Status callbacks are frequent while reminders go out: each gives queued consent jobs another try.
    await drainConsentJobs(consent, DRAIN_BUDGET_MS);
    const outbox = eventOutbox(ctx, state);
    if (outbox) await drainQuietly(outbox, log, DRAIN_BUDGET_MS);
    return OK;
  },
};
