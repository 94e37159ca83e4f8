/**
 * POST /optout/guard — the opt-out guard a Studio flow runs first on every incoming message. It is
 * /sms/inbound's keyword and ledger logic (`applyKeywords`, shared, not copied) answering JSON for
 * the flow instead of TwiML: the ledger is written before anything is answered, a write that fails
 * is a 500 (the widget's `fail` branch, where the flow must end without sending), and `reply` is the
 * same PHI-free confirmation /sms/inbound would send (empty when there is nothing to send).
 */
import { errorReply, jsonReply, type HttpReply } from '../core/http';
import type { PhiFreeLogger } from '../core/log';
import type { HandlerContext, WebhookSpec } from '../core/webhook';
import { validateOptoutGuard } from '../../generated/validators/validateOptoutGuard';
import { applyKeywords, runOptOutEffects, type OptOutEffects } from '../sms/handle-inbound';
import { replyText, type ReplyKind, type ReplyLanguage, type ReplyVars } from '../sms/inbound-replies';
import type { InboundMessage } from '../sms/inbound-router';
import { createLedger } from '../ledger/factory';
import type { OptOutLedger } from '../ledger/ledger';

/** What the flow branches on: a keyword (send `reply` if not empty, then end) or `none` (carry on). */
export type GuardAction = ReplyKind | 'none';

export interface GuardAnswer {
  action: GuardAction;
  /** The one confirmation to send, or '' (state unchanged, or Twilio's own filtering answers). */
  reply: string;
}

/** The Run Function parameters (see schemas/optout-guard.schema.json and docs/studio.md). */
export interface OptoutGuardParams {
  From: string;
  To: string;
  MessageSid: string;
  Body?: string;
  MessagingServiceSid?: string;
  AccountSid?: string;
  /** Overrides the opt-out scope: a Messaging Service SID or a clinic number (empty: not set). */
  Sender?: string;
}

export interface GuardDeps {
  ledger: OptOutLedger;
  log: PhiFreeLogger;
  replyVars: ReplyVars;
  /** `twilio`: Twilio's built-in filtering answers keywords itself, so record and stay silent. */
  replies: 'ours' | 'twilio';
  /** What a stored opt-out must also do (cancel scheduled reminders), as on /sms/inbound. */
  effects?: OptOutEffects;
  now: () => number;
}

/**
 * The message as /sms/inbound would see it. The opt-out scopes (`scopesOf`) are the Messaging
 * Service when there is one and the receiving number; `Sender` replaces the one of its kind when
 * the flow passes it (a reminder execution's From).
 */
export function guardMessage(p: OptoutGuardParams, accountSid: string): InboundMessage {
  const base = {
    messageSid: p.MessageSid,
    accountSid: p.AccountSid ?? accountSid,
    from: p.From,
    body: p.Body ?? '',
  };
  if (p.Sender) {
    // A number as Sender keeps the service the message came through: every scope the message covers is written.
    return p.Sender.startsWith('MG')
      ? { ...base, to: p.To, messagingServiceSid: p.Sender }
      : { ...base, to: p.Sender, messagingServiceSid: p.MessagingServiceSid ? p.MessagingServiceSid : null };
  }
  // Studio sends an unset Liquid variable as '': no Messaging Service, so the scope is the number.
  return { ...base, to: p.To, messagingServiceSid: p.MessagingServiceSid ? p.MessagingServiceSid : null };
}

function answer(action: GuardAction, text: string): HttpReply {
  const body: GuardAnswer = { action, reply: text };
  return jsonReply(200, { ...body });
}

export async function runOptoutGuard(message: InboundMessage, deps: GuardDeps): Promise<HttpReply> {
  const { classification, language, outcome } = await applyKeywords(message, deps);
  const logFields = { messageSid: message.messageSid, keywordClass: classification.kind };
  const text = (kind: ReplyKind, lang: ReplyLanguage): string => (deps.replies === 'ours' ? replyText(kind, lang, deps.replyVars) : '');
  switch (outcome.kind) {
    case 'help':
      deps.log.info('optout_guard.help', logFields);
      return answer('help', text('help', language));
    case 'not_keyword':
      deps.log.info('optout_guard.routed', { ...logFields, keywordClass: 'none' });
      return answer('none', '');
    case 'write_failed':
      // Nothing was stored, so nothing may be confirmed: the flow's fail branch ends it silently.
      deps.log.error('optout_guard.ledger_write_failed', { ...logFields, attempts: outcome.attempts, errorCode: outcome.errorCode });
      return errorReply(500);
    case 'stored':
      deps.log.info(
        outcome.replay ? 'optout_guard.replay' : outcome.changed ? 'optout_guard.state_changed' : 'optout_guard.state_unchanged',
        {
          ...logFields,
          attempts: outcome.attempts,
        },
      );
      if (!(await runOptOutEffects(message, outcome, deps.effects))) {
        deps.log.error('optout_guard.optout_effects_failed', logFields);
        return errorReply(500);
      }
      return answer(outcome.reply, outcome.changed ? text(outcome.reply, language) : '');
  }
}

export function optoutGuardSpec(
  effectsFor: (ctx: HandlerContext) => OptOutEffects | undefined = () => undefined,
): WebhookSpec<OptoutGuardParams> {
  return {
    name: 'optout_guard',
    validateInput: validateOptoutGuard,
    handle: async (p, ctx: HandlerContext) =>
      runOptoutGuard(guardMessage(p, ctx.config.accountSid), {
        ledger: createLedger(ctx.config, ctx.request.getTwilioClient),
        log: ctx.log,
        replyVars: { clinicName: ctx.config.clinicName, helpPhone: ctx.config.clinicHelpPhone },
        replies: ctx.config.optoutReplies,
        effects: effectsFor(ctx),
        now: Date.now,
      }),
  };
}
