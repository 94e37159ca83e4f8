/**
 * Consent work that must never be dropped (issue 10): the durable consent-job queue
 * (`ConsentJobs`: retried with backoff, never given up, a failing job never blocks the others,
 * leases keep two drains from running one job), cancelling the scheduled reminders an opt-out
 * covers (`cancelBlockedScheduled`: exactly the covered ones; a failed cancel is queued; a cancel
 * neither done nor queued is reported `unrecorded`), and the queued jobs themselves
 * (`runConsentJob`: a cancel later, a message sent meanwhile (30409) is final; a carrier 21610
 * opt-out stored by its ledger key, the job holding no number).
 *
 * The ledger and the job queue are Sync through the fake Twilio API, and so are the scheduled
 * Messages and their cancels (every response validated against Twilio's OpenAPI spec). Canary
 * numbers are planted; the queue, the logs and errors never carry them.
 */
import type { Twilio } from 'twilio';
import { twilioCanceler, type CancelMessage } from '../../src/runtime/consent/cancel-message';
import {
  ConsentJobs,
  JOB_LEASE_MS,
  JOB_MAX_BACKOFF_MS,
  jobRetryDelayMs,
  type ConsentJob,
  type ConsentJobEntry,
} from '../../src/runtime/consent/jobs';
import { createLogger } from '../../src/runtime/core/log';
import { identityStore, openLedger, type LedgerSettings } from '../../src/runtime/ledger/factory';
import { clearIdentityCache, IDENTITY_KEY, type LedgerIdentity } from '../../src/runtime/ledger/identity';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { ledgerKey } from '../../src/runtime/ledger/key';
import { sendGate, type OptOutLedger } from '../../src/runtime/ledger/ledger';
import { scopeStates, type LedgerRecord } from '../../src/runtime/ledger/record';
import { recordCarrierOptOut } from '../../src/runtime/reminders/carrier-optout';
import { cancelBlockedScheduled, drainConsentJobs, runConsentJob, type ConsentDeps } from '../../src/runtime/reminders/consent-effects';
import { PendingReminders, type PendingRecord, type PendingReminder } from '../../src/runtime/reminders/pending';
import { StoreError } from '../../src/runtime/state/kv';
import { SyncQueue } from '../../src/runtime/state/sync-queue';
import twilio from 'twilio';
import { fakeTwilioClient, RedirectingRequestClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { messageUpdates } from '../fake-twilio/messages-routes';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { Clock, MemoryKv, MemoryQueue } from '../helpers/memory-state';

const SECRET = `consent-secret-${'c0ffee12'.repeat(5)}`;
const MG_OPTED = `MG${'a'.repeat(32)}`;
const MG_OTHER = `MG${'b'.repeat(32)}`;
/** The clinic number a 21610 send went out from (not a patient number). */
const CLINIC_FROM = '+15555550100';
const HOUR = 3_600_000;
const SM = (i: number): string => `SM${i.toString(16).padStart(32, '0')}`;

function logSink(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: createLogger((_level, line) => lines.push(line)) };
}

