/**
 * Preflight at scale (part of `npm run bench`, or alone: `npm run bench -- --only preflight`):
 * the real preflight CLI (every rule, --subaccounts, default concurrency) against a fake Twilio API
 * in another process holding 20 subaccounts, 10,000 numbers, 200 Messaging Services, 100 flows and
 * 5 x 100 functions, with 100 ms latency on every request. Reports wall time against the
 * request-DAG floor at the configured concurrency (target <= 1.3x), against sequential paging
 * (every request one after another; target >= 10x faster), and peak RSS (target <= 200 MB).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import twilio from 'twilio';
import { DEFAULT_CONCURRENCY } from '../src/tooling/preflight/api/twilio-api';
import { runPreflightCli } from '../src/tooling/preflight/cli/run';
import { RedirectingRequestClient } from '../test/fake-twilio';
import { compliantConfig } from '../test/preflight/fixtures/config';
import { SHAPE } from './scale/world';

const ROOT = join(__dirname, '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);

interface WorldInfo {
  origin: string;
  accountSid: string;
  authToken: string;
}

class CountingClient extends RedirectingRequestClient {
  static count = 0;
  /** Sum of request durations (ms), for the average concurrency actually achieved. */
  static busyMs = 0;
  override async request<T>(opts: Parameters<RedirectingRequestClient['request']>[0]) {
    CountingClient.count += 1;
    const started = performance.now();
    try {
      return await super.request<T>(opts as never);
    } finally {
      CountingClient.busyMs += performance.now() - started;
    }
  }
}

async function startWorld(): Promise<{ info: WorldInfo; stop: () => Promise<{ requests: number; violations: number }> }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'scale', 'world.ts'), String(LATENCY_MS)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const info = JSON.parse(String(first.value)) as WorldInfo;
  return {
    info,
    stop: async () => {
      child.stdin.end();
      const last = await iterator.next();
      return JSON.parse(String(last.value)) as { requests: number; violations: number };
    },
  };
}

export async function benchPreflightScale(): Promise<void> {
  const project = mkdtempSync(join(tmpdir(), 'preflight-scale-'));
  const world = await startWorld();
  try {
    const config = compliantConfig(world.info.accountSid);
    writeFileSync(join(project, 'hipaa.config.json'), JSON.stringify(config));
    writeFileSync(join(project, '.env.deploy'), 'LEDGER_BACKEND=sync\n');
    mkdirSync(join(project, 'dist', 'functions', 'sms'), { recursive: true });
    mkdirSync(join(project, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(project, 'dist', 'functions', 'sms', 'inbound.protected.js'), 'exports.handler = () => {};\n');
    let stderr = '';
    const started = process.hrtime.bigint();
    const outcome = await runPreflightCli(['--subaccounts', '--format', 'json'], {
      root: project,
      env: { ACCOUNT_SID: world.info.accountSid, AUTH_TOKEN: world.info.authToken },
      makeClient: (u, p, accountSid) => twilio(u, p, { accountSid, httpClient: new CountingClient(world.info.origin) }),
      probeStatus: async (url) => {
        const u = new URL(url);
        const res = await fetch(`${world.info.origin}${u.pathname}`, { method: 'HEAD', redirect: 'manual', headers: { 'x-fake-twilio-host': u.host } });
        return res.status;
      },
      stdout: () => undefined,
      stderr: (t) => { stderr += t; },
      isTTY: false,
      confirm: async () => false,
      toolVersion: 'bench',
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const fake = await world.stop();
    const n = CountingClient.count;
    const floorMs = Math.ceil(n / DEFAULT_CONCURRENCY) * LATENCY_MS;
    const sequentialMs = n * LATENCY_MS;
    const s = outcome.report?.summary;
    console.log(`preflight at scale: ${SHAPE.subaccounts} subaccounts, ${SHAPE.numbers} numbers, ${SHAPE.messagingServices} messaging services, ${SHAPE.flows} flows, ${SHAPE.serverlessServices}x${SHAPE.functionsPerService} functions, ${LATENCY_MS} ms latency`);
    console.log(`  findings: ${s?.total ?? 0} (${s?.pass ?? 0} pass, ${s?.fail ?? 0} fail, ${s?.warn ?? 0} warn, ${s?.unknown ?? 0} unknown), exit ${outcome.exitCode}; fake saw ${fake.requests} requests, ${fake.violations} schema violations`);
    console.log(`  API requests: ${n} at concurrency ${DEFAULT_CONCURRENCY}; mean request time ${(CountingClient.busyMs / n).toFixed(0)} ms; mean in flight ${(CountingClient.busyMs / wallMs).toFixed(1)}`);
    console.log(`  wall ${(wallMs / 1000).toFixed(2)} s; request-DAG floor ${(floorMs / 1000).toFixed(2)} s -> ${(wallMs / floorMs).toFixed(2)}x (target <= 1.3x)`);
    console.log(`  sequential paging ${(sequentialMs / 1000).toFixed(1)} s -> ${(sequentialMs / wallMs).toFixed(1)}x faster (target >= 10x)`);
    console.log(`  peak RSS ${rssMb.toFixed(0)} MB (target <= 200 MB)`);
    const notPass = new Map<string, number>();
    for (const r of outcome.report?.results ?? []) if (r.status !== 'pass' && r.status !== 'skip') notPass.set(`${r.status} ${r.id}`, (notPass.get(`${r.status} ${r.id}`) ?? 0) + 1);
    if (notPass.size > 0) console.log(`  not passing: ${[...notPass].map(([k, v]) => `${k} x${v}`).join(', ')}`);
    if (stderr.trim()) console.log(`  stderr: ${stderr.trim().split('\n')[0]}`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchPreflightScale().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : 'bench failed');
    process.exit(1);
  });
}
