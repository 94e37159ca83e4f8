/**
 * MG: a Messaging Service. Use case, the webhooks as host + https yes/no + method (never the
 * full URL: paths and query strings can carry tokens), the sender-pool switches (sticky sender,
 * fallback to long code, area code geomatch, inbound webhook on the number), validity period and
 * how many phone numbers are in its pool. Never the friendly name (free text).
 */
import { show, type KindModule } from '../kind';
import { fetchOne, listBounded } from '../lookup';
import { bool, describeWebhook, int, iso, webhook, word, type WebhookView } from '../present';

export interface MessagingServiceView {
  kind: 'messaging-service';
  sid: string;
  useCase: string | null;
  inbound: WebhookView | null;
  fallback: WebhookView | null;
  statusCallback: WebhookView | null;
  useInboundWebhookOnNumber: boolean | null;
  stickySender: boolean | null;
  fallbackToLongCode: boolean | null;
  areaCodeGeomatch: boolean | null;
  smartEncoding: boolean | null;
  usAppToPersonRegistered: boolean | null;
  validityPeriodSeconds: number | null;
  phoneNumbers: { count: number; more: boolean };
  dateCreated: string | null;
  dateUpdated: string | null;
}

export interface MessagingServiceRecord {
  usecase?: unknown;
  inboundRequestUrl?: unknown;
  inboundMethod?: unknown;
  fallbackUrl?: unknown;
  fallbackMethod?: unknown;
  statusCallback?: unknown;
  useInboundWebhookOnNumber?: unknown;
  stickySender?: unknown;
  fallbackToLongCode?: unknown;
  areaCodeGeomatch?: unknown;
  smartEncoding?: unknown;
  usAppToPersonRegistered?: unknown;
  validityPeriod?: unknown;
  dateCreated?: unknown;
  dateUpdated?: unknown;
}

export function toMessagingServiceView(
  serviceSid: string,
  s: MessagingServiceRecord,
  phoneNumbers: { count: number; more: boolean },
): MessagingServiceView {
  return {
    kind: 'messaging-service',
    sid: serviceSid,
    useCase: word(s.usecase),
    inbound: webhook(s.inboundRequestUrl, s.inboundMethod),
    fallback: webhook(s.fallbackUrl, s.fallbackMethod),
    statusCallback: webhook(s.statusCallback),
    useInboundWebhookOnNumber: bool(s.useInboundWebhookOnNumber),
    stickySender: bool(s.stickySender),
    fallbackToLongCode: bool(s.fallbackToLongCode),
    areaCodeGeomatch: bool(s.areaCodeGeomatch),
    smartEncoding: bool(s.smartEncoding),
    usAppToPersonRegistered: bool(s.usAppToPersonRegistered),
    validityPeriodSeconds: int(s.validityPeriod),
    phoneNumbers,
    dateCreated: iso(s.dateCreated),
    dateUpdated: iso(s.dateUpdated),
  };
}

export const messagingServiceKind: KindModule<MessagingServiceView> = {
  kind: 'messaging-service',
  title: 'Messaging Service',
  prefixes: ['MG'],
  async lookup(ctx, serviceSid) {
    const service = ctx.client.messaging.v1.services(serviceSid);
    const s = await fetchOne(() => service.fetch(), 'fetching the Messaging Service');
    const numbers = await listBounded((page) => service.phoneNumbers.list(page), ctx.bounds.items, "listing the service's phone numbers");
    return toMessagingServiceView(serviceSid, s, { count: numbers.items.length, more: numbers.more });
  },
  lines: (v) => [
    ['use case', show(v.useCase)],
    ['incoming messages', v.useInboundWebhookOnNumber ? "each number's own webhook" : describeWebhook(v.inbound)],
    ['fallback', describeWebhook(v.fallback)],
    [
      'status callback',
      v.statusCallback === null ? 'not set' : `${v.statusCallback.https ? 'https' : 'NOT https'} ${v.statusCallback.host}`,
    ],
    ['sticky sender', show(v.stickySender)],
    ['fallback to long code', show(v.fallbackToLongCode)],
    ['area code geomatch', show(v.areaCodeGeomatch)],
    ['smart encoding', show(v.smartEncoding)],
    ['US A2P registered', show(v.usAppToPersonRegistered)],
    ['validity period', v.validityPeriodSeconds === null ? '-' : `${v.validityPeriodSeconds} s`],
    ['phone numbers', `${v.phoneNumbers.count}${v.phoneNumbers.more ? '+' : ''}`],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [['updated', v.dateUpdated]],
};