// ---------------------------------------------------------------------------------------------
describe('ConsentJobs.drain (the durable queue)', () => {
  const cancelJob = (i: number): ConsentJob => ({ kind: 'cancel', messageSid: SM(i), pendingKey: 'f'.repeat(64) });

  function jobs(clock: Clock, queue = new MemoryQueue<ConsentJobEntry>()) {
    const { log, lines } = logSink();
    return { q: new ConsentJobs(queue, log, clock.now), queue, lines };
  }

  test('a failing job is retried with backoff and never dropped', async () => {
    const clock = new Clock();
    const { q, queue, lines } = jobs(clock);
    await q.enqueue(cancelJob(1));
    let runs = 0;
    const failing = async (): Promise<'retry'> => {
      runs += 1;
      return 'retry';
    };
    for (let attempt = 1; attempt <= 15; attempt += 1) {
      expect(await q.drain(failing, 20, 10_000)).toEqual({ done: 0, retried: 1, skipped: 0 });
      const [entry] = queue.values();
      expect(entry).toMatchObject({ job: cancelJob(1), attempts: attempt, notBefore: clock.t + jobRetryDelayMs(attempt) });
      // Not due yet: left alone, still there.
      clock.advance(jobRetryDelayMs(attempt) - 1);
      expect(await q.drain(failing, 20, 10_000)).toEqual({ done: 0, retried: 0, skipped: 1 });
      clock.advance(1);
    }
    expect(runs).toBe(15);
    expect(queue.values()).toHaveLength(1);
    // Backoff grows, starts at the lease and is capped: never zero, never "give up".
    expect(jobRetryDelayMs(1)).toBe(JOB_LEASE_MS);
    expect(jobRetryDelayMs(5)).toBeGreaterThan(jobRetryDelayMs(4));
    expect(jobRetryDelayMs(15)).toBe(JOB_MAX_BACKOFF_MS);
    expect(jobRetryDelayMs(10_000)).toBe(JOB_MAX_BACKOFF_MS);
    expect(lines.filter((l) => l.includes('consent.job_retry'))).toHaveLength(15);
  });

  test('a job that throws is a retry, not a loss', async () => {
    const clock = new Clock();
    const { q, queue } = jobs(clock);
    await q.enqueue(cancelJob(1));
    expect(
      await q.drain(
        async () => {
          throw new Error('boom');
        },
        20,
        10_000,
      ),
    ).toEqual({ done: 0, retried: 1, skipped: 0 });
    expect(queue.values()).toEqual([{ job: cancelJob(1), attempts: 1, notBefore: clock.t + JOB_LEASE_MS }]);
    clock.advance(JOB_LEASE_MS);
    expect(await q.drain(async () => 'done', 20, 10_000)).toEqual({ done: 1, retried: 0, skipped: 0 });
    expect(queue.values()).toEqual([]);
  });

  test('a failing job does not block the jobs behind it', async () => {
    const clock = new Clock();
    const { q, queue } = jobs(clock);
    for (const i of [1, 2, 3, 4]) await q.enqueue(cancelJob(i));
    const ran: string[] = [];
    const run = async (job: ConsentJob): Promise<'done' | 'retry'> => {
      ran.push(job.messageSid as string);
      return job.messageSid === SM(1) ? 'retry' : 'done';
    };
    expect(await q.drain(run, 20, 10_000)).toEqual({ done: 3, retried: 1, skipped: 0 });
    expect(ran).toEqual([SM(1), SM(2), SM(3), SM(4)]);
    expect(queue.values().map((e) => e.job)).toEqual([cancelJob(1)]);
    // A new job queued behind the backing-off one runs at once.
    await q.enqueue(cancelJob(5));
    expect(await q.drain(run, 20, 10_000)).toEqual({ done: 1, retried: 0, skipped: 1 });
    expect(queue.values().map((e) => e.job)).toEqual([cancelJob(1)]);
  });

  test('a job whose run outlives the drain budget stays queued (leased) and is run again later', async () => {
    const clock = new Clock();
    const { q, queue } = jobs(clock);
    for (const i of [1, 2]) await q.enqueue(cancelJob(i));
    const slow = async (): Promise<'done'> => {
      clock.advance(2_000);
      return 'done';
    };
    expect(await q.drain(slow, 20, 1_000)).toEqual({ done: 1, retried: 0, skipped: 0 });
    expect(queue.values()).toHaveLength(1);
    expect(await q.drain(slow, 20, 1_000)).toEqual({ done: 1, retried: 0, skipped: 0 });
    expect(queue.values()).toEqual([]);
  });

  describe('leases: two concurrent drains never run the same job', () => {
    async function concurrentDrains(
      q: ConsentJobs,
      n: number,
    ): Promise<{ ran: string[]; results: { done: number; retried: number; skipped: number }[] }> {
      const ran: string[] = [];
      const run = async (job: ConsentJob): Promise<'done'> => {
        ran.push(job.messageSid as string);
        await new Promise((r) => setTimeout(r, 5));
        return 'done';
      };
      const results = await Promise.all([q.drain(run, n, 10_000), q.drain(run, n, 10_000)]);
      return { ran, results };
    }

    test('in memory', async () => {
      const clock = new Clock();
      const { q, queue } = jobs(clock);
      for (let i = 1; i <= 6; i += 1) await q.enqueue(cancelJob(i));
      const { ran, results } = await concurrentDrains(q, 6);
      expect([...ran].sort()).toEqual([1, 2, 3, 4, 5, 6].map(SM).sort());
      expect(results.reduce((s, r) => s + r.done, 0)).toBe(6);
      expect(results.reduce((s, r) => s + r.skipped, 0)).toBe(6);
      expect(queue.values()).toEqual([]);
    });

    test('on a Sync List through the fake (If-Match leases)', async () => {
      const fake = await startFakeTwilio({ seed: 21 });
      try {
        const serviceSid = fake.sync.createService('state');
        const { log } = logSink();
        const q = new ConsentJobs(new SyncQueue<ConsentJobEntry>(fakeTwilioClient(fake), serviceSid, 'consent-jobs'), log);
        for (let i = 1; i <= 6; i += 1) await q.enqueue(cancelJob(i));
        const { ran, results } = await concurrentDrains(q, 6);
        expect(ran).toHaveLength(6);
        expect(new Set(ran).size).toBe(6);
        expect(results.reduce((s, r) => s + r.done, 0)).toBe(6);
        expect(fake.sync.listListItems(serviceSid, 'consent-jobs')).toEqual([]);
        expect(fake.violations).toEqual([]);
      } finally {
        await fake.close();
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('scheduled reminders an opt-out covers (fake Twilio: Sync ledger and queue, scheduled Messages)', () => {
  let fake: FakeTwilio;
  let client: Twilio;
  let serviceSid: string;
  let ledger: OptOutLedger;
  let pendingKv: MemoryKv<PendingRecord>;
  let pending: PendingReminders;
  let lines: string[];
  let deps: ConsentDeps;
  let jobClock: Clock;
  /** The three scheduled reminders to the canary number. */
  let sids: { covered: string; other: string; canceled: string };

  const settings = (): LedgerSettings => ({ backend: 'sync', serviceSid, mapPrefix: 'optout-ledger', shards: 4 });
  const queueJson = (): string => JSON.stringify(fake.sync.listListItems(serviceSid, 'consent-jobs'));
  const queued = (): ConsentJobEntry[] =>
    fake.sync.listListItems(serviceSid, 'consent-jobs').map((i) => i.data as unknown as ConsentJobEntry);
  const reminder = (ref: string): PendingReminder | undefined =>
    pendingKv.data.get(pending.keyOf(CANARY_PHONE))?.value.reminders.find((r) => r.appointmentRef === ref);
  const pendingKey = (): string => pending.keyOf(CANARY_PHONE);

  async function schedule(sender: string, sendAt: number): Promise<string> {
    const m = await client.messages.create({
      to: CANARY_PHONE,
      messagingServiceSid: sender,
      body: 'Appointment reminder',
      scheduleType: 'fixed',
      sendAt: new Date(sendAt),
    });
    expect(m.status).toBe('scheduled');
    return m.sid;
  }

  async function optOutOf(senders: string[] | 'all', messageSid = SM(900)): Promise<LedgerRecord | null> {
    const r = await ledger.apply(CANARY_PHONE, {
      scope: senders === 'all' ? { kind: 'all' } : { kind: 'senders', senders },
      state: 'opted_out',
      at: Date.now(),
      messageSid,
      via: 'keyword',
    });
    return r.record;
  }

  function consentDeps(cancel: CancelMessage = twilioCanceler(client)): ConsentDeps {
    const sink = logSink();
    lines = sink.lines;
    return {
      ledger,
      pending,
      cancel,
      jobs: new ConsentJobs(new SyncQueue<ConsentJobEntry>(client, serviceSid, 'consent-jobs'), sink.log, jobClock.now),
      log: sink.log,
      now: Date.now,
    };
  }

  beforeEach(async () => {
    clearIdentityCache();
    fake = await startFakeTwilio({ seed: 22 });
    client = fakeTwilioClient(fake);
    serviceSid = fake.sync.createService('state');
    await setUpLedger(settings(), SECRET, () => client, Date.now());
    ledger = openLedger(settings(), SECRET, () => client, { budgetMs: 2000 });
    pendingKv = new MemoryKv<PendingRecord>(new Clock(Date.now()));
    pending = new PendingReminders(pendingKv, SECRET, 48 * HOUR, { budgetMs: 1000 });
    jobClock = new Clock(Date.now());
    const sendAt = Date.now() + 2 * HOUR;
    sids = {
      covered: await schedule(MG_OPTED, sendAt),
      other: await schedule(MG_OTHER, sendAt + HOUR),
      canceled: await schedule(MG_OPTED, sendAt + 2 * HOUR),
    };
    await client.messages(sids.canceled).update({ status: 'canceled' });
    const base = { templateId: 'appointment-reminder', language: 'en' as const, appointmentAt: Date.now() + 26 * HOUR, scheduled: true };
    await pending.add(CANARY_PHONE, {
      ...base,
      appointmentRef: 'appt-covered',
      sentAt: sendAt,
      messageSid: sids.covered,
      sender: MG_OPTED,
    });
    await pending.add(CANARY_PHONE, {
      ...base,
      appointmentRef: 'appt-other',
      sentAt: sendAt + HOUR,
      messageSid: sids.other,
      sender: MG_OTHER,
    });
    await pending.add(CANARY_PHONE, {
      ...base,
      appointmentRef: 'appt-canceled',
      sentAt: sendAt + 2 * HOUR,
      messageSid: sids.canceled,
      sender: MG_OPTED,
      canceled: true,
    });
    deps = consentDeps();
  });

  afterEach(async () => {
    try {
      expect(fake.violations).toEqual([]);
      expect(findCanary(lines.join('\n'))).toBeUndefined();
      expect(findCanary(queueJson())).toBeUndefined();
      expect(findCanary(pendingKv.dump())).toBeUndefined();
    } finally {
      fake.faults.reset();
      await fake.close();
    }
  });

  test('a cancel whose answer never comes (client timeout) is a retry, never "done"', async () => {
    const sid = await schedule(MG_OPTED, Date.now() + 86_400_000);
    // The fake holds the update past the client's timeout (and then cancels: a timeout that actually succeeded).
    messageUpdates(fake).delayNextUpdates(1, 1500);
    const impatient = twilio(fake.accountSid, fake.authToken, { httpClient: new RedirectingRequestClient(fake.origin, { timeout: 300 }) });
    expect(await twilioCanceler(impatient)(sid)).toEqual({ kind: 'retry', code: null });
    // The retry then learns the truth: already canceled is final (30409), so the job ends.
    await new Promise((r) => setTimeout(r, 1700));
    expect(await twilioCanceler(client)(sid)).toEqual({ kind: 'final', code: 30409 });
  });

  describe('cancelBlockedScheduled', () => {
    test('exactly the covered reminder is canceled at Twilio and marked canceled', async () => {
      const record = await optOutOf([MG_OPTED]);
      expect(await cancelBlockedScheduled(pendingKey(), record, deps)).toEqual({ canceled: 1, queued: 0, unrecorded: 0 });
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled, sids.covered]);
      // One update request from the product: the covered one (the first cancel was the test's own).
      expect(
        messageUpdates(fake)
          .updates()
          .map((u) => u.sid),
      ).toEqual([sids.canceled, sids.covered]);
      expect(reminder('appt-covered')?.canceled).toBe(true);
      expect(reminder('appt-other')?.canceled).toBeUndefined();
      expect(reminder('appt-canceled')?.canceled).toBe(true);
      const byId = new Map(fake.messages.all().map((m) => [m.sid, m.status]));
      expect(byId.get(sids.other)).toBe('scheduled');
      expect(queued()).toEqual([]);
      // Idempotent: nothing left to cancel.
      expect(await cancelBlockedScheduled(pendingKey(), record, deps)).toEqual({ canceled: 0, queued: 0, unrecorded: 0 });
      expect(messageUpdates(fake).updates()).toHaveLength(2);
    });

    test('an all-senders opt-out covers both still-scheduled reminders, never the canceled one', async () => {
      const record = await optOutOf('all');
      expect(await cancelBlockedScheduled(pendingKey(), record, deps)).toEqual({ canceled: 2, queued: 0, unrecorded: 0 });
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid)
          .sort(),
      ).toEqual([sids.canceled, sids.covered, sids.other].sort());
      expect(
        messageUpdates(fake)
          .updates()
          .filter((u) => u.sid === sids.canceled),
      ).toHaveLength(1);
    });

    test('two templates for one appointment (English and Spanish), both through the opted-out sender: both canceled, each marked', async () => {
      const sendAt = Date.now() + 3 * HOUR;
      const es = await schedule(MG_OPTED, sendAt);
      await pending.add(CANARY_PHONE, {
        templateId: 'appointment-reminder-es',
        language: 'es',
        appointmentAt: Date.now() + 26 * HOUR,
        scheduled: true,
        appointmentRef: 'appt-covered',
        sentAt: sendAt,
        messageSid: es,
        sender: MG_OPTED,
      });
      const record = await optOutOf([MG_OPTED]);
      // One of the two cancels fails now: it is queued, and the other is marked canceled on its own.
      messageUpdates(fake).failNextUpdates(1, 503, 20503);
      const summary = await cancelBlockedScheduled(pendingKey(), record, deps);
      expect(summary).toEqual({ canceled: 1, queued: 1, unrecorded: 0 });
      const entries = () => pendingKv.data.get(pendingKey())?.value.reminders.filter((r) => r.appointmentRef === 'appt-covered') ?? [];
      expect(entries()).toHaveLength(2);
      expect(entries().filter((r) => r.canceled === true)).toHaveLength(1);
      await drainConsentJobs(deps, 5_000);
      expect(entries().map((r) => r.canceled)).toEqual([true, true]);
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid)
          .sort(),
      ).toEqual([sids.canceled, sids.covered, es].sort());
      expect(queued()).toEqual([]);
    });

    test('no opt-out: nothing is canceled', async () => {
      expect(await cancelBlockedScheduled(pendingKey(), null, deps)).toEqual({ canceled: 0, queued: 0, unrecorded: 0 });
      expect(messageUpdates(fake).updates()).toHaveLength(1);
    });

    test('a cancel failing with 503 is queued as a cancel job (no number in it); the queued job cancels it later', async () => {
      const record = await optOutOf([MG_OPTED]);
      messageUpdates(fake).failNextUpdates(1, 503, 20503);
      expect(await cancelBlockedScheduled(pendingKey(), record, deps)).toEqual({ canceled: 0, queued: 1, unrecorded: 0 });
      expect(queued()).toEqual([
        { job: { kind: 'cancel', messageSid: sids.covered, pendingKey: pendingKey() }, attempts: 0, notBefore: 0 },
      ]);
      expect(queueJson()).not.toContain(CANARY_PHONE.slice(2));
      expect(reminder('appt-covered')?.canceled).toBeUndefined();
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled]);
      expect(lines.some((l) => l.includes('consent.cancel_failed') && l.includes('20503'))).toBe(true);

      await drainConsentJobs(deps, 5_000);
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled, sids.covered]);
      expect(reminder('appt-covered')?.canceled).toBe(true);
      expect(queued()).toEqual([]);
    });

    test('a cancel that fails and cannot be queued either is reported unrecorded', async () => {
      const record = await optOutOf([MG_OPTED]);
      // The next two requests: the cancel (Messages) and the queue append (Sync List item).
      fake.faults.failNext(2, 503, 20503);
      expect(await cancelBlockedScheduled(pendingKey(), record, deps)).toEqual({ canceled: 0, queued: 0, unrecorded: 1 });
      expect(queued()).toEqual([]);
      expect(reminder('appt-covered')?.canceled).toBeUndefined();
      expect(lines.some((l) => l.includes('consent.cancel_not_queued'))).toBe(true);
    });

    test('a queued cancel whose message was sent meanwhile: 30409 is final, the job is done, nothing else is sent', async () => {
      const record = await optOutOf([MG_OPTED]);
      messageUpdates(fake).failNextUpdates(1, 503, 20503);
      expect((await cancelBlockedScheduled(pendingKey(), record, deps)).queued).toBe(1);
      const creates = fake.messages.requests().length;
      fake.clock.advance(2 * HOUR + 1000);
      expect(fake.messages.all().find((m) => m.sid === sids.covered)?.status).toBe('sent');

      await drainConsentJobs(deps, 5_000);
      expect(messageUpdates(fake).updates().at(-1)).toMatchObject({ sid: sids.covered, code: 30409 });
      expect(queued()).toEqual([]);
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled]);
      expect(fake.messages.requests()).toHaveLength(creates);
      expect(reminder('appt-covered')?.canceled).toBe(true);
      expect(lines.some((l) => l.includes('consent.scheduled_canceled') && l.includes('not_cancelable'))).toBe(true);
    });

    test('a cancel still failing when the job runs stays queued with backoff', async () => {
      const record = await optOutOf([MG_OPTED]);
      messageUpdates(fake).failNextUpdates(2, 429, 20429);
      expect((await cancelBlockedScheduled(pendingKey(), record, deps)).queued).toBe(1);
      await drainConsentJobs(deps, 5_000);
      expect(queued()).toEqual([expect.objectContaining({ attempts: 1, notBefore: jobClock.t + JOB_LEASE_MS })]);
      await drainConsentJobs(deps, 5_000);
      expect(queued()).toHaveLength(1);
      jobClock.advance(JOB_LEASE_MS);
      await drainConsentJobs(deps, 5_000);
      expect(queued()).toEqual([]);
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled, sids.covered]);
    });
  });

  describe("runConsentJob 'carrier_optout'", () => {
    test('a 21610 whose ledger write failed is queued by ledger key only, then stored and its scheduled reminders canceled', async () => {
      // The ledger is frozen (an identity not active): the carrier opt-out cannot be written now.
      const { store } = identityStore(settings(), () => client);
      const found = await store.read(IDENTITY_KEY);
      await store.write(IDENTITY_KEY, { ...(found?.value as LedgerIdentity), state: 'migrating' }, found?.revision ?? null);
      clearIdentityCache();
      expect(await recordCarrierOptOut(deps, CANARY_PHONE, MG_OPTED, CLINIC_FROM, SM(21610))).toBe('queued');
      const [entry] = queued();
      expect(entry?.job).toEqual({
        kind: 'carrier_optout',
        keyFp: ledger.keyFingerprint(),
        ledgerKey: ledgerKey(SECRET, CANARY_PHONE),
        pendingKey: pendingKey(),
        senders: [MG_OPTED, CLINIC_FROM],
        messageSid: SM(21610),
        at: expect.any(Number),
      });
      expect(queueJson()).not.toContain(CANARY_PHONE);
      expect(queueJson()).not.toContain(CANARY_PHONE.slice(2));
      expect(messageUpdates(fake).cancels()).toHaveLength(1);

      // While the ledger stays unreadable, the job is retried, never dropped.
      await drainConsentJobs(deps, 5_000);
      expect(queued()).toEqual([expect.objectContaining({ attempts: 1 })]);

      const again = await store.read(IDENTITY_KEY);
      await store.write(IDENTITY_KEY, { ...(again?.value as LedgerIdentity), state: 'active' }, again?.revision ?? null);
      clearIdentityCache();
      jobClock.advance(JOB_LEASE_MS);
      await drainConsentJobs(deps, 5_000);
      expect(queued()).toEqual([]);
      expect(await sendGate(ledger, CANARY_PHONE, MG_OPTED)).toBe('opted_out');
      expect(await sendGate(ledger, CANARY_PHONE, CLINIC_FROM)).toBe('opted_out');
      expect(await sendGate(ledger, CANARY_PHONE, MG_OTHER)).toBe('sendable');
      expect(scopeStates(await ledger.read(CANARY_PHONE)).find((s) => s.scope === MG_OPTED)?.entry).toMatchObject({
        via: 'carrier',
        messageSid: SM(21610),
      });
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled, sids.covered]);
      expect(reminder('appt-covered')?.canceled).toBe(true);
      expect(reminder('appt-other')?.canceled).toBeUndefined();
    });

    test('run directly: stores by key, cancels what it now blocks; a replay changes nothing and is done', async () => {
      const job: ConsentJob = {
        kind: 'carrier_optout',
        ledgerKey: ledger.keyFor(CANARY_PHONE),
        pendingKey: pendingKey(),
        keyFp: ledger.keyFingerprint(),
        senders: [MG_OPTED],
        messageSid: SM(777),
        at: Date.now(),
      };
      expect(await runConsentJob(job, deps)).toBe('done');
      expect(await sendGate(ledger, CANARY_PHONE, MG_OPTED)).toBe('opted_out');
      expect(
        messageUpdates(fake)
          .cancels()
          .map((c) => c.sid),
      ).toEqual([sids.canceled, sids.covered]);
      const record = await ledger.read(CANARY_PHONE);
      expect(await runConsentJob(job, deps)).toBe('done');
      expect(await ledger.read(CANARY_PHONE)).toEqual(record);
      expect(messageUpdates(fake).updates()).toHaveLength(2);
    });

    test('a job keyed with another secret is never applied (kept for `optout migrate`)', async () => {
      const job: ConsentJob = {
        kind: 'carrier_optout',
        ledgerKey: ledger.keyFor(CANARY_PHONE),
        pendingKey: pendingKey(),
        keyFp: 'f'.repeat(32),
        senders: [MG_OPTED],
        messageSid: SM(779),
        at: Date.now(),
      };
      expect(await runConsentJob(job, deps)).toBe('retry');
      expect(await sendGate(ledger, CANARY_PHONE, MG_OPTED)).toBe('sendable');
    });

    test('a cancel it cannot make is queued (done); one it can neither make nor queue keeps the job (retry)', async () => {
      const job: ConsentJob = {
        kind: 'carrier_optout',
        ledgerKey: ledger.keyFor(CANARY_PHONE),
        pendingKey: pendingKey(),
        keyFp: ledger.keyFingerprint(),
        senders: [MG_OPTED],
        messageSid: SM(778),
        at: Date.now(),
      };
      messageUpdates(fake).failNextUpdates(1, 503, 20503);
      expect(await runConsentJob(job, deps)).toBe('done');
      expect(queued().map((e) => e.job.kind)).toEqual(['cancel']);

      const stuck = consentDeps(async () => ({ kind: 'retry', code: 503 }));
      const failingQueue = new MemoryQueue<ConsentJobEntry>();
      failingQueue.failures.push(new StoreError(true, 503));
      const noQueue: ConsentDeps = { ...stuck, jobs: new ConsentJobs(failingQueue, stuck.log, jobClock.now) };
      expect(await runConsentJob({ ...job, messageSid: SM(779) }, noQueue)).toBe('retry');
    });
  });
});
