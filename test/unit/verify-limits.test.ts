import RestException from 'twilio/lib/base/RestException';
import { Quota } from '../../src/runtime/state/quota';
import { ANONYMOUS_REQUESTER, VerifyLimiter } from '../../src/runtime/verify/limits';
import { classifyVerifyError } from '../../src/runtime/verify/twilio-errors';
import { CANARY_PHONE, CANARY_PHONE_DIGITS } from '../helpers/canary';
import { MemoryKv, networkError, restError, REQUESTER_A, SECRET } from '../helpers/verify-harness';

function limiter(now = Date.UTC(2026, 0, 5, 10, 30)) {
  const kv = new MemoryKv<{ count: number }>();
  return {
    kv,
    limiter: new VerifyLimiter(new Quota(kv, { budgetMs: 1000 }), SECRET, { perNumberPerHour: 3, perRequesterPerHour: 7 }, () => now),
  };
}

describe('VerifyLimiter keys', () => {
  test('are HMACs: neither the number nor the requester appears in them', () => {
    const { limiter: l } = limiter();
    const b = l.bucketsFor('start', CANARY_PHONE, REQUESTER_A);
    for (const key of [b.number.key, b.requester.key]) {
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(key).not.toContain(CANARY_PHONE_DIGITS);
      expect(key).not.toContain(REQUESTER_A);
    }
    expect(b.number.limit).toBe(3);
    expect(b.requester.limit).toBe(7);
  });

  test('differ by operation, by hour and by subject; checks get twice the limits', () => {
    const at = Date.UTC(2026, 0, 5, 10, 30);
    const start = limiter(at).limiter.bucketsFor('start', CANARY_PHONE, undefined);
    const check = limiter(at).limiter.bucketsFor('check', CANARY_PHONE, undefined);
    const sameHour = limiter(at + 29 * 60_000).limiter.bucketsFor('start', CANARY_PHONE, undefined);
    const nextHour = limiter(at + 30 * 60_000).limiter.bucketsFor('start', CANARY_PHONE, undefined);
    expect(check.number.key).not.toBe(start.number.key);
    expect(check.requester.key).not.toBe(start.requester.key);
    expect([check.number.limit, check.requester.limit]).toEqual([6, 14]);
    expect(sameHour.number.key).toBe(start.number.key);
    expect(nextHour.number.key).not.toBe(start.number.key);
    expect(limiter(at).limiter.bucketsFor('start', '+12125550199', undefined).number.key).not.toBe(start.number.key);
  });

  test('no requester id can share the anonymous bucket', () => {
    const { limiter: l } = limiter();
    expect(ANONYMOUS_REQUESTER).not.toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/);
    const anon = l.bucketsFor('start', CANARY_PHONE, undefined).requester.key;
    expect(l.bucketsFor('start', CANARY_PHONE, 'anonymous').requester.key).not.toBe(anon);
  });

  test('take reports which bucket was full; giveBack returns units', async () => {
    const { limiter: l } = limiter();
    const taken: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const r = await l.take('start', CANARY_PHONE, REQUESTER_A);
      expect(r.ok).toBe(true);
      if (r.ok) taken.push(r.taken);
    }
    expect(await l.take('start', CANARY_PHONE, REQUESTER_A)).toEqual({ ok: false, full: 'number' });
    await l.giveBack(taken[0] ?? []);
    expect((await l.take('start', CANARY_PHONE, REQUESTER_A)).ok).toBe(true);
  });
});

describe('classifyVerifyError', () => {
  test.each([
    [400, 60200, 'number'],
    [400, 21211, 'number'],
    [403, 60205, 'number'],
    [429, 60203, 'number'],
    [429, 60202, 'number'],
    [403, 60410, 'number'],
    [401, 20003, 'infrastructure'],
    [403, 20008, 'infrastructure'],
    [429, 20429, 'infrastructure'],
    [500, 20500, 'infrastructure'],
  ] as const)('HTTP %i / %i → %s', (status, code, kind) => {
    expect(classifyVerifyError(restError(status, code), 'number')).toEqual({ kind, code });
  });

  test('404 means what the caller says it means (missing Service for start, no verification for check)', () => {
    expect(classifyVerifyError(restError(404, 20404), 'infrastructure')).toEqual({ kind: 'infrastructure', code: 20404 });
    expect(classifyVerifyError(restError(404, 20404), 'number')).toEqual({ kind: 'number', code: 20404 });
  });

  test('no HTTP answer, or something that is not an error object: infrastructure, no code', () => {
    expect(classifyVerifyError(networkError(), 'number')).toEqual({ kind: 'infrastructure', code: null });
    expect(classifyVerifyError('boom', 'number')).toEqual({ kind: 'infrastructure', code: null });
    expect(classifyVerifyError(undefined, 'number')).toEqual({ kind: 'infrastructure', code: null });
  });

  test('a body without a code: the HTTP status is what gets logged', () => {
    const err = new RestException({ statusCode: 503, body: 'Service Unavailable' });
    expect(classifyVerifyError(err, 'number')).toEqual({ kind: 'infrastructure', code: 503 });
  });
});
