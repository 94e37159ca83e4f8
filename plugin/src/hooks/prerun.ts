/**
 * prerun: guards `twilio serverless:deploy` inside a hipaa-safe-messaging project (see
 * src/tooling/deploy/serverless-guard.ts). Every other command returns at the first comparison, and
 * outside our projects serverless:deploy costs two existsSync calls: nothing else is loaded.
 *
 * twilio-cli 6.x runs hooks through @oclif/core 1.x, whose runHook catches every error a hook
 * throws, `this.exit()` and `this.error()` included, and then runs the command anyway. The only
 * thing that stops the command is ending the process here: process.exit, after the message.
 */
import type { Hook } from '@oclif/core';
import { isAbsolute, join, resolve } from 'node:path';
import { isHipaaProject } from '../../../src/tooling/cli/project';
import type * as Core from '../core';

const DEPLOY_IDS = new Set(['serverless:deploy']);

/** The value of `--name V` / `--name=V` / `-c V` in argv (the last one wins, as in oclif). */
function flagValue(argv: readonly string[], long: string, short?: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (a === `--${long}` || (short !== undefined && a === `-${short}`)) value = argv[i + 1];
    else if (a.startsWith(`--${long}=`)) value = a.slice(long.length + 3);
  }
  return value;
}

const hook: Hook<'prerun'> = async function (opts) {
  if (!DEPLOY_IDS.has(opts.Command.id)) return;
  const cwd = flagValue(opts.argv, 'cwd');
  const root = cwd === undefined ? process.cwd() : isAbsolute(cwd) ? cwd : resolve(process.cwd(), cwd);
  if (!isHipaaProject(root)) return;

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { services } = require('@twilio/cli-core') as typeof import('@twilio/cli-core');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require(join(__dirname, '..', 'core.js')) as typeof Core;
  let credentials: Record<string, string> | null = null;
  try {
    const userConfig = await new services.config.Config(opts.config.configDir).load();
    const profile = userConfig.getProfileById(flagValue(opts.argv, 'profile', 'p'));
    if (profile?.accountSid && profile.apiKey && profile.apiSecret) credentials = core.profileEnv(profile);
  } catch {
    credentials = null; // no readable CLI config: the account cannot be checked (refused below)
  }
  let code: number;
  try {
    code = await core.guardDeploy(root, credentials);
  } catch {
    process.stderr.write('twilio serverless:deploy refused: the hipaa-safe-messaging checks failed unexpectedly. Nothing was deployed.\n');
    code = 3;
  }
  if (code !== 0) process.exit(code);
};

export default hook;
