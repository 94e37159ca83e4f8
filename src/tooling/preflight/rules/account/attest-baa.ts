/** ATTEST-BAA (API map row 3): a BAA needs a Security or Enterprise Edition; neither is exposed by any API. */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'ATTEST-BAA',
  title: 'A BAA with Twilio is in place (Security or Enterprise Edition)',
  severity: 'required',
  product: 'account',
  source: 'S0-S2 (BAA); S4 "Twilio Editions"; API map row 3',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)', '164.314(a)(1)'],
  mode: 'offline',
  remediation: 'Sign the BAA with Twilio (Security or Enterprise Edition) and record it in hipaa.config.json "baa".',
  fixable: false,
  messages: {
    baaSigningDateInvalid: 'the BAA signing date is invalid or in the future',
    attested: 'attested',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { baa } = ctx.config;
    const signed = Date.parse(`${baa.signedAt}T00:00:00Z`);
    if (Number.isNaN(signed) || signed > Date.now()) return [finding(meta, ctx, 'fail', { message: 'baaSigningDateInvalid' })];
    return [finding(meta, ctx, 'pass', { message: 'attested', evidence: { edition: baa.edition, signedAt: baa.signedAt } })];
  },
};
