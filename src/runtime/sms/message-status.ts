/**
 * The typed core of POST /sms/status: keep the latest delivery status per MessageSid (SIDs,
 * status and error code only; callbacks can arrive out of order, so a status never moves
 * backwards), and when Twilio reports 21610 (recipient unsubscribed at Twilio or the carrier),
 * record the opt-out in the ledger too, so Twilio's block and ours agree. Twilio does not retry
 * status callbacks: a 21610 that cannot be stored now is queued as a durable consent job.
 */
import type { PhiFreeLogger } from '../core/log';
import { CODE_UNSUBSCRIBED, recordCarrierOptOut } from '../reminders/carrier-optout';
import type { ConsentDeps } from '../reminders/consent-effects';
import { casUpdate, type CasTiming, type KvStore } from '../state/kv';

export interface StatusCallback {
  messageSid: string;
  status: string;
  errorCode: number | null;
  messagingServiceSid: string | null;
  from: string | null;
  to: string | null;
}

export interface StatusRecord {
  status: string;
  errorCode: number | null;
  updatedAt: number;
}

/** Later stages rank higher; terminal states share a rank so the first terminal report wins. */
const RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  canceled: 4,
  failed: 4,
  undelivered: 4,
  delivered: 4,
  partially_delivered: 4,
  read: 5,
  receiving: 0,
  received: 1,
};

export const STATUS_TTL_SECONDS = 30 * 86_400;

export function shouldReplace(current: StatusRecord | null, next: string): boolean {
  if (current === null) return true;
  return (RANK[next] ?? 0) > (RANK[current.status] ?? 0);
}

export interface StatusDeps {
  statuses: KvStore<StatusRecord>;
  consent: ConsentDeps;
  log: PhiFreeLogger;
  timing: CasTiming;
  now: () => number;
}

/**
 * Returns false when something that must be stored (the 21610 opt-out) could be neither stored
 * nor queued. The 21610 is handled before the status record, so a status store failure cannot
 * keep it from the ledger.
 */
export async function recordStatus(cb: StatusCallback, deps: StatusDeps): Promise<boolean> {
  let carrier = true;
  if (cb.errorCode === CODE_UNSUBSCRIBED && cb.to !== null && (cb.messagingServiceSid ?? cb.from) !== null) {
    carrier = (await recordCarrierOptOut(deps.consent, cb.to, cb.messagingServiceSid, cb.from, cb.messageSid)) !== 'lost';
  }
  const { result: changed } = await casUpdate<StatusRecord, boolean>(
    deps.statuses,
    cb.messageSid,
    (current) =>
      shouldReplace(current, cb.status)
        ? { next: { status: cb.status, errorCode: cb.errorCode, updatedAt: deps.now() }, result: true, ttlSeconds: STATUS_TTL_SECONDS }
        : { next: null, result: false },
    deps.timing,
  );
  deps.log.info('sms_status.recorded', {
    messageSid: cb.messageSid,
    status: cb.status,
    errorCode: cb.errorCode ?? 0,
    count: changed ? 1 : 0,
  });
  return carrier;
}
