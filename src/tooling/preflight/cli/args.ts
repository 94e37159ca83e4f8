/**
 * Preflight command-line arguments: declared once (PREFLIGHT_FLAGS, also the plugin's
 * `twilio hipaa:preflight` flags), parsed by the shared parser (src/tooling/cli/args.ts); errors name the
 * flag, never echo values. A new format or option is one line in PREFLIGHT_FLAGS.
 */
import { parseCommandLine, UsageError, wantsHelp, type FlagSpecs } from '../../cli/args';
import { DEFAULT_CONCURRENCY } from '../api/twilio-api';
import type { Profile } from '../types';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface PreflightArgs {
  offline: boolean;
  profile?: Profile;
  config: string;
  format: ReportFormat;
  /** An earlier `--format json` report to compare with (drift). */
  baseline?: string;
  output?: string;
  /** The same report written again in other formats (`--also FORMAT:FILE`): one run, one set of findings. */
  also?: { format: ReportFormat; file: string }[];
  fix: boolean;
  yes: boolean;
  concurrency: number;
  subaccounts: boolean;
  env: string;
  verbose: boolean;
  /** True when --config was given (such a file must exist; only the default may be missing). */
  configGiven?: boolean;
}

export { UsageError };

export const PREFLIGHT_FLAGS = {
  offline: { kind: 'boolean', description: 'project checks only (no account, no network)' },
  profile: {
    kind: 'string',
    choices: ['redaction', 'studio'],
    description: "deployment profile (default: hipaa.config.json's, else redaction)",
  },
  config: { kind: 'string', default: 'hipaa.config.json', valueName: 'FILE', description: 'the hipaa config file' },
  format: { kind: 'string', choices: ['text', 'json', 'sarif', 'html'], default: 'text', description: 'report format' },
  baseline: { kind: 'string', valueName: 'FILE', description: 'an earlier JSON report: show what is new, resolved and unchanged' },
  output: { kind: 'string', valueName: 'FILE', description: 'write the report to FILE instead of stdout' },
  also: {
    kind: 'string',
    multiple: true,
    valueName: 'FORMAT:FILE',
    description: 'also write the same report as FORMAT (text|json|sarif|html) to FILE',
  },
  fix: { kind: 'boolean', description: 'apply the reversible fixes after showing them (asks, or --yes)' },
  yes: { kind: 'boolean', description: 'with --fix: apply without asking' },
  concurrency: { kind: 'integer', min: 1, max: 64, default: DEFAULT_CONCURRENCY, valueName: 'N', description: 'parallel API reads (1-64)' },
  subaccounts: { kind: 'boolean', description: 'scan every active subaccount too (needs the parent auth token)' },
  env: { kind: 'string', default: '.env.deploy', valueName: 'FILE', description: 'deploy env file (credentials and the values checked)' },
  verbose: { kind: 'boolean', description: 'list passing checks too' },
} as const satisfies FlagSpecs;

export const USAGE = `usage: npm run -s preflight -- [--offline] [--profile redaction|studio] [--config hipaa.config.json]
       [--format text|json|sarif|html] [--output FILE] [--also FORMAT:FILE ...] [--baseline previous.json] [--fix [--yes]] [--concurrency N] [--subaccounts]
       [--env .env.deploy] [--verbose]
       npm run -s preflight -- init [--account-sid AC… --profile … --by ROLE …] [--force] [--dir DIR]
                                    (writes hipaa.config.json and a .env.deploy skeleton; init --help)
       npm run -s preflight -- --help
without hipaa.config.json the checks that need it are unknown: run init first.
exit codes: 0 all required checks passed, 1 a required check failed, 2 usage/config error,
            3 a required check could not be verified (or the account was not checked)`;

/** `--help` or `-h` anywhere: print the usage and exit 0. */
export const isHelp = wantsHelp;

/** The typed arguments from checked flag values (the npm script's and the plugin's path). */
export function preflightArgsFrom(values: Record<string, unknown>, given: ReadonlySet<string>): PreflightArgs {
  const args = { ...values } as unknown as PreflightArgs;
  if (args.profile === undefined) delete args.profile;
  if (args.output === undefined) delete args.output;
  if (args.baseline === undefined) delete args.baseline;
  const also = (values.also as string[] | undefined) ?? [];
  delete (args as { also?: unknown }).also;
  if (also.length > 0) args.also = also.map(parseAlso);
  if (given.has('config')) args.configGiven = true;
  if (args.yes && !args.fix) throw new UsageError('--yes only goes with --fix');
  if (args.fix && args.offline) throw new UsageError('--fix needs the account (not --offline)');
  return args;
}

/** `FORMAT:FILE`; the error names the flag, never the value. */
function parseAlso(value: string): { format: ReportFormat; file: string } {
  const colon = value.indexOf(':');
  const format = value.slice(0, colon);
  const file = value.slice(colon + 1);
  if (colon < 1 || file === '' || !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError('--also takes FORMAT:FILE, FORMAT one of text, json, sarif, html');
  }
  return { format: format as ReportFormat, file };
}

export function parseArgs(argv: readonly string[]): PreflightArgs {
  const { values, given } = parseCommandLine({ flags: PREFLIGHT_FLAGS }, argv);
  return preflightArgsFrom(values, given);
}
