/**
 * Test doubles for the voice IVR unit tests: in-memory state (test/helpers/memory-state.ts), a
 * capturing event deliverer and logger, and the menu deps wired to them.
 */
import { createLogger, type PhiFreeLogger } from '../../src/runtime/core/log';
import type { ClinicEvent } from '../../src/runtime/events/event';
import { EventOutbox, type OutboxEntry } from '../../src/runtime/events/outbox';
import { PendingReminders, type PendingRecord, type PendingReminder } from '../../src/runtime/reminders/pending';
import type { MenuDeps } from '../../src/runtime/voice/menu';
import type { VoiceSettings } from '../../src/runtime/voice/twiml';
import { MemoryKv, MemoryQueue } from './memory-state';

export const HMAC_SECRET = 'x'.repeat(64);
/** The one `StirVerstat` value that lets a caller act on a reminder by phone. */
export const STIR_A = 'TN-Validation-Passed-A';
/**
 * `StirVerstat` values (or none) that must not: every other documented value, and lookalikes a
 * forger or a future Twilio change could produce.
 */
export const UNVERIFIED_STIR: readonly (string | undefined)[] = [
  undefined,
  '',
  'TN-Validation-Passed-B',
  'TN-Validation-Passed-C',
  'TN-Validation-Failed-A',
  'TN-Validation-Failed-B',
  'TN-Validation-Failed-C',
  'No-TN-Validation',
  'TN-Validation-Failed',
  'NULL',
  'TN-Validation-Passed-A-Diverted',
  'TN-Validation-Passed-A-Passthrough',
  'TN-Validation-Failed-A-Passthrough',
  'tn-validation-passed-a',
  'TN-VALIDATION-PASSED-A',
  ' TN-Validation-Passed-A',
  'TN-Validation-Passed-A ',
  'TN-Validation-Passed',
  'A',
  'true',
];
export const FRONT_DESK = '+15555550100';
export const callSid = (n: number): string => `CA${n.toString(16).padStart(32, '0')}`;

export function voiceSettings(voicemail: VoiceSettings['voicemail'] = { enabled: false }): VoiceSettings {
  return { frontDeskNumber: FRONT_DESK, voicemail };
}

export function reminder(ref = 'appt-1001', extra: Partial<PendingReminder> = {}): PendingReminder {
  const now = Date.now();
  return { appointmentRef: ref, templateId: 'standard', language: 'en', sentAt: now - 60_000, appointmentAt: now + 86_400_000, ...extra };
}

export interface MenuWorld {
  kv: MemoryKv<PendingRecord>;
  queue: MemoryQueue<OutboxEntry>;
  pending: PendingReminders;
  delivered: ClinicEvent[];
  lines: string[];
  log: PhiFreeLogger;
  deps(opts?: { voice?: VoiceSettings; events?: boolean }): MenuDeps;
  /** How many times the deps opened the reminder stores. */
  storeOpens(): number;
}

export function menuWorld(): MenuWorld {
  const kv = new MemoryKv<PendingRecord>();
  const queue = new MemoryQueue<OutboxEntry>();
  const pending = new PendingReminders(kv, HMAC_SECRET, 24 * 3_600_000, { budgetMs: 200, sleep: async () => undefined });
  const delivered: ClinicEvent[] = [];
  const lines: string[] = [];
  const log = createLogger((level, line) => lines.push(`${level} ${line}`));
  const outbox = new EventOutbox(
    queue,
    async (event) => {
      delivered.push(event);
      return { ok: true, status: 204 };
    },
    log,
  );
  let opens = 0;
  return {
    kv,
    queue,
    pending,
    delivered,
    lines,
    log,
    deps: (opts = {}) => ({
      voice: opts.voice ?? voiceSettings(),
      log,
      stores: () => {
        opens += 1;
        return { pending, outbox: opts.events === false ? null : outbox };
      },
      now: () => Date.UTC(2026, 3, 1, 14, 0, 0),
      drainBudgetMs: 2000,
    }),
    storeOpens: () => opens,
  };
}
