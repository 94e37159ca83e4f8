/** A valid local-profile environment for unit tests. */
export const TEST_AUTH_TOKEN = 'abcdef0123456789abcdef0123456789';
export const TEST_ACCOUNT_SID = `AC${'0'.repeat(32)}`;

export function localEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ACCOUNT_SID: TEST_ACCOUNT_SID,
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    CLINIC_NAME: 'Example Clinic',
    CLINIC_HELP_PHONE: '+15555550100',
    OPTOUT_HMAC_SECRET: 'x'.repeat(64),
    LEDGER_BACKEND: 'file',
    LEDGER_FILE_DIR: dir,
    ...extra,
  };
}

export function syncEnv(serviceSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ACCOUNT_SID: TEST_ACCOUNT_SID,
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    CLINIC_NAME: 'Example Clinic',
    CLINIC_HELP_PHONE: '+15555550100',
    OPTOUT_HMAC_SECRET: 'x'.repeat(64),
    LEDGER_BACKEND: 'sync',
    SYNC_SERVICE_SID: serviceSid,
    ...extra,
  };
}
