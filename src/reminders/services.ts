/**
 * Wires the reminder features to the request: clinic config from private assets, state stores
 * (Sync or local files), pending reminders and the event outbox. Built per request (twilio-run
 * forks a process per request anyway; deployed, the Function container may be reused).
 */
import { loadClinicConfig, type ClinicConfig } from '../clinic/clinic-config';
import type { HandlerContext } from '../core/webhook';
import { httpDeliverer } from '../events/deliver';
import { DELIVERY_TIMEOUT_MS, EventOutbox, type OutboxEntry } from '../events/outbox';
import { createLedger } from '../ledger/factory';
import type { OptOutLedger } from '../ledger/ledger';
import { COLLECTIONS, openState, type StateStores } from '../state/factory';
import type { CasTiming } from '../state/kv';
import { PendingReminders, type PendingRecord } from './pending';

export interface ReminderServices {
  clinic: ClinicConfig;
  state: StateStores;
  ledger: OptOutLedger;
  pending: PendingReminders;
  /** Null when CLINIC_EVENTS_URL is not configured. */
  outbox: EventOutbox | null;
  timing: CasTiming;
  now: () => number;
}

/** Budget for one state write: inside Twilio's 15 s webhook timeout and the 10 s Function limit. */
export function stateTiming(ctx: HandlerContext): CasTiming {
  return { budgetMs: Math.min(ctx.config.ledger.writeBudgetMs, 4000) };
}

export function reminderServices(ctx: HandlerContext, now: () => number = Date.now): ReminderServices {
  const clinic = loadClinicConfig(ctx.request.readAsset);
  const state = openState(ctx.config, ctx.request.getTwilioClient);
  const timing = stateTiming(ctx);
  const windowMs = clinic.reminders.replyWindowHours * 3_600_000;
  const pending = new PendingReminders(state.kv<PendingRecord>(COLLECTIONS.remindersPending), ctx.config.optoutHmacSecret, windowMs, timing, now);
  return { clinic, state, ledger: createLedger(ctx.config, ctx.request.getTwilioClient), pending, outbox: eventOutbox(ctx, state, now), timing, now };
}

/** The clinic-event outbox, or null when CLINIC_EVENTS_URL is not configured. */
export function eventOutbox(ctx: HandlerContext, state: StateStores = openState(ctx.config, ctx.request.getTwilioClient), now: () => number = Date.now): EventOutbox | null {
  const events = ctx.config.clinicEvents;
  if (!events) return null;
  return new EventOutbox(
    state.queue<OutboxEntry>(COLLECTIONS.clinicEvents),
    httpDeliverer({ url: events.url, secret: events.secret, timeoutMs: DELIVERY_TIMEOUT_MS, now }),
    ctx.log,
    now,
  );
}
