/**
 * The command layer as the plugin calls it (bundled into dist/core.js with our src/; required by a
 * command only when it runs). Each function takes the flag values oclif parsed, keyed by our flag
 * names (plugin/src/flags.ts), runs them through the same checks as the npm scripts
 * (src/tooling/cli/args.ts checkValues + the command's own builder) and the same run function, and returns
 * the exit code. hipaa:deploy and hipaa:optout need the project's own toolchain (tsc, jest,
 * esbuild, twilio-run; the ledger setup): after the same checks they run the project's script in a
 * child process, with the CLI profile's credentials in its environment (never in argv).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import twilio from 'twilio';
import pkg from '../../package.json';
import { checkValues, toArgv, UsageError, type FlagSpecs } from '../../src/tooling/cli/args';
import { confirmOnStdin } from '../../src/tooling/cli/confirm';
import { gitSha } from '../../src/tooling/cli/git';
import { OPTOUT_COMMANDS, OPTOUT_FLAGS, optoutArgsFrom } from '../../src/tooling/cli/optout-core';
import { isHipaaProject } from '../../src/tooling/cli/project';
import { DEPLOY_FLAGS, deployArgsFrom } from '../../src/tooling/deploy/args';
import { guardServerlessDeploy } from '../../src/tooling/deploy/serverless-guard';
import { FLOWS_FLAGS, flowsArgsFrom, isFlowsCommand } from '../../src/tooling/flows/args';
import { runFlows } from '../../src/tooling/flows/cli';
import { FLOW_LINT_FLAGS, flowLintArgsFrom, runFlowLint } from '../../src/tooling/lint/cli/flow-cli';
import { MESSAGE_LINT_FLAGS, messageLintArgsFrom, runMessageLint } from '../../src/tooling/lint/cli/message-cli';
import { PREFLIGHT_FLAGS, preflightArgsFrom } from '../../src/tooling/preflight/cli/args';
import { headStatus } from '../../src/tooling/preflight/cli/probe';
import { runPreflight } from '../../src/tooling/preflight/cli/run';
import { SID_FLAGS, sidArgsFrom } from '../../src/tooling/sid/args';
import { runSid } from '../../src/tooling/sid/run';

export { profileEnv } from './profile';
export { DEPLOY_FLAGS, FLOW_LINT_FLAGS, FLOWS_FLAGS, MESSAGE_LINT_FLAGS, OPTOUT_COMMANDS, OPTOUT_FLAGS, PREFLIGHT_FLAGS, SID_FLAGS };

/** What a plugin command hands over: oclif's values keyed by our flag names, and its context. */
export interface PluginRun {
  command: string;
  raw: Record<string, unknown>;
  counts: ReadonlyMap<string, number>;
  positionals: string[];
  /** Our format name from `-o` (`columns` → text). */
  format: string;
  /** The directory the CLI runs in (the project, or any directory for preflight / sid / lint). */
  cwd: string;
  /** The CLI profile's credentials as variables (profileEnv); empty when the command needs none. */
  credentials: Record<string, string>;
}

const out = (t: string): void => void process.stdout.write(t);
const err = (t: string): void => void process.stderr.write(t);
const lineOut = (t: string): void => out(t.endsWith('\n') ? t : `${t}\n`);
const lineErr = (t: string): void => err(t.endsWith('\n') ? t : `${t}\n`);
const makeClient = (username: string, password: string, accountSid: string) => twilio(username, password, { accountSid });

