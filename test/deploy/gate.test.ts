/**
 * `npm run deploy` end to end (runDeployCli) against the fake Twilio API: the order of the steps
 * and each failure stopping the chain, --accept-risk and its audit trail, the guards, the gated
 * build's lifetime, verification and smoke test of what twilio-run left live, and --wire. Canary PHI
 * is in the deploy env file's values, the fake's numbers and names; no run may print any of it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_FILE } from '../../src/tooling/deploy/audit';
import { GATED_ENV } from '../../src/tooling/deploy/gated-build';
import type { TwilioRunInvocation } from '../../src/tooling/deploy/twilio-run';
import { finding } from '../../src/tooling/preflight/findings';
import { ALL_RULES } from '../../src/tooling/preflight/rules';
import type { Rule } from '../../src/tooling/preflight/types';
import { assertNoCanary, CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { ACCOUNTS, INCOMING_NUMBERS, MESSAGING_SERVICES } from '../fake-twilio';
import { finishWorld, seedLedgerIdentity } from '../preflight/harness';
import { tamper, type RealDeployConfig } from './fake-twilio-run';
import { CANARY_PN, fakeEdgePost, GATE_RULES, MG, runGate, startDeployWorld, writeBuild, type DeployWorld, type GateRun } from './world';

const STEPS = [
  'guards',
  'build',
  'typecheck',
  'offline-check tests',
  'offline preflight',
  'account preflight',
  'gated build',
  'twilio-run deploy',
  'verify live build',
  'smoke test',
  'wiring',
];

let world: DeployWorld;
beforeEach(async () => {
  world = await startDeployWorld();
});
afterEach(() => finishWorld(world));

const gated = (): string => join(world.root, 'dist', 'gated');
const deployInfo = (): string => join(world.root, '.twiliodeployinfo');
const auditLines = (): string[] =>
  existsSync(join(world.root, AUDIT_FILE)) ? readFileSync(join(world.root, AUDIT_FILE), 'utf8').trim().split('\n') : [];
const record = (collection: string, sid: string) => world.fake.resources.all(collection).find((r) => r.sid === sid)!;

function phiFree(run: GateRun): GateRun {
  assertNoCanary(run.stdout, 'deploy stdout');
  assertNoCanary(run.stderr, 'deploy stderr');
  return run;
}

describe('order of steps', () => {
  test('all good, with every preflight rule: each step in order, deployed, verified, smoke-tested, wiring printed', async () => {
    const calls: TwilioRunInvocation[] = [];
    const run = phiFree(await runGate(world, [], { rules: ALL_RULES, run: { calls } }));
    expect(run.code).toBe(0);
    expect(run.steps).toEqual(STEPS);
    expect(run.stdout).toMatch(
      /\[8\/11\] twilio-run deploy\n {6}twilio-run deploy --functions-folder dist\/gated\/functions --assets-folder dist\/gated\/assets --env dist\/gated\/deploy\.env --environment dev -o json\n/,
    );
    expect(calls).toEqual([
      {
        root: world.root,
        functionsFolder: 'dist/gated/functions',
        assetsFolder: 'dist/gated/assets',
        envFile: 'dist/gated/deploy.env',
        environment: 'dev',
      },
    ]);
    expect(run.stdout).toMatch(
      /Deployed and verified: https:\/\/hipaa-safe-messaging-\d{4}-dev\.twil\.io \(service ZS[0-9a-f]{32}, environment dev ZE[0-9a-f]{32}, build ZB[0-9a-f]{32}\)\n$/,
    );
    expect(run.stdout).toContain(
      "4 function(s) with the visibility their names say, 1 private asset(s), 6 variable(s) match .env.deploy (names only shown), their digest equals the gated manifest's",
    );
    expect(run.stdout).toContain(
      '3 protected webhook(s) refused an unsigned POST (401/403); a POST signed with the deploy credentials was accepted (200) and one signed with a wrong token refused',
    );
    expect(existsSync(gated())).toBe(false);
    expect(auditLines()).toEqual([]);
  });

  const failing: [string, number, number, (w: DeployWorld) => Parameters<typeof runGate>[2]][] = [
    ['build', 2, 1, () => ({ build: async () => Promise.reject(new Error(CANARY_BODY)) })],
    [
      'typecheck',
      3,
      1,
      () => ({
        typecheck: async () => ({
          ok: false,
          summary: '1 type error(s): run npm run typecheck for the messages',
          details: ['src/x.ts(3,7) TS2322'],
        }),
      }),
    ],
    [
      'offline-check tests',
      4,
      1,
      () => ({
        offlineTests: async () => ({
          ok: false,
          summary: '1 test(s) failed',
          details: ['test/unit/project-invariants.test.ts: no Function is public'],
        }),
      }),
    ],
    ['offline preflight', 5, 1, (w) => ({ build: async () => writeBuild(w.root, ['open.js']) })],
    [
      'account preflight',
      6,
      1,
      (w) => {
        w.fake.resources.all(ACCOUNTS).find((a) => a.sid === w.accountSid)!.type = 'Trial';
        return {};
      },
    ],
    ['twilio-run deploy', 8, 4, () => ({ run: { fail: `ERROR Failed API Request 20404 for ${CANARY_PHONE}` } })],
    ['verify live build', 9, 5, () => ({ run: { tamper: tamper.functionVisibility('/sms/inbound', 'public') } })],
    ['smoke test', 10, 5, () => ({ smokePost: async () => 200 })],
  ];

  test.each(failing)('a failing %s stops the chain there (step %i, exit %i)', async (name, step, code, setup) => {
    const spies = {
      typecheck: jest.fn(async () => ({ ok: true, summary: 'ok', details: [] })),
      offlineTests: jest.fn(async () => ({ ok: true, summary: 'ok', details: [] })),
      smokePost: jest.fn(async () => 401),
    };
    const calls: TwilioRunInvocation[] = [];
    const o = setup(world) ?? {};
    const run = phiFree(await runGate(world, [], { ...spies, ...o, run: { calls, ...(o.run ?? {}) } }));
    expect(run.code).toBe(code);
    expect(run.steps).toEqual(STEPS.slice(0, step));
    expect(run.stderr).toContain(`Stopped at step ${step}/11 (${name}).`);
    if (step < 3) expect(spies.typecheck).not.toHaveBeenCalled();
    if (step < 4) expect(spies.offlineTests).not.toHaveBeenCalled();
    expect(calls).toHaveLength(step >= 8 ? 1 : 0);
    if (step < 8) expect(existsSync(deployInfo())).toBe(false);
    if (step < 10) expect(spies.smokePost).not.toHaveBeenCalled();
    expect(existsSync(gated())).toBe(false);
  });

  test('failure messages name what to fix: type error locations, failing tests, the rule, the masked twilio-run output', async () => {
    const typecheck = await runGate(world, [], failing[1]![3](world));
    expect(typecheck.stderr).toContain('  src/x.ts(3,7) TS2322\n      FAILED (exit 1): 1 type error(s): run npm run typecheck');
    const build = await runGate(world, [], failing[0]![3](world));
    expect(build.stderr).toContain('the build failed: run npm run build to see the errors');
    const offline = await runGate(world, [], failing[3]![3](world));
    expect(offline.stderr).toContain(
      'FAIL      PROJECT-FUNCTIONS-PROTECTED  project:/open  public function: anyone can call it unsigned\n            fix: Rename the source',
    );
    const tests = await runGate(world, [], failing[2]![3](world));
    expect(tests.stderr).toContain(
      '  test/unit/project-invariants.test.ts: no Function is public\n      FAILED (exit 1): 1 test(s) failed',
    );
    const upload = phiFree(await runGate(world, [], failing[5]![3](world)));
    expect(upload.stderr).toContain('  | ERROR Failed API Request 20404 for +1******0147');
  });
});

describe('--accept-risk', () => {
  const failNumberWebhook = (): void => void (record(INCOMING_NUMBERS, CANARY_PN).voice_method = 'GET');

  test('a required failure blocks; named, it passes and is recorded: time, rule, account, OS user, resource', async () => {
    failNumberWebhook();
    const blocked = phiFree(await runGate(world, []));
    expect(blocked.code).toBe(1);
    expect(blocked.steps).toEqual(STEPS.slice(0, 6));
    expect(blocked.stderr).toContain(`FAIL      NUM-POST-WEBHOOKS  ${world.accountSid} ${CANARY_PN}  a webhook method is not POST`);

    writeFileSync(join(world.root, AUDIT_FILE), '{"earlier":"entry"}\n');
    const accepted = phiFree(await runGate(world, ['--accept-risk', 'NUM-POST-WEBHOOKS']));
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`ACCEPTED  NUM-POST-WEBHOOKS  ${world.accountSid} ${CANARY_PN}`);
    expect(accepted.stdout).toContain(`or was accepted (1 line(s) appended to ${AUDIT_FILE})`);
    const lines = auditLines();
    expect(lines[0]).toBe('{"earlier":"entry"}');
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        time: '2026-11-20T10:00:00.000Z',
        rule: 'NUM-POST-WEBHOOKS',
        accountSid: world.accountSid,
        osUser: 'deployer',
        resource: CANARY_PN,
      },
    ]);
    expect(Object.keys(JSON.parse(lines[1]!) as object)).toEqual(['time', 'rule', 'accountSid', 'osUser', 'resource']);

    await runGate(world, ['--accept-risk', 'NUM-POST-WEBHOOKS'], { osUser: () => 'second' });
    expect(auditLines()).toHaveLength(3); // appended, never rewritten
  });

  test('only the named rule passes: another required failure still blocks, nothing recorded', async () => {
    failNumberWebhook();
    world.fake.resources.all(ACCOUNTS).find((a) => a.sid === world.accountSid)!.type = 'Trial';
    const run = phiFree(await runGate(world, ['--accept-risk', 'NUM-POST-WEBHOOKS']));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FAIL      ACCOUNT-FULL-ACTIVE');
    expect(run.stderr).toContain('ACCEPTED  NUM-POST-WEBHOOKS');
    expect(auditLines()).toEqual([]);
  });

  test('unknown still blocks (exit 3), even when named', async () => {
    const meta = {
      id: 'TEST-CANNOT-RUN',
      title: 't',
      severity: 'required',
      product: 'account',
      source: 's',
      profiles: ['redaction', 'studio'],
      safeguards: ['164.312(a)(1)'],
      mode: 'account',
      remediation: 'make it runnable',
      fixable: false,
    } as const;
    const cannotRun: Rule = {
      meta,
      check: async (ctx) => [finding(meta, ctx, 'unknown', { reason: 'the API request failed after retries' })],
    };
    const run = phiFree(await runGate(world, ['--accept-risk', 'TEST-CANNOT-RUN'], { rules: [...GATE_RULES, cannotRun] }));
    expect(run.code).toBe(3);
    expect(run.steps).toEqual(STEPS.slice(0, 6));
    expect(run.stderr).toContain('UNKNOWN   TEST-CANNOT-RUN');
    expect(run.stderr).toContain('unknown blocks, even with --accept-risk');
    expect(auditLines()).toEqual([]);
  });

  test.each([
    [['--accept-risk', 'all'], /invalid --accept-risk/],
    [
      ['--accept-risk', 'PROJECT-DEPLOY-ENV-CLEAN'],
      /--accept-risk PROJECT-DEPLOY-ENV-CLEAN is not allowed: twilio-run uploads the deploy env file as it is/,
    ],
    [['--accept-risk', 'NOT-A-RULE'], /does not have/],
  ])('never a blanket or gate bypass: %j is a usage error before any step', async (argv, message) => {
    const run = await runGate(world, argv);
    expect(run.code).toBe(2);
    expect(run.steps).toEqual([]);
    expect(run.stderr).toMatch(message);
  });

  test('--help prints the usage and runs no step', async () => {
    const run = await runGate(world, ['--help']);
    expect(run).toMatchObject({ code: 0, steps: [] });
    expect(run.stdout).toMatch(/^usage: npm run deploy --/);
  });

  test('PROJECT-DEPLOY-ENV-CLEAN must pass: a seam in the deploy env file stops the offline preflight', async () => {
    world.writeEnv({ ...world.env, DEBUG: 'twilio*' });
    const run = phiFree(await runGate(world, []));
    expect(run.code).toBe(1);
    expect(run.steps).toEqual(STEPS.slice(0, 5));
    expect(run.stderr).toContain('PROJECT-DEPLOY-ENV-CLEAN  project:.env.deploy#DEBUG  local-only or debugging variable');
    const without = await runGate(world, [], { rules: [...GATE_RULES.filter((r) => r.meta.id !== 'PROJECT-DEPLOY-ENV-CLEAN')] });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('PROJECT-DEPLOY-ENV-CLEAN did not pass');
  });
});

describe('guards', () => {
  test.each([
    [
      'a missing .env.deploy',
      (w: DeployWorld) => writeFileSync(join(w.root, '.env.deploy.moved'), ''),
      ['--env', '.env.missing'],
      /\.env\.missing is missing/,
    ],
    [
      'the file-backed ledger',
      (w: DeployWorld) => w.writeEnv({ ...w.env, LEDGER_BACKEND: 'file' }),
      [],
      /LEDGER_BACKEND=file: the file-backed ledger is for the local profile only/,
    ],
    [
      '.env.local',
      (w: DeployWorld) => writeFileSync(join(w.root, '.env.local'), ''),
      ['--env', '.env.local'],
      /\.env\.local is a local env file/,
    ],
  ])('refuses %s before building', async (_name, setup, argv, message) => {
    setup(world);
    const build = jest.fn(async () => writeBuild(world.root));
    const run = phiFree(await runGate(world, argv, { build }));
    expect(run.code).toBe(1);
    expect(run.steps).toEqual(['guards']);
    expect(run.stderr).toMatch(message);
    expect(build).not.toHaveBeenCalled();
  });

  test('#162: another account in .twiliodeployinfo refuses; --service-sid of this account deploys into that service', async () => {
    const other = `AC${'9'.repeat(32)}`;
    writeFileSync(
      deployInfo(),
      JSON.stringify({ [`${other}:us1`]: { serviceSid: `ZS${'8'.repeat(32)}`, latestBuild: `ZB${'7'.repeat(32)}` } }),
    );
    const refused = phiFree(await runGate(world, []));
    expect(refused.code).toBe(1);
    expect(refused.steps).toEqual(['guards']);
    expect(refused.stderr).toContain('serverless-toolkit #162');

    const existing = world.fake.serverless.seedDeployment({ uniqueName: 'hipaa-safe-messaging', functions: [] });
    const calls: TwilioRunInvocation[] = [];
    const run = phiFree(await runGate(world, ['--service-sid', existing.serviceSid], { run: { calls } }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('COVERED   PROJECT-DEPLOYINFO-ACCOUNT');
    expect(calls[0]?.serviceSid).toBe(existing.serviceSid);
    const info = JSON.parse(readFileSync(deployInfo(), 'utf8')) as Record<string, { serviceSid: string }>;
    expect(info[`${world.accountSid}:us1`]?.serviceSid).toBe(existing.serviceSid);
  });

  test('--service-sid that is not a service of the account stops at the account preflight', async () => {
    const run = phiFree(await runGate(world, ['--service-sid', `ZS${'6'.repeat(32)}`]));
    expect(run.code).toBe(1);
    expect(run.steps).toEqual(STEPS.slice(0, 6));
    expect(run.stderr).toContain(`is not a service of account ${world.accountSid}`);
  });

  test('an unreadable hipaa.config.json or a bad preflight flag stops before any step (exit 2)', async () => {
    writeFileSync(join(world.root, 'hipaa.config.json'), '{ not json');
    expect(await runGate(world, [])).toMatchObject({ code: 2, steps: [] });
    expect(await runGate(world, ['--profile', 'bogus'])).toMatchObject({ code: 2, steps: [] });
  });

  test('a broken hook is warned about (direct deploys would not be blocked); the gate itself still runs', async () => {
    writeFileSync(
      join(world.root, '.twilioserverlessrc'),
      '{ "commands": { "deploy": { "functionsFolder": "dist/functions", "assetsFolder": "dist/assets" } } }',
    );
    const run = await runGate(world, []);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning: the deploy hook is not in place (.twilioserverlessrc commands.deploy.functionsFolder is not src/tooling/deploy/direct-deploy-blocked)',
    );
  });

  test('credentials in the environment naming another account refuse', async () => {
    const run = await runGate(world, [], { env: { ACCOUNT_SID: `AC${'5'.repeat(32)}` } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the environment names another account');
  });
});

describe('the gated build', () => {
  test('exists (with its manifest) only while twilio-run uploads it', async () => {
    const seen: boolean[] = [];
    const onCall = (inv: TwilioRunInvocation): void => {
      seen.push(
        existsSync(join(inv.root, inv.functionsFolder, 'sms', 'inbound.protected.js')),
        existsSync(join(world.root, 'dist', 'gated', 'manifest.json')),
      );
    };
    expect((await runGate(world, [], { run: { onCall } })).code).toBe(0);
    expect(seen).toEqual([true, true]);
    expect(existsSync(gated())).toBe(false);
    expect((await runGate(world, [], { run: { onCall, fail: 'upload failed' } })).code).toBe(4);
    expect(existsSync(gated())).toBe(false);
  });

  test('a dist/ or deploy env file changed during the checks is refused before the upload', async () => {
    const editDist = async () => {
      writeFileSync(join(world.root, 'dist', 'functions', 'sms', 'inbound.protected.js'), 'exports.handler = () => {};\n');
      return { ok: true, summary: 'ok', details: [] };
    };
    const dist = await runGate(world, [], { offlineTests: editDist });
    expect(dist).toMatchObject({ code: 1, steps: STEPS.slice(0, 7) });
    expect(dist.stderr).toContain('dist/ changed while the checks ran');
    const editEnv = async () => {
      world.writeEnv({ ...world.env, CLINIC_HELP_PHONE: '+15555550199' });
      return { ok: true, summary: 'ok', details: [] };
    };
    const env = await runGate(world, [], { typecheck: editEnv });
    expect(env.stderr).toContain('.env.deploy changed while the checks ran');
    expect(existsSync(deployInfo())).toBe(false);
  });

  test('a dist/gated made by another run meanwhile is refused and left alone', async () => {
    const otherRun = async () => {
      mkdirSync(gated(), { recursive: true });
      writeFileSync(join(gated(), 'other'), '');
      return { ok: true, summary: 'ok', details: [] };
    };
    const run = await runGate(world, [], { typecheck: otherRun });
    expect(run).toMatchObject({ code: 1, steps: STEPS.slice(0, 7) });
    expect(existsSync(join(gated(), 'other'))).toBe(true);
  });
});

describe('verification and smoke test of the live build', () => {
  test('a public function fails with the file to fix and, on a redeploy, the rollback command', async () => {
    const first = await runGate(world, []);
    expect(first.code).toBe(0);
    const firstBuild = /build (ZB[0-9a-f]{32})\)\n$/.exec(first.stdout)?.[1];
    const run = phiFree(await runGate(world, [], { run: { tamper: tamper.functionVisibility('/voice/inbound', 'public') } }));
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(
      'function /voice/inbound is PUBLIC (no signature check by Twilio): its source must be functions/voice/inbound.protected.ts',
    );
    expect(run.stderr).toMatch(
      new RegExp(
        `To roll back: twilio api:serverless:v1:services:environments:deployments:create --service-sid ZS[0-9a-f]{32} --environment-sid ZE[0-9a-f]{32} --build-sid ${firstBuild}`,
      ),
    );
  });

  test('a non-private asset, and variables missing or different from .env.deploy, fail by name only', async () => {
    const run = phiFree(
      await runGate(world, [], {
        run: {
          tamper: (d, fake) => {
            tamper.assetVisibility('/clinic.json', 'public')(d, fake);
            tamper.variable('CLINIC_NAME', `${CANARY_BODY} (edited in the Console)`)(d, fake);
            tamper.variable('MESSAGING_SERVICE_SID', null)(d, fake);
          },
        },
      }),
    );
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('asset /clinic.json is public');
    expect(run.stderr).toContain('variable CLINIC_NAME in environment dev differs from .env.deploy (values not shown)');
    expect(run.stderr).toContain('variable MESSAGING_SERVICE_SID from .env.deploy is not set in environment dev');
  });

  describe('smoke test against a local server standing in for the domain', () => {
    let server: Server;
    let port: number;
    beforeEach(async () => {
      server = createServer((req, res) => void res.writeHead(req.url === '/sms/inbound' ? 200 : 403).end());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterEach(() => new Promise((r) => server.close(r)));
    const smokePost = async (url: string): Promise<number> =>
      (await fetch(`http://127.0.0.1:${port}${new URL(url).pathname}`, { method: 'POST', body: '', redirect: 'manual' })).status;

    test('a webhook answering 200 to an unsigned POST fails (exit 5); 403 passes', async () => {
      const run = phiFree(await runGate(world, [], { smokePost }));
      expect(run.code).toBe(5);
      expect(run.stdout).toMatch(/ {2}403 {2}POST https:\/\/[a-z0-9-]+\.twil\.io\/voice\/inbound {2}\(unsigned: refused, as it must be\)/);
      expect(run.stderr).toMatch(/\/sms\/inbound answered an unsigned POST with 200: it is not protected/);
    });
  });
});

describe('--wire', () => {
  test('--yes: before -> after shown (masked number), applied, read back', async () => {
    const run = phiFree(await runGate(world, ['--wire', '--yes']));
    expect(run.code).toBe(0);
    const domain = /Deployed and verified: https:\/\/([a-z0-9.-]+) /.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(
      `Planned changes:\nMessaging Service ${MG}\n    inbound_request_url: https://hipaa-messaging-4821-prod.twil.io/sms/inbound -> https://${domain}/sms/inbound`,
    );
    expect(run.stdout).toContain(`Number ${CANARY_PN} (+1******0147)\n    voice_url: (unset) -> https://${domain}/voice/inbound`);
    expect(run.stdout).toMatch(/ok: applied \d+ change\(s\) to \d+ resource\(s\), read back/);
    expect(record(MESSAGING_SERVICES, MG)).toMatchObject({
      inbound_request_url: `https://${domain}/sms/inbound`,
      fallback_url: `https://${domain}/sms/inbound`,
      inbound_method: 'POST',
      fallback_method: 'POST',
    });
    expect(record(INCOMING_NUMBERS, CANARY_PN)).toMatchObject({ voice_url: `https://${domain}/voice/inbound`, voice_method: 'POST' });
  });

  test('declined (no --yes off a terminal, or n at the prompt): nothing changed; y applies', async () => {
    const before = structuredClone([record(MESSAGING_SERVICES, MG), record(INCOMING_NUMBERS, CANARY_PN)]);
    const offTerminal = await runGate(world, ['--wire']);
    expect(offTerminal.code).toBe(0);
    expect(offTerminal.stdout).toContain('ok: not applied (use --yes, or answer y at the terminal)');
    const no = await runGate(world, ['--wire'], { isTTY: true, answer: false });
    expect(no.stdout).toContain('not applied');
    expect([record(MESSAGING_SERVICES, MG), record(INCOMING_NUMBERS, CANARY_PN)]).toEqual(before);
    const confirm = jest.fn(async () => true);
    const yes = phiFree(await runGate(world, ['--wire', '--number', CANARY_PN], { isTTY: true, confirm }));
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/^Apply \d+ change\(s\) to 2 resource\(s\)\? \[y\/N\] $/));
    expect(yes.code).toBe(0);
    expect(record(INCOMING_NUMBERS, CANARY_PN).voice_url).toMatch(/\/voice\/inbound$/);
  });

  test('--wire needs MESSAGING_SERVICE_SID in the deploy env file (checked before building)', async () => {
    world.writeEnv(Object.fromEntries(Object.entries(world.env).filter(([k]) => k !== 'MESSAGING_SERVICE_SID')));
    const run = await runGate(world, ['--wire', '--yes']);
    expect(run).toMatchObject({ code: 2, steps: ['guards'] });
    expect(run.stderr).toContain('--wire needs MESSAGING_SERVICE_SID in .env.deploy');
  });
});

test('a full run (--wire --yes --verbose) prints no env value: not the auth token, the help line or the canaries', async () => {
  const run = phiFree(await runGate(world, ['--wire', '--yes', '--verbose']));
  expect(run.code).toBe(0);
  const all = `${run.stdout}${run.stderr}`;
  for (const key of ['AUTH_TOKEN', 'CLINIC_HELP_PHONE', 'CLINIC_NAME', 'OPTOUT_HMAC_SECRET'])
    expect({ key, shown: all.includes(world.env[key] as string) }).toEqual({ key, shown: false });
});

describe('one variable map: what the gate checked is exactly what twilio-run uploads', () => {
  const uploadedOf = (env: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' && k !== 'ACCOUNT_SID' && k !== 'AUTH_TOKEN'));
  const writeRaw = (text: string | Buffer): void => writeFileSync(join(world.root, '.env.deploy'), text);

  test('twilio-run (its own argv parsing, rc merge, dotenv 6.2.0 and upload filter) deploys the checked map from the canonical env file, with the checked account', async () => {
    const configs: RealDeployConfig[] = [];
    const seen: { text: string; mode: number }[] = [];
    const onCall = (inv: TwilioRunInvocation): void => {
      const path = join(inv.root, inv.envFile);
      seen.push({ text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o777 });
      // Edited after the checks, while twilio-run runs: the upload must not see it.
      world.writeEnv({ ...world.env, DEBUG: '*', NODE_OPTIONS: '--inspect' });
    };
    const run = phiFree(await runGate(world, [], { run: { configs, onCall } }));
    expect(run.code).toBe(0);
    expect(configs).toHaveLength(1);
    const c = configs[0]!;
    expect(c.env).toEqual(uploadedOf(world.env));
    expect({ account: c.username === world.accountSid, token: c.password === world.fake.authToken, envPath: c.envPath }).toEqual({
      account: true,
      token: true,
      envPath: join(world.root, GATED_ENV),
    });
    expect(seen[0]!.text).toBe(
      `${Object.keys(world.env)
        .sort()
        .map((k) => `${k}=${world.env[k]}`)
        .join('\n')}\n`,
    );
    if (process.platform !== 'win32') expect(seen[0]!.mode & 0o077).toBe(0);
    expect(existsSync(join(world.root, GATED_ENV))).toBe(false);
  });

  const HIDDEN_ACCOUNT = `AC${'9'.repeat(32)}`;
  // Each file is fine for one parser and means something else to the other; the gate must refuse it
  // before anything runs, naming the line and the problem, never a value.
  // The base file has 8 lines (world.env); each case's bad line is the 9th.
  const adversarial: [string, (base: string) => string | Buffer, RegExp][] = [
    [
      'a quoted multi-line value hiding DEBUG, NODE_OPTIONS, WEBHOOK_BASE_URL and a second account',
      (b) =>
        `${b}NOTE="${CANARY_BODY}\nDEBUG=*\nNODE_OPTIONS=--inspect\nWEBHOOK_BASE_URL=https://abc.ngrok.app\nACCOUNT_SID=${HIDDEN_ACCOUNT}\nAUTH_TOKEN=${'7'.repeat(32)}"\n`,
      /line 9: the quote is not closed on this line/,
    ],
    [
      'an export line (dotenv 16 only)',
      (b) => `${b}export DEBUG=*\n`,
      /line 9: "export KEY=" is read by dotenv 16 but ignored by twilio-run/,
    ],
    [
      'an inline # comment (twilio-run uploads it as part of the value)',
      (b) => `${b}CLINIC_EVENTS_URL=https://clinic.example/events # ${CANARY_NAME}\n`,
      /line 9: a # in an unquoted value/,
    ],
    [
      'a duplicate ACCOUNT_SID',
      (b) => `${b}ACCOUNT_SID=${HIDDEN_ACCOUNT}\n`,
      /line 9: the variable is set twice: keep one line \(first set at line 1\)/,
    ],
    ['a lower-case key', (b) => `${b}debug=*\n`, /line 9: the variable name must be upper-case/],
    [
      'a byte order mark',
      (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(b)]),
      /line 1: the file starts with a byte order mark/,
    ],
    ['CR-only line endings', (b) => `${b}DEBUG=*\rNODE_OPTIONS=--inspect\n`, /line 9: a carriage return not followed by a line feed/],
    [
      'KEY=<CR>value (found by fuzzing: dotenv 16 reads it empty, twilio-run uploads the value)',
      (b) => `${b}DEBUG=\r*\n`,
      /line 9: a carriage return not followed by a line feed/,
    ],
    [
      'a U+2028 in a value (found by fuzzing: twilio-run drops the variable)',
      (b) => `${b}CLINIC_EVENTS_URL=https://clinic.example/events\u2028\n`,
      /line 9: a control character or invisible\/Unicode whitespace/,
    ],
    ['KEY: value (dotenv 16 only)', (b) => `${b}DEBUG: *\n`, /line 9: "KEY: value" is read by dotenv 16 but ignored by twilio-run/],
    [
      'an unquoted value ending with a quote',
      (b) => `${b}CLINIC_EVENTS_SECRET=${'s'.repeat(40)}'\n`,
      /line 9: an unquoted value ending with a quote character/,
    ],
  ];

  test.each(adversarial)('refuses %s at the guards: line and problem named, nothing built or uploaded', async (_name, make, message) => {
    const base = `${Object.entries(world.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`;
    writeRaw(make(base));
    const calls: TwilioRunInvocation[] = [];
    const build = jest.fn(async () => writeBuild(world.root));
    const run = phiFree(await runGate(world, [], { build, run: { calls } }));
    expect({ code: run.code, steps: run.steps }).toEqual({ code: 1, steps: ['guards'] });
    expect(run.stderr).toContain(
      ".env.deploy could be read differently by the checks (dotenv 16) and by twilio-run's upload (dotenv 6.2.0): fix the line(s) below (values not shown)",
    );
    expect(run.stderr).toMatch(message);
    expect(build).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
    for (const secret of [world.fake.authToken, HIDDEN_ACCOUNT, '7'.repeat(32), 'ngrok', 'clinic.example', 's'.repeat(40)])
      expect(`${run.stdout}${run.stderr}`.includes(secret)).toBe(false);
  });

  test('a file every parser reads the same (comments, blank lines, CRLF, quoted values with # inside) deploys exactly its variables', async () => {
    // This file's secret has its own ledger (PROJECT-LEDGER-IDENTITY checks the pair).
    const ledgerService = await seedLedgerIdentity(world.fake, `${CANARY_BODY} #1`);
    const text = [
      '# deploy settings',
      '',
      `ACCOUNT_SID=${world.accountSid}`,
      `AUTH_TOKEN='${world.fake.authToken}'`,
      'LEDGER_BACKEND = sync',
      `CLINIC_NAME="${CANARY_NAME}"`,
      'CLINIC_HELP_PHONE=+15555550100',
      `OPTOUT_HMAC_SECRET='${CANARY_BODY} #1'`,
      `MESSAGING_SERVICE_SID=${MG}`,
      `SYNC_SERVICE_SID=${ledgerService}`,
      'DEBUG=',
      '',
    ].join('\r\n');
    writeRaw(text);
    const configs: RealDeployConfig[] = [];
    const run = phiFree(await runGate(world, [], { run: { configs } }));
    expect(run.code).toBe(0);
    expect(configs[0]!.env).toEqual({
      LEDGER_BACKEND: 'sync',
      CLINIC_NAME: CANARY_NAME,
      CLINIC_HELP_PHONE: '+15555550100',
      OPTOUT_HMAC_SECRET: `${CANARY_BODY} #1`,
      MESSAGING_SERVICE_SID: MG,
      SYNC_SERVICE_SID: ledgerService,
    });
  });
});

describe("WEBHOOK_BASE_URL: absent, or exactly the environment's own https domain", () => {
  const deployedDomain = (run: GateRun): string => /Deployed and verified: https:\/\/([a-z0-9.-]+) /.exec(run.stdout)?.[1] ?? '';

  test.each([
    ['a tunnel', 'https://abc.ngrok.app'],
    ['localhost', 'http://localhost:3000'],
    ['http', 'http://clinic-1234-dev.twil.io'],
    ['a path', 'https://clinic-1234-dev.twil.io/sms'],
    ['a port', 'https://clinic-1234-dev.twil.io:443'],
  ])('%s fails the offline preflight (PROJECT-DEPLOY-ENV-CLEAN), nothing uploaded', async (_name, value) => {
    world.writeEnv({ ...world.env, WEBHOOK_BASE_URL: value });
    const calls: TwilioRunInvocation[] = [];
    const run = phiFree(await runGate(world, [], { run: { calls } }));
    expect({ code: run.code, steps: run.steps }).toEqual({ code: 1, steps: STEPS.slice(0, 5) });
    expect(run.stderr).toContain(
      'PROJECT-DEPLOY-ENV-CLEAN  project:.env.deploy#WEBHOOK_BASE_URL  WEBHOOK_BASE_URL is not an https://….twil.io origin',
    );
    expect(calls).toEqual([]);
  });

  test("another *.twil.io host than the existing target environment's is refused before the upload (exit 1); exactly its domain deploys", async () => {
    const first = await runGate(world, []);
    expect(first.code).toBe(0);
    const domain = deployedDomain(first);
    world.writeEnv({ ...world.env, WEBHOOK_BASE_URL: 'https://hipaa-safe-messaging-0000-dev.twil.io' });
    const calls: TwilioRunInvocation[] = [];
    const wrong = phiFree(await runGate(world, [], { run: { calls } }));
    expect({ code: wrong.code, steps: wrong.steps }).toEqual({ code: 1, steps: STEPS.slice(0, 8) });
    expect(wrong.stderr).toContain(
      `WEBHOOK_BASE_URL in .env.deploy is not https://${domain}, the domain of the target environment (value not shown)`,
    );
    expect(wrong.stderr).toContain('Nothing was deployed.');
    expect(wrong.stderr).not.toContain('hipaa-safe-messaging-0000-dev');
    expect(calls).toEqual([]);
    expect(existsSync(gated())).toBe(false);

    world.writeEnv({ ...world.env, WEBHOOK_BASE_URL: `https://${domain}` });
    const right = phiFree(await runGate(world, []));
    expect(right.code).toBe(0);
  });

  test('on a first deploy (domain unknown until twilio-run creates the environment) the live verification catches it (exit 5)', async () => {
    world.writeEnv({ ...world.env, WEBHOOK_BASE_URL: 'https://hipaa-safe-messaging-0000-dev.twil.io' });
    const run = phiFree(await runGate(world, []));
    expect({ code: run.code, steps: run.steps }).toEqual({ code: 5, steps: STEPS.slice(0, 9) });
    expect(run.stderr).toMatch(
      /variable WEBHOOK_BASE_URL in environment dev is not https:\/\/hipaa-safe-messaging-\d{4}-dev\.twil\.io \(value not shown\): every Function checks signatures against it/,
    );
  });

  test('the environments of the known service cannot be read: unknown (exit 3) before the upload', async () => {
    expect((await runGate(world, [])).code).toBe(0);
    world.writeEnv({ ...world.env, WEBHOOK_BASE_URL: 'https://hipaa-safe-messaging-0000-dev.twil.io' });
    const calls: TwilioRunInvocation[] = [];
    let armed = false;
    const run = await runGate(world, [], {
      run: { calls },
      onGatedBuild: (exists) => {
        if (exists && !armed) {
          armed = true;
          world.fake.faults.failNext(1000, 500, 20500);
        }
      },
    });
    world.fake.faults.reset();
    expect({ code: run.code, steps: run.steps }).toEqual({ code: 3, steps: STEPS.slice(0, 8) });
    expect(run.stderr).toContain("to compare WEBHOOK_BASE_URL with the environment's domain");
    expect(calls).toEqual([]);
  });
});

describe('smoke test: a genuine (signed) request must be accepted', () => {
  test('a live token other than the deploy token (every genuine webhook would get 401/403) fails the deploy (exit 5)', async () => {
    const run = phiFree(await runGate(world, [], { smokePost: fakeEdgePost(world, 'f'.repeat(32)) }));
    expect({ code: run.code, steps: run.steps }).toEqual({ code: 5, steps: STEPS.slice(0, 10) });
    expect(run.stderr).toMatch(/voice\/inbound refused a request signed with the deploy credentials \(401\)/);
    expect(run.stderr.includes(world.fake.authToken)).toBe(false);
  });
});

describe('--help and -h', () => {
  test.each([
    [['--help']],
    [['-h']],
    [['--env', '.env.deploy', '--help']],
    [['--bogus', '-h']],
    [['--production', '--environment', 'x', '--help']],
  ])('%j prints the usage and exits 0, running nothing', async (argv) => {
    const build = jest.fn(async () => writeBuild(world.root));
    const run = await runGate(world, argv, { build });
    expect(run).toMatchObject({ code: 0, steps: [], stderr: '' });
    expect(run.stdout).toMatch(/^usage: npm run deploy --/);
    expect(run.stdout).toContain('--accept-risk RULE_ID');
    expect(build).not.toHaveBeenCalled();
  });
});
