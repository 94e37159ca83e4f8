/**
 * The typed core of POST /sms/inbound: classify the message, apply opt-out/opt-in to the ledger
 * first, and only then answer with one PHI-free confirmation per state change. Non-keyword
 * messages go to the reply router. Never acknowledges a change it did not store: a ledger write
 * that fails returns 500 so Twilio retries through the fallback URL.
 */
import { classifyMessage, type Classification } from '../core/keywords';
import { errorReply, EMPTY_TWIML, twimlReply, type HttpReply } from '../core/http';
import type { PhiFreeLogger } from '../core/log';
import { messageTwiml } from '../core/twiml';
import { LedgerWriteError, type OptOutLedger } from '../ledger/ledger';
import { effectiveState, type Change, type LedgerRecord } from '../ledger/record';
import { replyText, type ReplyKind, type ReplyVars } from './replies';
import type { InboundMessage, ReplyRouter } from './router';

export interface InboundDeps {
  ledger: OptOutLedger;
  router: ReplyRouter;
  log: PhiFreeLogger;
  replyVars: ReplyVars;
  /** `twilio`: Twilio's built-in filtering answers keywords itself, so record and stay silent. */
  replies: 'ours' | 'twilio';
  now: () => number;
}

function keywordReply(kind: ReplyKind, language: 'en' | 'es', deps: InboundDeps): HttpReply {
  if (deps.replies === 'twilio') return twimlReply(EMPTY_TWIML);
  return twimlReply(messageTwiml(replyText(kind, language, deps.replyVars)));
}

/** The sender a STOP is scoped to: the Messaging Service that received it, else the receiving number. */
export function senderOf(message: InboundMessage): string {
  return message.messagingServiceSid ?? message.to;
}

interface Plan {
  change: Omit<Change, 'at' | 'messageSid'>;
  reply: ReplyKind;
  /** Apply only when the sender is currently opted out (YES / SÍ). */
  onlyIfOptedOut: boolean;
}

function planFor(c: Classification, sender: string): Plan | null {
  const scope = { kind: 'sender' as const, sender };
  switch (c.kind) {
    case 'optout':
      return { change: { scope, state: 'opted_out', via: 'keyword' }, reply: 'optout', onlyIfOptedOut: false };
    case 'optout_all':
      return { change: { scope: { kind: 'all' }, state: 'opted_out', via: 'keyword' }, reply: 'optout_all', onlyIfOptedOut: false };
    case 'optin':
      return { change: { scope, state: 'opted_in', via: 'keyword' }, reply: 'optin', onlyIfOptedOut: false };
    case 'optin_if_opted_out':
      return { change: { scope, state: 'opted_in', via: 'keyword' }, reply: 'optin', onlyIfOptedOut: true };
    default:
      return null;
  }
}

export async function handleInboundSms(message: InboundMessage, deps: InboundDeps): Promise<HttpReply> {
  const classification = classifyMessage(message.body);
  const language = classification.language ?? 'en';
  const sender = senderOf(message);
  const logFields = { messageSid: message.messageSid, keywordClass: classification.kind };

  if (classification.kind === 'help') {
    deps.log.info('sms_inbound.help', logFields);
    return keywordReply('help', language, deps);
  }

  const plan = planFor(classification, sender);
  if (plan === null) {
    deps.log.info('sms_inbound.routed', logFields);
    return deps.router.route(message);
  }

  const change: Change = { ...plan.change, at: deps.now(), messageSid: message.messageSid };
  const when = plan.onlyIfOptedOut
    ? (current: LedgerRecord | null): boolean => effectiveState(current, sender).optedOut
    : undefined;
  let result;
  try {
    result = await deps.ledger.apply(message.from, change, when);
  } catch (err) {
    const attempts = err instanceof LedgerWriteError ? err.attempts : 0;
    const errorCode = err instanceof LedgerWriteError && err.code !== null ? err.code : 0;
    // The alert support acts on: a keyword we could not store. Twilio retries via the fallback URL.
    deps.log.error('sms_inbound.ledger_write_failed', { ...logFields, attempts, errorCode });
    return errorReply(500);
  }

  if (plan.onlyIfOptedOut && !result.changed) {
    // YES from a number that is not opted out is an ordinary reply, not a keyword.
    deps.log.info('sms_inbound.routed', { ...logFields, keywordClass: 'none' });
    return deps.router.route(message);
  }
  deps.log.info(result.changed ? 'sms_inbound.state_changed' : 'sms_inbound.state_unchanged', {
    ...logFields,
    attempts: result.attempts,
  });
  if (!result.changed) return twimlReply(EMPTY_TWIML);
  return keywordReply(plan.reply, language, deps);
}
