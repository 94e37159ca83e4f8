/**
 * `npm run deploy -- [preflight flags] [--environment NAME | --production] [--service-sid ZS…]
 * [--accept-risk RULE_ID]... [--wire [--yes] [--number PN…]...]`: the gated deploy. Runs guards,
 * build, typecheck, the offline-check tests, the offline and account preflight, then
 * `twilio-run deploy` of dist/gated/, verifies the live build, smoke-tests the webhooks and prints
 * (or with --wire sets) the wiring. See src/tooling/deploy/run.ts; exit codes in src/tooling/deploy/args.ts.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { confirmOnStdin } from '../src/tooling/cli/confirm';
import { offlineCheckTests, typecheck } from '../src/tooling/deploy/child-steps';
import { removeGatedBuild } from '../src/tooling/deploy/gated-build';
import { runDeployCli } from '../src/tooling/deploy/run';
import { webhookPost } from '../src/tooling/deploy/smoke';
import { runTwilioRunDeploy } from '../src/tooling/deploy/twilio-run';
import { headStatus } from '../src/tooling/preflight/cli/probe';
import pkg from '../package.json';
import { buildProject } from './build';

const root = join(__dirname, '..');

// Interrupted: the gated build this run made must not outlive it (twilio-run gets the signal too).
let gatedBuildExists = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (gatedBuildExists) removeGatedBuild(root);
    process.stderr.write(
      `\ninterrupted${gatedBuildExists ? ' during the upload (removed dist/gated): check the Console for a partial deploy' : ': see the last step above (nothing is deployed before step 8)'}\n`,
    );
    process.exit(130);
  });
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

runDeployCli(process.argv.slice(2), {
  root,
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true,
  confirm: confirmOnStdin,
  makeClient: (username, password, accountSid) => twilio(username, password, { accountSid }),
  probeStatus: (url) => headStatus(url),
  smokePost: (url, form) => webhookPost(url, form),
  build: () => buildProject({ root }),
  typecheck: () => typecheck(root),
  offlineTests: () => offlineCheckTests(root),
  twilioRun: (inv) => runTwilioRunDeploy(inv),
  osUser,
  now: () => new Date(),
  onGatedBuild: (exists) => {
    gatedBuildExists = exists;
  },
  toolVersion: pkg.version,
}).then(
  (code) => process.exit(code),
  () => {
    if (gatedBuildExists) removeGatedBuild(root);
    process.stderr.write('deploy failed unexpectedly\n');
    process.exit(1);
  },
);
