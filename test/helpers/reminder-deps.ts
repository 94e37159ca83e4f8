/** Builds the reminder core's dependencies over in-memory state, with the shipped clinic assets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClinicConfig, loadTemplates, type AssetReader } from '../../src/runtime/clinic/clinic-config';
import type { CancelMessage, CancelOutcome } from '../../src/runtime/consent/cancel-message';
import { ConsentJobs, type ConsentJobEntry } from '../../src/runtime/consent/jobs';
import { createLogger, type PhiFreeLogger } from '../../src/runtime/core/log';
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import type { ConsentDeps } from '../../src/runtime/reminders/consent-effects';
import { PendingReminders, type PendingRecord } from '../../src/runtime/reminders/pending';
import type { SendDeps } from '../../src/runtime/reminders/send';
import type { MessageRequest, SendOutcome } from '../../src/runtime/reminders/send-message';
import { UNCHECKED_IDENTITY } from './ledger-identity';
import { Clock, MemoryKv, MemoryQueue } from './memory-state';
import { MemoryStore } from './memory-store';

export const SECRET = 's'.repeat(48);
export const MG = `MG${'a'.repeat(32)}`;
const ROOT = join(__dirname, '..', '..');

/** Reads the project's shipped private assets by deployed path (`/clinic.json` → assets/clinic.private.json). */
export const shippedAssets: AssetReader = (path) => {
  const file = join(ROOT, 'assets', path.replace(/^\//, '').replace(/\.json$/, '.private.json'));
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

export interface Harness {
  deps: SendDeps;
  clock: Clock;
  sent: MessageRequest[];
  /** Outcomes the stub sender returns next, in order (default: accepted). */
  outcomes: SendOutcome[];
  logs: string[];
  ledgerStore: MemoryStore;
  /** The per-number record: pending reminders, send-once entries and cap counts. */
  pendingKv: MemoryKv<PendingRecord>;
  /** Every Message SID the stub canceler was asked to cancel, in order. */
  canceled: string[];
  /** Outcomes the stub canceler returns next, in order (default: canceled). */
  cancelOutcomes: CancelOutcome[];
  /** The durable consent-job queue (cancels and carrier opt-outs that could not be done at once). */
  jobsQueue: MemoryQueue<ConsentJobEntry>;
}

export function reminderHarness(overrides: Partial<SendDeps['settings']> = {}): Harness {
  const clock = new Clock();
  const logs: string[] = [];
  const log: PhiFreeLogger = createLogger((_level, line) => logs.push(line));
  const timing = { budgetMs: 300, now: clock.now, sleep: async () => undefined };
  const ledgerStore = new MemoryStore();
  const pendingKv = new MemoryKv<PendingRecord>(clock);
  const sent: MessageRequest[] = [];
  const outcomes: SendOutcome[] = [];
  const canceled: string[] = [];
  const cancelOutcomes: CancelOutcome[] = [];
  const jobsQueue = new MemoryQueue<ConsentJobEntry>();
  let n = 0;
  const clinic = loadClinicConfig(shippedAssets);
  const ledger = new OptOutLedger(ledgerStore, SECRET, timing, UNCHECKED_IDENTITY);
  const pending = new PendingReminders(pendingKv, SECRET, clinic.reminders.replyWindowHours * 3_600_000, timing, clock.now);
  const cancel: CancelMessage = async (messageSid) => {
    canceled.push(messageSid);
    return cancelOutcomes.shift() ?? { kind: 'canceled' };
  };
  const consent: ConsentDeps = { ledger, pending, cancel, jobs: new ConsentJobs(jobsQueue, log, clock.now), log, now: clock.now };
  const deps: SendDeps = {
    clinic,
    templates: loadTemplates(shippedAssets),
    ledger,
    pending,
    send: async (req) => {
      sent.push(req);
      const next = outcomes.shift();
      if (next) return next;
      n += 1;
      return { ok: true, sid: `SM${n.toString(16).padStart(32, '0')}`, status: req.sendAt ? 'scheduled' : 'accepted' };
    },
    consent,
    settings: {
      clinicName: 'Example Clinic',
      messagingServiceSid: MG,
      statusCallback: 'https://example-1234-dev.twil.io/sms/status',
      secret: SECRET,
      retention: {},
      ...overrides,
    },
    log,
    now: clock.now,
  };
  return { deps, clock, sent, outcomes, logs, ledgerStore, pendingKv, canceled, cancelOutcomes, jobsQueue };
}
