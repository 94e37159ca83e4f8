/**
 * Serverless v1 (serverless.twilio.com, twilio_serverless_v1), served from records in
 * `fake.resources`: list/fetch of Services, Environments, Builds, Functions and Function Versions,
 * Assets and Asset Versions, Deployments and Variables (every one fetchable by SID: ZS, ZE, ZB, ZH,
 * ZN, ZD, ZV); Deployment create (the environment then runs that build) and Variable create /
 * update; a Function Version's Content (`GET …/Functions/{ZH}/Versions/{ZN}/Content`, JSON with the
 * code in `content`, as the spec and docs describe it — not plain text). A version exists when it is
 * a `sls_function_versions` record or embedded in a stored build of that service (Twilio builds only
 * name existing versions); its code is the `sls_function_contents` record seeded for it, else
 * DEFAULT_FUNCTION_CODE; any other version, or another account's, is 404 / 20404.
 * `fake.serverless.seedDeployment()` leaves an account the way `twilio-run deploy` does.
 * Record builders live in serverless-records.ts (re-exported here).
 */
import { collectionRoutes, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { missingParam, notFound, TwilioHttpError } from './errors';
import { opt, param } from './form-params';
import { isoSeconds, makeSid } from './ids';
import { deriveRng, type Rng } from './prng';
import {
  build,
  DEFAULT_FUNCTION_CODE,
  deployment,
  environment,
  functionVersionContent,
  resourceVersion,
  SERVERLESS_HOST,
  serverlessResource,
  serverlessService,
  variable,
  type ResourceKind,
} from './serverless-records';
import type { FakeRequest, Route, RouteHandler } from './types';

export {
  SERVERLESS_HOST,
  SEED_DATE,
  serverlessService,
  environment,
  build,
  variable,
  serverlessResource,
  resourceVersion,
  deployment,
  functionVersionContent,
  DEFAULT_FUNCTION_CODE,
  type VersionSeed,
  type ResourceKind,
} from './serverless-records';

const SPEC = 'twilio_serverless_v1';
const SVC = '/v1/Services/:ServiceSid';

/** `fake.resources` collections served by the Serverless routes. */
export const SLS_COLLECTIONS = {
  services: 'sls_services',
  environments: 'sls_environments',
  builds: 'sls_builds',
  variables: 'sls_variables',
  functions: 'sls_functions',
  functionVersions: 'sls_function_versions',
  assets: 'sls_assets',
  assetVersions: 'sls_asset_versions',
  deployments: 'sls_deployments',
  /** Function Version Content records (storage only: served by the Content route, never listed). */
  functionContents: 'sls_function_contents',
} as const;

/** Version SIDs whose Content was served, per store, in order (tests check what a scan read). */
const contentReadLog = new WeakMap<ResourceStore, string[]>();
function contentReads(resources: ResourceStore): string[] {
  let log = contentReadLog.get(resources);
  if (!log) {
    log = [];
    contentReadLog.set(resources, log);
  }
  return log;
}

/** Per store: Content requests that fail on purpose (version SID → HTTP status and Twilio code). */
const contentFailures = new WeakMap<ResourceStore, Map<string, { status: number; code: number }>>();
function failuresOf(resources: ResourceStore): Map<string, { status: number; code: number }> {
  let m = contentFailures.get(resources);
  if (!m) {
    m = new Map();
    contentFailures.set(resources, m);
  }
  return m;
}

/** The record proving a Function Version exists in a service: its own record, or a build embedding it. */
function versionOwner(resources: ResourceStore, serviceSid: string, functionSid: string, versionSid: string): WireRecord | undefined {
  const own = resources
    .all(SLS_COLLECTIONS.functionVersions)
    .find((v) => v.sid === versionSid && v.function_sid === functionSid && v.service_sid === serviceSid);
  if (own) return own;
  return resources
    .all(SLS_COLLECTIONS.builds)
    .find(
      (b) =>
        b.service_sid === serviceSid &&
        Array.isArray(b.function_versions) &&
        (b.function_versions as WireRecord[]).some((v) => v.sid === versionSid && v.function_sid === functionSid),
    );
}

const def = (name: string, list: string, item: string, key: string): CollectionDef => ({
  name,
  host: SERVERLESS_HOST,
  spec: SPEC,
  style: 'v1',
  list,
  item,
  key,
});
const ENV_LIST = `${SVC}/Environments/:EnvironmentSid`;

export const SERVERLESS_COLLECTIONS: readonly CollectionDef[] = [
  def(SLS_COLLECTIONS.services, '/v1/Services', '/v1/Services/:Sid', 'services'),
  def(SLS_COLLECTIONS.environments, `${SVC}/Environments`, `${SVC}/Environments/:Sid`, 'environments'),
  def(SLS_COLLECTIONS.builds, `${SVC}/Builds`, `${SVC}/Builds/:Sid`, 'builds'),
  def(SLS_COLLECTIONS.variables, `${ENV_LIST}/Variables`, `${ENV_LIST}/Variables/:Sid`, 'variables'),
  def(SLS_COLLECTIONS.functions, `${SVC}/Functions`, `${SVC}/Functions/:Sid`, 'functions'),
  def(
    SLS_COLLECTIONS.functionVersions,
    `${SVC}/Functions/:FunctionSid/Versions`,
    `${SVC}/Functions/:FunctionSid/Versions/:Sid`,
    'function_versions',
  ),
  def(SLS_COLLECTIONS.assets, `${SVC}/Assets`, `${SVC}/Assets/:Sid`, 'assets'),
  def(SLS_COLLECTIONS.assetVersions, `${SVC}/Assets/:AssetSid/Versions`, `${SVC}/Assets/:AssetSid/Versions/:Sid`, 'asset_versions'),
  def(SLS_COLLECTIONS.deployments, `${ENV_LIST}/Deployments`, `${ENV_LIST}/Deployments/:Sid`, 'deployments'),
];

export interface ServerlessRouteDeps {
  /** SIDs of records created through the API (default: a stream of its own). */
  rng?: Rng;
  /** Dates of records created or updated through the API (default: real time). */
  now?: () => Date;
}

/** Twilio's limits for a Variable: Key up to 128 characters, Value up to 450 bytes. */
const KEY_MAX = 128;
const VALUE_MAX_BYTES = 450;

export function serverlessRoutes(resources: ResourceStore, deps: ServerlessRouteDeps = {}): Route[] {
  const rng = deps.rng ?? deriveRng(1, 'serverless-routes');
  const now = deps.now ?? ((): Date => new Date());
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({
    method,
    pattern,
    host: SERVERLESS_HOST,
    spec: SPEC,
    handler,
  });
  const account = (req: FakeRequest, owner: WireRecord): boolean => req.authAccountSid === null || owner.account_sid === req.authAccountSid;
  const environmentOf = (req: FakeRequest): WireRecord => {
    const env = resources
      .all(SLS_COLLECTIONS.environments)
      .find((e) => e.sid === param(req, 'EnvironmentSid') && e.service_sid === param(req, 'ServiceSid'));
    if (!env || !account(req, env)) throw notFound();
    return env;
  };
  const checkVariable = (key: string | undefined, value: string | undefined): void => {
    if (key !== undefined && (key === '' || key.length > KEY_MAX)) throw new TwilioHttpError(400, 20001, 'Invalid parameter Key');
    if (value !== undefined && Buffer.byteLength(value, 'utf8') > VALUE_MAX_BYTES)
      throw new TwilioHttpError(400, 20001, 'Invalid parameter Value');
  };
  const variablesOf = (env: WireRecord): WireRecord[] =>
    resources.all(SLS_COLLECTIONS.variables).filter((v) => v.environment_sid === env.sid);

  return [
    ...SERVERLESS_COLLECTIONS.flatMap((d) => collectionRoutes(resources, d)),
    route('GET', `${SVC}/Functions/:FunctionSid/Versions/:Sid/Content`, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const functionSid = param(req, 'FunctionSid');
      const versionSid = param(req, 'Sid');
      const owner = versionOwner(resources, serviceSid, functionSid, versionSid);
      if (!owner || !account(req, owner)) throw notFound();
      const failure = failuresOf(resources).get(versionSid);
      if (failure) throw new TwilioHttpError(failure.status, failure.code, 'Content unavailable');
      contentReads(resources).push(versionSid);
      const stored = resources
        .all(SLS_COLLECTIONS.functionContents)
        .find((c) => c.sid === versionSid && c.function_sid === functionSid && c.service_sid === serviceSid);
      return {
        status: 200,
        body: stored ?? functionVersionContent(String(owner.account_sid), serviceSid, functionSid, versionSid, DEFAULT_FUNCTION_CODE),
      };
    }),
    route('POST', `${ENV_LIST}/Deployments`, (req) => {
      const env = environmentOf(req);
      const buildSid = opt(req.form, 'BuildSid');
      if (buildSid === undefined || buildSid === '') throw missingParam('BuildSid');
      const target = resources.all(SLS_COLLECTIONS.builds).find((b) => b.sid === buildSid && b.service_sid === env.service_sid);
      if (!target) throw notFound();
      if (target.status !== 'completed') throw new TwilioHttpError(400, 20001, 'Build is not completed');
      const at = isoSeconds(now());
      const record = resources.add(
        SLS_COLLECTIONS.deployments,
        deployment(String(env.account_sid), String(env.service_sid), String(env.sid), makeSid('ZD', rng), buildSid, at),
      );
      env.build_sid = buildSid;
      env.date_updated = at;
      return { status: 201, body: record };
    }),
    route('POST', `${ENV_LIST}/Variables`, (req) => {
      const env = environmentOf(req);
      const key = opt(req.form, 'Key');
      const value = opt(req.form, 'Value');
      if (key === undefined) throw missingParam('Key');
      if (value === undefined) throw missingParam('Value');
      checkVariable(key, value);
      if (variablesOf(env).some((v) => v.key === key)) throw new TwilioHttpError(400, 20001, 'A Variable with this Key already exists');
      const at = isoSeconds(now());
      const record = resources.add(SLS_COLLECTIONS.variables, {
        ...variable(String(env.account_sid), String(env.service_sid), String(env.sid), makeSid('ZV', rng), key, value),
        date_created: at,
        date_updated: at,
      });
      return { status: 201, body: record };
    }),
    route('POST', `${ENV_LIST}/Variables/:Sid`, (req) => {
      const env = environmentOf(req);
      const record = variablesOf(env).find((v) => v.sid === param(req, 'Sid'));
      if (!record) throw notFound();
      const key = opt(req.form, 'Key');
      const value = opt(req.form, 'Value');
      checkVariable(key, value);
      if (key !== undefined && key !== record.key && variablesOf(env).some((v) => v.key === key))
        throw new TwilioHttpError(400, 20001, 'A Variable with this Key already exists');
      if (key !== undefined) record.key = key;
      if (value !== undefined) record.value = value;
      record.date_updated = isoSeconds(now());
      return { status: 200, body: record };
    }),
  ];
}

