/**
 * Drift against a baseline report: pure cases for added, removed and changed findings (identity is
 * rule + account + resource, never the reason text), fail-closed cases (a rule that could not run
 * resolves nothing), duplicates, and hostile baselines; then the CLI end to end on the fake
 * account: --baseline in JSON, SARIF, text and HTML.
 */
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import reportSchema from '../../schemas/preflight-report.schema.json';
import { BaselineError, parseBaseline } from '../../src/tooling/preflight/output/baseline';
import { computeDrift, type DriftInput } from '../../src/tooling/preflight/output/drift';
import { findingKey } from '../../src/tooling/preflight/output/identity';
import type { Report } from '../../src/tooling/preflight/output/report';
import { ACCOUNT_RULES } from '../../src/tooling/preflight/rules/account';
import { MESSAGING_RULES } from '../../src/tooling/preflight/rules/messaging';
import { PROJECT_RULES } from '../../src/tooling/preflight/rules/project';
import { assertNoCanary, CANARY_PHONE } from '../helpers/canary';
import { runCli } from './cli-helpers';
import { finishWorld, startWorld, type World } from './harness';

const AC = `AC${'1'.repeat(32)}`;
const SUB = `AC${'2'.repeat(32)}`;
const MG1 = `MG${'a'.repeat(32)}`;
const MG2 = `MG${'b'.repeat(32)}`;
const MG3 = `MG${'c'.repeat(32)}`;
const f = (id: string, status: DriftInput['status'], resource: string | null = null, account: string | null = AC): DriftInput => ({
  id,
  status,
  resource,
  account,
  title: id,
  product: 'messaging',
});
const base = (results: DriftInput[], account: string | null = AC) => ({
  generatedAt: '2026-12-01T00:00:00.000Z',
  account,
  profile: 'redaction',
  results,
});
const keys = (items: { key: string }[]): string[] => items.map((i) => i.key);

