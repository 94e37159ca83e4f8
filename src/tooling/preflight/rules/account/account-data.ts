/** Shared, memoised account lookups for account rules. */
import { v2010 } from '../../api/twilio-api';
import type { RuleContext } from '../../types';
import { scannedAccount } from '../scanned-account';

export interface AccountRecord {
  sid: string;
  owner_account_sid: string | null;
  status: string | null;
  type: string | null;
  date_created: string | null;
}

export function fetchAccount(ctx: RuleContext): Promise<AccountRecord> {
  const account = scannedAccount(ctx);
  return ctx.cached('account', async () => (await account.api.get(v2010(account.sid, '.json'))) as AccountRecord);
}

/** v2010 dates are RFC 2822; returns epoch ms or NaN. */
export function parseTwilioDate(value: string | null | undefined): number {
  return value ? Date.parse(value) : NaN;
}
