/**
 * Fixed-window counters (daily reminder caps, Verify rate limits): take one unit if the window's
 * count is below the limit, give it back when the work it guarded did not happen. Keys are HMACs
 * over the window id and the subject; a record expires with its window.
 */
import { casUpdate, type CasTiming, type KvStore } from './kv';

export interface QuotaRecord {
  count: number;
}

export class Quota {
  constructor(
    private readonly kv: KvStore<QuotaRecord>,
    private readonly timing: CasTiming,
  ) {}

  /** True when a unit was taken; false when the window is full. Throws CasError when the store fails. */
  async take(key: string, limit: number, windowSeconds: number): Promise<boolean> {
    const { result } = await casUpdate<QuotaRecord, boolean>(
      this.kv,
      key,
      (current) => {
        const count = current?.count ?? 0;
        if (count >= limit) return { next: null, result: false };
        return { next: { count: count + 1 }, result: true, ttlSeconds: windowSeconds };
      },
      this.timing,
    );
    return result;
  }

  /** Returns a unit taken by `take` (best effort: a failure here only makes the cap stricter). */
  async giveBack(key: string, windowSeconds: number): Promise<void> {
    try {
      await casUpdate<QuotaRecord, void>(
        this.kv,
        key,
        (current) =>
          current && current.count > 0
            ? { next: { count: current.count - 1 }, result: undefined, ttlSeconds: windowSeconds }
            : { next: null, result: undefined },
        this.timing,
      );
    } catch {
      // Stricter cap for the rest of the window; never an extra send.
    }
  }
}

/** The id of the fixed window containing `at` (epoch ms), e.g. the hour or the day. */
export function windowId(at: number, windowSeconds: number): string {
  return String(Math.floor(at / (windowSeconds * 1000)));
}