describe('computeDrift (pure)', () => {
  test('added, removed and changed findings between two reports', () => {
    const before = base([
      f('MSG-SVC-POST-WEBHOOKS', 'fail', MG1),
      f('MSG-SVC-POST-WEBHOOKS', 'fail', MG2),
      f('MSG-SVC-POST-WEBHOOKS', 'pass', MG3),
      f('ATTEST-BAA', 'pass'),
    ]);
    const now = [
      f('MSG-SVC-POST-WEBHOOKS', 'pass', MG1),
      f('MSG-SVC-POST-WEBHOOKS', 'unknown', MG2),
      f('MSG-SVC-POST-WEBHOOKS', 'fail', MG3),
      f('ATTEST-BAA', 'fail'),
    ];
    const d = computeDrift(before, now);
    expect(keys(d.new)).toEqual([`ATTEST-BAA|${AC}|`, `MSG-SVC-POST-WEBHOOKS|${AC}|${MG3}`]);
    expect(keys(d.resolved)).toEqual([`MSG-SVC-POST-WEBHOOKS|${AC}|${MG1}`]);
    // fail → unknown is the same finding, still open; the change of status is carried, not hidden.
    expect(d.unchanged).toEqual([
      expect.objectContaining({ key: `MSG-SVC-POST-WEBHOOKS|${AC}|${MG2}`, status: 'unknown', previousStatus: 'fail' }),
    ]);
    expect(d.counts).toEqual({ new: 2, resolved: 1, unchanged: 1, unverified: 0 });
  });

  test('a finding whose resource disappeared, while the rule still ran, is resolved', () => {
    const d = computeDrift(base([f('MSG-NO-WHATSAPP', 'fail', `XE${'1'.repeat(32)}`)]), [f('MSG-NO-WHATSAPP', 'pass')]);
    expect(d.counts).toMatchObject({ resolved: 1, unverified: 0 });
  });

  test('reason text, title and evidence are not identity: a reworded reason is unchanged, not new + resolved', () => {
    const before = base([{ ...f('NUM-POST-WEBHOOKS', 'fail', MG1), title: 'old title' }]);
    const d = computeDrift(before, [{ ...f('NUM-POST-WEBHOOKS', 'fail', MG1), title: 'new title' }]);
    expect(d.counts).toEqual({ new: 0, resolved: 0, unchanged: 1, unverified: 0 });
  });

  test('the same resource in another account is a different finding', () => {
    const d = computeDrift(base([f('NUM-POST-WEBHOOKS', 'fail', MG1, AC)]), [
      f('NUM-POST-WEBHOOKS', 'fail', MG1, SUB),
      f('NUM-POST-WEBHOOKS', 'pass', MG1, AC),
    ]);
    expect(keys(d.new)).toEqual([`NUM-POST-WEBHOOKS|${SUB}|${MG1}`]);
    expect(keys(d.resolved)).toEqual([`NUM-POST-WEBHOOKS|${AC}|${MG1}`]);
  });

  test('fail closed: a rule that could not run now, or did not run at all, resolves nothing', () => {
    const before = base([
      f('MSG-SVC-POST-WEBHOOKS', 'fail', MG1),
      f('VOICE-TRUNK-SECURE', 'fail', `TK${'1'.repeat(32)}`),
      f('MSG-REDACTION-ON', 'fail', MG2),
    ]);
    const now = [f('MSG-SVC-POST-WEBHOOKS', 'unknown'), f('MSG-REDACTION-ON', 'unknown', MG2)];
    const d = computeDrift(before, now);
    expect(d.resolved).toEqual([]);
    expect(keys(d.unverified)).toEqual([`MSG-SVC-POST-WEBHOOKS|${AC}|${MG1}`, `VOICE-TRUNK-SECURE|${AC}|TK${'1'.repeat(32)}`]);
    expect(keys(d.unchanged)).toEqual([`MSG-REDACTION-ON|${AC}|${MG2}`]);
    expect(keys(d.new)).toEqual([`MSG-SVC-POST-WEBHOOKS|${AC}|`]);
  });

  test('a per-resource unknown for another resource does not block resolving this one', () => {
    const d = computeDrift(base([f('VOICE-RECORDING-HTTP-AUTH', 'fail', MG1)]), [
      f('VOICE-RECORDING-HTTP-AUTH', 'unknown', MG2),
      f('VOICE-RECORDING-HTTP-AUTH', 'pass', MG1),
    ]);
    expect(d.counts).toMatchObject({ resolved: 1, new: 1, unverified: 0 });
  });

  test('passes and skips are never drift items; identical reports have no drift', () => {
    const same = [f('A-B', 'pass'), f('C-D', 'skip', MG1), f('E-F', 'warn', MG2)];
    expect(computeDrift(base(same), same).counts).toEqual({ new: 0, resolved: 0, unchanged: 1, unverified: 0 });
  });

  test('duplicate identities pair up as a multiset', () => {
    const d = computeDrift(base([f('A-B', 'fail', MG1), f('A-B', 'fail', MG1)]), [f('A-B', 'fail', MG1)]);
    expect(d.counts).toEqual({ new: 0, resolved: 1, unchanged: 1, unverified: 0 });
  });

  test('the key is rule|account|resource', () => {
    expect(findingKey({ id: 'A-B', account: null, resource: null })).toBe('A-B||');
  });
});

describe('parseBaseline', () => {
  const good = JSON.stringify({
    version: 1,
    tool: { name: 'hipaa-preflight', version: '0' },
    generatedAt: '2026-12-01T00:00:00.000Z',
    account: AC,
    profile: 'redaction',
    results: [f('A-B', 'fail', MG1)],
  });

  test('reads a version-1 report (older reports without safeguards still work)', () => {
    expect(parseBaseline(good, AC).results).toEqual([f('A-B', 'fail', MG1)]);
  });

  test('refuses non-JSON, other shapes, another account and an offline baseline for an account run, never echoing content', () => {
    const cases: [string, string | null][] = [
      [`not json ${CANARY_PHONE}`, AC],
      [JSON.stringify({ version: 2, note: CANARY_PHONE }), AC],
      [good.replace('"fail"', `"${CANARY_PHONE}"`), AC],
      [good, SUB],
      [good.replace(`"account":"${AC}"`, '"account":null'), AC],
    ];
    for (const [text, account] of cases) {
      let error: unknown;
      try {
        parseBaseline(text, account);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BaselineError);
      assertNoCanary((error as Error).message, 'baseline error');
    }
  });
});

