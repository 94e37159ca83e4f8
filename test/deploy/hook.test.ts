/**
 * The deploy hook and the gated build. With the committed .twilioserverlessrc, a direct
 * `twilio-run deploy` (the same handler `twilio serverless:deploy` calls) fails while listing files,
 * before any network request: the tests run the project's real twilio-run with every socket
 * connect refused by a preload. Passing both folders explicitly does get past the hook: that limit
 * is documented, and tested here so the documentation cannot drift.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GATED_DIR,
  GATED_ENV,
  GATED_MANIFEST,
  manifestOf,
  removeGatedBuild,
  stageGatedBuild,
  variablesDigest,
} from '../../src/tooling/deploy/gated-build';
import { BLOCKER_DIR, hookProblems, RC_FILE } from '../../src/tooling/deploy/hook';
import { TWILIO_RUN_BIN } from '../../src/tooling/deploy/twilio-run';
import { writeBuild } from './world';

const REPO = join(__dirname, '..', '..');
const NO_NETWORK = `const net = require('net');
net.Socket.prototype.connect = function () { process.stderr.write('NETWORK-ATTEMPT\\n'); throw new Error('network blocked by the test'); };
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-hook-'));
  cpSync(join(REPO, RC_FILE), join(dir, RC_FILE));
  cpSync(join(REPO, BLOCKER_DIR), join(dir, BLOCKER_DIR), { recursive: true });
  writeFileSync(join(dir, 'package.json'), readFileSync(join(REPO, 'package.json')));
  mkdirSync(join(dir, 'functions'));
  writeFileSync(join(dir, '.env.deploy'), `ACCOUNT_SID=AC${'0'.repeat(32)}\nAUTH_TOKEN=${'1'.repeat(32)}\nLEDGER_BACKEND=sync\n`);
  writeFileSync(join(dir, 'no-network.js'), NO_NETWORK);
  writeBuild(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function twilioRun(args: string[]): { code: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.DEBUG;
  const r = spawnSync(process.execPath, ['--require', join(dir, 'no-network.js'), join(REPO, TWILIO_RUN_BIN), 'deploy', ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('the deploy hook', () => {
  test('is in place in this repository', () => {
    expect(hookProblems(REPO)).toEqual([]);
  });

  test('a direct twilio-run deploy fails on the blocker before any network request', () => {
    const r = twilioRun([]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('DIRECT-DEPLOY-BLOCKED+use-npm-run-deploy');
    expect(r.out).toContain('Path cannot contain');
    expect(r.out).not.toContain('NETWORK-ATTEMPT');
  });

  test('also with its own --env or only one folder overridden', () => {
    for (const args of [
      ['--env', '.env.deploy'],
      ['--functions-folder', 'dist/functions'],
      ['--assets-folder', 'dist/assets'],
    ]) {
      const r = twilioRun(args);
      expect({ args, code: r.code, blocked: r.out.includes('DIRECT-DEPLOY-BLOCKED'), network: r.out.includes('NETWORK-ATTEMPT') }).toEqual({
        args,
        code: 1,
        blocked: true,
        network: false,
      });
    }
  });

  test('the Twilio CLI plugin path (its deploy command calls this handler with CLI-profile credentials) is blocked too', () => {
    // plugin-serverless src/commands/serverless/deploy.js: handler(flags, createExternalCliOptions(flags, this.twilioClient)).
    const script = `require(${JSON.stringify(join(REPO, 'node_modules/twilio-run/dist/commands/deploy'))}).handler(
      { $0: 'twilio', _: ['serverless:deploy'], logLevel: 'info', cwd: process.cwd(), environment: 'dev', production: false, functions: true, assets: true, outputFormat: '', overrideExistingProject: false, force: false, loadSystemEnv: false },
      { username: 'AC${'0'.repeat(32)}', password: '${'1'.repeat(32)}', accountSid: 'AC${'0'.repeat(32)}', profile: 'default', logLevel: 'info', outputFormat: '' });`;
    writeFileSync(join(dir, 'plugin.js'), script);
    const r = spawnSync(process.execPath, ['--require', join(dir, 'no-network.js'), join(dir, 'plugin.js')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status).toBe(1);
    expect(out).toContain('DIRECT-DEPLOY-BLOCKED+use-npm-run-deploy');
    expect(out).not.toContain('NETWORK-ATTEMPT');
  });

  test('documented limit: both folders given explicitly get past the hook (to the network)', () => {
    const r = twilioRun(['--functions-folder', 'dist/functions', '--assets-folder', 'dist/assets']);
    expect(r.out).not.toContain('DIRECT-DEPLOY-BLOCKED');
    expect(r.out).toContain('NETWORK-ATTEMPT');
  });

  test('hookProblems reports an rc pointing at real folders, or a blocker that twilio-run would accept', () => {
    writeFileSync(
      join(dir, RC_FILE),
      JSON.stringify({ commands: { deploy: { functionsFolder: 'dist/functions', assetsFolder: BLOCKER_DIR, env: '.env.deploy' } } }),
    );
    expect(hookProblems(dir)).toEqual([`${RC_FILE} commands.deploy.functionsFolder is not ${BLOCKER_DIR}`]);
    rmSync(join(dir, BLOCKER_DIR), { recursive: true });
    mkdirSync(join(dir, BLOCKER_DIR));
    writeFileSync(join(dir, BLOCKER_DIR, 'harmless.js'), '');
    expect(hookProblems(dir)).toContain(`${BLOCKER_DIR} holds no file whose deploy path twilio-run refuses`);
  });
});

describe('the gated build', () => {
  const VARS = {
    ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    AUTH_TOKEN: '1'.repeat(32),
    LEDGER_BACKEND: 'sync',
    CLINIC_NAME: "O'Neil Family Clinic",
    EMPTY: '',
  };

  test('copies dist/ with a manifest equal to the checked build; listing from the file names; the checked variables as a canonical env file', async () => {
    const checked = manifestOf(dir, 'dist');
    const listing = await stageGatedBuild(dir, checked, new Date('2026-11-20T10:00:00Z'), VARS);
    expect(listing.functions).toEqual([
      { path: '/helpers/ledger', access: 'private' },
      { path: '/reminders/send', access: 'protected' },
      { path: '/sms/inbound', access: 'protected' },
      { path: '/voice/inbound', access: 'protected' },
    ]);
    expect(listing.assets).toEqual([{ path: '/clinic.json', access: 'private' }]);
    const manifest = JSON.parse(readFileSync(join(dir, GATED_MANIFEST), 'utf8')) as {
      createdAt: string;
      files: Record<string, string>;
      env: unknown;
    };
    const uploaded = { LEDGER_BACKEND: 'sync', CLINIC_NAME: "O'Neil Family Clinic" };
    expect(manifest).toEqual({
      createdAt: '2026-11-20T10:00:00.000Z',
      files: checked,
      env: { file: GATED_ENV, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), uploadedSha256: variablesDigest(uploaded), uploaded: 2 },
    });
    expect(listing.env).toEqual(manifest.env);
    // One KEY=value line per non-empty variable, sorted; only the owner may read it (it holds the auth token).
    expect(readFileSync(join(dir, GATED_ENV), 'utf8')).toBe(
      `ACCOUNT_SID=${VARS.ACCOUNT_SID}\nAUTH_TOKEN=${VARS.AUTH_TOKEN}\nCLINIC_NAME=O'Neil Family Clinic\nLEDGER_BACKEND=sync\n`,
    );
    if (process.platform !== 'win32') expect(statSync(join(dir, GATED_ENV)).mode & 0o077).toBe(0);
    expect(Object.keys(checked)).toContain('functions/sms/inbound.protected.js');
    removeGatedBuild(dir);
    expect(existsSync(join(dir, GATED_DIR))).toBe(false);
  });

  test('refuses a dist/ that changed after the checks, and removes nothing it did not create', async () => {
    const checked = manifestOf(dir, 'dist');
    writeFileSync(join(dir, 'dist', 'functions', 'sms', 'inbound.protected.js'), 'exports.handler = () => {}; // edited\n');
    await expect(stageGatedBuild(dir, checked, new Date(), VARS)).rejects.toThrow('dist/ changed while the checks ran');
    expect(existsSync(join(dir, GATED_DIR))).toBe(false);
    mkdirSync(join(dir, GATED_DIR));
    writeFileSync(join(dir, GATED_DIR, 'other-run'), '');
    await expect(stageGatedBuild(dir, manifestOf(dir, 'dist'), new Date(), VARS)).rejects.toThrow(`${GATED_DIR} exists`);
    expect(existsSync(join(dir, GATED_DIR, 'other-run'))).toBe(true);
  });

  test('an env file that does not read back as the checked map with every parser is refused, nothing left staged', async () => {
    rmSync(join(dir, GATED_DIR), { recursive: true, force: true });
    // A parser that drops a variable stands in for a reader that disagrees with the written file.
    const dropsOne = (src: string): Record<string, string> =>
      Object.fromEntries(
        src
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
          .filter(([k]) => k !== 'CLINIC_NAME'),
      );
    await expect(
      stageGatedBuild(dir, manifestOf(dir, 'dist'), new Date(), { LEDGER_BACKEND: 'sync', CLINIC_NAME: 'x' }, [dropsOne]),
    ).rejects.toThrow(`${GATED_ENV} does not read back as the checked variables`);
    expect(existsSync(join(dir, GATED_DIR))).toBe(false);
    const broken = (): Record<string, string> => {
      throw new Error('cannot load');
    };
    await expect(stageGatedBuild(dir, manifestOf(dir, 'dist'), new Date(), { LEDGER_BACKEND: 'sync' }, [broken])).rejects.toThrow(
      "twilio-run's own dotenv could not be loaded",
    );
    expect(existsSync(join(dir, GATED_DIR))).toBe(false);
  });
});
