/**
 * Twilio's 21610 ("attempt to send to unsubscribed recipient") recorded in our ledger, from a
 * refused send or a status callback. Twilio never retries a status callback, so a 21610 whose
 * ledger write fails is queued as a durable consent job and retried until stored. Its own module:
 * /sms/status must not load the send path's dependencies (libphonenumber-js) just for this.
 */
import { receivedScopes } from '../ledger/scopes';
import { cancelBlockedScheduled, type ConsentDeps } from './consent-effects';

/** Twilio refused because the recipient opted out (STOP filtering at Twilio or the carrier). */
export const CODE_UNSUBSCRIBED = 21610;

/** `stored`: in the ledger now; `queued`: in the durable job queue; `lost`: neither (alert). */
export type CarrierOutcome = 'stored' | 'queued' | 'lost';

/**
 * Twilio's block and ours agree: 21610 means the patient opted out of this sender at Twilio or the
 * carrier, so the ledger records it for the Messaging Service and the number it went out from.
 */
export async function recordCarrierOptOut(
  deps: ConsentDeps,
  to: string,
  messagingServiceSid: string | null,
  from: string | null,
  messageSid: string | null,
): Promise<CarrierOutcome> {
  const senders = receivedScopes(messagingServiceSid, from);
  const at = deps.now();
  const pendingKey = deps.pending.keyOf(to);
  try {
    const result = await deps.ledger.apply(to, { scope: { kind: 'senders', senders }, state: 'opted_out', at, messageSid, via: 'carrier' });
    deps.log.info('ledger.carrier_optout_recorded', { errorCode: CODE_UNSUBSCRIBED });
    const summary = await cancelBlockedScheduled(pendingKey, result.record, deps).catch(() => ({ unrecorded: 1 }));
    if (summary.unrecorded === 0) return 'stored';
  } catch {
    deps.log.warn('ledger.carrier_optout_write_failed', { errorCode: CODE_UNSUBSCRIBED });
  }
  try {
    await deps.jobs.enqueue({
      kind: 'carrier_optout',
      ledgerKey: deps.ledger.keyFor(to),
      pendingKey,
      keyFp: deps.ledger.keyFingerprint(),
      senders,
      messageSid,
      at,
    });
    return 'queued';
  } catch {
    deps.log.error('ledger.carrier_optout_not_recorded', { errorCode: CODE_UNSUBSCRIBED, ...(messageSid ? { messageSid } : {}) });
    return 'lost';
  }
}
