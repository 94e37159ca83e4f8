/**
 * What a ledger backend must provide: a KvStore of ledger records (read with revision,
 * compare-and-swap write). Errors are classified so the ledger can retry what is worth retrying.
 */
import type { KvStore } from '../state/kv';
import type { LedgerRecord } from './record';

export { StoreError } from '../state/kv';
export type { Versioned, WriteOutcome } from '../state/kv';

export type LedgerStore = KvStore<LedgerRecord>;
