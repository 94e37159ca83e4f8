/**
 * `npm run lint`: ESLint over the project (what CI runs).
 * `npm run -s lint -- flow FILE... [--format text|json|sarif]`: the Studio flow linter.
 * `npm run -s lint -- message "TEXT" | --file FILE [--format text|json]`: the message/template linter.
 * `npm run -s lint -- --help`: these usages (ESLint's own: `npx eslint --help`).
 * Exit codes of flow/message: 0 clean, 1 errors found, 2 unreadable or invalid input.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FLOW_USAGE, runFlowLintCli } from '../src/tooling/lint/cli/flow-cli';
import { MESSAGE_USAGE, runMessageLintCli } from '../src/tooling/lint/cli/message-cli';

const ROOT = join(__dirname, '..');

function eslint(args: readonly string[]): number {
  const bin = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const r = spawnSync(process.execPath, [bin, ...(args.length > 0 ? args : ['.'])], { stdio: 'inherit', cwd: ROOT });
  return r.status ?? 2;
}

/** `npm run -s lint -- --help`: the three forms (ESLint's own options: `npx eslint --help`). */
const LINT_USAGE = [
  'usage: npm run lint [-- ESLINT ARGS...]          ESLint over the project (default: .); ESLint options: npx eslint --help',
  `       ${FLOW_USAGE.replace(/^usage: /, '').split('\n')[0]}`,
  `       ${MESSAGE_USAGE.replace(/^usage: /, '').split('\n')[0]}`,
  "       npm run -s lint -- flow --help | message --help (each linter's usage and exit codes)",
].join('\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${LINT_USAGE}\n`);
    return 0;
  }
  const io = {
    root: ROOT,
    out: (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  };
  if (command === 'flow') return runFlowLintCli(rest, io);
  if (command === 'message') return runMessageLintCli(rest, io);
  return eslint(argv);
}

main(process.argv.slice(2)).then((code) => process.exit(code));
