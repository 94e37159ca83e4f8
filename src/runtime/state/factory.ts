/**
 * Opens the named state collections the config asks for: Sync Maps/Lists in the ledger's Sync
 * Service, or directories under the local profile's ledger directory.
 */
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import type { AppConfig } from '../core/config';
import { FileKv } from './file-kv';
import { FileQueue } from './file-queue';
import type { KvStore } from './kv';
import { LayoutCheckedKv, StateLayoutGuard, type StateLayout } from './layout';
import { shardOf } from './shard';
import type { QueueStore } from './queue';
import { SyncKv } from './sync-kv';
import { SyncQueue } from './sync-queue';

/** Every Sync Map / List this project uses besides the ledger, by purpose. */
export const COLLECTIONS = {
  /** Per number: open reminders, send-once entries and daily-cap counts (src/runtime/reminders/pending.ts). */
  remindersPending: 'reminders-pending',
  messageStatus: 'message-status',
  clinicEvents: 'clinic-events',
  /** Clinic events the clinic refused too often (src/runtime/events/outbox.ts MAX_REFUSALS): kept for support to requeue. */
  clinicEventsDead: 'clinic-events-dead',
  verifyLimits: 'verify-limits',
  /** Consent work never dropped: cancels of scheduled messages and carrier opt-outs (src/runtime/consent/jobs.ts). */
  consentJobs: 'consent-jobs',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/** Collections spread over STATE_SHARDS maps (`{name}-{shard}`; one shard keeps the plain name). */
export const SHARDED_COLLECTIONS: ReadonlySet<CollectionName> = new Set([COLLECTIONS.remindersPending]);

/** The map a key of a sharded collection lives in. */
export function shardedMapName(name: CollectionName, key: string, shards: number): string {
  return shards > 1 ? `${name}-${shardOf(key, shards)}` : name;
}

export interface StateStores {
  kv<T>(name: CollectionName): KvStore<T>;
  queue<T>(name: CollectionName): QueueStore<T>;
}

export function openState(config: Pick<AppConfig, 'state'>, getTwilioClient: () => Twilio): StateStores {
  const s = config.state;
  if (s.backend === 'file') {
    return {
      kv: <T>(name: CollectionName) => new FileKv<T>(join(s.dir, name)),
      queue: <T>(name: CollectionName) => new FileQueue<T>(join(s.dir, name)),
    };
  }
  const shards = s.shards ?? 1;
  return {
    kv: <T>(name: CollectionName): KvStore<T> => {
      const client = getTwilioClient();
      if (!SHARDED_COLLECTIONS.has(name)) return new SyncKv<T>(client, s.serviceSid, () => name);
      const unsharded = new SyncKv<unknown>(client, s.serviceSid, () => name);
      const guard = new StateLayoutGuard(
        new SyncKv<StateLayout>(client, s.serviceSid, () => `${name}-meta`),
        shards,
        `${s.serviceSid}/${name}`,
        () => unsharded.isEmpty(name),
      );
      return new LayoutCheckedKv(new SyncKv<T>(client, s.serviceSid, (key) => shardedMapName(name, key, shards)), guard);
    },
    queue: <T>(name: CollectionName) => new SyncQueue<T>(getTwilioClient(), s.serviceSid, name),
  };
}
