/**
 * VOICE-TRUNK-WEBHOOKS (API map rows 4, 17): an Elastic SIP trunk's disaster-recovery URL (a TwiML
 * URL Twilio calls) uses https and POST.
 */
import type { RuleMeta } from '../../types';
import { VOICE_WEBHOOK_MESSAGES, TRUNK_FIELDS } from './urls';
import { trunks, trunkUrl } from './voice-data';
import { webhookRule } from './webhook-rule';

export const meta: RuleMeta = {
  id: 'VOICE-TRUNK-WEBHOOKS',
  title: 'Elastic SIP trunk disaster-recovery URLs use HTTPS and POST',
  severity: 'required',
  product: 'voice',
  source: 'S4 "Encrypted Communication"; S3 (webhooks POST); API map rows 4, 17',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Console: Elastic SIP Trunking > Trunks > (trunk) > General > Disaster Recovery URL: use an https URL and HTTP POST. API: POST https://trunking.twilio.com/v1/Trunks/{TK} DisasterRecoveryUrl=https://…, DisasterRecoveryMethod=POST.',
  fixable: true,
  messages: {
    ...VOICE_WEBHOOK_MESSAGES,
    noElasticSipTrunks: 'no Elastic SIP trunks',
  },
};

export const rule = webhookRule(meta, {
  load: trunks,
  fields: TRUNK_FIELDS,
  itemUrl: (_account, sid) => trunkUrl(sid),
  emptyReason: 'no Elastic SIP trunks',
});
