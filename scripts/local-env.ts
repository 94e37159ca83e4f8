/**
 * The local profile: `.env.local` (git-ignored), created on first `npm start` from `.env.example`
 * with a random AUTH_TOKEN and OPTOUT_HMAC_SECRET, a dummy ACCOUNT_SID and the file-backed ledger.
 * No Twilio account is needed, and nothing here is ever read by a deploy.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readEnvFile } from '../src/runtime/core/env-file';
import { join, resolve } from 'node:path';
import { initIdentity, type LedgerIdentity } from '../src/runtime/ledger/identity';
import { FileKv } from '../src/runtime/state/file-kv';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export const LOCAL_ENV_FILE = '.env.local';
export const DUMMY_ACCOUNT_SID = `AC${'0'.repeat(32)}`;

const LOCAL_OVERRIDES = (): Record<string, string> => ({
  ACCOUNT_SID: DUMMY_ACCOUNT_SID,
  AUTH_TOKEN: randomBytes(16).toString('hex'),
  OPTOUT_HMAC_SECRET: randomBytes(32).toString('hex'),
  LEDGER_BACKEND: 'file',
  LEDGER_FILE_DIR: '.local-ledger',
  SYNC_SERVICE_SID: '',
});

/** Rewrites `KEY=value` lines of an env file, keeping comments; keys not present are appended. */
export function withValues(template: string, values: Record<string, string>): string {
  const seen = new Set<string>();
  const lines = template.split('\n').map((line) => {
    const m = /^([A-Z][A-Z0-9_]*)=/.exec(line);
    const key = m?.[1];
    if (key === undefined || !(key in values)) return line;
    seen.add(key);
    return `${key}=${values[key]}`;
  });
  for (const [key, value] of Object.entries(values)) if (!seen.has(key)) lines.push(`${key}=${value}`);
  return lines.join('\n');
}

export { readEnvFile };

/** Creates .env.local if missing; returns whether it was created. */
export function ensureLocalEnv(root: string): boolean {
  const target = join(root, LOCAL_ENV_FILE);
  if (existsSync(target)) return false;
  const template = readFileSync(join(root, '.env.example'), 'utf8');
  writeFileSync(target, withValues(template, LOCAL_OVERRIDES()), { mode: 0o600 });
  return true;
}

/**
 * Writes the local file ledger's identity on first start (as `optout init` does for Sync). False
 * when the ledger there has an identity for another secret: the Functions would refuse it.
 */
export async function ensureLocalLedgerIdentity(root: string): Promise<boolean> {
  const env = readEnvFile(join(root, LOCAL_ENV_FILE));
  if (!env?.LEDGER_FILE_DIR || !env.OPTOUT_HMAC_SECRET || env.LEDGER_BACKEND !== 'file') return true;
  const store = new FileKv<LedgerIdentity>(resolve(root, env.LEDGER_FILE_DIR));
  const outcome = await initIdentity(store, { layout: { backend: 'file' }, secret: env.OPTOUT_HMAC_SECRET }, Date.now());
  return outcome.kind !== 'conflict';
}

/** Fictional sample numbers (555-01xx) so the example carries no real number. */
export const SAMPLE_PARAMS = (accountSid: string): Record<string, string> => ({
  AccountSid: accountSid,
  MessageSid: `SM${'1'.repeat(32)}`,
  From: '+15555550123',
  To: '+15555550100',
  Body: 'HELP',
});

/** A curl command signed exactly as Twilio would sign it for this URL. */
export function signedCurlExample(url: string, authToken: string, params: Record<string, string>): string {
  const signature = getExpectedTwilioSignature(authToken, url, params);
  const data = Object.entries(params)
    .map(([k, v]) => `--data-urlencode '${k}=${v}'`)
    .join(' ');
  return `curl -X POST '${url}' -H 'X-Twilio-Signature: ${signature}' ${data}`;
}
