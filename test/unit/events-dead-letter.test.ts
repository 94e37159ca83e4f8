/**
 * Clinic events the clinic permanently refuses (4xx other than 408/429) must not starve newer
 * events: they move out of the way with backoff, and after MAX_REFUSALS refusals into the
 * dead-letter queue, from which support can requeue them. Transport failures still hold the line.
 * Every scenario runs on the in-memory queue and on the local profile's file queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/runtime/core/log';
import { listDeadLetters, requeueAllDeadLetters, requeueDeadLetter } from '../../src/runtime/events/dead-letter';
import type { Delivery } from '../../src/runtime/events/deliver';
import type { ClinicEvent } from '../../src/runtime/events/event';
import { EventOutbox, MAX_REFUSALS, retryDelayMs, type DeadLetterEntry, type OutboxEntry } from '../../src/runtime/events/outbox';
import { FileQueue } from '../../src/runtime/state/file-queue';
import { StoreError } from '../../src/runtime/state/kv';
import type { QueueItem, QueueStore } from '../../src/runtime/state/queue';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { Clock, MemoryQueue } from '../helpers/memory-state';

const sid = (n: number): string => `SM${n.toString(16).padStart(32, '0')}`;
const event = (n: number): ClinicEvent => ({
  eventId: sid(n),
  type: 'appointment.reply',
  appointmentRef: `apt_${String(n).padStart(6, '0')}`,
  action: 'confirm',
  channel: 'sms',
  messageSid: sid(n),
  receivedAt: '2026-11-23T15:00:00.000Z',
});

/** A queue whose next `failRemoves` removes throw, as if the Function died between append and remove. */
class FlakyRemove<T> implements QueueStore<T> {
  failRemoves = 0;
  constructor(private readonly inner: QueueStore<T>) {}
  get kind() {
    return this.inner.kind;
  }
  append(value: T): Promise<string> {
    return this.inner.append(value);
  }
  head(limit: number): Promise<QueueItem<T>[]> {
    return this.inner.head(limit);
  }
  update(index: string, value: T, revision: string): Promise<'ok' | 'conflict'> {
    return this.inner.update(index, value, revision);
  }
  async remove(index: string): Promise<void> {
    if (this.failRemoves > 0) {
      this.failRemoves -= 1;
      throw new StoreError(true, 20500);
    }
    return this.inner.remove(index);
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'events-dead-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const backends: Record<string, (clock: Clock) => { outbox: QueueStore<OutboxEntry>; dead: QueueStore<DeadLetterEntry> }> = {
  memory: () => ({ outbox: new MemoryQueue<OutboxEntry>(), dead: new MemoryQueue<DeadLetterEntry>() }),
  file: (clock) => ({
    outbox: new FileQueue<OutboxEntry>(join(dir, 'clinic-events'), clock.now),
    dead: new FileQueue<DeadLetterEntry>(join(dir, 'clinic-events-dead'), clock.now),
  }),
};

describe.each(Object.keys(backends))('%s queue', (backendName) => {
  /** `answer` decides each delivery; every call is recorded. */
  function world(answer: (e: ClinicEvent) => Delivery, opts: { withDead?: boolean } = {}) {
    const clock = new Clock();
    const stores = (backends[backendName] as (c: Clock) => { outbox: QueueStore<OutboxEntry>; dead: QueueStore<DeadLetterEntry> })(clock);
    const outbox = new FlakyRemove(stores.outbox);
    const calls: string[] = [];
    const delivered: string[] = [];
    const logs: string[] = [];
    const deliver = async (e: ClinicEvent): Promise<Delivery> => {
      calls.push(e.eventId);
      const r = answer(e);
      if (r.ok) delivered.push(e.eventId);
      return r;
    };
    const box = new EventOutbox(
      outbox,
      deliver,
      createLogger((_l, line) => logs.push(line)),
      clock.now,
      opts.withDead === false ? null : stores.dead,
    );
    const ids = async (q: QueueStore<{ event: ClinicEvent }>) => (await q.head(1000)).map((i) => i.value.event.eventId);
    return { clock, outbox, dead: stores.dead, box, calls, delivered, logs, outboxIds: () => ids(outbox), deadIds: () => ids(stores.dead) };
  }

  /** Every enqueued event is delivered, queued or dead-lettered: never nowhere. */
  async function expectNoneLost(w: ReturnType<typeof world>, all: string[]) {
    const present = new Set([...w.delivered, ...(await w.outboxIds()), ...(await w.deadIds())]);
    expect(all.filter((id) => !present.has(id))).toEqual([]);
  }

  test.each([50, 10])(
    '60 permanently refused events ahead of a good one: the good one goes within ceil(61 / %i) drains, the refused ones end dead-lettered',
    async (max) => {
      const good = sid(1000);
      const w = world((e) => (e.eventId === good ? { ok: true, status: 200 } : { ok: false, status: e.eventId.endsWith('1') ? 404 : 422 }));
      const all = [...Array.from({ length: 60 }, (_, i) => sid(i + 1)), good];
      for (const id of all) await w.box.enqueue(id === good ? event(1000) : event(Number.parseInt(id.slice(2), 16)));
      const bound = Math.ceil(61 / max);
      let drains = 0;
      while (!w.delivered.includes(good) && drains < bound) {
        const r = await w.box.drain(max, 60_000);
        drains += 1;
        // A refusal never stops the drain: every item it looked at was tried.
        expect(r.failed).toBe(r.refused);
        await expectNoneLost(w, all);
      }
      expect(w.delivered).toEqual([good]);
      expect(drains).toBeLessThanOrEqual(bound);
      expect(w.logs.join('\n')).toContain('"event":"events.delivery_refused"');

      // The refused ones back off, are tried MAX_REFUSALS times each, then sit in the dead-letter queue.
      for (let round = 0; round < 40 && (await w.outboxIds()).length > 0; round += 1) {
        w.clock.advance(retryDelayMs(MAX_REFUSALS));
        await w.box.drain(max, 60_000);
        await expectNoneLost(w, all);
      }
      expect(await w.outboxIds()).toEqual([]);
      expect((await w.deadIds()).sort()).toEqual(all.filter((id) => id !== good).sort());
      expect(w.calls.filter((id) => id !== good)).toHaveLength(60 * MAX_REFUSALS);
    },
  );

  test.each<[string, Delivery]>([
    ['503', { ok: false, status: 503 }],
    ['500', { ok: false, status: 500 }],
    ['408', { ok: false, status: 408 }],
    ['429', { ok: false, status: 429 }],
    ['a redirect', { ok: false, status: 302 }],
    ['a timeout', { ok: false, status: 'timeout' }],
    ['a network error', { ok: false, status: 'network' }],
  ])('a transport failure (%s) still stops the drain, keeps the event in place and never dead-letters it', async (_name, failure) => {
    const w = world((e) => (e.eventId === sid(1) ? failure : { ok: true, status: 200 }));
    for (const n of [1, 2, 3]) await w.box.enqueue(event(n));
    expect(await w.box.drain(50, 60_000)).toEqual({ delivered: 0, failed: 1, refused: 0, deadLettered: 0, skipped: 0 });
    expect(w.calls).toEqual([sid(1)]);
    expect(await w.outboxIds()).toEqual([sid(1), sid(2), sid(3)]);
    for (let i = 0; i < MAX_REFUSALS * 2; i += 1) {
      w.clock.advance(retryDelayMs(20));
      await w.box.drain(1, 60_000);
    }
    expect((await w.outboxIds())[0]).toBe(sid(1));
    expect(await w.deadIds()).toEqual([]);
  });

  test(`dead-lettered after exactly ${MAX_REFUSALS} refusals, backing off in between, logged with SIDs and codes only`, async () => {
    const w = world(() => ({ ok: false, status: 422 }));
    const planted = { ...event(7), from: CANARY_PHONE } as ClinicEvent;
    await w.box.enqueue(planted);
    for (let attempt = 1; attempt < MAX_REFUSALS; attempt += 1) {
      expect(await w.box.drain(50, 60_000)).toEqual({ delivered: 0, failed: 1, refused: 1, deadLettered: 0, skipped: 0 });
      const [entry] = await w.outbox.head(10);
      expect(entry?.value).toMatchObject({ attempts: attempt, refusals: attempt, lastStatus: 422 });
      // Backing off: not tried again before its time.
      expect(await w.box.drain(50, 60_000)).toMatchObject({ failed: 0, skipped: 1 });
      w.clock.advance(retryDelayMs(attempt));
    }
    expect(w.calls).toHaveLength(MAX_REFUSALS - 1);
    expect(await w.deadIds()).toEqual([]);
    expect(await w.box.drain(50, 60_000)).toEqual({ delivered: 0, failed: 1, refused: 1, deadLettered: 1, skipped: 0 });
    expect(w.calls).toHaveLength(MAX_REFUSALS);
    expect(await w.outboxIds()).toEqual([]);
    const [dead] = await w.dead.head(10);
    expect(dead?.value).toMatchObject({
      attempts: MAX_REFUSALS,
      refusals: MAX_REFUSALS,
      lastStatus: 422,
      deadAt: new Date(w.clock.now()).toISOString(),
    });
    expect(w.logs.at(-1)).toBe(`{"event":"events.dead_lettered","messageSid":"${sid(7)}","status":"422","attempts":"${MAX_REFUSALS}"}`);
    w.clock.advance(retryDelayMs(20));
    await w.box.drain(50, 60_000);
    expect(w.calls).toHaveLength(MAX_REFUSALS);
    expect(findCanary(w.logs.join('\n'))).toBeUndefined();
  });

  test('a transport failure between refusals is not counted as a refusal', async () => {
    let n = 0;
    const w = world(() => (++n === 2 ? { ok: false, status: 503 } : { ok: false, status: 400 }));
    await w.box.enqueue(event(8));
    for (let i = 0; i < MAX_REFUSALS; i += 1) {
      await w.box.drain(50, 60_000);
      w.clock.advance(retryDelayMs(20));
    }
    expect(await w.deadIds()).toEqual([]);
    await w.box.drain(50, 60_000);
    expect((await w.dead.head(1))[0]?.value).toMatchObject({ attempts: MAX_REFUSALS + 1, refusals: MAX_REFUSALS, lastStatus: 400 });
  });

  test('a crash between the dead-letter append and the outbox remove never loses the event; the duplicate is requeued once', async () => {
    let clinicFixed = false;
    const w = world(() => (clinicFixed ? { ok: true, status: 200 } : { ok: false, status: 409 }));
    await w.box.enqueue(event(9));
    for (let i = 1; i < MAX_REFUSALS; i += 1) {
      await w.box.drain(50, 60_000);
      w.clock.advance(retryDelayMs(i));
    }
    w.outbox.failRemoves = 1;
    await expect(w.box.drain(50, 60_000)).rejects.toBeInstanceOf(StoreError);
    // Appended to the dead-letter queue first, so it is in both places: not lost.
    expect(await w.deadIds()).toEqual([sid(9)]);
    expect(await w.outboxIds()).toEqual([sid(9)]);

    // The next drain (after the backoff) finishes the move; the dead list now holds two copies.
    w.clock.advance(retryDelayMs(20));
    await w.box.drain(50, 60_000);
    expect(await w.outboxIds()).toEqual([]);
    expect(await w.deadIds()).toEqual([sid(9), sid(9)]);
    expect((await listDeadLetters(w.dead)).entries.map((e) => e.eventId)).toEqual([sid(9)]);

    clinicFixed = true;
    expect(await requeueDeadLetter(sid(9), w.outbox, w.dead)).toEqual({ requeued: [sid(9)], truncated: false });
    expect(await w.deadIds()).toEqual([]);
    expect(await w.outboxIds()).toEqual([sid(9)]);
    expect(await w.box.drain(50, 60_000)).toMatchObject({ delivered: 1 });
    expect(w.delivered).toEqual([sid(9)]);
  });

  test('a crash between the requeue append and the dead remove leaves the event in both places (delivered, still listed), never lost', async () => {
    const w = world(() => ({ ok: false, status: 404 }));
    await w.box.enqueue(event(10));
    for (let i = 0; i < MAX_REFUSALS; i += 1) {
      await w.box.drain(50, 60_000);
      w.clock.advance(retryDelayMs(20));
    }
    const flakyDead = new FlakyRemove(w.dead);
    flakyDead.failRemoves = 1;
    await expect(requeueDeadLetter(sid(10), w.outbox, flakyDead)).rejects.toBeInstanceOf(StoreError);
    expect(await w.outboxIds()).toEqual([sid(10)]);
    expect(await w.deadIds()).toEqual([sid(10)]);
  });

  test('requeue puts a dead event back with its attempts reset, and it is delivered', async () => {
    let clinicFixed = false;
    const w = world((e) => (clinicFixed || e.eventId === sid(12) ? { ok: true, status: 200 } : { ok: false, status: 403 }));
    await w.box.enqueue(event(11));
    await w.box.enqueue(event(13));
    for (let i = 0; i < MAX_REFUSALS; i += 1) {
      await w.box.drain(50, 60_000);
      w.clock.advance(retryDelayMs(20));
    }
    expect((await w.deadIds()).sort()).toEqual([sid(11), sid(13)]);
    expect(await requeueDeadLetter(sid(12), w.outbox, w.dead)).toEqual({ requeued: [], truncated: false });

    clinicFixed = true;
    expect(await requeueDeadLetter(sid(11), w.outbox, w.dead)).toEqual({ requeued: [sid(11)], truncated: false });
    expect((await w.outbox.head(10)).map((i) => i.value)).toEqual([{ event: event(11), attempts: 0, notBefore: 0 }]);
    expect(await w.box.drain(50, 60_000)).toMatchObject({ delivered: 1, failed: 0 });

    expect(await requeueAllDeadLetters(w.outbox, w.dead)).toEqual({ requeued: [sid(13)], truncated: false });
    expect(await w.box.drain(50, 60_000)).toMatchObject({ delivered: 1 });
    expect(w.delivered).toEqual([sid(11), sid(13)]);
    expect(await w.deadIds()).toEqual([]);
    expect(await w.outboxIds()).toEqual([]);
  });

  test('without a dead-letter queue a refused event still steps aside and backs off, and is never dropped', async () => {
    const w = world((e) => (e.eventId === sid(20) ? { ok: false, status: 410 } : { ok: true, status: 200 }), { withDead: false });
    await w.box.enqueue(event(20));
    await w.box.enqueue(event(21));
    expect(await w.box.drain(50, 60_000)).toMatchObject({ delivered: 1, refused: 1 });
    for (let i = 0; i < MAX_REFUSALS * 2; i += 1) {
      w.clock.advance(retryDelayMs(20));
      await w.box.drain(50, 60_000);
    }
    expect(await w.outboxIds()).toEqual([sid(20)]);
    expect((await w.outbox.head(1))[0]?.value).toMatchObject({ refusals: MAX_REFUSALS * 2 + 1 });
  });
});
