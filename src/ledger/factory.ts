/** Builds the ledger the config asks for: Sync when deployed, the file store under the local profile. */
import type { Twilio } from 'twilio';
import type { AppConfig } from '../core/config';
import { FileLedgerStore } from './file-store';
import { OptOutLedger } from './ledger';
import type { LedgerStore } from './store';
import { SyncLedgerStore } from './sync-store';

export function createLedgerStore(config: AppConfig, getTwilioClient: () => Twilio): LedgerStore {
  const l = config.ledger;
  if (l.backend === 'file') return new FileLedgerStore(l.dir);
  return new SyncLedgerStore(getTwilioClient(), { serviceSid: l.serviceSid, mapPrefix: l.mapPrefix, shards: l.shards });
}

export function createLedger(config: AppConfig, getTwilioClient: () => Twilio): OptOutLedger {
  return new OptOutLedger(createLedgerStore(config, getTwilioClient), config.optoutHmacSecret, {
    budgetMs: config.ledger.writeBudgetMs,
  });
}
