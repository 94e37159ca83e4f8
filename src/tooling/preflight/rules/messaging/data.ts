/**
 * Shared, memoised Messaging / Numbers lookups for the messaging rules (one fetch per account scan):
 * Messaging Services and their pooled numbers, incoming numbers, short codes and the recent
 * messages sample. Records are read in wire form (snake_case) with only the fields the rules use.
 */
import { scannedAccount } from '../scanned-account';
import { HOSTS, v2010 } from '../../api/twilio-api';
import type { RuleContext } from '../../types';

/** msg1 `messaging.v1.service` (the fields the rules read; every one is nullable). */
export interface ServiceRecord {
  sid: string;
  inbound_request_url: string | null;
  inbound_method: string | null;
  fallback_url: string | null;
  fallback_method: string | null;
  status_callback: string | null;
  sticky_sender: boolean | null;
  fallback_to_long_code: boolean | null;
  area_code_geomatch: boolean | null;
  use_inbound_webhook_on_number: boolean | null;
}

/** v2010 `api.v2010.account.incoming_phone_number`. */
export interface NumberRecord {
  sid: string;
  phone_number: string | null;
  sms_url: string | null;
  sms_method: string | null;
  sms_fallback_url: string | null;
  sms_fallback_method: string | null;
  voice_url: string | null;
  voice_method: string | null;
  voice_fallback_url: string | null;
  voice_fallback_method: string | null;
  status_callback: string | null;
  status_callback_method: string | null;
  sms_application_sid: string | null;
  voice_application_sid: string | null;
  trunk_sid: string | null;
}

/** v2010 `api.v2010.account.short_code`. */
export interface ShortCodeRecord {
  sid: string;
  sms_url: string | null;
  sms_method: string | null;
  sms_fallback_url: string | null;
  sms_fallback_method: string | null;
}

/** msg1 `messaging.v1.service.phone_number`. */
export interface PooledNumberRecord {
  sid: string;
  service_sid: string | null;
  phone_number: string | null;
  country_code: string | null;
}

/** v2010 `api.v2010.account.message` (never copied into a finding). */
export interface MessageRecord {
  sid: string;
  direction: string | null;
  body: string | null;
  to: string | null;
  num_segments: string | null;
  num_media: string | null;
}

/** The scanned account (see scanned-account.ts). */
export const scopeOf = scannedAccount;

export const serviceUrl = (sid: string): string => `${HOSTS.messaging}/v1/Services/${sid}`;

export function fetchServices(ctx: RuleContext): Promise<ServiceRecord[]> {
  const { api } = scopeOf(ctx);
  return ctx.cached(
    'messaging:services',
    async () => (await api.all(`${HOSTS.messaging}/v1/Services`, 'services')) as unknown as ServiceRecord[],
  );
}

export function fetchNumbers(ctx: RuleContext): Promise<NumberRecord[]> {
  const { api, sid } = scopeOf(ctx);
  return ctx.cached(
    'numbers:incoming',
    async () => (await api.all(v2010(sid, '/IncomingPhoneNumbers.json'), 'incoming_phone_numbers')) as unknown as NumberRecord[],
  );
}

export function fetchShortCodes(ctx: RuleContext): Promise<ShortCodeRecord[]> {
  const { api, sid } = scopeOf(ctx);
  return ctx.cached(
    'numbers:short-codes',
    async () => (await api.all(v2010(sid, '/SMS/ShortCodes.json'), 'short_codes')) as unknown as ShortCodeRecord[],
  );
}

/** Every Messaging Service's sender pool, flattened (numbers carry `service_sid`). */
export function fetchPooledNumbers(ctx: RuleContext): Promise<PooledNumberRecord[]> {
  const { api } = scopeOf(ctx);
  return ctx.cached('messaging:pooled-numbers', async () => {
    const services = await fetchServices(ctx);
    const pools = await Promise.all(services.map((s) => api.all(`${serviceUrl(s.sid)}/PhoneNumbers`, 'phone_numbers')));
    return pools.flat() as unknown as PooledNumberRecord[];
  });
}

/** The most recent messages (one page of 20): the sample for the redaction and MMS probes. */
export function fetchRecentMessages(ctx: RuleContext): Promise<MessageRecord[]> {
  const { api, sid } = scopeOf(ctx);
  return ctx.cached('messaging:recent-messages', async () => {
    const page = (await api.get(v2010(sid, '/Messages.json'), { PageSize: 20 })) as { messages?: unknown } | null;
    if (!page || !Array.isArray(page.messages)) throw new Error('unexpected Messages page');
    return page.messages as MessageRecord[];
  });
}

/** String counts (num_segments, num_media are strings on the wire) as numbers; unreadable → 0. */
export function count(value: string | null | undefined): number {
  const n = Number(value ?? '0');
  return Number.isFinite(n) ? n : 0;
}
