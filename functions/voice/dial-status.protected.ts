/**
 * POST /voice/dial-status — the front-desk `<Dial>` action (voicemail enabled only) and the voicemail
 * `<Record>` action. Set by the IVR's own TwiML; not configured by hand.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { voiceDialStatusSpec } from '../../src/runtime/voice/spec';

export const handler = serverlessHandler(voiceDialStatusSpec());
