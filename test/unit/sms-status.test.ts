/**
 * /sms/status core: statuses never move backwards, only SIDs/status/codes are stored, and 21610
 * puts the recipient into the ledger as opted out of that sender (the Messaging Service and the
 * number it went out from), or into the durable consent-job queue when the ledger cannot take it.
 */
import type { CancelOutcome } from '../../src/runtime/consent/cancel-message';
import { ConsentJobs, type ConsentJobEntry } from '../../src/runtime/consent/jobs';
import { createLogger } from '../../src/runtime/core/log';
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import { runConsentJob, type ConsentDeps } from '../../src/runtime/reminders/consent-effects';
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import { StoreError } from '../../src/runtime/state/kv';
import { recordStatus, shouldReplace, type StatusCallback, type StatusRecord } from '../../src/runtime/sms/message-status';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { Clock, MemoryKv, MemoryQueue } from '../helpers/memory-state';
import { MemoryStore } from '../helpers/memory-store';

const MG = `MG${'1'.repeat(32)}`;
const SID = `SM${'2'.repeat(32)}`;
const SCHEDULED_SID = `SM${'3'.repeat(32)}`;
const FROM = '+15555550100';

function harness() {
  const clock = new Clock();
  const logs: string[] = [];
  const log = createLogger((_l, line) => logs.push(line));
  const ledgerStore = new MemoryStore();
  const statuses = new MemoryKv<StatusRecord>(clock);
  const pendingKv = new MemoryKv<PendingRecord>(clock);
  const jobsQueue = new MemoryQueue<ConsentJobEntry>();
  const canceled: string[] = [];
  const cancelOutcomes: CancelOutcome[] = [];
  const timing = { budgetMs: 200, now: clock.now, sleep: async () => undefined };
  const ledger = new OptOutLedger(ledgerStore, 'k'.repeat(40), timing, UNCHECKED_IDENTITY);
  const consent: ConsentDeps = {
    ledger,
    pending: new PendingReminders(pendingKv, 'k'.repeat(40), 72 * 3_600_000, timing, clock.now),
    cancel: async (sid) => {
      canceled.push(sid);
      return cancelOutcomes.shift() ?? { kind: 'canceled' };
    },
    jobs: new ConsentJobs(jobsQueue, log, clock.now),
    log,
    now: clock.now,
  };
  const deps = { statuses, consent, log, timing, now: clock.now };
  return { deps, ledger, statuses, ledgerStore, pendingKv, jobsQueue, canceled, cancelOutcomes, logs, clock };
}

const cb = (status: string, extra: Partial<StatusCallback> = {}): StatusCallback => ({
  messageSid: SID,
  status,
  errorCode: null,
  messagingServiceSid: MG,
  from: FROM,
  to: CANARY_PHONE,
  ...extra,
});

