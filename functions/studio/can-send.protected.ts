/**
 * POST /studio/can-send — the appointment-reminder flow's first step: {"send":true} only for an
 * allowed-country number that is not opted out of the flow's sender (fails closed).
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { studioCanSendSpec } from '../../src/runtime/studio/can-send-spec';

export const handler = serverlessHandler(studioCanSendSpec());
