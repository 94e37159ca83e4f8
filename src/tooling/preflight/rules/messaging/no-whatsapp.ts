/**
 * MSG-NO-WHATSAPP (API map row 29): WhatsApp is not HIPAA-eligible (Meta signs no BAA), so the
 * account has no WhatsApp senders: `GET messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp`
 * returns none, and no Messaging Service has a channel sender of type WhatsApp. Removing a sender
 * is destructive, so it is never auto-fixed.
 */
import { HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { fetchServices, scopeOf, serviceUrl } from './data';

export const meta: RuleMeta = {
  id: 'MSG-NO-WHATSAPP',
  title: 'No WhatsApp senders (WhatsApp is not HIPAA-eligible)',
  severity: 'required',
  product: 'messaging',
  source: 'S3 (WhatsApp not eligible); S4; API map row 29',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Remove the WhatsApp sender from the Messaging Service sender pool (Console: Messaging > Services > Sender Pool) and deregister it (Console: Messaging > Senders > WhatsApp senders), or move it to an account that is not HIPAA-designated.',
  fixable: false,
  messages: {
    whatsappSenderRegistered: 'a WhatsApp sender is registered',
    messagingServiceHasWhatsapp: 'a Messaging Service has a WhatsApp channel sender',
    noWhatsappSenders: 'no WhatsApp senders',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = scopeOf(ctx);
    // Channel is required by the API; every sender it returns is a WhatsApp sender.
    const senders = await api.all(`${HOSTS.messaging}/v2/Channels/Senders`, 'senders', { Channel: 'whatsapp' });
    const out: Finding[] = senders.map((s) =>
      finding(meta, ctx, 'fail', {
        resource: String(s.sid),
        message: 'whatsappSenderRegistered',
        evidence: { channel: 'whatsapp', status: typeof s.status === 'string' ? s.status : null },
      }),
    );
    // One request per service, all queued at once (the shared limiter bounds them).
    const services = await fetchServices(ctx);
    const perService = await Promise.all(services.map((service) => api.all(`${serviceUrl(service.sid)}/ChannelSenders`, 'senders')));
    services.forEach((service, i) => {
      for (const c of (perService[i] ?? []).filter(
        (x) => typeof x.sender_type === 'string' && x.sender_type.toLowerCase() === 'whatsapp',
      )) {
        out.push(
          finding(meta, ctx, 'fail', {
            resource: String(c.sid),
            message: 'messagingServiceHasWhatsapp',
            evidence: { service: service.sid, sender_type: 'WhatsApp' },
          }),
        );
      }
    });
    return out.length > 0 ? out : [finding(meta, ctx, 'pass', { message: 'noWhatsappSenders' })];
  },
};
