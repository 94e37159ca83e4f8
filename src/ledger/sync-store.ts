/**
 * The production ledger store: Twilio Sync Map items (HIPAA-eligible), one map per shard, written
 * with If-Match revisions. Conflicts (54205 on update, 54208 on create) become 'conflict' for the
 * ledger to re-read and retry; a missing map is created on first write.
 */
import type { Twilio } from 'twilio';
import { shardOf } from './key';
import type { LedgerRecord } from './record';
import { StoreError, type LedgerStore, type VersionedRecord, type WriteOutcome } from './store';

export interface SyncStoreOptions {
  serviceSid: string;
  mapPrefix: string;
  shards: number;
}

const CODE_NOT_FOUND = 20404;
const CODE_REVISION_MISMATCH = 54205;
const CODE_ITEM_EXISTS = 54208;
const CODE_MAP_EXISTS = 54301;

interface RestLikeError {
  status?: number;
  code?: number;
}

function asRestError(err: unknown): RestLikeError {
  return typeof err === 'object' && err !== null ? (err as RestLikeError) : {};
}

function toStoreError(err: unknown): StoreError {
  const { status, code } = asRestError(err);
  if (typeof status === 'number') {
    const transient = status === 429 || status >= 500;
    return new StoreError(transient, typeof code === 'number' ? code : status);
  }
  // No HTTP status: a network error or timeout before any answer.
  return new StoreError(true, null);
}

export class SyncLedgerStore implements LedgerStore {
  readonly kind = 'sync' as const;

  constructor(
    private readonly client: Twilio,
    private readonly opts: SyncStoreOptions,
  ) {}

  mapName(key: string): string {
    return `${this.opts.mapPrefix}-${shardOf(key, this.opts.shards)}`;
  }

  private items(key: string) {
    return this.client.sync.v1.services(this.opts.serviceSid).syncMaps(this.mapName(key)).syncMapItems;
  }

  async read(key: string): Promise<VersionedRecord | null> {
    try {
      const item = await this.items(key)(key).fetch();
      return { record: item.data as LedgerRecord, revision: item.revision };
    } catch (err) {
      if (asRestError(err).code === CODE_NOT_FOUND) return null;
      throw toStoreError(err);
    }
  }

  async write(key: string, record: LedgerRecord, revision: string | null): Promise<WriteOutcome> {
    try {
      if (revision === null) await this.items(key).create({ key, data: record });
      else await this.items(key)(key).update({ data: record, ifMatch: revision });
      return 'ok';
    } catch (err) {
      const { code } = asRestError(err);
      if (code === CODE_REVISION_MISMATCH || code === CODE_ITEM_EXISTS) return 'conflict';
      if (code === CODE_NOT_FOUND && revision === null) {
        await this.createMap(key);
        return 'conflict';
      }
      // An update whose item vanished (deleted by staff tooling) is retried as a fresh read.
      if (code === CODE_NOT_FOUND) return 'conflict';
      throw toStoreError(err);
    }
  }

  private async createMap(key: string): Promise<void> {
    try {
      await this.client.sync.v1.services(this.opts.serviceSid).syncMaps.create({ uniqueName: this.mapName(key) });
    } catch (err) {
      if (asRestError(err).code !== CODE_MAP_EXISTS) throw toStoreError(err);
    }
  }
}
