/**
 * The `sid` CLI's contract: malformed or unsupported SIDs (exit 2, prefix list, input never
 * echoed), not found (exit 1, names the account), API failures (exit 3, fail closed: never a
 * silent partial success), several SIDs (all processed, worst code), credentials as the preflight
 * finds them, and usage errors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import Response from 'twilio/lib/http/response';
import type { SidReport } from '../../src/tooling/sid/result';
import { RedirectingRequestClient, type FakeTwilio } from '../fake-twilio';
import { CANARY_PHONE, CANARY_PHONE_DIGITS } from '../helpers/canary';
import { daysAgo, seedAlert, seedMessage, sidOf } from './seed';
import { expectSafe, expectTicketSafe, snippetOf, startSidWorld, type SidWorld } from './world';

let world: SidWorld;
beforeEach(async () => {
  world = await startSidWorld();
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

/** A client whose requests matching `failing` get a 503 (or no answer at all) instead of reaching the fake. */
class FaultyClient extends RedirectingRequestClient {
  constructor(
    origin: string,
    private readonly failing: RegExp,
    private readonly mode: 'http-503' | 'no-answer',
  ) {
    super(origin);
  }

  override request<T>(opts: RequestClient.RequestOptions<T>): Promise<Response<T>> {
    if (!this.failing.test(opts.uri)) return super.request(opts);
    if (this.mode === 'no-answer') return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const body = JSON.stringify({
      code: 20500,
      message: `Internal error for ${CANARY_PHONE}`,
      more_info: 'https://www.twilio.com/docs/errors/20500',
      status: 503,
    });
    return Promise.resolve(new Response(503, body as unknown as T, {}));
  }
}

const faulty =
  (fake: FakeTwilio, failing: RegExp, mode: 'http-503' | 'no-answer' = 'http-503') =>
  (u: string, p: string, accountSid: string) =>
    twilio(u, p, { accountSid, httpClient: new FaultyClient(fake.origin, failing, mode) });

const SUPPORTED =
  /supported prefixes: SM\/MM message, CA call, RE recording, FN studio execution, FT studio step, FW studio flow, ZS .*VE verify verification, MG messaging service, PN phone number, AC account/;

