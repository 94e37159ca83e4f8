/**
 * The typed core of POST /sms/inbound: classify the message, apply opt-out/opt-in to the ledger
 * first (under every scope the message covers: the Messaging Service and the receiving number),
 * run the opt-out's effects (cancel covered scheduled reminders), and only then answer with one
 * PHI-free confirmation per state change. A replay (a MessageSid already applied) changes nothing
 * and is not confirmed again. Non-keyword messages go to the reply router, told whether the
 * sender is opted out (then nothing but events may come of them). Never acknowledges a change it
 * did not store: a ledger write or an effect that fails returns 500 so Twilio retries through the
 * fallback URL. `applyKeywords` is that decision on its own, shared with the Studio opt-out guard
 * (src/runtime/optout/guard-spec.ts).
 */
import { classifyMessage, type Classification } from '../core/keywords';
import { errorReply, EMPTY_TWIML, twimlReply, type HttpReply } from '../core/http';
import type { PhiFreeLogger } from '../core/log';
import { messageTwiml } from '../core/twiml';
import { LedgerWriteError, sendGate, type OptOutLedger } from '../ledger/ledger';
import type { Change, LedgerRecord } from '../ledger/record';
import { receivedScopes } from '../ledger/scopes';
import { replyText, type ReplyKind, type ReplyVars } from './inbound-replies';
import type { InboundMessage, ReplyRouter } from './inbound-router';

export interface InboundDeps {
  ledger: OptOutLedger;
  router: ReplyRouter;
  log: PhiFreeLogger;
  replyVars: ReplyVars;
  /** `twilio`: Twilio's built-in filtering answers keywords itself, so record and stay silent. */
  replies: 'ours' | 'twilio';
  /** What a stored opt-out must also do (cancel scheduled reminders); none when not wired. */
  effects?: OptOutEffects;
  now: () => number;
}

export interface OptOutEffects {
  /**
   * Runs after every stored opt-out keyword, replays included (so a retry finishes what a failed
   * attempt left). False when something could not be done or queued durably: answer 500.
   */
  afterOptOut(e164: string, record: LedgerRecord | null): Promise<boolean>;
}

function keywordReply(kind: ReplyKind, language: 'en' | 'es', deps: InboundDeps): HttpReply {
  if (deps.replies === 'twilio') return twimlReply(EMPTY_TWIML);
  return twimlReply(messageTwiml(replyText(kind, language, deps.replyVars)));
}

/** The sender scopes a keyword is recorded under: the Messaging Service that received it and the receiving number. */
export function scopesOf(message: InboundMessage): string[] {
  return receivedScopes(message.messagingServiceSid, message.to);
}

interface Plan {
  change: Omit<Change, 'at' | 'messageSid'>;
  reply: Exclude<ReplyKind, 'help'>;
  /** Apply only when the sender is currently opted out (YES / SÍ). */
  onlyIfOptedOut: boolean;
}

function planFor(c: Classification, senders: readonly string[]): Plan | null {
  const scope = { kind: 'senders' as const, senders };
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

/**
 * What a message did to the ledger: the keyword logic /sms/inbound and /optout/guard share. The
 * change (if any) is stored before this returns; `write_failed` means nothing may be acknowledged.
 */
export type KeywordOutcome =
  | { kind: 'help' }
  /** Not a keyword, or YES / SÍ from a number that is not opted out: an ordinary reply. */
  | { kind: 'not_keyword' }
  | { kind: 'stored'; reply: Exclude<ReplyKind, 'help'>; changed: boolean; replay: boolean; attempts: number; record: LedgerRecord | null }
  | { kind: 'write_failed'; attempts: number; errorCode: number };

export interface KeywordDecision {
  classification: Classification;
  language: 'en' | 'es';
  outcome: KeywordOutcome;
}

export async function applyKeywords(message: InboundMessage, deps: Pick<InboundDeps, 'ledger' | 'now'>): Promise<KeywordDecision> {
  const classification = classifyMessage(message.body);
  const language = classification.language ?? 'en';
  const decided = (outcome: KeywordOutcome): KeywordDecision => ({ classification, language, outcome });
  if (classification.kind === 'help') return decided({ kind: 'help' });
  const senders = scopesOf(message);
  const plan = planFor(classification, senders);
  if (plan === null) return decided({ kind: 'not_keyword' });

  const change: Change = { ...plan.change, at: deps.now(), messageSid: message.messageSid };
  const when = plan.onlyIfOptedOut ? (current: LedgerRecord | null): boolean => deps.ledger.stateOf(current, senders).optedOut : undefined;
  let result;
  try {
    result = await deps.ledger.apply(message.from, change, when);
  } catch (err) {
    const attempts = err instanceof LedgerWriteError ? err.attempts : 0;
    const errorCode = err instanceof LedgerWriteError && err.code !== null ? err.code : 0;
    return decided({ kind: 'write_failed', attempts, errorCode });
  }
  // YES from a number that is not opted out is an ordinary reply, not a keyword.
  if (plan.onlyIfOptedOut && !result.changed && !result.replay) return decided({ kind: 'not_keyword' });
  return decided({
    kind: 'stored',
    reply: plan.reply,
    changed: result.changed,
    replay: result.replay,
    attempts: result.attempts,
    record: result.record,
  });
}

/** Runs the opt-out effects after a stored opt-out; false when they could not be completed or queued. */
export async function runOptOutEffects(
  message: InboundMessage,
  outcome: Extract<KeywordOutcome, { kind: 'stored' }>,
  effects: OptOutEffects | undefined,
): Promise<boolean> {
  if (!effects || (outcome.reply !== 'optout' && outcome.reply !== 'optout_all')) return true;
  try {
    return await effects.afterOptOut(message.from, outcome.record);
  } catch {
    return false;
  }
}

export async function handleInboundSms(message: InboundMessage, deps: InboundDeps): Promise<HttpReply> {
  const { classification, language, outcome } = await applyKeywords(message, deps);
  const logFields = { messageSid: message.messageSid, keywordClass: classification.kind };
  switch (outcome.kind) {
    case 'help':
      deps.log.info('sms_inbound.help', logFields);
      return keywordReply('help', language, deps);
    case 'not_keyword': {
      deps.log.info('sms_inbound.routed', { ...logFields, keywordClass: 'none' });
      // Nothing but the one confirmation and HELP may be texted to an opted-out sender (unreadable counts as opted out).
      deps.router.prefetch?.(message);
      const optedOut = (await sendGate(deps.ledger, message.from, scopesOf(message), deps.log)) !== 'sendable';
      return deps.router.route(message, { optedOut });
    }
    case 'write_failed':
      // The alert support acts on: a keyword we could not store. Twilio retries via the fallback URL.
      deps.log.error('sms_inbound.ledger_write_failed', { ...logFields, attempts: outcome.attempts, errorCode: outcome.errorCode });
      return errorReply(500);
    case 'stored':
      deps.log.info(outcome.replay ? 'sms_inbound.replay' : outcome.changed ? 'sms_inbound.state_changed' : 'sms_inbound.state_unchanged', {
        ...logFields,
        attempts: outcome.attempts,
      });
      if (!(await runOptOutEffects(message, outcome, deps.effects))) {
        deps.log.error('sms_inbound.optout_effects_failed', logFields);
        return errorReply(500);
      }
      if (!outcome.changed) return twimlReply(EMPTY_TWIML);
      return keywordReply(outcome.reply, language, deps);
  }
}
