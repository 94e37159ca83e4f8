/**
 * MON-REDACTION-CONFLICT-ALERTS (API map rows 11-12): every Monitor warning Twilio documents as a
 * Message Redaction conflict, in the last 30 days, named by its alert SID and code. Each code's
 * meaning, from Twilio's error dictionary:
 * - 23001 "Message Redaction Incompatible Configuration: Long code STOP filtering" —
 *   https://www.twilio.com/docs/api/errors/23001
 * - 23002 "… Short code STOP filtering" — https://www.twilio.com/docs/api/errors/23002
 * - 23004 "… Advanced Opt-Out" — https://www.twilio.com/docs/api/errors/23004
 * - 23005 "Phone Number Redaction Incompatible Configuration: Fallback to Long Code" —
 *   https://www.twilio.com/docs/api/errors/23005
 * - 23006 "Message Redaction Incompatible Configuration: Inbound Webhook GET Requests" —
 *   https://www.twilio.com/docs/api/errors/23006
 * All five are WARNING-level: redaction is on, and a setting makes Twilio keep unredacted phone
 * numbers (STOP lists, fallback) or log request parameters (GET). 23003 is not documented and is
 * not relied on. Per alert: fail, with the code, level, date and the SID the alert is about; the
 * alert text is never read (it can carry PHI). More warnings than the bound → `unknown`.
 */
import type { Rule, RuleMeta } from '../../types';
import { alertCodeRule } from './alert-code-rule';

export const meta: RuleMeta = {
  id: 'MON-REDACTION-CONFLICT-ALERTS',
  title: 'No Monitor warning of a Message Redaction conflict in the last 30 days',
  severity: 'required',
  product: 'messaging',
  source:
    'S4 "Message Redaction"; S3 "Message Redaction" (STOP filtering, fallback, POST); API map rows 11-12 (alerts 23001, 23002, 23004, 23005, 23006)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(1)(ii)(D)', '164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Per code: 23001/23002 ask Twilio Support to disable built-in STOP filtering (our STOP handler takes over); 23004 disable Advanced Opt-Out on the Messaging Service (Support); 23005 set FallbackToLongCode=false on the Messaging Service; 23006 set every number and Messaging Service incoming-message webhook to POST. Open the alert by SID in Console > Monitor > Errors to find the sender.',
  fixable: false,
  messages: {
    twilioStopFilteringLong: 'Twilio STOP filtering on long codes keeps unredacted phone numbers (23001)',
    twilioStopFilteringShort: 'Twilio STOP filtering on short codes keeps unredacted phone numbers (23002)',
    advancedOptOutKeeps: 'Advanced Opt-Out keeps unredacted phone numbers (23004)',
    fallbackLongCodeKeeps: 'Fallback to Long Code keeps unredacted phone numbers (23005)',
    incomingMessageWebhookUses: 'an incoming-message webhook uses GET, which is logged unredacted (23006)',
    moreThanWarningAlerts: 'more than {{limit}} warning alerts in the last {{days}} days; the rest were not read',
    noRedactionConflictWarningLast: 'no redaction-conflict warning in the last {{days}} days',
  },
};

/** The documented redaction-conflict warnings and the fixed reason for each. */
export const rule: Rule = alertCodeRule({
  meta,
  level: 'warning',
  codes: {
    '23001': 'twilioStopFilteringLong',
    '23002': 'twilioStopFilteringShort',
    '23004': 'advancedOptOutKeeps',
    '23005': 'fallbackLongCodeKeeps',
    '23006': 'incomingMessageWebhookUses',
  },
  truncated: 'moreThanWarningAlerts',
  none: 'noRedactionConflictWarningLast',
});
