/**
 * POST /sms/inbound — set as the incoming-message webhook (HTTP POST) of the number or Messaging
 * Service, and as its fallback URL too. Custom STOP/START/HELP with the opt-out ledger; numeric
 * replies to an open reminder go to the appointment-reply router; an opt-out also cancels the
 * still-scheduled reminders it covers.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { smsInboundSpec } from '../../src/runtime/sms/inbound-spec';
import { appointmentReplyRouter } from '../../src/runtime/reminders/reply-router';
import { optOutEffects } from '../../src/runtime/services';

export const handler = serverlessHandler(smsInboundSpec(appointmentReplyRouter, optOutEffects));
