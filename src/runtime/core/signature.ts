/**
 * X-Twilio-Signature checking with the twilio SDK's own validateRequest. twilio-run never checks
 * signatures locally, and deployed protected Functions get Twilio's check too: this is the in-code
 * layer that holds in both places.
 */
import { validateRequest } from 'twilio/lib/webhooks/webhooks';

export type WebhookParams = Record<string, string | string[]>;

export interface UrlSource {
  /** `context.DOMAIN_NAME`: `localhost:3000` locally, `name-1234-dev.twil.io` deployed. */
  domainName: string;
  /** `context.PATH`: the Function path, e.g. `/sms/inbound`. */
  path: string;
  /** Optional override of scheme+host (WEBHOOK_BASE_URL), for a proxy or tunnel in front of the server. */
  baseUrl?: string;
}

/**
 * The URL Twilio signed: `https://{DOMAIN_NAME}{PATH}` deployed, `http://localhost:{PORT}{PATH}`
 * locally, or `{WEBHOOK_BASE_URL}{PATH}` when set. Webhooks must be configured without a query
 * string: a Function's event merges query and body, so a query string cannot be reproduced and
 * such requests fail validation (closed).
 */
export function signedUrl(src: UrlSource): string {
  if (src.baseUrl) return `${src.baseUrl.replace(/\/+$/, '')}${src.path}`;
  const host = src.domainName.replace(/:[0-9]+$/, '').toLowerCase();
  const local = host === 'localhost' || host === '127.0.0.1';
  return `${local ? 'http' : 'https'}://${src.domainName}${src.path}`;
}

/**
 * The signed parameters: the event without the runtime's `request` object. Returns null when a
 * value is not a string or an array of strings (a JSON body with nested objects, say), which no
 * Twilio webhook sends.
 */
export function paramsFromEvent(event: Record<string, unknown>): WebhookParams | null {
  const params: WebhookParams = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'request') continue;
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) params[key] = value;
    else return null;
  }
  return params;
}

/** True only for a signature Twilio would have produced for this URL and these parameters. */
export function isValidSignature(authToken: string, signature: unknown, url: string, params: WebhookParams): boolean {
  if (typeof signature !== 'string' || signature.length === 0 || signature.length > 256) return false;
  return validateRequest(authToken, signature, url, params);
}
