/**
 * The inbound router for appointment replies: a non-keyword message from a number with an open
 * reminder is a digit choice (1 confirm, 2 reschedule, 3 cancel) or, once per reminder, gets the
 * PHI-free "reply 1, 2 or 3, or call us" clarification. Numbers without an open reminder, and
 * projects without CLINIC_EVENTS_URL, get the empty <Response/> as before. A sender who is opted
 * out gets no text at all: a digit still reaches the clinic as an event (the clinic needs the
 * answer), acknowledged with an empty <Response/>; anything else is ignored.
 */
import { EMPTY_TWIML, twimlReply } from '../core/http';
import { messageTwiml } from '../core/twiml';
import type { HandlerContext } from '../core/webhook';
import { emptyRouter, type ReplyRouter } from '../sms/inbound-router';
import { ackText, actionForDigit } from './acks';
import { recordReply } from './record-reply';
import type { PendingReminders } from './pending';
import { reminderServices, type ReminderServices } from '../services';

type OpenReminder = Awaited<ReturnType<PendingReminders['latestWithRecord']>>;

/** Inline delivery gets this much of the webhook's time; the rest waits in the outbox. */
export const REPLY_DRAIN_BUDGET_MS = 2000;

export function appointmentReplyRouter(ctx: HandlerContext): ReplyRouter {
  if (!ctx.config.clinicEvents) return emptyRouter;
  const vars = { clinicName: ctx.config.clinicName, helpPhone: ctx.config.clinicHelpPhone };
  // Built on first use: keyword paths never load the clinic config.
  let services: ReminderServices | null = null;
  const servicesOf = (): ReminderServices => (services ??= reminderServices(ctx));
  // The number's open reminder, read while the opt-out gate reads the ledger (one round trip, not two).
  let early: { from: string; found: Promise<OpenReminder> } | null = null;
  const lookup = (from: string): Promise<OpenReminder> =>
    early?.from === from ? early.found : servicesOf().pending.latestWithRecord(from);
  return {
    prefetch: (message) => {
      let found: Promise<OpenReminder>;
      try {
        found = servicesOf().pending.latestWithRecord(message.from);
      } catch (err) {
        found = Promise.reject(err instanceof Error ? err : new Error('reply router setup failed'));
      }
      // Awaited by `route`; a failure surfaces there (state unavailable: 503), never as an unhandled rejection.
      found.catch(() => undefined);
      early = { from: message.from, found };
    },
    route: async (message, { optedOut }) => {
      const s = servicesOf();
      const { reminder, stored } = await lookup(message.from);
      if (reminder === null || s.outbox === null) return twimlReply(EMPTY_TWIML);
      const action = actionForDigit(message.body);
      if (action !== null) {
        const source = { channel: 'sms' as const, sid: message.messageSid, receivedAt: s.now() };
        await recordReply(reminder, message.from, action, source, {
          pending: s.pending,
          outbox: s.outbox,
          log: ctx.log,
          drainBudgetMs: REPLY_DRAIN_BUDGET_MS,
          known: stored,
        });
        if (optedOut) {
          ctx.log.info('reminders.reply_not_acknowledged', { messageSid: message.messageSid, status: 'opted_out' });
          return twimlReply(EMPTY_TWIML);
        }
        return twimlReply(messageTwiml(ackText(action, reminder.language, vars)));
      }
      if (optedOut) return twimlReply(EMPTY_TWIML);
      if (await s.pending.claimNudge(message.from, reminder.appointmentRef, stored)) {
        ctx.log.info('reminders.reply_unrecognized', { messageSid: message.messageSid, action: 'unknown' });
        return twimlReply(messageTwiml(ackText('unknown', reminder.language, vars)));
      }
      return twimlReply(EMPTY_TWIML);
    },
  };
}
