/**
 * `npm run -s preflight -- ...`: check the target Twilio account's HIPAA designation and settings
 * (and this project's build) before deploying. See README "Preflight" and src/preflight/cli/run.ts.
 */
import { join } from 'node:path';
import twilio from 'twilio';
import { confirmOnStdin } from '../src/cli/confirm';
import { headStatus } from '../src/preflight/cli/probe';
import { runPreflightCli } from '../src/preflight/cli/run';
import pkg from '../package.json';

const root = join(__dirname, '..');

runPreflightCli(process.argv.slice(2), {
  root,
  env: process.env,
  makeClient: (username, password, accountSid) => twilio(username, password, { accountSid }),
  probeStatus: (url) => headStatus(url),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stdout.isTTY === true && process.stderr.isTTY === true,
  confirm: confirmOnStdin,
  toolVersion: pkg.version,
}).then(
  (outcome) => process.exit(outcome.exitCode),
  () => {
    process.stderr.write('preflight failed unexpectedly\n');
    process.exit(3);
  },
);
