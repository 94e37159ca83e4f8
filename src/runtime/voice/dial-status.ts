/**
 * What happens after the front-desk `<Dial>` (and after a voicemail `<Record>`, whose action posts
 * back to the same path): answered → hang up; not answered → voicemail when the clinic config
 * enables it, else a polite goodbye; a finished recording → thanks and hang up. Recording URLs are
 * never read, logged or echoed.
 */
import type { PhiFreeLogger } from '../core/log';
import { PROMPTS } from './prompts';
import { hangupTwiml, voicemailTwiml, type VoicemailSettings } from './twiml';

export type DialCallStatus = 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface DialOutcome {
  callSid: string;
  /** Present on the `<Dial>` action request. */
  dialCallStatus?: DialCallStatus;
  /** Present on the `<Record>` action request. */
  recordingSid?: string;
}

export function handleDialStatus(outcome: DialOutcome, voicemail: VoicemailSettings, log: PhiFreeLogger): string {
  if (outcome.dialCallStatus === undefined) {
    // The <Record> action (or a request we do not expect): nothing more to do on this call.
    if (outcome.recordingSid !== undefined) log.info('voice.voicemail_recorded', { callSid: outcome.callSid, action: 'voicemail' });
    return hangupTwiml(PROMPTS.thankYou);
  }
  if (outcome.dialCallStatus === 'completed' || outcome.dialCallStatus === 'answered') return hangupTwiml();
  log.info('voice.front_desk_unanswered', {
    callSid: outcome.callSid,
    status: outcome.dialCallStatus,
    action: voicemail.enabled ? 'voicemail' : 'front_desk',
  });
  return voicemailTwiml(voicemail);
}
