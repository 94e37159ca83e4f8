/**
 * The morning rush: `--n` reminders (2,000) through the built /reminders/send handler in process
 * (test/helpers/inprocess-runtime.ts), `--c` (20) at a time, against the fake Twilio API in its own
 * process (scale/sync-world.ts) with a fixed latency on every request and Sync's documented
 * per-object limits enforced (test/fake-twilio/sync-limits.ts: 20 reads/s and 20 writes/s per
 * Map/List with a 10 s burst, 429 / 54009 past them). Our code retries a 429 within its time budget;
 * a send that still answers 503 is retried by the caller (as a clinic scheduler would, up to 3
 * times). Fails unless every reminder ends 202 with exactly one message created per number
 * (0 duplicates, 0 lost). Reports sends/s, the 429s by object and the busiest objects (the
 * bottleneck). Loopback only, bounded, stops by itself; not a test.
 *   npm run bench -- --only bulk [--n 2000] [--c 20] [--latency 50] [--state-shards 16] [--ledger-shards 8]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { syncEnv } from '../test/helpers/env';
import { inProcessRuntime } from '../test/helpers/inprocess-runtime';
import { BENCH_MG, manyUsNumbers } from '../test/helpers/inprocess-world';
import { flag, ROOT } from './function-build';
import { pool, quietly } from './pool';
import { record, round, say } from './report';
import { summarize } from './stats';

const CALLER_RETRIES = 3;

interface WorldFigures {
  refusedReads: number;
  refusedWrites: number;
  byObject: Record<string, number>;
  counted: Record<string, { reads: number; writes: number }>;
  creates: Record<string, number>;
  violations: number;
  cpuMs: number;
}

async function startWorld(latency: number, ledgerShards: number, secret: string) {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(__dirname, 'scale', 'sync-world.ts'),
      String(latency),
      String(ledgerShards),
      secret,
    ],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error('bulk world stopped');
    return JSON.parse(String(line.value)) as T;
  };
  const info = await next<{ origin: string; serviceSid: string }>();
  return {
    info,
    enableLimits: async (): Promise<void> => {
      child.stdin.write('limits\n');
      await next<{ ok: true }>();
    },
    stop: async (): Promise<WorldFigures> => {
      child.stdin.end();
      return next<WorldFigures>();
    },
    kill: (): void => {
      if (child.exitCode === null) child.kill();
    },
  };
}

export async function benchBulk(): Promise<void> {
  const n = flag('n', 2000, 5000);
  const c = flag('c', 20, 100);
  const latency = flag('latency', 50, 500);
  const stateShards = flag('state-shards', 16, 64);
  const ledgerShards = flag('ledger-shards', 8, 64);
  const base = syncEnv(`IS${'0'.repeat(32)}`);
  const world = await startWorld(latency, ledgerShards, base.OPTOUT_HMAC_SECRET as string);
  try {
    const env = syncEnv(world.info.serviceSid, {
      MESSAGING_SERVICE_SID: BENCH_MG,
      // Replies are not part of this bench: the events URL is required, never called.
      CLINIC_EVENTS_URL: 'http://127.0.0.1:9/events',
      CLINIC_EVENTS_SECRET: 'v'.repeat(40),
      STATE_SHARDS: String(stateShards),
      LEDGER_SHARDS: String(ledgerShards),
    });
    const runtime = inProcessRuntime(world.info, env);
    const numbers = manyUsNumbers(n + 1);
    const appointmentAt = new Date(Date.now() + 48 * 3_600_000).toISOString();
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let callerRetries = 0;
    let lost = 0;
    const one = async (to: string, i: number): Promise<void> => {
      const started = process.hrtime.bigint();
      for (let attempt = 0; ; attempt += 1) {
        const res = await runtime.invoke('reminders/send', {
          to,
          appointmentAt,
          templateId: 'appointment-reminder',
          locationId: 'main-street',
          appointmentRef: `bulk_${i.toString().padStart(6, '0')}`,
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 202) break;
        if (res.status !== 503 || attempt >= CALLER_RETRIES) {
          lost += 1;
          break;
        }
        callerRetries += 1;
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    };
    const cpuAtStart = process.cpuUsage();
    const { value: wallMs } = await quietly(async () => {
      // A warm deployment: the ledger identity verified, the maps created (one send, not counted).
      await one(numbers[n] as string, n);
      await world.enableLimits();
      return pool(
        numbers.slice(0, n).map((to, i) => () => one(to, i)),
        c,
      );
    });
    const cpu = process.cpuUsage(cpuAtStart);
    const figures = await world.stop();
    const perNumber = Object.values(figures.creates);
    const duplicates = perNumber.reduce((a, k) => a + Math.max(0, k - 1), 0);
    const missing = numbers.filter((to) => figures.creates[to] === undefined).length;
    const sendsPerSecond = (n / wallMs) * 1000;
    const busiest = Object.entries(figures.counted)
      .map(([object, v]) => ({ object, readsPerS: (v.reads / wallMs) * 1000, writesPerS: (v.writes / wallMs) * 1000 }))
      .sort((a, b) => Math.max(b.readsPerS, b.writesPerS) - Math.max(a.readsPerS, a.writesPerS))
      .slice(0, 3);
    const refusedBy = Object.entries(figures.byObject)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    const s = summarize(latencies);
    say(
      `bulk: ${n} reminders at concurrency ${c}, ${latency} ms per fake request, Sync per-object limits enforced (STATE_SHARDS=${stateShards}, LEDGER_SHARDS=${ledgerShards}); the fake in its own process`,
    );
    say(
      `  ${sendsPerSecond.toFixed(1)} sends/s sustained (${(wallMs / 1000).toFixed(1)} s); per send p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms`,
    );
    say(
      `  Sync 429 (54009): ${figures.refusedReads} reads, ${figures.refusedWrites} writes${refusedBy.length ? ` (most on ${refusedBy.map(([o, k]) => `${o} ${k}`).join(', ')})` : ''}; caller retries after a 503: ${callerRetries}`,
    );
    say(`  duplicates ${duplicates}, lost ${lost + missing}; answers ${[...statuses.entries()].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    say(
      `  busiest objects: ${busiest.map((b) => `${b.object} ${b.readsPerS.toFixed(1)} reads/s, ${b.writesPerS.toFixed(1)} writes/s`).join('; ')}`,
    );
    say(
      `  CPU: Functions ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, fake ${(figures.cpuMs / 1000).toFixed(1)} s of ${(wallMs / 1000).toFixed(1)} s wall`,
    );
    record('bulk', {
      n,
      concurrency: c,
      latencyMs: latency,
      stateShards,
      ledgerShards,
      sendsPerSecond: round(sendsPerSecond, 1),
      wallSeconds: round(wallMs / 1000, 2),
      p50Ms: round(s.p50, 1),
      p99Ms: round(s.p99, 1),
      sync429Reads: figures.refusedReads,
      sync429Writes: figures.refusedWrites,
      callerRetries,
      duplicates,
      lost: lost + missing,
      functionsCpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
      fakeCpuSeconds: round(figures.cpuMs / 1000, 2),
      busiest: busiest.map((b) => ({ object: b.object, readsPerS: round(b.readsPerS, 1), writesPerS: round(b.writesPerS, 1) })),
    });
    const problems: string[] = [];
    if (duplicates > 0) problems.push(`${duplicates} duplicate sends`);
    if (lost + missing > 0) problems.push(`${lost + missing} reminders lost`);
    if (figures.violations > 0) problems.push(`${figures.violations} fake Twilio schema violations`);
    if (problems.length > 0) throw new Error(`bulk bench failed: ${problems.join(', ')}`);
  } finally {
    world.kill();
  }
}
