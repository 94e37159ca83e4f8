/**
 * The production ledger store: Sync Map items (HIPAA-eligible) spread over `{prefix}-{shard}` maps
 * (Sync allows about 20 writes/s per map), written with If-Match revisions (see SyncKv).
 *
 * Every shard map is created by `optout init` (and by `migrate` on its target) before the identity is
 * written, so in a set-up ledger a missing map is damage (deleted by hand, or a service that was
 * never set up), never "nobody here opted out". Sync answers 20404 alike for a missing item and a
 * missing map, so a read that finds no item checks that its map exists (cached per container for
 * `SHARD_MAP_CHECK_MS`); a missing map fails the read (the gate says unreadable) and writes never
 * re-create it: the shard stays closed until `optout init` repairs it and staff restore what it held.
 */
import type { Twilio } from 'twilio';
import { StoreError } from '../state/kv';
import { asRestError, CODE_COLLECTION_EXISTS, CODE_NOT_FOUND, toStoreError } from '../state/sync-errors';
import { SyncKv } from '../state/sync-kv';
import type { Versioned } from '../state/kv';
import { shardOf } from './key';
import { shardMapsSeen } from './shard-map-cache';
import type { LedgerRecord } from './record';

/** How long a container trusts that a shard map it saw still exists (as the identity cache). */
export const SHARD_MAP_CHECK_MS = 60_000;

export interface SyncStoreOptions {
  serviceSid: string;
  mapPrefix: string;
  shards: number;
  now?: () => number;
}

export function shardMapNames(mapPrefix: string, shards: number): string[] {
  return Array.from({ length: shards }, (_, i) => `${mapPrefix}-${i}`);
}

export class SyncLedgerStore extends SyncKv<LedgerRecord> {
  private readonly now: () => number;

  constructor(
    private readonly syncClient: Twilio,
    private readonly opts: SyncStoreOptions,
  ) {
    super(syncClient, opts.serviceSid, (key) => `${opts.mapPrefix}-${shardOf(key, opts.shards)}`, false);
    this.now = opts.now ?? Date.now;
  }

  mapName(key: string): string {
    return this.mapFor(key);
  }

  override async read(key: string): Promise<Versioned<LedgerRecord> | null> {
    const found = await super.read(key);
    if (found === null) await this.assertMapExists(this.mapFor(key));
    return found;
  }

  /** Creates every shard map that is missing; returns the names it created. */
  async createShardMaps(): Promise<string[]> {
    const created: string[] = [];
    for (const name of shardMapNames(this.opts.mapPrefix, this.opts.shards)) {
      try {
        await this.maps().create({ uniqueName: name });
        created.push(name);
      } catch (err) {
        if (asRestError(err).code !== CODE_COLLECTION_EXISTS) throw toStoreError(err);
      }
    }
    return created;
  }

  private async assertMapExists(name: string): Promise<void> {
    const cacheKey = `${this.opts.serviceSid}/${name}`;
    const seenAt = shardMapsSeen.at(cacheKey);
    if (seenAt !== undefined && this.now() - seenAt < SHARD_MAP_CHECK_MS) return;
    try {
      await this.maps()(name).fetch();
    } catch (err) {
      shardMapsSeen.forget(cacheKey);
      if (asRestError(err).code === CODE_NOT_FOUND) throw new StoreError(false, CODE_NOT_FOUND);
      throw toStoreError(err);
    }
    shardMapsSeen.set(cacheKey, this.now());
  }

  private maps() {
    return this.syncClient.sync.v1.services(this.opts.serviceSid).syncMaps;
  }
}
