/**
 * POST /studio/can-send — the appointment-reminder flow's first step: {"send":true} only for an
 * allowed-country number that is not opted out of the flow's sender (fails closed).
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { canSendSpec } from '../../src/studio/can-send';

export const handler = serverlessHandler(canSendSpec());
