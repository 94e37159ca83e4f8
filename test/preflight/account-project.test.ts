import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TwilioApi } from '../../src/tooling/preflight/api/twilio-api';
import { PASS_DETAIL_LIMIT, summarizePasses } from '../../src/tooling/preflight/engine';
import { finding } from '../../src/tooling/preflight/findings';
import { ACCOUNT_RULES } from '../../src/tooling/preflight/rules/account';
import { PROJECT_RULES } from '../../src/tooling/preflight/rules/project';
import { fakeTwilioClient } from '../fake-twilio';
import { assertNoCanary, CANARY_BODY, CANARY_NAME } from '../helpers/canary';
import { seedAccount } from './fixtures/accounts';
import { runPreflight, startWorld, statusesOf, type World, finishWorld } from './harness';

const rules = [...ACCOUNT_RULES, ...PROJECT_RULES];
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

describe('account rules', () => {
  test('a designated, Full, active, attested account passes every account and project rule', async () => {
    const findings = await runPreflight(world, { rules });
    expect(findings.filter((f) => f.status !== 'pass' && f.status !== 'skip')).toEqual([]);
    expect(new Set(findings.map((f) => f.id))).toEqual(new Set(rules.map((r) => r.meta.id)));
  });

  test('ACCOUNT-HIPAA-DESIGNATED fails for an unattested account', async () => {
    world.config.designations = [{ ...world.config.designations[0]!, accountSid: `AC${'f'.repeat(32)}` }];
    expect(statusesOf(await runPreflight(world, { rules }), 'ACCOUNT-HIPAA-DESIGNATED')).toEqual([
      { status: 'fail', resource: world.accountSid },
    ]);
  });

  test('ACCOUNT-FULL-ACTIVE fails for a trial or suspended account', async () => {
    const record = world.fake.resources.all('accounts')[0]!;
    record.type = 'Trial';
    expect(statusesOf(await runPreflight(world, { rules }), 'ACCOUNT-FULL-ACTIVE')).toEqual([
      { status: 'fail', resource: world.accountSid },
    ]);
  });

  test('subaccounts: inherited when created after the designation, failing when older and not attested', async () => {
    const newer = `AC${'1'.repeat(32)}`;
    const older = `AC${'2'.repeat(32)}`;
    seedAccount(world.fake, { sid: newer, parentSid: world.accountSid, created: new Date(Date.UTC(2026, 5, 1)) });
    seedAccount(world.fake, { sid: older, parentSid: world.accountSid, created: new Date(Date.UTC(2025, 5, 1)) });
    const sub = (sid: string) => ({
      sid,
      parentSid: world.accountSid,
      api: new TwilioApi(fakeTwilioClient({ ...world.fake, accountSid: sid, authToken: `tok${sid.slice(2, 31)}` })),
    });
    const findings = await runPreflight(world, { rules: ACCOUNT_RULES, accounts: [sub(newer), sub(older)] });
    expect(statusesOf(findings, 'ACCOUNT-HIPAA-DESIGNATED')).toEqual([
      { status: 'pass', resource: newer },
      { status: 'fail', resource: older },
    ]);
    world.config.designations[0]!.inheritNewSubaccounts = false;
    const noInherit = await runPreflight(world, { rules: ACCOUNT_RULES, accounts: [sub(newer)] });
    expect(statusesOf(noInherit, 'ACCOUNT-HIPAA-DESIGNATED')).toEqual([{ status: 'fail', resource: newer }]);
  });

  test('ATTEST-BAA: a future signing date fails; ATTEST-NO-PHI-SUPPORT-TICKETS false fails', async () => {
    world.config.baa.signedAt = '2999-01-01';
    world.config.attestations.noPhiInSupportTickets = { value: false, by: 'support-lead', at: '2026-01-01' };
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'ATTEST-BAA')).toEqual([{ status: 'fail', resource: null }]);
    expect(statusesOf(findings, 'ATTEST-NO-PHI-SUPPORT-TICKETS')).toEqual([{ status: 'fail', resource: null }]);
  });

  test('attestation-only rules: missing is unknown, false is fail (recommended → warn)', async () => {
    delete world.config.attestations.staffTraining;
    world.config.attestations.staticProxy = { value: false, by: 'x-person', at: '2026-01-01' };
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'ATTEST-STAFF-TRAINING')).toEqual([{ status: 'unknown', resource: null }]);
    expect(statusesOf(findings, 'ATTEST-STATIC-PROXY')).toEqual([{ status: 'warn', resource: null }]);
  });

  test('an API failure makes account rules unknown, never pass', async () => {
    world.fake.faults.failNext(1000, 500, 20500);
    const findings = await runPreflight(world, { rules: ACCOUNT_RULES });
    expect(statusesOf(findings, 'ACCOUNT-FULL-ACTIVE')).toEqual([{ status: 'unknown', resource: null }]);
    world.fake.faults.reset();
  });
});

