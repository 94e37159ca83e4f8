/**
 * `npm run bench [-- --only NAME] [--json] [--n N] ...`: every benchmark, each reporting ratios
 * against a baseline measured in the same run. Text for people on stdout; with `--json` the text
 * goes to stderr and stdout gets one JSON object with every figure. A bench that fails (a wrong
 * answer, a lost or duplicated send, a schema violation) exits 1. Loopback only; not a test.
 */
import { benchBulk } from './bulk';
import { benchColdStart } from './cold-start';
import { benchInboundLatency } from './inbound-latency';
import { benchPreflightScale } from './preflight-scale';
import { benchReminderThroughput } from './reminder-throughput';
import { allFigures, jsonMode, say } from './report';
import { benchSendCost } from './send-cost';
import { benchWebhookCost } from './webhook-cost';

const BENCHES: Record<string, () => Promise<void>> = {
  send: benchSendCost,
  webhook: benchWebhookCost,
  bulk: benchBulk,
  inbound: benchInboundLatency,
  preflight: benchPreflightScale,
  coldstart: benchColdStart,
  reminders: benchReminderThroughput,
};

const USAGE = `usage: npm run bench [-- --only NAME] [--json] [bench options]

Runs every benchmark (or --only one of: ${Object.keys(BENCHES).join(', ')}) against the fake Twilio API,
on loopback only; each reports counts and ratios against a baseline measured in the same run.

  --only NAME          one benchmark
  --json               stdout: one JSON object with every figure (the text goes to stderr)
  --n N                requests, sends or samples per row (each bench has its own default)
  --warmup N           unmeasured requests first (inbound, coldstart)
  --c N                concurrency (reminders, bulk)
  --chunk N            requests per interleaved chunk (reminders)
  --latency MS         injected latency per fake Twilio request (send, webhook, bulk)
  --state-shards N     STATE_SHARDS for the bulk bench (default 16)
  --ledger-shards N    LEDGER_SHARDS for the bulk bench (default 8)
  --help               this text

Exit 1 when a bench fails (a wrong answer, a duplicate or lost send, a schema violation).
See docs/benchmarks.md.
`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  const names = only ? [only] : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark (choose: ${Object.keys(BENCHES).join(', ')})`);
    say(`\n== ${name} ==`);
    await bench();
  }
  if (jsonMode) process.stdout.write(`${JSON.stringify(allFigures())}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : 'bench failed');
  process.exit(1);
});
