/**
 * `npm run deploy` arguments, validated with ajv; errors name the flag, never echo values. The
 * preflight flags that make sense for a gated deploy are forwarded to both preflight runs; the
 * others (--offline, --fix, --format, --output) are refused: the gate decides those itself.
 */
import Ajv from 'ajv';

export interface DeployArgs {
  /** Forwarded to the preflight: --profile, --config, --concurrency, --subaccounts, --verbose. */
  preflight: string[];
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

export class DeployUsageError extends Error {}

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

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['preflight', 'env', 'environment', 'production', 'acceptRisk', 'wire', 'yes', 'numbers'],
  properties: {
    preflight: { type: 'array', items: { type: 'string' } },
    env: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._/-]+$' },
    environment: { anyOf: [{ type: 'string', pattern: '^[A-Za-z0-9-]{1,16}$' }, { type: 'string', pattern: '^ZE[0-9a-fA-F]{32}$' }, { const: '' }] },
    production: { type: 'boolean' },
    serviceSid: { type: 'string', pattern: '^ZS[0-9a-fA-F]{32}$' },
    acceptRisk: { type: 'array', items: { type: 'string', pattern: RULE_ID_PATTERN, maxLength: 80 }, uniqueItems: true },
    wire: { type: 'boolean' },
    yes: { type: 'boolean' },
    numbers: { type: 'array', items: { type: 'string', pattern: '^PN[0-9a-fA-F]{32}$' }, uniqueItems: true },
  },
} as const;

const validate = new Ajv().compile<DeployArgs>(schema);

const FORWARDED_VALUES = new Set(['profile', 'config', 'concurrency']);
const FORWARDED_BOOLEANS = new Set(['subaccounts', 'verbose']);
const REFUSED = new Set(['offline', 'fix', 'format', 'output']);
const VALUES = new Set(['env', 'environment', 'service-sid']);
const LISTS: Record<string, 'acceptRisk' | 'numbers'> = { 'accept-risk': 'acceptRisk', number: 'numbers' };
const BOOLEANS = new Set(['production', 'wire', 'yes']);
const CAMEL: Record<string, string> = { 'service-sid': 'serviceSid' };

export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const args: Record<string, unknown> & { preflight: string[]; acceptRisk: string[]; numbers: string[] } = {
    preflight: [], env: '.env.deploy', environment: 'dev', production: false, acceptRisk: [], wire: false, yes: false, numbers: [],
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i] ?? '';
    const [flag, inline] = raw.startsWith('--') ? raw.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (flag === undefined) throw new DeployUsageError('unknown argument');
    if (REFUSED.has(flag)) throw new DeployUsageError(`--${flag} is not available in a gated deploy (the gate runs the preflight itself; use npm run -s preflight for that)`);
    const isList = flag in LISTS;
    if (!isList && seen.has(flag)) throw new DeployUsageError(`--${flag} given twice`);
    seen.add(flag);
    if (BOOLEANS.has(flag) || FORWARDED_BOOLEANS.has(flag)) {
      if (inline !== undefined) throw new DeployUsageError(`--${flag} takes no value`);
      if (FORWARDED_BOOLEANS.has(flag)) args.preflight.push(`--${flag}`);
      else args[flag] = true;
      continue;
    }
    if (!isList && !VALUES.has(flag) && !FORWARDED_VALUES.has(flag)) throw new DeployUsageError('unknown argument');
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new DeployUsageError(`--${flag} needs a value`);
    if (FORWARDED_VALUES.has(flag)) args.preflight.push(`--${flag}`, value);
    else if (isList) args[LISTS[flag] as 'acceptRisk' | 'numbers'].push(value);
    else args[CAMEL[flag] ?? flag] = value;
  }
  if (args.production && seen.has('environment')) throw new DeployUsageError('--environment and --production exclude each other');
  if (args.production) args.environment = '';
  if (!validate(args)) {
    const e = validate.errors?.[0];
    const field = (e?.instancePath ?? '').slice(1).split('/')[0] ?? '';
    const names: Record<string, string> = { acceptRisk: 'accept-risk (a rule id such as PROJECT-DEPLOY-ENV-CLEAN; each once)', numbers: 'number (a PN SID, each once)', serviceSid: 'service-sid' };
    throw new DeployUsageError(`invalid --${names[field] ?? (field || 'arguments')}`);
  }
  if (args.yes && !args.wire) throw new DeployUsageError('--yes only goes with --wire');
  if (args.numbers.length > 0 && !args.wire) throw new DeployUsageError('--number only goes with --wire');
  return args;
}
