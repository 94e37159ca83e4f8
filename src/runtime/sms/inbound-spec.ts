/** The /sms/inbound webhook: schema, wiring of config to the core, and the router in use. */
import { validateSmsInbound } from '../../generated/validators/validateSmsInbound';
import type { HandlerContext, WebhookSpec } from '../core/webhook';
import { createLedger } from '../ledger/factory';
import { handleInboundSms, type OptOutEffects } from './handle-inbound';
import { emptyRouter, type ReplyRouter } from './inbound-router';

export interface SmsInboundParams {
  MessageSid: string;
  AccountSid: string;
  From: string;
  To: string;
  Body?: string;
  MessagingServiceSid?: string;
}

/**
 * `routerFor` picks where non-keyword messages go, per request (default: nowhere); `effectsFor`
 * what a stored opt-out must also do (cancel scheduled reminders).
 */
export function smsInboundSpec(
  routerFor: (ctx: HandlerContext) => ReplyRouter = () => emptyRouter,
  effectsFor: (ctx: HandlerContext) => OptOutEffects | undefined = () => undefined,
): WebhookSpec<SmsInboundParams> {
  return {
    name: 'sms_inbound',
    validateInput: validateSmsInbound,
    handle: async (p, ctx) =>
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
          ledger: createLedger(ctx.config, ctx.request.getTwilioClient),
          router: routerFor(ctx),
          log: ctx.log,
          replyVars: { clinicName: ctx.config.clinicName, helpPhone: ctx.config.clinicHelpPhone },
          replies: ctx.config.optoutReplies,
          effects: effectsFor(ctx),
          now: Date.now,
        },
      ),
  };
}
