/**
 * Serverless v1 (serverless.twilio.com, twilio_serverless_v1): Services, Environments, Builds and
 * Variables served (list, fetch) from records in `fake.resources`, the wire-form record builders,
 * and `fake.serverless.seedDeployment()`, which leaves an account the way `twilio-run deploy` does
 * (a service, an environment running a completed build, function/asset versions with visibility).
 */
import { collectionRoutes, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { isoSeconds, makeSid } from './ids';
import type { Rng } from './prng';
import type { Route } from './types';

export const SERVERLESS_HOST = 'serverless.twilio.com';
const SPEC = 'twilio_serverless_v1';
const BASE = `https://${SERVERLESS_HOST}/v1/Services`;

/** `fake.resources` collections served by the Serverless routes. */
export const SLS_COLLECTIONS = {
  services: 'sls_services',
  environments: 'sls_environments',
  builds: 'sls_builds',
  variables: 'sls_variables',
} as const;

const def = (name: string, list: string, item: string, key: string): CollectionDef => ({ name, host: SERVERLESS_HOST, spec: SPEC, style: 'v1', list, item, key });

export const SERVERLESS_COLLECTIONS: readonly CollectionDef[] = [
  def(SLS_COLLECTIONS.services, '/v1/Services', '/v1/Services/:Sid', 'services'),
  def(SLS_COLLECTIONS.environments, '/v1/Services/:ServiceSid/Environments', '/v1/Services/:ServiceSid/Environments/:Sid', 'environments'),
  def(SLS_COLLECTIONS.builds, '/v1/Services/:ServiceSid/Builds', '/v1/Services/:ServiceSid/Builds/:Sid', 'builds'),
  def(SLS_COLLECTIONS.variables, '/v1/Services/:ServiceSid/Environments/:EnvironmentSid/Variables', '/v1/Services/:ServiceSid/Environments/:EnvironmentSid/Variables/:Sid', 'variables'),
];

export function serverlessRoutes(resources: ResourceStore): Route[] {
  return SERVERLESS_COLLECTIONS.flatMap((d) => collectionRoutes(resources, d));
}

/** Date of seeded records that do not say otherwise. */
export const SEED_DATE = '2026-03-01T00:00:00Z';

export function serverlessService(account: string, sid: string, uniqueName: string, domainBase = `${uniqueName}-1234`): WireRecord {
  return {
    sid, account_sid: account, friendly_name: uniqueName, unique_name: uniqueName, include_credentials: false, ui_editable: false,
    domain_base: domainBase, date_created: SEED_DATE, date_updated: SEED_DATE, url: `${BASE}/${sid}`,
    links: { environments: `${BASE}/${sid}/Environments`, functions: `${BASE}/${sid}/Functions`, assets: `${BASE}/${sid}/Assets`, builds: `${BASE}/${sid}/Builds` },
  };
}

/** An environment; `uniqueName` defaults to the suffix (twilio-run names them `<suffix>-environment` / `production`). */
export function environment(account: string, service: string, sid: string, suffix: string | null, domain: string, buildSid: string | null, uniqueName: string = suffix ?? 'production'): WireRecord {
  return {
    sid, account_sid: account, service_sid: service, build_sid: buildSid, unique_name: uniqueName, domain_suffix: suffix, domain_name: domain,
    date_created: SEED_DATE, date_updated: SEED_DATE, url: `${BASE}/${service}/Environments/${sid}`,
    links: { variables: `${BASE}/${service}/Environments/${sid}/Variables`, deployments: `${BASE}/${service}/Environments/${sid}/Deployments`, logs: `${BASE}/${service}/Environments/${sid}/Logs` },
  };
}

export interface VersionSeed {
  /** Function/Asset Version SID (ZN…). */
  sid: string;
  /** Function/Asset SID (ZH…). */
  resourceSid: string;
  path: string;
  visibility: string;
}

/** A completed build; its versions are embedded the way the API embeds them (`function_sid` / `asset_sid`). */
export function build(account: string, service: string, sid: string, functions: VersionSeed[], assets: VersionSeed[]): WireRecord {
  const version = (v: VersionSeed, idField: string) => ({ sid: v.sid, account_sid: account, service_sid: service, [idField]: v.resourceSid, date_created: SEED_DATE, path: v.path, visibility: v.visibility });
  return {
    sid, account_sid: account, service_sid: service, status: 'completed',
    asset_versions: assets.map((a) => version(a, 'asset_sid')),
    function_versions: functions.map((f) => version(f, 'function_sid')),
    dependencies: [{ name: '@twilio/runtime-handler', version: '2.0.0' }], runtime: 'node22',
    date_created: SEED_DATE, date_updated: SEED_DATE, url: `${BASE}/${service}/Builds/${sid}`, links: { build_status: `${BASE}/${service}/Builds/${sid}/Status` },
  };
}

export function variable(account: string, service: string, env: string, sid: string, key: string, value: string): WireRecord {
  return { sid, account_sid: account, service_sid: service, environment_sid: env, key, value, date_created: SEED_DATE, date_updated: SEED_DATE, url: `${BASE}/${service}/Environments/${env}/Variables/${sid}` };
}

export interface DeploymentSeed {
  /** Service unique name (default `clinic-flows`); an existing service of that name is reused. */
  uniqueName?: string;
  /** Domain suffix, as `twilio-run deploy --environment` (default `dev`); `''` is the production environment. */
  environment?: string;
  functions: { path: string; visibility: 'public' | 'protected' | 'private' | string }[];
  assets?: { path: string; visibility: string }[];
  /** Function variables of the environment (set or replaced by key). */
  variables?: Record<string, string>;
  /** Owner (default the fake's main account). */
  accountSid?: string;
}

export interface SeededDeployment {
  accountSid: string;
  serviceSid: string;
  environmentSid: string;
  buildSid: string;
  /** e.g. `clinic-flows-1234-dev.twil.io` */
  domain: string;
  /** Per seeded function, in order: its Function SID (ZH…) and Version SID (ZN…). */
  functions: { path: string; visibility: string; functionSid: string; versionSid: string }[];
}

export interface ServerlessHelpers {
  /**
   * Seeds a deployed service: service (reused by unique name), an environment (reused by suffix)
   * now running a new completed build holding the given function and asset versions, and the
   * environment's variables.
   */
  seedDeployment(seed: DeploymentSeed): SeededDeployment;
}

export function serverlessHelpers(resources: ResourceStore, defaultAccount: string, rng: Rng, now: () => Date): ServerlessHelpers {
  const sid = (prefix: string): string => makeSid(prefix, rng);
  return {
    seedDeployment(seed: DeploymentSeed): SeededDeployment {
      const account = seed.accountSid ?? defaultAccount;
      const uniqueName = seed.uniqueName ?? 'clinic-flows';
      const suffix = seed.environment ?? 'dev';
      let service = resources.all(SLS_COLLECTIONS.services).find((s) => s.account_sid === account && s.unique_name === uniqueName);
      if (!service) service = resources.add(SLS_COLLECTIONS.services, serverlessService(account, sid('ZS'), uniqueName, `${uniqueName}-${Math.floor(rng() * 9000) + 1000}`));
      const serviceSid = String(service.sid);
      const domain = suffix === '' ? `${String(service.domain_base)}.twil.io` : `${String(service.domain_base)}-${suffix}.twil.io`;
      const buildSid = sid('ZB');
      const functions = seed.functions.map((f) => ({ ...f, functionSid: sid('ZH'), versionSid: sid('ZN') }));
      const assets = (seed.assets ?? []).map((a) => ({ sid: sid('ZN'), resourceSid: sid('ZH'), ...a }));
      const record = build(account, serviceSid, buildSid, functions.map((f) => ({ sid: f.versionSid, resourceSid: f.functionSid, path: f.path, visibility: f.visibility })), assets);
      const at = isoSeconds(now());
      resources.add(SLS_COLLECTIONS.builds, { ...record, date_created: at, date_updated: at });
      let env = resources.all(SLS_COLLECTIONS.environments).find((e) => e.service_sid === serviceSid && (e.domain_suffix ?? '') === suffix);
      if (env) {
        env.build_sid = buildSid;
        env.date_updated = at;
      } else {
        env = resources.add(SLS_COLLECTIONS.environments, environment(account, serviceSid, sid('ZE'), suffix === '' ? null : suffix, domain, buildSid, suffix === '' ? 'production' : `${suffix}-environment`));
      }
      const environmentSid = String(env.sid);
      for (const [key, value] of Object.entries(seed.variables ?? {})) {
        const existing = resources.all(SLS_COLLECTIONS.variables).find((v) => v.environment_sid === environmentSid && v.key === key);
        if (existing) existing.value = value;
        else resources.add(SLS_COLLECTIONS.variables, { ...variable(account, serviceSid, environmentSid, sid('ZV'), key, value), date_created: at, date_updated: at });
      }
      return { accountSid: account, serviceSid, environmentSid, buildSid, domain, functions };
    },
  };
}
