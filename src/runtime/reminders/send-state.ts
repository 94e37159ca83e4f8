/**
 * A reminder's state changes around the send, each one conditional write of the patient's record
 * (pending.ts): the claim (send-once entry, daily-cap count and pending reply, all or nothing)
 * before the send; the mark (SID and status) after it; the undo when the send did not happen.
 * Send-once entries are keyed by a hash of appointmentRef + templateId (the record itself is keyed
 * by an HMAC of the number), so a secret re-key that moves the record moves them too. A claim left
 * by an invocation that died before sending (older than STALE_CLAIM_MS, far beyond the 10 s
 * Function limit) may be taken over.
 */
import { createHash } from 'node:crypto';
import type { Versioned } from '../state/kv';
import { sameReminder, type LiveRecord, type PendingRecord, type PendingReminder, type PendingReminders } from './pending';

export const STALE_CLAIM_MS = 10 * 60_000;

export type Claim =
  | { kind: 'claimed'; stored: Versioned<PendingRecord> | null }
  | { kind: 'duplicate'; messageSid: string; status: string }
  | { kind: 'in_progress' }
  | { kind: 'capped' }
  | { kind: 'too_many_scheduled' };

export interface ClaimRequest {
  e164: string;
  reminder: PendingReminder;
  /** The clinic day the message goes out (the cap's window) and the cap. */
  capDay: string;
  capLimit: number;
  /** Epoch ms the cap count and the send-once entry are kept until. */
  capUntil: number;
  keepUntil: number;
}

/** The send-once entry's key inside the record: a hash of the clinic's references, never patient data. */
export function sentKey(ref: Pick<PendingReminder, 'appointmentRef' | 'templateId'>): string {
  return createHash('sha256').update(['sent', ref.appointmentRef, ref.templateId].join('\u0000'), 'utf8').digest('hex').slice(0, 32);
}

/** Claims the send, counts it against the cap and records the pending reply, in one write (or none). */
export async function claimSend(pending: PendingReminders, req: ClaimRequest, known?: Versioned<PendingRecord> | null): Promise<Claim> {
  const key = sentKey(req.reminder);
  const { result, written } = await pending.updateByKey<Claim>(
    pending.keyOf(req.e164),
    (record, at) => {
      const prior = record.sent[key];
      if (prior?.state === 'sent' && prior.messageSid)
        return { next: null, result: { kind: 'duplicate', messageSid: prior.messageSid, status: prior.status ?? 'accepted' } };
      if (prior?.state === 'sending' && at - prior.claimedAt < STALE_CLAIM_MS) return { next: null, result: { kind: 'in_progress' } };
      const counted = record.caps[req.capDay]?.count ?? 0;
      if (counted >= req.capLimit) return { next: null, result: { kind: 'capped' } };
      const withReminder = pending.withReminder(record, req.reminder, at);
      if (withReminder === null) return { next: null, result: { kind: 'too_many_scheduled' } };
      const next: LiveRecord = {
        ...withReminder,
        sent: { ...record.sent, [key]: { state: 'sending', claimedAt: at, until: req.keepUntil } },
        caps: { ...record.caps, [req.capDay]: { count: counted + 1, until: Math.max(req.capUntil, record.caps[req.capDay]?.until ?? 0) } },
      };
      return { next, result: { kind: 'claimed', stored: null } };
    },
    known,
  );
  return result.kind === 'claimed' ? { kind: 'claimed', stored: written } : result;
}

/**
 * Records the SID and status on the send-once entry and on the pending reminder (an opt-out finds
 * a scheduled message by it). One request when no one wrote since the claim. `recorded` is true
 * when the reminder was still there to carry the SID.
 */
export async function markSent(
  pending: PendingReminders,
  e164: string,
  ref: Pick<PendingReminder, 'appointmentRef' | 'templateId'>,
  sent: { messageSid: string; status: string; claimedAt: number; keepUntil: number },
  known: Versioned<PendingRecord> | null,
): Promise<{ recorded: boolean; stored: Versioned<PendingRecord> | null }> {
  const key = sentKey(ref);
  const { result, written } = await pending.updateByKey<boolean>(
    pending.keyOf(e164),
    (record) => {
      const i = record.reminders.findIndex((r) => sameReminder(r, ref));
      const reminders = record.reminders.map((r, j) => (j === i ? { ...r, messageSid: sent.messageSid } : r));
      const entry = {
        state: 'sent' as const,
        claimedAt: record.sent[key]?.claimedAt ?? sent.claimedAt,
        until: sent.keepUntil,
        messageSid: sent.messageSid,
        status: sent.status,
      };
      return { next: { ...record, reminders, sent: { ...record.sent, [key]: entry } }, result: i >= 0 };
    },
    known ?? undefined,
  );
  return { recorded: result, stored: written };
}

/**
 * Gives back what a claim took when the send did not happen (or was withdrawn): the send-once
 * entry, one cap unit and the pending reminder, so a retry can succeed later. Best effort: a
 * failure leaves a stricter cap and a claim that goes stale after STALE_CLAIM_MS.
 */
export async function undoClaim(
  pending: PendingReminders,
  req: Pick<ClaimRequest, 'e164' | 'reminder' | 'capDay'>,
  known: Versioned<PendingRecord> | null,
): Promise<void> {
  const key = sentKey(req.reminder);
  try {
    await pending.updateByKey<void>(
      pending.keyOf(req.e164),
      (record) => {
        const sent = Object.fromEntries(Object.entries(record.sent).filter(([k]) => k !== key));
        const cap = record.caps[req.capDay];
        const caps = cap && cap.count > 0 ? { ...record.caps, [req.capDay]: { ...cap, count: cap.count - 1 } } : record.caps;
        return {
          next: { ...record, reminders: record.reminders.filter((r) => !sameReminder(r, req.reminder)), sent, caps },
          result: undefined,
        };
      },
      known ?? undefined,
    );
  } catch {
    // Stricter cap for the rest of the window, and a claim that goes stale: never an extra send.
  }
}