/** Usage errors from the shared checks: the message and the way to the help, exit 2. */
async function usage(run: PluginRun, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message}\nSee: twilio ${run.command} --help\n`);
    return 2;
  }
}

function checked(flags: FlagSpecs, run: PluginRun, extra: Record<string, unknown> = {}) {
  return checkValues(flags, { ...run.raw, ...extra }, run.counts);
}

/** Refuses flags of another subcommand (the plugin command declares their union). */
function only(flags: FlagSpecs, run: PluginRun, sub: string): void {
  for (const [name, value] of Object.entries(run.raw)) {
    if (value !== undefined && !(name in flags)) throw new UsageError(`--${name} does not go with ${sub}`);
  }
}

function needProject(run: PluginRun): void {
  if (!isHipaaProject(run.cwd))
    throw new UsageError(`twilio ${run.command} runs inside a hipaa-safe-messaging project (its root holds hipaa.config.example.jsonc)`);
}

export function preflight(run: PluginRun): Promise<number> {
  return usage(run, async () => {
    if (run.positionals.length > 0) throw new UsageError('unknown argument');
    const { values, given } = checked(PREFLIGHT_FLAGS, run, { format: run.format });
    const args = preflightArgsFrom(values, given);
    const outcome = await runPreflight(
      args,
      {
        root: run.cwd,
        env: run.credentials,
        makeClient,
        probeStatus: (url) => headStatus(url),
        stdout: out,
        stderr: err,
        isTTY: process.stdout.isTTY === true && process.stderr.isTTY === true,
        confirm: confirmOnStdin,
        toolVersion: pkg.version,
      },
      { project: isHipaaProject(run.cwd) },
    );
    return outcome.exitCode;
  });
}

export function sid(run: PluginRun): Promise<number> {
  return usage(run, async () => {
    const { values } = checked(SID_FLAGS, run, { format: run.format });
    const outcome = await runSid(sidArgsFrom(values, run.positionals), {
      root: run.cwd,
      env: run.credentials,
      makeClient,
      stdout: out,
      stderr: err,
    });
    return outcome.exitCode;
  });
}

export function lint(run: PluginRun): Promise<number> {
  return usage(run, async () => {
    const [kind, ...rest] = run.positionals;
    const io = { root: run.cwd, out: lineOut, err: lineErr };
    if (kind === 'flow') {
      only(FLOW_LINT_FLAGS, run, 'flow');
      const { values } = checked(FLOW_LINT_FLAGS, run, { format: run.format });
      return runFlowLint(flowLintArgsFrom(values, rest), io);
    }
    if (kind === 'message') {
      only(MESSAGE_LINT_FLAGS, run, 'message');
      const { values } = checked(MESSAGE_LINT_FLAGS, run, { format: run.format });
      return runMessageLint(messageLintArgsFrom(values, rest), io);
    }
    throw new UsageError(kind === undefined ? 'missing linter (flow or message)' : 'unknown linter (flow or message)');
  });
}

export function flows(run: PluginRun): Promise<number> {
  return usage(run, async () => {
    const [command, ...rest] = run.positionals;
    if (!isFlowsCommand(command))
      throw new UsageError(command === undefined ? 'missing command (render, deploy or purge)' : 'unknown command');
    if (rest.length > 0) throw new UsageError('unknown argument');
    needProject(run);
    only(FLOWS_FLAGS[command], run, command);
    const { values, given } = checked(FLOWS_FLAGS[command], run);
    return runFlows(flowsArgsFrom(command, values, given), {
      root: run.cwd,
      env: run.credentials,
      makeClient,
      stdout: out,
      stderr: err,
      gitSha: () => gitSha(run.cwd),
    });
  });
}

/** The project's own script, in a child process with the project's toolchain. */
function projectScript(root: string, script: string, argv: readonly string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', `${script}.ts`), ...argv],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ...env },
      },
    );
    child.on('error', () => resolve(2));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

export function deploy(run: PluginRun): Promise<number> {
  return usage(run, async () => {
    if (run.positionals.length > 0) throw new UsageError('unknown argument');
    needProject(run);
    const { values, given } = checked(DEPLOY_FLAGS, run);
    deployArgsFrom(values, given); // the same checks as npm run deploy, before anything starts
    // Only the profile's account: the gate refuses when it is not the account .env.deploy deploys to.
    const account = run.credentials.TWILIO_ACCOUNT_SID;
    return projectScript(run.cwd, 'deploy', toArgv(DEPLOY_FLAGS, values, given), account ? { TWILIO_ACCOUNT_SID: account } : {});
  });
}

export function optout(run: PluginRun): Promise<number> {
  return usage(run, async () => {
    const [command, ...rest] = run.positionals;
    needProject(run);
    const { values, given } = checked(OPTOUT_FLAGS, run, { format: run.format });
    optoutArgsFrom(command, values, rest);
    return projectScript(run.cwd, 'optout', [command ?? '', ...rest, ...toArgv(OPTOUT_FLAGS, values, given)], run.credentials);
  });
}

/** The prerun hook's check (plugin/src/hooks/prerun.ts decides when it applies). */
export function guardDeploy(root: string, credentials: Record<string, string> | null): Promise<number> {
  return guardServerlessDeploy(
    { root, env: credentials ?? {}, makeClient, probeStatus: (url) => headStatus(url), stderr: err, toolVersion: pkg.version },
    credentials !== null,
  );
}
