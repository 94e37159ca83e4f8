/**
 * `npm run deploy`: the gated deploy, with every outside dependency injected (build, child-process
 * checks, twilio-run, Twilio client factory, probes, clock, OS user, output) so tests drive the
 * whole chain against the fake Twilio API. Steps, in order, stopping at the first failure:
 * guards → build → typecheck → offline-check tests → offline preflight → account preflight →
 * gated build → twilio-run deploy → verify live build → smoke test → wiring. Output carries SIDs,
 * rule ids, paths, variable names and masked numbers only; env values are compared, never shown.
 */
import { isAbsolute, join } from 'node:path';
import { UsageError, wantsHelp } from '../cli/args';
import { ConfigFileError, loadHipaaConfig } from '../config/hipaa-config';
import { ALL_RULES } from '../preflight/rules';
import { parseDeployArgs, USAGE, type DeployArgs } from './args';
import type { DeployDeps } from './deps';
import { GATED_DIR, removeGatedBuild } from './gated-build';
import { hookProblems } from './hook';
import { acceptRiskProblem } from './preflight-gate';
import { deploySteps, type GateState } from './run-steps';
import { runSteps, type DeployExit } from './steps';

export type { DeployDeps };

export { USAGE };

function usage(deps: DeployDeps, message: string): 2 {
  deps.stderr(`${message}\n${USAGE}\n`);
  return 2;
}

export async function runDeployCli(argv: readonly string[], deps: DeployDeps): Promise<DeployExit> {
  let args: DeployArgs;
  // --help / -h anywhere: the usage, exit 0, nothing else runs (not even the argument checks).
  if (wantsHelp(argv)) {
    deps.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    args = parseDeployArgs(argv);
  } catch (err) {
    return usage(deps, err instanceof UsageError ? err.message : 'invalid arguments');
  }
  return runDeploy(args, deps);
}

/** The gated deploy on typed arguments (npm run deploy and `twilio hipaa:deploy`). */
export async function runDeploy(args: DeployArgs, deps: DeployDeps): Promise<DeployExit> {
  const { config } = args.preflight;
  try {
    loadHipaaConfig(isAbsolute(config) ? config : join(deps.root, config));
  } catch (err) {
    deps.stderr(`${err instanceof ConfigFileError ? err.message : 'cannot read the hipaa config file'}\nNothing was deployed.\n`);
    return 2;
  }
  const rules = deps.rules ?? ALL_RULES;
  const problem = acceptRiskProblem(args.acceptRisk, rules);
  if (problem !== null) return usage(deps, problem);

  for (const p of hookProblems(deps.root))
    deps.stderr(`warning: the deploy hook is not in place (${p}): direct twilio-run deploys are not blocked\n`);
  const envLabel = args.environment === '' ? 'production' : args.environment;
  deps.stdout(
    `Gated deploy to environment ${envLabel} with ${args.env}${args.acceptRisk.length > 0 ? `; accepting risks: ${args.acceptRisk.join(', ')}` : ''}\n`,
  );

  const state: GateState = { staged: false };
  try {
    const { exitCode } = await runSteps(deploySteps(args, rules, deps, state), deps);
    if (exitCode === 0 && state.verified) {
      const v = state.verified;
      deps.stdout(
        `Deployed and verified: https://${v.domain} (service ${v.serviceSid}, environment ${envLabel} ${v.environmentSid}, build ${v.buildSid})\n`,
      );
    }
    return exitCode;
  } finally {
    // The gated build exists only while twilio-run uploads it; never leave it behind.
    if (state.staged) {
      removeGatedBuild(deps.root);
      deps.onGatedBuild?.(false);
      deps.stderr(`removed ${GATED_DIR}\n`);
    }
  }
}
