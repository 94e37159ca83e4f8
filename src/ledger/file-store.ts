/**
 * The local-profile ledger store: one JSON file per key under a directory, compare-and-swap under
 * an exclusive lock file (twilio-run forks a process per request, so the lock must work across
 * processes). Refused by config anywhere but on loopback; never used when deployed. It uses
 * synchronous fs calls: each twilio-run request is a fresh process, where a few small synchronous
 * calls cost less than a trip through the thread pool each.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerRecord } from './record';
import { StoreError, type LedgerStore, type VersionedRecord, type WriteOutcome } from './store';

interface FileContent {
  revision: string;
  record: LedgerRecord;
}

/** A lock older than this is left over from a crashed process and may be broken. */
const STALE_LOCK_MS = 10_000;

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

export class FileLedgerStore implements LedgerStore {
  readonly kind = 'file' as const;

  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new StoreError(false, null);
    return join(this.dir, `${key}.json`);
  }

  async read(key: string): Promise<VersionedRecord | null> {
    const path = this.file(key);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw new StoreError(true, null);
    }
    try {
      const content = JSON.parse(text) as FileContent;
      return { record: content.record, revision: content.revision };
    } catch {
      // A corrupt file is not "no record": the ledger must fail closed.
      throw new StoreError(false, null);
    }
  }

  async write(key: string, record: LedgerRecord, revision: string | null): Promise<WriteOutcome> {
    const path = this.file(key);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const lock = `${path}.lock`;
    if (!this.acquire(lock)) return 'conflict';
    try {
      const current = await this.read(key);
      if ((current?.revision ?? null) !== revision) return 'conflict';
      const next: FileContent = { revision: String(Number(revision ?? '0') + 1), record };
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
      renameSync(tmp, path);
      return 'ok';
    } finally {
      rmSync(lock, { force: true });
    }
  }

  private acquire(lock: string): boolean {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw new StoreError(true, null);
    }
    try {
      const { mtimeMs } = statSync(lock);
      if (Date.now() - mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
    } catch {
      // The holder released it meanwhile; the caller retries.
    }
    return false;
  }
}
