/**
 * Twilio's 21610 ("attempt to send to unsubscribed recipient") recorded in our ledger, from a
 * refused send or a status callback. Its own module: /sms/status must not load the send path's
 * dependencies (libphonenumber-js) just for this.
 */
import type { PhiFreeLogger } from '../core/log';
import type { OptOutLedger } from '../ledger/ledger';

/** Twilio refused because the recipient opted out (STOP filtering at Twilio or the carrier). */
export const CODE_UNSUBSCRIBED = 21610;

/**
 * Twilio's block and ours agree: 21610 means the patient opted out of this sender at Twilio or the
 * carrier, so the ledger records it too. Returns false when the ledger could not be written.
 */
export async function markCarrierOptOut(
  deps: { ledger: OptOutLedger; log: PhiFreeLogger; now: () => number },
  to: string,
  sender: string,
  messageSid: string | null,
): Promise<boolean> {
  try {
    await deps.ledger.apply(to, { scope: { kind: 'sender', sender }, state: 'opted_out', at: deps.now(), messageSid, via: 'carrier' });
    deps.log.info('ledger.carrier_optout_recorded', { errorCode: CODE_UNSUBSCRIBED });
    return true;
  } catch {
    deps.log.error('ledger.carrier_optout_not_recorded', { errorCode: CODE_UNSUBSCRIBED });
    return false;
  }
}
