/**
 * Sorts Twilio Verify errors into what the number did (invalid 60200/21211, landline 60205, not
 * mobile 21614, too many sends 60203 or checks 60202, blocked 60410...: the caller's answer must
 * not change) and what our side did (credentials, a missing Service, Twilio's API limits, 5xx, no
 * answer: 503). Any other 4xx counts as the number's. Only the numeric code is kept.
 */

export type FailureKind = 'number' | 'infrastructure';

export interface VerifyFailure {
  kind: FailureKind;
  /** Twilio error code, else the HTTP status, else null (no answer at all). Safe to log. */
  code: number | null;
}

/** Documented codes (https://www.twilio.com/docs/api/errors/<code>) that are never about the number. */
export const INFRASTRUCTURE_CODES: ReadonlySet<number> = new Set([
  20003, // Authentication failed (401)
  20005, // Account not active
  20008, // Test credentials cannot reach this resource
  20429, // Too many requests (our API concurrency, not the number)
]);

export const NOT_FOUND = 20404;

interface RestLike {
  status?: unknown;
  code?: unknown;
}

function parts(err: unknown): { status: number | null; code: number | null } {
  const e: RestLike = typeof err === 'object' && err !== null ? (err as RestLike) : {};
  return {
    status: typeof e.status === 'number' ? e.status : null,
    code: typeof e.code === 'number' ? e.code : null,
  };
}

/**
 * Classifies an error from creating a verification or a check. `notFoundIs` says what a 404 means:
 * for /verify/start only the Service can be missing (infrastructure); for /verify/check it is
 * also Twilio's answer for "no pending verification for this number" (number).
 */
export function classifyVerifyError(err: unknown, notFoundIs: FailureKind): VerifyFailure {
  const { status, code } = parts(err);
  const logged = code ?? status;
  if (status === null) return { kind: 'infrastructure', code: logged };
  if (status >= 500 || status === 401) return { kind: 'infrastructure', code: logged };
  if (code !== null && INFRASTRUCTURE_CODES.has(code)) return { kind: 'infrastructure', code: logged };
  if (status === 404 || code === NOT_FOUND) return { kind: notFoundIs, code: logged };
  return { kind: 'number', code: logged };
}
