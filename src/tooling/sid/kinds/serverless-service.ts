/**
 * ZS: a Serverless Service. Unique name (an identifier; the friendly name is not shown), flags,
 * dates and its environments (unique name, domain, the build each runs).
 */
import { show, type KindModule } from '../kind';
import { fetchOne, listBounded } from '../lookup';
import { bool, domain, identifier, iso, sid } from '../present';

export interface EnvironmentSummary {
  sid: string | null;
  uniqueName: string | null;
  domain: string | null;
  buildSid: string | null;
}

export interface ServerlessServiceView {
  kind: 'serverless-service';
  sid: string;
  uniqueName: string | null;
  includeCredentials: boolean | null;
  uiEditable: boolean | null;
  environments: EnvironmentSummary[];
  environmentsMore: boolean;
  dateCreated: string | null;
  dateUpdated: string | null;
}

export interface EnvironmentRecord {
  sid?: unknown;
  uniqueName?: unknown;
  domainName?: unknown;
  buildSid?: unknown;
}

export const toEnvironmentSummary = (e: EnvironmentRecord): EnvironmentSummary => ({
  sid: sid(e.sid, 'ZE'),
  uniqueName: identifier(e.uniqueName),
  domain: domain(e.domainName),
  buildSid: sid(e.buildSid, 'ZB'),
});

export const describeEnvironment = (e: EnvironmentSummary): string =>
  `${e.sid ?? '-'}  ${e.uniqueName ?? '-'}  ${e.domain ?? '-'}  build ${e.buildSid ?? 'none'}`;

export const serverlessServiceKind: KindModule<ServerlessServiceView> = {
  kind: 'serverless-service',
  title: 'Serverless service',
  prefixes: ['ZS'],
  async lookup(ctx, serviceSid) {
    const service = ctx.client.serverless.v1.services(serviceSid);
    const s = await fetchOne(() => service.fetch(), 'fetching the service');
    const envs = await listBounded((page) => service.environments.list(page), ctx.bounds.items, 'listing the environments');
    return {
      kind: 'serverless-service',
      sid: serviceSid,
      uniqueName: identifier(s.uniqueName),
      includeCredentials: bool(s.includeCredentials),
      uiEditable: bool(s.uiEditable),
      environments: envs.items.map(toEnvironmentSummary),
      environmentsMore: envs.more,
      dateCreated: iso(s.dateCreated),
      dateUpdated: iso(s.dateUpdated),
    };
  },
  lines: (v) => [
    ['unique name', show(v.uniqueName)],
    ['include credentials', show(v.includeCredentials)],
    ['editable in Console', show(v.uiEditable)],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
    ['environments', `${v.environments.length}${v.environmentsMore ? '+' : ''}`],
    ...v.environments.map((e, i): [string, string] => [`  ${i + 1}`, describeEnvironment(e)]),
  ],
  snippet: (v) => [['updated', v.dateUpdated]],
};
