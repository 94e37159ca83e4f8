/**
 * Preflight at scale (part of `npm run bench`, or alone: `npm run bench -- --only preflight`):
 * the real preflight CLI (every rule, --subaccounts, default concurrency), bundled to plain
 * JavaScript and run with `node` in its own process as users run it (scale/preflight-child.ts),
 * against a fake Twilio API in a third process holding 20 subaccounts, 10,000 numbers, 200
 * Messaging Services, 100 flows and 5 x 100 functions, with 100 ms latency on every request.
 * Reports wall time against the request-DAG floor at the configured concurrency (target <= 1.25x),
 * against sequential paging, and the preflight process's peak RSS (target <= 160 MB).
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bundleCreateRequireLoads } from '../scripts/build-plugin';
import { DEFAULT_CONCURRENCY } from '../src/tooling/preflight/api/twilio-api';
import { record, round, say } from './report';
import { SHAPE } from './scale/world';

const ROOT = join(__dirname, '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);

interface WorldInfo {
  origin: string;
  accountSid: string;
  authToken: string;
}

async function startWorld(): Promise<{ info: WorldInfo; stop: () => Promise<{ requests: number; violations: number; cpuMs: number }> }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'scale', 'world.ts'), String(LATENCY_MS)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const info = JSON.parse(String(first.value)) as WorldInfo;
  return {
    info,
    stop: async () => {
      child.stdin.end();
      const last = await iterator.next();
      return JSON.parse(String(last.value)) as { requests: number; violations: number; cpuMs: number };
    },
  };
}

/** Bundles preflight-child.ts to plain JavaScript (twilio external, as in the plugin) under .bench/. */
async function bundleChild(): Promise<{ file: string; cleanup: () => void }> {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.bench', 'preflight-'));
  const file = join(dir, 'preflight-child.js');
  await build({
    entryPoints: [join(__dirname, 'scale', 'preflight-child.ts')],
    outfile: file,
    // twilio-run stays a runtime require.resolve (src/runtime/core/env-parse.ts), as in the project's own bundles.
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['twilio', 'twilio-run'],
    logLevel: 'warning',
    plugins: [bundleCreateRequireLoads],
  });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the bundled preflight with `node` (no tsx) against the world; its own JSON line. */
async function runChild(file: string, info: WorldInfo): Promise<ChildResult> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_PREFLIGHT_NODE_FLAGS ?? '').split(' ').filter(Boolean), file, info.origin, info.accountSid, info.authToken],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`preflight child failed (exit ${code}): ${err.trim().split('\n')[0] ?? ''}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult;
}

interface ChildResult {
  wallMs: number;
  requests: number;
  /** The preflight process's CPU time (user + system) while it ran. */
  cpuMs: number;
  busyMs: number;
  peakRssMb: number;
  /** V8 heap in use when the preflight finished (live records plus garbage not yet collected). */
  heapMb: number;
  exitCode: number;
  summary: { total: number; pass: number; fail: number; warn: number; unknown: number } | null;
  notPass: Record<string, number>;
  stderr: string;
}

export async function benchPreflightScale(): Promise<void> {
  const child = await bundleChild();
  const world = await startWorld();
  try {
    const r = await runChild(child.file, world.info);
    const fake = await world.stop();
    const n = r.requests;
    const floorMs = Math.ceil(n / DEFAULT_CONCURRENCY) * LATENCY_MS;
    const sequentialMs = n * LATENCY_MS;
    const s = r.summary;
    say(
      `preflight at scale (bundled JavaScript under node, its own process): ${SHAPE.subaccounts} subaccounts, ${SHAPE.numbers} numbers, ${SHAPE.messagingServices} messaging services, ${SHAPE.flows} flows, ${SHAPE.serverlessServices}x${SHAPE.functionsPerService} functions, ${LATENCY_MS} ms latency`,
    );
    say(
      `  findings: ${s?.total ?? 0} (${s?.pass ?? 0} pass, ${s?.fail ?? 0} fail, ${s?.warn ?? 0} warn, ${s?.unknown ?? 0} unknown), exit ${r.exitCode}; fake saw ${fake.requests} requests, ${fake.violations} schema violations`,
    );
    say(
      `  API requests: ${n} at concurrency ${DEFAULT_CONCURRENCY}; mean request time ${(r.busyMs / n).toFixed(0)} ms; mean in flight ${(r.busyMs / r.wallMs).toFixed(1)}`,
    );
    // The same DAG at the request time the client actually saw (the fake world's own CPU and the machine's load included).
    const meanRequestMs = r.busyMs / n;
    const floorMeasuredMs = Math.ceil(n / DEFAULT_CONCURRENCY) * meanRequestMs;
    say(
      `  wall ${(r.wallMs / 1000).toFixed(2)} s; request-DAG floor ${(floorMs / 1000).toFixed(2)} s -> ${(r.wallMs / floorMs).toFixed(2)}x (target <= 1.25x); at the measured mean request time ${(floorMeasuredMs / 1000).toFixed(2)} s -> ${(r.wallMs / floorMeasuredMs).toFixed(2)}x`,
    );
    say(
      `  CPU: preflight ${(r.cpuMs / 1000).toFixed(1)} s, fake world ${(fake.cpuMs / 1000).toFixed(1)} s of ${(r.wallMs / 1000).toFixed(1)} s wall (2 processes sharing the machine)`,
    );
    say(`  sequential paging ${(sequentialMs / 1000).toFixed(1)} s -> ${(sequentialMs / r.wallMs).toFixed(1)}x faster`);
    say(`  peak RSS ${r.peakRssMb.toFixed(0)} MB (target <= 160 MB); heap in use at the end ${r.heapMb.toFixed(0)} MB`);
    const notPass = Object.entries(r.notPass);
    if (notPass.length > 0) say(`  not passing: ${notPass.map(([k, v]) => `${k} x${v}`).join(', ')}`);
    if (r.stderr) say(`  stderr: ${r.stderr}`);
    record('preflight', {
      latencyMs: LATENCY_MS,
      requests: n,
      concurrency: DEFAULT_CONCURRENCY,
      wallSeconds: round(r.wallMs / 1000, 2),
      floorSeconds: round(floorMs / 1000, 2),
      floorRatio: round(r.wallMs / floorMs),
      meanRequestMs: round(meanRequestMs, 1),
      floorRatioAtMeasuredRequestTime: round(r.wallMs / floorMeasuredMs),
      sequentialSpeedup: round(sequentialMs / r.wallMs, 1),
      preflightCpuSeconds: round(r.cpuMs / 1000, 2),
      worldCpuSeconds: round(fake.cpuMs / 1000, 2),
      peakRssMb: round(r.peakRssMb, 1),
      heapMb: round(r.heapMb, 1),
      findings: s,
      exitCode: r.exitCode,
    });
    if (fake.violations > 0) throw new Error(`preflight bench failed: ${fake.violations} fake Twilio schema violations`);
  } finally {
    child.cleanup();
  }
}

if (require.main === module) {
  benchPreflightScale().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : 'bench failed'}\n`);
    process.exit(1);
  });
}
