/**
 * ACCOUNT-FULL-ACTIVE (API map row 3): a BAA needs a paid account, so the target must be
 * `type: Full` and `status: active` (v2010 Account resource).
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { fetchAccount } from './account-data';

export const meta: RuleMeta = {
  id: 'ACCOUNT-FULL-ACTIVE',
  title: 'The account is a Full (paid) account and active',
  severity: 'required',
  product: 'account',
  source: 'S4 "Twilio Editions"; S2 (no BAA on free trials); API map row 3',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation: 'Upgrade the account (Console: Admin > Billing > Upgrade) and reactivate it if suspended or closed.',
  fixable: false,
  messages: {
    fullActive: 'Full and active',
    accountNotFullActive: 'the account is not a Full, active account',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const account = await fetchAccount(ctx);
    const ok = account.type === 'Full' && account.status === 'active';
    return [
      finding(meta, ctx, ok ? 'pass' : 'fail', {
        resource: account.sid,
        message: ok ? 'fullActive' : 'accountNotFullActive',
        evidence: { type: account.type, status: account.status },
      }),
    ];
  },
};
