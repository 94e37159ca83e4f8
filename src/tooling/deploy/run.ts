/**
 * `npm run deploy`: the gated deploy, with every outside dependency injected (build, child-process
 * checks, twilio-run, Twilio client factory, probes, clock, OS user, output) so tests drive the
 * whole chain against the fake Twilio API. Steps, in order, stopping at the first failure:
 * guards → build → typecheck → offline-check tests → offline preflight → account preflight →
 * gated build → twilio-run deploy → verify live build → smoke test → wiring. Output carries SIDs,
 * rule ids, paths, variable names and masked numbers only; env values are compared, never shown.
 */
import { isAbsolute, join } from 'node:path';
import type { ApiOptions } from '../preflight/api/twilio-api';
import type { ClientFactory } from '../preflight/cli/accounts';
import { UsageError, wantsHelp } from '../cli/args';
import { ConfigFileError, loadHipaaConfig } from '../config/hipaa-config';
import { ALL_RULES } from '../preflight/rules';
import type { Rule } from '../preflight/types';
import { parseDeployArgs, USAGE, type DeployArgs } from './args';
import type { CheckResult } from './child-steps';
import { GATED_DIR, removeGatedBuild } from './gated-build';
import { hookProblems } from './hook';
import { acceptRiskProblem } from './preflight-gate';
import { deploySteps, type GateState } from './run-steps';
import type { SmokePost } from './smoke';
import { runSteps, type DeployExit } from './steps';
import type { TwilioRunInvocation, TwilioRunResult } from './twilio-run';

export interface DeployDeps {
  root: string;
  /** The process environment (only to refuse credentials naming another account). */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  confirm: (question: string) => Promise<boolean>;
  makeClient: ClientFactory;
  /** The preflight's unauthenticated HEAD probe. */
  probeStatus: (url: string) => Promise<number>;
  /** The smoke test's POST: unsigned, or signed (the positive half). */
  smokePost: SmokePost;
  /** Builds dist/ (scripts/build.ts buildProject); throws on failure. */
  build: () => Promise<{ functions: string[]; assets: string[] }>;
  typecheck: () => Promise<CheckResult>;
  offlineTests: () => Promise<CheckResult>;
  twilioRun: (inv: TwilioRunInvocation) => Promise<TwilioRunResult>;
  osUser: () => string;
  now: () => Date;
  /** Told when this run creates (true) or removes (false) dist/gated, e.g. for a signal handler. */
  onGatedBuild?: (exists: boolean) => void;
  /** Preflight rules (default every rule). */
  rules?: readonly Rule[];
  /** Preflight retry/timeout tuning. */
  api?: Omit<ApiOptions, 'concurrency'>;
  toolVersion: string;
}

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

  for (const p of hookProblems(deps.root)) deps.stderr(`warning: the deploy hook is not in place (${p}): direct twilio-run deploys are not blocked\n`);
  const envLabel = args.environment === '' ? 'production' : args.environment;
  deps.stdout(`Gated deploy to environment ${envLabel} with ${args.env}${args.acceptRisk.length > 0 ? `; accepting risks: ${args.acceptRisk.join(', ')}` : ''}\n`);

  const state: GateState = { staged: false };
  try {
    const { exitCode } = await runSteps(deploySteps(args, rules, deps, state), deps);
    if (exitCode === 0 && state.verified) {
      const v = state.verified;
      deps.stdout(`Deployed and verified: https://${v.domain} (service ${v.serviceSid}, environment ${envLabel} ${v.environmentSid}, build ${v.buildSid})\n`);
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
