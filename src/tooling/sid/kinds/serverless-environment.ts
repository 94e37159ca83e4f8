/**
 * ZE: a Serverless Environment (its service found by search). Unique name, domain, the build it
 * runs, dates, and its variables as a count and their names (names only when they look like
 * environment variable names; values are never read into the view or printed).
 */
import { show, type KindModule } from '../kind';
import { fetchOrNull, listBounded } from '../lookup';
import { envKey, iso } from '../present';
import { underSomeService } from './serverless-common';
import { toEnvironmentSummary, type EnvironmentSummary } from './serverless-service';

export interface ServerlessEnvironmentView extends Omit<EnvironmentSummary, 'sid'> {
  kind: 'serverless-environment';
  sid: string;
  serviceSid: string;
  /** Variable names (keys) that look like env var names; `otherNames` counts the rest. */
  variables: { count: number; names: string[]; otherNames: number; more: boolean };
  dateCreated: string | null;
  dateUpdated: string | null;
  serviceSearch: string;
}

export function variableNames(keys: readonly unknown[]): { names: string[]; otherNames: number } {
  const names = keys
    .map(envKey)
    .filter((k): k is string => k !== null)
    .sort();
  return { names, otherNames: keys.length - names.length };
}

export const serverlessEnvironmentKind: KindModule<ServerlessEnvironmentView> = {
  kind: 'serverless-environment',
  title: 'Serverless environment',
  prefixes: ['ZE'],
  async lookup(ctx, environmentSid) {
    const found = await underSomeService(ctx, async (serviceSid) => {
      const env = await fetchOrNull(
        () => ctx.client.serverless.v1.services(serviceSid).environments(environmentSid).fetch(),
        'fetching the environment',
      );
      return env === null ? null : { serviceSid, env };
    });
    const vars = await listBounded(
      (page) => ctx.client.serverless.v1.services(found.serviceSid).environments(environmentSid).variables.list(page),
      ctx.bounds.items,
      'listing the variables',
    );
    const { names, otherNames } = variableNames(vars.items.map((v) => v.key));
    const summary = toEnvironmentSummary(found.env);
    return {
      kind: 'serverless-environment',
      sid: environmentSid,
      serviceSid: found.serviceSid,
      uniqueName: summary.uniqueName,
      domain: summary.domain,
      buildSid: summary.buildSid,
      variables: { count: vars.items.length, names, otherNames, more: vars.more },
      dateCreated: iso(found.env.dateCreated),
      dateUpdated: iso(found.env.dateUpdated),
      serviceSearch: found.serviceSearch,
    };
  },
  lines: (v) => [
    ['service', v.serviceSid],
    ['unique name', show(v.uniqueName)],
    ['domain', show(v.domain)],
    ['build', v.buildSid ?? 'none deployed'],
    [
      'variables',
      `${v.variables.count}${v.variables.more ? '+' : ''}${v.variables.names.length > 0 ? `: ${v.variables.names.join(', ')}` : ''}${v.variables.otherNames > 0 ? ` (+${v.variables.otherNames} other names not shown)` : ''}`,
    ],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['service', v.serviceSid],
    ['build', v.buildSid],
    ['updated', v.dateUpdated],
  ],
};