describe('project rules', () => {
  test('a public function and a public asset fail; allowlisted public asset passes', async () => {
    writeFileSync(join(world.projectRoot, 'dist', 'functions', 'open.js'), 'exports.handler = () => {};\n');
    writeFileSync(join(world.projectRoot, 'dist', 'assets', 'logo.png'), 'x');
    writeFileSync(join(world.projectRoot, 'dist', 'assets', 'notes.json'), '{}');
    world.config.publicAssetsAllowlist = ['/logo.png'];
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'PROJECT-FUNCTIONS-PROTECTED')).toEqual(
      expect.arrayContaining([
        { status: 'fail', resource: 'project:/open' },
        { status: 'pass', resource: 'project:/sms/inbound' },
      ]),
    );
    expect(statusesOf(findings, 'PROJECT-ASSETS-PRIVATE')).toEqual(
      expect.arrayContaining([
        { status: 'pass', resource: 'project:/logo.png' },
        { status: 'fail', resource: 'project:/notes.json' },
      ]),
    );
  });

  test('no build: unknown', async () => {
    rmSync(join(world.projectRoot, 'dist'), { recursive: true });
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'PROJECT-FUNCTIONS-PROTECTED')).toEqual([{ status: 'unknown', resource: null }]);
  });

  test('deploy env: seams and PHI-looking values fail by variable name; values never reported', async () => {
    writeFileSync(
      join(world.projectRoot, '.env.deploy'),
      'LEDGER_BACKEND=file\nNOTE=call +12025550147 re: jdoe@example.com\nCLINIC_HELP_PHONE=+15555550100\n',
    );
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'PROJECT-DEPLOY-ENV-CLEAN')).toEqual([
      { status: 'fail', resource: 'project:.env.deploy#LEDGER_BACKEND' },
      { status: 'fail', resource: 'project:.env.deploy#NOTE' },
      { status: 'fail', resource: 'project:.env.deploy#NOTE' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('2025550147');
    // Empty keys (a .env.example copy) are not deployed by twilio-run, so they are not seams.
    writeFileSync(join(world.projectRoot, '.env.deploy'), 'LEDGER_BACKEND=sync\nLEDGER_FILE_DIR=\nDEBUG=\n');
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-DEPLOY-ENV-CLEAN')).toEqual([
      { status: 'pass', resource: 'project:.env.deploy' },
    ]);
  });

  test('deploy env: a missing file is unknown ("nothing to check yet", with the fix), not fail', async () => {
    rmSync(join(world.projectRoot, '.env.deploy'));
    const findings = (await runPreflight(world, { rules })).filter((f) => f.id === 'PROJECT-DEPLOY-ENV-CLEAN');
    expect(findings.map((f) => ({ status: f.status, resource: f.resource }))).toEqual([
      { status: 'unknown', resource: 'project:.env.deploy' },
    ]);
    expect(findings[0]?.reason).toBe(
      "nothing to check yet: .env.deploy does not exist (create it from .env.example with the deployment's values; npm run deploy refuses to run without it)",
    );
  });

  test('deploy env: a file dotenv 16 and twilio-run could read differently fails by line and kind, values never reported', async () => {
    writeFileSync(
      join(world.projectRoot, '.env.deploy'),
      `LEDGER_BACKEND=sync\nNOTE="${CANARY_BODY}\nDEBUG=*\nACCOUNT_SID=AC${'9'.repeat(32)}"\nexport NODE_OPTIONS=--inspect\nCLINIC_NAME=Clinic # ${CANARY_NAME}\n`,
    );
    const findings = (await runPreflight(world, { rules })).filter((f) => f.id === 'PROJECT-DEPLOY-ENV-CLEAN');
    expect(findings.map((f) => ({ status: f.status, resource: f.resource, kind: f.evidence.kind }))).toEqual([
      { status: 'fail', resource: 'project:.env.deploy:2', kind: 'unterminated-quote' },
      { status: 'fail', resource: 'project:.env.deploy:4', kind: 'stray-quote' },
      { status: 'fail', resource: 'project:.env.deploy:5', kind: 'export-prefix' },
      { status: 'fail', resource: 'project:.env.deploy:6', kind: 'hash-in-unquoted-value' },
    ]);
    expect(findings[0]?.reason).toMatch(
      /^dotenv 16 and twilio-run could read it differently: line 2: the quote is not closed on this line/,
    );
    const text = JSON.stringify(findings);
    assertNoCanary(text, 'PROJECT-DEPLOY-ENV-CLEAN findings');
    expect(text).not.toContain('9'.repeat(32));
  });

  test.each([
    ['a tunnel', 'https://abc.ngrok.app', 'fail'],
    ['a tunnel on twil.io lookalike', 'https://abc.twil.io.ngrok.app', 'fail'],
    ['localhost', 'http://localhost:3000', 'fail'],
    ['plain http', 'http://clinic-1234-dev.twil.io', 'fail'],
    ['another host', 'https://clinic.example.com', 'fail'],
    ['a path', 'https://clinic-1234-dev.twil.io/sms/inbound', 'fail'],
    ['a trailing slash', 'https://clinic-1234-dev.twil.io/', 'fail'],
    ['a port', 'https://clinic-1234-dev.twil.io:443', 'fail'],
    ['upper case', 'https://Clinic-1234-dev.twil.io', 'fail'],
    ['a query', 'https://clinic-1234-dev.twil.io?x=1', 'fail'],
    ['an IP address', 'https://127.0.0.1', 'fail'],
    ['an https *.twil.io origin (compared with the real domain by the deploy gate)', 'https://clinic-1234-dev.twil.io', 'pass'],
    ['empty (recommended: the Function uses its own domain)', '', 'pass'],
  ])('deploy env: WEBHOOK_BASE_URL as %s: %s', async (_name, value, status) => {
    writeFileSync(join(world.projectRoot, '.env.deploy'), `LEDGER_BACKEND=sync\nWEBHOOK_BASE_URL=${value}\n`);
    const findings = (await runPreflight(world, { rules })).filter((f) => f.id === 'PROJECT-DEPLOY-ENV-CLEAN');
    expect(findings.map((f) => ({ status: f.status, resource: f.resource }))).toEqual([
      { status, resource: status === 'pass' ? 'project:.env.deploy' : 'project:.env.deploy#WEBHOOK_BASE_URL' },
    ]);
    if (status === 'fail') {
      expect(findings[0]?.reason).toMatch(
        /^WEBHOOK_BASE_URL is not an https:\/\/….twil.io origin .*deployed Functions would refuse every genuine webhook \(403\); leave it empty$/,
      );
      if (value !== '') expect(JSON.stringify(findings)).not.toContain(value);
    }
  });

  test('retention overrides: fail under studio by variable name, pass under redaction or when empty', async () => {
    writeFileSync(
      join(world.projectRoot, '.env.deploy'),
      'LEDGER_BACKEND=sync\nMESSAGE_CONTENT_RETENTION=discard\nMESSAGE_ADDRESS_RETENTION=\n',
    );
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-RETENTION-NEEDS-REDACTION')).toEqual([
      { status: 'pass', resource: 'project:.env.deploy' },
    ]);
    expect(statusesOf(await runPreflight(world, { rules, profile: 'studio' }), 'PROJECT-RETENTION-NEEDS-REDACTION')).toEqual([
      { status: 'fail', resource: 'project:.env.deploy#MESSAGE_CONTENT_RETENTION' },
    ]);
    writeFileSync(join(world.projectRoot, '.env.deploy'), 'LEDGER_BACKEND=sync\n');
    expect(statusesOf(await runPreflight(world, { rules, profile: 'studio' }), 'PROJECT-RETENTION-NEEDS-REDACTION')).toEqual([
      { status: 'pass', resource: 'project:.env.deploy' },
    ]);
  });

  test('profile consistency: studio with redaction on fails with an explanation', async () => {
    const findings = await runPreflight(world, { rules, profile: 'studio' });
    const reasons = findings.filter((f) => f.id === 'PROJECT-PROFILE-CONSISTENT' && f.status === 'fail').map((f) => f.reason);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringContaining('Studio does not work with Message Redaction')]));
  });

  test('.twiliodeployinfo for another account fails', async () => {
    mkdirSync(world.projectRoot, { recursive: true });
    writeFileSync(
      join(world.projectRoot, '.twiliodeployinfo'),
      JSON.stringify({ [`AC${'e'.repeat(32)}`]: { serviceSid: `ZS${'1'.repeat(32)}` } }),
    );
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-DEPLOYINFO-ACCOUNT')).toEqual([{ status: 'fail', resource: null }]);
    writeFileSync(
      join(world.projectRoot, '.twiliodeployinfo'),
      JSON.stringify({ [world.accountSid]: { serviceSid: `ZS${'1'.repeat(32)}` } }),
    );
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-DEPLOYINFO-ACCOUNT')).toEqual([
      { status: 'pass', resource: `ZS${'1'.repeat(32)}` },
    ]);
  });
});

describe('engine', () => {
  test('more than PASS_DETAIL_LIMIT passing resources are summarised; failures stay listed', () => {
    const rule = ACCOUNT_RULES[0]!;
    const ctx = { account: null } as unknown as Parameters<typeof summarizePasses>[1];
    const many = Array.from({ length: PASS_DETAIL_LIMIT + 1 }, (_, i) =>
      finding(rule.meta, ctx, 'pass', { resource: `PN${String(i).padStart(32, '0')}`, reason: 'attested' }),
    );
    const fail = finding(rule.meta, ctx, 'fail', {
      resource: `PN${'f'.repeat(32)}`,
      reason: 'the account is not attested as HIPAA-designated',
    });
    const out = summarizePasses(rule, ctx, [...many, fail]);
    expect(out.map((f) => [f.status, f.resource, f.evidence])).toEqual([
      ['fail', `PN${'f'.repeat(32)}`, {}],
      ['pass', null, { resources: PASS_DETAIL_LIMIT + 1 }],
    ]);
    expect(summarizePasses(rule, ctx, many.slice(0, PASS_DETAIL_LIMIT))).toHaveLength(PASS_DETAIL_LIMIT);
  });
});
