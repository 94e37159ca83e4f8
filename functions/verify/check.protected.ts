/**
 * POST /verify/check — called server to server by the patient portal's backend, form-encoded and
 * signed with the account's auth token like a Twilio webhook. Answers whether the code is right.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { verifyCheckSpec } from '../../src/runtime/verify/spec';

export const handler = serverlessHandler(verifyCheckSpec());
