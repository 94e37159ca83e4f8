/**
 * `npm run -s lint -- flow FILE... [--format text|json|sarif] [--allow-host HOST]... [--config FILE]`:
 * lints Studio flow definitions. FILEs are resolved against the project root. Hosts allowed besides
 * the project's Functions and Twilio come from `--allow-host` (repeatable; `*.example.org` allows
 * subdomains) and, with `--config hipaa.config.json`, its `allowedWebhookHosts`. Protected Function
 * paths come from functions/**\/*.protected.ts. Exit 0 clean (warnings allowed), 1 errors, 2
 * unreadable or invalid input or usage. Nothing from a flow's content is printed except matched
 * template terms, paths and hosts.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseCommandLine, UsageError, type FlagSpecs } from '../../cli/args';
import { ConfigFileError, loadHipaaConfig } from '../../config/hipaa-config';
import { FLOW_RULES, FlowInputError, FlowLinterSetupError, lintFlow, protectedFunctionPaths } from '../flow';
import { formatJson } from '../output/json';
import type { LintInputError, LintTarget, ToolInfo } from '../output/result';
import { summarize } from '../output/result';
import { formatSarif } from '../output/sarif';
import { formatText } from '../output/text';
import type { FlowLintOptions } from '../types';
import type { CliIo } from './io';
import pkg from '../../../../package.json';

export const FLOW_USAGE = `usage: npm run -s lint -- flow FILE... [--format text|json|sarif] [--allow-host HOST]... [--config hipaa.config.json]
exit codes: 0 no errors (warnings allowed), 1 errors found, 2 unreadable or invalid input, or usage error`;

const TOOL: ToolInfo = { name: 'hipaa-flow-lint', version: pkg.version };
const HOST = /^(\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** The flow linter's flags, declared once (npm run lint -- flow and `twilio hipaa:lint flow`). */
export const FLOW_LINT_FLAGS = {
  format: { kind: 'string', choices: ['text', 'json', 'sarif'], default: 'text', description: 'report format' },
  'allow-host': {
    kind: 'string',
    multiple: true,
    valueName: 'HOST',
    description: 'a host allowed besides the Functions and Twilio (*.example.org: subdomains)',
  },
  config: { kind: 'string', valueName: 'FILE', description: 'hipaa.config.json: its allowedWebhookHosts are allowed too' },
  help: { kind: 'boolean', short: 'h', description: 'this usage' },
} as const satisfies FlagSpecs;

export interface FlowCliArgs {
  files: string[];
  format: 'text' | 'json' | 'sarif';
  allowHosts: string[];
  config?: string;
  help: boolean;
}

/** The typed arguments from checked flag values and the positional files (npm script and plugin). */
export function flowLintArgsFrom(values: Record<string, unknown>, files: readonly string[]): FlowCliArgs {
  const allowHosts = (values['allow-host'] as string[] | undefined) ?? [];
  if (allowHosts.some((h) => !HOST.test(h)))
    throw new UsageError('--allow-host takes a host name such as api.example.org or *.example.org');
  if (values.help !== true && files.length === 0) throw new UsageError('no flow files given');
  return {
    files: [...files],
    format: values.format as FlowCliArgs['format'],
    allowHosts,
    help: values.help === true,
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
  };
}

function parse(argv: readonly string[]): FlowCliArgs {
  const { values, positionals } = parseCommandLine({ flags: FLOW_LINT_FLAGS, positionals: true }, argv);
  return flowLintArgsFrom(values, positionals);
}

/** "not valid JSON (line 3, column 7)": position only, never the text around it. */
function jsonError(text: string, e: unknown): string {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  if (!m) return 'not valid JSON';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return `not valid JSON (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

function lintFile(path: string, opts: FlowLintOptions): Omit<LintTarget, 'file'> {
  const fail = (error: LintInputError) => ({ findings: [], error });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fail({ pointer: '', message: 'the file cannot be read' });
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (e) {
    return fail({ pointer: '', message: jsonError(text, e) });
  }
  try {
    return lintFlow(definition, opts);
  } catch (e) {
    if (e instanceof FlowInputError)
      return fail({ pointer: e.pointer, message: `not a valid Studio flow definition: ${e.rule} at ${e.pointer || '/'}` });
    if (e instanceof FlowLinterSetupError) return fail({ pointer: '', message: `the flow linter cannot run: ${e.message}` });
    return fail({ pointer: '', message: 'the flow could not be linted' });
  }
}

export async function runFlowLintCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: FlowCliArgs;
  try {
    args = parse(argv);
  } catch (e) {
    io.err(`${e instanceof UsageError ? e.message : 'invalid arguments'}\n${FLOW_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(FLOW_USAGE);
    return 0;
  }
  return runFlowLint(args, io);
}

/** The flow linter on typed arguments (npm run lint -- flow and `twilio hipaa:lint flow`). */
export async function runFlowLint(args: FlowCliArgs, io: CliIo): Promise<number> {
  const allowedHosts = [...args.allowHosts];
  if (args.config) {
    try {
      allowedHosts.push(...(loadHipaaConfig(resolve(io.root, args.config)).allowedWebhookHosts ?? []));
    } catch (e) {
      io.err(e instanceof ConfigFileError ? e.message : 'cannot load the hipaa config');
      return 2;
    }
  }
  const opts: FlowLintOptions = { allowedHosts, protectedFunctionPaths: protectedFunctionPaths(io.root) };
  const targets: LintTarget[] = args.files.map((f) => {
    const abs = resolve(io.root, f);
    const rel = relative(io.root, abs);
    const file = rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split('\\').join('/');
    return { file, ...lintFile(abs, opts) };
  });
  if (args.format === 'json') io.out(formatJson(targets, TOOL));
  else if (args.format === 'sarif')
    io.out(
      formatSarif(
        targets,
        FLOW_RULES.map((r) => r.meta),
        TOOL,
      ),
    );
  else io.out(formatText(targets));
  return summarize(targets).exitCode;
}
