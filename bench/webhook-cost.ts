/**
 * What POST /sms/inbound costs per path, in process (test/helpers/inprocess-runtime.ts: the built handler as the runtime
 * calls it, no twilio-run fork), with a fixed latency on every fake Twilio (Sync) request: p50/p99
 * per path (STOP, START, HELP, plain text, a reply to an open reminder), the Sync round trips each
 * makes, and the ratio to a bare handler plus those round trips at that latency, measured in the
 * same run, requests interleaved. Every answer must be 200 and the round trips of a path the same
 * every time, else the bench fails. Loopback only; not a test.
 *   npm run bench -- --only webhook [--n 40] [--latency 20]
 */
import { fakeTwilioClient } from '../test/fake-twilio';
import { flag } from './function-build';
import { startBenchWorld, usNumbers } from '../test/helpers/inprocess-world';
import { quietly } from './pool';
import { record, round, say } from './report';
import { summarize } from './stats';

type Handler = (context: object, event: object, callback: (err: unknown, res?: unknown) => void) => unknown;

/** The bare baseline: answers an empty <Response/> and does nothing else. */
const bare: Handler = (_context, _event, callback) => {
  callback(null, new Twilio.twiml.MessagingResponse());
};

export const PATHS = ['STOP', 'START', 'HELP', 'plain text', 'reply to open reminder'] as const;
export type PathName = (typeof PATHS)[number];

