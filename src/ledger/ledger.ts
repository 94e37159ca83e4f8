/**
 * The opt-out ledger: reads and compare-and-swap updates over a LedgerStore, retried within a time
 * budget (conflicts at once with jitter, transient store errors with backoff). A write that cannot
 * be stored in time throws LedgerWriteError: callers must then not acknowledge anything.
 */
import { ledgerKey } from './key';
import { applyChange, effectiveState, type ApplyResult, type Change, type EffectiveState, type LedgerRecord } from './record';
import { StoreError, type LedgerStore } from './store';

export class LedgerWriteError extends Error {
  constructor(
    readonly attempts: number,
    readonly code: number | null,
  ) {
    super('opt-out ledger write did not complete');
    this.name = 'LedgerWriteError';
  }
}

export interface LedgerTiming {
  budgetMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface UpdateResult {
  changed: boolean;
  attempts: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class OptOutLedger {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    readonly store: LedgerStore,
    private readonly secret: string,
    private readonly timing: LedgerTiming,
  ) {
    this.now = timing.now ?? Date.now;
    this.sleep = timing.sleep ?? defaultSleep;
    this.random = timing.random ?? Math.random;
  }

  keyFor(e164: string): string {
    return ledgerKey(this.secret, e164);
  }

  async read(e164: string): Promise<LedgerRecord | null> {
    const found = await this.store.read(this.keyFor(e164));
    return found?.record ?? null;
  }

  async status(e164: string, sender: string | null): Promise<EffectiveState> {
    return effectiveState(await this.read(e164), sender);
  }

  /** Applies `change` (see applyChange); `when` may veto it against the current record. */
  async apply(e164: string, change: Change, when?: (current: LedgerRecord | null) => boolean): Promise<UpdateResult> {
    return this.update(e164, (current) =>
      when && !when(current) ? { next: null, changed: false } : applyChange(current, change),
    );
  }

  /** Read-modify-write with compare-and-swap until stored, or LedgerWriteError after the budget. */
  async update(e164: string, mutate: (current: LedgerRecord | null) => ApplyResult): Promise<UpdateResult> {
    const key = this.keyFor(e164);
    const deadline = this.now() + this.timing.budgetMs;
    let attempts = 0;
    let lastCode: number | null = null;
    let backoffMs = 50;
    while (this.now() < deadline) {
      attempts += 1;
      try {
        const current = await this.store.read(key);
        const result = mutate(current?.record ?? null);
        if (result.next === null) return { changed: result.changed, attempts };
        const outcome = await this.store.write(key, result.next, current?.revision ?? null);
        if (outcome === 'ok') return { changed: result.changed, attempts };
        await this.sleep(Math.floor(this.random() * 25));
      } catch (err) {
        if (!(err instanceof StoreError) || !err.transient) {
          throw new LedgerWriteError(attempts, err instanceof StoreError ? err.code : null);
        }
        lastCode = err.code;
        const wait = Math.min(backoffMs + Math.floor(this.random() * backoffMs), Math.max(0, deadline - this.now()));
        backoffMs = Math.min(backoffMs * 2, 1000);
        await this.sleep(wait);
      }
    }
    throw new LedgerWriteError(attempts, lastCode);
  }
}

export interface GateLogger {
  warn(event: string, fields?: Record<string, string | number>): void;
}

/**
 * The pre-send gate every send path calls. Fails closed: if the ledger cannot be read, the number
 * is treated as opted out and nothing is sent.
 */
export async function isOptedOut(ledger: OptOutLedger, e164: string, sender: string | null, log?: GateLogger): Promise<boolean> {
  try {
    return (await ledger.status(e164, sender)).optedOut;
  } catch (err) {
    log?.warn('ledger.unreadable_blocking_send', { errorCode: err instanceof StoreError && err.code !== null ? err.code : 0 });
    return true;
  }
}
