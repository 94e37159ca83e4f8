import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatResult, parseOptoutArgs, runOptout, UsageError } from '../../src/cli/optout-core';
import { ledgerFromEnv } from '../../src/cli/ledger-from-env';
import { FileLedgerStore } from '../../src/ledger/file-store';
import { OptOutLedger } from '../../src/ledger/ledger';
import { fakeTwilioClient, startFakeTwilio } from '../fake-twilio';
import { CANARY_BODY, CANARY_PHONE, assertNoCanary } from '../helpers/canary';

const MG = `MG${'e'.repeat(32)}`;
const ROOT = join(__dirname, '..', '..');

describe('optout CLI argument parsing', () => {
  test('status with defaults', () => {
    expect(parseOptoutArgs(['status', CANARY_PHONE])).toEqual({ command: 'status', number: CANARY_PHONE, format: 'text' });
  });
  test('set requires a reason code; free text is refused', () => {
    expect(() => parseOptoutArgs(['set', CANARY_PHONE])).toThrow('invalid reason');
    expect(() => parseOptoutArgs(['set', CANARY_PHONE, '--reason', CANARY_BODY])).toThrow('invalid reason');
    expect(parseOptoutArgs(['set', CANARY_PHONE, '--reason', 'patient_phone_request', '--all'])).toMatchObject({ all: true });
  });
  test.each([
    [['status', '2025550147']],
    [['status', '+1202555014']],
    [['frobnicate', CANARY_PHONE]],
    [['status', CANARY_PHONE, '--sender', 'not-a-sid']],
    [['status', CANARY_PHONE, '--sender', MG, '--all']],
    [['status', CANARY_PHONE, '--color']],
    [['status', CANARY_PHONE, '--format', 'xml']],
  ])('rejects bad arguments (case %#) without echoing input', (argv) => {
    let message = '';
    try {
      parseOptoutArgs(argv);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^(invalid [a-z]+|unknown option)$/);
  });
});

describe('optout CLI on the file store (local profile)', () => {
  let dir: string;
  let ledger: OptOutLedger;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'optout-cli-'));
    ledger = ledgerFromEnv({}, dir, { OPTOUT_HMAC_SECRET: 'z'.repeat(64), LEDGER_FILE_DIR: 'ledger' }, null).ledger;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('status of an unknown number, JSON shape', async () => {
    const args = parseOptoutArgs(['status', CANARY_PHONE, '--format', 'json']);
    expect(JSON.parse(formatResult(args, await runOptout(args, ledger)))).toEqual({ optedOut: false, scope: 'none', changedAt: null });
  });

  test('staff set (all senders) then clear for one sender', async () => {
    const at = Date.UTC(2026, 10, 1, 12);
    await runOptout(parseOptoutArgs(['set', CANARY_PHONE, '--reason', 'patient_phone_request']), ledger, () => at);
    const status = parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG, '--format', 'json']);
    expect(await runOptout(status, ledger)).toEqual({ optedOut: true, scope: 'all', changedAt: '2026-11-01T12:00:00.000Z' });
    const record = await ledger.read(CANARY_PHONE);
    expect(record?.all).toMatchObject({ via: 'staff', reason: 'patient_phone_request', messageSid: null });
    await runOptout(parseOptoutArgs(['clear', CANARY_PHONE, '--sender', MG, '--reason', 'data_correction']), ledger, () => at + 1000);
    expect(await runOptout(status, ledger)).toMatchObject({ optedOut: false, scope: 'sender' });
  });

  test('text output masks the number', async () => {
    const args = parseOptoutArgs(['status', CANARY_PHONE]);
    const text = formatResult(args, await runOptout(args, ledger));
    expect(text).toBe('+1******0147: not opted out');
    assertNoCanary(text, 'cli output');
  });

  test('the file store refuses a corrupt ledger file (fails closed)', async () => {
    const store = new FileLedgerStore(join(dir, 'ledger'));
    const key = ledger.keyFor(CANARY_PHONE);
    await store.write(key, { v: 1, senders: {} }, null);
    writeFileSync(join(dir, 'ledger', `${key}.json`), '{not json');
    await expect(runOptout(parseOptoutArgs(['status', CANARY_PHONE]), ledger)).rejects.toMatchObject({ name: 'StoreError' });
  });
});

describe('optout CLI against Sync (fake Twilio API)', () => {
  test('set and status through the Sync store', async () => {
    const fake = await startFakeTwilio();
    try {
      const serviceSid = fake.sync.createService();
      const env = { SYNC_SERVICE_SID: serviceSid, OPTOUT_HMAC_SECRET: 'q'.repeat(64) };
      const { ledger, source } = ledgerFromEnv(env, ROOT, null, fakeTwilioClient(fake));
      expect(source).toBe('sync');
      await runOptout(parseOptoutArgs(['set', CANARY_PHONE, '--sender', MG, '--reason', 'patient_written_request']), ledger);
      expect(await runOptout(parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG]), ledger)).toMatchObject({ optedOut: true, scope: 'sender' });
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe('optout CLI process', () => {
  test('usage errors exit 2 with usage text and never echo the input', () => {
    const res = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'optout.ts'), 'status', `${CANARY_PHONE}9`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('invalid number');
    expect(res.stderr).toContain('usage: npm run -s optout -- status');
    assertNoCanary(res.stdout + res.stderr, 'cli process output');
  });
});
