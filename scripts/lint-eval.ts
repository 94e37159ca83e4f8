/**
 * `npm run -s lint:eval [-- --format text|json|markdown] [--misses] [--blind-misses]`: the message
 * linter's precision and recall on the tuning corpus and, separately, on the blind set
 * (src/tooling/lint/cli/eval-cli.ts). `--help` prints the usage.
 */
import { join } from 'node:path';
import { runEvalCli } from '../src/tooling/lint/cli/eval-cli';

const ROOT = join(__dirname, '..');
const io = { root: ROOT, out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
process.exit(runEvalCli(process.argv.slice(2), io));
