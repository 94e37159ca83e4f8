/** Small helpers shared by the platform rules: URL checks without ever echoing a full URL. */
import { hostOf as policyHostOf, judgeUrl, okOrUnset, WEBHOOK_POLICY } from '../../../../core/url-policy';

export type Rec = Record<string, unknown>;

export { scannedAccount as accountOf } from '../scanned-account';

export { str } from '../wire-values';

export function obj(value: unknown): Rec | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : null;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * True for an https URL with a real host under the one URL policy (src/core/url-policy.ts,
 * WEBHOOK_POLICY: Twilio HTTP auth credentials allowed, never reported). `https:// bad host` is not.
 */
export function isHttps(url: unknown): boolean {
  return judgeUrl(url, WEBHOOK_POLICY).ok;
}

/** A URL field that is unset (null, empty or blank) or https. */
export function httpsOrUnset(url: unknown): boolean {
  return okOrUnset(url, WEBHOOK_POLICY);
}

/** Case-insensitive method compare (Conversations uses `post`, others `POST`). */
export function isPost(method: unknown): boolean {
  return typeof method === 'string' && method.trim().toUpperCase() === 'POST';
}

/** The URL's canonical host only (no userinfo, port or path), or null when it has no real host. */
export function hostOf(url: unknown): string | null {
  return policyHostOf(url);
}
