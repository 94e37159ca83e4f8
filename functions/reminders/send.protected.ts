/**
 * POST /reminders/send — called by the clinic's scheduling system (or Studio), form-encoded and
 * signed with the account's auth token exactly as Twilio signs webhooks. See README "Reminders".
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { remindersSendSpec } from '../../src/runtime/reminders/send-spec';

export const handler = serverlessHandler(remindersSendSpec);
