/**
 * PN: an Incoming Phone Number. The number masked (+1******1234), status, capabilities, each
 * webhook as host + https yes/no + method, the SMS / voice application and trunk SIDs, and the
 * Messaging Service whose pool holds it (searched, bounded). Never the friendly name or full URLs.
 */
import { show, type KindModule } from '../kind';
import { fetchOne, fetchOrNull, listBounded, NotFound, searchUnder, type LookupContext } from '../lookup';
import { bool, describeWebhook, iso, maskAddress, sid, webhook, word, type WebhookView } from '../present';

export interface PhoneNumberView {
  kind: 'phone-number';
  sid: string;
  number: string | null;
  status: string | null;
  capabilities: { voice: boolean | null; sms: boolean | null; mms: boolean | null; fax: boolean | null };
  sms: WebhookView | null;
  smsFallback: WebhookView | null;
  voice: WebhookView | null;
  voiceFallback: WebhookView | null;
  statusCallback: WebhookView | null;
  smsApplicationSid: string | null;
  voiceApplicationSid: string | null;
  trunkSid: string | null;
  voiceReceiveMode: string | null;
  /** The Messaging Service whose sender pool holds this number, if any. */
  messagingServiceSid: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
}

export interface PhoneNumberRecord {
  phoneNumber?: unknown;
  status?: unknown;
  capabilities?: unknown;
  smsUrl?: unknown;
  smsMethod?: unknown;
  smsFallbackUrl?: unknown;
  smsFallbackMethod?: unknown;
  voiceUrl?: unknown;
  voiceMethod?: unknown;
  voiceFallbackUrl?: unknown;
  voiceFallbackMethod?: unknown;
  statusCallback?: unknown;
  statusCallbackMethod?: unknown;
  smsApplicationSid?: unknown;
  voiceApplicationSid?: unknown;
  trunkSid?: unknown;
  voiceReceiveMode?: unknown;
  dateCreated?: unknown;
  dateUpdated?: unknown;
}

export function toPhoneNumberView(numberSid: string, n: PhoneNumberRecord, messagingServiceSid: string | null): PhoneNumberView {
  const caps = (typeof n.capabilities === 'object' && n.capabilities !== null ? n.capabilities : {}) as Record<string, unknown>;
  const cap = (k: string): boolean | null => bool(caps[k] ?? caps[k.toUpperCase()]);
  return {
    kind: 'phone-number',
    sid: numberSid,
    number: maskAddress(n.phoneNumber),
    status: word(n.status),
    capabilities: { voice: cap('voice'), sms: cap('sms'), mms: cap('mms'), fax: cap('fax') },
    sms: webhook(n.smsUrl, n.smsMethod),
    smsFallback: webhook(n.smsFallbackUrl, n.smsFallbackMethod),
    voice: webhook(n.voiceUrl, n.voiceMethod),
    voiceFallback: webhook(n.voiceFallbackUrl, n.voiceFallbackMethod),
    statusCallback: webhook(n.statusCallback, n.statusCallbackMethod),
    smsApplicationSid: sid(n.smsApplicationSid, 'AP'),
    voiceApplicationSid: sid(n.voiceApplicationSid, 'AP'),
    trunkSid: sid(n.trunkSid, 'TK'),
    voiceReceiveMode: word(n.voiceReceiveMode),
    messagingServiceSid: sid(messagingServiceSid, 'MG'),
    dateCreated: iso(n.dateCreated),
    dateUpdated: iso(n.dateUpdated),
  };
}

/** The Messaging Service whose pool holds the number, or null (every service searched). */
async function poolOf(ctx: LookupContext, numberSid: string): Promise<string | null> {
  const services = ctx.client.messaging.v1.services;
  const list = await listBounded((page) => services.list(page), ctx.bounds.parents, 'listing Messaging Services');
  try {
    return await searchUnder(
      list,
      async (svc) =>
        (await fetchOrNull(() => services(svc.sid).phoneNumbers(numberSid).fetch(), 'reading a sender pool')) === null ? null : svc.sid,
      'Messaging Services',
    );
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}

export const phoneNumberKind: KindModule<PhoneNumberView> = {
  kind: 'phone-number',
  title: 'Phone number',
  prefixes: ['PN'],
  async lookup(ctx, numberSid) {
    const n = await fetchOne(
      () => ctx.client.api.v2010.accounts(ctx.accountSid).incomingPhoneNumbers(numberSid).fetch(),
      'fetching the phone number',
    );
    return toPhoneNumberView(numberSid, n, await poolOf(ctx, numberSid));
  },
  lines: (v) => [
    ['number', show(v.number)],
    ['status', show(v.status)],
    [
      'capabilities',
      Object.entries(v.capabilities)
        .filter(([, on]) => on === true)
        .map(([k]) => k)
        .join(', ') || 'none',
    ],
    ['messaging service', v.messagingServiceSid ?? 'none (not in a sender pool)'],
    [
      'sms webhook',
      `${v.smsApplicationSid ? `application ${v.smsApplicationSid}` : describeWebhook(v.sms)}${v.messagingServiceSid ? ' (used only when its Messaging Service defers to the number)' : ''}`,
    ],
    ['sms fallback', describeWebhook(v.smsFallback)],
    [
      'voice webhook',
      v.voiceApplicationSid ? `application ${v.voiceApplicationSid}` : v.trunkSid ? `trunk ${v.trunkSid}` : describeWebhook(v.voice),
    ],
    ['voice fallback', describeWebhook(v.voiceFallback)],
    ['status callback', describeWebhook(v.statusCallback)],
    ['voice receive mode', show(v.voiceReceiveMode)],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['status', v.status],
    ['service', v.messagingServiceSid],
    ['updated', v.dateUpdated],
  ],
};
