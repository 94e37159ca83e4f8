/**
 * ZH: a Serverless Function or Asset (its service found by search; a ZH is tried as a Function,
 * then as an Asset). Name (its path as twilio-run sets it), dates, how many versions it has and
 * the newest one's path and visibility. Never the code (no Content endpoint).
 */
import { show, type KindModule } from '../kind';
import { fetchOrNull, listBounded, type LookupContext } from '../lookup';
import { iso, path, sid, word } from '../present';
import { resourceName, underSomeService } from './serverless-common';

export interface VersionSummary {
  sid: string | null;
  path: string | null;
  visibility: string | null;
  dateCreated: string | null;
}

export interface ServerlessResourceView {
  kind: 'serverless-resource';
  sid: string;
  serviceSid: string;
  resourceType: 'function' | 'asset';
  name: string | null;
  versions: { count: number; more: boolean; newest: VersionSummary | null };
  dateCreated: string | null;
  dateUpdated: string | null;
  serviceSearch: string;
}

export interface VersionRecord {
  sid?: unknown;
  path?: unknown;
  visibility?: unknown;
  dateCreated?: unknown;
}

export const toVersionSummary = (v: VersionRecord): VersionSummary => ({
  sid: sid(v.sid, 'ZN'),
  path: path(v.path),
  visibility: word(v.visibility)?.toLowerCase() ?? null,
  dateCreated: iso(v.dateCreated),
});

export function newest(versions: readonly VersionSummary[]): VersionSummary | null {
  return versions.reduce<VersionSummary | null>(
    (best, v) => (best === null || (v.dateCreated ?? '') > (best.dateCreated ?? '') ? v : best),
    null,
  );
}

async function resourceIn(ctx: LookupContext, serviceSid: string, resourceSid: string) {
  const service = ctx.client.serverless.v1.services(serviceSid);
  const fn = await fetchOrNull(() => service.functions(resourceSid).fetch(), 'fetching the function');
  if (fn !== null) {
    const versions = await listBounded(
      (page) => service.functions(resourceSid).functionVersions.list(page),
      ctx.bounds.items,
      'listing function versions',
    );
    return { serviceSid, resourceType: 'function' as const, resource: fn, versions };
  }
  const asset = await fetchOrNull(() => service.assets(resourceSid).fetch(), 'fetching the asset');
  if (asset === null) return null;
  const versions = await listBounded(
    (page) => service.assets(resourceSid).assetVersions.list(page),
    ctx.bounds.items,
    'listing asset versions',
  );
  return { serviceSid, resourceType: 'asset' as const, resource: asset, versions };
}

export const serverlessResourceKind: KindModule<ServerlessResourceView> = {
  kind: 'serverless-resource',
  title: 'Serverless function or asset',
  prefixes: ['ZH'],
  async lookup(ctx, resourceSid) {
    const found = await underSomeService(ctx, (serviceSid) => resourceIn(ctx, serviceSid, resourceSid));
    const versions = found.versions.items.map(toVersionSummary);
    return {
      kind: 'serverless-resource',
      sid: resourceSid,
      serviceSid: found.serviceSid,
      resourceType: found.resourceType,
      name: resourceName(found.resource.friendlyName),
      versions: { count: versions.length, more: found.versions.more, newest: newest(versions) },
      dateCreated: iso(found.resource.dateCreated),
      dateUpdated: iso(found.resource.dateUpdated),
      serviceSearch: found.serviceSearch,
    };
  },
  lines: (v) => [
    ['service', v.serviceSid],
    ['type', v.resourceType],
    ['name', show(v.name)],
    ['versions', `${v.versions.count}${v.versions.more ? '+' : ''}`],
    [
      'newest version',
      v.versions.newest === null
        ? 'none'
        : `${v.versions.newest.sid ?? '-'}  ${v.versions.newest.path ?? '-'}  ${v.versions.newest.visibility ?? '-'}  ${v.versions.newest.dateCreated ?? '-'}`,
    ],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['service', v.serviceSid],
    ['version', v.versions.newest?.sid ?? null],
    ['updated', v.dateUpdated],
  ],
};
