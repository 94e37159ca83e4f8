/**
 * The opt-out ledger: reads and compare-and-swap updates over a LedgerStore, retried within a time
 * budget (conflicts at once with jitter, transient store errors with backoff). Nothing is read or
 * written before the ledger's identity is verified (see identity.ts): a ledger that may not be ours
 * is unreadable. A write that cannot be stored in time throws LedgerWriteError: callers must then
 * not acknowledge anything. Every read and write goes through the one scope model (scopes.ts).
 */
import { ledgerKey } from './key';
import { secretFingerprint, type IdentityGuard } from './identity';
import {
  applyChange,
  effectiveFor,
  rememberOnly,
  upgradeRecord,
  type ApplyResult,
  type Change,
  type EffectiveState,
  type LedgerRecord,
} from './record';
import { sendScopes, type SenderPools } from './scopes';
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
  /** The event's MessageSid had been applied before: nothing was written. */
  replay: boolean;
  /** The record as stored after this update (or as found, when nothing was written). */
  record: LedgerRecord | null;
}

/** Who may be sending: one sender, several, or none (only the all-senders entry then counts). */
export type Senders = string | readonly string[] | null;

function senderList(senders: Senders): readonly string[] {
  if (senders === null) return [];
  return typeof senders === 'string' ? [senders] : senders;
}

export class OptOutLedger {
  constructor(
    readonly store: LedgerStore,
    private readonly secret: string,
    private readonly timing: LedgerTiming,
    private readonly identity: IdentityGuard,
    readonly pools: SenderPools = [],
  ) {}

  keyFor(e164: string): string {
    return ledgerKey(this.secret, e164);
  }

  /** The keyed fingerprint of this ledger's secret (as in its identity): tags keys held elsewhere. */
  keyFingerprint(): string {
    return secretFingerprint(this.secret);
  }

  /** Runs `op`, retrying a transient store error (a rate limit, a 5xx) twice with backoff; anything else is final. */
  private async retried<R>(op: () => Promise<R>): Promise<R> {
    const sleep = this.timing.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await op();
      } catch (err) {
        if (!(err instanceof StoreError) || !err.transient || attempt >= 3) throw err;
        await sleep(50 * attempt + Math.floor((this.timing.random ?? Math.random)() * 50));
      }
    }
  }

  /** Verifies the identity (a mismatch is final); resolves to its validity end. */
  private verified(): Promise<number | void> {
    return this.retried(() => this.identity.verify());
  }

  async readByKey(key: string): Promise<LedgerRecord | null> {
    await this.verified();
    // A read refused for its rate (Sync 54009) is retried: the gate fails closed only when it cannot tell.
    const found = await this.retried(() => this.store.read(key));
    return upgradeRecord(found?.value ?? null);
  }

  async read(e164: string): Promise<LedgerRecord | null> {
    return this.readByKey(this.keyFor(e164));
  }

  /** The gate's view: opted out when any scope a send through `senders` could carry is opted out. */
  async status(e164: string, senders: Senders): Promise<EffectiveState> {
    return this.stateOf(await this.read(e164), senders);
  }

  stateOf(record: LedgerRecord | null, senders: Senders): EffectiveState {
    return effectiveFor(record, sendScopes(senderList(senders), this.pools));
  }

  /** Applies `change` (see applyChange); `when` may veto it against the current record. */
  async apply(e164: string, change: Change, when?: (current: LedgerRecord | null) => boolean): Promise<UpdateResult> {
    return this.applyByKey(this.keyFor(e164), change, when);
  }

  /**
   * As `apply`, for callers that hold only the HMAC key (durable jobs never store a number). A
   * change `when` vetoes still has its MessageSid remembered, so a redelivery can never apply it
   * later (YES sent while opted in, redelivered after an opt-out, must not re-subscribe).
   */
  async applyByKey(key: string, change: Change, when?: (current: LedgerRecord | null) => boolean): Promise<UpdateResult> {
    return this.update(key, (current) => {
      if (change.messageSid !== null && current?.seen[change.messageSid] !== undefined) return { next: null, changed: false, replay: true };
      if (when && !when(current)) return { next: rememberOnly(current, change.messageSid), changed: false, replay: false };
      return applyChange(current, change);
    });
  }

  /** Read-modify-write with compare-and-swap until stored, or LedgerWriteError after the budget. */
  private async update(key: string, mutate: (current: LedgerRecord | null) => ApplyResult): Promise<UpdateResult> {
    try {
      const validUntil = await this.verified();
      const now = this.timing.now ?? Date.now;
      // The write must land while the verification holds (a migration waits exactly that long).
      const budgetMs = typeof validUntil === 'number' ? Math.min(this.timing.budgetMs, validUntil - now()) : this.timing.budgetMs;
      const { result, attempts } = await casUpdate(
        this.store,
        key,
        (stored) => {
          const current = upgradeRecord(stored);
          const r = mutate(current);
          return { next: r.next, result: { changed: r.changed, replay: r.replay, record: r.next ?? current } };
        },
        { ...this.timing, budgetMs },
      );
      return { ...result, attempts };
    } catch (err) {
      if (err instanceof CasError) throw new LedgerWriteError(err.attempts, err.code);
      if (err instanceof StoreError) throw new LedgerWriteError(1, err.code);
      throw err;
    }
  }
}

export interface GateLogger {
  warn(event: string, fields?: Record<string, string | number>): void;
}

export type Gate = 'sendable' | 'opted_out' | 'unreadable';

/**
 * The pre-send gate every send path calls. Fails closed: a ledger that cannot be read, or whose
 * identity does not match, is `unreadable`, and nothing may be sent.
 */
export async function sendGate(ledger: OptOutLedger, e164: string, senders: Senders, log?: GateLogger): Promise<Gate> {
  try {
    return (await ledger.status(e164, senders)).optedOut ? 'opted_out' : 'sendable';
  } catch (err) {
    const problem = (err as { problem?: unknown }).problem;
    if (typeof problem === 'string') log?.warn('ledger.identity_unverified', { status: problem });
    log?.warn('ledger.unreadable_blocking_send', { errorCode: err instanceof StoreError && err.code !== null ? err.code : 0 });
    return 'unreadable';
  }
}

/** `sendGate` as a yes/no: true (do not send) when opted out or unreadable. */
export async function isOptedOut(ledger: OptOutLedger, e164: string, senders: Senders, log?: GateLogger): Promise<boolean> {
  return (await sendGate(ledger, e164, senders, log)) !== 'sendable';
}
