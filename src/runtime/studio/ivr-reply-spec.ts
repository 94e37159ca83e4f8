/**
 * POST /studio/ivr-reply — the Studio IVR's 1/2/3: the caller's answer to their newest pending
 * reminder, found by an HMAC of the caller's number and recorded with the same `recordReply` (outbox
 * first, then drain) as the Functions IVR (/voice/menu). Only reminders sent by /reminders/send are
 * in that store; a caller without one gets `not_found` and the flow connects the front desk. The
 * same rule as /voice/menu applies: only a call Twilio verified with SHAKEN/STIR A
 * (`StirVerstat`, which the flow passes from `{{trigger.call.StirVerstat}}`; empty when Studio has
 * none) is looked up; any other caller gets the very `not_found` a caller without a reminder gets,
 * before any state is read. A state store that cannot be used throws (503: the widget's fail
 * branch, which also goes to the front desk).
 */
import { jsonReply, type HttpReply } from '../core/http';
import { loadClinicConfig } from '../clinic/clinic-config';
import { invalidRequestReply } from '../core/invalid-request';
import type { PhiFreeLogger } from '../core/log';
import type { WebhookSpec } from '../core/webhook';
import { validateStudioIvrReply } from '../../generated/validators/validateStudioIvrReply';
import { recordReply } from '../reminders/record-reply';
import { reminderServices } from '../services';
import { choiceFor, VOICE_DRAIN_BUDGET_MS, type ReplyStores } from '../voice/menu';
import { checkCaller, type VoiceVerification } from '../voice/verification';

/** The Run Function parameters (see schemas/studio-ivr-reply.schema.json and docs/studio.md). */
export interface IvrReplyParams {
  CallSid: string;
  /** {{trigger.call.From}}: E.164, or a non-number (blocked caller ID, client:, sip:). */
  From: string;
  /** {{trigger.call.StirVerstat}}: always sent by the flow, empty when Studio has no value. */
  StirVerstat: string;
  Digits: '1' | '2' | '3';
}

export interface IvrReplyDeps {
  /** The clinic's `voice.verification`; absent means `stir-a-only`. */
  verification?: VoiceVerification;
  stores: () => ReplyStores;
  log: PhiFreeLogger;
  now: () => number;
  drainBudgetMs: number;
}

const E164 = /^\+[1-9][0-9]{7,14}$/;
const notFound = (): HttpReply => jsonReply(200, { result: 'not_found' });

export async function ivrReply(p: IvrReplyParams, deps: IvrReplyDeps): Promise<HttpReply> {
  const choice = choiceFor(p.Digits);
  if (choice.kind !== 'reply') return notFound();
  const { action, digit } = choice;
  const caller = checkCaller(p.StirVerstat, deps.verification);
  if (!caller.verified) {
    deps.log.info('studio_ivr.caller_unverified', { callSid: p.CallSid, action, status: caller.label });
    return notFound();
  }
  const { pending, outbox } = deps.stores();
  if (outbox === null) {
    deps.log.warn('studio_ivr.reply_unmatched', { callSid: p.CallSid, action, status: 'events_not_configured' });
    return notFound();
  }
  const reminder = E164.test(p.From) ? await pending.latest(p.From) : null;
  if (reminder === null) {
    deps.log.info('studio_ivr.reply_unmatched', { callSid: p.CallSid, action, status: 'no_pending' });
    return notFound();
  }
  const source = { channel: 'voice' as const, sid: p.CallSid, eventSuffix: `-${digit}`, receivedAt: deps.now() };
  await recordReply(reminder, p.From, action, source, { pending, outbox, log: deps.log, drainBudgetMs: deps.drainBudgetMs });
  return jsonReply(200, { result: 'recorded', action });
}

export function studioIvrReplySpec(): WebhookSpec<IvrReplyParams> {
  return {
    name: 'studio_ivr_reply',
    validateInput: validateStudioIvrReply,
    invalidReply: invalidRequestReply(['CallSid', 'From', 'StirVerstat', 'Digits']),
    handle: async (p, ctx) => {
      const { verification } = loadClinicConfig(ctx.request.readAsset).voice;
      return ivrReply(p, {
        ...(verification === undefined ? {} : { verification }),
        stores: () => {
          const s = reminderServices(ctx);
          return { pending: s.pending, outbox: s.outbox };
        },
        log: ctx.log,
        now: Date.now,
        drainBudgetMs: VOICE_DRAIN_BUDGET_MS,
      });
    },
  };
}
