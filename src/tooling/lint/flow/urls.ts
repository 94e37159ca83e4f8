/**
 * The URLs in a flow: which properties are URLs (`url`, `play`, `stream_url`, `*_url`, `*callback*`), the
 * ones a widget cannot work without, and the scheme, host and path of a URL as the one URL policy
 * (src/core/url-policy.ts) reads them, Liquid kept as written so callers can tell a literal host
 * from a variable one. Never returns a whole URL for output.
 */
import { hostMatches, judgeUrl, parseUrl as parseWithPolicy, type UrlPolicy, type UrlVerdict } from '../../../core/url-policy';
import type { FlowDefinition } from '../types';
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

/** Widget URLs: https only, no credentials (they would sit in the flow definition), Liquid read as Liquid, `__DOMAIN__` a host. */
export const FLOW_URL_POLICY: UrlPolicy = { liquid: true, placeholderHosts: [DOMAIN_PLACEHOLDER] };

/** Fork Stream and ConversationRelay also take wss://. */
export const WEBSOCKET_URL_POLICY: UrlPolicy = { ...FLOW_URL_POLICY, schemes: ['https', 'wss'] };

/** A widget URL judged by the one URL policy (src/core/url-policy.ts). */
export function judgeFlowUrl(value: string, websocket = false): UrlVerdict {
  return judgeUrl(value, websocket ? WEBSOCKET_URL_POLICY : FLOW_URL_POLICY);
}

export interface ParsedUrl {
  /** Lower-case scheme, or null when the value is not an absolute URL (or is a variable). */
  scheme: string | null;
  /** Canonical host (may be `__domain__` or contain Liquid as written), or null. */
  host: string | null;
  /** The path (no query or fragment), `/` when empty, or null. Liquid kept as written. */
  path: string | null;
  query: string | null;
  /** The value starts with Liquid (or only parses with its Liquid), so nothing about it is literal. */
  variable: boolean;
}

/** The parts of a widget URL under the shared parser (WHATWG plus the policy's decisions). */
export function parseUrl(value: string): ParsedUrl {
  const parsed = parseWithPolicy(value, FLOW_URL_POLICY);
  if (!parsed.ok) return { scheme: null, host: null, path: null, query: null, variable: parsed.problem === 'variable' };
  const { scheme, host, path, query } = parsed.url;
  return { scheme, host: host === '' ? null : host, path, query, variable: false };
}

/** `*.example.org` matches subdomains only; anything else matches exactly (case-insensitive; see the URL policy). */
export { hostMatches };
