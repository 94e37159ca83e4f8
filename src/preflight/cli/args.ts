/** Preflight command-line arguments, validated with ajv; errors name the flag, never echo values. */
import Ajv from 'ajv';
import { DEFAULT_CONCURRENCY } from '../api/twilio-api';
import type { Profile } from '../types';

export interface PreflightArgs {
  offline: boolean;
  profile?: Profile;
  config: string;
  format: 'text' | 'json' | 'sarif' | 'html';
  /** An earlier `--format json` report to compare with (drift). */
  baseline?: string;
  output?: string;
  fix: boolean;
  yes: boolean;
  concurrency: number;
  subaccounts: boolean;
  env: string;
  verbose: boolean;
  /** True when --config was given (such a file must exist; only the default may be missing). */
  configGiven?: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run -s preflight -- [--offline] [--profile redaction|studio] [--config hipaa.config.json]
       [--format text|json|sarif|html] [--output FILE] [--baseline previous.json] [--fix [--yes]] [--concurrency N] [--subaccounts]
       [--env .env.deploy] [--verbose]
       npm run -s preflight -- init [--account-sid AC… --profile … --by ROLE …] [--force] [--dir DIR]
                                    (writes hipaa.config.json and a .env.deploy skeleton; init --help)
       npm run -s preflight -- --help
without hipaa.config.json the checks that need it are unknown: run init first.
exit codes: 0 all required checks passed, 1 a required check failed, 2 usage/config error,
            3 a required check could not be verified (or the account was not checked)`;

/** `--help` or `-h` anywhere: print the usage and exit 0. */
export function isHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['offline', 'config', 'format', 'fix', 'yes', 'concurrency', 'subaccounts', 'env', 'verbose'],
  properties: {
    offline: { type: 'boolean' },
    profile: { enum: ['redaction', 'studio'] },
    config: { type: 'string', minLength: 1 },
    format: { enum: ['text', 'json', 'sarif', 'html'] },
    baseline: { type: 'string', minLength: 1 },
    output: { type: 'string', minLength: 1 },
    fix: { type: 'boolean' },
    yes: { type: 'boolean' },
    concurrency: { type: 'integer', minimum: 1, maximum: 64 },
    subaccounts: { type: 'boolean' },
    env: { type: 'string', minLength: 1 },
    verbose: { type: 'boolean' },
  },
} as const;

const validate = new Ajv().compile<PreflightArgs>(schema);
const BOOLEAN_FLAGS = new Set(['offline', 'fix', 'yes', 'subaccounts', 'verbose']);
const VALUE_FLAGS = new Set(['profile', 'config', 'format', 'output', 'concurrency', 'env', 'baseline']);

export function parseArgs(argv: readonly string[]): PreflightArgs {
  const args: Record<string, unknown> = {
    offline: false, config: 'hipaa.config.json', format: 'text', fix: false, yes: false,
    concurrency: DEFAULT_CONCURRENCY, subaccounts: false, env: '.env.deploy', verbose: false,
  };
  let configGiven = false;
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i] ?? '';
    const [flag, inline] = raw.startsWith('--') ? raw.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (flag !== undefined && BOOLEAN_FLAGS.has(flag) && inline === undefined) args[flag] = true;
    else if (flag !== undefined && VALUE_FLAGS.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
      args[flag] = flag === 'concurrency' ? Number(value) : value;
      if (flag === 'config') configGiven = true;
    } else throw new UsageError('unknown argument');
  }
  if (!validate(args)) {
    const e = validate.errors?.[0];
    throw new UsageError(`invalid --${(e?.instancePath ?? '').slice(1) || 'arguments'}`);
  }
  if (configGiven) args.configGiven = true;
  if (args.yes && !args.fix) throw new UsageError('--yes only goes with --fix');
  if (args.fix && args.offline) throw new UsageError('--fix needs the account (not --offline)');
  return args;
}
