/**
 * Serverless v1 wire-form record builders (snake_case, as twilio_serverless_v1 describes them):
 * Services, Environments, Builds (with embedded versions), Functions / Assets and their Versions,
 * Function Version Content, Deployments and Variables. Shared by the fake's routes, `seedDeployment` and test fixtures.
 */
import type { WireRecord } from './collections';

export const SERVERLESS_HOST = 'serverless.twilio.com';
const BASE = `https://${SERVERLESS_HOST}/v1/Services`;

/** Date of seeded records that do not say otherwise. */
export const SEED_DATE = '2026-03-01T00:00:00Z';

export function serverlessService(account: string, sid: string, uniqueName: string, domainBase = `${uniqueName}-1234`): WireRecord {
  return {
    sid,
    account_sid: account,
    friendly_name: uniqueName,
    unique_name: uniqueName,
    include_credentials: false,
    ui_editable: false,
    domain_base: domainBase,
    date_created: SEED_DATE,
    date_updated: SEED_DATE,
    url: `${BASE}/${sid}`,
    links: {
      environments: `${BASE}/${sid}/Environments`,
      functions: `${BASE}/${sid}/Functions`,
      assets: `${BASE}/${sid}/Assets`,
      builds: `${BASE}/${sid}/Builds`,
    },
  };
}

/** An environment; `uniqueName` defaults to the suffix (twilio-run names them `<suffix>-environment` / `production`). */
export function environment(
  account: string,
  service: string,
  sid: string,
  suffix: string | null,
  domain: string,
  buildSid: string | null,
  uniqueName: string = suffix ?? 'production',
): WireRecord {
  return {
    sid,
    account_sid: account,
    service_sid: service,
    build_sid: buildSid,
    unique_name: uniqueName,
    domain_suffix: suffix,
    domain_name: domain,
    date_created: SEED_DATE,
    date_updated: SEED_DATE,
    url: `${BASE}/${service}/Environments/${sid}`,
    links: {
      variables: `${BASE}/${service}/Environments/${sid}/Variables`,
      deployments: `${BASE}/${service}/Environments/${sid}/Deployments`,
      logs: `${BASE}/${service}/Environments/${sid}/Logs`,
    },
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
  const version = (v: VersionSeed, idField: string) => ({
    sid: v.sid,
    account_sid: account,
    service_sid: service,
    [idField]: v.resourceSid,
    date_created: SEED_DATE,
    path: v.path,
    visibility: v.visibility,
  });
  return {
    sid,
    account_sid: account,
    service_sid: service,
    status: 'completed',
    asset_versions: assets.map((a) => version(a, 'asset_sid')),
    function_versions: functions.map((f) => version(f, 'function_sid')),
    dependencies: [{ name: '@twilio/runtime-handler', version: '2.0.0' }],
    runtime: 'node22',
    date_created: SEED_DATE,
    date_updated: SEED_DATE,
    url: `${BASE}/${service}/Builds/${sid}`,
    links: { build_status: `${BASE}/${service}/Builds/${sid}/Status` },
  };
}

export function variable(account: string, service: string, env: string, sid: string, key: string, value: string): WireRecord {
  return {
    sid,
    account_sid: account,
    service_sid: service,
    environment_sid: env,
    key,
    value,
    date_created: SEED_DATE,
    date_updated: SEED_DATE,
    url: `${BASE}/${service}/Environments/${env}/Variables/${sid}`,
  };
}

export type ResourceKind = 'function' | 'asset';
const PLURAL: Record<ResourceKind, string> = { function: 'Functions', asset: 'Assets' };

/** A Function or Asset (ZH…); twilio-run names it after its path and reuses it by that name. */
export function serverlessResource(
  kind: ResourceKind,
  account: string,
  service: string,
  sid: string,
  friendlyName: string,
  date = SEED_DATE,
): WireRecord {
  const url = `${BASE}/${service}/${PLURAL[kind]}/${sid}`;
  return {
    sid,
    account_sid: account,
    service_sid: service,
    friendly_name: friendlyName,
    date_created: date,
    date_updated: date,
    url,
    links: { [`${kind}_versions`]: `${url}/Versions` },
  };
}

/** A Function or Asset Version (ZN…): path and lower-case visibility, as the API's enum has it. */
export function resourceVersion(
  kind: ResourceKind,
  account: string,
  service: string,
  resourceSid: string,
  v: { sid: string; path: string; visibility: string },
  date = SEED_DATE,
): WireRecord {
  const url = `${BASE}/${service}/${PLURAL[kind]}/${resourceSid}/Versions/${v.sid}`;
  return {
    sid: v.sid,
    account_sid: account,
    service_sid: service,
    [`${kind}_sid`]: resourceSid,
    path: v.path,
    visibility: v.visibility.toLowerCase(),
    date_created: date,
    url,
    ...(kind === 'function' ? { links: { function_version_content: `${url}/Content` } } : {}),
  };
}

export function deployment(account: string, service: string, env: string, sid: string, buildSid: string, date = SEED_DATE): WireRecord {
  return {
    sid,
    account_sid: account,
    service_sid: service,
    environment_sid: env,
    build_sid: buildSid,
    date_created: date,
    date_updated: date,
    url: `${BASE}/${service}/Environments/${env}/Deployments/${sid}`,
  };
}

/**
 * A Function Version's content, as `GET …/Functions/{ZH}/Versions/{ZN}/Content` answers it: JSON,
 * not plain text — `{ sid, account_sid, service_sid, function_sid, content, url }`, the code in
 * `content` (twilio_serverless_v1 `serverless.v1.service.function.function_version.function_version_content`;
 * https://www.twilio.com/docs/serverless/api/resource/function-version/content).
 */
export function functionVersionContent(
  account: string,
  service: string,
  functionSid: string,
  versionSid: string,
  content: string,
): WireRecord {
  return {
    sid: versionSid,
    account_sid: account,
    service_sid: service,
    function_sid: functionSid,
    content,
    url: `${BASE}/${service}/Functions/${functionSid}/Versions/${versionSid}/Content`,
  };
}

/** What a seeded Function Version serves when a test gave it no code: a handler that does nothing. */
export const DEFAULT_FUNCTION_CODE = 'exports.handler = function (context, event, callback) {\n  callback(null, {});\n};\n';
