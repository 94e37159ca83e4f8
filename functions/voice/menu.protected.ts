/** POST /voice/menu — the IVR's `<Gather>` action (set by /voice/inbound's TwiML; not configured by hand). */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { voiceMenuSpec } from '../../src/runtime/voice/spec';

export const handler = serverlessHandler(voiceMenuSpec());
