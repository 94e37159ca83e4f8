import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsentJobs, type ConsentJobEntry } from '../../src/runtime/consent/jobs';
import { formatResult, parseOptoutArgs, runOptout, UsageError } from '../../src/tooling/cli/optout-core';
import { ledgerFromEnv } from '../../src/tooling/cli/ledger-from-env';
import { createLogger } from '../../src/runtime/core/log';
import { FileLedgerStore } from '../../src/runtime/ledger/file-store';
import { clearIdentityCache } from '../../src/runtime/ledger/identity';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import type { LedgerRecord } from '../../src/runtime/ledger/record';
import type { ConsentDeps } from '../../src/runtime/reminders/consent-effects';
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import { fakeTwilioClient, startFakeTwilio } from '../fake-twilio';
import { CANARY_BODY, CANARY_PHONE, assertNoCanary } from '../helpers/canary';
import { initFileLedgerSync, UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { Clock, MemoryKv, MemoryQueue } from '../helpers/memory-state';
import { MemoryStore } from '../helpers/memory-store';

const MG = `MG${'e'.repeat(32)}`;
const CLINIC_NUMBER = '+15555550100';
const ROOT = join(__dirname, '..', '..');
const FILE_SECRET = 'z'.repeat(64);

beforeEach(() => clearIdentityCache());

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
    expect(message).toMatch(/^(invalid [a-z]+|unknown argument)$/);
  });
});

