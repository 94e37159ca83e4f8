/**
 * MSG-SVC-POST-WEBHOOKS (API map row 9): every Messaging Service calls its inbound and fallback
 * webhooks with POST (GET puts message parameters in the query string, which gets logged). When
 * the service defers to each number's webhooks (use_inbound_webhook_on_number), the numbers'
 * methods apply instead (NUM-POST-WEBHOOKS) and the service is skipped.
 */
import type { FindingInput } from '../../findings';
import type { Change, Rule, RuleMeta } from '../../types';
import { serviceUrl, type ServiceRecord } from './data';
import { MESSAGING_WEBHOOK_MESSAGES, serviceWebhookRule } from './webhook-rule';

export const meta: RuleMeta = {
  id: 'MSG-SVC-POST-WEBHOOKS',
  title: 'Messaging Services call their webhooks with POST',
  severity: 'required',
  product: 'messaging',
  source: 'S3 "Set all webhooks to POST"; S4 "Encrypted Communication"; API map row 9',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Console: Messaging > Services > (service) > Integration: set the request methods to HTTP POST, or POST /v1/Services/{MG} InboundMethod=POST FallbackMethod=POST.',
  fixable: true,
  messages: {
    ...MESSAGING_WEBHOOK_MESSAGES,
    inboundFallbackMethodsPost: 'inbound and fallback methods are POST',
    webhookMethodNotPost: 'a webhook method is not POST',
    serviceUsesEachNumber: "the service uses each number's own webhooks: checked by NUM-POST-WEBHOOKS (API map row 15)",
  },
};

const FIELDS = [
  { field: 'inbound_method', param: 'InboundMethod' },
  { field: 'fallback_method', param: 'FallbackMethod' },
] as const;

function judge(s: ServiceRecord): FindingInput & { ok: boolean } {
  const bad = FIELDS.filter(({ field }) => s[field] !== 'POST');
  const evidence = { inbound_method: s.inbound_method, fallback_method: s.fallback_method };
  if (bad.length === 0) return { ok: true, resource: s.sid, message: 'inboundFallbackMethodsPost', evidence };
  const changes: Change[] = bad.map(({ field }) => ({ field, before: s[field], after: 'POST' }));
  const data = Object.fromEntries(bad.map(({ param }) => [param, 'POST']));
  return {
    ok: false,
    resource: s.sid,
    message: 'webhookMethodNotPost',
    evidence,
    fix: { resource: s.sid, changes, apply: async (api) => void (await api.post(serviceUrl(s.sid), data)) },
  };
}

export const rule: Rule = serviceWebhookRule(meta, {
  judge,
  deferred: "the service uses each number's own webhooks: checked by NUM-POST-WEBHOOKS (API map row 15)",
});
