/**
 * Deployed Serverless state (API map row 20), fetched once per account scan: every Service, its
 * Environments, and each distinct Build an Environment points at (`build_sid`). Build-embedded
 * versions carry `visibility` upper-case ("PUBLIC"), so visibility is normalised to lower case.
 */
import { HOSTS } from '../../api/twilio-api';
import type { RuleContext } from '../../types';
import { accountOf, arr, obj, str, type Rec } from './platform-util';

export interface DeployedVersion {
  /** FunctionVersion/AssetVersion SID (ZN…). */
  sid: string | null;
  /** Function/Asset SID (ZH…). */
  resourceSid: string | null;
  path: string | null;
  /** Lower-cased: public | protected | private, or null when missing. */
  visibility: string | null;
}

export interface DeployedBuild {
  serviceSid: string;
  buildSid: string;
  /** Environments running this build, with their domain names. */
  environments: { sid: string; domain: string | null }[];
  functions: DeployedVersion[];
  assets: DeployedVersion[];
}

export interface ServerlessState {
  services: Rec[];
  environments: Rec[];
  builds: DeployedBuild[];
}

function version(raw: unknown, idField: string): DeployedVersion {
  const v = obj(raw) ?? {};
  const visibility = str(v.visibility);
  return { sid: str(v.sid), resourceSid: str(v[idField]), path: str(v.path), visibility: visibility ? visibility.toLowerCase() : null };
}

export function serverlessState(ctx: RuleContext): Promise<ServerlessState> {
  const { api } = accountOf(ctx);
  return ctx.cached('serverless:deployed', async () => {
    const services = await api.all(`${HOSTS.serverless}/v1/Services`, 'services');
    const perService = await Promise.all(
      services.map(async (service) => {
        const serviceSid = String(service.sid);
        const environments = await api.all(`${HOSTS.serverless}/v1/Services/${serviceSid}/Environments`, 'environments');
        const byBuild = new Map<string, { sid: string; domain: string | null }[]>();
        for (const env of environments) {
          const buildSid = str(env.build_sid);
          if (!buildSid) continue;
          byBuild.set(buildSid, [...(byBuild.get(buildSid) ?? []), { sid: String(env.sid), domain: str(env.domain_name) }]);
        }
        const builds = await Promise.all(
          [...byBuild.entries()].map(async ([buildSid, envs]): Promise<DeployedBuild> => {
            const build = (obj(await api.get(`${HOSTS.serverless}/v1/Services/${serviceSid}/Builds/${buildSid}`)) ?? {}) as Rec;
            return {
              serviceSid,
              buildSid,
              environments: envs,
              functions: arr(build.function_versions).map((f) => version(f, 'function_sid')),
              assets: arr(build.asset_versions).map((a) => version(a, 'asset_sid')),
            };
          }),
        );
        return { environments, builds };
      }),
    );
    return { services, environments: perService.flatMap((s) => s.environments), builds: perService.flatMap((s) => s.builds) };
  });
}

/**
 * One deployed Function Version's code: `GET /v1/Services/{ZS}/Functions/{ZH}/Versions/{ZN}/Content`
 * answers JSON whose `content` is the code as a string (twilio_serverless_v1
 * `serverless.v1.service.function.function_version.function_version_content`;
 * https://www.twilio.com/docs/serverless/api/resource/function-version/content). Null when the
 * field is missing. Callers scan it and drop it: the code is never stored, cached or printed.
 */
export async function functionVersionContent(
  ctx: RuleContext,
  serviceSid: string,
  functionSid: string,
  versionSid: string,
): Promise<string | null> {
  const { api } = accountOf(ctx);
  const body = obj(await api.get(`${HOSTS.serverless}/v1/Services/${serviceSid}/Functions/${functionSid}/Versions/${versionSid}/Content`));
  return typeof body?.content === 'string' ? body.content : null;
}
