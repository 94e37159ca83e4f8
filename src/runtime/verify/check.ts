/**
 * POST /verify/check core: admit (country, rate limits), then a Twilio VerificationCheck. `valid`
 * is true only for an approved code; a wrong code, no pending verification (404), too many checks
 * (60202) or anything else about the number is `{"valid":false}`. Our own failures are a 503.
 * The code is never logged.
 */
import type { HttpReply } from '../core/http';
import { admit, type VerifyDeps } from './admit';
import { verifyReplies } from './replies';
import { classifyVerifyError } from './twilio-errors';

export interface VerifyCheckInput {
  to: string;
  code: string;
  requester?: string;
}

export async function checkVerification(input: VerifyCheckInput, deps: VerifyDeps): Promise<HttpReply> {
  const admission = await admit('check', input.to, input.requester, deps);
  if (!admission.ok) return admission.reply;
  try {
    const { status } = await deps.api.check(input.to, input.code);
    deps.log.info('verify_check.checked', { status });
    return verifyReplies.checked(status === 'approved');
  } catch (err) {
    const failure = classifyVerifyError(err, 'number');
    const errorCode = failure.code === null ? {} : { errorCode: failure.code };
    if (failure.kind === 'infrastructure') {
      await deps.limiter.giveBack(admission.taken);
      deps.log.error('verify_check.twilio_unavailable', { status: 503, ...errorCode });
      return verifyReplies.unavailable();
    }
    deps.log.info('verify_check.not_valid', errorCode);
    return verifyReplies.checked(false);
  }
}
