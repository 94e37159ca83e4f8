/**
 * Hourly rate limits for /verify/*: one bucket per number and one per requester (the portal's
 * opaque user or session id; all requests without one share a single anonymous bucket), kept
 * apart for starts and for checks. Keys are HMACs (stateKey), never the number or the id itself.
 */
import { stateKey } from '../ledger/key';
import { windowId, type Quota } from '../state/quota';

export const VERIFY_WINDOW_SECONDS = 3600;
/** A patient mistypes more often than they ask for a new code: checks get twice the start limits. */
export const CHECK_LIMIT_FACTOR = 2;
/** Cannot match the requester pattern (it must start with a letter or digit), so no id collides with it. */
export const ANONYMOUS_REQUESTER = '*anonymous';

export interface VerifyLimits {
  perNumberPerHour: number;
  perRequesterPerHour: number;
}

export type Operation = 'start' | 'check';

interface Bucket {
  key: string;
  limit: number;
}

/** What `take` did: every unit taken (to give back), or which bucket was full. */
export type TakeResult = { ok: true; taken: string[] } | { ok: false; full: 'number' | 'requester' };

export class VerifyLimiter {
  constructor(
    private readonly quota: Quota,
    private readonly secret: string,
    private readonly limits: VerifyLimits,
    private readonly now: () => number,
  ) {}

  /** The requester's and the number's bucket for one request, in the current window. */
  bucketsFor(op: Operation, to: string, requester: string | undefined): { requester: Bucket; number: Bucket } {
    const window = windowId(this.now(), VERIFY_WINDOW_SECONDS);
    const factor = op === 'check' ? CHECK_LIMIT_FACTOR : 1;
    return {
      requester: {
        key: stateKey(this.secret, `verify-${op}-requester`, window, requester ?? ANONYMOUS_REQUESTER),
        limit: this.limits.perRequesterPerHour * factor,
      },
      number: { key: stateKey(this.secret, `verify-${op}-number`, window, to), limit: this.limits.perNumberPerHour * factor },
    };
  }

  /**
   * Takes one unit from the requester's bucket, then the number's. A full requester bucket leaves
   * the number's alone (a caller out of budget cannot use up a patient's); a full number bucket
   * keeps the requester's unit (hammering a number costs the caller). Throws when the store fails,
   * after giving back what it took.
   */
  async take(op: Operation, to: string, requester: string | undefined): Promise<TakeResult> {
    const buckets = this.bucketsFor(op, to, requester);
    if (!(await this.quota.take(buckets.requester.key, buckets.requester.limit, VERIFY_WINDOW_SECONDS)))
      return { ok: false, full: 'requester' };
    let numberOk: boolean;
    try {
      numberOk = await this.quota.take(buckets.number.key, buckets.number.limit, VERIFY_WINDOW_SECONDS);
    } catch (err) {
      await this.giveBack([buckets.requester.key]);
      throw err;
    }
    return numberOk ? { ok: true, taken: [buckets.requester.key, buckets.number.key] } : { ok: false, full: 'number' };
  }

  /** Returns units when the work they guarded did not happen (best effort). */
  async giveBack(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.quota.giveBack(key, VERIFY_WINDOW_SECONDS);
  }
}
