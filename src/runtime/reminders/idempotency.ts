/**
 * Send-once records for reminders, keyed by an HMAC of appointmentRef + templateId: a request is
 * claimed before the send and marked sent after, so a retried request never sends twice. A claim
 * left by an invocation that died before sending (older than STALE_CLAIM_MS, far beyond the 10 s
 * Function limit) may be taken over.
 */
import { stateKey } from '../ledger/key';
import { casUpdate, type CasTiming, type KvStore } from '../state/kv';

export interface SentRecord {
  state: 'sending' | 'sent';
  claimedAt: number;
  messageSid?: string;
  /** Twilio's status when it accepted the message: `accepted`, `queued` or `scheduled`. */
  status?: string;
}

export type Claim = { kind: 'claimed' } | { kind: 'duplicate'; messageSid: string; status: string } | { kind: 'in_progress' };

export const STALE_CLAIM_MS = 10 * 60_000;
/** The claim's own expiry: long enough that a live claim never vanishes under its holder. */
const CLAIM_TTL_SECONDS = 3600;

export class SendOnce {
  constructor(
    private readonly kv: KvStore<SentRecord>,
    private readonly secret: string,
    private readonly timing: CasTiming,
    private readonly now: () => number = Date.now,
  ) {}

  key(appointmentRef: string, templateId: string): string {
    return stateKey(this.secret, 'sent', appointmentRef, templateId);
  }

  async claim(key: string): Promise<Claim> {
    const at = this.now();
    const { result } = await casUpdate<SentRecord, Claim>(
      this.kv,
      key,
      (current) => {
        if (current?.state === 'sent' && current.messageSid) return { next: null, result: { kind: 'duplicate', messageSid: current.messageSid, status: current.status ?? 'accepted' } };
        if (current?.state === 'sending' && at - current.claimedAt < STALE_CLAIM_MS) return { next: null, result: { kind: 'in_progress' } };
        return { next: { state: 'sending', claimedAt: at }, result: { kind: 'claimed' }, ttlSeconds: CLAIM_TTL_SECONDS };
      },
      this.timing,
    );
    return result;
  }

  /** Records the send; kept until `keepSeconds` (past the appointment) so late retries stay duplicates. */
  async markSent(key: string, messageSid: string, status: string, keepSeconds: number): Promise<void> {
    await casUpdate<SentRecord, void>(
      this.kv,
      key,
      (current) => ({ next: { state: 'sent', claimedAt: current?.claimedAt ?? this.now(), messageSid, status }, result: undefined, ttlSeconds: keepSeconds }),
      this.timing,
    );
  }

  /** Drops a claim whose send did not happen, so a retry may send. Best effort. */
  async release(key: string): Promise<void> {
    try {
      await this.kv.remove(key);
    } catch {
      // The claim goes stale after STALE_CLAIM_MS and can then be taken over.
    }
  }
}
