/** Builds the ledger the config asks for: Sync when deployed, the file store under the local profile. */
import type { Twilio } from 'twilio';
import type { AppConfig } from '../core/config';
import { FileLedgerStore } from './file-store';
import { StoredIdentityGuard, type ExpectedIdentity, type LedgerIdentity } from './identity';
import { OptOutLedger } from './ledger';
import type { SenderPools } from './scopes';
import type { LedgerStore } from './store';
import { SyncLedgerStore } from './sync-store';
import type { KvStore } from '../state/kv';
import { SyncKv } from '../state/sync-kv';
import { FileKv } from '../state/file-kv';

export type LedgerSettings =
  | { backend: 'sync'; serviceSid: string; mapPrefix: string; shards: number; ledgerId?: string }
  | { backend: 'file'; dir: string; ledgerId?: string };

/** Where a ledger's identity lives: map `{prefix}-meta` in its Sync Service, or its directory. */
export function identityStore(
  settings: LedgerSettings,
  getTwilioClient: () => Twilio,
): { store: KvStore<LedgerIdentity>; location: string } {
  if (settings.backend === 'file') return { store: new FileKv<LedgerIdentity>(settings.dir), location: `file:${settings.dir}` };
  const map = `${settings.mapPrefix}-meta`;
  return {
    store: new SyncKv<LedgerIdentity>(getTwilioClient(), settings.serviceSid, () => map),
    location: `sync:${settings.serviceSid}/${map}`,
  };
}

export function expectedIdentity(settings: LedgerSettings, secret: string): ExpectedIdentity {
  const layout =
    settings.backend === 'file'
      ? { backend: 'file' as const }
      : { backend: 'sync' as const, mapPrefix: settings.mapPrefix, shards: settings.shards };
  return { layout, secret, ...(settings.ledgerId ? { ledgerId: settings.ledgerId } : {}) };
}

export function createLedgerStore(settings: LedgerSettings, getTwilioClient: () => Twilio, now?: () => number): LedgerStore {
  if (settings.backend === 'file') return new FileLedgerStore(settings.dir);
  return new SyncLedgerStore(getTwilioClient(), {
    serviceSid: settings.serviceSid,
    mapPrefix: settings.mapPrefix,
    shards: settings.shards,
    ...(now ? { now } : {}),
  });
}

/** A ledger for these settings, guarded by its identity. */
export function openLedger(
  settings: LedgerSettings,
  secret: string,
  getTwilioClient: () => Twilio,
  opts: { budgetMs: number; pools?: SenderPools; now?: () => number },
): OptOutLedger {
  const { store, location } = identityStore(settings, getTwilioClient);
  const guard = new StoredIdentityGuard(store, expectedIdentity(settings, secret), location, opts.now);
  return new OptOutLedger(
    createLedgerStore(settings, getTwilioClient, opts.now),
    secret,
    { budgetMs: opts.budgetMs },
    guard,
    opts.pools ?? [],
  );
}

export function ledgerSettings(config: AppConfig): LedgerSettings {
  const l = config.ledger;
  const pin = config.ledgerId ? { ledgerId: config.ledgerId } : {};
  return l.backend === 'file'
    ? { backend: 'file', dir: l.dir, ...pin }
    : { backend: 'sync', serviceSid: l.serviceSid, mapPrefix: l.mapPrefix, shards: l.shards, ...pin };
}

export function createLedger(config: AppConfig, getTwilioClient: () => Twilio): OptOutLedger {
  return openLedger(ledgerSettings(config), config.optoutHmacSecret, getTwilioClient, {
    budgetMs: config.ledger.writeBudgetMs,
    pools: config.senderPools,
  });
}