describe('optout CLI on the file store (local profile)', () => {
  let dir: string;
  let ledger: OptOutLedger;
  const localProfile = { OPTOUT_HMAC_SECRET: FILE_SECRET, LEDGER_FILE_DIR: 'ledger' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'optout-cli-'));
    initFileLedgerSync(join(dir, 'ledger'), FILE_SECRET);
    ledger = ledgerFromEnv({}, dir, localProfile, null).ledger;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('status of an unknown number, JSON shape', async () => {
    const args = parseOptoutArgs(['status', CANARY_PHONE, '--format', 'json']);
    expect(JSON.parse(formatResult(args, await runOptout(args, ledger)))).toEqual({
      optedOut: false,
      scope: 'none',
      changedAt: null,
      scopes: [],
    });
  });

  test('staff set (all senders) then clear for one sender', async () => {
    const at = Date.UTC(2026, 10, 1, 12);
    await runOptout(parseOptoutArgs(['set', CANARY_PHONE, '--reason', 'patient_phone_request']), ledger, () => at);
    const status = parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG, '--format', 'json']);
    expect(await runOptout(status, ledger)).toEqual({
      optedOut: true,
      scope: 'all',
      changedAt: '2026-11-01T12:00:00.000Z',
      scopes: [{ scope: 'all', state: 'opted_out', since: '2026-11-01T12:00:00.000Z', via: 'staff' }],
    });
    const record = await ledger.read(CANARY_PHONE);
    expect(record?.all).toMatchObject({ via: 'staff', reason: 'patient_phone_request', messageSid: null });
    await runOptout(parseOptoutArgs(['clear', CANARY_PHONE, '--sender', MG, '--reason', 'data_correction']), ledger, () => at + 1000);
    expect(await runOptout(status, ledger)).toMatchObject({ optedOut: false, scope: 'sender' });
    expect((await ledger.read(CANARY_PHONE))?.senders[MG]).toMatchObject({ state: 'opted_in', via: 'staff', reason: 'data_correction' });
    // Without --sender: every scope, and OPTED OUT because one of them (all senders) still is.
    const overall = await runOptout(parseOptoutArgs(['status', CANARY_PHONE, '--format', 'json']), ledger);
    expect(overall.optedOut).toBe(true);
    expect(overall.scopes).toEqual([
      { scope: 'all', state: 'opted_out', since: '2026-11-01T12:00:00.000Z', via: 'staff' },
      { scope: MG, state: 'opted_in', since: '2026-11-01T12:00:01.000Z', via: 'staff' },
    ]);
  });

  test('set with a sender records that sender only; status without --sender reports it as opted out', async () => {
    const at = Date.UTC(2026, 10, 1, 12);
    await runOptout(
      parseOptoutArgs(['set', CANARY_PHONE, '--sender', CLINIC_NUMBER, '--reason', 'patient_written_request']),
      ledger,
      () => at,
    );
    const record = await ledger.read(CANARY_PHONE);
    expect(record?.all).toBeUndefined();
    expect(Object.keys(record?.senders ?? {})).toEqual([CLINIC_NUMBER]);
    const overall = await runOptout(parseOptoutArgs(['status', CANARY_PHONE]), ledger);
    expect(overall).toMatchObject({ optedOut: true });
    // The scope is a clinic number: shown masked.
    expect(overall.scopes).toEqual([{ scope: '+1******0100', state: 'opted_out', since: '2026-11-01T12:00:00.000Z', via: 'staff' }]);
    expect(await runOptout(parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG]), ledger)).toMatchObject({
      optedOut: false,
      scope: 'none',
    });
  });

  test('text output masks the number', async () => {
    const args = parseOptoutArgs(['status', CANARY_PHONE]);
    const text = formatResult(args, await runOptout(args, ledger));
    expect(text).toBe('+1******0147: not opted out');
    assertNoCanary(text, 'cli output');
  });

  test('text output lists every scope under the summary line', async () => {
    const at = Date.UTC(2026, 10, 1, 12);
    await runOptout(parseOptoutArgs(['set', CANARY_PHONE, '--all', '--reason', 'patient_phone_request']), ledger, () => at);
    await runOptout(parseOptoutArgs(['clear', CANARY_PHONE, '--sender', MG, '--reason', 'data_correction']), ledger, () => at + 1000);
    await runOptout(
      parseOptoutArgs(['set', CANARY_PHONE, '--sender', CLINIC_NUMBER, '--reason', 'carrier_report']),
      ledger,
      () => at + 2000,
    );
    const args = parseOptoutArgs(['status', CANARY_PHONE]);
    const text = formatResult(args, await runOptout(args, ledger));
    expect(text.split('\n')).toEqual([
      '+1******0147: OPTED OUT',
      '  all senders: opted out since 2026-11-01T12:00:00.000Z (staff)',
      '  +1******0100: opted out since 2026-11-01T12:00:02.000Z (staff)',
      `  ${MG}: opted in since 2026-11-01T12:00:01.000Z (staff)`,
    ]);
    assertNoCanary(text, 'cli output');
    const forSender = parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG]);
    expect(formatResult(forSender, await runOptout(forSender, ledger))).toBe(
      `+1******0147 for sender ${MG}: not opted out (scope: sender, since 2026-11-01T12:00:01.000Z)`,
    );
  });

  test('the file store refuses a corrupt ledger file (fails closed)', async () => {
    const store = new FileLedgerStore(join(dir, 'ledger'));
    const key = ledger.keyFor(CANARY_PHONE);
    // A version-1 record (still accepted on read), then corrupted.
    await store.write(key, { v: 1, senders: {} } as unknown as LedgerRecord, null);
    expect(await runOptout(parseOptoutArgs(['status', CANARY_PHONE]), ledger)).toMatchObject({ optedOut: false, scopes: [] });
    writeFileSync(join(dir, 'ledger', `${key}.json`), '{not json');
    await expect(runOptout(parseOptoutArgs(['status', CANARY_PHONE]), ledger)).rejects.toMatchObject({ name: 'StoreError' });
  });

  test('a version-1 record on disk is read (upgraded) and written back as version 2', async () => {
    const store = new FileLedgerStore(join(dir, 'ledger'));
    const key = ledger.keyFor(CANARY_PHONE);
    const at = Date.UTC(2026, 0, 5);
    const v1 = { v: 1, senders: { [MG]: { state: 'opted_out', at, since: at, messageSid: null, via: 'keyword' } } };
    await store.write(key, v1 as unknown as LedgerRecord, null);
    expect(await runOptout(parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG]), ledger)).toMatchObject({
      optedOut: true,
      scope: 'sender',
      changedAt: '2026-01-05T00:00:00.000Z',
    });
    await runOptout(parseOptoutArgs(['clear', CANARY_PHONE, '--sender', MG, '--reason', 'data_correction']), ledger, () => at + 1000);
    expect((await store.read(key))?.value).toMatchObject({ v: 2, seq: 2, senders: { [MG]: { state: 'opted_in', seq: 2 } } });
  });

  test('a ledger directory without its identity is refused (status and set), never read as "not opted out"', async () => {
    const bare = ledgerFromEnv({}, dir, { OPTOUT_HMAC_SECRET: FILE_SECRET, LEDGER_FILE_DIR: 'other-ledger' }, null).ledger;
    await expect(runOptout(parseOptoutArgs(['status', CANARY_PHONE]), bare)).rejects.toMatchObject({
      name: 'LedgerIdentityError',
      problem: 'missing',
    });
    await expect(runOptout(parseOptoutArgs(['set', CANARY_PHONE, '--reason', 'patient_phone_request']), bare)).rejects.toMatchObject({
      name: 'LedgerWriteError',
    });
  });

  test('a ledger set up with another secret is refused', async () => {
    const wrong = ledgerFromEnv({}, dir, { ...localProfile, OPTOUT_HMAC_SECRET: 'y'.repeat(64) }, null).ledger;
    await expect(runOptout(parseOptoutArgs(['status', CANARY_PHONE]), wrong)).rejects.toMatchObject({
      name: 'LedgerIdentityError',
      problem: 'secret',
    });
  });
});

