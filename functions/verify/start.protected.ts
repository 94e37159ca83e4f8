/**
 * POST /verify/start — called server to server by the patient portal's backend, form-encoded and
 * signed with the account's auth token like a Twilio webhook. Sends a code by sms or call.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { verifyStartSpec } from '../../src/runtime/verify/spec';

export const handler = serverlessHandler(verifyStartSpec());
