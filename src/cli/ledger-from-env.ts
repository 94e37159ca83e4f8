/**
 * Which ledger the support CLI reads: Twilio Sync when credentials are in the environment
 * (ACCOUNT_SID + AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET with ACCOUNT_SID, plus
 * SYNC_SERVICE_SID and OPTOUT_HMAC_SECRET), otherwise the local profile's file store (.env.local).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import twilio, { type Twilio } from 'twilio';
import { DEFAULT_MAP_PREFIX, DEFAULT_SHARDS } from '../core/config';
import { FileLedgerStore } from '../ledger/file-store';
import { OptOutLedger } from '../ledger/ledger';
import { SyncLedgerStore } from '../ledger/sync-store';

export class LedgerSetupError extends Error {}

const BUDGET_MS = 8000;

export function twilioClientFromEnv(env: NodeJS.ProcessEnv, options: Parameters<typeof twilio>[2] = {}): Twilio | null {
  const accountSid = env.ACCOUNT_SID ?? env.TWILIO_ACCOUNT_SID;
  if (!accountSid) return null;
  if (env.TWILIO_API_KEY && env.TWILIO_API_SECRET) return twilio(env.TWILIO_API_KEY, env.TWILIO_API_SECRET, { ...options, accountSid });
  const token = env.AUTH_TOKEN ?? env.TWILIO_AUTH_TOKEN;
  return token ? twilio(accountSid, token, options) : null;
}

export function ledgerFromEnv(env: NodeJS.ProcessEnv, root: string, localEnv: Record<string, string> | null, client: Twilio | null): {
  ledger: OptOutLedger;
  source: 'sync' | 'file';
} {
  if (client) {
    if (!env.SYNC_SERVICE_SID || !env.OPTOUT_HMAC_SECRET) throw new LedgerSetupError('SYNC_SERVICE_SID and OPTOUT_HMAC_SECRET are required with credentials');
    const store = new SyncLedgerStore(client, {
      serviceSid: env.SYNC_SERVICE_SID,
      mapPrefix: env.LEDGER_MAP_PREFIX || DEFAULT_MAP_PREFIX,
      shards: env.LEDGER_SHARDS ? Number(env.LEDGER_SHARDS) : DEFAULT_SHARDS,
    });
    return { ledger: new OptOutLedger(store, env.OPTOUT_HMAC_SECRET, { budgetMs: BUDGET_MS }), source: 'sync' };
  }
  if (!localEnv?.OPTOUT_HMAC_SECRET || !localEnv.LEDGER_FILE_DIR) {
    throw new LedgerSetupError('no credentials in the environment and no local profile (.env.local); run `npm start` once or export credentials');
  }
  const dir = resolve(root, localEnv.LEDGER_FILE_DIR);
  return { ledger: new OptOutLedger(new FileLedgerStore(dir), localEnv.OPTOUT_HMAC_SECRET, { budgetMs: BUDGET_MS }), source: 'file' };
}

export function localEnvPath(root: string): string | null {
  const path = join(root, '.env.local');
  return existsSync(path) ? path : null;
}
