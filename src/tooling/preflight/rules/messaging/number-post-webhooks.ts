/**
 * NUM-POST-WEBHOOKS (API map row 15): incoming numbers and short codes call their SMS and voice
 * webhooks (and the call status callback) with POST. Sides a number delegates (TwiML App, SIP
 * trunk, Messaging Service pool) are checked by the rule named in the finding, and the number's own
 * settings on them by NUM-LATENT-WEBHOOKS; a number whose webhooks are all delegated is skipped.
 */
import { finding } from '../../findings';
import type { Change, Finding, Rule, RuleContext, RuleMeta } from '../../types';
import { numberEndpoints, paramOf, type Endpoint } from './number-data';

export const meta: RuleMeta = {
  id: 'NUM-POST-WEBHOOKS',
  title: 'Phone numbers and short codes call their webhooks with POST',
  severity: 'required',
  product: 'numbers',
  source: 'S3 "Set all webhooks to POST"; S4; API map row 15',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Console: Phone Numbers > Manage > Active numbers > (number): set every webhook to HTTP POST, or POST …/IncomingPhoneNumbers/{PN}.json SmsMethod=POST SmsFallbackMethod=POST VoiceMethod=POST VoiceFallbackMethod=POST StatusCallbackMethod=POST (short codes: POST …/SMS/ShortCodes/{SC}.json SmsMethod=POST SmsFallbackMethod=POST).',
  fixable: true,
};

function judge(ctx: RuleContext, e: Endpoint): Finding {
  const base = { kind: e.kind, number: e.masked, delegated: e.delegated.length };
  if (e.methodFields.length === 0) return finding(meta, ctx, 'skip', { resource: e.sid, reason: e.delegated.join('; '), evidence: base });
  const bad = e.methodFields.filter((f) => e.record[f] !== 'POST');
  if (bad.length === 0) return finding(meta, ctx, 'pass', { resource: e.sid, reason: 'webhook methods in use are POST', evidence: base });
  const changes: Change[] = bad.map((field) => ({ field, before: (e.record[field] as string | null) ?? null, after: 'POST' }));
  const data = Object.fromEntries(bad.map((f) => [paramOf(f), 'POST']));
  return finding(meta, ctx, 'fail', {
    resource: e.sid,
    reason: 'a webhook method is not POST',
    evidence: { ...base, notPost: bad.join(',') },
    fix: { resource: e.sid, changes, apply: async (api) => void (await api.post(e.itemUrl, data)) },
  });
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const endpoints = await numberEndpoints(ctx);
    if (endpoints.length === 0) return [finding(meta, ctx, 'pass', { reason: 'no phone numbers or short codes' })];
    return endpoints.map((e) => judge(ctx, e));
  },
};
