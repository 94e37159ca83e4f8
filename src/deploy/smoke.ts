/**
 * Smoke test of the live webhooks: an unsigned, empty form POST to https://{domain}{path} for every
 * protected Function must be refused (401 from Twilio's edge, or 403 from the Function's own
 * signature check). Anything else — 200, a redirect, 5xx, no answer — fails. Only *.twil.io over
 * https is probed; no body, no credentials, no redirects followed.
 */
import type { Resource } from './gated-build';

export type SmokePost = (url: string) => Promise<number>;

export interface SmokeResult {
  ok: boolean;
  lines: string[];
  problems: string[];
}

export function webhookUrls(domain: string, functions: readonly Resource[]): string[] {
  return functions.filter((f) => f.access === 'protected').map((f) => `https://${domain}${f.path}`);
}

export async function smokeTest(domain: string, functions: readonly Resource[], post: SmokePost): Promise<SmokeResult> {
  const lines: string[] = [];
  const problems: string[] = [];
  for (const url of webhookUrls(domain, functions)) {
    let status: number | null;
    try {
      status = await post(url);
    } catch {
      status = null;
    }
    if (status === 401 || status === 403) lines.push(`  ${status}  POST ${url}  (unsigned: refused, as it must be)`);
    else {
      const got = status === null ? 'no answer' : `HTTP ${status}`;
      lines.push(`  ${status ?? '---'}  POST ${url}  FAIL`);
      problems.push(
        status === 200
          ? `${url} answered an unsigned POST with 200: it is not protected. Check its visibility in Console > Functions > Services and that it uses serverlessHandler (signature check), then npm run deploy`
          : `${url} answered an unsigned POST with ${got}, expected 401 or 403: check the Function's logs (Console > Functions > Services > Logs)`,
      );
    }
  }
  return { ok: problems.length === 0, lines, problems };
}

/** The real probe: https *.twil.io only, empty form body, no redirects, bounded by a timeout. */
export async function unsignedPost(url: string, timeoutMs = 15_000): Promise<number> {
  const target = new URL(url);
  if (target.protocol !== 'https:' || !/\.twil\.io$/.test(target.hostname)) throw new Error('refusing to probe a non-Functions URL');
  const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return res.status;
}
