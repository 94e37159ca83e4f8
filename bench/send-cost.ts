/**
 * Cost of one reminder send, in process (test/helpers/inprocess-runtime.ts: the built /reminders/send handler as the
 * runtime calls it, no twilio-run), with a fixed latency on every fake Twilio API request: Twilio
 * requests per send (immediate and scheduled; the cold container's one identity read apart) and
 * p50/p99 against a floor client in the same run that makes exactly the floor's three calls in
 * sequence (ledger item read, send-once claim as a create-if-absent item, messages.create).
 * Requests alternate between the two so both see the same load. Every send must answer 202 and the
 * fake must record exactly one create per send, else the bench fails. Loopback only; not a test.
 *   npm run bench -- --only send [--n 40] [--latency 50]
 */
import type { Twilio } from 'twilio';
import { fakeTwilioClient } from '../test/fake-twilio';
import { flag } from './function-build';
import { BENCH_MG, startBenchWorld, usNumbers } from '../test/helpers/inprocess-world';
import { quietly } from './pool';
import { record, round, say } from './report';
import { summarize } from './stats';

const inTwoDays = (): string => new Date(Date.now() + 48 * 3_600_000).toISOString();
const tomorrow = (): string => new Date(Date.now() + 24 * 3_600_000).toISOString();

export async function benchSendCost(): Promise<void> {
  const n = flag('n', 40, 1000);
  const latency = flag('latency', 50, 500);
  const world = await startBenchWorld();
  const { fake, runtime } = world;
  try {
    const numbers = usNumbers('312', 0, 2 * n + 2);
    const floorNumbers = usNumbers('646', 0, n);
    const client = fakeTwilioClient(fake);
    const serviceSid = world.env.SYNC_SERVICE_SID as string;
    const problems: string[] = [];
    const send = async (to: string, ref: string, sendAt?: string): Promise<{ ms: number; sync: number; api: number }> => {
      runtime.tally.reset();
      const started = process.hrtime.bigint();
      const res = await runtime.invoke('reminders/send', {
        to,
        appointmentAt: inTwoDays(),
        templateId: 'appointment-reminder',
        locationId: 'main-street',
        appointmentRef: ref,
        ...(sendAt ? { sendAt } : {}),
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 202) problems.push(`send answered ${res.status}`);
      return { ms, sync: runtime.tally.get('sync'), api: runtime.tally.get('api') };
    };
    const floor = async (to: string, i: number): Promise<number> => {
      const map = client.sync.v1.services(serviceSid).syncMaps;
      const started = process.hrtime.bigint();
      await map('optout-ledger-0')
        .syncMapItems(`floor${i}`)
        .fetch()
        .catch((err: { status?: number }) => {
          if (err.status !== 404) throw err;
        });
      await map('floor-claims').syncMapItems.create({ key: `claim${i}`, data: { state: 'sending' } });
      await client.messages.create({ to, messagingServiceSid: BENCH_MG, body: 'Example Clinic: benchmark message' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const { value: figures } = await quietly(async () => {
      // Cold container: the first send also reads the ledger's identity and the state layout (not counted below).
      const cold = await send(numbers[0] as string, 'bench_cold');
      // Warm: the container has seen every ledger shard map (a ledger read that finds no item checks its map once per 60 s).
      for (const [i, to] of usNumbers('702', 0, 24).entries()) await send(to, `bench_warm_${i.toString().padStart(4, '0')}`);
      await map0(client, serviceSid);
      fake.faults.latencyMs = latency;
      const sends: Array<{ ms: number; sync: number; api: number }> = [];
      const floors: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const order = i % 2 === 0;
        if (order) floors.push(await floor(floorNumbers[i] as string, i));
        sends.push(await send(numbers[i + 1] as string, `bench_${i.toString().padStart(6, '0')}`));
        if (!order) floors.push(await floor(floorNumbers[i] as string, i));
      }
      const scheduled = await send(numbers[n + 1] as string, 'bench_scheduled', tomorrow());
      const retry = await send(numbers[1] as string, 'bench_000000');
      fake.faults.reset();
      return { cold, sends, floors, scheduled, retry };
    });
    const perSend = figures.sends.map((s) => s.sync + s.api);
    const requests = Math.max(...perSend);
    const s = summarize(figures.sends.map((x) => x.ms));
    const f = summarize(figures.floors);
    const creates = fake.messages.requests().filter((r) => r.MessagingServiceSid === BENCH_MG).length;
    const expected = n + 2 + 24 + n; // sends (cold + n + scheduled + 24 warm-up), floors (n); the retry is a duplicate
    if (creates !== expected) problems.push(`fake recorded ${creates} creates, expected ${expected}`);
    if (Math.min(...perSend) !== requests) problems.push(`requests per send varied: ${Math.min(...perSend)}..${requests}`);
    if (fake.violations.length > 0) problems.push(`${fake.violations.length} fake Twilio schema violations`);
    if (problems.length > 0) throw new Error(`send bench failed:\n  ${[...new Set(problems)].join('\n  ')}`);
    const fmt = (x: number): string => x.toFixed(1).padStart(8);
    say(`reminder send in process, ${n} sends and ${n} floor calls interleaved, ${latency} ms on every fake Twilio request (ms)`);
    say('                         p50      p99   Twilio requests');
    say(
      `  /reminders/send   ${fmt(s.p50)} ${fmt(s.p99)}   ${requests} (Sync ${figures.sends[0]?.sync}, Messages ${figures.sends[0]?.api})`,
    );
    say(`  floor (3 calls)   ${fmt(f.p50)} ${fmt(f.p99)}   3`);
    say(
      `  scheduled send: ${figures.scheduled.sync + figures.scheduled.api} requests; a retried send (duplicate): ${figures.retry.sync + figures.retry.api}; cold container first send: ${figures.cold.sync + figures.cold.api}`,
    );
    say(`  ratio p50 ${(s.p50 / f.p50).toFixed(2)}x, p99 ${(s.p99 / f.p99).toFixed(2)}x the floor (target: <= 4 requests, p50 <= 1.3x)`);
    record('send', {
      latencyMs: latency,
      n,
      requestsPerSend: requests,
      syncPerSend: figures.sends[0]?.sync,
      requestsScheduled: figures.scheduled.sync + figures.scheduled.api,
      requestsDuplicate: figures.retry.sync + figures.retry.api,
      requestsColdFirstSend: figures.cold.sync + figures.cold.api,
      p50Ms: round(s.p50),
      p99Ms: round(s.p99),
      floorP50Ms: round(f.p50),
      floorP99Ms: round(f.p99),
      p50Ratio: round(s.p50 / f.p50),
      p99Ratio: round(s.p99 / f.p99),
    });
  } finally {
    await world.close();
  }
}

/** Creates the floor client's claim map before timing (a deployed one exists already). */
async function map0(client: Twilio, serviceSid: string): Promise<void> {
  await client.sync.v1.services(serviceSid).syncMaps.create({ uniqueName: 'floor-claims' });
}
