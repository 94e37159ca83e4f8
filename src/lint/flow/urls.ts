/**
 * The URLs in a flow: which properties are URLs (`url`, `play`, `stream_url`, `*_url`, `*callback*`), the
 * ones a widget cannot work without, and the literal scheme, host and path of a URL (Liquid kept
 * as-is so callers can tell a literal host from a variable one). Never returns a whole URL for output.
 */
import type { FlowDefinition } from '../types';
import { hasLiquid, startsWithLiquid } from './liquid';
import { stringLeaves, type StringLeaf } from './walk';

/** Placeholders `npm run -s flows -- render` replaces; `__DOMAIN__` is the project's Functions domain. */
export const DOMAIN_PLACEHOLDER = '__DOMAIN__';

/** Widget → URL property it requires (a missing one cannot be checked, so it counts as not https). */
export const REQUIRED_URL: Readonly<Record<string, string>> = {
  'make-http-request': 'url',
  'run-function': 'url',
  'add-twiml-redirect': 'url',
  'run-conversation-relay': 'url',
};

export function isUrlKey(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'url' || k === 'play' || k.endsWith('_url') || k.includes('callback');
}

/** Every non-empty URL-valued property string (lists such as `media_url` arrays included). */
export function urlLeaves(flow: FlowDefinition): StringLeaf[] {
  return stringLeaves(flow).filter((l) => isUrlKey(l.key) && l.value.trim() !== '');
}

export interface ParsedUrl {
  /** Lower-case scheme, or null when the value does not start with a literal `scheme://`. */
  scheme: string | null;
  /** The host as written (lower-case; may contain Liquid), or null. */
  host: string | null;
  /** The path as written (no query or fragment), `/` when empty, or null. */
  path: string | null;
  query: string | null;
  /** The value starts with Liquid, so nothing about it is literal. */
  variable: boolean;
}

export function parseUrl(value: string): ParsedUrl {
  const v = value.trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?((?:\{\{[\s\S]*?\}\}|[^:/?#])*)(?::\d+)?(\/[^?#]*)?(?:\?([^#]*))?/i.exec(v);
  if (!m) return { scheme: null, host: null, path: null, query: null, variable: startsWithLiquid(v) };
  return { scheme: (m[1] ?? '').toLowerCase(), host: (m[2] ?? '').toLowerCase() || null, path: m[3] ?? '/', query: m[4] ?? null, variable: false };
}

/** Hosts that belong to Twilio itself (API, Functions/Assets, media). */
export function isTwilioHost(host: string): boolean {
  return /(^|\.)twilio\.com$/.test(host) || /(^|\.)twil\.io$/.test(host) || /(^|\.)twiliocdn\.com$/.test(host);
}

/** `*.example.org` matches subdomains only; anything else matches exactly (case-insensitive). */
export function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

export function literalHost(host: string | null): host is string {
  return host !== null && !hasLiquid(host);
}
