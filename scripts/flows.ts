/**
 * `npm run -s flows -- render [--out DIR] [--environment NAME] [--local [--port N]] [--flow NAME]`
 * and `npm run -s flows -- deploy [--environment NAME] [--status draft|published] [--flow NAME]`:
 * fill the Studio flow templates in flows/ for the deployed Functions, and deploy them to Studio
 * (flow linter, FlowValidate, then create or update). See src/tooling/flows/cli.ts.
 * Exit codes: 0 ok, 1 a flow could not be rendered, validated or deployed, 2 usage/credentials.
 */
import { join } from 'node:path';
import twilio from 'twilio';
import { gitSha } from '../src/tooling/cli/git';
import { runFlowsCli } from '../src/tooling/flows/cli';

const root = join(__dirname, '..');

runFlowsCli(process.argv.slice(2), {
  root,
  env: process.env,
  makeClient: (username, password, accountSid) => twilio(username, password, { accountSid }),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  gitSha: () => gitSha(root),
}).then(
  (code) => process.exit(code),
  () => {
    process.stderr.write('flows failed unexpectedly\n');
    process.exit(1);
  },
);
