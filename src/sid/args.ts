/**
 * `sid` command-line arguments, validated with ajv. Positional arguments are the SIDs (checked
 * later, one by one); errors name the flag, never echo a value.
 */
import Ajv from 'ajv';
import { sidOf } from './sid';

export interface SidArgs {
  sids: string[];
  format: 'text' | 'json';
  /** `--flow FW…`: the flow of the FN / FT SIDs (skips the search). */
  flow?: string;
  /** `--execution FN…`: the execution of the FT SIDs. */
  execution?: string;
  env: string;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run -s sid -- SID... [--format text|json] [--execution FN…] [--flow FW…] [--env .env.deploy]
       npm run -s sid -- --help
  FT (Studio step) needs --execution FN…; --flow FW… skips the search for an FN's or FT's flow.
exit codes: 0 every SID found, 1 a SID was not found in the account, 2 usage error or a malformed /
            unsupported SID, 3 a SID could not be checked (API failure, or no credentials)`;

/** `--help` or `-h` anywhere: print the usage and exit 0 (never a SID: SIDs start with two letters). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['sids', 'format', 'env'],
  properties: {
    sids: { type: 'array', items: { type: 'string' } },
    format: { enum: ['text', 'json'] },
    flow: { type: 'string', pattern: '^FW[0-9a-f]{32}$' },
    execution: { type: 'string', pattern: '^FN[0-9a-f]{32}$' },
    env: { type: 'string', minLength: 1 },
  },
} as const;

const validate = new Ajv().compile<SidArgs>(schema);
const VALUE_FLAGS = new Set(['format', 'flow', 'execution', 'env']);

export function parseSidArgs(argv: readonly string[]): SidArgs {
  const args: Record<string, unknown> = { sids: [], format: 'text', env: '.env.deploy' };
  const sids: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i] ?? '';
    if (!raw.startsWith('--')) {
      sids.push(raw);
      continue;
    }
    const [flag, inline] = raw.slice(2).split(/=(.*)/s, 2);
    if (flag === undefined || !VALUE_FLAGS.has(flag)) throw new UsageError('unknown option');
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    // SID flags are normalised like positional SIDs (case); anything else fails the schema.
    args[flag] = flag === 'flow' ? (sidOf(value, ['FW']) ?? '') : flag === 'execution' ? (sidOf(value, ['FN']) ?? '') : value;
  }
  args.sids = sids;
  if (!validate(args)) {
    const e = validate.errors?.[0];
    const field = (e?.instancePath ?? '').slice(1).split('/')[0];
    throw new UsageError(field ? `invalid --${field}` : 'invalid arguments');
  }
  if (args.sids.length === 0) throw new UsageError('give at least one SID');
  return args;
}
