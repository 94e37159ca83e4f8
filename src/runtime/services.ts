/**
 * Wires the reminder features to the request: clinic config from private assets, state stores
 * (Sync or local files), pending reminders and the event outbox. Built per request (twilio-run
 * forks a process per request anyway; deployed, the Function container may be reused).
 */
import { loadClinicConfig, type ClinicConfig } from './clinic/clinic-config';
import type { HandlerContext } from './core/webhook';
import { httpDeliverer } from './events/deliver';
import { DELIVERY_TIMEOUT_MS, EventOutbox, type DeadLetterEntry, type OutboxEntry } from './events/outbox';
import { createLedger } from './ledger/factory';
import type { OptOutLedger } from './ledger/ledger';
import { COLLECTIONS, openState, type StateStores } from './state/factory';
import type { CasTiming } from './state/kv';
import { twilioCanceler } from './consent/cancel-message';
import { ConsentJobs, type ConsentJobEntry } from './consent/jobs';
import type { OptOutEffects } from './sms/handle-inbound';
import { cancelAfterOptOut, drainConsentJobs, type ConsentDeps } from './reminders/consent-effects';
import { PendingReminders, type PendingRecord } from './reminders/pending';

export interface ReminderServices {
  clinic: ClinicConfig;
  state: StateStores;
  ledger: OptOutLedger;
  pending: PendingReminders;
  /** Null when CLINIC_EVENTS_URL is not configured. */
  outbox: EventOutbox | null;
  /** Opt-out side effects: cancel covered scheduled reminders, durable consent jobs. */
  consent: ConsentDeps;
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
  const pending = pendingReminders(ctx, state, now, windowMs);
  const ledger = createLedger(ctx.config, ctx.request.getTwilioClient);
  const consent = consentDeps(ctx, { state, ledger, pending, now });
  return { clinic, state, ledger, pending, outbox: eventOutbox(ctx, state, now), consent, timing, now };
}

/** The pending-reminder store alone (for paths that need no clinic config). */
export function pendingReminders(ctx: HandlerContext, state: StateStores, now: () => number, windowMs: number): PendingReminders {
  return new PendingReminders(
    state.kv<PendingRecord>(COLLECTIONS.remindersPending),
    ctx.config.optoutHmacSecret,
    windowMs,
    stateTiming(ctx),
    now,
  );
}

/**
 * What an opt-out needs to cancel scheduled reminders and queue what it could not finish. The
 * pending store keeps the clinic's reply window, so a rewrite never drops a reminder early.
 */
export function consentDeps(
  ctx: HandlerContext,
  parts: { state?: StateStores; ledger?: OptOutLedger; pending?: PendingReminders; now?: () => number } = {},
): ConsentDeps {
  const now = parts.now ?? Date.now;
  const state = parts.state ?? openState(ctx.config, ctx.request.getTwilioClient);
  return {
    ledger: parts.ledger ?? createLedger(ctx.config, ctx.request.getTwilioClient),
    pending:
      parts.pending ?? pendingReminders(ctx, state, now, loadClinicConfig(ctx.request.readAsset).reminders.replyWindowHours * 3_600_000),
    cancel: (sid) => twilioCanceler(ctx.request.getTwilioClient())(sid),
    jobs: new ConsentJobs(state.queue<ConsentJobEntry>(COLLECTIONS.consentJobs), ctx.log, now),
    log: ctx.log,
    now,
  };
}

/** The clinic-event outbox, or null when CLINIC_EVENTS_URL is not configured. */
export function eventOutbox(
  ctx: HandlerContext,
  state: StateStores = openState(ctx.config, ctx.request.getTwilioClient),
  now: () => number = Date.now,
): EventOutbox | null {
  const events = ctx.config.clinicEvents;
  if (!events) return null;
  return new EventOutbox(
    state.queue<OutboxEntry>(COLLECTIONS.clinicEvents),
    httpDeliverer({ url: events.url, secret: events.secret, timeoutMs: DELIVERY_TIMEOUT_MS, now }),
    ctx.log,
    now,
    state.queue<DeadLetterEntry>(COLLECTIONS.clinicEventsDead),
  );
}

/**
 * The inbound opt-out effects: cancel the scheduled reminders the stored opt-out now blocks (failed
 * cancels are queued), then run what is already queued within a small budget.
 */
export function optOutEffects(ctx: HandlerContext): OptOutEffects {
  return {
    afterOptOut: async (e164, record) => {
      const deps = consentDeps(ctx);
      const summary = await cancelAfterOptOut(e164, record, deps);
      if (summary.canceled + summary.queued > 0)
        ctx.log.info('consent.scheduled_after_optout', { count: summary.canceled, attempts: summary.queued });
      await drainConsentJobs(deps, CONSENT_DRAIN_BUDGET_MS);
      return summary.unrecorded === 0;
    },
  };
}

/** Inline consent-job draining gets this much of a webhook's time. */
export const CONSENT_DRAIN_BUDGET_MS = 1500;
