/**
 * Test doubles for the voice IVR unit tests: in-memory state (test/helpers/memory-state.ts), a
 * capturing event deliverer and logger, and the menu deps wired to them.
 */
import { createLogger, type PhiFreeLogger } from '../../src/core/log';
import type { ClinicEvent } from '../../src/events/event';
import { EventOutbox, type OutboxEntry } from '../../src/events/outbox';
import { PendingReminders, type PendingRecord, type PendingReminder } from '../../src/reminders/pending';
import type { MenuDeps } from '../../src/voice/menu';
import type { VoiceSettings } from '../../src/voice/twiml';
import { MemoryKv, MemoryQueue } from './memory-state';

export const HMAC_SECRET = 'x'.repeat(64);
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
}

export function menuWorld(): MenuWorld {
  const kv = new MemoryKv<PendingRecord>();
  const queue = new MemoryQueue<OutboxEntry>();
  const pending = new PendingReminders(kv, HMAC_SECRET, 24 * 3_600_000, { budgetMs: 200, sleep: async () => undefined });
  const delivered: ClinicEvent[] = [];
  const lines: string[] = [];
  const log = createLogger((level, line) => lines.push(`${level} ${line}`));
  const outbox = new EventOutbox(queue, async (event) => {
    delivered.push(event);
    return { ok: true, status: 204 };
  }, log);
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
      stores: () => ({ pending, outbox: opts.events === false ? null : outbox }),
      now: () => Date.UTC(2026, 3, 1, 14, 0, 0),
      drainBudgetMs: 2000,
    }),
  };
}
