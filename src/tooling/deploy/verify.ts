/**
 * After the upload, the live state through the Serverless API (twilio SDK): the target environment
 * runs the build twilio-run just recorded; every Function Version has the visibility its file name
 * says (never public); every Asset Version is private; the environment's variables are exactly the
 * non-empty keys of the checked deploy env map minus the credentials, with matching values, and
 * their canonical digest equals the gated manifest's (the same map the checks saw and twilio-run
 * got); a WEBHOOK_BASE_URL, if set, is exactly `https://{the environment's domain}` (anything else
 * makes every Function refuse Twilio's genuine signatures). Values are compared, never printed; a
 * read that fails is a problem too (fail closed). Each problem names what to fix.
 */
import Ajv from 'ajv';
import type { Twilio } from 'twilio';
import { webhookBaseUrlMatches } from '../preflight/rules/env-values';
import { uploadedVariables, variablesDigest, type Listing, type Resource } from './gated-build';

export interface VerifyInput {
  client: Twilio;
  serviceSid: string;
  /** The build twilio-run recorded in .twiliodeployinfo. */
  buildSid: string;
  /** Domain suffix, ZE SID, or '' for production. */
  environment: string;
  expected: Listing;
  /** Expected variables: the checked deploy env map's non-empty keys minus ACCOUNT_SID and AUTH_TOKEN. */
  variables: Record<string, string>;
  /** The gated manifest's digest of the uploaded variables (variablesDigest); checked when given. */
  variablesSha256?: string;
  envFile: string;
}

export interface VerifyResult {
  ok: boolean;
  environmentSid: string | null;
  /** e.g. `hipaa-safe-messaging-1234-dev.twil.io`; null when no usable domain was found. */
  domain: string | null;
  problems: string[];
  /** What was checked, for the summary line (`digest`: the live variables' digest was compared with the gated manifest's). */
  counts: { functions: number; assets: number; variables: number; digest: boolean };
}

export { NOT_UPLOADED } from './gated-build';

export function expectedVariables(envVars: Record<string, string>): Record<string, string> {
  return uploadedVariables(envVars);
}

interface EmbeddedVersion {
  sid: string;
  path: string;
  function_sid?: string;
  asset_sid?: string;
}

const validateVersions = new Ajv().compile<EmbeddedVersion[]>({
  type: 'array',
  items: {
    type: 'object',
    required: ['sid', 'path'],
    properties: {
      sid: { type: 'string', pattern: '^ZN[0-9a-fA-F]{32}$' },
      path: { type: 'string', pattern: '^/' },
      function_sid: { type: 'string', pattern: '^ZH[0-9a-fA-F]{32}$' },
      asset_sid: { type: 'string', pattern: '^ZH[0-9a-fA-F]{32}$' },
    },
  },
});

