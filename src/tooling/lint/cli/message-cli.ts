/**
 * `npm run -s lint -- message "TEXT" | --file FILE [--format text|json]`: lints one message, a
 * plain-text file (the whole file is one message), or a reminder-templates JSON file (`.json`:
 * each template's text, pointer `/templates/N/text`). Exit 0 PHI-free, 1 not PHI-free, 2
 * unreadable or invalid input or usage. Output names rules, lexicon terms and pointers; it never
 * echoes the linted text, a path or an argument.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseCommandLine, UsageError, type FlagSpecs } from '../../cli/args';
import { getLexicon, lintMessage } from '../message/index';
import { readTemplatesFile, TemplatesFileError, type PointedText } from '../message/templates-file';
import type { LintFinding } from '../types';
import type { CliIo } from './io';

export const MESSAGE_USAGE = `usage: npm run -s lint -- message "TEXT" | --file FILE [--format text|json]
  FILE: a plain-text message, or a reminder-templates .json file (each template's text is linted)
exit codes: 0 PHI-free, 1 not PHI-free, 2 unreadable or invalid input, or usage error`;

/** Files larger than this are refused rather than partly read. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Bad input (not usage): the one usage error serves both, as before. */
const InputError = UsageError;

/** The message linter's flags, declared once (npm run lint -- message and `twilio hipaa:lint message`). */
export const MESSAGE_LINT_FLAGS = {
  file: { kind: 'string', valueName: 'FILE', description: 'a plain-text message, or a reminder-templates .json file' },
  format: { kind: 'string', choices: ['text', 'json'], default: 'text', description: 'report format' },
  help: { kind: 'boolean', short: 'h', description: 'this usage' },
} as const satisfies FlagSpecs;

export interface MessageCliArgs {
  text?: string;
  file?: string;
  format: 'text' | 'json';
  help: boolean;
}

/** The typed arguments from checked flag values and the positional message (npm script and plugin). */
export function messageLintArgsFrom(values: Record<string, unknown>, positionals: readonly string[]): MessageCliArgs {
  const format = values.format as MessageCliArgs['format'];
  if (values.help === true) return { format, help: true };
  const file = typeof values.file === 'string' ? values.file : undefined;
  if (file !== undefined && positionals.length > 0) throw new InputError('give either a message or --file, not both');
  if (positionals.length > 1) throw new InputError('give the message as one quoted argument');
  if (file === undefined && positionals.length === 0) throw new InputError('no message or --file given');
  return { format, help: false, ...(file !== undefined ? { file } : { text: positionals[0] ?? '' }) };
}

function parse(argv: readonly string[]): MessageCliArgs {
  const { values, positionals } = parseCommandLine({ flags: MESSAGE_LINT_FLAGS, positionals: true }, argv);
  return messageLintArgsFrom(values, positionals);
}

function readInput(args: MessageCliArgs, root: string): PointedText[] {
  if (args.file === undefined) return [{ pointer: '', text: args.text ?? '' }];
  const path = isAbsolute(args.file) ? args.file : resolve(root, args.file);
  let content: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new InputError('the file is larger than 1 MiB');
    content = readFileSync(path, 'utf8');
  } catch (e) {
    throw e instanceof InputError ? e : new InputError('the file cannot be read');
  }
  if (/\.json$/i.test(path)) {
    try {
      return readTemplatesFile(content);
    } catch (e) {
      throw new InputError(e instanceof TemplatesFileError ? e.message : 'the templates file cannot be read');
    }
  }
  return [{ pointer: '', text: content.replace(/\r?\n$/, '') }];
}

function textReport(phiFree: boolean, findings: readonly LintFinding[]): string {
  const lines = [phiFree ? 'PHI-free: yes' : `PHI-free: no (${findings.length} finding${findings.length === 1 ? '' : 's'})`];
  for (const f of findings)
    lines.push(`  ${f.severity.padEnd(5)}  ${f.ruleId.padEnd(28)}  ${f.message}${f.pointer ? `  at ${f.pointer}` : ''}`);
  return lines.join('\n');
}

export async function runMessageLintCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: MessageCliArgs;
  try {
    args = parse(argv);
  } catch (e) {
    io.err(`${e instanceof InputError ? e.message : 'invalid input'}\n${MESSAGE_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(MESSAGE_USAGE);
    return 0;
  }
  return runMessageLint(args, io);
}

/** The message linter on typed arguments (npm run lint -- message and `twilio hipaa:lint message`). */
export async function runMessageLint(args: MessageCliArgs, io: CliIo): Promise<number> {
  let inputs: PointedText[];
  try {
    inputs = readInput(args, io.root);
    const empty = inputs.find((i) => i.text.trim().length === 0);
    if (empty !== undefined)
      throw new InputError(empty.pointer === '' ? 'the message is empty' : `a template text is empty: ${empty.pointer}`);
  } catch (e) {
    io.err(`${e instanceof InputError ? e.message : 'invalid input'}\n${MESSAGE_USAGE}`);
    return 2;
  }
  try {
    getLexicon();
  } catch (e) {
    // A broken lexicon names JSON paths only; the linter cannot run, which is not a pass.
    io.err(e instanceof Error ? e.message : 'the message lexicon cannot be loaded');
    return 2;
  }
  const findings: LintFinding[] = [];
  for (const input of inputs) {
    for (const f of lintMessage(input.text).findings) findings.push({ ...f, pointer: input.pointer + f.pointer });
  }
  const phiFree = !findings.some((f) => f.severity === 'error');
  if (args.format === 'json') {
    io.out(
      JSON.stringify(
        { phiFree, findings: findings.map(({ ruleId, severity, message, pointer }) => ({ ruleId, severity, message, pointer })) },
        null,
        2,
      ),
    );
  } else {
    io.out(textReport(phiFree, findings));
  }
  return phiFree ? 0 : 1;
}
