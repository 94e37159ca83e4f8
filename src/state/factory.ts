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
import type { QueueStore } from './queue';
import { SyncKv } from './sync-kv';
import { SyncQueue } from './sync-queue';

/** Every Sync Map / List this project uses besides the ledger, by purpose. */
export const COLLECTIONS = {
  /** Per number: open reminders, send-once entries and daily-cap counts (src/reminders/pending.ts). */
  remindersPending: 'reminders-pending',
  messageStatus: 'message-status',
  clinicEvents: 'clinic-events',
  /** Clinic events the clinic refused too often (src/events/outbox.ts MAX_REFUSALS): kept for support to requeue. */
  clinicEventsDead: 'clinic-events-dead',
  verifyLimits: 'verify-limits',
  /** Consent work never dropped: cancels of scheduled messages and carrier opt-outs (src/consent/jobs.ts). */
  consentJobs: 'consent-jobs',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

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
  return {
    kv: <T>(name: CollectionName) => new SyncKv<T>(getTwilioClient(), s.serviceSid, () => name),
    queue: <T>(name: CollectionName) => new SyncQueue<T>(getTwilioClient(), s.serviceSid, name),
  };
}