describe('bad SIDs: exit 2 with the supported prefixes, never echoing the input', () => {
  test.each([
    ['a phone number pasted by mistake', CANARY_PHONE, 'a digit or "+" (a phone number?)'],
    ['bare digits', CANARY_PHONE_DIGITS, 'a digit or "+" (a phone number?)'],
    ['a known prefix, wrong length', `SM${'a'.repeat(30)}`, 'SM prefix'],
    ['a known prefix, not hex', `CA${'z'.repeat(32)}`, 'CA prefix'],
    ['a name', 'Zebulon Quixote', 'letters'],
  ])('%s', async (_label, arg, prefixClass) => {
    const run = await world.run([arg]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `argument 1: not a SID (two letters and 32 hex digits): ${[...arg].length} characters, starting with ${prefixClass}`,
    );
    expect(run.stderr).toMatch(SUPPORTED);
    expect(`${run.stdout}${run.stderr}`).not.toContain(arg);
    expect(world.fake.stats.requests).toBe(0);
    expectSafe(run.stdout, run.stderr);
  });

  test('an unsupported prefix (two letters + 32 hex) is named as such, without its digits', async () => {
    const arg = `QQ${'1'.repeat(32)}`;
    const run = await world.run([arg]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('argument 1: not a supported SID prefix: 34 characters');
    expect(run.stderr).toMatch(SUPPORTED);
    expect(run.stderr).not.toContain('1'.repeat(32));
  });

  test('valid SIDs next to a bad one are still looked up; the exit code is the worst (2)', async () => {
    const sm = seedMessage(world.fake, { sid: sidOf('SM', 1), status: 'delivered', errorCode: null });
    const run = await world.run([CANARY_PHONE, sm.toUpperCase().replace(/^SM/, 'sm'), sm]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('argument 1:');
    expect(run.stderr).not.toContain('argument 2:');
    expect(run.stdout.match(new RegExp(`^${sm}  Message$`, 'gm'))).toHaveLength(1); // case-normalised and de-duplicated
    expectTicketSafe(snippetOf(run.stdout));
    expectSafe(run.stdout, run.stderr);
  });
});

test('404 → exit 1 "not found in account AC…" (the full account SID), alerts still listed', async () => {
  const sm = sidOf('SM', 404);
  seedAlert(world.fake, 9, sm, '30008', 'error', daysAgo(3));
  const run = await world.run([sm]);
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain(`${sm}  Message: not found in account ${world.fake.accountSid}`);
  expect(run.stdout).toContain(sidOf('NO', 9));
  const snippet = snippetOf(run.stdout);
  expectTicketSafe(snippet);
  expect(snippet[1]).toBe(`${sm} result=not-found`);
  const json = await world.run([sm, '--format', 'json']);
  const report = JSON.parse(json.stdout) as SidReport;
  expect(report).toMatchObject({
    account: world.fake.accountSid,
    exitCode: 1,
    results: [{ sid: sm, kind: 'message', outcome: 'not_found', searched: null }],
  });
  expectSafe(run.stdout, json.stdout);
});

test('5xx on everything → exit 3 "could not check", nothing reported as found', async () => {
  const sm = seedMessage(world.fake, { sid: sidOf('SM', 1), status: 'delivered', errorCode: null });
  world.fake.faults.failNext(50, 503, 20500);
  const run = await world.run([sm, sidOf('CA', 1)]);
  expect(run.exitCode).toBe(3);
  expect(run.stdout).toContain(`${sm}  Message: could not check: fetching the message failed (HTTP 503, code 20500)`);
  expect(run.stdout).toContain('alerts: could not check (listing Monitor alerts failed (HTTP 503, code 20500))');
  expect(run.stdout).not.toMatch(/status\s+delivered/);
  const snippet = snippetOf(run.stdout);
  expectTicketSafe(snippet);
  expect(snippet).toContain(`${sm} result=not-checked`);
  expect(run.stdout).not.toContain('Injected failure');
});

test('several SIDs: all processed, exit code the worst (found 0, not found 1, 503 on one → 3)', async () => {
  const found = seedMessage(world.fake, { sid: sidOf('SM', 1), status: 'delivered', errorCode: null });
  const missing = sidOf('SM', 2);
  const call = sidOf('CA', 3);
  const run = await world.run([found, missing, call, '--format', 'json'], { makeClient: faulty(world.fake, /\/Calls\//) });
  expect(run.exitCode).toBe(3);
  const report = JSON.parse(run.stdout) as SidReport;
  expect(report.results.map((r) => [r.sid, r.outcome])).toEqual([
    [found, 'found'],
    [missing, 'not_found'],
    [call, 'unknown'],
  ]);
  expect(report.results[2]).toMatchObject({ detail: 'fetching the call failed (HTTP 503, code 20500)' });
  expectTicketSafe(report.ticketSnippet);
  expectSafe(run.stdout, run.stderr);
});

test('the resource is found but the alerts cannot be read → exit 3, said plainly', async () => {
  const sm = seedMessage(world.fake, { sid: sidOf('SM', 1), status: 'delivered', errorCode: null });
  const run = await world.run([sm], { makeClient: faulty(world.fake, /monitor\.twilio\.com/, 'no-answer') });
  expect(run.exitCode).toBe(3);
  expect(run.stdout).toMatch(/status\s+delivered/);
  expect(run.stdout).toContain('alerts: could not check (listing Monitor alerts failed (no HTTP answer))');
  expect(snippetOf(run.stdout)).toContain(`${sm} alerts=not-checked`);
});

describe('credentials', () => {
  test('none → exit 3, nothing checked', async () => {
    const run = await world.run([sidOf('SM', 1)], { env: {} });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('could not check: no Twilio credentials');
    expect(world.fake.stats.requests).toBe(0);
  });

  test('from .env.deploy when the environment has none; never from .env.local', async () => {
    const sm = seedMessage(world.fake, { sid: sidOf('SM', 1), status: 'sent', errorCode: null });
    writeFileSync(join(world.root, '.env.deploy'), `ACCOUNT_SID=${world.fake.accountSid}\nAUTH_TOKEN=${world.fake.authToken}\n`);
    writeFileSync(join(world.root, '.env.local'), `ACCOUNT_SID=${world.fake.accountSid}\nAUTH_TOKEN=${world.fake.authToken}\n`);
    expect((await world.run([sm], { env: {} })).exitCode).toBe(0);
    expect((await world.run([sm, '--env', '.env.local'], { env: {} })).exitCode).toBe(3);
  });

  test('a wrong auth token → exit 3 (HTTP 401), never exit 1', async () => {
    const run = await world.run([sidOf('SM', 1)], { env: { ACCOUNT_SID: world.fake.accountSid, AUTH_TOKEN: 'wrong' } });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain('(HTTP 401, code 20003)');
  });
});

describe('usage errors → exit 2, values never echoed', () => {
  test.each([
    [['--format', 'xml', sidOf('SM', 1)], 'invalid --format'],
    [['--flow', CANARY_PHONE, sidOf('FN', 1)], 'invalid --flow'],
    [['--execution', sidOf('FW', 1), sidOf('FT', 1)], 'invalid --execution'],
    [[`--${CANARY_PHONE}`], 'unknown argument'],
    [['--format'], '--format needs a value'],
    [[], 'give at least one SID'],
  ])('%j', async (argv, message) => {
    const run = await world.run(argv);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage: npm run -s sid --');
    expect(run.stderr).not.toContain(CANARY_PHONE);
    expect(run.stdout).toBe('');
  });
});