describe('recordStatus', () => {
  test('keeps the furthest status: a late "sent" does not undo "delivered"', async () => {
    const h = harness();
    for (const s of ['queued', 'delivered', 'sent']) await recordStatus(cb(s), h.deps);
    expect((await h.statuses.read(SID))?.value).toMatchObject({ status: 'delivered', errorCode: null });
  });

  test('stores SIDs, status and code only; the number is never stored or logged', async () => {
    const h = harness();
    await recordStatus(cb('undelivered', { errorCode: 30003 }), h.deps);
    expect(Object.keys((await h.statuses.read(SID))!.value).sort()).toEqual(['errorCode', 'status', 'updatedAt']);
    expect(findCanary(h.statuses.dump() + h.logs.join())).toBeUndefined();
    expect(h.logs.join()).toContain('"errorCode":"30003"');
  });

  test('21610 records the opt-out for the Messaging Service that sent it and the number it went out from', async () => {
    const h = harness();
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(await h.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await h.ledger.status(CANARY_PHONE, FROM)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect((await h.ledger.read(CANARY_PHONE))?.senders[MG]).toMatchObject({ via: 'carrier', messageSid: SID });
    expect(await h.ledger.status(CANARY_PHONE, `MG${'9'.repeat(32)}`)).toMatchObject({ optedOut: false });
    expect(h.jobsQueue.values()).toEqual([]);
  });

  test('without a Messaging Service the sending number is the scope', async () => {
    const h = harness();
    await recordStatus(cb('failed', { errorCode: 21610, messagingServiceSid: null }), h.deps);
    expect(await h.ledger.status(CANARY_PHONE, FROM)).toMatchObject({ optedOut: true });
    expect(await h.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
  });

  test('a repeated 21610 callback for the same message is a replay: stored once', async () => {
    const h = harness();
    await recordStatus(cb('failed', { errorCode: 21610 }), h.deps);
    const writes = h.ledgerStore.writes;
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(h.ledgerStore.writes).toBe(writes);
  });

  test('21610 cancels the scheduled reminders the opt-out now covers', async () => {
    const h = harness();
    const at = h.clock.now();
    await h.deps.consent.pending.add(CANARY_PHONE, {
      appointmentRef: 'apt_sched001',
      templateId: 'appointment-reminder',
      language: 'en',
      sentAt: at + 3_600_000,
      appointmentAt: at + 86_400_000,
      sender: MG,
      scheduled: true,
      messageSid: SCHEDULED_SID,
    });
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(h.canceled).toEqual([SCHEDULED_SID]);
    expect(await h.deps.consent.pending.canceledCount(CANARY_PHONE)).toBe(1);
  });

  test('21610 stored, but a covered scheduled reminder can be neither canceled nor queued: the whole opt-out is queued as a job', async () => {
    const h = harness();
    const at = h.clock.now();
    await h.deps.consent.pending.add(CANARY_PHONE, {
      appointmentRef: 'apt_sched001',
      templateId: 'appointment-reminder',
      language: 'en',
      sentAt: at + 3_600_000,
      appointmentAt: at + 86_400_000,
      sender: MG,
      scheduled: true,
      messageSid: SCHEDULED_SID,
    });
    h.cancelOutcomes.push({ kind: 'retry', code: 20429 });
    // The cancel job cannot be queued; the carrier opt-out job (which redoes the cancels) can.
    h.jobsQueue.failures.push(new StoreError(true, 20500));
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(h.logs.join()).toContain('consent.cancel_not_queued');
    const jobs = h.jobsQueue.values().map((e) => e.job);
    expect(jobs).toEqual([expect.objectContaining({ kind: 'carrier_optout', messageSid: SID, senders: [MG, FROM] })]);
    // Running it cancels the reminder.
    expect(await runConsentJob(jobs[0]!, h.deps.consent)).toBe('done');
    expect(h.canceled).toEqual([SCHEDULED_SID, SCHEDULED_SID]);
    expect(await h.deps.consent.pending.canceledCount(CANARY_PHONE)).toBe(1);
  });

  test('21610 stored, a covered scheduled reminder neither canceled nor queued, and no job can be queued: false (never "stored")', async () => {
    const h = harness();
    const at = h.clock.now();
    await h.deps.consent.pending.add(CANARY_PHONE, {
      appointmentRef: 'apt_sched001',
      templateId: 'appointment-reminder',
      language: 'en',
      sentAt: at + 3_600_000,
      appointmentAt: at + 86_400_000,
      sender: MG,
      scheduled: true,
      messageSid: SCHEDULED_SID,
    });
    h.cancelOutcomes.push({ kind: 'retry', code: null });
    h.jobsQueue.failures.push(new StoreError(true, 20500), new StoreError(true, 20500));
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(false);
    expect(h.logs.join()).toContain('ledger.carrier_optout_not_recorded');
    expect(await h.deps.consent.pending.canceledCount(CANARY_PHONE)).toBe(0);
  });

  test('a 21610 whose ledger write fails is queued as a durable job, and the callback still succeeds', async () => {
    const h = harness();
    h.ledgerStore.failures.push(new StoreError(false, 20403));
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(await h.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
    const jobs = h.jobsQueue.values().map((e) => e.job);
    expect(jobs).toEqual([
      {
        kind: 'carrier_optout',
        ledgerKey: h.ledger.keyFor(CANARY_PHONE),
        pendingKey: h.deps.consent.pending.keyOf(CANARY_PHONE),
        keyFp: h.ledger.keyFingerprint(),
        senders: [MG, FROM],
        messageSid: SID,
        at: h.clock.now(),
      },
    ]);
    expect(h.logs.join()).toContain('ledger.carrier_optout_write_failed');
    expect(findCanary(JSON.stringify(h.jobsQueue.values()) + h.logs.join())).toBeUndefined();
    // Running the job (as the drain does) stores the opt-out.
    expect(await runConsentJob(jobs[0]!, h.deps.consent)).toBe('done');
    expect(await h.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await h.ledger.status(CANARY_PHONE, FROM)).toMatchObject({ optedOut: true });
    expect((await h.ledger.read(CANARY_PHONE))?.senders[MG]).toMatchObject({ via: 'carrier', messageSid: SID });
    // And running it again (a lease that expired mid-run) is a replay, not a second change.
    const writes = h.ledgerStore.writes;
    expect(await runConsentJob(jobs[0]!, h.deps.consent)).toBe('done');
    expect(h.ledgerStore.writes).toBe(writes);
  });

  test('the queued job is drained through ConsentJobs too', async () => {
    const h = harness();
    h.ledgerStore.failures.push(new StoreError(true, 20500), new StoreError(false, 20500));
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(h.jobsQueue.values()).toHaveLength(1);
    const r = await h.deps.consent.jobs.drain((job) => runConsentJob(job, h.deps.consent), 10, 1000);
    expect(r).toMatchObject({ done: 1, retried: 0 });
    expect(h.jobsQueue.values()).toEqual([]);
    expect(await h.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true });
  });

  test('a 21610 that can be neither stored nor queued returns false (the webhook answers 500), with a PHI-free alert', async () => {
    const h = harness();
    h.ledgerStore.failures.push(new StoreError(false, 20403));
    h.jobsQueue.failures.push(new StoreError(true, 20500));
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(false);
    expect(h.logs.join()).toContain('ledger.carrier_optout_not_recorded');
    expect(findCanary(h.logs.join())).toBeUndefined();
    // The status itself is still recorded.
    expect((await h.statuses.read(SID))?.value).toMatchObject({ status: 'failed', errorCode: 21610 });
  });

  test.each([
    [null, 'queued', true],
    ['queued', 'sent', true],
    ['delivered', 'sent', false],
    ['delivered', 'undelivered', false],
    ['delivered', 'read', true],
    ['scheduled', 'canceled', true],
  ])('from %s, %s replaces: %s', (current, next, expected) => {
    expect(shouldReplace(current === null ? null : { status: current, errorCode: null, updatedAt: 0 }, next)).toBe(expected);
  });
});
