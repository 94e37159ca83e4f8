/**
 * POST /studio/reply: a Studio-matched reminder answer goes into the outbox (the same event the
 * Functions path builds) and is delivered; the event id is the reply's MessageSid, or CallSid plus
 * the digit for voice; input is schema-locked and nothing is echoed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/runtime/core/log';
import type { ClinicEvent } from '../../src/runtime/events/event';
import { EventOutbox, type OutboxEntry } from '../../src/runtime/events/outbox';
import { StoreError } from '../../src/runtime/state/kv';
import { recordStudioReply, studioReplySpec, type StudioReplyParams } from '../../src/runtime/studio/reply-spec';
import { CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { startEventsEndpoint, type EventsEndpoint } from '../helpers/events-endpoint';
import { MemoryQueue } from '../helpers/memory-state';
import { json, specHarness } from './webhook-harness';

const AT = Date.parse('2026-11-23T15:00:00Z');
const SMS = `SM${'d'.repeat(32)}`;
const CALL = `CA${'e'.repeat(32)}`;

function world(deliverOk = true) {
  const queue = new MemoryQueue<OutboxEntry>();
  const delivered: ClinicEvent[] = [];
  const lines: string[] = [];
  const log = createLogger((level, line) => lines.push(`${level} ${line}`));
  const outbox = new EventOutbox(
    queue,
    async (event) => {
      if (!deliverOk) return { ok: false, status: 503 };
      delivered.push(event);
      return { ok: true, status: 204 };
    },
    log,
    () => AT,
  );
  const deps = { outbox, log, now: () => AT, drainBudgetMs: 1000 };
  return { queue, delivered, lines, deps };
}

const sms = (extra: Partial<StudioReplyParams> = {}): StudioReplyParams => ({
  appointmentRef: 'apt_studio_0001',
  action: 'confirm',
  channel: 'sms',
  MessageSid: SMS,
  ...extra,
});

describe('recordStudioReply', () => {
  test('sms: the event the Functions path would send, keyed by the reply MessageSid, delivered at once', async () => {
    const w = world();
    const res = await recordStudioReply(sms(), w.deps);
    expect(res).toEqual({ status: 200, contentType: 'application/json', body: '{"recorded":true}' });
    expect(w.delivered).toEqual([
      {
        eventId: SMS,
        type: 'appointment.reply',
        appointmentRef: 'apt_studio_0001',
        action: 'confirm',
        channel: 'sms',
        messageSid: SMS,
        receivedAt: '2026-11-23T15:00:00.000Z',
      },
    ]);
    expect(w.queue.items.size).toBe(0);
  });

  test("voice: CallSid plus the action's key, as the Functions IVR", async () => {
    const w = world();
    await recordStudioReply({ appointmentRef: 'apt_studio_0002', action: 'reschedule', channel: 'voice', CallSid: CALL }, w.deps);
    expect(w.delivered).toEqual([expect.objectContaining({ eventId: `${CALL}-2`, callSid: CALL, channel: 'voice', action: 'reschedule' })]);
    expect(w.delivered[0]).not.toHaveProperty('messageSid');
  });

  test('clinic endpoint down: still recorded (the event waits in the outbox for the next drain)', async () => {
    const w = world(false);
    expect(json(await recordStudioReply(sms({ action: 'cancel' }), w.deps))).toEqual({ recorded: true });
    expect([...w.queue.items.values()].map((i) => i.value.event)).toEqual([expect.objectContaining({ action: 'cancel', eventId: SMS })]);
  });

  test("the outbox cannot be written: the error propagates (503 from the wrapper: the flow's fail branch)", async () => {
    const w = world();
    w.queue.failures.push(new StoreError(true, 503));
    await expect(recordStudioReply(sms(), w.deps)).rejects.toBeInstanceOf(StoreError);
    expect(w.delivered).toEqual([]);
  });

  test('no CLINIC_EVENTS_URL: 500, nothing recorded', async () => {
    const w = world();
    const res = await recordStudioReply(sms(), { ...w.deps, outbox: null });
    expect(res.status).toBe(500);
    expect(w.lines).toEqual(['error {"event":"studio_reply.config_incomplete","status":"config_error"}']);
  });

  test('logs: action, channel and SID only', async () => {
    const w = world();
    await recordStudioReply(sms(), w.deps);
    expect(w.lines[0]).toBe(`info {"event":"studio_reply.recorded","action":"confirm","channel":"sms","messageSid":"${SMS}"}`);
  });
});

describe('POST /studio/reply through the webhook wrapper (local profile)', () => {
  const SECRET = 'v'.repeat(40);
  let dir: string;
  let endpoint: EventsEndpoint;
  beforeAll(async () => {
    endpoint = await startEventsEndpoint(SECRET);
  });
  afterAll(async () => endpoint.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'studio-reply-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const harness = () =>
    specHarness(studioReplySpec(), '/studio/reply', dir, { CLINIC_EVENTS_URL: endpoint.url, CLINIC_EVENTS_SECRET: SECRET });
  const form = (extra: Record<string, string> = {}): Record<string, string> => ({
    appointmentRef: 'apt_studio_0003',
    action: 'confirm',
    channel: 'sms',
    MessageSid: SMS,
    ...extra,
  });

  test('a signed call delivers one signed event to the clinic and answers {"recorded":true}', async () => {
    const before = endpoint.events.length;
    const res = await harness().call(form());
    expect(json(res)).toEqual({ recorded: true });
    expect(endpoint.events.slice(before)).toEqual([
      expect.objectContaining({ appointmentRef: 'apt_studio_0003', action: 'confirm', eventId: SMS }),
    ]);
  });

  test('bad input is a 400 naming the field, never its value: a name as the reference, a missing or wrong SID, extra fields', async () => {
    const h = harness();
    const cases: [Record<string, string>, unknown][] = [
      [form({ appointmentRef: CANARY_NAME }), { error: 'invalid_request', fields: ['appointmentRef'] }],
      [form({ action: 'maybe' }), { error: 'invalid_request', fields: ['action'] }],
      [
        { appointmentRef: 'apt_studio_0003', action: 'confirm', channel: 'sms' },
        { error: 'invalid_request', fields: ['MessageSid'] },
      ],
      [form({ MessageSid: CANARY_PHONE }), { error: 'invalid_request', fields: ['MessageSid'] }],
      [form({ channel: 'voice' }), { error: 'invalid_request', fields: ['CallSid'] }],
      [form({ patientPhone: CANARY_PHONE }), { error: 'invalid_request', fields: [], unknownFields: true }],
    ];
    for (const [p, expected] of cases) {
      const res = await h.call(p);
      expect({ status: res.status, body: json(res) }).toEqual({ status: 400, body: expected });
      expect(findCanary(res.body)).toBeUndefined();
    }
    expect(findCanary(h.lines.join('\n'))).toBeUndefined();
  });

  test('no clinic endpoint configured: 500', async () => {
    const h = specHarness(studioReplySpec(), '/studio/reply', dir);
    expect((await h.call(form())).status).toBe(500);
  });
});
