/**
 * Twilio API requests per path, counted (never timed) with the built Functions invoked in process
 * as the runtime invokes them (test/helpers/inprocess-runtime.ts) against the fake Twilio API. These
 * are the figures docs/benchmarks.md and README state; a change that adds a round trip fails here.
 * Warm container: the ledger's identity and the state layout are verified, every map exists and has
 * been seen by the container before counting (a cold container adds those reads).
 */
import { usNumbers, startBenchWorld, type BenchWorld } from '../helpers/inprocess-world';

let world: BenchWorld;
let sid = 0;

const inbound = (from: string, body: string): Record<string, string> => ({
  AccountSid: world.fake.accountSid,
  MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
  From: from,
  To: '+15555550100',
  Body: body,
  MessagingServiceSid: world.env.MESSAGING_SERVICE_SID as string,
});

const reminder = (to: string, ref: string, sendAt?: string): Record<string, string> => ({
  to,
  appointmentAt: new Date(Date.now() + 48 * 3_600_000).toISOString(),
  templateId: 'appointment-reminder',
  locationId: 'main-street',
  appointmentRef: ref,
  ...(sendAt ? { sendAt } : {}),
});

/** Invokes `route` and returns the requests it made by product (`sync`, `api`) and the status. */
async function counted(route: string, params: Record<string, string>): Promise<{ status: number; sync: number; messages: number }> {
  world.runtime.tally.reset();
  const res = await world.runtime.invoke(route, params);
  return { status: res.status, sync: world.runtime.tally.get('sync'), messages: world.runtime.tally.get('api') };
}

const numbers = usNumbers('415', 0, 40);
const next = (): string => numbers.shift() as string;

beforeAll(async () => {
  world = await startBenchWorld();
  // A deployed service's maps and lists exist: write into every ledger shard, the state map, the queues.
  // Each Function's container has then also seen every ledger shard map (a read that finds no item checks its map once per 60 s).
  const fresh = usNumbers('808', 0, 24);
  for (const [i, n] of usNumbers('702', 0, 24).entries()) {
    expect((await counted('sms/inbound', inbound(n, 'START'))).status).toBe(200);
    expect((await counted('reminders/send', reminder(fresh[i] as string, `warm_${i.toString().padStart(6, '0')}_x`))).status).toBe(202);
  }
  const warm = usNumbers('206', 0, 2) as [string, string];
  expect((await counted('reminders/send', reminder(warm[0], 'warm_000000'))).status).toBe(202);
  expect((await counted('sms/inbound', inbound(warm[0], '1'))).status).toBe(200);
  expect((await counted('sms/inbound', inbound(warm[1], 'STOP'))).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

afterEach(() => {
  expect(world.fake.violations).toEqual([]);
});

describe('Twilio requests per reminder send', () => {
  test('an immediate send: ledger and record read together, one claim write, messages.create, one SID write (5)', async () => {
    const to = next();
    expect(await counted('reminders/send', reminder(to, 'apt_count_0001'))).toEqual({ status: 202, sync: 4, messages: 1 });
  });

  test('a retried send is answered from the record: 2 reads, nothing sent', async () => {
    const to = next();
    await counted('reminders/send', reminder(to, 'apt_count_0002'));
    expect(await counted('reminders/send', reminder(to, 'apt_count_0002'))).toEqual({ status: 202, sync: 2, messages: 0 });
  });

  test('a scheduled send adds the ledger re-check after the SID is recorded (6)', async () => {
    const to = next();
    const sendAt = new Date(Date.now() + 24 * 3_600_000).toISOString();
    expect(await counted('reminders/send', reminder(to, 'apt_count_0003', sendAt))).toEqual({ status: 202, sync: 5, messages: 1 });
  });

  test('a second reminder to the same number (its record exists) costs the same', async () => {
    const to = next();
    await counted('reminders/send', reminder(to, 'apt_count_0004'));
    expect(await counted('reminders/send', reminder(to, 'apt_count_0005'))).toEqual({ status: 202, sync: 4, messages: 1 });
  });
});

describe('Sync round trips per inbound SMS path', () => {
  test('STOP: ledger read and write, the pending read (scheduled reminders to cancel), the consent-job queue head (4)', async () => {
    expect(await counted('sms/inbound', inbound(next(), 'STOP'))).toEqual({ status: 200, sync: 4, messages: 0 });
  });

  test('START after STOP: ledger read and write (2)', async () => {
    const from = next();
    await counted('sms/inbound', inbound(from, 'STOP'));
    expect(await counted('sms/inbound', inbound(from, 'START'))).toEqual({ status: 200, sync: 2, messages: 0 });
  });

  test('HELP: none', async () => {
    expect(await counted('sms/inbound', inbound(next(), 'HELP'))).toEqual({ status: 200, sync: 0, messages: 0 });
  });

  test('plain text, no open reminder: the ledger and the pending record, read together (2)', async () => {
    expect(await counted('sms/inbound', inbound(next(), 'see you then'))).toEqual({ status: 200, sync: 2, messages: 0 });
  });

  test('a reply to an open reminder: 2 reads together, event append, answered write, queue head, lease, remove (7)', async () => {
    const from = next();
    await counted('reminders/send', reminder(from, 'apt_count_0006'));
    expect(await counted('sms/inbound', inbound(from, '1'))).toEqual({ status: 200, sync: 7, messages: 0 });
  });

  test('free text to an open reminder: 2 reads together, the one nudge write (3)', async () => {
    const from = next();
    await counted('reminders/send', reminder(from, 'apt_count_0007'));
    expect(await counted('sms/inbound', inbound(from, 'what time again'))).toEqual({ status: 200, sync: 3, messages: 0 });
  });
});
