/**
 * MON-RETENTION-REJECTED-ALERTS (API map row 12, recommended): Monitor errors 30029 "Invalid
 * ContentRetention" and 30030 "Invalid AddressRetention" in the last 30 days, named by alert SID
 * and code. Twilio documents both as the per-message retention overrides failing because "the
 * request depends on Message Privacy settings that are not enabled and configured for your
 * account" (or a bad value): https://www.twilio.com/docs/api/errors/30029,
 * https://www.twilio.com/docs/api/errors/30030 (Log Level: ERROR). Twilio rejected those
 * messages, so nothing was stored — but reminders are failing and the account's redaction setup
 * does not match what the code assumes. Per alert: warn; alert text never read. More error
 * alerts than the bound → `unknown`.
 */
import type { Rule, RuleMeta } from '../../types';
import { alertCodeRule } from './alert-code-rule';

export const meta: RuleMeta = {
  id: 'MON-RETENTION-REJECTED-ALERTS',
  title: 'No message rejected for ContentRetention/AddressRetention (30029/30030) in the last 30 days',
  severity: 'recommended',
  product: 'messaging',
  source: 'S4 "Message Redaction"; API map row 12 (ContentRetention / AddressRetention need Message Redaction: errors 30029 / 30030)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(1)(ii)(D)', '164.310(d)(2)(i)'],
  mode: 'account',
  remediation:
    'Enable and configure Message Redaction for the account (Console: Messaging > Settings > General), or stop sending ContentRetention/AddressRetention (unset MESSAGE_CONTENT_RETENTION / MESSAGE_ADDRESS_RETENTION in .env.deploy and redeploy); then check the failed reminders by the alert SID in Console > Monitor > Errors.',
  fixable: false,
  messages: {
    messageWasRejectedContentretention: 'a message was rejected: ContentRetention without Message Redaction configured (30029)',
    messageWasRejectedAddressretention: 'a message was rejected: AddressRetention without Message Redaction configured (30030)',
    moreThanErrorAlerts: 'more than {{limit}} error alerts in the last {{days}} days; the rest were not read',
    no3002930030ErrorLast: 'no 30029/30030 error in the last {{days}} days',
  },
};

export const rule: Rule = alertCodeRule({
  meta,
  level: 'error',
  codes: {
    '30029': 'messageWasRejectedContentretention',
    '30030': 'messageWasRejectedAddressretention',
  },
  truncated: 'moreThanErrorAlerts',
  none: 'no3002930030ErrorLast',
});
