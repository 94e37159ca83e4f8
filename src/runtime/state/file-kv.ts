/**
 * The local-profile KvStore: one JSON file per key under a directory, compare-and-swap under an
 * exclusive lock file (twilio-run forks a process per request, so the lock must work across
 * processes), expiry stored with the value. Refused by config anywhere but on loopback; never used
 * when deployed. Synchronous fs calls: each twilio-run request is a fresh process, where a few small
 * synchronous calls cost less than a trip through the thread pool each.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError, type KvStore, type Versioned, type WriteOptions, type WriteOutcome } from './kv';

interface FileContent<T> {
  revision: string;
  /** Epoch ms after which the value counts as absent. */
  expiresAt?: number;
  record: T;
}

/** A lock older than this is left over from a crashed process and may be broken. */
const STALE_LOCK_MS = 10_000;
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

export class FileKv<T> implements KvStore<T> {
  readonly kind = 'file' as const;

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private file(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new StoreError(false, null);
    return join(this.dir, `${key}.json`);
  }

  async read(key: string): Promise<Versioned<T> | null> {
    const found = this.readContent(this.file(key));
    if (found === null || (found.expiresAt !== undefined && found.expiresAt <= this.now())) return null;
    return { value: found.record, revision: found.revision };
  }

  private readContent(path: string): FileContent<T> | null {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw new StoreError(true, null);
    }
    try {
      return JSON.parse(text) as FileContent<T>;
    } catch {
      // A corrupt file is not "no record": callers must fail closed.
      throw new StoreError(false, null);
    }
  }

  async write(key: string, value: T, revision: string | null, opts: WriteOptions = {}): Promise<WriteOutcome> {
    const path = this.file(key);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const lock = `${path}.lock`;
    if (!this.acquire(lock)) return 'conflict';
    try {
      const stored = this.readContent(path);
      const live = stored !== null && (stored.expiresAt === undefined || stored.expiresAt > this.now()) ? stored : null;
      if (live === null ? revision !== null : live.revision !== revision) return 'conflict';
      const next: FileContent<T> = {
        // Revisions keep counting across expiry, so a stale writer can never match a re-created record.
        revision: String(Number(stored?.revision ?? '0') + 1),
        ...(opts.ttlSeconds !== undefined ? { expiresAt: this.now() + opts.ttlSeconds * 1000 } : {}),
        record: value,
      };
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
      renameSync(tmp, path);
      opts.onRevision?.(next.revision);
      return 'ok';
    } finally {
      rmSync(lock, { force: true });
    }
  }

  async remove(key: string): Promise<void> {
    rmSync(this.file(key), { force: true });
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
