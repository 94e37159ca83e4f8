/**
 * The preflight command, with every outside dependency injected (environment, Twilio client
 * factory, probe, output streams, confirmation) so tests drive it end to end against the fake.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ApiOptions } from '../api/twilio-api';
import {
  ConfigFileError,
  INIT_COMMAND,
  MissingConfigError,
  missingHipaaConfig,
  readHipaaConfig,
  type HipaaConfig,
} from '../../config/hipaa-config';
import { finding } from '../findings';
import { runRules, verdict } from '../engine';
import { BaselineError, parseBaseline, type Baseline } from '../output/baseline';
import { formatHtml } from '../output/html';
import { buildReport, type Report } from '../output/report';
import { formatSarif } from '../output/sarif';
import { formatText } from '../output/text';
import { ALL_RULES } from '../rules';
import type { AccountTarget, Finding, Rule } from '../types';
import { discoverSubaccounts, targetAccount, type ClientFactory } from './accounts';
import { isHelp, parseArgs, USAGE, UsageError, type PreflightArgs, type ReportFormat } from './args';
import { findCredentials, missingCredentials } from './credentials';
import { applyFixes, describeFixes, fixable } from './fix';

export interface PreflightDeps {
  root: string;
  env: Record<string, string | undefined>;
  makeClient: ClientFactory;
  probeStatus: (url: string) => Promise<number>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  confirm: (question: string) => Promise<boolean>;
  rules?: readonly Rule[];
  /** Retry/timeout tuning (tests shorten the backoff). */
  api?: Omit<ApiOptions, 'concurrency'>;
  toolVersion: string;
}

export interface PreflightOutcome {
  exitCode: 0 | 1 | 2 | 3;
  report: Report | null;
}

function render(report: Report, format: ReportFormat, verbose: boolean): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  if (format === 'sarif') return formatSarif(report);
  if (format === 'html') return formatHtml(report);
  return formatText(report, { verbose });
}

const NO_CONFIG_REASON = `no hipaa.config.json: run \`${INIT_COMMAND}\``;

/**
 * Without hipaa.config.json a rule that reads a fact only the file holds (profile, BAA,
 * designations, attestations) throws MissingConfigError: it is reported `unknown`, with the way to
 * create the file, instead of the engine's generic "could not run". Every other error propagates.
 */
export function withoutConfig(rule: Rule): Rule {
  return {
    meta: rule.meta,
    async check(ctx) {
      try {
        return await rule.check(ctx);
      } catch (err) {
        if (!(err instanceof MissingConfigError)) throw err;
        const f = finding(rule.meta, ctx, 'unknown', { reason: NO_CONFIG_REASON });
        return [
          {
            ...f,
            remediation: `Run \`${INIT_COMMAND}\` to write hipaa.config.json (account SID, designation, BAA, attestations). Then: ${rule.meta.remediation}`,
          },
        ];
      }
    },
  };
}

/** Why a project rule is skipped outside a project of ours (the plugin run in any directory). */
export const NOT_A_PROJECT_REASON = 'not run inside a hipaa-safe-messaging project: project check skipped';

class NotInProject extends Error {}

/**
 * Outside a project, a rule that reads the project (ctx.project: files, build, deploy env file) is
 * reported `skip` with the reason; every other rule (the account's) runs as usual. Which rules read
 * the project is observed, not listed: the context's `project` throws when touched.
 */
export function outsideProject(rule: Rule): Rule {
  return {
    meta: rule.meta,
    async check(ctx) {
      const guarded = Object.create(ctx, {
        project: {
          get: () => {
            throw new NotInProject();
          },
        },
      }) as typeof ctx;
      try {
        return await rule.check(guarded);
      } catch (err) {
        if (!(err instanceof NotInProject)) throw err;
        return [finding(rule.meta, ctx, 'skip', { reason: NOT_A_PROJECT_REASON })];
      }
    },
  };
}

export async function runPreflightCli(argv: readonly string[], deps: PreflightDeps): Promise<PreflightOutcome> {
  if (isHelp(argv)) {
    deps.stdout(`${USAGE}\n`);
    return { exitCode: 0, report: null };
  }
  let args: PreflightArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    deps.stderr(err instanceof UsageError ? `${err.message}\n${USAGE}\n` : 'could not start the preflight\n');
    return { exitCode: 2, report: null };
  }
  return runPreflight(args, deps);
}

/** Where the preflight looks for the project (rules of mode `project`); null: not in a project. */
export interface PreflightScope {
  /** False outside a project of ours (plugin, any directory): project rules are skipped with a note. */
  project: boolean;
}

