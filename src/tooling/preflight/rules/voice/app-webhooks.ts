/**
 * VOICE-APP-WEBHOOKS (API map rows 4, 19): every TwiML App URL (voice, voice fallback, SMS, SMS
 * fallback, status callbacks) uses https, and every `*_method` of a set URL is POST.
 */
import type { RuleMeta } from '../../types';
import { VOICE_WEBHOOK_MESSAGES, APPLICATION_FIELDS } from './urls';
import { applications, applicationUrl } from './voice-data';
import { webhookRule } from './webhook-rule';

export const meta: RuleMeta = {
  id: 'VOICE-APP-WEBHOOKS',
  title: 'TwiML App webhooks use HTTPS and POST',
  severity: 'required',
  product: 'voice',
  source: 'S4 "Encrypted Communication"; S3 "Set all webhooks to POST"; API map rows 4, 19',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Console: Voice > Manage > TwiML apps > (app): https URLs and HTTP POST. API: POST /2010-04-01/Accounts/{AC}/Applications/{AP}.json VoiceMethod=POST, VoiceFallbackMethod=POST, SmsMethod=POST, SmsFallbackMethod=POST, StatusCallbackMethod=POST (URLs must be https).',
  fixable: true,
  messages: {
    ...VOICE_WEBHOOK_MESSAGES,
    noTwimlApps: 'no TwiML apps',
  },
};

export const rule = webhookRule(meta, {
  load: applications,
  fields: APPLICATION_FIELDS,
  itemUrl: applicationUrl,
  emptyReason: 'no TwiML apps',
});
