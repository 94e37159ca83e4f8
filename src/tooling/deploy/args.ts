/**
 * `npm run deploy` arguments, validated with ajv; errors name the flag, never echo values. The
 * preflight flags that make sense for a gated deploy are forwarded to both preflight runs; the
 * others (--offline, --fix, --format, --output) are refused: the gate decides those itself.
 */
import Ajv from 'ajv';
import { parseCommandLine, UsageError, type FlagSpecs } from '../cli/args';
import { PREFLIGHT_FLAGS, type PreflightArgs } from '../preflight/cli/args';

/** The preflight options a gated deploy forwards to both of its preflight runs (typed, never re-parsed). */
export type ForwardedPreflight = Pick<PreflightArgs, 'profile' | 'config' | 'configGiven' | 'concurrency' | 'subaccounts' | 'verbose'>;

export interface DeployArgs {
  /** Forwarded to the preflight: --profile, --config, --concurrency, --subaccounts, --verbose. */
  preflight: ForwardedPreflight;
  /** Deploy env file (project-relative), default `.env.deploy`; never `.env.local`. */
  env: string;
  /** twilio-run's --environment: a domain suffix (default `dev`) or a ZE SID; '' with --production. */
  environment: string;
  production: boolean;
  serviceSid?: string;
  /** Rule ids whose REQUIRED failures may pass, each recorded in deploy-audit.jsonl. */
  acceptRisk: string[];
  wire: boolean;
  yes: boolean;
  /** --wire: these numbers (PN SIDs) instead of the Messaging Service's. */
  numbers: string[];
}

/** The preflight options of a gated deploy, as they run in both of its preflight runs. */
export function preflightRunArgs(args: DeployArgs, offline: boolean): PreflightArgs {
  return { ...args.preflight, offline, env: args.env, format: 'text', fix: false, yes: false };
}

/** The one usage error (src/tooling/cli/args.ts), under the name the deploy's callers know. */
export const DeployUsageError = UsageError;

export const USAGE = `usage: npm run deploy -- [--profile redaction|studio] [--config hipaa.config.json] [--concurrency N]
       [--subaccounts] [--verbose] [--env .env.deploy] [--environment NAME | --production]
       [--service-sid ZS...] [--accept-risk RULE_ID]... [--wire [--yes] [--number PN...]...]
       npm run deploy -- --help
Runs, stopping at the first failure: guards, build, typecheck, offline-check tests, offline preflight,
account preflight, gated build, twilio-run deploy, live verification, smoke test, wiring.
  --env FILE            deploy env file (default .env.deploy; never .env.local); uploaded as checked
  --environment NAME    domain suffix or ZE SID (default dev); --production: the environment without suffix
  --service-sid ZS...   deploy into this service (needed when .twiliodeployinfo names another account)
  --accept-risk RULE_ID let this rule's required failures through, recorded in deploy-audit.jsonl
  --wire [--yes]        set the Messaging Service and number webhooks (--number PN... to limit)
  --profile, --config, --concurrency, --subaccounts, --verbose   passed to both preflight runs
exit codes: 0 deployed and verified, 1 a check or guard failed (nothing deployed), 2 usage or config error,
            3 a required check could not be verified (nothing deployed), 4 twilio-run deploy failed,
            5 deployed but the live verification or smoke test failed, 6 deployed and verified, wiring failed`;

/** Rule ids look like PROJECT-DEPLOY-ENV-CLEAN: no wildcard, no "all". */
export const RULE_ID_PATTERN = '^[A-Z0-9]+(-[A-Z0-9]+)+$';

const { profile, config, concurrency, subaccounts, verbose, env } = PREFLIGHT_FLAGS;

