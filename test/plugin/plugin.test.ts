/**
 * The Twilio CLI plugin on the real twilio-cli 6.2.4 (node_modules/.bin/twilio), linked into a
 * throwaway CLI home together with @twilio-labs/plugin-serverless 3.1.3, every command run against
 * the fake Twilio API with credentials from the CLI's environment variables. Each CLI run is a
 * child process that can reach only 127.0.0.1: the twilio SDK goes to the fake (its preload), any
 * other connection is refused and logged (loopback-only.ts), so "no request" is observable.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildPlugin, PLUGIN_EXTERNALS } from '../../scripts/build-plugin';
import { writeRedirectPreload } from '../fake-twilio';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { startWorld, type World } from '../preflight/harness';
import { cliEnv, cliHome, ROOT, run, type CliHome, type CliResult } from './cli-home';
import { writeLoopbackPreload } from './loopback-only';

interface ReportResult {
  id: string;
  status: string;
  account: string | null;
  resource: string | null;
  reason: string;
}
interface Report {
  accountChecked: boolean;
  results: ReportResult[];
  summary: { exitCode: number };
}

let home: CliHome;
let world: World;
let scratch: string;
let netLog: string;
let childEnv: Record<string, string>;
let project: string;

/** A directory twilio-run would deploy, made a hipaa-safe-messaging project (marker files) unless told. */
function makeProject(name: string, opts: { marker?: boolean } = {}): string {
  const dir = join(scratch, name);
  cpSync(world.projectRoot, dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "clinic-messaging", "private": true }\n');
  if (opts.marker !== false) writeFileSync(join(dir, 'hipaa.config.example.jsonc'), '{}\n');
  writeFileSync(join(dir, 'hipaa.config.json'), JSON.stringify(world.config));
  // No folder-name guard here: without the hook, twilio-run would go on and upload functions/.
  cpSync(join(dir, 'dist', 'functions'), join(dir, 'functions'), { recursive: true });
  writeFileSync(
    join(dir, '.twilioserverlessrc'),
    JSON.stringify({ commands: { deploy: { functionsFolder: 'functions', env: '.env.deploy' } } }),
  );
  return dir;
}

async function twilio(args: readonly string[], cwd = project): Promise<CliResult> {
  const r = await home.twilio(args, { cwd, env: childEnv });
  // The auth token comes from the environment; it is never printed.
  expect(`${r.stdout}${r.stderr}`).not.toContain(world.fake.authToken);
  return r;
}

function netAttempts(): string[] {
  return readFileSync(netLog, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

const brief = (results: readonly ReportResult[]) =>
  results.map((r) => `${r.id} ${r.status} ${r.account ?? '-'} ${r.resource ?? '-'}`).sort();

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'plugin', 'oclif.manifest.json'))) await buildPlugin();
  scratch = mkdtempSync(join(tmpdir(), 'plugin-test-'));
  [home, world] = await Promise.all([cliHome(), startWorld()]);
  netLog = join(scratch, 'non-loopback.log');
  const preloads = [writeRedirectPreload(scratch, world.fake.origin), writeLoopbackPreload(scratch, world.fake.origin, netLog)];
  childEnv = {
    NODE_OPTIONS: preloads.map((p) => `--require ${p}`).join(' '),
    TWILIO_ACCOUNT_SID: world.accountSid,
    TWILIO_AUTH_TOKEN: world.fake.authToken,
  };
  project = makeProject('project');
}, 60_000);

afterAll(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
  home.close();
  rmSync(scratch, { recursive: true, force: true });
});

afterEach(() => {
  expect(netAttempts()).toEqual([]);
});

