/**
 * The preflight as users run it, for the at-scale bench: bundled to plain JavaScript (no tsx) by
 * preflight-scale.ts and run with `node` in its own process, so its time and peak RSS are its own.
 * Runs the real preflight CLI (every rule, --subaccounts) with its Twilio traffic and URL probes
 * sent to the fake world named by argv (origin, account SID, auth token); prints one JSON line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { runPreflightCli } from '../../src/tooling/preflight/cli/run';
import { RedirectingRequestClient } from '../../test/fake-twilio/request-client';
import { compliantConfig } from '../../test/preflight/fixtures/config';

class CountingClient extends RedirectingRequestClient {
  static count = 0;
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

async function main(): Promise<void> {
  const [origin, accountSid, authToken] = process.argv.slice(2) as [string, string, string];
  const project = mkdtempSync(join(tmpdir(), 'preflight-scale-'));
  try {
    writeFileSync(join(project, 'hipaa.config.json'), JSON.stringify(compliantConfig(accountSid)));
    writeFileSync(join(project, '.env.deploy'), 'LEDGER_BACKEND=sync\n');
    mkdirSync(join(project, 'dist', 'functions', 'sms'), { recursive: true });
    mkdirSync(join(project, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(project, 'dist', 'functions', 'sms', 'inbound.protected.js'), 'exports.handler = () => {};\n');
    let stderr = '';
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    const outcome = await runPreflightCli(['--subaccounts', '--format', 'json'], {
      root: project,
      env: { ACCOUNT_SID: accountSid, AUTH_TOKEN: authToken },
      makeClient: (u, p, sid) => twilio(u, p, { accountSid: sid, httpClient: new CountingClient(origin) }),
      probeStatus: async (url) => {
        // Loopback only: the probe goes to the fake, never to the URL's host.
        const u = new URL(url);
        const res = await fetch(`${origin}${u.pathname}`, {
          method: 'HEAD',
          redirect: 'manual',
          headers: { 'x-fake-twilio-host': u.host },
        });
        return res.status;
      },
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
      isTTY: false,
      confirm: async () => false,
      toolVersion: 'bench',
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    const notPass: Record<string, number> = {};
    for (const r of outcome.report?.results ?? [])
      if (r.status !== 'pass' && r.status !== 'skip') notPass[`${r.status} ${r.id}`] = (notPass[`${r.status} ${r.id}`] ?? 0) + 1;
    process.stdout.write(
      `${JSON.stringify({
        wallMs,
        requests: CountingClient.count,
        cpuMs: (cpu.user + cpu.system) / 1000,
        busyMs: CountingClient.busyMs,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        heapMb: process.memoryUsage().heapUsed / 1048576,
        exitCode: outcome.exitCode,
        summary: outcome.report?.summary ?? null,
        notPass,
        stderr: stderr.trim().split('\n')[0] ?? '',
      })}\n`,
    );
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : 'preflight child failed'}\n`);
  process.exit(1);
});
