/**
 * `npm run -s sid -- SID... [--format text|json]` (`--help` for the usage): PHI-free troubleshooting by SID for support
 * staff (docs/support.md; src/tooling/sid/run.ts). Exit codes: 0 found, 1 not found,
 * 2 usage error or malformed SID, 3 could not check.
 */
import { join } from 'node:path';
import twilio from 'twilio';
import { USAGE, wantsHelp } from '../src/tooling/sid/args';
import { runSidCli } from '../src/tooling/sid/run';

const argv = process.argv.slice(2);
if (wantsHelp(argv)) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

runSidCli(argv, {
  root: join(__dirname, '..'),
  env: process.env,
  makeClient: (username, password, accountSid) => twilio(username, password, { accountSid }),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then(
  (outcome) => process.exit(outcome.exitCode),
  () => {
    process.stderr.write('sid failed unexpectedly: nothing can be concluded\n');
    process.exit(3);
  },
);
