/**
 * What a ledger backend must provide: read a record with its revision, and write it only if the
 * revision still matches (compare-and-swap). Errors are classified so the ledger can retry what
 * is worth retrying within its time budget.
 */
import type { LedgerRecord } from './record';

export interface VersionedRecord {
  record: LedgerRecord;
  revision: string;
}

export type WriteOutcome = 'ok' | 'conflict';

export interface LedgerStore {
  readonly kind: 'sync' | 'file';
  /** The stored record, or null when there is none. Throws StoreError when it cannot tell. */
  read(key: string): Promise<VersionedRecord | null>;
  /** Creates (revision null) or replaces (revision given) the record; 'conflict' when someone wrote first. */
  write(key: string, record: LedgerRecord, revision: string | null): Promise<WriteOutcome>;
}

/** A store failure. `transient` ones (rate limits, 5xx, timeouts) are retried; others are not. */
export class StoreError extends Error {
  constructor(
    readonly transient: boolean,
    /** A Twilio error code or HTTP status, safe to log; never a message from the server. */
    readonly code: number | null,
  ) {
    super(transient ? 'ledger store temporarily unavailable' : 'ledger store failed');
    this.name = 'StoreError';
  }
}
