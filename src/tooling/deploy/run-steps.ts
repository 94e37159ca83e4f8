/**
 * The gate's steps (see run.ts for the order and steps.ts for how they run). Each step reads what
 * the earlier ones left in GateState and throws StepError with the exit code documented in
 * args.ts: 1 a check or guard failed, 2 config error, 3 unknown, 4 twilio-run failed, 5 the live
 * build failed verification or the smoke test, 6 wiring failed.
 */
import type { Twilio } from 'twilio';
import type { PreflightArgs } from '../preflight/cli/args';
import { runPreflight } from '../preflight/cli/run';
import type { Report } from '../preflight/output/report';
import type { Rule } from '../preflight/types';
import { preflightRunArgs, type DeployArgs } from './args';
import { appendAudit, AUDIT_FILE } from './audit';
import { safeTail, type CheckResult } from './child-steps';
import { isFunctionsOrigin, webhookBaseUrlMatches } from '../preflight/rules/env-values';
import {
  GATED_ASSETS,
  GATED_DIR,
  GATED_ENV,
  GATED_FUNCTIONS,
  GatedBuildError,
  manifestOf,
  removeGatedBuild,
  stageGatedBuild,
  type GatedBuild,
  type Manifest,
} from './gated-build';
import { assertUnchanged, cachedServiceFor, checkGuards, GuardError, readDeployInfoEntries, type DeployTarget } from './guards';
import { decide, describeDecision, uniqueAccepted } from './preflight-gate';
import type { DeployDeps } from './deps';
import { smokeTest } from './smoke';
import { StepError, type Step } from './steps';
import { twilioRunArgs } from './twilio-run';
import { expectedVariables, verifyLiveBuild } from './verify';
import { applyPlans, describePlans, planWiring, wiringChecklist } from './wiring';

export interface GateState {
  /** dist/gated was created by this run (and must be removed). */
  staged: boolean;
  target?: DeployTarget;
  built?: Manifest;
  /** The staged build: its listing and the canonical env file twilio-run uploads. */
  listing?: GatedBuild;
  deployed?: { serviceSid: string; buildSid: string; previousLiveBuild: string | null };
  verified?: { domain: string; serviceSid: string; environmentSid: string; buildSid: string };
}

const DEPLOY_ENV_RULE = 'PROJECT-DEPLOY-ENV-CLEAN';

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new StepError('an earlier step did not finish', 1);
  return value;
}

function checked(result: CheckResult): string {
  if (!result.ok)
    throw new StepError(
      result.summary,
      1,
      result.details.map((d) => `  ${d}`),
    );
  return result.summary;
}

