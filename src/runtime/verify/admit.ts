/**
 * What both /verify endpoints do before calling Twilio: the destination country must be one the
 * clinic serves, then a unit from the requester's and the number's hourly buckets. Fails closed: a
 * state store we cannot reach means 503 and no call to Twilio.
 */
import type { HttpReply } from '../core/http';
import type { PhiFreeLogger } from '../core/log';
import { isAllowedCountry } from '../core/phone';
import { CasError } from '../state/kv';
import type { Operation, VerifyLimiter } from './limits';
import { verifyReplies } from './replies';
import type { VerifyApi } from './verify-api';

export interface VerifyDeps {
  /** ISO countries the clinic serves (clinic.json `countries`). */
  countries: readonly string[];
  limiter: VerifyLimiter;
  api: VerifyApi;
  log: PhiFreeLogger;
}

export type Admission = { ok: true; taken: string[] } | { ok: false; reply: HttpReply };

export async function admit(op: Operation, to: string, requester: string | undefined, deps: VerifyDeps): Promise<Admission> {
  const event = `verify_${op}`;
  if (!isAllowedCountry(to, deps.countries)) {
    deps.log.warn(`${event}.unsupported_destination`, { status: 422 });
    return { ok: false, reply: verifyReplies.unsupportedDestination() };
  }
  try {
    const result = await deps.limiter.take(op, to, requester);
    if (result.ok) return { ok: true, taken: result.taken };
    deps.log.warn(`${event}.rate_limited_${result.full}`, { status: 429 });
    return { ok: false, reply: verifyReplies.rateLimited() };
  } catch (err) {
    const fields = err instanceof CasError ? { attempts: err.attempts, ...(err.code === null ? {} : { errorCode: err.code }) } : {};
    deps.log.error(`${event}.limit_store_failed`, { status: 503, ...fields });
    return { ok: false, reply: verifyReplies.unavailable() };
  }
}
