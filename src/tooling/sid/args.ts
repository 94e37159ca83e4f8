/**
 * `sid` command-line arguments, validated with ajv. Positional arguments are the SIDs (checked
 * later, one by one); errors name the flag, never echo a value.
 */
import Ajv from 'ajv';
import { parseCommandLine, UsageError, wantsHelp as helpWanted, type FlagSpecs } from '../cli/args';
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

export { UsageError };

/** The sid command's flags, declared once (npm run sid and `twilio hipaa:sid`). */
export const SID_FLAGS = {
  format: { kind: 'string', choices: ['text', 'json'], default: 'text', description: 'report format' },
  execution: { kind: 'string', valueName: 'FN...', description: 'the execution of FT (Studio step) SIDs' },
  flow: { kind: 'string', valueName: 'FW...', description: 'the flow of FN / FT SIDs (skips the search)' },
  env: { kind: 'string', default: '.env.deploy', valueName: 'FILE', description: 'deploy env file (credentials; never .env.local)' },
} as const satisfies FlagSpecs;

export const USAGE = `usage: npm run -s sid -- SID... [--format text|json] [--execution FN…] [--flow FW…] [--env .env.deploy]
       npm run -s sid -- --help
  FT (Studio step) needs --execution FN…; --flow FW… skips the search for an FN's or FT's flow.
exit codes: 0 every SID found, 1 a SID was not found in the account, 2 usage error or a malformed /
            unsupported SID, 3 a SID could not be checked (API failure, or no credentials)`;

/** `--help` or `-h` anywhere: print the usage and exit 0 (never a SID: SIDs start with two letters). */
export const wantsHelp = helpWanted;

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
/** The typed arguments from checked flag values and the positional SIDs (npm script and plugin). */
export function sidArgsFrom(values: Record<string, unknown>, sids: readonly string[]): SidArgs {
  const args: Record<string, unknown> = { sids: [...sids], format: values.format, env: values.env };
  // SID flags are normalised like positional SIDs (case); anything else fails the schema.
  if (typeof values.flow === 'string') args.flow = sidOf(values.flow, ['FW']) ?? '';
  if (typeof values.execution === 'string') args.execution = sidOf(values.execution, ['FN']) ?? '';
  if (!validate(args)) {
    const e = validate.errors?.[0];
    const field = (e?.instancePath ?? '').slice(1).split('/')[0];
    throw new UsageError(field ? `invalid --${field}` : 'invalid arguments');
  }
  if (args.sids.length === 0) throw new UsageError('give at least one SID');
  return args;
}

export function parseSidArgs(argv: readonly string[]): SidArgs {
  const { values, positionals } = parseCommandLine({ flags: SID_FLAGS, positionals: true }, argv);
  return sidArgsFrom(values, positionals);
}
