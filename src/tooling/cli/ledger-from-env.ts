/**
 * Which ledger the support CLI reads: Twilio Sync when credentials are in the environment
 * (ACCOUNT_SID + AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET with ACCOUNT_SID, plus
 * SYNC_SERVICE_SID and OPTOUT_HMAC_SECRET), otherwise the local profile's file store (.env.local).
 * Either way the ledger is opened through its identity (LEDGER_MAP_PREFIX, LEDGER_SHARDS and
 * LEDGER_ID as the Functions read them), so the CLI refuses a ledger the Functions would refuse.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import twilio, { type Twilio } from 'twilio';
import { DEFAULT_MAP_PREFIX, DEFAULT_SHARDS } from '../../runtime/core/config';
import { expectedIdentity, identityStore, openLedger, createLedgerStore, type LedgerSettings } from '../../runtime/ledger/factory';
import type { OptOutLedger } from '../../runtime/ledger/ledger';
import type { LedgerSide } from '../../runtime/ledger/migrate';
import type { SenderPools } from '../../runtime/ledger/scopes';
import { SyncLedgerStore } from '../../runtime/ledger/sync-store';
import { asRestError, CODE_NOT_FOUND, toStoreError } from '../../runtime/state/sync-errors';

export class LedgerSetupError extends Error {}

const BUDGET_MS = 8000;
const SHARDS = /^([1-9]|[1-5][0-9]|6[0-4])$/;
const PREFIX = /^[a-z][a-z0-9-]{0,40}$/;
const LEDGER_ID = /^LD[0-9a-f]{32}$/;

export function twilioClientFromEnv(env: NodeJS.ProcessEnv, options: Parameters<typeof twilio>[2] = {}): Twilio | null {
  const accountSid = env.ACCOUNT_SID ?? env.TWILIO_ACCOUNT_SID;
  if (!accountSid) return null;
  if (env.TWILIO_API_KEY && env.TWILIO_API_SECRET) return twilio(env.TWILIO_API_KEY, env.TWILIO_API_SECRET, { ...options, accountSid });
  const token = env.AUTH_TOKEN ?? env.TWILIO_AUTH_TOKEN;
  return token ? twilio(accountSid, token, options) : null;
}

export interface LedgerSetup {
  ledger: OptOutLedger;
  source: 'sync' | 'file';
  settings: LedgerSettings;
  secret: string;
  client: Twilio | null;
}

/** The Sync layout the environment names (defaults as the Functions apply them). */
export function syncSettings(
  serviceSid: string,
  prefix: string | undefined,
  shards: string | undefined,
  ledgerId: string | undefined,
): LedgerSettings {
  if (prefix && !PREFIX.test(prefix)) throw new LedgerSetupError('invalid LEDGER_MAP_PREFIX');
  if (shards && !SHARDS.test(shards)) throw new LedgerSetupError('invalid LEDGER_SHARDS');
  if (ledgerId && !LEDGER_ID.test(ledgerId)) throw new LedgerSetupError('invalid LEDGER_ID');
  return {
    backend: 'sync',
    serviceSid,
    mapPrefix: prefix || DEFAULT_MAP_PREFIX,
    shards: shards ? Number(shards) : DEFAULT_SHARDS,
    ...(ledgerId ? { ledgerId } : {}),
  };
}

function poolsFrom(env: Record<string, string | undefined>): SenderPools {
  const mg = env.MESSAGING_SERVICE_SID;
  if (!mg) return [];
  return [{ messagingServiceSid: mg, numbers: env.MESSAGING_SERVICE_NUMBERS ? env.MESSAGING_SERVICE_NUMBERS.split(',') : [] }];
}

export function ledgerFromEnv(
  env: NodeJS.ProcessEnv,
  root: string,
  localEnv: Record<string, string> | null,
  client: Twilio | null,
): LedgerSetup {
  if (client) {
    if (!env.SYNC_SERVICE_SID || !env.OPTOUT_HMAC_SECRET)
      throw new LedgerSetupError('SYNC_SERVICE_SID and OPTOUT_HMAC_SECRET are required with credentials');
    const settings = syncSettings(env.SYNC_SERVICE_SID, env.LEDGER_MAP_PREFIX, env.LEDGER_SHARDS, env.LEDGER_ID);
    const ledger = openLedger(settings, env.OPTOUT_HMAC_SECRET, () => client, { budgetMs: BUDGET_MS, pools: poolsFrom(env) });
    return { ledger, source: 'sync', settings, secret: env.OPTOUT_HMAC_SECRET, client };
  }
  if (!localEnv?.OPTOUT_HMAC_SECRET || !localEnv.LEDGER_FILE_DIR) {
    throw new LedgerSetupError(
      'no credentials in the environment and no local profile (.env.local); run `npm start` once or export credentials',
    );
  }
  const settings: LedgerSettings = {
    backend: 'file',
    dir: resolve(root, localEnv.LEDGER_FILE_DIR),
    ...(localEnv.LEDGER_ID ? { ledgerId: localEnv.LEDGER_ID } : {}),
  };
  const noClient = (): Twilio => {
    throw new LedgerSetupError('the local profile has no Twilio client');
  };
  const ledger = openLedger(settings, localEnv.OPTOUT_HMAC_SECRET, noClient, { budgetMs: BUDGET_MS, pools: poolsFrom(localEnv) });
  return { ledger, source: 'file', settings, secret: localEnv.OPTOUT_HMAC_SECRET, client: null };
}

/** One side of a migration: the identity and records of `settings` with `secret`, and a key lister. */
export function ledgerSide(settings: LedgerSettings, secret: string, client: Twilio | null): LedgerSide {
  const getClient = (): Twilio => {
    if (!client) throw new LedgerSetupError('migrate needs Twilio credentials');
    return client;
  };
  const listKeys = async (): Promise<string[]> => {
    if (settings.backend === 'file') {
      return existsSync(settings.dir)
        ? readdirSync(settings.dir)
            .filter((f) => /^[0-9a-f]{64}\.json$/.test(f))
            .map((f) => f.slice(0, -5))
        : [];
    }
    const keys: string[] = [];
    for (let shard = 0; shard < settings.shards; shard += 1) {
      try {
        const items = await getClient()
          .sync.v1.services(settings.serviceSid)
          .syncMaps(`${settings.mapPrefix}-${shard}`)
          .syncMapItems.list({ pageSize: 100 });
        keys.push(...items.map((i) => i.key));
      } catch (err) {
        if (asRestError(err).code !== CODE_NOT_FOUND) throw toStoreError(err);
      }
    }
    return keys;
  };
  const identity = identityStore(settings, getClient);
  const records = createLedgerStore(settings, getClient);
  return {
    expected: expectedIdentity(settings, secret),
    identity: identity.store,
    identityLocation: identity.location,
    records,
    listKeys,
    createMaps: async () => (records instanceof SyncLedgerStore ? records.createShardMaps() : []),
  };
}

export function localEnvPath(root: string): string | null {
  const path = join(root, '.env.local');
  return existsSync(path) ? path : null;
}
