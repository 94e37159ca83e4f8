/**
 * The gate's arguments and its preflight decision: which flags are forwarded or refused, which
 * --accept-risk ids are allowed, and how required fail / unknown / accepted / covered findings
 * decide the exit code.
 */
import { parseDeployArgs, DeployUsageError } from '../../src/tooling/deploy/args';
import { acceptRiskProblem, decide, describeDecision, NOT_ACCEPTABLE, uniqueAccepted } from '../../src/tooling/deploy/preflight-gate';
import type { ReportResult } from '../../src/tooling/preflight/output/report';
import { ALL_RULES } from '../../src/tooling/preflight/rules';

const ZS = `ZS${'a'.repeat(32)}`;
const PN = `PN${'b'.repeat(32)}`;

describe('parseDeployArgs', () => {
  test('defaults: .env.deploy, environment dev, nothing accepted, no wiring', () => {
    expect(parseDeployArgs([])).toEqual({
      preflight: { config: 'hipaa.config.json', concurrency: 16, subaccounts: false, verbose: false },
      env: '.env.deploy',
      environment: 'dev',
      production: false,
      acceptRisk: [],
      wire: false,
      yes: false,
      numbers: [],
    });
  });

  test('preflight flags are forwarded; the gate keeps its own', () => {
    const a = parseDeployArgs([
      '--profile',
      'studio',
      '--config=cfg.json',
      '--subaccounts',
      '--concurrency',
      '8',
      '--verbose',
      '--environment',
      'stage',
      '--service-sid',
      ZS,
      '--accept-risk',
      'NUM-POST-WEBHOOKS',
      '--accept-risk',
      'ACCOUNT-FULL-ACTIVE',
      '--wire',
      '--yes',
      '--number',
      PN,
    ]);
    expect(a).toEqual({
      preflight: { profile: 'studio', config: 'cfg.json', configGiven: true, subaccounts: true, concurrency: 8, verbose: true },
      env: '.env.deploy',
      environment: 'stage',
      production: false,
      serviceSid: ZS,
      acceptRisk: ['NUM-POST-WEBHOOKS', 'ACCOUNT-FULL-ACTIVE'],
      wire: true,
      yes: true,
      numbers: [PN],
    });
    expect(parseDeployArgs(['--production']).environment).toBe('');
  });

  test.each([
    [['--offline'], /not available in a gated deploy/],
    [['--fix'], /not available/],
    [['--format', 'json'], /not available/],
    [['--accept-risk', 'all'], /invalid --accept-risk/],
    [['--accept-risk', '*'], /invalid --accept-risk/],
    [['--accept-risk', 'X-Y', '--accept-risk', 'X-Y'], /invalid --accept-risk/],
    [['--yes'], /--yes only goes with --wire/],
    [['--number', PN], /--number only goes with --wire/],
    [['--production', '--environment', 'dev'], /exclude each other/],
    [['--environment', 'not a name'], /invalid --environment/],
    [['--service-sid', 'ZS123'], /invalid --service-sid/],
    [['--wire', '--number', 'PN1'], /invalid --number/],
    [['--env', '../x;rm'], /invalid --env/],
    [['--bogus'], /unknown argument/],
    [['stray'], /unknown argument/],
    [['--environment'], /needs a value/],
    [['--environment', 'dev', '--environment', 'stage'], /--environment given twice/],
    [['--concurrency', '0'], /invalid --concurrency/],
    [['--profile', 'other'], /^invalid --profile: one of redaction, studio$/],
    [['--wire=yes'], /--wire takes no value/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseDeployArgs(argv)).toThrow(DeployUsageError);
    expect(() => parseDeployArgs(argv)).toThrow(message);
  });

  test('a refused value is never echoed', () => {
    expect(() => parseDeployArgs(['--environment', '+12025550147'])).toThrow(/^invalid --environment$/);
  });
});

describe('acceptRiskProblem', () => {
  test('known required rules are acceptable; unknown ids, recommended rules and the gate rules are not', () => {
    expect(acceptRiskProblem(['NUM-POST-WEBHOOKS', 'ACCOUNT-FULL-ACTIVE'], ALL_RULES)).toBeNull();
    expect(acceptRiskProblem(['NO-SUCH-RULE'], ALL_RULES)).toMatch(/does not have/);
    for (const id of Object.keys(NOT_ACCEPTABLE))
      expect(acceptRiskProblem([id], ALL_RULES)).toMatch(new RegExp(`^--accept-risk ${id} is not allowed: `));
    const recommended = ALL_RULES.find((r) => r.meta.severity === 'recommended');
    if (recommended) expect(acceptRiskProblem([recommended.meta.id], ALL_RULES)).toMatch(/recommended rule never blocks/);
  });
});

const result = (id: string, status: ReportResult['status'], over: Partial<ReportResult> = {}): ReportResult => ({
  id,
  title: id,
  severity: 'required',
  product: 'messaging',
  status,
  account: `AC${'1'.repeat(32)}`,
  resource: PN,
  reason: 'a reason',
  evidence: {},
  remediation: 'do this',
  fixable: false,
  source: 's',
  safeguards: ['164.312(e)(1)'],
  ...over,
});

describe('decide', () => {
  test('pass, warn, skip and recommended findings never block', () => {
    const d = decide(
      [result('A-B', 'pass'), result('C-D', 'warn'), result('E-F', 'skip'), result('G-H', 'unknown', { severity: 'recommended' })],
      new Set(),
      new Set(),
    );
    expect(d).toMatchObject({ exitCode: 0, blocking: [], unknown: [], accepted: [] });
  });

  test('only the named required failure passes; another failure still blocks', () => {
    const d = decide([result('A-B', 'fail'), result('C-D', 'fail')], new Set(['A-B']), new Set());
    expect(d.exitCode).toBe(1);
    expect(d.accepted.map((r) => r.id)).toEqual(['A-B']);
    expect(d.blocking.map((r) => r.id)).toEqual(['C-D']);
  });

  test('unknown blocks with exit 3, even when named in --accept-risk', () => {
    const d = decide([result('A-B', 'unknown')], new Set(['A-B']), new Set());
    expect(d).toMatchObject({ exitCode: 3, accepted: [] });
    expect(describeDecision(d, true).join('\n')).toContain('unknown blocks, even with --accept-risk');
  });

  test('gate rules stay blocking even if named; covered ones pass with a note', () => {
    const d = decide(
      [result('PROJECT-DEPLOY-ENV-CLEAN', 'fail'), result('PROJECT-DEPLOYINFO-ACCOUNT', 'fail')],
      new Set(['PROJECT-DEPLOY-ENV-CLEAN']),
      new Set(['PROJECT-DEPLOYINFO-ACCOUNT']),
    );
    expect(d.blocking.map((r) => r.id)).toEqual(['PROJECT-DEPLOY-ENV-CLEAN']);
    expect(d.covered.map((r) => r.id)).toEqual(['PROJECT-DEPLOYINFO-ACCOUNT']);
  });

  test('one audit entry per rule + account + resource', () => {
    expect(uniqueAccepted([result('A-B', 'fail'), result('A-B', 'fail'), result('A-B', 'fail', { resource: null })])).toHaveLength(2);
  });
});
