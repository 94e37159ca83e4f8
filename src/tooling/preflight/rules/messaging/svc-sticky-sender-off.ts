/**
 * MSG-SVC-STICKY-SENDER-OFF (API map row 10, redaction profile): Message Redaction requires
 * Sticky Sender and Fallback to Long Code off on every Messaging Service. Both booleans are
 * nullable: true fails (fixable), null cannot be confirmed off and is unknown (the fix sets it
 * explicitly). Area Code Geomatch is an eligible feature: reported in the evidence only.
 */
import type { TwilioApi } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Change, Finding, Rule, RuleContext, RuleMeta } from '../../types';
import { fetchServices, serviceUrl, type ServiceRecord } from './data';

export const meta: RuleMeta = {
  id: 'MSG-SVC-STICKY-SENDER-OFF',
  title: 'Messaging Services have Sticky Sender and Fallback to Long Code off (Message Redaction)',
  severity: 'required',
  product: 'messaging',
  source: 'S3 "Message Redaction" prerequisites (Sticky Sender, Fallback to Long Code off); API map row 10',
  profiles: ['redaction'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Console: Messaging > Services > (service) > Sender Pool: turn off Sticky Sender and Fallback to Long Code, or POST /v1/Services/{MG} StickySender=false FallbackToLongCode=false.',
  fixable: true,
  messages: {
    off: 'Sticky Sender and Fallback to Long Code are off',
    on: 'Sticky Sender or Fallback to Long Code is on',
    apiReturnedNullCannot: 'the API returned null: cannot confirm the setting is off',
    noMessagingServices: 'no Messaging Services',
  },
};

const FIELDS = [
  { field: 'sticky_sender', param: 'StickySender' },
  { field: 'fallback_to_long_code', param: 'FallbackToLongCode' },
] as const;

function judge(ctx: RuleContext, s: ServiceRecord): Finding {
  const evidence = {
    sticky_sender: s.sticky_sender,
    fallback_to_long_code: s.fallback_to_long_code,
    area_code_geomatch: s.area_code_geomatch,
  };
  const notOff = FIELDS.filter(({ field }) => s[field] !== false);
  if (notOff.length === 0) return finding(meta, ctx, 'pass', { resource: s.sid, message: 'off', evidence });
  const changes: Change[] = notOff.map(({ field }) => ({ field, before: s[field], after: false }));
  const data = Object.fromEntries(notOff.map(({ param }) => [param, false]));
  const fix = { resource: s.sid, changes, apply: async (api: TwilioApi) => void (await api.post(serviceUrl(s.sid), data)) };
  const on = notOff.some(({ field }) => s[field] === true);
  return finding(meta, ctx, on ? 'fail' : 'unknown', {
    resource: s.sid,
    message: on ? 'on' : 'apiReturnedNullCannot',
    evidence,
    fix,
  });
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const services = await fetchServices(ctx);
    if (services.length === 0) return [finding(meta, ctx, 'pass', { message: 'noMessagingServices' })];
    return services.map((s) => judge(ctx, s));
  },
};