/** The deploy's flags, declared once (npm run deploy and `twilio hipaa:deploy`). */
export const DEPLOY_FLAGS = {
  profile,
  config,
  concurrency,
  subaccounts,
  verbose,
  env: { ...env, description: 'deploy env file (never .env.local); uploaded as checked' },
  environment: { kind: 'string', default: 'dev', valueName: 'NAME', description: 'domain suffix or ZE SID (default dev)' },
  production: { kind: 'boolean', description: 'the environment without a domain suffix' },
  'service-sid': {
    kind: 'string',
    valueName: 'ZS...',
    description: 'deploy into this service (needed when .twiliodeployinfo names another account)',
  },
  'accept-risk': {
    kind: 'string',
    multiple: true,
    valueName: 'RULE_ID',
    description: "let this rule's required failures through, recorded in deploy-audit.jsonl",
  },
  wire: { kind: 'boolean', description: 'set the Messaging Service and number webhooks after the deploy' },
  yes: { kind: 'boolean', description: 'with --wire: apply without asking' },
  number: {
    kind: 'string',
    multiple: true,
    valueName: 'PN...',
    description: "with --wire: these numbers instead of the Messaging Service's",
  },
} as const satisfies FlagSpecs;

/** Preflight flags the gate decides itself. */
export const REFUSED_PREFLIGHT_FLAGS = ['offline', 'fix', 'format', 'output'] as const;

const schema = {
  type: 'object',
  additionalProperties: true,
  required: ['env', 'environment', 'production', 'acceptRisk', 'wire', 'yes', 'numbers'],
  properties: {
    env: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._/-]+$' },
    environment: {
      anyOf: [{ type: 'string', pattern: '^[A-Za-z0-9-]{1,16}$' }, { type: 'string', pattern: '^ZE[0-9a-fA-F]{32}$' }, { const: '' }],
    },
    production: { type: 'boolean' },
    serviceSid: { type: 'string', pattern: '^ZS[0-9a-fA-F]{32}$' },
    acceptRisk: { type: 'array', items: { type: 'string', pattern: RULE_ID_PATTERN, maxLength: 80 }, uniqueItems: true },
    wire: { type: 'boolean' },
    yes: { type: 'boolean' },
    numbers: { type: 'array', items: { type: 'string', pattern: '^PN[0-9a-fA-F]{32}$' }, uniqueItems: true },
  },
} as const;

const validate = new Ajv().compile<DeployArgs>(schema);

/** The typed arguments from checked flag values (the npm script's and the plugin's path). */
export function deployArgsFrom(v: Record<string, unknown>, given: ReadonlySet<string>): DeployArgs {
  const preflight: ForwardedPreflight = {
    config: v.config as string,
    concurrency: v.concurrency as number,
    subaccounts: v.subaccounts === true,
    verbose: v.verbose === true,
  };
  if (v.profile !== undefined) preflight.profile = v.profile as ForwardedPreflight['profile'] & string;
  if (given.has('config')) preflight.configGiven = true;
  const args: DeployArgs = {
    preflight,
    env: v.env as string,
    environment: v.environment as string,
    production: v.production === true,
    acceptRisk: v['accept-risk'] as string[],
    wire: v.wire === true,
    yes: v.yes === true,
    numbers: v.number as string[],
  };
  if (v['service-sid'] !== undefined) args.serviceSid = v['service-sid'] as string;
  if (args.production && given.has('environment')) throw new DeployUsageError('--environment and --production exclude each other');
  if (args.production) args.environment = '';
  if (!validate(args)) {
    const e = validate.errors?.[0];
    const field = (e?.instancePath ?? '').slice(1).split('/')[0] ?? '';
    const names: Record<string, string> = {
      acceptRisk: 'accept-risk (a rule id such as PROJECT-DEPLOY-ENV-CLEAN; each once)',
      numbers: 'number (a PN SID, each once)',
      serviceSid: 'service-sid',
    };
    throw new DeployUsageError(`invalid --${names[field] ?? (field || 'arguments')}`);
  }
  if (args.yes && !args.wire) throw new DeployUsageError('--yes only goes with --wire');
  if (args.numbers.length > 0 && !args.wire) throw new DeployUsageError('--number only goes with --wire');
  return args;
}

export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const refused = REFUSED_PREFLIGHT_FLAGS.find((f) => argv.some((a) => a === `--${f}` || a.startsWith(`--${f}=`)));
  if (refused !== undefined)
    throw new DeployUsageError(
      `--${refused} is not available in a gated deploy (the gate runs the preflight itself; use npm run -s preflight for that)`,
    );
  const { values, given } = parseCommandLine({ flags: DEPLOY_FLAGS }, argv);
  return deployArgsFrom(values, given);
}