describe('the plugin on the real twilio-cli', () => {
  test('linked into the throwaway home only; every command answers --help', async () => {
    const listed = await twilio(['plugins']);
    expect(listed.stdout).toMatch(/plugin-hipaa-safe-messaging 0\.1\.0 \(link\)/);
    expect(listed.stdout).toContain('@twilio-labs/plugin-serverless');
    expect(readFileSync(join(home.env.TWILIO_DATA_DIR!, 'package.json'), 'utf8')).toContain(join(ROOT, 'plugin'));
    const helps = await Promise.all(['preflight', 'deploy', 'sid', 'optout', 'lint', 'flows'].map((c) => twilio([`hipaa:${c}`, '--help'])));
    for (const h of helps) {
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('Exit codes');
      expect(h.stdout).toContain('-p, --profile');
    }
    expect(helps[0]!.stdout).toContain('--hipaa-profile');
    expect(helps[0]!.stdout).toContain('columns|json|sarif|html');
    expect(helps[0]!.stdout).toContain('--baseline');
  }, 60_000);

  test('hipaa:preflight gives the same findings as npm run -s preflight on the same fake account', async () => {
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const [plugin, script] = await Promise.all([
      twilio(['hipaa:preflight', '-o', 'json'], ROOT),
      run(tsx, [join(ROOT, 'scripts', 'preflight.ts'), '--format', 'json'], ROOT, { ...cliEnv(scratch), ...childEnv }),
    ]);
    expect(script.stdout).not.toContain(world.fake.authToken);
    const a = json<Report>(plugin.stdout);
    const b = json<Report>(script.stdout);
    expect(a.accountChecked).toBe(true);
    expect(a.results.some((r) => r.account === world.accountSid)).toBe(true);
    expect(brief(a.results)).toEqual(brief(b.results));
    expect(plugin.code).toBe(script.code);
    expect(plugin.code).toBe(a.summary.exitCode);
  }, 90_000);

  test('hipaa:preflight in a compliant project: exit 0; sarif with -o; a usage error is exit 2 without the value', async () => {
    const ok = await twilio(['hipaa:preflight', '-o', 'json']);
    const report = json<Report>(ok.stdout);
    expect(report.results.filter((r) => r.status === 'fail' || r.status === 'unknown').map((r) => r.id)).toEqual([]);
    expect(ok.code).toBe(0);
    const sarif = await twilio(['hipaa:preflight', '--offline', '-o', 'sarif']);
    expect(json<{ version: string }>(sarif.stdout).version).toBe('2.1.0');
    const bad = await twilio(['hipaa:preflight', '--hipaa-profile', CANARY_PHONE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --profile: one of redaction, studio');
    expect(findCanary(bad.stderr + bad.stdout)).toBeUndefined();
  }, 60_000);

  test('hipaa:preflight outside a project: project checks skipped with a note, account checks run', async () => {
    const elsewhere = mkdtempSync(join(scratch, 'elsewhere-'));
    const r = await twilio(['hipaa:preflight', '-o', 'json'], elsewhere);
    expect(r.stderr).toContain('Not inside a hipaa-safe-messaging project');
    const report = json<Report>(r.stdout);
    // The rules that read the project (files, build, deploy env file) are skipped, with the reason.
    for (const id of ['PROJECT-FUNCTIONS-PROTECTED', 'PROJECT-ASSETS-PRIVATE', 'PROJECT-DEPLOY-ENV-CLEAN', 'MSG-NO-MESSAGE-TAGS']) {
      const found = report.results.filter((x) => x.id === id);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found)
        expect(f).toMatchObject({ status: 'skip', reason: 'not run inside a hipaa-safe-messaging project: project check skipped' });
    }
    expect(report.accountChecked).toBe(true);
    expect(report.results.some((x) => x.id === 'ACCOUNT-FULL-ACTIVE' && x.status === 'pass')).toBe(true);
    expect(r.code).toBe(report.summary.exitCode);
  }, 60_000);

  test('hipaa:sid, hipaa:lint, hipaa:flows, hipaa:optout, hipaa:deploy: output and exit codes', async () => {
    const flowsOut = join(scratch, 'flows-out');
    const msgFile = join(scratch, 'msg.txt');
    writeFileSync(msgFile, `Call us about your ${'diabetes'} test results\n`);
    const [notFound, malformed, clean, phi, sarifFlow, badOutput, flows, optoutBad, deployElsewhere, deployBad] = await Promise.all([
      twilio(['hipaa:sid', `SM${'0'.repeat(31)}1`, '-o', 'json']),
      twilio(['hipaa:sid', CANARY_PHONE]),
      twilio(['hipaa:lint', 'message', 'Your appointment is confirmed. Reply STOP to opt out.']),
      twilio(['hipaa:lint', 'message', '--file', msgFile, '-o', 'json']),
      twilio(['hipaa:lint', 'flow', join(ROOT, 'flows', 'inbound-sms.json'), '-o', 'sarif'], ROOT),
      twilio(['hipaa:lint', 'message', 'hello', '-o', 'sarif']),
      twilio(['hipaa:flows', 'render', '--local', '--out', flowsOut], ROOT),
      twilio(['hipaa:optout', 'status', '2025550147']),
      twilio(['hipaa:deploy'], scratch),
      twilio(['hipaa:deploy', '--production', '--environment', 'dev']),
    ]);
    expect(notFound.code).toBe(1);
    expect(json<{ account: string; results: { outcome: string }[] }>(notFound.stdout)).toMatchObject({
      account: world.accountSid,
      results: [{ outcome: 'not_found' }],
    });
    expect(malformed.code).toBe(2);
    expect(findCanary(malformed.stderr + malformed.stdout)).toBeUndefined();
    expect(clean).toMatchObject({ code: 0, stdout: expect.stringContaining('PHI-free: yes') });
    expect(phi.code).toBe(1);
    expect(json<{ phiFree: boolean }>(phi.stdout).phiFree).toBe(false);
    expect(json<{ version: string }>(sarifFlow.stdout).version).toBe('2.1.0');
    expect(badOutput.code).toBe(2);
    // The same command layer as npm run -s flows: same exit code and messages for the same arguments.
    const flowsScript = await run(
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      [join(ROOT, 'scripts', 'flows.ts'), 'render', '--local', '--out', flowsOut],
      ROOT,
      { ...cliEnv(scratch), ...childEnv },
    );
    expect(flows.code).toBe(flowsScript.code);
    expect(flows.stderr).toBe(flowsScript.stderr);
    expect(flows.stdout).toBe(flowsScript.stdout);
    expect(optoutBad.code).toBe(2);
    expect(optoutBad.stderr).toContain('invalid number');
    expect(optoutBad.stderr).not.toContain('2025550147');
    expect(deployElsewhere.code).toBe(2);
    expect(deployElsewhere.stderr).toContain('runs inside a hipaa-safe-messaging project');
    expect(deployBad.code).toBe(2);
    expect(deployBad.stderr).toContain('--environment and --production exclude each other');
  }, 90_000);
  test("hipaa:deploy runs the project's gate with the CLI profile's account: another account in the deploy env file is refused before any request", async () => {
    const envFile = join(scratch, 'other-account.env');
    const other = `AC${'9'.repeat(32)}`;
    writeFileSync(envFile, `LEDGER_BACKEND=sync\nACCOUNT_SID=${other}\nAUTH_TOKEN=${'t'.repeat(32)}\n`);
    const config = join(scratch, 'hipaa.config.json');
    writeFileSync(config, JSON.stringify(world.config));
    const before = world.fake.stats.requests;
    const r = await twilio(['hipaa:deploy', '--env', relative(ROOT, envFile), '--config', relative(ROOT, config)], ROOT);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('the environment names another account');
    expect(r.stdout + r.stderr).not.toContain('t'.repeat(32));
    expect(world.fake.stats.requests).toBe(before);
  }, 90_000);
});

describe('the prerun hook on twilio serverless:deploy', () => {
  test('a project whose checks fail: refused with exit 1 before ANY request (fake or elsewhere), pointing to hipaa:deploy', async () => {
    const failing = makeProject('failing');
    writeFileSync(join(failing, 'dist', 'functions', 'open.js'), 'exports.handler = (c, e, cb) => cb(null, "ok");\n');
    writeFileSync(join(failing, 'functions', 'open.js'), 'exports.handler = (c, e, cb) => cb(null, "ok");\n');
    const before = world.fake.stats.requests;
    const r = await twilio(['serverless:deploy', '--service-name', 'clinic'], failing);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('twilio serverless:deploy refused');
    expect(r.stderr).toContain('PROJECT-FUNCTIONS-PROTECTED');
    expect(r.stderr).toContain('twilio hipaa:deploy');
    expect(world.fake.stats.requests).toBe(before);
    expect(netAttempts()).toEqual([]);
  }, 60_000);

  test('control: the same project without the marker is not ours; twilio-run goes on and tries to reach Twilio', async () => {
    const notOurs = makeProject('not-ours', { marker: false });
    writeFileSync(join(notOurs, 'dist', 'functions', 'open.js'), 'exports.handler = (c, e, cb) => cb(null, "ok");\n');
    writeFileSync(join(notOurs, 'functions', 'open.js'), 'exports.handler = (c, e, cb) => cb(null, "ok");\n');
    const r = await twilio(['serverless:deploy', '--service-name', 'clinic'], notOurs);
    expect(r.stderr).not.toContain('serverless:deploy refused');
    // The request the hook prevents above: twilio-run's own HTTP client heads for Twilio (refused here).
    expect(netAttempts().some((h) => h.endsWith('twilio.com'))).toBe(true);
    writeFileSync(netLog, '');
  }, 60_000);

  test('a compliant project and account: the hook lets serverless:deploy run (it is not a blanket refusal)', async () => {
    const r = await twilio(['serverless:deploy', '--service-name', 'clinic'], project);
    expect(r.stderr).toContain('the project and account checks passed');
    expect(r.stderr).not.toContain('serverless:deploy refused');
    // twilio-run went on to the Serverless API (refused by the test's loopback guard).
    expect(netAttempts().some((h) => h.endsWith('twilio.com'))).toBe(true);
    writeFileSync(netLog, '');
  }, 60_000);

  test('the account checks fail (trial account): refused with exit 1; only the checks read the account', async () => {
    const account = world.fake.resources.all('accounts')[0]!;
    const type = account.type;
    account.type = 'Trial';
    try {
      const before = world.fake.stats.requests;
      const r = await twilio(['serverless:deploy', '--service-name', 'clinic'], project);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('a required account check failed');
      expect(r.stderr).toContain('ACCOUNT-FULL-ACTIVE');
      expect(world.fake.stats.requests).toBeGreaterThan(before);
    } finally {
      account.type = type;
    }
  }, 60_000);

  test('without CLI credentials the account cannot be checked: refused with exit 3 (fail closed)', async () => {
    const r = await home.twilio(['serverless:deploy'], { cwd: project, env: { NODE_OPTIONS: childEnv.NODE_OPTIONS! } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no CLI profile or environment credentials');
  }, 60_000);
});

describe('plugin build', () => {
  test('oclif.manifest.json lists every command (the CLI does not load them to list them)', () => {
    const manifest = json<{ commands: Record<string, unknown> }>(readFileSync(join(ROOT, 'plugin', 'oclif.manifest.json'), 'utf8'));
    expect(Object.keys(manifest.commands).sort()).toEqual([
      'hipaa:deploy',
      'hipaa:flows',
      'hipaa:lint',
      'hipaa:optout',
      'hipaa:preflight',
      'hipaa:sid',
    ]);
  });

  test('the packed plugin runs with only its declared dependencies (nothing else resolvable)', async () => {
    const pkg = json<{ dependencies: Record<string, string>; files: string[] }>(readFileSync(join(ROOT, 'plugin', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...PLUGIN_EXTERNALS].sort());
    // Laid out as `twilio plugins:install` leaves it: the package files, its dependencies beside it.
    const modules = join(mkdtempSync(join(tmpdir(), 'plugin-installed-')), 'node_modules');
    const installed = join(modules, 'plugin-hipaa-safe-messaging');
    mkdirSync(installed, { recursive: true });
    for (const f of ['package.json', 'oclif.manifest.json', 'dist'])
      cpSync(join(ROOT, 'plugin', f), join(installed, f), { recursive: true });
    for (const dep of PLUGIN_EXTERNALS) {
      mkdirSync(join(modules, dep, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep), 'dir');
    }
    const script = join(installed, 'check.js');
    writeFileSync(
      script,
      `for (const c of ${JSON.stringify(['deploy', 'flows', 'lint', 'optout', 'preflight', 'sid'])}) require('./dist/commands/hipaa/' + c + '.js');
require('./dist/hooks/prerun.js');
require('./dist/core.js').lint({ command: 'hipaa:lint', raw: {}, counts: new Map(), positionals: ['message', 'Your appointment is confirmed'], format: 'text', cwd: __dirname, credentials: {} }).then((code) => process.exit(code));
`,
    );
    const r = await run(script, [], installed, { PATH: process.env.PATH ?? '' });
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: 'PHI-free: yes\n' });
    rmSync(join(modules, '..'), { recursive: true, force: true });
  }, 30_000);
});
