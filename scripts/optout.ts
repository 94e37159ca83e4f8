/**
 * `npm run -s optout -- status|set|clear <E.164> ...`: the support CLI for a number's opt-out
 * state. Exit codes: 0 done, 2 usage error, 3 the ledger could not be read or written (unknown).
 */
import { join } from 'node:path';
import { formatResult, parseOptoutArgs, runOptout, USAGE, UsageError } from '../src/cli/optout-core';
import { LedgerSetupError, ledgerFromEnv, localEnvPath, twilioClientFromEnv } from '../src/cli/ledger-from-env';
import { readEnvFile } from './local-env';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseOptoutArgs(argv);
  } catch (err) {
    console.error(`${err instanceof UsageError ? err.message : 'invalid arguments'}\n${USAGE}`);
    return 2;
  }
  const root = join(__dirname, '..');
  const localPath = localEnvPath(root);
  let setup;
  try {
    setup = ledgerFromEnv(process.env, root, localPath ? readEnvFile(localPath) : null, twilioClientFromEnv(process.env));
  } catch (err) {
    console.error(err instanceof LedgerSetupError ? err.message : 'could not set up the ledger');
    return 2;
  }
  try {
    const result = await runOptout(args, setup.ledger);
    console.log(formatResult(args, result));
    return 0;
  } catch {
    console.error(`status unknown: the ${setup.source} ledger could not be ${args.command === 'status' ? 'read' : 'written'}; treat the number as opted out`);
    return 3;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