export interface DeploymentSeed {
  /** Service unique name (default `clinic-flows`); an existing service of that name is reused. */
  uniqueName?: string;
  /** Deploy into this existing service (as `twilio-run deploy --service-sid`); wins over `uniqueName`. */
  serviceSid?: string;
  /** Domain suffix, as `twilio-run deploy --environment` (default `dev`); `''` is the production environment. */
  environment?: string;
  /** `code`: the version's Content (default DEFAULT_FUNCTION_CODE). */
  functions: { path: string; visibility: 'public' | 'protected' | 'private' | string; code?: string }[];
  assets?: { path: string; visibility: string }[];
  /** Function variables of the environment (set or replaced by key). */
  variables?: Record<string, string>;
  /** Owner (default the fake's main account). */
  accountSid?: string;
}

export interface SeededResource {
  path: string;
  visibility: string;
  /** Function / Asset SID (ZH…), reused by path across deployments of the same service. */
  functionSid: string;
  /** Function / Asset Version SID (ZN…), new for every deployment. */
  versionSid: string;
}

export interface SeededDeployment {
  accountSid: string;
  serviceSid: string;
  environmentSid: string;
  buildSid: string;
  /** Deployment SID (ZD…). */
  deploymentSid: string;
  /** e.g. `clinic-flows-1234-dev.twil.io` */
  domain: string;
  /** Per seeded function, in order: its Function SID (ZH…) and Version SID (ZN…). */
  functions: SeededResource[];
  /** Per seeded asset, in order (`functionSid` holds the Asset SID). */
  assets: SeededResource[];
}

