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

async function main(): Promise<void> {
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
