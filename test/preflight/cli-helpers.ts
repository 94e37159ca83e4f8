/** Drives the preflight CLI in-process against a World (fake Twilio + temp project). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import { runPreflightCli, type PreflightOutcome } from '../../src/tooling/preflight/cli/run';
import type { Rule } from '../../src/tooling/preflight/types';
import { RedirectingRequestClient } from '../fake-twilio';
import type { World } from './harness';

export interface CliRun extends PreflightOutcome {
  stdout: string;
  stderr: string;
}

export async function runCli(
  world: World,
  argv: string[],
  opts: { env?: Record<string, string>; rules?: readonly Rule[]; tty?: boolean; answer?: boolean } = {},
): Promise<CliRun> {
  writeFileSync(join(world.projectRoot, 'hipaa.config.json'), JSON.stringify(world.config));
  let stdout = '';
  let stderr = '';
  const outcome = await runPreflightCli(argv, {
    root: world.projectRoot,
    env: opts.env ?? { ACCOUNT_SID: world.accountSid, AUTH_TOKEN: world.fake.authToken },
    makeClient: (username, password, accountSid) =>
      twilio(username, password, { accountSid, httpClient: new RedirectingRequestClient(world.fake.origin) }),
    probeStatus: world.probeStatus,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: opts.tty ?? false,
    confirm: async () => opts.answer ?? false,
    ...(opts.rules ? { rules: opts.rules } : {}),
    api: { maxDelayMs: 5 },
    toolVersion: '0.0.0-test',
  });
  return { ...outcome, stdout, stderr };
}
