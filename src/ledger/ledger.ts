/**
 * The opt-out ledger: reads and compare-and-swap updates over a LedgerStore, retried within a time
 * budget (conflicts at once with jitter, transient store errors with backoff). A write that cannot
 * be stored in time throws LedgerWriteError: callers must then not acknowledge anything.
 */
import { ledgerKey } from './key';
import { applyChange, effectiveState, type ApplyResult, type Change, type EffectiveState, type LedgerRecord } from './record';
import { casUpdate, CasError, type CasTiming } from '../state/kv';
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

export type LedgerTiming = CasTiming;

export interface UpdateResult {
  changed: boolean;
  attempts: number;
}

export class OptOutLedger {
  constructor(
    readonly store: LedgerStore,
    private readonly secret: string,
    private readonly timing: LedgerTiming,
  ) {}

  keyFor(e164: string): string {
    return ledgerKey(this.secret, e164);
  }

  async read(e164: string): Promise<LedgerRecord | null> {
    const found = await this.store.read(this.keyFor(e164));
    return found?.value ?? null;
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
    try {
      const { result, attempts } = await casUpdate(
        this.store,
        this.keyFor(e164),
        (current) => {
          const r = mutate(current);
          return { next: r.next, result: r.changed };
        },
        this.timing,
      );
      return { changed: result, attempts };
    } catch (err) {
      if (err instanceof CasError) throw new LedgerWriteError(err.attempts, err.code);
      throw err;
    }
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
