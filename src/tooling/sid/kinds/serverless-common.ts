/**
 * Serverless helpers shared by the ZS, ZE, ZB, ZH and ZN kinds: finding the service a child SID
 * lives in (every service of the account tried, bounded), visibility counts of a build's versions,
 * and the name patterns shown (resource names look like paths; anything else is not printed).
 * Never a function's code (no Content endpoint) or a variable's value.
 */
import { listBounded, searchUnder, type LookupContext } from '../lookup';
import { word } from '../present';

export interface VisibilityCounts {
  total: number;
  /** e.g. `{ protected: 3, private: 1 }` (lower-cased; unknown values under `other`). */
  byVisibility: Record<string, number>;
}

export function visibilityCounts(versions: unknown): VisibilityCounts {
  const list = Array.isArray(versions) ? (versions as { visibility?: unknown }[]) : [];
  const byVisibility: Record<string, number> = {};
  for (const v of list) {
    const key = word(v?.visibility)?.toLowerCase() ?? 'other';
    byVisibility[key] = (byVisibility[key] ?? 0) + 1;
  }
  return { total: list.length, byVisibility };
}

export const describeCounts = (c: VisibilityCounts): string =>
  `${c.total}${
    c.total > 0
      ? ` (${Object.entries(c.byVisibility)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')})`
      : ''
  }`;

/** A Function or Asset name as twilio-run sets it (its path, with or without the leading slash). */
export function resourceName(value: unknown): string | null {
  return typeof value === 'string' && /^\/?[A-Za-z0-9._~/-]{1,200}$/.test(value) ? value : null;
}

/** Runs `probe` under each Serverless service of the account until one answers. */
export async function underSomeService<T>(
  ctx: LookupContext,
  probe: (serviceSid: string) => Promise<T | null>,
): Promise<T & { serviceSearch: string }> {
  const services = await listBounded(
    (page) => ctx.client.serverless.v1.services.list(page),
    ctx.bounds.parents,
    'listing Serverless services',
  );
  const hit = await searchUnder(services, (s) => probe(s.sid), 'Serverless services');
  return { ...hit, serviceSearch: `searched up to ${services.items.length} Serverless services` };
}
