/**
 * POST /sms/status — the StatusCallback /reminders/send sets on every reminder (https, POST).
 * Records delivery status by MessageSid; 21610 marks the ledger opted out too.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { smsStatusSpec } from '../../src/runtime/sms/status-spec';

export const handler = serverlessHandler(smsStatusSpec);
