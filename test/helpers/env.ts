import { initFileLedgerSync } from './ledger-identity';

/** Valid Function environments for tests: the local profile (file ledger) and the Sync ledger. */
export const TEST_AUTH_TOKEN = 'abcdef0123456789abcdef0123456789';
export const TEST_ACCOUNT_SID = `AC${'0'.repeat(32)}`;

const BASE: Readonly<Record<string, string>> = {
  ACCOUNT_SID: TEST_ACCOUNT_SID,
  AUTH_TOKEN: TEST_AUTH_TOKEN,
  CLINIC_NAME: 'Example Clinic',
  CLINIC_HELP_PHONE: '+15555550100',
  OPTOUT_HMAC_SECRET: 'x'.repeat(64),
};

/** The local profile over `dir`, whose ledger identity is set up as `npm start` would. */
export function localEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...BASE, LEDGER_BACKEND: 'file', LEDGER_FILE_DIR: dir, ...extra };
  initFileLedgerSync(env.LEDGER_FILE_DIR ?? dir, env.OPTOUT_HMAC_SECRET ?? '');
  return env;
}

export function syncEnv(serviceSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...BASE, LEDGER_BACKEND: 'sync', SYNC_SERVICE_SID: serviceSid, ...extra };
}
