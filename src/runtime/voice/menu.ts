/**
 * The IVR's decisions: a key press → the TwiML to answer with. 1/2/3 record the caller's answer to
 * their newest pending reminder (found by an HMAC of the caller's number, never the number itself)
 * with the same outbox delivery as SMS, but only for a call Twilio verified (SHAKEN/STIR A, checked
 * again here because anyone can post to /voice/menu directly with a spoofed caller ID); an
 * unverified caller gets the very TwiML a caller without an appointment gets, before any state is
 * read. 0, no match, or a state store we cannot use → the front desk, so the caller is never left
 * in silence. The pressed key is logged only as its action.
 */
import type { PhiFreeLogger } from '../core/log';
import type { EventOutbox } from '../events/outbox';
import type { PendingReminders, ReplyAction } from '../reminders/pending';
import { recordReply } from '../reminders/record-reply';
import { CasError, StoreError } from '../state/kv';
import { PROMPTS } from './prompts';
import { ackTwiml, frontDeskTwiml, notAnOptionTwiml, notFoundTwiml, type VoiceSettings } from './twiml';
import { checkCaller } from './verification';

export type MenuChoice = { kind: 'reply'; action: ReplyAction; digit: string } | { kind: 'front_desk' } | { kind: 'invalid' };

const REPLY_KEYS: Readonly<Record<string, ReplyAction>> = { '1': 'confirm', '2': 'reschedule', '3': 'cancel' };

export function choiceFor(digits: string | undefined): MenuChoice {
  if (digits === '0') return { kind: 'front_desk' };
  if (digits === undefined || !Object.hasOwn(REPLY_KEYS, digits)) return { kind: 'invalid' };
  return { kind: 'reply', action: REPLY_KEYS[digits] as ReplyAction, digit: digits };
}

export interface MenuCall {
  callSid: string;
  /** The caller as Twilio reports it: E.164, or a non-number (blocked caller ID, client:, sip:). */
  from: string;
  digits?: string;
  /** Twilio's `StirVerstat` for the call; absent when Twilio sent none. */
  stirVerstat?: string;
}

export interface ReplyStores {
  pending: PendingReminders;
  /** Null when clinic events are not configured (CLINIC_EVENTS_URL unset). */
  outbox: EventOutbox | null;
}

export interface MenuDeps {
  /** Front desk, voicemail and `verification` (who may answer by phone). */
  voice: VoiceSettings;
  log: PhiFreeLogger;
  /** Opens the reminder stores; called only for 1, 2 or 3. */
  stores: () => ReplyStores;
  now: () => number;
  /** How long the inline outbox drain may take (Twilio waits on the answer). */
  drainBudgetMs: number;
}

export const VOICE_DRAIN_BUDGET_MS = 2000;

const E164 = /^\+[1-9][0-9]{7,14}$/;

function storeFailure(err: unknown): { status: string; code: number | null; attempts?: number } | null {
  if (err instanceof CasError) return { status: 'cas_error', code: err.code, attempts: err.attempts };
  if (err instanceof StoreError) return { status: err.transient ? 'store_unavailable' : 'store_error', code: err.code };
  return null;
}

async function reply(call: MenuCall, action: ReplyAction, digit: string, deps: MenuDeps): Promise<string> {
  const { pending, outbox } = deps.stores();
  if (outbox === null) {
    deps.log.warn('voice.reply_unmatched', { callSid: call.callSid, action, status: 'events_not_configured' });
    return notFoundTwiml(deps.voice);
  }
  const reminder = E164.test(call.from) ? await pending.latest(call.from) : null;
  if (reminder === null) {
    deps.log.info('voice.reply_unmatched', { callSid: call.callSid, action, status: 'no_pending' });
    return notFoundTwiml(deps.voice);
  }
  const source = { channel: 'voice' as const, sid: call.callSid, eventSuffix: `-${digit}`, receivedAt: deps.now() };
  await recordReply(reminder, call.from, action, source, { pending, outbox, log: deps.log, drainBudgetMs: deps.drainBudgetMs });
  return ackTwiml(action);
}

export async function handleMenu(call: MenuCall, deps: MenuDeps): Promise<string> {
  const choice = choiceFor(call.digits);
  if (choice.kind === 'front_desk') {
    deps.log.info('voice.menu', { callSid: call.callSid, action: 'front_desk' });
    return frontDeskTwiml(deps.voice);
  }
  if (choice.kind === 'invalid') {
    deps.log.info('voice.menu', { callSid: call.callSid, action: 'unknown' });
    return notAnOptionTwiml();
  }
  const caller = checkCaller(call.stirVerstat, deps.voice.verification);
  if (!caller.verified) {
    // Before the stores are opened: nothing is read, so neither the answer nor its timing can
    // depend on whether this number has a reminder.
    deps.log.info('voice.caller_unverified', { callSid: call.callSid, action: choice.action, status: caller.label });
    return notFoundTwiml(deps.voice);
  }
  try {
    return await reply(call, choice.action, choice.digit, deps);
  } catch (err) {
    const failure = storeFailure(err);
    if (failure === null) throw err;
    deps.log.error('voice.state_unavailable', {
      callSid: call.callSid,
      action: choice.action,
      status: failure.status,
      ...(failure.code === null ? {} : { errorCode: failure.code }),
      ...(failure.attempts === undefined ? {} : { attempts: failure.attempts }),
    });
    return frontDeskTwiml(deps.voice, PROMPTS.unavailable);
  }
}
