/**
 * MSG-STUDIO-REDACTION-CONFLICT (API map row 15 with rows 12 and 25, redaction profile): Message
 * Redaction does not work with Studio, so under the redaction profile no Messaging Service, phone
 * number or short code may send its incoming messages to a Studio Flow
 * (https://webhooks.twilio.com/v1/Accounts/AC…/Flows/FW…). Only the inbound webhooks in use are
 * checked (a service deferring to its numbers, a number in a service pool or on a TwiML App).
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { fetchServices } from './data';
import { numberEndpoints } from './number-data';
import { isStudioWebhook, SERVICE_INBOUND_URLS, SMS_URLS, usesNumberWebhooks } from './webhooks';

export const meta: RuleMeta = {
  id: 'MSG-STUDIO-REDACTION-CONFLICT',
  title: 'No redacted sender sends incoming messages to Studio (Message Redaction does not work with Studio)',
  severity: 'required',
  product: 'messaging',
  source: 'S3 "Message Redaction" (not compatible with Studio); API map rows 12, 15, 25',
  profiles: ['redaction'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Point the inbound webhook at the protected Function (/sms/inbound) instead of the Studio Flow, or move the Studio use case to an account deployed with the studio profile (Message Redaction off).',
  fixable: false,
  messages: {
    serviceSendsIncomingMessages: 'the service sends incoming messages to a Studio Flow',
    inboundWebhookNotStudio: 'inbound webhook is not Studio',
    incomingMessagesGoStudio: 'incoming messages go to a Studio Flow',
    smsWebhookNotStudio: 'SMS webhook is not Studio',
    noInboundMessagingWebhooks: 'no inbound messaging webhooks',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const out: Finding[] = [];
    for (const s of await fetchServices(ctx)) {
      if (usesNumberWebhooks(s)) continue;
      const studio = SERVICE_INBOUND_URLS.filter((f) => isStudioWebhook(s[f]));
      out.push(
        finding(meta, ctx, studio.length > 0 ? 'fail' : 'pass', {
          resource: s.sid,
          message: studio.length > 0 ? 'serviceSendsIncomingMessages' : 'inboundWebhookNotStudio',
          evidence: { kind: 'messaging-service', studioFields: studio.join(',') || null },
        }),
      );
    }
    for (const e of await numberEndpoints(ctx)) {
      if (!e.urlFields.some((f) => (SMS_URLS as readonly string[]).includes(f))) continue;
      const studio = SMS_URLS.filter((f) => isStudioWebhook(e.record[f] as string | null));
      out.push(
        finding(meta, ctx, studio.length > 0 ? 'fail' : 'pass', {
          resource: e.sid,
          message: studio.length > 0 ? 'incomingMessagesGoStudio' : 'smsWebhookNotStudio',
          evidence: { kind: e.kind, number: e.masked, studioFields: studio.join(',') || null },
        }),
      );
    }
    return out.length > 0 ? out : [finding(meta, ctx, 'pass', { message: 'noInboundMessagingWebhooks' })];
  },
};
