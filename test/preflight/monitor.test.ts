/**
 * Issue 11 item 9 (Monitor): every alert code Twilio documents as a Message Redaction conflict
 * (23001, 23002, 23004, 23005, 23006 warnings) fails MON-REDACTION-CONFLICT-ALERTS, and the
 * retention errors 30029 / 30030 warn in MON-RETENTION-REJECTED-ALERTS — each named by alert SID
 * and code, within the last 30 days, bounded, and never with the alert text (which carries PHI).
 */
import { buildReport } from '../../src/tooling/preflight/output/report';
import { formatSarif } from '../../src/tooling/preflight/output/sarif';
import { formatText } from '../../src/tooling/preflight/output/text';
import { MONITOR_RULES } from '../../src/tooling/preflight/rules/monitor';
import type { TwilioApi } from '../../src/tooling/preflight/api/twilio-api';
import { ALERT_SCAN_LIMIT } from '../../src/tooling/preflight/rules/monitor/alerts-data';
import { rule as redactionConflicts } from '../../src/tooling/preflight/rules/monitor/redaction-conflict-alerts';
import type { Finding, RuleContext } from '../../src/tooling/preflight/types';
import { alertRecord, MONITOR_ALERTS } from '../fake-twilio';
import { CANARY_BODY, CANARY_PHONE, findCanary } from '../helpers/canary';
import { finishWorld, runPreflight, startWorld, type World } from './harness';

const CONFLICT = 'MON-REDACTION-CONFLICT-ALERTS';
const RETENTION = 'MON-RETENTION-REJECTED-ALERTS';
let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

const run = (profile: 'redaction' | 'studio' = 'redaction'): Promise<Finding[]> => runPreflight(world, { rules: MONITOR_RULES, profile });
const statuses = (findings: readonly Finding[], id: string) => findings.filter((f) => f.id === id).map((f) => [f.status, f.resource]);
const hex = (n: number): string => n.toString(16).padStart(32, '0');
const daysAgo = (d: number): Date => new Date(Date.now() - d * 86_400_000);
let n = 0x500;

/** An alert whose free-text fields carry PHI, as a clinic's alerts do. */
function addAlert(errorCode: string, logLevel: 'warning' | 'error', when: Date, resourceSid: string | null = `PN${hex(0x77)}`): string {
  n += 1;
  const sid = `NO${hex(n)}`;
  world.fake.resources.add(
    MONITOR_ALERTS,
    alertRecord({
      sid,
      accountSid: world.accountSid,
      errorCode,
      logLevel,
      date: when,
      resourceSid,
      alertText: `Msg=${encodeURIComponent(CANARY_BODY)}&From=${encodeURIComponent(CANARY_PHONE)}`,
      requestUrl: `https://api.clinic.example/sms?From=${encodeURIComponent(CANARY_PHONE)}`,
      requestVariables: `Body=${encodeURIComponent(CANARY_BODY)}`,
    }),
  );
  return sid;
}

function rendered(findings: Finding[]): string {
  const report = buildReport({
    findings,
    account: world.accountSid,
    accountChecked: true,
    profile: 'redaction',
    exitCode: 1,
    toolVersion: 'test',
  });
  return [JSON.stringify(findings), formatText(report, { verbose: true }), formatSarif(report)].join('\n');
}

