/**
 * POST /sms/inbound — set as the incoming-message webhook (HTTP POST) of the number or Messaging
 * Service, and as its fallback URL too. Custom STOP/START/HELP with the opt-out ledger.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { smsInboundSpec } from '../../src/inbound/spec';

export const handler = serverlessHandler(smsInboundSpec());
