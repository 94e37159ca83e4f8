/**
 * POST /optout/guard — called by a Studio Run Function widget placed first on every incoming-message
 * branch (flows/*.json). Same keywords and ledger as /sms/inbound; answers JSON
 * {"action":"optout"|"optout_all"|"optin"|"help"|"none","reply":"..."} for the flow to branch on.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { optOutEffects } from '../../src/runtime/services';
import { optoutGuardSpec } from '../../src/runtime/optout/guard-spec';

export const handler = serverlessHandler(optoutGuardSpec(optOutEffects));
