/**
 * NUM-HTTPS-WEBHOOKS (API map rows 4, 15): the SMS, voice and status-callback URLs that incoming
 * numbers and short codes actually use are https (or unset), judged by the one URL policy
 * (src/core/url-policy.ts). Delegated sides are checked by the rule named in the finding; the
 * number's own settings on them are latent (NUM-LATENT-WEBHOOKS). Not auto-fixable (the endpoint
 * itself must serve HTTPS).
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleContext, RuleMeta } from '../../types';
import { numberEndpoints, type Endpoint } from './number-data';
import { insecureEvidence, insecureFields } from './webhooks';

export const meta: RuleMeta = {
  id: 'NUM-HTTPS-WEBHOOKS',
  title: 'Phone number and short code webhook URLs use HTTPS',
  severity: 'required',
  product: 'numbers',
  source: 'S4 "Encrypted Communication"; S3; API map rows 4, 15',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  mode: 'account',
  remediation:
    'Serve the webhook over HTTPS, then set it in Console: Phone Numbers > Manage > Active numbers > (number), or POST …/IncomingPhoneNumbers/{PN}.json SmsUrl=https://… VoiceUrl=https://… StatusCallback=https://…',
  fixable: false,
};

function judge(ctx: RuleContext, e: Endpoint): Finding {
  const base = { kind: e.kind, number: e.masked, delegated: e.delegated.length };
  if (e.urlFields.length === 0) return finding(meta, ctx, 'skip', { resource: e.sid, reason: e.delegated.join('; '), evidence: base });
  const bad = insecureFields(e.record, e.urlFields);
  if (bad.length === 0) return finding(meta, ctx, 'pass', { resource: e.sid, reason: 'webhook URLs in use are https or unset', evidence: base });
  return finding(meta, ctx, 'fail', { resource: e.sid, reason: 'a webhook URL is not https', evidence: { ...base, ...insecureEvidence(e.record, bad) } });
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const endpoints = await numberEndpoints(ctx);
    if (endpoints.length === 0) return [finding(meta, ctx, 'pass', { reason: 'no phone numbers or short codes' })];
    return endpoints.map((e) => judge(ctx, e));
  },
};
