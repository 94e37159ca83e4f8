/**
 * VOICE-SIP-DOMAIN-WEBHOOKS (API map rows 4, 18): a SIP domain's voice, fallback and status
 * callback URLs use https, and their methods are POST.
 */
import type { RuleMeta } from '../../types';
import { VOICE_WEBHOOK_MESSAGES, SIP_DOMAIN_FIELDS } from './urls';
import { sipDomains, sipDomainUrl } from './voice-data';
import { webhookRule } from './webhook-rule';

export const meta: RuleMeta = {
  id: 'VOICE-SIP-DOMAIN-WEBHOOKS',
  title: 'SIP domain webhooks use HTTPS and POST',
  severity: 'required',
  product: 'voice',
  source: 'S4 "Encrypted Communication", "Basic SIP Security"; API map rows 4, 18',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Console: Voice > Manage > SIP domains > (domain) > Call control configuration: https URLs and HTTP POST. API: POST /2010-04-01/Accounts/{AC}/SIP/Domains/{SD}.json VoiceMethod=POST (VoiceFallbackMethod, VoiceStatusCallbackMethod likewise; URLs must be https).',
  fixable: true,
  messages: {
    ...VOICE_WEBHOOK_MESSAGES,
    noSipDomains: 'no SIP domains',
  },
};

export const rule = webhookRule(meta, {
  load: sipDomains,
  fields: SIP_DOMAIN_FIELDS,
  itemUrl: sipDomainUrl,
  emptyReason: 'no SIP domains',
});
