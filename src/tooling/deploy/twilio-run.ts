/**
 * The `twilio-run deploy` step (twilio-run 5.0.1 flags: --functions-folder, --assets-folder, --env,
 * --environment / --production, --service-sid, -o json). Explicit flags win over
 * .twilioserverlessrc, whose deploy folders point at the committed blocker (see hook.ts). `--env` is
 * the gated build's canonical env file (dist/gated/deploy.env: the map the checks saw, written so
 * twilio-run's own dotenv 6.2.0 reads it back unchanged; see gated-build.ts), never the user's file.
 * Credentials come from that file (never -u/--password: argv is visible to other users).
 */
import { runNode, safeTail } from './child-steps';

export interface TwilioRunInvocation {
  root: string;
  functionsFolder: string;
  assetsFolder: string;
  /** Project-relative env file twilio-run uploads: the gated build's canonical one. */
  envFile: string;
  /** Domain suffix or ZE SID; '' is the production environment. */
  environment: string;
  serviceSid?: string;
}

export interface TwilioRunResult {
  exitCode: number | null;
  /** On failure: the last lines of twilio-run's output, ANSI-free, numbers masked. */
  errorLines: string[];
}

export const TWILIO_RUN_BIN = 'node_modules/twilio-run/bin/twilio-run.js';

export function twilioRunArgs(inv: TwilioRunInvocation): string[] {
  return [
    'deploy',
    '--functions-folder',
    inv.functionsFolder,
    '--assets-folder',
    inv.assetsFolder,
    '--env',
    inv.envFile,
    ...(inv.environment === '' ? ['--production'] : ['--environment', inv.environment]),
    ...(inv.serviceSid ? ['--service-sid', inv.serviceSid] : []),
    '-o',
    'json',
  ];
}

/** Runs the project's twilio-run in a child process (cwd = project root). */
export async function runTwilioRunDeploy(inv: TwilioRunInvocation): Promise<TwilioRunResult> {
  const ran = await runNode(inv.root, TWILIO_RUN_BIN, twilioRunArgs(inv), 30 * 60_000);
  return { exitCode: ran.code, errorLines: ran.code === 0 ? [] : safeTail(`${ran.stdout}\n${ran.stderr}`) };
}
