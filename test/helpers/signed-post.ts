/** POSTs form-encoded parameters signed as Twilio signs webhooks (or unsigned / wrongly signed). */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export interface PostResult {
  status: number;
  body: string;
  contentType: string;
}

export async function postForm(
  url: string,
  params: Record<string, string | string[]>,
  opts: { authToken?: string; signature?: string; signedUrl?: string; contentType?: string; rawBody?: string } = {},
): Promise<PostResult> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' };
  const signature =
    opts.signature ?? (opts.authToken ? getExpectedTwilioSignature(opts.authToken, opts.signedUrl ?? url, params) : undefined);
  if (signature !== undefined) headers['x-twilio-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: opts.rawBody ?? form.toString() });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}