/** The preflight on typed arguments (the npm script, the plugin and the deploy gate all come here). */
export async function runPreflight(
  args: PreflightArgs,
  deps: PreflightDeps,
  scope: PreflightScope = { project: true },
): Promise<PreflightOutcome> {
  let config: HipaaConfig | null;
  try {
    config = readHipaaConfig(isAbsolute(args.config) ? args.config : join(deps.root, args.config));
    // A file named with --config must exist: only the default may be missing (a first run).
    if (config === null && args.configGiven)
      throw new ConfigFileError(`the hipaa config file named by --config does not exist (\`${INIT_COMMAND}\` creates hipaa.config.json)`);
  } catch (err) {
    if (err instanceof ConfigFileError) deps.stderr(`${err.message}\n`);
    else deps.stderr('could not start the preflight\n');
    return { exitCode: 2, report: null };
  }
  const profile = args.profile ?? config?.profile ?? 'redaction';
  if (config === null) {
    deps.stderr(
      `No hipaa.config.json: the checks that need its designation, BAA or attestations are unknown (exit 3 at best). Run \`${INIT_COMMAND}\` to create it.${args.profile ? '' : ' Profile redaction assumed (--profile to choose).'}\n`,
    );
  }
  if (!scope.project)
    deps.stderr(`Not inside a hipaa-safe-messaging project: project checks are skipped (reported as skip); account checks run.\n`);
  const rules = (deps.rules ?? ALL_RULES)
    .map((r) => (config === null ? withoutConfig(r) : r))
    .map((r) => (scope.project ? r : outsideProject(r)));
  const ruleConfig = config ?? missingHipaaConfig();
  const creds = args.offline ? null : findCredentials(deps.env, join(deps.root, args.env));
  let baseline: Baseline | undefined;
  if (args.baseline) {
    try {
      baseline = parseBaseline(
        readFileSync(isAbsolute(args.baseline) ? args.baseline : join(deps.root, args.baseline), 'utf8'),
        creds?.accountSid ?? null,
      );
    } catch (err) {
      deps.stderr(`${err instanceof BaselineError ? err.message : 'the --baseline file could not be read'}\n`);
      return { exitCode: 2, report: null };
    }
  }
  if (!creds && !args.offline) {
    deps.stderr('No Twilio credentials found (environment or deploy env file): checking the project only.\n');
    deps.stderr(`  ${missingCredentials(deps.env, join(deps.root, args.env))}\n`);
  }

  const scan = async (): Promise<{ findings: Finding[]; accounts: AccountTarget[] }> => {
    // Progress over both runs (target and subaccounts), on a terminal only.
    const show = deps.isTTY && args.format === 'text';
    const counts = [
      { done: 0, total: 0 },
      { done: 0, total: 0 },
    ];
    const progress =
      (i: 0 | 1) =>
      (done: number, total: number): void => {
        counts[i] = { done, total };
        deps.stderr(`\rscanning: ${counts[0]!.done + counts[1]!.done}/${counts[0]!.total + counts[1]!.total} checks`);
      };
    const common = { profile, config: ruleConfig, project: { root: deps.root, deployEnvFile: args.env }, probeStatus: deps.probeStatus };
    const target = creds
      ? targetAccount(deps.makeClient(creds.username, creds.password, creds.accountSid), creds.accountSid, {
          ...deps.api,
          concurrency: args.concurrency,
        })
      : null;
    // The target's checks start at once; subaccounts join as soon as they are listed.
    const main = runRules({ ...common, rules, accounts: target ? [target] : [], ...(show ? { onProgress: progress(0) } : {}) });
    const subs = target && args.subaccounts ? await discoverSubaccounts(target, deps.makeClient) : { accounts: [], findings: [] };
    const subFindings =
      subs.accounts.length > 0
        ? runRules({
            ...common,
            rules: rules.filter((r) => r.meta.mode === 'account'),
            accounts: subs.accounts,
            ...(show ? { onProgress: progress(1) } : {}),
          })
        : Promise.resolve([]);
    const findings = [...subs.findings, ...(await main), ...(await subFindings)];
    if (show) deps.stderr('\r\u001b[K');
    return { findings, accounts: target ? [target, ...subs.accounts] : [] };
  };

  let { findings, accounts } = await scan();
  if (args.fix) {
    const todo = fixable(findings);
    if (todo.length === 0) deps.stderr('Nothing to fix automatically.\n');
    else {
      deps.stderr(`Planned changes:\n${describeFixes(todo)}\n`);
      const go = args.yes || (deps.isTTY && (await deps.confirm(`Apply ${todo.length} change(s)? [y/N] `)));
      if (!go) deps.stderr('Not applied (use --yes, or answer y on a terminal).\n');
      else {
        const outcome = await applyFixes(todo, (sid) => accounts.find((a) => a.sid === sid)?.api ?? null);
        deps.stderr(`Applied ${outcome.applied} change(s), ${outcome.failed} failed. Re-checking...\n`);
        ({ findings, accounts } = await scan());
      }
    }
  }

  const exitCode = verdict(findings, creds !== null);
  const report = buildReport({
    findings,
    account: creds?.accountSid ?? null,
    accountChecked: creds !== null,
    profile,
    exitCode,
    toolVersion: deps.toolVersion,
    ...(baseline ? { baseline } : {}),
  });
  const text = render(report, args.format, args.verbose);
  const writeTo = (file: string, body: string): void => writeFileSync(isAbsolute(file) ? file : join(deps.root, file), `${body}\n`);
  if (args.output) writeTo(args.output, text);
  else deps.stdout(`${text}\n`);
  for (const also of args.also ?? []) writeTo(also.file, render(report, also.format, args.verbose));
  if (args.output && args.format !== 'text') deps.stderr(`${formatText(report).split('\n').slice(-1)[0]}\n`);
  return { exitCode, report };
}