function failure(what: string, err: unknown): string {
  const e = err as { status?: unknown; code?: unknown };
  const status = typeof e?.status === 'number' ? `HTTP ${e.status}` : 'no answer';
  const code = typeof e?.code === 'number' ? `, error ${e.code}` : '';
  return `could not read ${what} (${status}${code}): the live state is unverified, treat the deploy as failed`;
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

type Kind = 'function' | 'asset';

async function checkVersions(kind: Kind, input: VerifyInput, raw: unknown, problems: string[]): Promise<number> {
  const service = input.client.serverless.v1.services(input.serviceSid);
  if (!validateVersions(raw)) {
    problems.push(`build ${input.buildSid} lists its ${kind}s in an unexpected shape: the live state is unverified`);
    return 0;
  }
  const expected = new Map<string, Resource>(
    (kind === 'function' ? input.expected.functions : input.expected.assets).map((r) => [r.path, r]),
  );
  const seen = new Set<string>();
  for (const v of raw) {
    seen.add(v.path);
    const parent = kind === 'function' ? v.function_sid : v.asset_sid;
    let visibility: string;
    try {
      if (!parent) throw new Error('no parent SID');
      const fetched =
        kind === 'function'
          ? await service.functions(parent).functionVersions(v.sid).fetch()
          : await service.assets(parent).assetVersions(v.sid).fetch();
      visibility = String(fetched.visibility).toLowerCase();
    } catch (err) {
      problems.push(failure(`${kind} version ${v.sid} (${v.path})`, err));
      continue;
    }
    const want = expected.get(v.path);
    if (kind === 'asset' && visibility !== 'private') {
      problems.push(
        `asset ${v.path} is ${visibility}: every asset must be private; name it *.private.* in assets/ (e.g. assets/x.private.json), then npm run deploy`,
      );
    } else if (kind === 'function' && visibility === 'public') {
      problems.push(
        `function ${v.path} is PUBLIC (no signature check by Twilio): its source must be functions${v.path}.protected.ts (or .private.ts for helpers), then npm run deploy`,
      );
    } else if (want && want.access !== visibility) {
      problems.push(
        `${kind} ${v.path} is ${visibility} in the live build, but its file name says ${want.access}: redeploy with npm run deploy`,
      );
    }
    if (!want) problems.push(`${kind} ${v.path} is in the live build but not in the checked build: redeploy with npm run deploy`);
  }
  for (const path of expected.keys())
    if (!seen.has(path))
      problems.push(`${kind} ${path} from the checked build is missing from the live build: redeploy with npm run deploy`);
  return raw.length;
}

function checkVariables(
  input: VerifyInput,
  envName: string,
  domain: string | null,
  live: { key: string; value: string }[],
  problems: string[],
): void {
  const liveByKey = new Map(live.map((v) => [v.key, v.value]));
  const base = liveByKey.get('WEBHOOK_BASE_URL');
  if (base !== undefined && (domain === null || !webhookBaseUrlMatches(base, domain))) {
    problems.push(
      `variable WEBHOOK_BASE_URL in environment ${envName} is not https://${domain ?? '{the environment domain}'} (value not shown): every Function checks signatures against it, so Twilio's genuine webhooks get 403. ` +
        `Remove it from ${input.envFile} (recommended; twilio serverless:env:unset --key WEBHOOK_BASE_URL) or set it to exactly that, then npm run deploy`,
    );
  }
  for (const [key, value] of Object.entries(input.variables)) {
    if (!liveByKey.has(key))
      problems.push(`variable ${key} from ${input.envFile} is not set in environment ${envName}: redeploy with npm run deploy`);
    else if (liveByKey.get(key) !== value)
      problems.push(
        `variable ${key} in environment ${envName} differs from ${input.envFile} (values not shown): redeploy, or correct it in Console > Functions > Services > Environment Variables`,
      );
  }
  for (const key of liveByKey.keys()) {
    if (!(key in input.variables)) {
      problems.push(
        `variable ${key} is set in environment ${envName} but not in ${input.envFile}: add it to ${input.envFile}, or remove it (Console > Functions > Services > Environment Variables, or twilio serverless:env:unset --key ${key})`,
      );
    }
  }
  if (input.variablesSha256 !== undefined) {
    let digest: string | null;
    try {
      digest = variablesDigest(Object.fromEntries(liveByKey));
    } catch {
      digest = null; // a live value no env file line can hold (edited in the Console)
    }
    if (digest !== input.variablesSha256) {
      problems.push(
        `the variables of environment ${envName} do not match the digest in the gated build's manifest (the map the checks saw and twilio-run uploaded): redeploy with npm run deploy`,
      );
    }
  }
}

export async function verifyLiveBuild(input: VerifyInput): Promise<VerifyResult> {
  const problems: string[] = [];
  const counts = { functions: 0, assets: 0, variables: Object.keys(input.variables).length, digest: false };
  const done = (environmentSid: string | null, domain: string | null): VerifyResult => ({
    ok: problems.length === 0,
    environmentSid,
    domain,
    problems,
    counts,
  });
  const service = input.client.serverless.v1.services(input.serviceSid);
  let envs;
  try {
    envs = await service.environments.list();
  } catch (err) {
    problems.push(failure(`the environments of service ${input.serviceSid}`, err));
    return done(null, null);
  }
  const want = input.environment;
  const matching = envs.filter((e) => (want === '' ? !e.domainSuffix : want.startsWith('ZE') ? e.sid === want : e.domainSuffix === want));
  const env = matching.length === 1 ? matching[0] : undefined;
  const envName = want === '' ? 'production' : want;
  if (!env) {
    problems.push(
      `${matching.length === 0 ? 'no' : 'more than one'} environment "${envName}" in service ${input.serviceSid}: check the deploy output and the Console`,
    );
    return done(null, null);
  }
  const domain = DOMAIN.test(env.domainName ?? '') ? env.domainName : null;
  if (!domain) problems.push(`environment ${env.sid} has no usable domain name`);
  if (env.buildSid !== input.buildSid) {
    problems.push(
      `environment ${envName} (${env.sid}) runs build ${env.buildSid ?? 'none'}, not the build just deployed (${input.buildSid}): check Console > Functions > Services > Deployments`,
    );
    return done(env.sid, domain);
  }
  let build;
  try {
    build = await service.builds(input.buildSid).fetch();
  } catch (err) {
    problems.push(failure(`build ${input.buildSid}`, err));
    return done(env.sid, domain);
  }
  if (build.status !== 'completed') problems.push(`build ${input.buildSid} is ${build.status}, not completed`);
  counts.functions = await checkVersions('function', input, build.functionVersions, problems);
  counts.assets = await checkVersions('asset', input, build.assetVersions, problems);
  try {
    const live = await service.environments(env.sid).variables.list();
    checkVariables(
      input,
      envName,
      domain,
      live.map((v) => ({ key: v.key, value: v.value })),
      problems,
    );
    counts.digest = input.variablesSha256 !== undefined;
  } catch (err) {
    problems.push(failure(`the variables of environment ${envName}`, err));
  }
  return done(env.sid, domain);
}
