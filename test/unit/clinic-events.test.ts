/**
 * Clinic events: the signature scheme, one delivery attempt against a real local HTTP server and
 * how its result is classified, and the outbox (durable, leased, backs off, never loses an event
 * while the clinic is down). Permanent refusals and the dead-letter queue: events-dead-letter.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/runtime/core/log';
import { classifyDelivery, httpDeliverer, refusalStatus, type Delivery } from '../../src/runtime/events/deliver';
import type { ClinicEvent } from '../../src/runtime/events/event';
import { EventOutbox, LEASE_MS, retryDelayMs, type OutboxEntry } from '../../src/runtime/events/outbox';
import { SIGNATURE_HEADER, signEvent, verifyEventSignature } from '../../src/runtime/events/signature';
import { StoreError } from '../../src/runtime/state/kv';
import { Clock, MemoryQueue } from '../helpers/memory-state';

const SECRET = 'e'.repeat(40);
const event = (n: number): ClinicEvent => ({
  eventId: `SM${n.toString(16).padStart(32, '0')}`,
  type: 'appointment.reply',
  appointmentRef: `apt_${n}xxxxxx`,
  action: 'confirm',
  channel: 'sms',
  messageSid: `SM${n.toString(16).padStart(32, '0')}`,
  receivedAt: '2026-11-23T15:00:00.000Z',
});

describe('event signature', () => {
  const body = JSON.stringify(event(1));
  test('a signature verifies with the same secret, body and a timestamp inside the tolerance', () => {
    const header = signEvent(SECRET, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyEventSignature(SECRET, header, body, 1_800_000_100)).toBe(true);
  });
  test.each([
    ['another secret', (h: string) => verifyEventSignature('x'.repeat(40), h, body, 1_800_000_000)],
    ['a changed body', (h: string) => verifyEventSignature(SECRET, h, body.replace('confirm', 'cancel'), 1_800_000_000)],
    ['a replay after the tolerance', (h: string) => verifyEventSignature(SECRET, h, body, 1_800_000_301)],
    ['a malformed header', (h: string) => verifyEventSignature(SECRET, h.replace('v1=', 'v2='), body, 1_800_000_000)],
    ['no header', () => verifyEventSignature(SECRET, undefined, body, 1_800_000_000)],
  ])('%s is rejected', (_name, check) => {
    expect(check(signEvent(SECRET, body, 1_800_000_000))).toBe(false);
  });
});

describe('httpDeliverer against a local endpoint', () => {
  let server: Server;
  let url: string;
  let status = 200;
  let delayMs = 0;
  const received: { body: string; signature: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ body, signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined });
        setTimeout(() => {
          res.statusCode = status;
          if (status === 302) res.setHeader('location', 'http://example.com/');
          res.end('ok');
        }, delayMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    status = 200;
    delayMs = 0;
    received.length = 0;
  });

  test('POSTs the JSON event with a signature the clinic can verify', async () => {
    const result = await httpDeliverer({ url, secret: SECRET, timeoutMs: 2000 })(event(2));
    expect(result).toEqual({ ok: true, status: 200 });
    expect(JSON.parse(received[0]!.body)).toEqual(event(2));
    expect(verifyEventSignature(SECRET, received[0]!.signature, received[0]!.body, Math.floor(Date.now() / 1000))).toBe(true);
  });
  test.each([
    [500, { ok: false, status: 500 }],
    [302, { ok: false, status: 302 }],
  ])('status %i is a failure (redirects are not followed)', async (code, expected) => {
    status = code;
    expect(await httpDeliverer({ url, secret: SECRET, timeoutMs: 2000 })(event(3))).toEqual(expected);
  });
  test('a 4xx answer is reported with its status, which classifies it as a permanent refusal', async () => {
    status = 422;
    const result = await httpDeliverer({ url, secret: SECRET, timeoutMs: 2000 })(event(6));
    expect(result).toEqual({ ok: false, status: 422 });
    expect(classifyDelivery(result)).toBe('refused');
  });
  test('a slow endpoint times out', async () => {
    delayMs = 500;
    expect(await httpDeliverer({ url, secret: SECRET, timeoutMs: 100 })(event(4))).toEqual({ ok: false, status: 'timeout' });
  });
  test('nothing listening is a network failure', async () => {
    expect(await httpDeliverer({ url: 'http://127.0.0.1:9/events', secret: SECRET, timeoutMs: 500 })(event(5))).toEqual({
      ok: false,
      status: 'network',
    });
  });
});

describe('classifyDelivery', () => {
  test.each<[Delivery, string]>([
    [{ ok: true, status: 200 }, 'delivered'],
    [{ ok: true, status: 204 }, 'delivered'],
    [{ ok: false, status: 'network' }, 'transport'],
    [{ ok: false, status: 'timeout' }, 'transport'],
    [{ ok: false, status: 500 }, 'transport'],
    [{ ok: false, status: 503 }, 'transport'],
    [{ ok: false, status: 408 }, 'transport'],
    [{ ok: false, status: 429 }, 'transport'],
    [{ ok: false, status: 302 }, 'transport'],
    [{ ok: false, status: 400 }, 'refused'],
    [{ ok: false, status: 401 }, 'refused'],
    [{ ok: false, status: 404 }, 'refused'],
    [{ ok: false, status: 409 }, 'refused'],
    [{ ok: false, status: 422 }, 'refused'],
  ])('%j is %s', (result, expected) => {
    expect(classifyDelivery(result)).toBe(expected);
    expect(refusalStatus(result)).toBe(expected === 'refused' ? result.status : null);
  });
});

describe('EventOutbox', () => {
  function outbox(results: Delivery[]) {
    const clock = new Clock();
    const queue = new MemoryQueue<OutboxEntry>();
    const delivered: ClinicEvent[] = [];
    const logs: string[] = [];
    const deliver = async (e: ClinicEvent): Promise<Delivery> => {
      const r = results.shift() ?? { ok: true, status: 200 };
      if (r.ok) delivered.push(e);
      return r;
    };
    return {
      clock,
      queue,
      delivered,
      logs,
      box: new EventOutbox(
        queue,
        deliver,
        createLogger((_l, line) => logs.push(line)),
        clock.now,
      ),
    };
  }

  test('delivers in order and removes delivered events', async () => {
    const o = outbox([]);
    for (const n of [1, 2, 3]) await o.box.enqueue(event(n));
    expect(await o.box.drain(10, 5000)).toEqual({ delivered: 3, failed: 0, refused: 0, deadLettered: 0, skipped: 0 });
    expect(o.delivered.map((e) => e.eventId)).toEqual([1, 2, 3].map((n) => event(n).eventId));
    expect(o.queue.items.size).toBe(0);
  });

  test('clinic down: nothing is lost, the drain stops at the first failure, and the events go once it is back', async () => {
    const o = outbox([{ ok: false, status: 503 }]);
    for (const n of [1, 2]) await o.box.enqueue(event(n));
    expect(await o.box.drain(10, 5000)).toEqual({ delivered: 0, failed: 1, refused: 0, deadLettered: 0, skipped: 0 });
    expect(o.queue.items.size).toBe(2);
    expect(o.logs.join()).toContain('"event":"events.delivery_failed","status":"503","attempts":"1"');
    // Backing off: the failed item waits, the next one is not tried before it (order is kept).
    expect(await o.box.drain(10, 5000)).toMatchObject({ delivered: 1, skipped: 1 });
    o.clock.advance(retryDelayMs(1));
    expect(await o.box.drain(10, 5000)).toMatchObject({ delivered: 1 });
    expect(o.delivered.map((e) => e.eventId).sort()).toEqual([event(1).eventId, event(2).eventId].sort());
    expect(o.queue.items.size).toBe(0);
  });

  test('retry delays: at least the lease, doubling, capped at five minutes', () => {
    expect(retryDelayMs(1)).toBe(LEASE_MS);
    expect(retryDelayMs(4)).toBe(8000);
    expect(retryDelayMs(20)).toBe(300_000);
  });

  test('an item leased by another drain is skipped', async () => {
    const o = outbox([]);
    await o.box.enqueue(event(1));
    const [item] = await o.queue.head(1);
    await o.queue.update(item!.index, { ...item!.value, notBefore: o.clock.now() + LEASE_MS }, item!.revision);
    expect(await o.box.drain(10, 5000)).toEqual({ delivered: 0, failed: 0, refused: 0, deadLettered: 0, skipped: 1 });
  });

  test('a queue that cannot be written makes enqueue throw (the caller answers 500)', async () => {
    const o = outbox([]);
    o.queue.failures.push(new StoreError(true, 20500));
    await expect(o.box.enqueue(event(1))).rejects.toBeInstanceOf(StoreError);
  });
});
