import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import reportSchema from '../../schemas/preflight-report.schema.json';
import { runPreflightCli } from '../../src/tooling/preflight/cli/run';
import { ACCOUNT_RULES } from '../../src/tooling/preflight/rules/account';
import { PROJECT_RULES } from '../../src/tooling/preflight/rules/project';
import { assertNoCanary, CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { RedirectingRequestClient } from '../fake-twilio';
import { seedAccount } from './fixtures/accounts';
import { runCli } from './cli-helpers';
import { startWorld, type World, finishWorld } from './harness';

const sarifSchema = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const validateReport = addFormats(new Ajv({ allErrors: true })).compile(reportSchema);
// The official schema has a pattern that is invalid in unicode mode, hence unicodeRegExp: false.
const validateSarif = addFormats(new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false })).compile(sarifSchema);
const rules = [...ACCOUNT_RULES, ...PROJECT_RULES];

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

describe('preflight CLI', () => {
  test('compliant account: exit 0; JSON report valid against its schema', async () => {
    const run = await runCli(world, ['--format', 'json'], { rules });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as { summary: { exitCode: number; fail: number }; accountChecked: boolean };
    expect(validateReport(report)).toBe(true);
    expect(report).toMatchObject({ accountChecked: true, summary: { exitCode: 0, fail: 0 } });
  });

  test('a failing required rule: exit 1, text grouped by product with remediation', async () => {
    world.fake.resources.all('accounts')[0]!.type = 'Trial';
    const run = await runCli(world, [], { rules });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('[account]');
    expect(run.stdout).toMatch(
      / {2}FAIL {4}ACCOUNT-FULL-ACTIVE {2}AC[0-9a-f]{32} {2}the account is not a Full, active account\n {10}fix: Upgrade the account/,
    );
    expect(run.stdout.trim().split('\n').slice(-1)[0]).toMatch(/^\d+ passed, 1 failed, \d+ warnings, \d+ unknown, \d+ skipped: exit 1$/);
  });

  test('SARIF 2.1.0 output validates against the official schema', async () => {
    world.fake.resources.all('accounts')[0]!.type = 'Trial';
    writeFileSync(join(world.projectRoot, 'dist', 'functions', 'open.js'), 'exports.handler = () => {};\n');
    const run = await runCli(world, ['--format', 'sarif'], { rules });
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    expect(validateSarif(sarif)).toBe(true);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'ACCOUNT-FULL-ACTIVE', level: 'error' }),
        expect.objectContaining({ ruleId: 'PROJECT-FUNCTIONS-PROTECTED', level: 'error' }),
      ]),
    );
  });

  test('no credentials: project checks only, clearly said, exit 3', async () => {
    const run = await runCli(world, ['--format', 'json'], { rules, env: {} });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('No Twilio credentials found');
    const report = JSON.parse(run.stdout) as { accountChecked: boolean; results: { id: string }[] };
    expect(report.accountChecked).toBe(false);
    expect(new Set(report.results.map((r) => r.id))).toEqual(new Set(rules.filter((r) => r.meta.mode === 'offline').map((r) => r.meta.id)));
    const text = await runCli(world, ['--offline'], { rules });
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toContain('the Twilio account was NOT checked');
  });

  test('credentials from the deploy env file when the environment has none', async () => {
    writeFileSync(
      join(world.projectRoot, '.env.deploy'),
      `ACCOUNT_SID=${world.accountSid}\nAUTH_TOKEN=${world.fake.authToken}\nLEDGER_BACKEND=sync\n`,
    );
    const run = await runCli(world, ['--format', 'json'], { rules, env: {} });
    expect((JSON.parse(run.stdout) as { accountChecked: boolean }).accountChecked).toBe(true);
  });

  test('an unverifiable required check: exit 3 (unknown never passes)', async () => {
    world.fake.faults.failNext(10_000, 503, 20500);
    const run = await runCli(world, ['--format', 'json'], { rules });
    world.fake.faults.reset();
    expect(run.exitCode).toBe(3);
    expect((JSON.parse(run.stdout) as { summary: { unknown: number } }).summary.unknown).toBeGreaterThan(0);
  });

  test('usage and config errors: exit 2, ajv errors with their JSON path, nothing echoed', async () => {
    expect((await runCli(world, ['--format', 'xml'], { rules })).exitCode).toBe(2);
    expect((await runCli(world, ['--bogus'], { rules })).stderr).toContain('unknown argument');
    expect((await runCli(world, ['--yes'], { rules })).stderr).toContain('--yes only goes with --fix');
    (world.config.designations[0] as { accountSid: string }).accountSid = `${CANARY_PHONE}`;
    const bad = await runCli(world, [], { rules });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('/designations/0/accountSid pattern');
    assertNoCanary(bad.stderr, 'config error');
  });

  test('--subaccounts walks active subaccounts with their own credentials; no token is printed', async () => {
    seedAccount(world.fake, { sid: `AC${'3'.repeat(32)}`, parentSid: world.accountSid, created: new Date(Date.UTC(2025, 0, 1)) });
    seedAccount(world.fake, { sid: `AC${'4'.repeat(32)}`, parentSid: world.accountSid, created: new Date(Date.UTC(2026, 6, 1)) });
    seedAccount(world.fake, { sid: `AC${'5'.repeat(32)}`, parentSid: world.accountSid, status: 'closed' });
    const run = await runCli(world, ['--subaccounts', '--format', 'json'], { rules });
    const report = JSON.parse(run.stdout) as {
      results: { id: string; status: string; account: string | null; evidence: Record<string, unknown> }[];
    };
    const designated = report.results.filter((r) => r.id === 'ACCOUNT-HIPAA-DESIGNATED').map((r) => [r.account, r.status]);
    expect(designated).toEqual(
      expect.arrayContaining([
        [`AC${'3'.repeat(32)}`, 'fail'],
        [`AC${'4'.repeat(32)}`, 'pass'],
        [world.accountSid, 'pass'],
      ]),
    );
    expect(designated).toHaveLength(3);
    expect(report.results.find((r) => r.id === 'ACCOUNT-SUBACCOUNTS-SCANNED')).toMatchObject({
      status: 'pass',
      evidence: { scanned: 2, unscanned: 0 },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('tok3333');
  });

  test('no PHI in any output: canary names, numbers and bodies planted in the account never appear', async () => {
    world.fake.resources.all('accounts')[0]!.friendly_name = `${CANARY_NAME} ${CANARY_PHONE}`;
    const number = world.fake.resources.all('incoming_phone_numbers')[0]!;
    Object.assign(number, {
      phone_number: CANARY_PHONE,
      friendly_name: CANARY_NAME,
      sms_url: `http://clinic.example/sms?patient=${CANARY_PHONE}`,
      sms_method: 'GET',
    });
    for (const m of world.fake.resources.all('messages')) Object.assign(m, { body: CANARY_BODY, to: CANARY_PHONE });
    for (const format of ['text', 'json', 'sarif']) {
      const run = await runCli(world, ['--format', format, '--verbose']);
      expect(run.exitCode).toBe(1);
      assertNoCanary(run.stdout + run.stderr, `${format} output`);
    }
  });

  test('--output writes the report to a file', async () => {
    const run = await runCli(world, ['--format', 'json', '--output', 'report.json'], { rules });
    expect(run.stdout).toBe('');
    expect(validateReport(JSON.parse(readFileSync(join(world.projectRoot, 'report.json'), 'utf8')))).toBe(true);
  });

  test('--also writes the same report in other formats from one run (no second scan; one set of findings)', async () => {
    const before = world.fake.stats.requests;
    await runCli(world, ['--format', 'json', '--output', 'solo.json'], { rules });
    const oneRun = world.fake.stats.requests - before;
    const run = await runCli(
      world,
      ['--format', 'json', '--output', 'r.json', '--also', 'sarif:r.sarif', '--also', 'html:r.html', '--also', 'text:r.txt'],
      { rules },
    );
    // Exactly the requests of one run: the extra formats are rendered, not re-checked.
    expect(world.fake.stats.requests - before - oneRun).toBe(oneRun);
    expect(run.stdout).toBe('');
    const json = JSON.parse(readFileSync(join(world.projectRoot, 'r.json'), 'utf8'));
    expect(validateReport(json)).toBe(true);
    const sarif = JSON.parse(readFileSync(join(world.projectRoot, 'r.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const html = readFileSync(join(world.projectRoot, 'r.html'), 'utf8');
    expect(html).toContain(json.generatedAt);
    expect(readFileSync(join(world.projectRoot, 'r.txt'), 'utf8').length).toBeGreaterThan(0);
    for (const bad of ['xml:r.xml', 'json', ':r.json', 'json:']) {
      const refused = await runCli(world, ['--also', bad], { rules });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain('--also takes FORMAT:FILE');
      expect(refused.stderr).not.toContain('r.xml');
    }
  });

  test('--fix shows before -> after, applies only with --yes (or y on a terminal), then re-checks', async () => {
    const svc = world.fake.resources.all('messaging_services')[0]!;
    svc.inbound_method = 'GET';
    const all = {};
    const dry = await runCli(world, ['--fix', '--format', 'json'], all);
    expect(dry.stderr).toContain(`MSG-SVC-POST-WEBHOOKS  ${String(svc.sid)}\n    inbound_method: GET -> POST`);
    expect(dry.stderr).toContain('Not applied');
    expect(svc.inbound_method).toBe('GET');
    expect(dry.exitCode).toBe(1);
    const declined = await runCli(world, ['--fix'], { tty: true, answer: false });
    expect(declined.exitCode).toBe(1);
    // On a terminal, text output shows progress on stderr, ending with every check done.
    expect(declined.stderr).toMatch(/scanning: (\d+)\/\1 checks/);
    const applied = await runCli(world, ['--fix', '--yes', '--format', 'json'], all);
    expect(applied.stderr).toMatch(/Applied [1-9][0-9]* change\(s\), 0 failed/);
    expect(svc.inbound_method).toBe('POST');
    const report = JSON.parse(applied.stdout) as { results: { id: string; status: string }[] };
    expect(report.results.filter((r) => r.id === 'MSG-SVC-POST-WEBHOOKS' && (r.status === 'fail' || r.status === 'unknown'))).toEqual([]);
    expect(applied.exitCode).toBe(0);
  });

  test('--help and -h print the usage (with init) on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await runCli(world, [flag], { rules });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^usage: npm run -s preflight -- /m);
      expect(run.stdout).toContain('npm run -s preflight -- init');
      expect(run.stderr).toBe('');
    }
  });
});

/** The CLI in-process on a project without hipaa.config.json (runCli always writes one). */
async function runBare(
  world: World,
  argv: string[],
  env: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const outcome = await runPreflightCli(argv, {
    root: world.projectRoot,
    env,
    makeClient: (u, p, a) => twilio(u, p, { accountSid: a, httpClient: new RedirectingRequestClient(world.fake.origin) }),
    probeStatus: world.probeStatus,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    confirm: async () => false,
    api: { maxDelayMs: 5 },
    toolVersion: '0.0.0-test',
  });
  return { exitCode: outcome.exitCode, stdout, stderr };
}

interface JsonResult {
  id: string;
  status: string;
  reason: string;
  remediation: string;
}

describe('the first run: no hipaa.config.json', () => {
  const INIT = 'npm run -s preflight -- init';

  test('--offline still runs: the checks that read the config are unknown with the way to create it; exit 3', async () => {
    const run = await runBare(world, ['--offline', '--format', 'json'], {});
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`No hipaa.config.json`);
    expect(run.stderr).toContain(`Run \`${INIT}\` to create it`);
    const report = JSON.parse(run.stdout) as { results: JsonResult[]; summary: { exitCode: number } };
    expect(validateReport(report)).toBe(true);
    const byId = new Map(report.results.map((r) => [r.id, r]));
    for (const id of ['ATTEST-BAA', 'PROJECT-PROFILE-CONSISTENT']) {
      expect(byId.get(id)).toMatchObject({ status: 'unknown', reason: `no hipaa.config.json: run \`${INIT}\`` });
      expect(byId.get(id)!.remediation).toMatch(new RegExp(`^Run \`${INIT}\``));
    }
    // Checks that do not need the file still run and judge the project.
    expect(byId.get('PROJECT-FUNCTIONS-PROTECTED')?.status).toBe('pass');
  });

  test('with the account: every rule that reads an attestation is unknown, evidence-only rules still judge; nothing passes on a missing fact', async () => {
    world.fake.resources.all('accounts')[0]!.type = 'Trial';
    const run = await runBare(world, ['--format', 'json'], { ACCOUNT_SID: world.accountSid, AUTH_TOKEN: world.fake.authToken });
    const report = JSON.parse(run.stdout) as { results: JsonResult[] };
    const noConfig = report.results.filter((r) => r.reason.startsWith('no hipaa.config.json'));
    expect(new Set(noConfig.map((r) => r.status))).toEqual(new Set(['unknown']));
    expect(noConfig.map((r) => r.id)).toEqual(
      expect.arrayContaining(['ACCOUNT-HIPAA-DESIGNATED', 'ATTEST-BAA', 'ATTEST-STAFF-TRAINING', 'VERIFY-FRAUD-GUARD-OFF']),
    );
    // A failing check that needs no attestation still fails: exit 1 beats 3.
    expect(report.results.find((r) => r.id === 'ACCOUNT-FULL-ACTIVE')).toMatchObject({ status: 'fail' });
    expect(run.exitCode).toBe(1);
    world.fake.resources.all('accounts')[0]!.type = 'Full';
    const clean = await runBare(world, ['--format', 'json'], { ACCOUNT_SID: world.accountSid, AUTH_TOKEN: world.fake.authToken });
    expect(clean.exitCode).toBe(3);
  });

  test('a malformed hipaa.config.json is still exit 2, naming where (line and column, or the JSON path), never the value', async () => {
    const path = join(world.projectRoot, 'hipaa.config.json');
    writeFileSync(path, `{\n  "version": 1,\n  "profile": ${CANARY_PHONE}x\n}`);
    const syntax = await runBare(world, ['--offline'], {});
    expect(syntax.exitCode).toBe(2);
    expect(syntax.stderr).toContain('hipaa config is not valid JSON/JSON5 (line 3');
    assertNoCanary(syntax.stdout + syntax.stderr, 'syntax error');
    writeFileSync(path, JSON.stringify({ ...world.config, profile: CANARY_NAME }));
    const invalid = await runBare(world, ['--offline'], {});
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('/profile enum');
    assertNoCanary(invalid.stdout + invalid.stderr, 'schema error');
    rmSync(path);
  });

  test('a file named with --config must exist (exit 2, without echoing the name)', async () => {
    const run = await runBare(world, ['--offline', '--config', `${CANARY_NAME}.json`], {});
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('the hipaa config file named by --config does not exist');
    assertNoCanary(run.stderr, '--config error');
  });
});
