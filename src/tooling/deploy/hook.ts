/**
 * The hook that keeps direct deploys from skipping the gate. twilio-run (and the Twilio CLI plugin,
 * which calls twilio-run's own deploy handler) reads .twilioserverlessrc `commands.deploy`. Its
 * functionsFolder and assetsFolder point at a committed folder holding one file whose deploy path
 * twilio-run refuses, so a direct `twilio-run deploy` / `twilio serverless:deploy` fails while
 * listing files, before any network request. (A missing folder would not do: twilio-run then lists
 * nothing and goes on to the API.) The gate passes --functions-folder / --assets-folder
 * dist/gated/… explicitly; flags win over the config file.
 * Limits: explicit folder flags, another --config file, or an edited .twilioserverlessrc bypass it;
 * so do the Console, the Serverless API and any other deploy tool. It stops accidents, not intent.
 */
import { getPathAndAccessFromFileInfo } from '@twilio-labs/serverless-api/dist/utils/fs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';

export const RC_FILE = '.twilioserverlessrc';
export const BLOCKER_DIR = 'src/tooling/deploy/direct-deploy-blocked';

interface RcDeploy {
  functionsFolder?: unknown;
  assetsFolder?: unknown;
  env?: unknown;
}

/** What is wrong with the hook (empty: in place). PHI-free: names files and settings only. */
export function hookProblems(root: string): string[] {
  let rc: { commands?: { deploy?: RcDeploy } };
  try {
    rc = JSON5.parse(readFileSync(join(root, RC_FILE), 'utf8')) as typeof rc;
  } catch {
    return [`${RC_FILE} is missing or not valid JSON5`];
  }
  const deploy = rc.commands?.deploy ?? {};
  const problems: string[] = [];
  if (deploy.functionsFolder !== BLOCKER_DIR) problems.push(`${RC_FILE} commands.deploy.functionsFolder is not ${BLOCKER_DIR}`);
  if (deploy.assetsFolder !== BLOCKER_DIR) problems.push(`${RC_FILE} commands.deploy.assetsFolder is not ${BLOCKER_DIR}`);
  const dir = join(root, BLOCKER_DIR);
  const blockers = existsSync(dir)
    ? readdirSync(dir).filter((name) => {
        if (!name.endsWith('.js')) return false;
        try {
          getPathAndAccessFromFileInfo({ name, path: join(dir, name) }, '.js');
          return false;
        } catch {
          return true; // twilio-run refuses this file's deploy path: the listing stops here
        }
      })
    : [];
  if (blockers.length === 0) problems.push(`${BLOCKER_DIR} holds no file whose deploy path twilio-run refuses`);
  return problems;
}
