/**
 * The local-profile ledger store: the file KvStore (one JSON file per HMAC key, CAS under a lock
 * file). Refused by config anywhere but on loopback; never used when deployed.
 */
import { FileKv } from '../state/file-kv';
import type { LedgerRecord } from './record';

export class FileLedgerStore extends FileKv<LedgerRecord> {}
