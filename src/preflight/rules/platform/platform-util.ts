/** Small helpers shared by the platform rules: URL checks without ever echoing a full URL. */

export type Rec = Record<string, unknown>;

export { scannedAccount as accountOf } from '../scanned-account';

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function obj(value: unknown): Rec | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : null;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** True for an absolute https:// URL (case-insensitive scheme). */
export function isHttps(url: unknown): boolean {
  return typeof url === 'string' && /^https:\/\//i.test(url.trim());
}

/** A URL field that is unset (null or empty) or https. */
export function httpsOrUnset(url: unknown): boolean {
  return url === null || url === undefined || url === '' || isHttps(url);
}

/** Case-insensitive method compare (Conversations uses `post`, others `POST`). */
export function isPost(method: unknown): boolean {
  return typeof method === 'string' && method.trim().toUpperCase() === 'POST';
}

/** The URL's host only (no userinfo, port or path), or null when unparseable. */
export function hostOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(url.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** The URL's path (no query or fragment); tolerates Liquid in the host, e.g. `https://{{x}}.twil.io/a`. */
export function pathOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url.trim());
  if (!m) return null;
  return m[1] ?? '/';
}
