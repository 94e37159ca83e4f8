/** The /sms/inbound webhook: schema, wiring of config to the core, and the router in use. */
import { validateSmsInbound } from '../generated/validators';
import type { WebhookSpec } from '../core/webhook';
import { createLedger } from '../ledger/factory';
import { handleInboundSms } from './handle-inbound';
import { emptyRouter, type ReplyRouter } from './router';

export interface SmsInboundParams {
  MessageSid: string;
  AccountSid: string;
  From: string;
  To: string;
  Body?: string;
  MessagingServiceSid?: string;
}

export function smsInboundSpec(router: ReplyRouter = emptyRouter): WebhookSpec<SmsInboundParams> {
  return {
    name: 'sms_inbound',
    validateInput: validateSmsInbound,
    handle: async (p, { config, request, log }) =>
      handleInboundSms(
        {
          messageSid: p.MessageSid,
          accountSid: p.AccountSid,
          from: p.From,
          to: p.To,
          messagingServiceSid: p.MessagingServiceSid ?? null,
          body: p.Body ?? '',
        },
        {
          ledger: createLedger(config, request.getTwilioClient),
          router,
          log,
          replyVars: { clinicName: config.clinicName, helpPhone: config.clinicHelpPhone },
          replies: config.optoutReplies,
          now: Date.now,
        },
      ),
  };
}
