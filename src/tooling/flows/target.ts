/**
 * Where rendered flows point: a deployed Serverless environment (serverless-lookup.ts) or, for
 * `render --local`, this project's Functions on the local server (twilio-run on localhost) with
 * dummy SIDs of a valid shape. A local render is for trying flows against the fake or twilio-run
 * only: its http://localhost URLs fail the flow linter's https rule and Studio cannot reach them.
 */
import { join } from 'node:path';
import { projectFunctions } from '../lint/flow/project';
import { readEnvFile } from '../../core/env-file';
import { flowError } from './errors';

export const LOCAL_ENV_FILE = '.env.local';

export interface DeployedFunction {
  /** Function SID (ZH…). */
  sid: string;
  /** Lower-cased: public | protected | private. */
  visibility: string;
}

export interface RenderTarget {
  kind: 'deployed' | 'local';
  /** `https://<domain>` or `http://localhost:<port>`, no trailing slash. */
  baseUrl: string;
  serviceSid: string;
  environmentSid: string;
  /** Function path (e.g. `/optout/guard`) → SID and visibility. */
  functions: ReadonlyMap<string, DeployedFunction>;
  /** One PHI-free line for the summary: which environment, domain and build. */
  label: string;
  /** The Function variables the target runs with (read on first use). */
  variables(): Promise<Record<string, string>>;
  /** Where `variables()` come from, for messages. */
  variablesSource: string;
}

/** A dummy SID of the right shape: prefix + 32 hex digits (zeros, then `n`). */
export function dummySid(prefix: string, n: number): string {
  return `${prefix}${n.toString(16).padStart(32, '0')}`;
}

export function localTarget(root: string, port: number): RenderTarget {
  const functions = new Map<string, DeployedFunction>();
  [...projectFunctions(root)].forEach(([path, visibility], i) => functions.set(path, { sid: dummySid('ZH', i + 1), visibility }));
  return {
    kind: 'local',
    baseUrl: `http://localhost:${port}`,
    serviceSid: dummySid('ZS', 0),
    environmentSid: dummySid('ZE', 0),
    functions,
    label: `the local server http://localhost:${port} (dummy SIDs)`,
    variablesSource: LOCAL_ENV_FILE,
    variables: async () => {
      const vars = readEnvFile(join(root, LOCAL_ENV_FILE));
      if (!vars) throw flowError(`no ${LOCAL_ENV_FILE}: run \`npm start\` once to create the local profile`);
      return vars;
    },
  };
}
