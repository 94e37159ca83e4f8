/** `sid` for messages (SM/MM), calls (CA) and recordings (RE), with their Monitor alerts, against the fake. */
import type { AlertsSection } from '../../src/tooling/sid/result';
import { CANARY_PHONE } from '../helpers/canary';
import { daysAgo, seedAlert, seedCall, seedMessage, sidOf } from './seed';
import { expectSafe, expectTicketSafe, snippetOf, startSidWorld, type SidWorld } from './world';

let world: SidWorld;
beforeEach(async () => {
  world = await startSidWorld();
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

const alertItems = (a: AlertsSection | undefined) => (a?.checked ? a.items : []);

describe('messages', () => {
  test('an undelivered SM: status, error with its meaning, dates, segments, service, masked numbers, alerts; never the body', async () => {
    const sm = seedMessage(world.fake, { sid: sidOf('SM', 1), status: 'undelivered', errorCode: 30003 });
    const alert = seedAlert(world.fake, 1, sm, '30003', 'error', daysAgo(2));
    seedAlert(world.fake, 2, sm, '30005', 'warning', daysAgo(40)); // outside Monitor's 30 days
    seedAlert(world.fake, 3, sidOf('SM', 99), '30007', 'error', daysAgo(1)); // another message

    const text = await world.run([sm]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('undelivered');
    expect(text.stdout).toMatch(/error\s+30003: Unreachable destination handset/);
    expect(text.stdout).toContain('outbound-api');
    expect(text.stdout).toContain('+1******0147');
    expect(text.stdout).toContain('+1******0101');
    expect(text.stdout).toContain(sidOf('MG', 1));
    expect(text.stdout).toMatch(/segments\s+2/);
    expect(text.stdout).toContain(alert);
    expect(text.stdout).not.toContain(sidOf('NO', 2));
    expect(text.stdout).not.toContain(sidOf('NO', 3));

    const snippet = snippetOf(text.stdout);
    expectTicketSafe(snippet);
    expect(snippet[0]).toBe(`account=${world.fake.accountSid}`);
    expect(snippet[1]).toMatch(
      new RegExp(`^${sm} status=undelivered error=30003 created=\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z sent=\\S+ updated=\\S+$`),
    );
    expect(snippet[2]).toMatch(new RegExp(`^${alert} resource=${sm} code=30003 level=error date=\\S+Z$`));

    const json = await world.run([sm, '--format', 'json']);
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as {
      results: { resource: Record<string, unknown>; alerts: AlertsSection }[];
      ticketSnippet: string[];
    };
    expect(report.results[0]?.resource).toMatchObject({
      kind: 'message',
      sid: sm,
      status: 'undelivered',
      errorCode: 30003,
      errorMeaning: expect.stringContaining('Unreachable destination handset'),
      direction: 'outbound-api',
      from: '+1******0101',
      to: '+1******0147',
      numSegments: 2,
      numMedia: 0,
      messagingServiceSid: sidOf('MG', 1),
    });
    expect(Object.keys(report.results[0]?.resource ?? {})).not.toContain('body');
    expect(alertItems(report.results[0]?.alerts)).toEqual([
      { sid: alert, errorCode: 30003, meaning: expect.stringContaining('Unreachable'), level: 'error', date: expect.stringMatching(/Z$/) },
    ]);
    expect(report.ticketSnippet).toEqual(snippet);
    expectTicketSafe(report.ticketSnippet);
    expectSafe(text.stdout, text.stderr, json.stdout, json.stderr);
  });

  test('an MM with an unknown error code points to its docs page', async () => {
    const mm = seedMessage(world.fake, { sid: sidOf('MM', 2), status: 'failed', errorCode: 12345, numMedia: 1 });
    const run = await world.run([mm]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('12345: see https://www.twilio.com/docs/api/errors/12345');
    expect(run.stdout).toMatch(/media\s+1/);
    expect(snippetOf(run.stdout)[1]).toContain('error=12345');
    expectSafe(run.stdout, run.stderr);
  });

  test('a delivered message without alerts says none', async () => {
    const sm = seedMessage(world.fake, { sid: sidOf('SM', 3), status: 'delivered', errorCode: null });
    const run = await world.run([sm]);
    expect(run.stdout).toMatch(/error\s+none/);
    expect(run.stdout).toMatch(/alerts \(last 30 days\): none/);
    expect(snippetOf(run.stdout)[1]).not.toContain('error=');
  });
});

describe('calls and recordings', () => {
  test('CA: status, duration, direction, masked numbers, recordings counted; never the caller name or forwarded-from number', async () => {
    const { callSid } = seedCall(world.fake);
    const alert = seedAlert(world.fake, 4, callSid, '11200', 'error', daysAgo(1));
    const run = await world.run([callSid, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { resource: Record<string, unknown>; alerts: AlertsSection }[] };
    expect(report.results[0]?.resource).toMatchObject({
      kind: 'call',
      sid: callSid,
      status: 'completed',
      direction: 'inbound',
      durationSeconds: 95,
      from: '+1******0147',
      to: '+1******0101',
      phoneNumberSid: sidOf('PN', 1),
      recordings: { count: 2, more: false },
    });
    expect(alertItems(report.results[0]?.alerts).map((a) => [a.sid, a.errorCode, a.level])).toEqual([[alert, 11200, 'error']]);
    const text = await world.run([callSid]);
    expect(text.stdout).toMatch(/recordings\s+2/);
    expect(text.stdout).toMatch(/duration\s+95 s/);
    expectTicketSafe(snippetOf(text.stdout));
    expectSafe(run.stdout, run.stderr, text.stdout, text.stderr);
    expect(text.stdout).not.toContain(CANARY_PHONE);
  });

  test('RE: status, duration, channels, source, encryption yes/no, call; never the media URL', async () => {
    const { callSid, recordingSids } = seedCall(world.fake);
    const [encrypted, plain] = recordingSids as [string, string];
    const run = await world.run([encrypted, plain, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { resource: Record<string, unknown> }[] };
    expect(report.results.map((r) => r.resource)).toEqual([
      expect.objectContaining({
        kind: 'recording',
        sid: encrypted,
        status: 'completed',
        durationSeconds: 20,
        channels: 2,
        source: 'DialVerb',
        encrypted: true,
        callSid,
      }),
      expect.objectContaining({ kind: 'recording', sid: plain, encrypted: false, durationSeconds: 21 }),
    ]);
    const text = await world.run([encrypted]);
    expect(text.stdout).toMatch(/encrypted\s+yes/);
    expect(text.stdout).not.toMatch(/uri|media_url|mediaUrl/i);
    expectTicketSafe(snippetOf(text.stdout));
    expectSafe(run.stdout, text.stdout, text.stderr);
  });
});
