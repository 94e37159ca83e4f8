/**
 * The guard on `twilio serverless:deploy` (the plugin's prerun hook) inside a project of ours: the
 * offline checks first (no network: a failing project is refused before anything is sent), then
 * the account checks with the CLI profile's credentials (the account serverless:deploy would deploy
 * to). Anything but a pass refuses (unknown included: fail closed), pointing to `twilio hipaa:deploy`,
 * which runs every check and deploys the checked build. Output: rule ids, SIDs, project paths.
 */
import { checkValues } from '../cli/args';
import { PREFLIGHT_FLAGS, preflightArgsFrom } from '../preflight/cli/args';
import { runPreflight, type PreflightDeps } from '../preflight/cli/run';
import { decide, describeDecision } from './preflight-gate';

export const GATED_DEPLOY_HINT =
  'Deploy with `twilio hipaa:deploy` (or `npm run deploy`): it runs every check, then deploys the checked build.';

export type GuardDeps = Omit<PreflightDeps, 'stdout' | 'isTTY' | 'confirm'>;

async function checks(offline: boolean, deps: GuardDeps): Promise<{ code: 0 | 1 | 2 | 3; lines: string[] }> {
  const { values, given } = checkValues(PREFLIGHT_FLAGS, { offline, format: 'json' });
  let errors = '';
  const outcome = await runPreflight(preflightArgsFrom(values, given), {
    ...deps,
    stdout: () => undefined,
    stderr: (t) => {
      errors += t;
    },
    isTTY: false,
    confirm: async () => false,
  });
  if (outcome.report === null) return { code: 2, lines: errors.trim() ? errors.trim().split('\n') : ['the preflight could not start'] };
  const d = decide(outcome.report.results, new Set(), new Set());
  return { code: d.exitCode, lines: describeDecision(d, true) };
}

/**
 * 0: let serverless:deploy run; otherwise the exit code to stop with (1 a check failed, 2 the
 * checks could not start, 3 a check could not run or no credentials). `hasCredentials` false: the
 * CLI has no profile for this run, so the account cannot be checked (refused, exit 3).
 */
export async function guardServerlessDeploy(deps: GuardDeps, hasCredentials: boolean): Promise<0 | 1 | 2 | 3> {
  const refuse = (code: 1 | 2 | 3, what: string, lines: readonly string[]): 1 | 2 | 3 => {
    deps.stderr(
      `twilio serverless:deploy refused in this hipaa-safe-messaging project: ${what}.\n${lines.map((l) => `${l}\n`).join('')}Nothing was deployed. ${GATED_DEPLOY_HINT}\n`,
    );
    return code;
  };
  const offline = await checks(true, deps);
  if (offline.code !== 0)
    return refuse(
      offline.code,
      offline.code === 1 ? 'a required project check failed' : 'a required project check could not run',
      offline.lines,
    );
  if (!hasCredentials) return refuse(3, 'no CLI profile or environment credentials, so the account checks cannot run', []);
  const account = await checks(false, deps);
  if (account.code !== 0)
    return refuse(
      account.code,
      account.code === 1 ? 'a required account check failed' : 'a required account check could not run',
      account.lines,
    );
  deps.stderr(`hipaa-safe-messaging: the project and account checks passed. ${GATED_DEPLOY_HINT}\n`);
  return 0;
}
