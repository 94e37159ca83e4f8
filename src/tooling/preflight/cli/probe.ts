/**
 * The unauthenticated probe used for media and recording URLs: a HEAD request with no credentials,
 * no redirects followed and no body read, bounded by a timeout. Only Twilio hosts are probed.
 */
export async function headStatus(url: string, timeoutMs = 10_000): Promise<number> {
  const target = new URL(url);
  if (target.protocol !== 'https:' || !/(^|\.)twilio\.com$/.test(target.hostname)) throw new Error('refusing to probe a non-Twilio URL');
  const res = await fetch(target, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return res.status;
}
