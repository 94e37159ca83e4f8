/**
 * Which state stores a support CLI opens, chosen like the opt-out CLI's ledger
 * (`ledger-from-env.ts`): Twilio Sync when credentials are in the environment (see
 * `twilioClientFromEnv`) plus SYNC_SERVICE_SID, otherwise the local profile's files (`.env.local`
 * LEDGER_FILE_DIR, whose `state/` directory the Functions use under the local profile). The
 * collections are opened by `openState`, the same code the Functions use.
 */
import { join, resolve } from 'node:path';
import type { Twilio } from 'twilio';
import type { AppConfig } from '../../runtime/core/config';
import { openState, type StateStores } from '../../runtime/state/factory';

export class StateSetupError extends Error {}

const SYNC_SERVICE_SID = /^IS[0-9a-fA-F]{32}$/;
const SHARDS = /^([1-9]|[1-5][0-9]|6[0-4])$/;

export function stateFromEnv(
  env: NodeJS.ProcessEnv,
  root: string,
  localEnv: Record<string, string> | null,
  client: Twilio | null,
): { state: StateStores; source: 'sync' | 'file' } {
  // openState reads only `state` from the config.
  const open = (state: AppConfig['state'], getClient: () => Twilio) => openState({ state }, getClient);
  if (client) {
    if (!env.SYNC_SERVICE_SID) throw new StateSetupError('SYNC_SERVICE_SID is required with credentials');
    if (!SYNC_SERVICE_SID.test(env.SYNC_SERVICE_SID)) throw new StateSetupError('SYNC_SERVICE_SID must be an IS... SID');
    // The same STATE_SHARDS as the deployed Functions (a different value fails closed: src/runtime/state/layout.ts).
    if (env.STATE_SHARDS && !SHARDS.test(env.STATE_SHARDS)) throw new StateSetupError('STATE_SHARDS must be 1-64');
    const shards = env.STATE_SHARDS ? Number(env.STATE_SHARDS) : 1;
    return { state: open({ backend: 'sync', serviceSid: env.SYNC_SERVICE_SID, shards }, () => client), source: 'sync' };
  }
  if (!localEnv?.LEDGER_FILE_DIR) {
    throw new StateSetupError(
      'no credentials in the environment and no local profile (.env.local); run `npm start` once or export credentials',
    );
  }
  const dir = join(resolve(root, localEnv.LEDGER_FILE_DIR), 'state');
  return {
    state: open({ backend: 'file', dir }, () => {
      throw new StateSetupError('the local profile has no Twilio client');
    }),
    source: 'file',
  };
}
