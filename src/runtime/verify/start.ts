/**
 * POST /verify/start core: admit (country, rate limits), then start a Twilio Verify verification.
 * The caller gets 202 `{"status":"pending"}` whether the number exists or not: invalid, landline,
 * unreachable and too-many-sends are logged (code only) and answered exactly like a sent code.
 * Only our own failures (credentials, the Service, Twilio down) are a 503. No SID is returned:
 * a failed start has none, so a SID would tell the two apart.
 */
import type { HttpReply } from '../core/http';
import { admit, type VerifyDeps } from './admit';
import { verifyReplies } from './replies';
import { classifyVerifyError } from './twilio-errors';
import type { VerifyChannel } from './verify-api';

export interface VerifyStartInput {
  to: string;
  channel: VerifyChannel;
  requester?: string;
}

export async function startVerification(input: VerifyStartInput, deps: VerifyDeps): Promise<HttpReply> {
  const admission = await admit('start', input.to, input.requester, deps);
  if (!admission.ok) return admission.reply;
  try {
    const v = await deps.api.start(input.to, input.channel);
    deps.log.info('verify_start.sent', { verificationSid: v.sid, channel: input.channel, status: v.status });
  } catch (err) {
    const failure = classifyVerifyError(err, 'infrastructure');
    const errorCode = failure.code === null ? {} : { errorCode: failure.code };
    if (failure.kind === 'infrastructure') {
      await deps.limiter.giveBack(admission.taken);
      deps.log.error('verify_start.twilio_unavailable', { status: 503, channel: input.channel, ...errorCode });
      return verifyReplies.unavailable();
    }
    deps.log.warn('verify_start.not_sent', { channel: input.channel, ...errorCode });
  }
  return verifyReplies.pending();
}
