import type { LedgerRecord } from '../../src/runtime/ledger/record';
import { StoreError, type LedgerStore, type Versioned, type WriteOutcome } from '../../src/runtime/ledger/store';

/** An in-memory LedgerStore with scripted failures, for ledger logic tests. */
export class MemoryStore implements LedgerStore {
  readonly kind = 'sync' as const;
  readonly data = new Map<string, { record: LedgerRecord; revision: number }>();
  /** Errors thrown by the next calls, in order. */
  readonly failures: StoreError[] = [];
  conflictsToInject = 0;
  writes = 0;

  async read(key: string): Promise<Versioned<LedgerRecord> | null> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const found = this.data.get(key);
    return found ? { value: structuredClone(found.record), revision: String(found.revision) } : null;
  }

  async write(key: string, record: LedgerRecord, revision: string | null): Promise<WriteOutcome> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (this.conflictsToInject > 0) {
      this.conflictsToInject -= 1;
      return 'conflict';
    }
    const found = this.data.get(key);
    if ((found ? String(found.revision) : null) !== revision) return 'conflict';
    this.writes += 1;
    this.data.set(key, { record: structuredClone(record), revision: (found?.revision ?? 0) + 1 });
    return 'ok';
  }

  async remove(key: string): Promise<void> {
    this.data.delete(key);
  }
}
