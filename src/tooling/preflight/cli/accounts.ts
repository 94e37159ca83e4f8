/**
 * Which accounts to scan: the target, and with --subaccounts every active subaccount. v1 products
 * need each subaccount's own credentials: with the parent's auth token, v2010 returns each
 * subaccount's token, used in memory only and never printed.
 */
import type { Twilio } from 'twilio';
import { HOSTS, TwilioApi, type ApiOptions } from '../api/twilio-api';
import { finding } from '../findings';
import type { AccountTarget, Finding, RuleMeta } from '../types';

export type ClientFactory = (username: string, password: string, accountSid: string) => Twilio;

export const SUBACCOUNTS_META: RuleMeta = {
  id: 'ACCOUNT-SUBACCOUNTS-SCANNED',
  title: 'Every active subaccount was scanned',
  severity: 'required',
  product: 'account',
  source: 'S4 "Designation of HIPAA accounts" (subaccounts); API map row 2',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(8)'],
  mode: 'account',
  remediation:
    'Run with the parent account auth token (API keys cannot read subaccount credentials), or scan each subaccount with its own credentials.',
  fixable: false,
  messages: {
    subaccountListCouldNot: 'the subaccount list could not be read',
    someSubaccountsCouldNot: 'some subaccounts could not be scanned (no credentials)',
    everyActiveSubaccountScanned: 'every active subaccount scanned',
  },
};

export async function discoverSubaccounts(
  target: AccountTarget,
  makeClient: ClientFactory,
): Promise<{ accounts: AccountTarget[]; findings: Finding[] }> {
  const ctx = { account: target };
  const accounts: AccountTarget[] = [];
  let missingToken = 0;
  try {
    for await (const a of target.api.list(`${HOSTS.api}/2010-04-01/Accounts.json`, 'accounts', { Status: 'active' })) {
      const sid = typeof a.sid === 'string' ? a.sid : '';
      if (!sid || sid === target.sid || a.owner_account_sid !== target.sid) continue;
      const token = typeof a.auth_token === 'string' && a.auth_token ? a.auth_token : null;
      if (!token) {
        missingToken += 1;
        continue;
      }
      accounts.push({ sid, parentSid: target.sid, api: target.api.withClient(makeClient(sid, token, sid)) });
    }
  } catch {
    return { accounts, findings: [finding(SUBACCOUNTS_META, ctx, 'unknown', { message: 'subaccountListCouldNot' })] };
  }
  const status = missingToken > 0 ? 'unknown' : 'pass';
  return {
    accounts,
    findings: [
      finding(SUBACCOUNTS_META, ctx, status, {
        resource: target.sid,
        message: missingToken > 0 ? 'someSubaccountsCouldNot' : 'everyActiveSubaccountScanned',
        evidence: { scanned: accounts.length, unscanned: missingToken },
      }),
    ],
  };
}

export function targetAccount(client: Twilio, accountSid: string, options: ApiOptions): AccountTarget {
  return { sid: accountSid, parentSid: null, api: new TwilioApi(client, options) };
}