function restStatus(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

type TargetEnvironment = { read: 'ok'; env: { buildSid: string | null; domainName: string | null } | null } | { read: 'failed' };

/**
 * The target environment before the upload, when the service is known: its current build (for the
 * rollback hint) and its domain (to judge WEBHOOK_BASE_URL before anything is uploaded). `env` is
 * null when the environment does not exist yet (twilio-run creates it, with a domain unknown until then).
 */
async function targetEnvironment(client: Twilio, serviceSid: string, environment: string): Promise<TargetEnvironment> {
  try {
    const envs = await client.serverless.v1.services(serviceSid).environments.list();
    const env = envs.find((e) =>
      environment === '' ? !e.domainSuffix : environment.startsWith('ZE') ? e.sid === environment : e.domainSuffix === environment,
    );
    return { read: 'ok', env: env ? { buildSid: env.buildSid ?? null, domainName: env.domainName ?? null } : null };
  } catch {
    return { read: 'failed' };
  }
}

/** What every step sees: the arguments, the injected dependencies, the state the steps share, and two helpers. */
interface StepContext {
  args: DeployArgs;
  rules: readonly Rule[];
  deps: DeployDeps;
  state: GateState;
  root: string;
  /** The rule ids given with --accept-risk. */
  accept: ReadonlySet<string>;
  /** A client for the target account (after the guards step). */
  client(): Twilio;
  /** The preflight in-process; quiet collects its stderr for the error. Exit 2 (usage, config) stops the gate. */
  preflight(pfArgs: PreflightArgs, env: Record<string, string>, quiet: boolean): Promise<Report>;
}

function stepContext(args: DeployArgs, rules: readonly Rule[], deps: DeployDeps, state: GateState): StepContext {
  const { root } = deps;
  const client = (): Twilio => {
    const t = need(state.target);
    return deps.makeClient(t.accountSid, t.authToken, t.accountSid);
  };
  const preflight = async (pfArgs: PreflightArgs, env: Record<string, string>, quiet: boolean): Promise<Report> => {
    let errors = '';
    const outcome = await runPreflight(pfArgs, {
      root,
      env,
      makeClient: deps.makeClient,
      probeStatus: deps.probeStatus,
      isTTY: deps.isTTY && !quiet,
      confirm: async () => false,
      stdout: quiet ? () => undefined : deps.stdout,
      stderr: (t) => (quiet ? (errors += t) : deps.stderr(t)),
      rules,
      ...(deps.api ? { api: deps.api } : {}),
      toolVersion: deps.toolVersion,
    });
    if (outcome.exitCode === 2 || outcome.report === null)
      throw new StepError('the preflight could not start (usage or hipaa.config.json error)', 2, errors.trim() ? [errors.trim()] : []);
    return outcome.report;
  };
  return { args, rules, deps, state, root, accept: new Set(args.acceptRisk), client, preflight };
}

/** The deploy env file, credentials, target account and service (guards.ts). */
function guardsStep({ args, deps, state, root }: StepContext): Step {
  return {
    name: 'guards',
    failCode: 1,
    run: async () => {
      try {
        state.target = checkGuards(root, args.env, deps.env, args.serviceSid);
      } catch (err) {
        throw err instanceof GuardError ? new StepError(err.message, err.exitCode, err.lines) : err;
      }
      const t = state.target;
      if (args.wire && !t.envVars.MESSAGING_SERVICE_SID) throw new StepError(`--wire needs MESSAGING_SERVICE_SID in ${args.env}`, 2);
      const service = args.serviceSid
        ? `service ${args.serviceSid} (--service-sid)`
        : t.cachedService
          ? `service ${t.cachedService.serviceSid} (.twiliodeployinfo)`
          : 'a new service (none recorded for this account)';
      return `account ${t.accountSid}, ${service}, ledger sync, ${args.env} present`;
    },
  };
}

/** npm run build into dist/, and the manifest of what the later checks run on. */
function buildStep({ deps, state, root }: StepContext): Step {
  return {
    name: 'build',
    failCode: 1,
    run: async () => {
      let built;
      try {
        built = await deps.build();
      } catch {
        throw new StepError('the build failed: run npm run build to see the errors', 1);
      }
      state.built = manifestOf(root, 'dist');
      return `${built.functions.length} function(s), ${built.assets.length} asset(s) in dist/`;
    },
  };
}

/** tsc over the project (a child process). */
function typecheckStep({ deps }: StepContext): Step {
  return { name: 'typecheck', failCode: 1, run: async () => checked(await deps.typecheck()) };
}

/** The offline-check tests (a child process). */
function offlineTestsStep({ deps }: StepContext): Step {
  return { name: 'offline-check tests', failCode: 1, run: async () => checked(await deps.offlineTests()) };
}

/** The project checks, quietly; PROJECT-DEPLOY-ENV-CLEAN must pass. */
function offlinePreflightStep({ args, deps, accept, preflight }: StepContext): Step {
  return {
    name: 'offline preflight',
    failCode: 1,
    run: async () => {
      const report = await preflight(preflightRunArgs(args, true), {}, true);
      const d = decide(report.results, accept, new Set());
      const lines = describeDecision(d, true);
      if (d.exitCode !== 0)
        throw new StepError(
          d.exitCode === 1 ? 'a required project check failed' : 'a required project check could not run',
          d.exitCode,
          lines,
        );
      if (!report.results.some((r) => r.id === DEPLOY_ENV_RULE && r.status === 'pass'))
        throw new StepError(`${DEPLOY_ENV_RULE} did not pass: ${args.env} is not known to be clean`, 1, lines);
      if (lines.length > 0) deps.stdout(`${lines.join('\n')}\n`);
      return `${report.results.filter((r) => r.status === 'pass').length} project check(s) passed${d.accepted.length > 0 ? `, ${d.accepted.length} accepted risk(s)` : ''}`;
    },
  };
}

/** The account checks on the target account; accepted risks are audited before anything is uploaded. */
function accountPreflightStep({ args, deps, state, root, accept, client, preflight }: StepContext): Step {
  return {
    name: 'account preflight',
    failCode: 3,
    run: async () => {
      const t = need(state.target);
      const report = await preflight(preflightRunArgs(args, false), { ACCOUNT_SID: t.accountSid, AUTH_TOKEN: t.authToken }, false);
      if (!report.accountChecked) throw new StepError(`the account ${t.accountSid} was not checked`, 3);
      const covered = new Set<string>();
      if (args.serviceSid) {
        try {
          const svc = await client().serverless.v1.services(args.serviceSid).fetch();
          if (svc.accountSid !== t.accountSid) throw Object.assign(new Error('other account'), { status: 404 });
        } catch (err) {
          if (restStatus(err) === 404)
            throw new StepError(`--service-sid ${args.serviceSid} is not a service of account ${t.accountSid}`, 1);
          throw new StepError(`could not verify --service-sid ${args.serviceSid} in account ${t.accountSid}`, 3);
        }
        covered.add('PROJECT-DEPLOYINFO-ACCOUNT');
      }
      const d = decide(report.results, accept, covered);
      const lines = describeDecision(d, false);
      if (d.exitCode !== 0)
        throw new StepError(
          d.exitCode === 1 ? 'a required check failed' : 'a required check could not be verified (unknown blocks)',
          d.exitCode,
          lines,
        );
      if (lines.length > 0) deps.stdout(`${lines.join('\n')}\n`);
      for (const id of args.acceptRisk)
        if (!d.accepted.some((r) => r.id === id))
          deps.stdout(`      note: --accept-risk ${id}: no required failure of this rule, nothing accepted\n`);
      const accepted = uniqueAccepted(d.accepted);
      try {
        const time = deps.now().toISOString();
        appendAudit(
          root,
          accepted.map((r) => ({ time, rule: r.id, accountSid: r.account ?? t.accountSid, osUser: deps.osUser(), resource: r.resource })),
        );
      } catch {
        throw new StepError(`could not append to ${AUDIT_FILE}: accepted risks must be recorded before a deploy`, 1);
      }
      return `account ${t.accountSid}: every required check passed${accepted.length > 0 ? ` or was accepted (${accepted.length} line(s) appended to ${AUDIT_FILE})` : ''}`;
    },
  };
}

/** Stages dist/gated/: exactly the checked build and the checked variables. */
function gatedBuildStep({ deps, state, root }: StepContext): Step {
  return {
    name: 'gated build',
    failCode: 1,
    run: async () => {
      try {
        assertUnchanged(root, need(state.target));
        state.staged = false;
        const listing = await stageGatedBuild(root, need(state.built), deps.now(), need(state.target).envVars);
        state.staged = true;
        deps.onGatedBuild?.(true);
        state.listing = listing;
        return `${GATED_DIR}: ${listing.functions.length} function(s), ${listing.assets.length} asset(s), manifest checked against the build the checks ran on; ${GATED_ENV}: the ${listing.env.uploaded} checked variable(s), read back identically by dotenv 16 and twilio-run's dotenv`;
      } catch (err) {
        if (err instanceof GuardError || err instanceof GatedBuildError) throw new StepError(err.message, 1);
        throw err;
      }
    },
  };
}

/** Uploads dist/gated/ with twilio-run (WEBHOOK_BASE_URL checked against the target domain first); the gated build is removed afterwards whatever happens. */
function twilioRunDeployStep({ args, deps, state, root, client }: StepContext): Step {
  return {
    name: 'twilio-run deploy',
    failCode: 4,
    run: async () => {
      const t = need(state.target);
      const before = cachedServiceFor(readDeployInfoEntries(root), t.accountSid);
      const knownService = args.serviceSid ?? before?.serviceSid;
      const target = knownService ? await targetEnvironment(client(), knownService, args.environment) : null;
      const previousLiveBuild = target?.read === 'ok' ? (target.env?.buildSid ?? null) : null;
      const base = t.envVars.WEBHOOK_BASE_URL;
      if (base !== undefined) {
        // The offline preflight allowed only an https *.twil.io origin; now the domain may be known.
        if (!isFunctionsOrigin(base))
          throw new StepError(`WEBHOOK_BASE_URL in ${args.env} is not an https://….twil.io origin: leave it empty`, 1);
        if (target?.read === 'failed')
          throw new StepError(
            `could not read the environments of service ${knownService ?? ''} to compare WEBHOOK_BASE_URL with the environment's domain: leave WEBHOOK_BASE_URL empty, or make the read work and run again`,
            3,
          );
        const domain = target?.read === 'ok' ? (target.env?.domainName ?? null) : null;
        if (domain !== null && !webhookBaseUrlMatches(base, domain)) {
          throw new StepError(
            `WEBHOOK_BASE_URL in ${args.env} is not https://${domain}, the domain of the target environment (value not shown): every genuine webhook would get 403. Leave it empty (recommended) or set exactly that`,
            1,
          );
        }
      }
      const inv = {
        root,
        functionsFolder: GATED_FUNCTIONS,
        assetsFolder: GATED_ASSETS,
        envFile: need(state.listing).env.file,
        environment: args.environment,
        ...(args.serviceSid ? { serviceSid: args.serviceSid } : {}),
      };
      deps.stdout(`      twilio-run ${twilioRunArgs(inv).join(' ')}\n`);
      let result;
      try {
        result = await deps.twilioRun(inv);
      } finally {
        state.staged = false;
        removeGatedBuild(root);
        deps.onGatedBuild?.(false);
      }
      if (result.exitCode !== 0) {
        throw new StepError(
          'twilio-run deploy failed: the environment keeps its previous build unless the output above says otherwise',
          4,
          safeTail(result.errorLines.join('\n')).map((l) => `  | ${l}`),
        );
      }
      let after;
      try {
        after = cachedServiceFor(readDeployInfoEntries(root), t.accountSid);
      } catch {
        after = null;
      }
      if (!after || after.latestBuild === before?.latestBuild)
        throw new StepError('twilio-run finished but recorded no new build in .twiliodeployinfo: check the Console before retrying', 4);
      state.deployed = { serviceSid: after.serviceSid, buildSid: after.latestBuild, previousLiveBuild };
      return `service ${after.serviceSid}, build ${after.latestBuild}`;
    },
  };
}

/** Reads the live build back and compares it with the checked one. */
function verifyLiveBuildStep({ args, state, client }: StepContext): Step {
  return {
    name: 'verify live build',
    failCode: 5,
    run: async () => {
      const t = need(state.target);
      const d = need(state.deployed);
      const listing = need(state.listing);
      const v = await verifyLiveBuild({
        client: client(),
        serviceSid: d.serviceSid,
        buildSid: d.buildSid,
        environment: args.environment,
        expected: listing,
        variables: expectedVariables(t.envVars),
        variablesSha256: listing.env.uploadedSha256,
        envFile: args.env,
      });
      if (!v.ok || v.domain === null || v.environmentSid === null) {
        const rollback =
          d.previousLiveBuild && v.environmentSid
            ? [
                `  To roll back: twilio api:serverless:v1:services:environments:deployments:create --service-sid ${d.serviceSid} --environment-sid ${v.environmentSid} --build-sid ${d.previousLiveBuild}`,
              ]
            : [];
        throw new StepError(
          `the live build does not match the checked build (${v.problems.length} problem(s)): fix them and run npm run deploy again`,
          5,
          [...v.problems.map((p) => `  - ${p}`), ...rollback],
        );
      }
      state.verified = { domain: v.domain, serviceSid: d.serviceSid, environmentSid: v.environmentSid, buildSid: d.buildSid };
      return `${v.domain}: ${v.counts.functions} function(s) with the visibility their names say, ${v.counts.assets} private asset(s), ${v.counts.variables} variable(s) match ${args.env} (names only shown)${v.counts.digest ? ", their digest equals the gated manifest's" : ''}`;
    },
  };
}

/** Unsigned, correctly signed and wrongly signed POSTs to the live webhooks. */
function smokeTestStep({ deps, state }: StepContext): Step {
  return {
    name: 'smoke test',
    failCode: 5,
    run: async () => {
      const t = need(state.target);
      const v = need(state.verified);
      const functions = need(state.listing).functions;
      const s = await smokeTest(v.domain, functions, deps.smokePost, { accountSid: t.accountSid, authToken: t.authToken });
      deps.stdout(`${s.lines.join('\n')}\n`);
      if (!s.ok)
        throw new StepError(
          'a webhook accepted a request it must refuse, refused a correctly signed one, or did not answer as expected',
          5,
          s.problems.map((p) => `  - ${p}`),
        );
      return `${functions.filter((f) => f.access === 'protected').length} protected webhook(s) refused an unsigned POST (401/403); a POST signed with the deploy credentials was accepted (200) and one signed with a wrong token refused`;
    },
  };
}

/** The wiring checklist; with --wire, the planned changes applied and read back. */
function wiringStep({ args, deps, state, client }: StepContext): Step {
  return {
    name: 'wiring',
    failCode: 6,
    run: async () => {
      const t = need(state.target);
      const v = need(state.verified);
      const functions = need(state.listing).functions;
      const mg = t.envVars.MESSAGING_SERVICE_SID;
      deps.stdout(`${wiringChecklist(v.domain, functions, mg).join('\n')}\n`);
      if (!args.wire || !mg) return 'printed (not applied: use --wire)';
      let plans;
      try {
        plans = await planWiring({
          client: client(),
          accountSid: t.accountSid,
          domain: v.domain,
          functions,
          messagingServiceSid: mg,
          numbers: args.numbers,
        });
      } catch (err) {
        throw new StepError(
          `could not read the Messaging Service ${mg} or its numbers (${restStatus(err) === null ? 'no answer' : `HTTP ${restStatus(err)}`})`,
          6,
        );
      }
      if (plans.length === 0) return 'already wired: nothing to change';
      deps.stdout(`Planned changes:\n${describePlans(plans)}\n`);
      const changes = plans.reduce((n, p) => n + p.changes.length, 0);
      const go = args.yes || (deps.isTTY && (await deps.confirm(`Apply ${changes} change(s) to ${plans.length} resource(s)? [y/N] `)));
      if (!go) return 'not applied (use --yes, or answer y at the terminal)';
      const outcome = await applyPlans(plans);
      if (outcome.failed.length > 0)
        throw new StepError(
          `${outcome.failed.length} resource(s) not wired`,
          6,
          outcome.failed.map((f) => `  - ${f}`),
        );
      return `applied ${changes} change(s) to ${outcome.applied} resource(s), read back`;
    },
  };
}

/** The gate's steps, in the order run.ts documents; steps.ts runs them and stops at the first failure. */
export function deploySteps(args: DeployArgs, rules: readonly Rule[], deps: DeployDeps, state: GateState): Step[] {
  const ctx = stepContext(args, rules, deps, state);
  return [
    guardsStep,
    buildStep,
    typecheckStep,
    offlineTestsStep,
    offlinePreflightStep,
    accountPreflightStep,
    gatedBuildStep,
    twilioRunDeployStep,
    verifyLiveBuildStep,
    smokeTestStep,
    wiringStep,
  ].map((step) => step(ctx));
}
