/**
 * Reads and validates the Function environment (schemas/env.schema.json, precompiled) into a typed
 * config. Fails closed: a missing or malformed variable is a ConfigError, and the file-backed
 * ledger is refused anywhere but on a loopback host (it is a local-profile convenience only).
 */
import { join } from 'node:path';
import { validateEnv } from '../../generated/validators/validateEnv';
import { describeErrors, validateWith } from './validation';
import type { SenderPools } from './sender-pools';

export interface AppConfig {
  accountSid: string;
  authToken: string;
  clinicName: string;
  clinicHelpPhone: string;
  optoutHmacSecret: string;
  ledger:
    | { backend: 'sync'; serviceSid: string; mapPrefix: string; shards: number; writeBudgetMs: number }
    | { backend: 'file'; dir: string; writeBudgetMs: number };
  /**
   * Who answers STOP/START/HELP: `ours` (default; required when Twilio's built-in STOP filtering is
   * disabled, as Message Redaction demands) or `twilio` (built-in filtering still on: Twilio sends
   * its own replies, so this Function records the change and stays silent).
   */
  optoutReplies: 'ours' | 'twilio';
  /** Overrides the scheme+host Twilio signs, e.g. a tunnel or proxy in front of the local server. */
  webhookBaseUrl?: string;
  /** Where reminder, reply, status and rate-limit state lives: the ledger's Sync Service, or files locally. */
  state:
    | { backend: 'sync'; serviceSid: string; /** STATE_SHARDS (default 1): see src/runtime/state/layout.ts. */ shards?: number }
    | { backend: 'file'; dir: string };
  /** The Messaging Service reminders are sent through (needed by /reminders/send). */
  messagingServiceSid?: string;
  /** What the project knows of its senders' pools (MESSAGING_SERVICE_SID + MESSAGING_SERVICE_NUMBERS): the ledger's scope model. */
  senderPools: SenderPools;
  /** LEDGER_ID: the ledger identity this deployment must find (refuses a ledger in another service). */
  ledgerId?: string;
  /** The Verify Service (needed by /verify/*). */
  verifyServiceSid?: string;
  /** Where appointment-reply events are delivered, and the HMAC secret that signs them. */
  clinicEvents?: { url: string; secret: string };
  /** Per-message retention overrides, sent only when set (redaction profile; 30029/30030 otherwise). */
  retention: { content?: 'retain' | 'discard'; address?: 'retain' | 'obfuscate' };
}

