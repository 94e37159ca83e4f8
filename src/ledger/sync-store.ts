/**
 * The production ledger store: Sync Map items (HIPAA-eligible) spread over `{prefix}-{shard}` maps
 * (Sync allows about 20 writes/s per map), written with If-Match revisions (see SyncKv).
 */
import type { Twilio } from 'twilio';
import { SyncKv } from '../state/sync-kv';
import { shardOf } from './key';
import type { LedgerRecord } from './record';

export interface SyncStoreOptions {
  serviceSid: string;
  mapPrefix: string;
  shards: number;
}

export class SyncLedgerStore extends SyncKv<LedgerRecord> {
  constructor(client: Twilio, opts: SyncStoreOptions) {
    super(client, opts.serviceSid, (key) => `${opts.mapPrefix}-${shardOf(key, opts.shards)}`);
  }

  mapName(key: string): string {
    return this.mapFor(key);
  }
}
