/**
 * POST /voice/inbound — set as the number's "A call comes in" webhook (HTTP POST), no query string.
 * The PHI-free IVR menu: confirm, reschedule or cancel the next appointment, or the front desk.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { voiceInboundSpec } from '../../src/runtime/voice/spec';

export const handler = serverlessHandler(voiceInboundSpec());
