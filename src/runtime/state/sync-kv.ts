/**
 * KvStore on Twilio Sync Map items (HIPAA-eligible). Writes carry If-Match revisions; conflicts
 * (54205 on update, 54208 on create) come back as 'conflict' for casUpdate to re-read; a missing
 * map is created on first write (unless the store is told maps are created up front). `mapFor` picks the map per key (one map, or shards).
 */
import type { Twilio } from 'twilio';
import { asRestError, CODE_COLLECTION_EXISTS, CODE_ITEM_EXISTS, CODE_NOT_FOUND, CODE_REVISION_MISMATCH, toStoreError } from './sync-errors';
import { StoreError, type KvStore, type Versioned, type WriteOptions, type WriteOutcome } from './kv';

/** Sync's largest item TTL (one year); longer requests are capped, never refused. */
export const MAX_SYNC_TTL_SECONDS = 31_536_000;

export class SyncKv<T> implements KvStore<T> {
  readonly kind = 'sync' as const;

  constructor(
    private readonly client: Twilio,
    private readonly serviceSid: string,
    /** The map's unique name for a key. */
    readonly mapFor: (key: string) => string,
    /** False where a missing map means damage, not "nothing written yet" (the opt-out ledger). */
    private readonly createsMaps = true,
  ) {}

  private items(key: string) {
    return this.client.sync.v1.services(this.serviceSid).syncMaps(this.mapFor(key)).syncMapItems;
  }

  async read(key: string): Promise<Versioned<T> | null> {
    try {
      const item = await this.items(key)(key).fetch();
      return { value: item.data as T, revision: item.revision };
    } catch (err) {
      if (asRestError(err).code === CODE_NOT_FOUND) return null;
      throw toStoreError(err);
    }
  }

  async write(key: string, value: T, revision: string | null, opts: WriteOptions = {}): Promise<WriteOutcome> {
    const outcome = await this.tryWrite(key, value, revision, opts);
    if (outcome !== 'no_map') return outcome;
    if (!this.createsMaps) throw new StoreError(false, CODE_NOT_FOUND);
    // First write into this map: create it, then the create-if-absent once more.
    await this.createMap(key);
    const again = await this.tryWrite(key, value, revision, opts);
    return again === 'no_map' ? 'conflict' : again;
  }

  private async tryWrite(key: string, value: T, revision: string | null, opts: WriteOptions): Promise<WriteOutcome | 'no_map'> {
    const ttl = opts.ttlSeconds === undefined ? {} : { itemTtl: Math.min(Math.max(1, Math.ceil(opts.ttlSeconds)), MAX_SYNC_TTL_SECONDS) };
    try {
      const item =
        revision === null
          ? await this.items(key).create({ key, data: value, ...ttl })
          : await this.items(key)(key).update({ data: value, ifMatch: revision, ...ttl });
      opts.onRevision?.(item.revision);
      return 'ok';
    } catch (err) {
      const { code } = asRestError(err);
      if (code === CODE_REVISION_MISMATCH || code === CODE_ITEM_EXISTS) return 'conflict';
      if (code === CODE_NOT_FOUND && revision === null) return 'no_map';
      // An update whose item vanished (expired, or deleted by staff tooling) is retried as a fresh read.
      if (code === CODE_NOT_FOUND) return 'conflict';
      throw toStoreError(err);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.items(key)(key).remove();
    } catch (err) {
      if (asRestError(err).code !== CODE_NOT_FOUND) throw toStoreError(err);
    }
  }

  /** True when the map named for `key` holds no items (or does not exist): one list request. */
  async isEmpty(key: string): Promise<boolean> {
    try {
      const page = await this.items(key).page({ pageSize: 1 });
      return page.instances.length === 0;
    } catch (err) {
      if (asRestError(err).code === CODE_NOT_FOUND) return true;
      throw toStoreError(err);
    }
  }

  private async createMap(key: string): Promise<void> {
    try {
      await this.client.sync.v1.services(this.serviceSid).syncMaps.create({ uniqueName: this.mapFor(key) });
    } catch (err) {
      if (asRestError(err).code !== CODE_COLLECTION_EXISTS) throw toStoreError(err);
    }
  }
}
