/**
 * The part render and deploy share: credentials (the preflight's reader: environment, else
 * .env.deploy), the target (the deployed environment found through .twiliodeployinfo and the
 * Serverless API, or the local server), and every template rendered for it — all templates are
 * tried and every failure is reported before giving up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import { CLINIC_ASSET, loadClinicConfig } from '../../runtime/clinic/clinic-config';
import { ConfigError } from '../../runtime/core/config';
import { findCredentials } from '../preflight/cli/credentials';
import type { FlowsArgs } from './args';
import { readDeployInfo } from './deploy-info';
import { FlowsError, flowError, usageError } from './errors';
import { renderFlow, type RenderedFlow } from './render';
import { deployedTarget } from './serverless-lookup';
import { localTarget, type RenderTarget } from './target';
import { placeholdersOf } from './placeholders';
import { loadTemplates } from './templates';
import { resolveValues } from './values';

export const DEPLOY_ENV_FILE = '.env.deploy';
const CLINIC_FILE = 'assets/clinic.private.json';

export type ClientFactory = (username: string, password: string, accountSid: string) => Twilio;

export interface PipelineDeps {
  root: string;
  env: Record<string, string | undefined>;
  makeClient: ClientFactory;
}

/** A Twilio client for the account of the credentials (environment, else .env.deploy). */
export function connect(deps: PipelineDeps): { client: Twilio; accountSid: string } {
  const creds = findCredentials(deps.env, join(deps.root, DEPLOY_ENV_FILE));
  if (!creds) {
    throw usageError(
      `no Twilio credentials: set ACCOUNT_SID with AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET) in the environment or ${DEPLOY_ENV_FILE}`,
    );
  }
  return { client: deps.makeClient(creds.username, creds.password, creds.accountSid), accountSid: creds.accountSid };
}

/** The clinic's front-desk number from assets/clinic.private.json (validated by the clinic config schema). */
export function frontDeskNumber(root: string): string {
  const read = (path: string): string | null => {
    if (path !== CLINIC_ASSET) return null;
    try {
      return readFileSync(join(root, CLINIC_FILE), 'utf8');
    } catch {
      return null;
    }
  };
  try {
    return loadClinicConfig(read).voice.frontDeskNumber;
  } catch (err) {
    throw flowError(err instanceof ConfigError ? `${CLINIC_FILE}: ${err.message}` : `${CLINIC_FILE} could not be read`);
  }
}

export interface Rendered {
  target: RenderTarget;
  flows: RenderedFlow[];
  /** Set unless rendering for the local server. */
  client: Twilio | null;
}

export async function renderAll(args: FlowsArgs, deps: PipelineDeps): Promise<Rendered> {
  const templates = loadTemplates(deps.root, args.flow);
  let target: RenderTarget;
  let client: Twilio | null = null;
  if (args.local) target = localTarget(deps.root, args.port);
  else {
    const connection = connect(deps);
    client = connection.client;
    target = await deployedTarget(client, readDeployInfo(deps.root, connection.accountSid), args.environment);
  }
  const needed = new Set(templates.flatMap((t) => [...placeholdersOf(t.definition)]));
  const values = await resolveValues(needed, { target, frontDeskNumber: () => frontDeskNumber(deps.root) });
  const inputs = { target, values };
  const flows: RenderedFlow[] = [];
  const problems: string[] = [];
  for (const t of templates) {
    try {
      flows.push(renderFlow(t, inputs));
    } catch (err) {
      if (!(err instanceof FlowsError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length > 0) throw flowError([...new Set(problems)].join('\n'));
  return { target, flows, client };
}