interface RawEnv {
  ACCOUNT_SID: string;
  AUTH_TOKEN: string;
  CLINIC_NAME: string;
  CLINIC_HELP_PHONE: string;
  OPTOUT_HMAC_SECRET: string;
  LEDGER_BACKEND: 'sync' | 'file';
  SYNC_SERVICE_SID?: string;
  LEDGER_MAP_PREFIX?: string;
  LEDGER_SHARDS?: string;
  STATE_SHARDS?: string;
  LEDGER_FILE_DIR?: string;
  LEDGER_WRITE_BUDGET_MS?: string;
  OPTOUT_REPLIES?: 'ours' | 'twilio';
  WEBHOOK_BASE_URL?: string;
  MESSAGING_SERVICE_SID?: string;
  MESSAGING_SERVICE_NUMBERS?: string;
  LEDGER_ID?: string;
  VERIFY_SERVICE_SID?: string;
  CLINIC_EVENTS_URL?: string;
  CLINIC_EVENTS_SECRET?: string;
  MESSAGE_CONTENT_RETENTION?: 'retain' | 'discard';
  MESSAGE_ADDRESS_RETENTION?: 'retain' | 'obfuscate';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_WRITE_BUDGET_MS = 8000;
export const DEFAULT_MAP_PREFIX = 'optout-ledger';
export const DEFAULT_SHARDS = 4;

const ENV_KEYS: readonly (keyof RawEnv)[] = [
  'ACCOUNT_SID',
  'AUTH_TOKEN',
  'CLINIC_NAME',
  'CLINIC_HELP_PHONE',
  'OPTOUT_HMAC_SECRET',
  'LEDGER_BACKEND',
  'SYNC_SERVICE_SID',
  'LEDGER_MAP_PREFIX',
  'LEDGER_SHARDS',
  'STATE_SHARDS',
  'LEDGER_FILE_DIR',
  'LEDGER_WRITE_BUDGET_MS',
  'OPTOUT_REPLIES',
  'WEBHOOK_BASE_URL',
  'MESSAGING_SERVICE_SID',
  'MESSAGING_SERVICE_NUMBERS',
  'LEDGER_ID',
  'VERIFY_SERVICE_SID',
  'CLINIC_EVENTS_URL',
  'CLINIC_EVENTS_SECRET',
  'MESSAGE_CONTENT_RETENTION',
  'MESSAGE_ADDRESS_RETENTION',
];

/** True when the host part of a DOMAIN_NAME (`host[:port]`) is loopback. */
export function isLoopbackDomain(domainName: string | undefined): boolean {
  if (!domainName) return false;
  const host = domainName.replace(/:[0-9]+$/, '').toLowerCase();
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** The clinic's event endpoint must be https; plain http only to a loopback host under the local profile. */
function clinicEvents(raw: RawEnv, domainName: string | undefined): Pick<AppConfig, 'clinicEvents'> {
  if (!raw.CLINIC_EVENTS_URL) return {};
  const url = new URL(raw.CLINIC_EVENTS_URL);
  const loopbackTarget = isLoopbackDomain(url.host);
  if (url.protocol !== 'https:' && !(loopbackTarget && isLoopbackDomain(domainName))) {
    throw new ConfigError('CLINIC_EVENTS_URL must be https (plain http only to loopback under the local profile)');
  }
  return { clinicEvents: { url: raw.CLINIC_EVENTS_URL, secret: raw.CLINIC_EVENTS_SECRET as string } };
}

/**
 * Builds the config from an env-like object (a Function `context` or `process.env`). Unknown keys
 * are ignored; empty strings count as absent. `domainName` is the host the code runs under.
 */
export function loadConfig(env: Record<string, unknown>, domainName: string | undefined): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  const result = validateWith<RawEnv>(validateEnv, picked);
  if (!result.ok) throw new ConfigError(`invalid environment: ${describeErrors(result.errors)}`);
  const raw = result.value;
  const writeBudgetMs = raw.LEDGER_WRITE_BUDGET_MS ? Number(raw.LEDGER_WRITE_BUDGET_MS) : DEFAULT_WRITE_BUDGET_MS;
  let ledger: AppConfig['ledger'];
  if (raw.LEDGER_BACKEND === 'file') {
    if (!isLoopbackDomain(domainName)) {
      throw new ConfigError('the file-backed ledger is for the local profile only; deployed code must use LEDGER_BACKEND=sync');
    }
    ledger = { backend: 'file', dir: raw.LEDGER_FILE_DIR as string, writeBudgetMs };
  } else {
    ledger = {
      backend: 'sync',
      serviceSid: raw.SYNC_SERVICE_SID as string,
      mapPrefix: raw.LEDGER_MAP_PREFIX ?? DEFAULT_MAP_PREFIX,
      shards: raw.LEDGER_SHARDS ? Number(raw.LEDGER_SHARDS) : DEFAULT_SHARDS,
      writeBudgetMs,
    };
  }
  if (raw.MESSAGING_SERVICE_NUMBERS && !raw.MESSAGING_SERVICE_SID) {
    throw new ConfigError('MESSAGING_SERVICE_NUMBERS needs MESSAGING_SERVICE_SID (the service those numbers belong to)');
  }
  const senderPools: SenderPools = raw.MESSAGING_SERVICE_SID
    ? [
        {
          messagingServiceSid: raw.MESSAGING_SERVICE_SID,
          numbers: raw.MESSAGING_SERVICE_NUMBERS ? raw.MESSAGING_SERVICE_NUMBERS.split(',') : [],
        },
      ]
    : [];
  const state: AppConfig['state'] =
    ledger.backend === 'file'
      ? { backend: 'file', dir: join(ledger.dir, 'state') }
      : { backend: 'sync', serviceSid: ledger.serviceSid, shards: raw.STATE_SHARDS ? Number(raw.STATE_SHARDS) : 1 };
  return {
    accountSid: raw.ACCOUNT_SID,
    authToken: raw.AUTH_TOKEN,
    clinicName: raw.CLINIC_NAME,
    clinicHelpPhone: raw.CLINIC_HELP_PHONE,
    optoutHmacSecret: raw.OPTOUT_HMAC_SECRET,
    ledger,
    optoutReplies: raw.OPTOUT_REPLIES ?? 'ours',
    ...(raw.WEBHOOK_BASE_URL ? { webhookBaseUrl: raw.WEBHOOK_BASE_URL } : {}),
    state,
    ...(raw.MESSAGING_SERVICE_SID ? { messagingServiceSid: raw.MESSAGING_SERVICE_SID } : {}),
    senderPools,
    ...(raw.LEDGER_ID ? { ledgerId: raw.LEDGER_ID } : {}),
    ...(raw.VERIFY_SERVICE_SID ? { verifyServiceSid: raw.VERIFY_SERVICE_SID } : {}),
    ...clinicEvents(raw, domainName),
    retention: {
      ...(raw.MESSAGE_CONTENT_RETENTION ? { content: raw.MESSAGE_CONTENT_RETENTION } : {}),
      ...(raw.MESSAGE_ADDRESS_RETENTION ? { address: raw.MESSAGE_ADDRESS_RETENTION } : {}),
    },
  };
}
