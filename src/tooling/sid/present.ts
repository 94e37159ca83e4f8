/**
 * Turns API values into values safe for a support ticket. Every field a kind shows goes through
 * one of these: dates as ISO 8601 UTC, SIDs and enum-like words checked by pattern, numbers and
 * other addresses masked, identifiers and paths only when they look like identifiers and paths,
 * and webhook URLs reduced to host, https yes/no and method (no path, query string or user info).
 * A value that does not fit its pattern is dropped (null), never shown "as is".
 */
import { maskNumber } from '../../runtime/core/mask';

export function iso(value: unknown): string | null {
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (d === null || Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An enum-like word from the API (status, direction, channel, visibility...). */
export function word(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(value) ? value : null;
}

export function sid(value: unknown, prefix?: string): string | null {
  if (typeof value !== 'string' || !/^[A-Z]{2}[0-9a-fA-F]{32}$/.test(value)) return null;
  return prefix === undefined || value.startsWith(prefix) ? value : null;
}

export function int(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,12}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** A name made of identifier characters (widget names, unique names, variable keys). */
export function identifier(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : null;
}

/** An environment variable name (upper-case identifier). */
export function envKey(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(value) ? value : null;
}

/** A Function or Asset path such as `/sms/inbound`. */
export function path(value: unknown): string | null {
  return typeof value === 'string' && /^\/[A-Za-z0-9._~/-]{0,199}$/.test(value) ? value : null;
}

/** A `*.twil.io` (or other plain) domain name. */
export function domain(value: unknown): string | null {
  return typeof value === 'string' && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value) && value.length <= 253 ? value.toLowerCase() : null;
}

/**
 * A phone number or other address, masked: E.164 as +1******1234, `whatsapp:` keeps its channel,
 * Message Redaction's `+1202555XXXX` is "redacted", short codes and sender IDs are named, never shown.
 */
export function maskAddress(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const v = value.trim();
  const channel = /^([a-z]+):(.*)$/i.exec(v);
  if (channel) {
    const name = (channel[1] ?? '').toLowerCase();
    if (name === 'whatsapp' || name === 'messenger' || name === 'rcs') return `${name}:${maskAddress(channel[2]) ?? '[empty]'}`;
    return `[${word(name) ?? 'other'} address]`;
  }
  if (/^\+?\d+X+$/i.test(v)) return '[redacted]';
  if (/^\+\d{7,15}$/.test(v)) return maskNumber(v);
  if (/^\d{7,15}$/.test(v)) return `${'*'.repeat(v.length - 4)}${v.slice(-4)}`;
  if (/^\d{3,6}$/.test(v)) return '[short code]';
  if (/^[A-Za-z0-9 ]{1,11}$/.test(v)) return '[alphanumeric sender]';
  return '[address]';
}

export interface WebhookView {
  /** Host name only (no user info, port, path or query). */
  host: string;
  https: boolean;
  method: string | null;
  /** The Studio flow a `webhooks.twilio.com` URL triggers. */
  studioFlowSid?: string;
}

export function webhook(url: unknown, method?: unknown): WebhookView | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { host: '[not a URL]', https: false, method: word(method) };
  }
  const host = domain(parsed.hostname) ?? '[unusual host]';
  const view: WebhookView = {
    host,
    https: parsed.protocol === 'https:',
    method: typeof method === 'string' ? (word(method.toUpperCase()) ?? null) : null,
  };
  const flow = host === 'webhooks.twilio.com' ? /\/Flows\/(FW[0-9a-f]{32})(\/|$)/.exec(parsed.pathname)?.[1] : undefined;
  return flow ? { ...view, studioFlowSid: flow } : view;
}

export function describeWebhook(w: WebhookView | null): string {
  if (w === null) return 'not set';
  const flow = w.studioFlowSid ? ` (Studio flow ${w.studioFlowSid})` : '';
  return `${w.method ?? '-'} ${w.https ? 'https' : 'NOT https'} ${w.host}${flow}`;
}
