/**
 * Incoming numbers and short codes as the number-webhook rules see them: each with the webhook
 * fields actually in use (see routingOf) and its item URL for fixes.
 */
import { v2010 } from '../../api/twilio-api';
import { maskNumber } from '../../../../runtime/core/mask';
import type { RuleContext } from '../../types';
import { fetchNumbers, fetchPooledNumbers, fetchServices, fetchShortCodes, scopeOf } from './data';
import { poolIndex, routingOf, SMS_METHODS, SMS_URLS, VOICE_METHODS, VOICE_URLS, type LatentSide } from './webhooks';

export interface Endpoint {
  sid: string;
  kind: 'number' | 'short-code';
  /** Masked number, or null for short codes. */
  masked: string | null;
  record: Record<string, unknown>;
  urlFields: string[];
  methodFields: string[];
  /** Why some (or all) of its webhooks are checked elsewhere. */
  delegated: string[];
  /** The delegated sides: their own settings are unused today and live the day the holder lets go. */
  latent: LatentSide[];
  latentUrlFields: string[];
  latentMethodFields: string[];
  /** POST here to change the record. */
  itemUrl: string;
}

export async function numberEndpoints(ctx: RuleContext): Promise<Endpoint[]> {
  const { sid } = scopeOf(ctx);
  const [numbers, shortCodes, services, pooled] = await Promise.all([
    fetchNumbers(ctx),
    fetchShortCodes(ctx),
    fetchServices(ctx),
    fetchPooledNumbers(ctx),
  ]);
  const pool = poolIndex(services, pooled);
  const out: Endpoint[] = numbers.map((n) => {
    const r = routingOf(n, pool);
    const held = (side: 'sms' | 'voice'): boolean => r.latent.some((l) => l.side === side);
    return {
      sid: n.sid,
      kind: 'number',
      masked: n.phone_number ? maskNumber(n.phone_number) : null,
      record: n as unknown as Record<string, unknown>,
      urlFields: [...(r.sms ? SMS_URLS : []), ...(r.voice ? VOICE_URLS : [])],
      methodFields: [...(r.sms ? SMS_METHODS : []), ...(r.voice ? VOICE_METHODS : [])],
      delegated: r.delegated,
      latent: r.latent,
      latentUrlFields: [...(held('sms') ? SMS_URLS : []), ...(held('voice') ? VOICE_URLS : [])],
      latentMethodFields: [...(held('sms') ? SMS_METHODS : []), ...(held('voice') ? VOICE_METHODS : [])],
      itemUrl: v2010(sid, `/IncomingPhoneNumbers/${n.sid}.json`),
    };
  });
  for (const c of shortCodes) {
    out.push({
      sid: c.sid,
      kind: 'short-code',
      masked: null,
      record: c as unknown as Record<string, unknown>,
      urlFields: [...SMS_URLS],
      methodFields: [...SMS_METHODS],
      delegated: [],
      latent: [],
      latentUrlFields: [],
      latentMethodFields: [],
      itemUrl: v2010(sid, `/SMS/ShortCodes/${c.sid}.json`),
    });
  }
  return out;
}

/** `sms_fallback_method` → `SmsFallbackMethod`. */
export function paramOf(field: string): string {
  return field
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