describe('Monitor alerts that conflict with Message Redaction', () => {
  test('a compliant account passes both rules (its 23002 is older than 30 days; 30003/11200 are unrelated)', async () => {
    for (const profile of ['redaction', 'studio'] as const) {
      const findings = await run(profile);
      expect(statuses(findings, CONFLICT)).toEqual([['pass', null]]);
      expect(statuses(findings, RETENTION)).toEqual([['pass', null]]);
    }
  });

  test('each documented conflict code fails, named by alert SID and code; undocumented or old ones do not', async () => {
    const conflicts = ['23001', '23002', '23004', '23005', '23006'].map((code, i) => ({
      code,
      sid: addAlert(code, 'warning', daysAgo(i + 1)),
    }));
    const undocumented = addAlert('23003', 'warning', daysAgo(1));
    const old = addAlert('23006', 'warning', daysAgo(31));
    const findings = await run();
    const failing = findings.filter((f) => f.id === CONFLICT);
    expect(failing.map((f) => f.status)).toEqual(conflicts.map(() => 'fail'));
    expect(new Set(failing.map((f) => f.resource))).toEqual(new Set(conflicts.map((c) => c.sid)));
    for (const c of conflicts) {
      const f = failing.find((x) => x.resource === c.sid);
      expect(f?.evidence).toMatchObject({ errorCode: c.code, logLevel: 'warning', resourceSid: `PN${hex(0x77)}` });
      expect(f?.reason).toContain(`(${c.code})`);
    }
    expect(failing.map((f) => f.resource)).not.toContain(undocumented);
    expect(failing.map((f) => f.resource)).not.toContain(old);
    expect(statuses(findings, RETENTION)).toEqual([['pass', null]]);
    const out = rendered(findings);
    expect(findCanary(out)).toBeUndefined();
    expect(out).not.toContain('api.clinic.example');
  });

  test('30029 / 30030 errors warn by alert SID; one older than 30 days is outside the window', async () => {
    const content = addAlert('30029', 'error', daysAgo(2), `SM${hex(0x99)}`);
    const address = addAlert('30030', 'error', daysAgo(3), null);
    addAlert('30029', 'error', daysAgo(40));
    const findings = await run('studio');
    expect(statuses(findings, RETENTION)).toEqual([
      ['warn', content],
      ['warn', address],
    ]);
    expect(findings.find((f) => f.resource === content)?.evidence).toMatchObject({
      errorCode: '30029',
      logLevel: 'error',
      resourceSid: `SM${hex(0x99)}`,
    });
    expect(findings.find((f) => f.resource === address)?.evidence).not.toHaveProperty('resourceSid');
    expect(statuses(findings, CONFLICT)).toEqual([['pass', null]]);
    expect(findCanary(rendered(findings))).toBeUndefined();
  });

  test(`more than ${ALERT_SCAN_LIMIT} warnings in the window: the rest is unknown, never pass`, async () => {
    world.fake.resources.clear(MONITOR_ALERTS);
    const hit = addAlert('23005', 'warning', daysAgo(0.5));
    for (let i = 0; i < ALERT_SCAN_LIMIT; i += 1) addAlert('30003', 'warning', daysAgo(1 + i / 1000), null);
    const findings = await run();
    expect(statuses(findings, CONFLICT)).toEqual([
      ['fail', hit],
      ['unknown', null],
    ]);
    expect(findings.find((f) => f.id === CONFLICT && f.status === 'unknown')?.evidence).toEqual({
      read: ALERT_SCAN_LIMIT,
      scanLimit: ALERT_SCAN_LIMIT,
      windowDays: 30,
    });
    // The error-level read is separate and within its bound.
    expect(statuses(findings, RETENTION)).toEqual([['pass', null]]);
  });

  test('the read asks for the last 30 days only; alerts outside it are dropped even if returned, undated ones count', async () => {
    const calls: { uri: string; params: unknown }[] = [];
    const alert = (sid: number, code: string, date: string | null) => ({
      sid: `NO${hex(sid)}`,
      error_code: code,
      log_level: 'warning',
      date_generated: date,
      date_created: date,
      alert_text: CANARY_BODY,
    });
    const page = {
      alerts: [alert(1, '23001', daysAgo(45).toISOString()), alert(2, '23002', null), alert(3, '23004', daysAgo(1).toISOString())],
      meta: { next_page_url: null },
    };
    const api = { get: async (uri: string, params: unknown) => (calls.push({ uri, params }), page) } as unknown as TwilioApi;
    const cache = new Map<string, Promise<unknown>>();
    const ctx = {
      account: { sid: world.accountSid, parentSid: null, api },
      cached: <T>(key: string, load: () => Promise<T>) => (cache.get(key) ?? cache.set(key, load()).get(key)) as Promise<T>,
    } as unknown as RuleContext;
    const findings = await redactionConflicts.check(ctx);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([
      ['fail', `NO${hex(2)}`],
      ['fail', `NO${hex(3)}`],
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.uri).toBe('https://monitor.twilio.com/v1/Alerts');
    const params = calls[0]?.params as Record<string, string>;
    expect(params.LogLevel).toBe('warning');
    expect(params.StartDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(Date.parse(params.StartDate as string) - daysAgo(30).getTime())).toBeLessThan(60_000);
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
  });

  test('a failed Monitor read is unknown, never pass', async () => {
    addAlert('23001', 'warning', daysAgo(1));
    world.fake.faults.failNext(1000, 500, 20500);
    const findings = await run();
    world.fake.faults.reset();
    expect(statuses(findings, CONFLICT)).toEqual([['unknown', null]]);
    expect(statuses(findings, RETENTION)).toEqual([['unknown', null]]);
  });
});
