/**
 * ZN: a Function or Asset Version. A version is only reachable under its Function or Asset, so
 * each service's functions and assets are tried (bounded). Path, visibility, the function or asset
 * it belongs to, and its date. Never the code.
 */
import { show, type KindModule } from '../kind';
import { fetchOrNull, listBounded, NotFound, searchUnder, type LookupContext } from '../lookup';
import { underSomeService } from './serverless-common';
import { toVersionSummary } from './serverless-resource';

export interface ServerlessVersionView {
  kind: 'serverless-version';
  sid: string;
  serviceSid: string;
  resourceSid: string;
  resourceType: 'function' | 'asset';
  path: string | null;
  visibility: string | null;
  dateCreated: string | null;
  serviceSearch: string;
}

interface Hit {
  resourceSid: string;
  resourceType: 'function' | 'asset';
  version: { sid?: unknown; path?: unknown; visibility?: unknown; dateCreated?: unknown };
}

async function versionIn(ctx: LookupContext, serviceSid: string, versionSid: string): Promise<(Hit & { serviceSid: string }) | null> {
  const service = ctx.client.serverless.v1.services(serviceSid);
  const functions = await listBounded((page) => service.functions.list(page), ctx.bounds.items, 'listing functions');
  const assets = await listBounded((page) => service.assets.list(page), ctx.bounds.items, 'listing assets');
  const parents = {
    items: [
      ...functions.items.map((f) => ({ sid: f.sid, type: 'function' as const })),
      ...assets.items.map((a) => ({ sid: a.sid, type: 'asset' as const })),
    ],
    more: functions.more || assets.more,
  };
  try {
    const hit = await searchUnder(
      parents,
      async (p): Promise<Hit | null> => {
        const version =
          p.type === 'function'
            ? await fetchOrNull(() => service.functions(p.sid).functionVersions(versionSid).fetch(), 'fetching the version')
            : await fetchOrNull(() => service.assets(p.sid).assetVersions(versionSid).fetch(), 'fetching the version');
        return version === null ? null : { resourceSid: p.sid, resourceType: p.type, version };
      },
      'functions and assets',
    );
    return { ...hit, serviceSid };
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}

export const serverlessVersionKind: KindModule<ServerlessVersionView> = {
  kind: 'serverless-version',
  title: 'Serverless function or asset version',
  prefixes: ['ZN'],
  async lookup(ctx, versionSid) {
    const found = await underSomeService(ctx, (serviceSid) => versionIn(ctx, serviceSid, versionSid));
    const v = toVersionSummary(found.version);
    return {
      kind: 'serverless-version',
      sid: versionSid,
      serviceSid: found.serviceSid,
      resourceSid: found.resourceSid,
      resourceType: found.resourceType,
      path: v.path,
      visibility: v.visibility,
      dateCreated: v.dateCreated,
      serviceSearch: found.serviceSearch,
    };
  },
  lines: (v) => [
    ['service', v.serviceSid],
    [v.resourceType, v.resourceSid],
    ['path', show(v.path)],
    ['visibility', show(v.visibility)],
    ['created', show(v.dateCreated)],
  ],
  snippet: (v) => [
    ['service', v.serviceSid],
    ['resource', v.resourceSid],
    ['visibility', v.visibility],
    ['created', v.dateCreated],
  ],
};
