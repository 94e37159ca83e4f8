/**
 * The dead-letter queue of clinic events (`clinic-events-dead`): events the clinic refused
 * `MAX_REFUSALS` times. Support lists them (PHI-free fields only, each checked against its shape)
 * and requeues them once the clinic can take them. A requeue appends to the outbox first (attempts
 * reset) and only then removes the dead entries, so a crash in between delivers twice (the clinic
 * dedupes on eventId), never loses one. A crash while dead-lettering can leave two dead entries
 * for one event: they are listed and requeued as one.
 */
import type { QueueItem, QueueStore } from '../state/queue';
import type { DeadLetterEntry, OutboxEntry } from './outbox';

/** The most list items Sync returns in one page, and so the most one pass reads. */
export const DEAD_PAGE = 100;
/** Passes of `requeue --all` (DEAD_PAGE events each) before it stops and says more remain. */
export const MAX_REQUEUE_PASSES = 50;

/** MessageSid, or CallSid plus the key pressed. */
export const EVENT_ID = /^(SM|MM|CA)[0-9a-fA-F]{32}(-[0-9])?$/;
const APPOINTMENT_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;
const ISO_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?Z$/;
const TYPES = new Set(['appointment.reply']);
const ACTIONS = new Set(['confirm', 'reschedule', 'cancel']);

/** What may be shown of a dead entry. A stored value of the wrong shape shows as `null`, never as itself. */
export interface DeadLetterView {
  eventId: string | null;
  type: string | null;
  action: string | null;
  appointmentRef: string | null;
  attempts: number | null;
  lastStatus: number | null;
  deadAt: string | null;
}

function shaped(value: unknown, ok: (v: string) => boolean): string | null {
  return typeof value === 'string' && ok(value) ? value : null;
}

function counted(value: unknown, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? value : null;
}

export function deadLetterView(entry: DeadLetterEntry): DeadLetterView {
  const e = (entry?.event ?? {}) as unknown as Record<string, unknown>;
  const lastStatus = counted(entry?.lastStatus, 599);
  return {
    eventId: shaped(e.eventId, (v) => EVENT_ID.test(v)),
    type: shaped(e.type, (v) => TYPES.has(v)),
    action: shaped(e.action, (v) => ACTIONS.has(v)),
    appointmentRef: shaped(e.appointmentRef, (v) => APPOINTMENT_REF.test(v)),
    attempts: counted(entry?.attempts, 9999),
    lastStatus: lastStatus !== null && lastStatus >= 100 ? lastStatus : null,
    deadAt: shaped(entry?.deadAt, (v) => ISO_TIME.test(v)),
  };
}

function eventIdOf(item: QueueItem<DeadLetterEntry>): string | undefined {
  const id = (item.value?.event as { eventId?: unknown } | undefined)?.eventId;
  return typeof id === 'string' ? id : undefined;
}

export interface DeadList {
  /** One row per eventId (the newest dead entry), oldest first. */
  entries: DeadLetterView[];
  /** The dead list holds more than one page: only the oldest DEAD_PAGE entries were read. */
  truncated: boolean;
}

export async function listDeadLetters(dead: QueueStore<DeadLetterEntry>): Promise<DeadList> {
  const items = await dead.head(DEAD_PAGE);
  const byId = new Map<string, DeadLetterView>();
  const rows: DeadLetterView[] = [];
  for (const item of items) {
    const view = deadLetterView(item.value);
    const id = eventIdOf(item);
    if (id !== undefined && byId.has(id)) {
      Object.assign(byId.get(id) as DeadLetterView, view);
      continue;
    }
    if (id !== undefined) byId.set(id, view);
    rows.push(view);
  }
  return { entries: rows, truncated: items.length >= DEAD_PAGE };
}

export interface RequeueResult {
  /** Event ids put back into the outbox (one per event, whatever the number of dead copies). */
  requeued: string[];
  /** The dead list had more than one page left: some events were not looked at. */
  truncated: boolean;
}

/** Moves the dead entries in `items` whose event ids pass `pick` back to the outbox, one outbox entry per event id. */
async function moveBack(
  items: QueueItem<DeadLetterEntry>[],
  pick: (eventId: string) => boolean,
  outbox: QueueStore<OutboxEntry>,
  dead: QueueStore<DeadLetterEntry>,
): Promise<string[]> {
  const groups = new Map<string, QueueItem<DeadLetterEntry>[]>();
  for (const item of items) {
    const id = eventIdOf(item);
    if (id === undefined || !EVENT_ID.test(id) || !pick(id)) continue;
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  const moved: string[] = [];
  for (const [id, group] of groups) {
    const first = group[0] as QueueItem<DeadLetterEntry>;
    await outbox.append({ event: first.value.event, attempts: 0, notBefore: 0 });
    for (const item of group) await dead.remove(item.index);
    moved.push(id);
  }
  return moved;
}

/** Puts one dead event back into the outbox (attempts reset). `requeued` is empty when it is not in the oldest page. */
export async function requeueDeadLetter(
  eventId: string,
  outbox: QueueStore<OutboxEntry>,
  dead: QueueStore<DeadLetterEntry>,
): Promise<RequeueResult> {
  const items = await dead.head(DEAD_PAGE);
  const requeued = await moveBack(items, (id) => id === eventId, outbox, dead);
  return { requeued, truncated: requeued.length === 0 && items.length >= DEAD_PAGE };
}

/** Puts every dead event back into the outbox, a page at a time, for at most MAX_REQUEUE_PASSES pages. */
export async function requeueAllDeadLetters(outbox: QueueStore<OutboxEntry>, dead: QueueStore<DeadLetterEntry>): Promise<RequeueResult> {
  const requeued: string[] = [];
  for (let pass = 0; pass < MAX_REQUEUE_PASSES; pass += 1) {
    const items = await dead.head(DEAD_PAGE);
    if (items.length === 0) return { requeued, truncated: false };
    const moved = await moveBack(items, () => true, outbox, dead);
    // Only entries without a valid event id are left: they cannot be requeued, and would loop.
    if (moved.length === 0) return { requeued, truncated: items.length >= DEAD_PAGE };
    requeued.push(...moved);
  }
  return { requeued, truncated: (await dead.head(1)).length > 0 };
}