describe('--baseline on the CLI (fake account)', () => {
  let world: World;
  const rules = [...ACCOUNT_RULES, ...PROJECT_RULES, ...MESSAGING_RULES];
  const validate = addFormats(new Ajv({ allErrors: true })).compile(reportSchema);
  // The official SARIF 2.1.0 schema (its patterns are invalid in unicode mode, hence unicodeRegExp: false).
  const sarifSchema = JSON.parse(
    readFileSync(
      join(__dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'),
      'utf8',
    ),
  ) as object;
  const validateSarif = addFormats(new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false })).compile(sarifSchema);

  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(() => finishWorld(world));

  test('new, resolved and unchanged in JSON, SARIF, text and HTML', async () => {
    // Reminders and Billing use their own webhooks (Care team delegates to its numbers).
    const [svcA, , svcB] = world.fake.resources.all('messaging_services');
    expect(svcB?.use_inbound_webhook_on_number).toBe(false);
    svcA!.inbound_method = 'GET';
    const first = await runCli(world, ['--format', 'json', '--output', 'previous.json'], { rules });
    expect(first.exitCode).toBe(1);
    // Between runs: A fixed, B broken, the account downgraded (an account-wide finding).
    svcA!.inbound_method = 'POST';
    Object.assign(svcB!, { inbound_request_url: 'https://clinic.example/inbound', inbound_method: 'GET' });
    world.fake.resources.all('accounts')[0]!.type = 'Trial';
    const json = await runCli(world, ['--format', 'json', '--baseline', 'previous.json'], { rules });
    const report = JSON.parse(json.stdout) as Report;
    expect(validate(report)).toBe(true);
    const drift = report.drift!;
    expect(keys(drift.new).sort()).toEqual(
      [
        `ACCOUNT-FULL-ACTIVE|${world.accountSid}|${world.accountSid}`,
        `MSG-SVC-POST-WEBHOOKS|${world.accountSid}|${String(svcB!.sid)}`,
      ].sort(),
    );
    expect(keys(drift.resolved)).toEqual([`MSG-SVC-POST-WEBHOOKS|${world.accountSid}|${String(svcA!.sid)}`]);
    expect(drift.baseline.account).toBe(world.accountSid);

    const sarifText = (await runCli(world, ['--format', 'sarif', '--baseline', 'previous.json'], { rules })).stdout;
    expect(validateSarif(JSON.parse(sarifText))).toBe(true);
    const sarif = JSON.parse(sarifText) as {
      runs: {
        results: { ruleId: string; baselineState?: string; partialFingerprints?: Record<string, string> }[];
        properties: { drift: { resolved: string[] } };
      }[];
    };
    const postB = sarif.runs[0]!.results.find((r) => r.ruleId === 'MSG-SVC-POST-WEBHOOKS')!;
    expect(postB).toMatchObject({
      baselineState: 'new',
      partialFingerprints: { 'hipaaPreflightFinding/v1': `MSG-SVC-POST-WEBHOOKS|${world.accountSid}|${String(svcB!.sid)}` },
    });
    expect(sarif.runs[0]!.results.every((r) => r.baselineState === 'new' || r.baselineState === 'unchanged')).toBe(true);
    expect(sarif.runs[0]!.properties.drift.resolved).toEqual(keys(drift.resolved));

    const text = (await runCli(world, ['--baseline', 'previous.json'], { rules })).stdout;
    expect(text).toMatch(/: 2 new, 1 resolved, \d+ unchanged, 0 not re-checked/);
    expect(text).toContain(`RESOLVED   MSG-SVC-POST-WEBHOOKS  ${String(svcA!.sid)}`);

    const html = (await runCli(world, ['--format', 'html', '--baseline', 'previous.json'], { rules })).stdout;
    expect(html).toContain('<div class="total fail" data-drift="new"><span class="n">2</span>');
    expect(html).toContain('<div class="total pass" data-drift="resolved"><span class="n">1</span>');
    expect(html).toContain('<span class="badge new">New</span>');
  });

  test('a baseline that is missing, malformed or from another account: exit 2, nothing scanned, no content echoed', async () => {
    const missing = await runCli(world, ['--baseline', 'nope.json'], { rules });
    expect(missing).toMatchObject({ exitCode: 2, report: null });
    expect(missing.stderr).toContain('the --baseline file could not be read');
    writeFileSync(join(world.projectRoot, 'bad.json'), `{"patient": "${CANARY_PHONE}"`);
    const bad = await runCli(world, ['--baseline', 'bad.json'], { rules });
    expect(bad.exitCode).toBe(2);
    assertNoCanary(bad.stdout + bad.stderr, 'bad baseline');
    await runCli(world, ['--format', 'json', '--output', 'other.json'], { rules });
    const other = readFileSync(join(world.projectRoot, 'other.json'), 'utf8').split(world.accountSid).join(SUB);
    writeFileSync(join(world.projectRoot, 'other.json'), other);
    const wrong = await runCli(world, ['--baseline', 'other.json'], { rules });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('for another account');
  });
});
