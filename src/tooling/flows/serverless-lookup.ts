/**
 * The deployed build behind `.twiliodeployinfo`, through the Serverless API: the service's
 * environments → the one asked for (`--environment`: unique name, domain suffix or ZE SID; by
 * default the one running `latestBuild`) → its domain and build → the build's function versions
 * (path, visibility, function SID; checked with ajv, visibility lower-cased as the API sends
 * either case). The environment's variables are read only when a template needs one.
 */
import Ajv from 'ajv';
import type { Twilio } from 'twilio';
import { describeErrors, validateWith } from '../../runtime/core/validation';
import type { DeployInfo } from './deploy-info';
import { apiError, flowError, usageError } from './errors';
import type { DeployedFunction, RenderTarget } from './target';

interface FunctionVersion {
  path: string;
  visibility: string;
  function_sid: string;
}

const validateVersions = new Ajv({ allErrors: true }).compile({
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'visibility', 'function_sid'],
    properties: {
      path: { type: 'string', pattern: '^/' },
      visibility: { type: 'string', minLength: 1 },
      function_sid: { type: 'string', pattern: '^ZH[0-9a-fA-F]{32}$' },
    },
  },
});

interface EnvironmentView {
  sid: string;
  uniqueName: string;
  domainSuffix: string | null;
  domainName: string;
  buildSid: string | null;
}

const describe = (e: EnvironmentView): string => e.uniqueName || e.sid;

function matches(e: EnvironmentView, name: string): boolean {
  return e.sid === name || e.uniqueName === name || (e.domainSuffix ?? '') === name || (name === 'production' && !e.domainSuffix);
}

export function pickEnvironment(envs: readonly EnvironmentView[], info: DeployInfo, name: string | undefined): EnvironmentView {
  const names = envs.map(describe).join(', ') || 'none';
  if (name !== undefined) {
    const hit = envs.filter((e) => matches(e, name));
    if (hit.length !== 1)
      throw usageError(
        `--environment matches ${hit.length === 0 ? 'no' : 'more than one'} environment of service ${info.serviceSid} (environments: ${names})`,
      );
    return hit[0] as EnvironmentView;
  }
  const running = envs.filter((e) => e.buildSid === info.latestBuild);
  if (running.length !== 1) {
    throw usageError(
      `${running.length === 0 ? 'no' : 'more than one'} environment of service ${info.serviceSid} runs the latest build ${info.latestBuild}; choose one with --environment (environments: ${names})`,
    );
  }
  return running[0] as EnvironmentView;
}

export async function deployedTarget(client: Twilio, info: DeployInfo, environmentName: string | undefined): Promise<RenderTarget> {
  const service = client.serverless.v1.services(info.serviceSid);
  let envs: EnvironmentView[];
  try {
    envs = (await service.environments.list()).map((e) => ({
      sid: e.sid,
      uniqueName: e.uniqueName ?? '',
      domainSuffix: e.domainSuffix ?? null,
      domainName: e.domainName ?? '',
      buildSid: e.buildSid ?? null,
    }));
  } catch (err) {
    throw apiError(`listing the environments of service ${info.serviceSid}`, err);
  }
  const env = pickEnvironment(envs, info, environmentName);
  if (!env.buildSid) throw flowError(`environment ${describe(env)} has no build deployed`);
  if (!/^[a-z0-9.-]+$/i.test(env.domainName)) throw flowError(`environment ${describe(env)} has no usable domain name`);
  let versions: unknown;
  try {
    versions = (await service.builds(env.buildSid).fetch()).functionVersions;
  } catch (err) {
    throw apiError(`fetching build ${env.buildSid}`, err);
  }
  const checked = validateWith<FunctionVersion[]>(validateVersions, versions);
  if (!checked.ok) throw flowError(`build ${env.buildSid} lists its functions in an unexpected shape: ${describeErrors(checked.errors)}`);
  const functions = new Map<string, DeployedFunction>();
  for (const v of checked.value) functions.set(v.path, { sid: v.function_sid, visibility: v.visibility.toLowerCase() });
  const variablesSource = `the variables of environment ${describe(env)}`;
  return {
    kind: 'deployed',
    baseUrl: `https://${env.domainName}`,
    serviceSid: info.serviceSid,
    environmentSid: env.sid,
    functions,
    label: `environment ${describe(env)} (${env.domainName}), build ${env.buildSid}`,
    variablesSource,
    variables: async () => {
      try {
        const list = await service.environments(env.sid).variables.list();
        return Object.fromEntries(list.map((v) => [v.key, v.value]));
      } catch (err) {
        throw apiError(`reading ${variablesSource}`, err);
      }
    },
  };
}