describe('optout CLI staff opt-out and scheduled reminders', () => {
  test('set cancels the scheduled reminders it covers and reports the count; a failed cancel is queued', async () => {
    const clock = new Clock();
    const timing = { budgetMs: 200, now: clock.now, sleep: async () => undefined };
    const log = createLogger(() => undefined);
    const ledger = new OptOutLedger(new MemoryStore(), 's'.repeat(40), timing, UNCHECKED_IDENTITY);
    const pending = new PendingReminders(new MemoryKv<PendingRecord>(clock), 's'.repeat(40), 72 * 3_600_000, timing, clock.now);
    const queue = new MemoryQueue<ConsentJobEntry>();
    const canceled: string[] = [];
    const consent: ConsentDeps = {
      ledger,
      pending,
      cancel: async (sid) => {
        canceled.push(sid);
        return sid.endsWith('2') ? { kind: 'retry', code: 20429 } : { kind: 'canceled' };
      },
      jobs: new ConsentJobs(queue, log, clock.now),
      log,
      now: clock.now,
    };
    const at = clock.now();
    for (const [ref, sid, sender] of [
      ['apt_sched001', `SM${'0'.repeat(31)}1`, MG],
      ['apt_sched002', `SM${'0'.repeat(31)}2`, MG],
      ['apt_sched003', `SM${'0'.repeat(31)}3`, `MG${'f'.repeat(32)}`],
    ] as const) {
      await pending.add(CANARY_PHONE, {
        appointmentRef: ref,
        templateId: 'appointment-reminder',
        language: 'en',
        sentAt: at + 3_600_000,
        appointmentAt: at + 86_400_000,
        sender,
        scheduled: true,
        messageSid: sid,
      });
    }
    const result = await runOptout(
      parseOptoutArgs(['set', CANARY_PHONE, '--sender', MG, '--reason', 'patient_phone_request']),
      ledger,
      clock.now,
      consent,
    );
    expect(canceled).toEqual([`SM${'0'.repeat(31)}1`, `SM${'0'.repeat(31)}2`]);
    expect(result).toMatchObject({ optedOut: true, scope: 'sender', canceledScheduled: 1, queuedCancels: 1 });
    expect(queue.values().map((e) => e.job)).toEqual([
      { kind: 'cancel', messageSid: `SM${'0'.repeat(31)}2`, pendingKey: pending.keyOf(CANARY_PHONE) },
    ]);
    const text = formatResult(parseOptoutArgs(['set', CANARY_PHONE, '--sender', MG, '--reason', 'patient_phone_request']), result);
    expect(text).toContain('scheduled reminders canceled by an opt-out: 1');
    expect(text).toContain('cancels queued for retry: 1');
  });
});

describe('optout CLI against Sync (fake Twilio API)', () => {
  test('set and status through the Sync store', async () => {
    const fake = await startFakeTwilio();
    try {
      const serviceSid = fake.sync.createService();
      const env = { SYNC_SERVICE_SID: serviceSid, OPTOUT_HMAC_SECRET: 'q'.repeat(64) };
      const client = fakeTwilioClient(fake);
      const { ledger, source, settings } = ledgerFromEnv(env, ROOT, null, client);
      expect(source).toBe('sync');
      // Not set up yet: refused, never "not opted out".
      await expect(runOptout(parseOptoutArgs(['status', CANARY_PHONE]), ledger)).rejects.toMatchObject({
        name: 'LedgerIdentityError',
        problem: 'missing',
      });
      expect((await setUpLedger(settings, env.OPTOUT_HMAC_SECRET, () => client, Date.now())).kind).toBe('created');
      await runOptout(parseOptoutArgs(['set', CANARY_PHONE, '--sender', MG, '--reason', 'patient_written_request']), ledger);
      expect(await runOptout(parseOptoutArgs(['status', CANARY_PHONE, '--sender', MG]), ledger)).toMatchObject({
        optedOut: true,
        scope: 'sender',
      });
      expect(await runOptout(parseOptoutArgs(['status', CANARY_PHONE, '--format', 'json']), ledger)).toMatchObject({
        optedOut: true,
        scopes: [{ scope: MG, state: 'opted_out', via: 'staff' }],
      });
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe('optout CLI process', () => {
  test('usage errors exit 2 with usage text and never echo the input', () => {
    const res = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'optout.ts'), 'status', `${CANARY_PHONE}9`],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('invalid number');
    expect(res.stderr).toContain('usage: npm run -s optout -- status');
    assertNoCanary(res.stdout + res.stderr, 'cli process output');
  });
});
