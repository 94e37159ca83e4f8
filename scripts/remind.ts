/**
 * `npm run -s remind -- --to ... --at ... --template ... --location ... --ref ...`: signs and sends
 * one reminder request to a local or deployed /reminders/send (see src/tooling/cli/remind-core.ts).
 * Exit codes: 0 accepted (2xx), 1 refused by the endpoint (4xx/5xx), 2 usage or connection error.
 */
import { join } from 'node:path';
import { localEnvPath } from '../src/tooling/cli/ledger-from-env';
import {
  callEndpoint,
  formatRemindResult,
  parseRemindArgs,
  REMIND_USAGE,
  RemindUsageError,
  wantsRemindHelp,
} from '../src/tooling/cli/remind-core';
import { readEnvFile } from '../src/runtime/core/env-file';

async function main(argv: string[]): Promise<number> {
  if (wantsRemindHelp(argv)) {
    console.log(REMIND_USAGE);
    return 0;
  }
  let args;
  try {
    args = parseRemindArgs(argv, process.env);
  } catch (err) {
    console.error(`${err instanceof RemindUsageError ? err.message : 'invalid arguments'}\n${REMIND_USAGE}`);
    return 2;
  }
  const localPath = localEnvPath(join(__dirname, '..'));
  const authToken = process.env.AUTH_TOKEN || (localPath ? readEnvFile(localPath)?.AUTH_TOKEN : undefined);
  if (!authToken) {
    console.error('no AUTH_TOKEN: set it in the environment (or run `npm start` once to create .env.local)');
    return 2;
  }
  try {
    const result = await callEndpoint(args, authToken);
    console.log(formatRemindResult(args, result));
    return result.status >= 200 && result.status < 300 ? 0 : 1;
  } catch {
    console.error('could not reach the endpoint (is the server running?)');
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
