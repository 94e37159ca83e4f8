/**
 * Small helpers for tests that drive the fake through the real twilio SDK.
 */
import twilio from 'twilio';

export interface RestErrorInfo {
  status: number;
  code: number | undefined;
  moreInfo: string | undefined;
}

/** Awaits `p`, which must reject with the SDK's RestException; returns its status, code and more_info. */
export async function restError(p: Promise<unknown>): Promise<RestErrorInfo> {
  try {
    await p;
  } catch (e: unknown) {
    if (e instanceof twilio.RestException) return { status: e.status, code: e.code, moreInfo: e.moreInfo };
    throw e;
  }
  throw new Error('expected the SDK call to fail with a RestException');
}

export interface RawResult {
  status: number;
  body: unknown;
}

/**
 * A request the SDK's typed API cannot make (missing required fields, extra parameters), sent
 * through the client's own http client so it carries auth and the fake's host header.
 */
export async function rawRequest(
  client: twilio.Twilio,
  method: 'get' | 'post' | 'delete',
  uri: string,
  data?: Record<string, string | string[]>,
): Promise<RawResult> {
  const res = await client.request({ method, uri, ...(data === undefined ? {} : { data }) });
  const body: unknown = typeof res.body === 'string' && res.body !== '' ? JSON.parse(res.body) : res.body;
  return { status: res.statusCode, body };
}

/**
 * Takes the fake's recorded violations (see `FakeTwilio.takeViolations`) and asserts they are exactly
 * the expected kind: each pattern matches at least one violation and every violation matches a pattern.
 * For tests that send a malformed request on purpose (to check the fake's error answer).
 */
export function expectViolations(fake: { takeViolations(): string[] }, ...patterns: RegExp[]): string[] {
  const got = fake.takeViolations();
  const unmatched = patterns.filter((p) => !got.some((v) => p.test(v)));
  const unexpected = got.filter((v) => !patterns.some((p) => p.test(v)));
  if (unmatched.length > 0 || unexpected.length > 0) {
    throw new Error(
      `fake-twilio violations differ from the expected ones.\nmissing: ${unmatched.map(String).join(', ') || '-'}\nunexpected:\n${unexpected.join('\n') || '-'}`,
    );
  }
  return got;
}
