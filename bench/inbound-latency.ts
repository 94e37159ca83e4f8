/**
 * Latency of POST /sms/inbound through a real twilio-run server versus a bare
 * protected Function served by the same server in the same run, requests interleaved so both see
 * the same machine load. Reports p50/p99 and their ratios (target: inbound/bare <= 1.10).
 * Loopback only; a bounded number of requests; not a test (no thresholds enforced).
 *   npm run bench -- --only inbound [--n 150] [--warmup 10]
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildProject } from '../scripts/build';
import { localEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../test/helpers/env';
import { postForm } from '../test/helpers/signed-post';
import { startTwilioRun, writeEnvFile } from '../test/helpers/twilio-run-server';
import { record, round, say } from './report';
import { summarize, type Summary } from './stats';

const ROOT = join(__dirname, '..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isInteger(v) && v > 0 && v <= 5000 ? v : fallback;
}

/** Keyword and non-keyword traffic: STOP/START write the ledger, HELP and plain text do not. */
const BODIES = ['STOP', 'START', 'HELP', 'see you then'];

export async function benchInboundLatency(): Promise<void> {
  const n = flag('n', 150);
  const warmup = flag('warmup', 10);
  // Inside the project: the bundled Functions resolve their npm dependencies from node_modules.
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.bench', 'run-'));
  try {
    await buildProject({ root: ROOT });
    cpSync(join(ROOT, 'dist', 'functions'), join(work, 'functions'), { recursive: true });
    // The private assets too (the clinic config STOP's effects load): without them every STOP answered 500.
    cpSync(join(ROOT, 'dist', 'assets'), join(work, 'assets'), { recursive: true });
    await build({
      entryPoints: [join(__dirname, 'functions', 'bare.protected.ts')],
      outdir: join(work, 'functions', 'bench'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'warning',
    });
    const env = localEnv(join(work, 'ledger'));
    const server = await startTwilioRun({
      envFile: writeEnvFile(join(work, '.env'), env),
      // twilio-run joins these to its cwd, so they must be relative.
      functionsFolder: relative(ROOT, join(work, 'functions')),
      assetsFolder: relative(ROOT, join(work, 'assets')),
    });
    const bare: number[] = [];
    const inbound: number[] = [];
    const byBody = new Map<string, number[]>();
    try {
      let i = 0;
      const one = async (path: string, body: string): Promise<number> => {
        const params = {
          AccountSid: TEST_ACCOUNT_SID,
          MessageSid: `SM${(++i).toString(16).padStart(32, '0')}`,
          From: `+1555555${(1000 + (i % 50)).toString()}`,
          To: '+15555550100',
          Body: body,
        };
        const start = process.hrtime.bigint();
        const res = await postForm(`${server.origin}${path}`, params, { authToken: TEST_AUTH_TOKEN });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (res.status !== 200) throw new Error(`unexpected status ${res.status} from ${path}`);
        return ms;
      };
      for (let k = 0; k < warmup + n; k += 1) {
        const body = BODIES[k % BODIES.length] as string;
        // Alternate which goes first so neither always benefits from a warm cache.
        const order = k % 2 === 0 ? ['/bench/bare', '/sms/inbound'] : ['/sms/inbound', '/bench/bare'];
        for (const path of order) {
          const ms = await one(path, body);
          if (k < warmup) continue;
          if (path === '/bench/bare') bare.push(ms);
          else {
            inbound.push(ms);
            byBody.set(body, [...(byBody.get(body) ?? []), ms]);
          }
        }
      }
    } finally {
      await server.stop();
    }
    report(summarize(bare), summarize(inbound), byBody);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function report(bare: Summary, inbound: Summary, byBody: Map<string, number[]>): void {
  const f = (x: number): string => x.toFixed(1).padStart(8);
  say(`twilio-run, ${bare.n} requests each, interleaved (ms)`);
  say('                    p50      p99     mean');
  say(`bare protected  ${f(bare.p50)} ${f(bare.p99)} ${f(bare.mean)}`);
  say(`/sms/inbound    ${f(inbound.p50)} ${f(inbound.p99)} ${f(inbound.mean)}`);
  for (const [body, samples] of byBody) {
    const s = summarize(samples);
    say(`  body ${JSON.stringify(body).padEnd(14)}${f(s.p50)} ${f(s.p99)} ${f(s.mean)}`);
  }
  const r50 = inbound.p50 / bare.p50;
  const r99 = inbound.p99 / bare.p99;
  record('inbound', { bareP50Ms: round(bare.p50), inboundP50Ms: round(inbound.p50), p50Ratio: round(r50), p99Ratio: round(r99) });
  say(
    `ratio inbound/bare: p50 ${r50.toFixed(3)}x, p99 ${r99.toFixed(3)}x (target <= 1.10x: ${r50 <= 1.1 && r99 <= 1.1 ? 'met' : 'NOT met'})`,
  );
}
