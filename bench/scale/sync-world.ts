/**
 * The bulk bench's fake Twilio world, in its own process so the fake's CPU (it checks every
 * request and response against Twilio's OpenAPI specs) is not the Function's: one Sync service with
 * the ledger identity set up, Messages. Protocol on stdin/stdout, one JSON line each way:
 * it prints `{origin, serviceSid, accountSid, authToken}`; the line `limits` turns on the latency and
 * Sync's per-object limits (answered `{"ok":true}`); end of stdin prints the figures and exits.
 *   node world.js <latencyMs> <ledgerShards> <secret>
 */
import { createInterface } from 'node:readline';
import type { LedgerSettings } from '../../src/runtime/ledger/factory';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { fakeTwilioClient, startFakeTwilio } from '../../test/fake-twilio';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../../test/helpers/env';

async function main(): Promise<void> {
  const [latency, ledgerShards, secret] = process.argv.slice(2) as [string, string, string];
  const fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, seed: 7 });
  const serviceSid = fake.sync.createService('state');
  const settings: LedgerSettings = { backend: 'sync', serviceSid, mapPrefix: 'optout-ledger', shards: Number(ledgerShards) };
  const init = await setUpLedger(settings, secret, () => fakeTwilioClient(fake), Date.now());
  if (init.kind === 'conflict') throw new Error('ledger identity conflict');
  process.stdout.write(`${JSON.stringify({ origin: fake.origin, serviceSid, accountSid: fake.accountSid, authToken: fake.authToken })}\n`);
  const cpuAtStart = process.cpuUsage();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() !== 'limits') return;
    fake.syncLimits.enable();
    fake.faults.latencyMs = Number(latency);
    process.stdout.write('{"ok":true}\n');
  });
  lines.on('close', () => {
    const stats = fake.syncLimits.stats;
    const creates: Record<string, number> = {};
    for (const r of fake.messages.requests()) creates[r.To ?? ''] = (creates[r.To ?? ''] ?? 0) + 1;
    const cpu = process.cpuUsage(cpuAtStart);
    process.stdout.write(
      `${JSON.stringify({
        refusedReads: stats.refusedReads,
        refusedWrites: stats.refusedWrites,
        byObject: Object.fromEntries(stats.byObject),
        counted: Object.fromEntries(stats.counted),
        creates,
        violations: fake.violations.length,
        cpuMs: (cpu.user + cpu.system) / 1000,
      })}\n`,
    );
    fake.takeViolations();
    void fake.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : 'world failed'}\n`);
  process.exit(1);
});
