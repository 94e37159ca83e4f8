/**
 * ZB: a Serverless Build (its service found by search). Status, runtime, how many function and
 * asset versions it holds by visibility (a public function is a webhook anyone can call), the
 * environments running it, and dates. Never the code or the dependency list.
 */
import { show, type KindModule } from '../kind';
import { fetchOrNull, listBounded } from '../lookup';
import { iso, sid, word } from '../present';
import { describeCounts, underSomeService, visibilityCounts, type VisibilityCounts } from './serverless-common';

export interface ServerlessBuildView {
  kind: 'serverless-build';
  sid: string;
  serviceSid: string;
  status: string | null;
  runtime: string | null;
  functionVersions: VisibilityCounts;
  assetVersions: VisibilityCounts;
  /** Environments of the service whose current build this is. */
  runningIn: string[];
  dateCreated: string | null;
  dateUpdated: string | null;
  serviceSearch: string;
}

export const serverlessBuildKind: KindModule<ServerlessBuildView> = {
  kind: 'serverless-build',
  title: 'Serverless build',
  prefixes: ['ZB'],
  async lookup(ctx, buildSid) {
    const found = await underSomeService(ctx, async (serviceSid) => {
      const build = await fetchOrNull(() => ctx.client.serverless.v1.services(serviceSid).builds(buildSid).fetch(), 'fetching the build');
      return build === null ? null : { serviceSid, build };
    });
    const envs = await listBounded(
      (page) => ctx.client.serverless.v1.services(found.serviceSid).environments.list(page),
      ctx.bounds.items,
      'listing the environments',
    );
    const { build } = found;
    return {
      kind: 'serverless-build',
      sid: buildSid,
      serviceSid: found.serviceSid,
      status: word(build.status),
      runtime: word(build.runtime),
      functionVersions: visibilityCounts(build.functionVersions),
      assetVersions: visibilityCounts(build.assetVersions),
      runningIn: envs.items
        .filter((e) => e.buildSid === buildSid)
        .map((e) => sid(e.sid, 'ZE'))
        .filter((s): s is string => s !== null),
      dateCreated: iso(build.dateCreated),
      dateUpdated: iso(build.dateUpdated),
      serviceSearch: found.serviceSearch,
    };
  },
  lines: (v) => [
    ['service', v.serviceSid],
    ['status', show(v.status)],
    ['runtime', show(v.runtime)],
    ['function versions', describeCounts(v.functionVersions)],
    ['asset versions', describeCounts(v.assetVersions)],
    ['running in', v.runningIn.length > 0 ? v.runningIn.join(', ') : 'no environment'],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['service', v.serviceSid],
    ['status', v.status],
    ['created', v.dateCreated],
  ],
};