export async function benchWebhookCost(): Promise<void> {
  const n = flag('n', 40, 1000);
  const latency = flag('latency', 20, 500);
  const world = await startBenchWorld();
  const { fake, runtime } = world;
  try {
    const numbers = usNumbers('415', 0, 4 * n + 8);
    let sid = 0;
    const inbound = (from: string, body: string): Record<string, string> => ({
      AccountSid: fake.accountSid,
      MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
      From: from,
      To: '+15555550100',
      Body: body,
      MessagingServiceSid: world.env.MESSAGING_SERVICE_SID as string,
    });
    const problems: string[] = [];
    const timed = async (
      route: string,
      params: Record<string, string>,
      handler?: Handler,
    ): Promise<{ ms: number; sync: number; total: number }> => {
      runtime.tally.reset();
      const started = process.hrtime.bigint();
      const res = await runtime.invoke(route, params, handler);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200) problems.push(`${route} answered ${res.status}`);
      return { ms, sync: runtime.tally.get('sync'), total: runtime.tally.total() };
    };
    const remind = async (to: string, i: number): Promise<void> => {
      const res = await runtime.invoke('reminders/send', {
        to,
        appointmentAt: new Date(Date.now() + 48 * 3_600_000).toISOString(),
        templateId: 'appointment-reminder',
        locationId: 'main-street',
        appointmentRef: `bench_reply_${i.toString().padStart(6, '0')}`,
      });
      if (res.status !== 202) problems.push(`setup reminder answered ${res.status}`);
    };
    // One Sync round trip as the SDK makes it (a map item read through the same fake and latency): the unavoidable cost per trip.
    const client = fakeTwilioClient(fake);
    const serviceSid = world.env.SYNC_SERVICE_SID as string;
    const rawTrip = async (): Promise<{ ms: number; sync: number; total: number }> => {
      const started = process.hrtime.bigint();
      await client.sync.v1
        .services(serviceSid)
        .syncMaps('optout-ledger-0')
        .syncMapItems('absent')
        .fetch()
        .catch((err: { status?: number }) => {
          if (err.status !== 404) throw err;
        });
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, sync: 1, total: 1 };
    };
    const { value: runs } = await quietly(async () => {
      // Warm the container (identity verified, maps created) before anything is measured.
      const warm = usNumbers('206', 0, 3) as [string, string, string];
      // Every ledger shard map exists in a deployed service: write one record into each first.
      for (const w of usNumbers('702', 0, 24)) {
        await timed('sms/inbound', inbound(w, 'START'));
        await remind(w, 900_000 + sid);
      }
      await remind(warm[0] as string, 999_999);
      await timed('sms/inbound', inbound(warm[1] as string, 'STOP'));
      await timed('sms/inbound', inbound(warm[1] as string, 'START'));
      await timed('sms/inbound', inbound(warm[0] as string, '1'));
      await timed('sms/inbound', inbound(warm[2] as string, 'hello'), bare);
      const out = new Map<PathName | 'bare' | 'trip', Array<{ ms: number; sync: number; total: number }>>();
      const add = (k: PathName | 'bare' | 'trip', v: { ms: number; sync: number; total: number }): void => {
        out.set(k, [...(out.get(k) ?? []), v]);
      };
      for (let i = 0; i < n; i += 1) {
        const [a, b, c, d] = numbers.slice(4 * i, 4 * i + 4) as [string, string, string, string];
        await remind(d, i);
        fake.faults.latencyMs = latency;
        add('bare', await timed('sms/inbound', inbound(a, 'hello'), bare));
        add('trip', await rawTrip());
        add('STOP', await timed('sms/inbound', inbound(a, 'STOP')));
        add('START', await timed('sms/inbound', inbound(a, 'START')));
        add('HELP', await timed('sms/inbound', inbound(b, 'HELP')));
        add('plain text', await timed('sms/inbound', inbound(c, 'see you then')));
        add('reply to open reminder', await timed('sms/inbound', inbound(d, '1')));
        fake.faults.reset();
      }
      return out;
    });
    if (fake.violations.length > 0) problems.push(`${fake.violations.length} fake Twilio schema violations`);
    const bareS = summarize((runs.get('bare') ?? []).map((r) => r.ms));
    const tripS = summarize((runs.get('trip') ?? []).map((r) => r.ms));
    const fmt = (x: number): string => x.toFixed(1).padStart(8);
    say(`/sms/inbound in process, ${n} requests per path interleaved, ${latency} ms on every fake Twilio request (ms)`);
    say(
      '                            p50      p99   Sync round trips   p50 vs bare + trips x latency   vs bare + trips x one measured trip',
    );
    say(`  bare handler         ${fmt(bareS.p50)} ${fmt(bareS.p99)}`);
    say(`  one Sync round trip  ${fmt(tripS.p50)} ${fmt(tripS.p99)}        1   (the SDK's own read through the fake)`);
    const byPath: Record<string, unknown> = {};
    for (const path of PATHS) {
      const samples = runs.get(path) ?? [];
      const trips = new Set(samples.map((r) => r.total));
      if (trips.size !== 1) problems.push(`${path}: Twilio requests varied (${[...trips].join(', ')})`);
      const syncTrips = samples[0]?.sync ?? 0;
      const s = summarize(samples.map((r) => r.ms));
      const ratio = s.p50 / (bareS.p50 + syncTrips * latency);
      const measured = s.p50 / (bareS.p50 + syncTrips * tripS.p50);
      say(
        `  ${path.padEnd(22)} ${fmt(s.p50)} ${fmt(s.p99)}   ${String(syncTrips).padStart(8)}           ${ratio.toFixed(2)}x                          ${measured.toFixed(2)}x`,
      );
      byPath[path] = {
        p50Ms: round(s.p50),
        p99Ms: round(s.p99),
        syncRoundTrips: syncTrips,
        p50VsBarePlusTrips: round(ratio),
        p50VsBarePlusMeasuredTrips: round(measured),
      };
    }
    if (problems.length > 0) throw new Error(`webhook bench failed:\n  ${[...new Set(problems)].join('\n  ')}`);
    say('  (target: p50 <= 1.10x the bare handler plus the round trips; plain text and the reply read the ledger and the record together)');
    record('webhook', {
      latencyMs: latency,
      n,
      bareP50Ms: round(bareS.p50),
      bareP99Ms: round(bareS.p99),
      syncTripP50Ms: round(tripS.p50),
      paths: byPath,
    });
  } finally {
    await world.close();
  }
}
