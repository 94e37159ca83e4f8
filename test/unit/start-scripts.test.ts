import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { ledgerFromEnv } from '../../src/tooling/cli/ledger-from-env';
import { loadConfig } from '../../src/runtime/core/config';
import { clearIdentityCache, IDENTITY_KEY, secretFingerprint } from '../../src/runtime/ledger/identity';
import {
  ensureLocalEnv,
  ensureLocalLedgerIdentity,
  readEnvFile,
  SAMPLE_PARAMS,
  signedCurlExample,
  withValues,
} from '../../scripts/local-env';
import { startArgs } from '../../scripts/start';

const ROOT = join(__dirname, '..', '..');

describe('npm start argument mapping', () => {
  test('PORT becomes --port (twilio-run ignores PORT)', () => {
    const { args, port } = startArgs([], '4567');
    expect(port).toBe('4567');
    expect(args).toEqual([
      'start',
      '--env',
      '.env.local',
      '--functions-folder',
      'dist/functions',
      '--assets-folder',
      'dist/assets',
      '--port',
      '4567',
    ]);
  });
  test('default port 3000; a non-numeric PORT is ignored', () => {
    expect(startArgs([], undefined).port).toBe('3000');
    expect(startArgs([], 'abc').port).toBe('3000');
  });
  test('arguments after -- pass through; an explicit --port wins', () => {
    expect(startArgs(['--port', '5000', '--log-level', 'debug'], '4567')).toMatchObject({ port: '5000' });
    const { args } = startArgs(['--port=5001'], '4567');
    expect(args).not.toContain('4567');
    expect(args.slice(-1)).toEqual(['--port=5001']);
  });
});

describe('local profile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-env-'));
    writeFileSync(join(dir, '.env.example'), readFileSync(join(ROOT, '.env.example')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('created once from .env.example, private, with random secrets; a valid local config', () => {
    expect(ensureLocalEnv(dir)).toBe(true);
    const path = join(dir, '.env.local');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const env = readEnvFile(path) ?? {};
    expect(env.AUTH_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    expect(env.OPTOUT_HMAC_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(env.LEDGER_BACKEND).toBe('file');
    expect(loadConfig(env, 'localhost:3000').ledger.backend).toBe('file');
    const first = readFileSync(path, 'utf8');
    expect(ensureLocalEnv(dir)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(first);
    const other = mkdtempSync(join(tmpdir(), 'local-env-'));
    writeFileSync(join(other, '.env.example'), readFileSync(join(ROOT, '.env.example')));
    ensureLocalEnv(other);
    expect(readEnvFile(join(other, '.env.local'))?.AUTH_TOKEN).not.toBe(env.AUTH_TOKEN);
    rmSync(other, { recursive: true, force: true });
  });

  test('first start writes the file ledger identity once; the ledger then reads', async () => {
    clearIdentityCache();
    ensureLocalEnv(dir);
    const env = readEnvFile(join(dir, '.env.local')) ?? {};
    const file = join(dir, env.LEDGER_FILE_DIR ?? '', `${IDENTITY_KEY}.json`);
    // Before: the ledger has no identity and is refused (fail closed).
    const { ledger } = ledgerFromEnv({}, dir, env, null);
    await expect(ledger.status('+12025550147', null)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem: 'missing' });
    expect(await ensureLocalLedgerIdentity(dir)).toBe(true);
    expect(existsSync(file)).toBe(true);
    const written = readFileSync(file, 'utf8');
    const identity = (JSON.parse(written) as { record: Record<string, unknown> }).record;
    expect(identity).toMatchObject({
      v: 1,
      layout: { backend: 'file' },
      state: 'active',
      secretFingerprint: secretFingerprint(env.OPTOUT_HMAC_SECRET ?? ''),
    });
    // The secret itself is never stored.
    expect(written).not.toContain(env.OPTOUT_HMAC_SECRET);
    expect(await ledger.status('+12025550147', null)).toMatchObject({ optedOut: false });
    // Again: nothing rewritten.
    expect(await ensureLocalLedgerIdentity(dir)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  test('a local ledger set up with another secret is refused at start', async () => {
    ensureLocalEnv(dir);
    expect(await ensureLocalLedgerIdentity(dir)).toBe(true);
    const path = join(dir, '.env.local');
    writeFileSync(path, withValues(readFileSync(path, 'utf8'), { OPTOUT_HMAC_SECRET: 'a'.repeat(64) }));
    expect(await ensureLocalLedgerIdentity(dir)).toBe(false);
  });

  test('without a local profile (or with the Sync backend) there is nothing to set up', async () => {
    expect(await ensureLocalLedgerIdentity(dir)).toBe(true);
    ensureLocalEnv(dir);
    const path = join(dir, '.env.local');
    writeFileSync(path, withValues(readFileSync(path, 'utf8'), { LEDGER_BACKEND: 'sync' }));
    expect(await ensureLocalLedgerIdentity(dir)).toBe(true);
    expect(existsSync(join(dir, '.local-ledger', `${IDENTITY_KEY}.json`))).toBe(false);
  });

  test('withValues keeps comments and replaces or appends keys', () => {
    expect(withValues('# c\nA=1\nB=\n', { B: '2', C: '3' })).toBe('# c\nA=1\nB=2\n\nC=3');
  });

  test('the printed curl example carries a signature Twilio would accept', () => {
    const url = 'http://localhost:3000/sms/inbound';
    const params = SAMPLE_PARAMS(`AC${'0'.repeat(32)}`);
    const curl = signedCurlExample(url, 'abcdef0123456789abcdef0123456789', params);
    const signature = /X-Twilio-Signature: ([^']+)'/.exec(curl)?.[1] ?? '';
    expect(validateRequest('abcdef0123456789abcdef0123456789', signature, url, params)).toBe(true);
    expect(curl).toContain("--data-urlencode 'Body=HELP'");
  });
});