export interface ServerlessHelpers {
  /**
   * Seeds a deployed service: service (reused by unique name, or `serviceSid`), Functions and
   * Assets (reused by path) with a new Version each, an environment (reused by suffix) now running
   * a new completed build holding those versions, its Deployment, and the environment's variables.
   */
  seedDeployment(seed: DeploymentSeed): SeededDeployment;
  /** Sets (or replaces) the code a Function Version's Content serves; the version must exist (see the header). */
  setFunctionCode(serviceSid: string, functionSid: string, versionSid: string, code: string): void;
  /** Version SIDs whose Content was served so far, in order. */
  contentReads(): readonly string[];
  /** Every Content request for this version answers this error (default 500 / 20500) until `null` clears it. */
  failContent(versionSid: string, error?: { status: number; code: number } | null): void;
}

export function serverlessHelpers(resources: ResourceStore, defaultAccount: string, rng: Rng, now: () => Date): ServerlessHelpers {
  const sid = (prefix: string): string => makeSid(prefix, rng);
  const findService = (account: string, seed: DeploymentSeed, uniqueName: string): WireRecord | undefined =>
    resources
      .all(SLS_COLLECTIONS.services)
      .find((s) => s.account_sid === account && (seed.serviceSid !== undefined ? s.sid === seed.serviceSid : s.unique_name === uniqueName));
  const setCode = (serviceSid: string, functionSid: string, versionSid: string, code: string): void => {
    const owner = versionOwner(resources, serviceSid, functionSid, versionSid);
    if (!owner) throw new Error('setFunctionCode: no such Function Version in this service');
    const record = functionVersionContent(String(owner.account_sid), serviceSid, functionSid, versionSid, code);
    const existing = resources
      .all(SLS_COLLECTIONS.functionContents)
      .find((c) => c.sid === versionSid && c.function_sid === functionSid && c.service_sid === serviceSid);
    if (existing) Object.assign(existing, record);
    else resources.add(SLS_COLLECTIONS.functionContents, record);
  };
  const versions = (
    kind: ResourceKind,
    account: string,
    serviceSid: string,
    items: readonly { path: string; visibility: string; code?: string }[],
    at: string,
  ): SeededResource[] => {
    const [resourcesOf, versionsOf] =
      kind === 'function'
        ? [SLS_COLLECTIONS.functions, SLS_COLLECTIONS.functionVersions]
        : [SLS_COLLECTIONS.assets, SLS_COLLECTIONS.assetVersions];
    return items.map((item) => {
      let resource = resources.all(resourcesOf).find((r) => r.service_sid === serviceSid && r.friendly_name === item.path);
      if (!resource) resource = resources.add(resourcesOf, serverlessResource(kind, account, serviceSid, sid('ZH'), item.path, at));
      const versionSid = sid('ZN');
      resources.add(
        versionsOf,
        resourceVersion(
          kind,
          account,
          serviceSid,
          String(resource.sid),
          { sid: versionSid, path: item.path, visibility: item.visibility },
          at,
        ),
      );
      if (kind === 'function' && item.code !== undefined) setCode(serviceSid, String(resource.sid), versionSid, item.code);
      return { path: item.path, visibility: item.visibility, functionSid: String(resource.sid), versionSid };
    });
  };
  return {
    seedDeployment(seed: DeploymentSeed): SeededDeployment {
      const account = seed.accountSid ?? defaultAccount;
      const uniqueName = seed.uniqueName ?? 'clinic-flows';
      const suffix = seed.environment ?? 'dev';
      let service = findService(account, seed, uniqueName);
      if (!service && seed.serviceSid !== undefined) throw new Error('seedDeployment: no such service in this account');
      if (!service)
        service = resources.add(
          SLS_COLLECTIONS.services,
          serverlessService(account, sid('ZS'), uniqueName, `${uniqueName}-${Math.floor(rng() * 9000) + 1000}`),
        );
      const serviceSid = String(service.sid);
      const domain = suffix === '' ? `${String(service.domain_base)}.twil.io` : `${String(service.domain_base)}-${suffix}.twil.io`;
      const at = isoSeconds(now());
      const buildSid = sid('ZB');
      const functions = versions('function', account, serviceSid, seed.functions, at);
      const assets = versions('asset', account, serviceSid, seed.assets ?? [], at);
      const embedded = (r: SeededResource) => ({ sid: r.versionSid, resourceSid: r.functionSid, path: r.path, visibility: r.visibility });
      resources.add(SLS_COLLECTIONS.builds, {
        ...build(account, serviceSid, buildSid, functions.map(embedded), assets.map(embedded)),
        date_created: at,
        date_updated: at,
      });
      let env = resources.all(SLS_COLLECTIONS.environments).find((e) => e.service_sid === serviceSid && (e.domain_suffix ?? '') === suffix);
      if (env) {
        env.build_sid = buildSid;
        env.date_updated = at;
      } else {
        env = resources.add(
          SLS_COLLECTIONS.environments,
          environment(
            account,
            serviceSid,
            sid('ZE'),
            suffix === '' ? null : suffix,
            domain,
            buildSid,
            suffix === '' ? 'production' : `${suffix}-environment`,
          ),
        );
      }
      const environmentSid = String(env.sid);
      const deploymentSid = sid('ZD');
      resources.add(SLS_COLLECTIONS.deployments, deployment(account, serviceSid, environmentSid, deploymentSid, buildSid, at));
      for (const [key, value] of Object.entries(seed.variables ?? {})) {
        const existing = resources.all(SLS_COLLECTIONS.variables).find((v) => v.environment_sid === environmentSid && v.key === key);
        if (existing) {
          existing.value = value;
          existing.date_updated = at;
        } else
          resources.add(SLS_COLLECTIONS.variables, {
            ...variable(account, serviceSid, environmentSid, sid('ZV'), key, value),
            date_created: at,
            date_updated: at,
          });
      }
      return { accountSid: account, serviceSid, environmentSid, buildSid, deploymentSid, domain, functions, assets };
    },
    setFunctionCode: setCode,
    contentReads: () => [...contentReads(resources)],
    failContent(versionSid: string, error: { status: number; code: number } | null = { status: 500, code: 20500 }): void {
      if (error === null) failuresOf(resources).delete(versionSid);
      else failuresOf(resources).set(versionSid, error);
    },
  };
}
